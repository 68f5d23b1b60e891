// SPDX-License-Identifier: BSD-3-Clause
#include "tortuosity.hpp"

#include <algorithm>
#include <cmath>

namespace metabasin {

TortuositySummary tortuosity_summary(const std::vector<double>& end_to_end, const std::vector<double>& contour) {
  TortuositySummary s;
  std::vector<double> log_l, log_c, ratios;
  for (std::size_t k = 0; k < std::min(end_to_end.size(), contour.size()); ++k) {
    const double l = end_to_end[k], c = contour[k];
    // A path of no length has no shape (its ends are one state): nothing to fit.
    if (!(l > 0.0 && c > 0.0 && std::isfinite(l) && std::isfinite(c))) continue;
    log_l.push_back(std::log(l));
    log_c.push_back(std::log(c));
    ratios.push_back(c / l);
  }
  s.paths = static_cast<int>(ratios.size());
  if (ratios.empty()) return s;
  s.ratio_median = median(ratios);
  s.ratio_max = *std::max_element(ratios.begin(), ratios.end());
  s.log_fit = linear_fit(log_l, log_c);
  // linear_fit leaves slope 0 when the L do not spread (or one path): that is no exponent.
  const bool spread = *std::max_element(log_l.begin(), log_l.end()) > *std::min_element(log_l.begin(), log_l.end());
  if (s.paths >= 2 && spread) {
    s.delta = s.log_fit.slope;
    s.delta_standard_error = s.log_fit.slope_standard_error;
    s.prefactor = std::exp(s.log_fit.intercept);
  }
  return s;
}

}  // namespace metabasin
