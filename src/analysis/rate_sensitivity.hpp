// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Flow stress vs strain rate, as Cao, Short & Yip analyse it: the strain-rate sensitivity
// m = dlog(tau)/dlog(gdot) over a range of rates, tau = A asinh(gdot / B) at low rates
// (stress-biased diffusion) and tau = tau_c - C [ln(D / gdot)]^(2/3) at high rates. The study
// writes the latter "tau ∝ -C [ln(D/gdot)]^(2/3)"; its derivation (gdot = D exp(-E/kT) with
// E = E0 (1 - tau/tau_c)^(3/2)) gives the offset tau_c, without which the law could not rise
// with rate, and C = tau_c (kT/E0)^(2/3).
#include <string>
#include <vector>

namespace metabasin {

struct RateSensitivity {
  double m = 0.0;  // slope of log tau vs log gdot (NaN with fewer than 2 usable points)
  double standard_error = 0.0;  // of m, from the scatter about the line (NaN with fewer than 3)
  int points = 0;  // points with gdot in [lo, hi] and tau > 0
};
RateSensitivity rate_sensitivity(const std::vector<double>& rate, const std::vector<double>& tau, double lo, double hi);

struct AsinhFit {
  double A = 0.0, B = 0.0;  // GPa, 1/s
  double rms = 0.0;         // GPa
  int points = 0;
  bool at_bound = false;    // B ended on the edge of its scan: the data do not determine it
};
/// Least squares over B (log scan then golden section) with A linear; needs 2 points.
AsinhFit fit_asinh(const std::vector<double>& rate, const std::vector<double>& tau);

struct LogPowerFit {
  double tau_c = 0.0;       // GPa: the athermal threshold, approached as gdot -> D
  double C = 0.0, D = 0.0;  // GPa, 1/s (D > every rate fitted)
  double rms = 0.0;
  int points = 0;
  bool at_bound = false;    // D ended on the edge of its scan: the data do not determine it
};
/// Least squares over D with tau_c and C linear; needs 3 points.
LogPowerFit fit_log_power(const std::vector<double>& rate, const std::vector<double>& tau);

/// The metadynamics rate law gdot = gdot0 exp(-(1 - a) Q0 / kT) calibrated against MD at
/// overlapping stresses (flow or peak, the same kind for both): the 2/3 law fitted to the MD
/// points gives each metadynamics point whose stress lies inside the MD points' range the rate
/// MD would need for it,
/// gdot_eff = D exp(-((tau_c - tau)/C)^(3/2)); a straight line through ln gdot_eff vs Q0 gives
/// ln gdot0 (intercept) and (1 - a)/kT (minus the slope).
struct RateLawCalibration {
  double rate_prefactor = 0.0;  // gdot0 (1/s), NaN when not calibrated
  double a = 0.0;               // a(T), NaN when not calibrated
  int points = 0;               // metadynamics points used
  double rms_log10 = 0.0;       // scatter of log10 gdot_eff about the line
  std::vector<double> q0, effective_rate;  // the points used
  bool md_law_at_bound = false; // the 2/3 law's D lay on the edge of its scan: the MD points barely fix the mapping
  std::string why_not;          // empty when calibrated
};
RateLawCalibration calibrate_rate_law(const std::vector<double>& md_rate, const std::vector<double>& md_tau,
                                      const std::vector<double>& q0, const std::vector<double>& tau,
                                      double temperature);

}  // namespace metabasin
