// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Small least-squares fits used to summarize runs.
#include <limits>
#include <vector>

namespace metabasin {

struct LinearFit {
  double slope = 0.0, intercept = 0.0;
  // From the residuals; NaN with fewer than 3 points (two fix a line, not its scatter).
  double slope_standard_error = std::numeric_limits<double>::quiet_NaN();
  int points = 0;
};
LinearFit linear_fit(const std::vector<double>& x, const std::vector<double>& y);

/// The median: the middle value, or the mean of the two middle values of an even count; NaN
/// for none.
double median(std::vector<double> values);

/// Where steady flow is taken to start: the fraction of a run's final strain from which its
/// stress is averaged into the flow stress (the last 30 % of the run). The one default every
/// strain-rate task and the sweep use (sweep.steady_from overrides it for a sweep); each
/// writes the strain it used ("flow_stress_from_strain") next to the flow stress.
inline constexpr double kSteadyFlowFraction = 0.7;
inline double steady_flow_start(double final_strain) { return kSteadyFlowFraction * final_strain; }

/// Steady-state flow stress: the mean stress over the points at strain >= from (NaN if none).
double flow_stress(const std::vector<double>& strain, const std::vector<double>& stress, double from);

/// Peak (yield) stress: the largest mean stress over strain bins [k bin, (k + 1) bin); NaN
/// stresses are skipped (NaN if no bin has a value). Averaging over a bin tames the scatter
/// of single inherent structures in small samples.
double peak_stress(const std::vector<double>& strain, const std::vector<double>& stress, double bin);

/// Glass transition from a cooling curve: the break point of the continuous two-line fit
/// of y(x) (volume or energy vs temperature) with the smallest squared residual.
double two_line_break_point(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace metabasin
