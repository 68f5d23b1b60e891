// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Tortuosity of minimum energy paths (Liu & Fan, PRL 2021, Fig. 3c): each path's contour
// length C against its end-to-end length L in configuration space. A straight path has
// C/L = 1; the study finds C/L of 1-2 at zero load and up to 5 under shear, and across the
// paths C ~ L^delta with delta ~ 1.42 (least squares of ln C on ln L).
#include <limits>
#include <vector>

#include "fits.hpp"

namespace metabasin {

struct TortuositySummary {
  int paths = 0;                                            // (L, C) pairs with both positive and finite: those fitted
  LinearFit log_fit;                                        // ln C = ln a + delta ln L (C, L in A)
  double delta = std::numeric_limits<double>::quiet_NaN();  // fewer than 2 paths or one L: NaN
  double delta_standard_error = std::numeric_limits<double>::quiet_NaN();  // fewer than 3: NaN
  double prefactor = std::numeric_limits<double>::quiet_NaN();             // a, A^(1 - delta)
  double ratio_median = std::numeric_limits<double>::quiet_NaN();          // C/L
  double ratio_max = std::numeric_limits<double>::quiet_NaN();
};

/// The fit C = a L^delta and the C/L distribution of paths (end_to_end[k], contour[k]).
TortuositySummary tortuosity_summary(const std::vector<double>& end_to_end, const std::vector<double>& contour);

}  // namespace metabasin
