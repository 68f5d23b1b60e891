// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The sweep's real point runner: each point runs as its task (shear, metadynamics, kmc)
// through the typed entry points of strain_run.hpp: the sweep file's own sections as they are,
// and a typed request with the point's rate, replica and file names; each leaves a record (<id>.json), its table (<id>.dat)
// and its inherent-structure sequence (<id>.h5) in sweep.directory, so a rerun keeps finished
// points and MPI ranks share results through the files.
#include <string>

#include "input.hpp"
#include "strain_run.hpp"
#include "sweep_point.hpp"

namespace metabasin {

class TaskPointRunner : public SweepPointRunner {
 public:
  /// `dir`: the absolute folder of every point file. Builds (and so checks) nothing yet.
  TaskPointRunner(const Input& sweep, std::string dir, double temperature, double max_strain);
  /// Every point's request, checked before anything runs, so a bad value fails at once.
  void check(const SweepPoint& p) const;
  std::optional<SweepPointResult> finished(const SweepPoint& p) override;
  SweepPointResult run(const SweepPoint& p) override;
  SweepPointResult recorded(const SweepPoint& p) override;

 private:
  StrainRunRequest point_request(const SweepPoint& p) const;
  std::string record_path(const SweepPoint& p) const { return dir_ + "/" + p.id + ".json"; }
  const Input& in_;
  std::string dir_;
  double temperature_, max_strain_;
};

}  // namespace metabasin
