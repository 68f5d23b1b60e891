#pragma once
// Flow stress vs strain rate, as Cao, Short & Yip analyse it: the strain-rate sensitivity
// m = dlog(tau)/dlog(gdot) over a range of rates, tau = A asinh(gdot / B) at low rates
// (stress-biased diffusion) and tau = -C [ln(D / gdot)]^(2/3) at high rates.
#include <vector>

namespace metabasin {

struct RateSensitivity {
  double m = 0.0;  // slope of log tau vs log gdot (NaN with fewer than 2 usable points)
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
  double C = 0.0, D = 0.0;  // GPa, 1/s (D > every rate fitted)
  double rms = 0.0;
  int points = 0;
  bool at_bound = false;    // D ended on the edge of its scan: the data do not determine it
};
LogPowerFit fit_log_power(const std::vector<double>& rate, const std::vector<double>& tau);

}  // namespace metabasin
