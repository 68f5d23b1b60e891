#include "lanczos.hpp"

#include <random>
#include <vector>

namespace metabasin {

void project_out_fixed_modes(VectorXd& v, const LanczosParams& p) {
  const Eigen::Index n = v.size() / 3;
  if (p.dimension == 2)
    for (Eigen::Index i = 0; i < n; ++i) v[3 * i + 2] = 0.0;
  if (p.remove_translations && n > 1)
    for (int d = 0; d < p.dimension; ++d) {
      double mean = 0.0;
      for (Eigen::Index i = 0; i < n; ++i) mean += v[3 * i + d];
      mean /= static_cast<double>(n);
      for (Eigen::Index i = 0; i < n; ++i) v[3 * i + d] -= mean;
    }
}

VectorXd admissible_direction(VectorXd v, const LanczosParams& p) {
  project_out_fixed_modes(v, p);
  const double norm = v.norm();
  if (norm > 0.0) v /= norm;
  return v;
}

Eigenpair lowest_eigenpair(ObjectiveFunction& f, const VectorXd& x, const VectorXd& force, const VectorXd& guess,
                           const LanczosParams& p, unsigned seed) {
  const Eigen::Index n = x.size();
  VectorXd q = guess;
  if (q.size() != n || q.norm() == 0.0) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    q.resize(n);
    for (Eigen::Index k = 0; k < n; ++k) q[k] = normal(rng);
  }
  q = admissible_direction(q, p);
  std::vector<VectorXd> basis;
  std::vector<double> alpha, beta;
  VectorXd displaced_force(n);
  Eigenpair result;
  double previous = 0.0;
  for (int k = 0; k < p.max_iterations; ++k) {
    basis.push_back(q);
    f.evaluate(x + p.finite_difference * q, displaced_force);
    ++result.force_calls;
    VectorXd w = -(displaced_force - force) / p.finite_difference;
    project_out_fixed_modes(w, p);
    alpha.push_back(q.dot(w));
    // Full re-orthogonalization: the basis is small and finite differences add noise.
    for (const auto& b : basis) w -= b.dot(w) * b;
    for (const auto& b : basis) w -= b.dot(w) * b;
    const int m = static_cast<int>(alpha.size());
    Eigen::MatrixXd t = Eigen::MatrixXd::Zero(m, m);
    for (int i = 0; i < m; ++i) {
      t(i, i) = alpha[i];
      if (i + 1 < m) t(i, i + 1) = t(i + 1, i) = beta[i];
    }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(t);
    const double theta = es.eigenvalues()[0];
    result.value = theta;
    result.vector = VectorXd::Zero(n);
    for (int i = 0; i < m; ++i) result.vector += es.eigenvectors()(i, 0) * basis[i];
    result.vector.normalize();
    if (k > 0 && std::abs(theta - previous) <= p.tolerance * std::abs(theta)) {
      result.converged = true;
      break;
    }
    previous = theta;
    const double b = w.norm();
    if (b < 1e-10) {  // invariant subspace: theta is exact
      result.converged = true;
      break;
    }
    beta.push_back(b);
    q = w / b;
  }
  return result;
}

}  // namespace metabasin
