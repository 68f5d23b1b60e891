#include "prefactor.hpp"

#include <algorithm>
#include <cmath>

#include "error.hpp"
#include "units.hpp"

namespace metabasin {

Eigen::MatrixXd numerical_hessian(ObjectiveFunction& f, const VectorXd& x, const std::vector<Eigen::Index>& active,
                                  double h) {
  const Eigen::Index n = static_cast<Eigen::Index>(active.size());
  Eigen::MatrixXd hess(n, n);
  VectorXd fp(x.size()), fm(x.size()), y = x;
  for (Eigen::Index a = 0; a < n; ++a) {
    const Eigen::Index k = active[a];
    y[k] = x[k] + h;
    f.evaluate(y, fp);
    y[k] = x[k] - h;
    f.evaluate(y, fm);
    y[k] = x[k];
    for (Eigen::Index b = 0; b < n; ++b) hess(b, a) = -(fp[active[b]] - fm[active[b]]) / (2.0 * h);
  }
  return 0.5 * (hess + hess.transpose());
}

namespace {
/// Sorted eigenvalues of the mass-weighted Hessian, in (1/ps)^2.
std::vector<double> squared_frequencies(const Eigen::MatrixXd& h, const VectorXd& m) {
  Eigen::MatrixXd w(h.rows(), h.cols());
  for (Eigen::Index i = 0; i < h.rows(); ++i)
    for (Eigen::Index j = 0; j < h.cols(); ++j) w(i, j) = h(i, j) / std::sqrt(m[i] * m[j]) * units::ftm2v;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(w, Eigen::EigenvaluesOnly);
  std::vector<double> v(es.eigenvalues().data(), es.eigenvalues().data() + es.eigenvalues().size());
  return v;
}
}  // namespace

double vineyard_prefactor(const Eigen::MatrixXd& h_min, const Eigen::MatrixXd& h_saddle, const VectorXd& masses,
                          int zero_modes) {
  auto wmin = squared_frequencies(h_min, masses), wsad = squared_frequencies(h_saddle, masses);
  auto drop_zero_modes = [&](std::vector<double>& w) {
    for (int z = 0; z < zero_modes && !w.empty(); ++z) {
      const auto it =
          std::min_element(w.begin(), w.end(), [](double a, double b) { return std::abs(a) < std::abs(b); });
      w.erase(it);
    }
  };
  drop_zero_modes(wmin);
  drop_zero_modes(wsad);
  if (wmin.empty() || wmin.front() <= 0.0)
    throw InputError("Vineyard prefactor: the minimum has a non-positive curvature");
  if (wsad.size() < 2 || wsad[0] >= 0.0 || wsad[1] <= 0.0)
    throw InputError("Vineyard prefactor: the saddle does not have exactly one negative curvature");
  // nu = prod sqrt(w_min) / prod sqrt(w_sad>0) / 2pi: half of the logs of the squares.
  double log_nu = 0.0;
  for (double w : wmin) log_nu += 0.5 * std::log(w);
  for (std::size_t k = 1; k < wsad.size(); ++k) log_nu -= 0.5 * std::log(wsad[k]);
  return std::exp(log_nu) / (2.0 * M_PI) * 1e12;  // 1/ps -> 1/s
}

}  // namespace metabasin
