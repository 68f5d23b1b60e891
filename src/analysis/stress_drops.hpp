// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Stress drops of a stress-strain curve and the power law of their sizes (Cao, Short & Yip,
// PNAS 2019, Fig. 1C): the curve is smoothed by a running median over a strain bin (the study:
// 0.2 %), a drop is a maximal run of consecutive decreases of the smoothed stress, its size the
// stress lost over the run. The tail of the sizes is fitted by the continuous power-law maximum
// likelihood of Clauset, Shalizi & Newman (SIAM Rev. 51, 661 (2009)): p(x) ~ x^-alpha above
// x_min, alpha = 1 + n / sum ln(x_i / x_min), standard error (alpha - 1) / sqrt(n), x_min the
// size that minimizes the Kolmogorov-Smirnov distance between the tail and the fit. The CCDF
// P(size >= x) then falls as x^-(alpha - 1).
#include <cstddef>
#include <string>
#include <vector>

namespace metabasin {

/// The median of the samples whose strain lies within bin/2 of each sample's (a centred running
/// median; the strains ascending).
std::vector<double> running_median(const std::vector<double>& strain, const std::vector<double>& stress, double bin);

struct StressDrops {
  std::vector<double> smoothed;   // the running median, per sample
  std::vector<double> sizes;      // stress lost over each drop (same unit as the stress)
  std::vector<double> at_strain;  // strain where each drop starts
};

/// The drops of the curve after a running median over `bin` (0: no smoothing).
StressDrops stress_drops(const std::vector<double>& strain, const std::vector<double>& stress, double bin);

struct PowerLawTail {
  bool fitted = false;          // false: too few positive sizes, or all equal (`why_not` says)
  std::string why_not;
  double alpha = 0.0;           // density exponent
  double alpha_error = 0.0;     // its standard error
  double ccdf_exponent = 0.0;   // -(alpha - 1): the slope of log CCDF against log size
  double x_min = 0.0, x_max = 0.0;  // the fitted range (the tail's smallest and largest size)
  std::size_t tail = 0;         // sizes in the tail
  double ks_distance = 0.0;     // largest gap between the tail's CCDF and the fit's
};

/// The power-law fit of the tail (at least `min_tail` sizes in it); not fitted, saying why,
/// when fewer positive sizes than that are given or they are all equal.
PowerLawTail fit_power_law_tail(std::vector<double> sizes, std::size_t min_tail = 10);

}  // namespace metabasin
