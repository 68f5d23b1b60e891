// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Activation volume from the stress boost of ageing (Liu & Fan, PRL 2021, Eq. 1 and Fig. 2b):
// the ratio f = Phi^L / Phi^0 of the ageing rates with and without a shear stress tau follows
//   f = kappa* cosh(tau V_act / k_B T)
// when the stress lowers the barriers of the events aligned with it by tau V_act and raises
// those against it by as much; the study finds V_act ~ 60 A^3. kappa* and V_act are fitted by
// weighted nonlinear least squares on f (Levenberg-Marquardt on the two parameters, started
// from the best V_act of a scan on which kappa* is solved exactly). Points may come from
// several temperatures: each carries its own T, and one V_act is fitted to all of them.
// cosh is even, so only |V_act| can be known: V_act is reported >= 0.
#include <cstddef>
#include <limits>
#include <vector>

namespace metabasin {

struct BoostPoint {
  double stress = 0.0;       // tau, GPa
  double temperature = 0.0;  // T, K
  double boost = 0.0;        // f, dimensionless, > 0
  // Standard error of f; NaN when unknown (then for every point: the fit is unweighted).
  double error = std::numeric_limits<double>::quiet_NaN();
};

struct BoostFitParams {
  int max_iterations = 200;  // Levenberg-Marquardt steps
};

enum class BoostFitStatus {
  fitted,          // converged: the values and errors below hold
  too_few_points,  // fewer than 3 points, or fewer than 2 distinct tau/T: nothing to fit or judge the fit by
  not_converged,   // max_iterations reached: the values are the last iterate
};
const char* to_string(BoostFitStatus status);

struct BoostFit {
  BoostFitStatus status = BoostFitStatus::too_few_points;
  std::size_t points = 0;
  bool weighted = false;  // every point carried an error
  int iterations = 0;
  double prefactor = std::numeric_limits<double>::quiet_NaN();          // kappa*
  double activation_volume = std::numeric_limits<double>::quiet_NaN();  // V_act, A^3, >= 0
  // Standard errors from the covariance (J^T W J)^-1, times the reduced chi-square when the
  // points carry no errors (it then estimates their variance). The error of V_act is infinite
  // when the best V_act is 0: cosh is flat there and a linearized error says nothing.
  double prefactor_error = std::numeric_limits<double>::quiet_NaN();
  double activation_volume_error = std::numeric_limits<double>::quiet_NaN();
  double correlation = std::numeric_limits<double>::quiet_NaN();  // of kappa* and V_act
  // sum ((f - fit) / error)^2 / (points - 2); without errors the residual variance of f.
  double reduced_chi_square = std::numeric_limits<double>::quiet_NaN();
};

/// Eq. 1: kappa* cosh(tau V_act / k_B T), tau in GPa, T in K, V_act in A^3.
double cosh_boost(double stress, double temperature, double prefactor, double activation_volume);

/// The fit of Eq. 1 to `points`. InputError naming the point for a non-finite stress, a
/// temperature or boost that is not positive and finite, or errors given for some points only
/// or not positive. Too few points is a status, not an error.
BoostFit fit_activation_volume(const std::vector<BoostPoint>& points, const BoostFitParams& params = {});

}  // namespace metabasin
