// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// One point of a strain-rate sweep and the narrow interface that runs it. The sweep plans its
// points, asks a `SweepPointRunner` for each one's typed result, and aggregates, fits and
// calibrates from those results alone; so tests drive the whole analysis with a fake runner
// (an analytic stress(rate) law) instead of MD (compare `RateModel` in kmc.hpp).
#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace metabasin {

/// The method that runs a point: MD (task shear) at the top rates, metadynamics or KMC below.
enum class SweepMethod { md, metadynamics, kmc };
/// The task name the records and outputs use: "shear", "metadynamics", "kmc".
const char* to_string(SweepMethod m);

struct SweepPoint {
  SweepMethod method = SweepMethod::md;
  double rate = 0.0;            // 1/s: nominal strain rate (metadynamics: the rate Q0 stands for)
  double q0 = std::nan("");     // eV, metadynamics points only
  int replica = 0;              // runs of one rate differ by their seeds only
  std::string id;               // file stem in sweep.directory
};

/// What a run of one point gave: its stress-strain series (tau = -P_xy) and its cost, or the
/// error that stopped it. The sweep computes flow and peak stresses from the series itself,
/// so a new averaging window needs no new runs.
struct SweepPointResult {
  std::string error;                      // empty when the run finished
  std::vector<double> strain, stress;     // the run's table: shear stress (GPa) vs strain
  std::vector<double> inherent_strain, inherent_stress;  // its inherent structures (empty: none kept)
  double run_flow_stress = std::nan("");  // GPa, the run's own (its default window); NaN if failed
  long force_calls = 0;
  double wall_seconds = 0.0;              // s
  std::string table;                      // where the series is stored (empty for none)
  bool failed() const { return !error.empty(); }
};

class SweepPointRunner {
 public:
  virtual ~SweepPointRunner() = default;
  /// The result of a point finished by an earlier run of the sweep (kept, not run again).
  virtual std::optional<SweepPointResult> finished(const SweepPoint& p) = 0;
  /// Runs the point; a point its method cannot run comes back with `error` set.
  virtual SweepPointResult run(const SweepPoint& p) = 0;
  /// The point's result once every MPI rank has run its share (failed ones included).
  virtual SweepPointResult recorded(const SweepPoint& p) = 0;
};

}  // namespace metabasin
