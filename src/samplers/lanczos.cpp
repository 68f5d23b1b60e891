// SPDX-License-Identifier: BSD-3-Clause
#include "lanczos.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

namespace metabasin {

namespace {

// Gram-Schmidt in order; a vector left with less than 1e-8 of its own length (dependent on
// the ones before, or zero, e.g. the rotation of a single atom) is dropped.
Eigen::MatrixXd orthonormal_columns(std::vector<VectorXd> vectors, Eigen::Index rows) {
  std::vector<VectorXd> basis;
  for (auto& v : vectors) {
    const double length = v.norm();
    for (const auto& b : basis) v -= b.dot(v) * b;
    if (v.norm() > 1e-8 * length) basis.push_back(v.normalized());
  }
  Eigen::MatrixXd out(rows, static_cast<Eigen::Index>(basis.size()));
  for (std::size_t k = 0; k < basis.size(); ++k) out.col(static_cast<Eigen::Index>(k)) = basis[k];
  return out;
}

}  // namespace

void project_out_fixed_modes(VectorXd& v, const LanczosParams& p) {
  if (p.moving.size() == v.size()) v = v.cwiseProduct(p.moving);
  if (p.zero_modes.cols() > 0 && p.zero_modes.rows() == v.size()) v -= p.zero_modes * (p.zero_modes.transpose() * v);
}

Eigen::MatrixXd rigid_body_modes(const VectorXd& x, int dimension, bool translations, bool rotations) {
  const Eigen::Index n = x.size() / dimension;
  std::vector<VectorXd> modes;
  if (translations)
    for (int d = 0; d < dimension; ++d) {
      VectorXd t = VectorXd::Zero(x.size());
      for (Eigen::Index i = 0; i < n; ++i) t[dimension * i + d] = 1.0;
      modes.push_back(t);
    }
  if (rotations) {
    const auto position = [&](Eigen::Index i) {
      Vec3 r = Vec3::Zero();
      for (int d = 0; d < dimension; ++d) r[d] = x[dimension * i + d];
      return r;
    };
    Vec3 centre = Vec3::Zero();
    for (Eigen::Index i = 0; i < n; ++i) centre += position(i);
    centre /= static_cast<double>(n);
    const int axes = dimension == 2 ? 1 : 3;
    for (int a = 0; a < axes; ++a) {
      const Vec3 axis = dimension == 2 ? Vec3(0, 0, 1) : Vec3::Unit(a);
      VectorXd r(x.size());
      for (Eigen::Index i = 0; i < n; ++i) {
        const Vec3 v = axis.cross(position(i) - centre);
        for (int d = 0; d < dimension; ++d) r[dimension * i + d] = v[d];
      }
      modes.push_back(r);
    }
  }
  return orthonormal_columns(std::move(modes), x.size());
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
    // Atoms in 2D: three draws per atom, z's dropped, the start 3N coordinates would have had.
    const int d = f.dimension(), drawn = d == 2 ? 3 : d;
    for (Eigen::Index k = 0; k < n; k += d)
      for (int j = 0; j < drawn; ++j) {
        const double value = normal(rng);
        if (j < d) q[k + j] = value;
      }
  }
  q = admissible_direction(q, p);
  std::vector<VectorXd> basis;
  std::vector<double> alpha, beta;
  VectorXd displaced_force(n);
  Eigenpair result;
  VectorXd ritz;  // the lowest eigenvector of the tridiagonal matrix, in the Lanczos basis
  double previous = 0.0, scale = 0.0;
  for (int k = 0; k < p.max_iterations; ++k) {
    basis.push_back(q);
    f.evaluate_force(x + p.finite_difference * q, displaced_force);
    ++result.force_calls;
    VectorXd w = -(displaced_force - force) / p.finite_difference;
    project_out_fixed_modes(w, p);
    alpha.push_back(q.dot(w));
    // Full re-orthogonalization: the basis is small and finite differences add noise.
    for (const auto& b : basis) w -= b.dot(w) * b;
    for (const auto& b : basis) w -= b.dot(w) * b;
    project_out_fixed_modes(w, p);
    scale = std::max(scale, std::abs(alpha.back()));
    const int m = static_cast<int>(alpha.size());
    Eigen::MatrixXd t = Eigen::MatrixXd::Zero(m, m);
    for (int i = 0; i < m; ++i) {
      t(i, i) = alpha[i];
      if (i + 1 < m) t(i, i + 1) = t(i + 1, i) = beta[i];
    }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(t);
    const double theta = es.eigenvalues()[0];
    result.value = theta;
    ritz = es.eigenvectors().col(0);
    if (theta < p.stop_below) break;
    const double reference = k > 0 ? previous : p.held_value;  // NaN compares false
    if (std::abs(theta - reference) <= p.tolerance * std::abs(theta)) {
      result.converged = true;
      break;
    }
    previous = theta;
    const double b = w.norm();
    // Invariant subspace (e.g. a small system whose free coordinates the basis already spans):
    // theta is exact, and what is left of w is round-off, which must not become a direction.
    if (b <= 1e-8 * scale) {
      result.converged = true;
      break;
    }
    beta.push_back(b);
    q = w / b;
  }
  // The Ritz vector once, at the end: built at every iteration it cost another k passes over
  // the whole configuration per force call (a quarter of what re-orthogonalizing costs).
  if (ritz.size() > 0) {
    result.vector = VectorXd::Zero(n);
    for (Eigen::Index i = 0; i < ritz.size(); ++i) result.vector += ritz[i] * basis[static_cast<std::size_t>(i)];
    result.vector.normalize();
  }
  return result;
}

LanczosParams deflated(LanczosParams p, const std::vector<VectorXd>& lower, Eigen::Index size) {
  if (lower.empty()) return p;
  std::vector<VectorXd> columns;
  if (p.zero_modes.rows() == size)
    for (Eigen::Index k = 0; k < p.zero_modes.cols(); ++k) columns.push_back(p.zero_modes.col(k));
  columns.insert(columns.end(), lower.begin(), lower.end());
  p.zero_modes = orthonormal_columns(std::move(columns), size);
  return p;
}

Eigenpair next_eigenpair(ObjectiveFunction& f, const VectorXd& x, const VectorXd& force,
                         const std::vector<VectorXd>& lower, LanczosParams p, unsigned seed) {
  return lowest_eigenpair(f, x, force, VectorXd(), deflated(std::move(p), lower, x.size()), seed);
}

}  // namespace metabasin
