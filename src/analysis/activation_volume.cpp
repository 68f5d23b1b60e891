// SPDX-License-Identifier: BSD-3-Clause
#include "activation_volume.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <string>

#include "error.hpp"
#include "units.hpp"

namespace metabasin {

namespace {

// The points as the model sees them: f_i = kappa cosh(s_i V) with s_i = tau_i / k_B T_i in
// 1/A^3 (tau converted from GPa to eV/A^3), weights 1/error^2 or 1.
struct BoostProblem {
  std::vector<double> s, f, w;
};

struct Step {
  Eigen::Matrix2d normal;    // J^T W J
  Eigen::Vector2d gradient;  // J^T W r, r = f - model
};

double per_activation_volume(double stress, double temperature) {
  return stress / units::ev_per_a3_to_gpa / (units::boltz * temperature);
}

bool weighted_points(const std::vector<BoostPoint>& points) {
  std::size_t with_error = 0;
  for (std::size_t k = 0; k < points.size(); ++k) {
    const BoostPoint& p = points[k];
    const std::string where = "boost point " + std::to_string(k) + ": ";
    if (!std::isfinite(p.stress)) throw InputError(where + "the stress is not finite");
    if (!(std::isfinite(p.temperature) && p.temperature > 0.0))
      throw InputError(where + "the temperature must be positive (K)");
    if (!(std::isfinite(p.boost) && p.boost > 0.0)) throw InputError(where + "the boost factor must be positive");
    if (std::isnan(p.error)) continue;
    if (!(std::isfinite(p.error) && p.error > 0.0)) throw InputError(where + "the error must be positive");
    ++with_error;
  }
  if (with_error != 0 && with_error != points.size())
    throw InputError("boost points: " + std::to_string(with_error) + " of " + std::to_string(points.size()) +
                     " carry an error; give one for every point or for none");
  return with_error != 0 && !points.empty();
}

double chi_square(const BoostProblem& p, double kappa, double v) {
  double sum = 0.0;
  for (std::size_t i = 0; i < p.s.size(); ++i) {
    const double r = p.f[i] - kappa * std::cosh(p.s[i] * v);
    sum += p.w[i] * r * r;
  }
  return sum;
}

// At fixed V the model is linear in kappa: its best value in closed form.
double best_prefactor(const BoostProblem& p, double v) {
  double fc = 0.0, cc = 0.0;
  for (std::size_t i = 0; i < p.s.size(); ++i) {
    const double c = std::cosh(p.s[i] * v);
    fc += p.w[i] * p.f[i] * c;
    cc += p.w[i] * c * c;
  }
  return fc / cc;
}

// The V of smallest chi-square (kappa solved) over |s| V up to 50 (cosh 50 ~ 3e21, beyond any
// measured boost): a start in the basin of the global minimum, which LM alone need not find.
double scan_start(const BoostProblem& p) {
  double s_max = 0.0;
  for (double s : p.s) s_max = std::max(s_max, std::abs(s));
  const int n = 2000;
  double best_v = 0.0, best = chi_square(p, best_prefactor(p, 0.0), 0.0);
  for (int k = 1; k <= n; ++k) {
    const double v = 50.0 / s_max * k / n, chi2 = chi_square(p, best_prefactor(p, v), v);
    if (chi2 < best) {
      best = chi2;
      best_v = v;
    }
  }
  return best_v;
}

// |s| counted once within rounding (0.2 GPa at 300 K is 0.4 GPa at 600 K): cosh sees no sign.
std::size_t distinct_magnitudes(const std::vector<double>& s) {
  std::vector<double> m;
  for (double x : s) m.push_back(std::abs(x));
  std::sort(m.begin(), m.end());
  std::size_t count = m.empty() ? 0 : 1;
  for (std::size_t k = 1; k < m.size(); ++k)
    if (m[k] > m[k - 1] * (1.0 + 1e-9)) ++count;
  return count;
}

Step linearize(const BoostProblem& p, double kappa, double v) {
  Step st;
  st.normal.setZero();
  st.gradient.setZero();
  for (std::size_t i = 0; i < p.s.size(); ++i) {
    const Eigen::Vector2d j(std::cosh(p.s[i] * v), kappa * p.s[i] * std::sinh(p.s[i] * v));
    st.normal += p.w[i] * j * j.transpose();
    st.gradient += p.w[i] * j * (p.f[i] - kappa * std::cosh(p.s[i] * v));
  }
  return st;
}

// Levenberg-Marquardt from (kappa, v); true when it converged. A point from which no damping
// lowers chi-square is a minimum to machine precision and counts as converged.
bool levenberg_marquardt(const BoostProblem& p, double& kappa, double& v, int max_iterations, int& iterations) {
  double lambda = 1e-3, chi2 = chi_square(p, kappa, v);
  for (iterations = 0; iterations < max_iterations; ++iterations) {
    const Step st = linearize(p, kappa, v);
    for (;;) {
      Eigen::Matrix2d damped = st.normal;
      damped.diagonal() *= 1.0 + lambda;
      // Rank-deficient at V = 0 (dcosh/dV = 0): the decomposition leaves that direction alone.
      const Eigen::Vector2d delta = damped.completeOrthogonalDecomposition().solve(st.gradient);
      const double k_new = kappa + delta[0], v_new = v + delta[1], chi2_new = chi_square(p, k_new, v_new);
      if (std::isfinite(chi2_new) && chi2_new <= chi2) {
        const bool small =
            std::abs(delta[0]) <= 1e-10 * std::abs(kappa) && std::abs(delta[1]) <= 1e-10 * (std::abs(v) + 1e-6);
        kappa = k_new;
        v = v_new;
        chi2 = chi2_new;
        lambda = std::max(lambda / 10.0, 1e-12);
        if (small) return true;
        break;
      }
      lambda *= 10.0;
      if (lambda > 1e16) return true;
    }
  }
  return false;
}

// Standard errors and correlation from (J^T W J)^-1, scaled by `scale`.
void fill_errors(const BoostProblem& p, BoostFit& fit, double v, double scale) {
  const Eigen::Matrix2d a = linearize(p, fit.prefactor, v).normal;
  const double det = a.determinant();
  if (!(std::abs(det) > 1e-14 * a(0, 0) * a(1, 1)) || a(1, 1) == 0.0) {
    fit.prefactor_error = std::sqrt(scale / a(0, 0));  // with V held at 0
    fit.activation_volume_error = std::numeric_limits<double>::infinity();
    return;
  }
  const Eigen::Matrix2d cov = a.inverse() * scale;
  fit.prefactor_error = std::sqrt(cov(0, 0));
  fit.activation_volume_error = std::sqrt(cov(1, 1));
  // Reported V is |V|: the correlation changes sign with it.
  fit.correlation = cov(0, 1) / (fit.prefactor_error * fit.activation_volume_error) * (v < 0.0 ? -1.0 : 1.0);
}

}  // namespace

const char* to_string(BoostFitStatus status) {
  switch (status) {
    case BoostFitStatus::fitted:
      return "fitted";
    case BoostFitStatus::too_few_points:
      return "too few points (at least 3, at 2 distinct tau/T)";
    case BoostFitStatus::not_converged:
      return "did not converge";
  }
  return "unknown";
}

double cosh_boost(double stress, double temperature, double prefactor, double activation_volume) {
  return prefactor * std::cosh(per_activation_volume(stress, temperature) * activation_volume);
}

BoostFit fit_activation_volume(const std::vector<BoostPoint>& points, const BoostFitParams& params) {
  BoostFit fit;
  fit.weighted = weighted_points(points);
  fit.points = points.size();
  BoostProblem p;
  for (const BoostPoint& q : points) {
    p.s.push_back(per_activation_volume(q.stress, q.temperature));
    p.f.push_back(q.boost);
    p.w.push_back(fit.weighted ? 1.0 / (q.error * q.error) : 1.0);
  }
  if (points.size() < 3 || distinct_magnitudes(p.s) < 2) return fit;

  double v = scan_start(p), kappa = best_prefactor(p, v);
  const bool converged = levenberg_marquardt(p, kappa, v, params.max_iterations, fit.iterations);
  fit.status = converged ? BoostFitStatus::fitted : BoostFitStatus::not_converged;
  fit.prefactor = kappa;
  fit.activation_volume = std::abs(v);
  const double dof = static_cast<double>(points.size() - 2);
  fit.reduced_chi_square = chi_square(p, kappa, v) / dof;
  fill_errors(p, fit, v, fit.weighted ? 1.0 : fit.reduced_chi_square);
  return fit;
}

}  // namespace metabasin
