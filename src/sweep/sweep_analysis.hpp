// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The sweep without its runs: the plan of points (rates, Q0s, replicas, method per point) and
// the analysis of their results (replica means, the rate sensitivity m per regime, the study's
// two fits, the gdot0 / a calibration of the metadynamics rate law). Pure functions of typed
// inputs, tested with fake runners.
#include <string>
#include <vector>

#include "rate_sensitivity.hpp"
#include "sweep_point.hpp"

namespace metabasin {

struct SweepPlanParams {
  std::vector<double> rates;     // 1/s (sweep.rates)
  std::vector<double> q0;        // eV (sweep.q0): metadynamics points given by their barrier
  double md_above = 0.0;         // 1/s: MD at and above, the slow method below
  SweepMethod slow_method = SweepMethod::metadynamics;
  double rate_prefactor = 0.0;   // gdot0 (1/s) of the metadynamics rate law
  double a = 0.0;                // a(T) of that law
  double temperature = 0.0;      // K
  int replicas = 1;              // runs per rate, seeds shifted by the replica
};
/// Every point, fastest first, each rate `replicas` times; InputError for rates or barriers
/// the methods cannot run and for a rate given twice.
std::vector<SweepPoint> plan_sweep(const SweepPlanParams& p);

struct SweepAnalysisParams {
  double temperature = 0.0;      // K
  double steady_from = 0.0;      // strain from which a run's stress is its flow stress
  double peak_bin = 0.0;         // strain bin of the peak stress
  double fit_split = 0.0;        // 1/s: asinh below, 2/3 law at and above; 0: split by method
  std::vector<double> regimes;   // ascending rate boundaries; empty: one regime per method
  bool calibrate_with_peak = false;  // calibrate by peak stresses instead of flow stresses
};

/// The stresses of one run (NaN when it failed or has no samples in the window).
struct RunStresses {
  double flow = std::nan(""), flow_inherent = std::nan(""), peak_inherent = std::nan("");
};

/// One rate: the mean over its replicas with the standard error of that mean.
struct RateRow {
  double rate = 0.0;  // 1/s
  SweepMethod method = SweepMethod::md;
  double q0 = std::nan("");
  double flow = 0.0, flow_sem = 0.0, flow_inherent = 0.0, peak = 0.0, peak_sem = 0.0;  // GPa
  int replicas = 0;   // runs with a flow stress
  long force_calls = 0;
  double wall_seconds = 0.0;
};

/// A rate left out of a log-log fit of m, and why (a logarithm needs tau > 0).
struct LeftOutRate {
  double rate = 0.0, stress = 0.0;  // 1/s, GPa (NaN: no value)
  std::string reason;
};

/// m = dlog tau / dlog gdot over one regime: a method's points, or a range of rates.
struct RegimeSensitivity {
  std::string method;  // the method whose points it holds; empty for a range of sweep.regimes
  double from_rate = 0.0, to_rate = 0.0;  // 1/s
  RateSensitivity flow, peak;
  std::vector<LeftOutRate> flow_left_out, peak_left_out;
};

struct SweepAnalysis {
  std::vector<RunStresses> runs;  // one per point
  std::vector<RateRow> rates;     // one per rate, fastest first
  std::vector<RegimeSensitivity> regimes;
  AsinhFit low;                   // tau = A asinh(gdot / B) below the split
  LogPowerFit high;               // tau = tau_c - C [ln(D / gdot)]^(2/3) above it
  RateLawCalibration calibration;
};

RunStresses run_stresses(const SweepPointResult& r, double steady_from, double peak_bin);
/// Replicas of a rate follow each other in `points` (as planned): one row per rate.
std::vector<RateRow> aggregate_replicas(const std::vector<SweepPoint>& points, const std::vector<SweepPointResult>& results,
                                        const std::vector<RunStresses>& runs);
/// m per regime: per sweep.regimes range if given, else per method that ran points.
std::vector<RegimeSensitivity> regime_sensitivities(const std::vector<RateRow>& rates, const std::vector<double>& regimes);
SweepAnalysis analyse_sweep(const SweepAnalysisParams& p, const std::vector<SweepPoint>& points,
                            const std::vector<SweepPointResult>& results);

}  // namespace metabasin
