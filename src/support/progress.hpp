// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Progress of a long run on stderr: fraction done, elapsed time and an ETA from the rate so
// far, at most every few seconds, so a user can tell a slow run from a hung one. A run that
// ends before the first interval prints nothing (many short ones, such as the KMC's local
// re-evaluations, stay quiet); one that printed gets a last line at the end. Only MPI rank 0
// prints; ranks report their own share through `label`.
#include <chrono>
#include <string>

namespace metabasin {

class Progress {
 public:
  /// `label` starts each line ("metadynamics", "sweep point 3 of 8"); `total` is in the run's
  /// own unit (steps, strain, searches); `every_seconds` spaces the lines out (0: a line at
  /// every update). `first`: where a resumed run starts, so the ETA counts this session's pace.
  Progress(std::string label, double total, double every_seconds = 5.0, double first = 0.0);
  /// Reports `done` of the total, with an optional detail ("strain 0.012, tau 0.41 GPa").
  void update(double done, const std::string& detail = "");
  /// The last line, whatever the spacing, if any line was printed.
  void finish(const std::string& detail = "");

  /// "1h02m", "3m05s", "12s": the form every progress line uses.
  static std::string duration(double seconds);

 private:
  void print(double done, const std::string& detail);
  std::string label_;
  double total_, every_, first_;
  std::chrono::steady_clock::time_point start_, last_;
  bool printed_ = false;
  double done_ = 0.0;
};

}  // namespace metabasin
