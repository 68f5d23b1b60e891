// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The progress line of a strain-driven run (metadynamics, KMC): support's `Progress` in the
// run's strain, off when output.progress is 0. Its own file because io's thermo_log.hpp, which
// these tasks include for their tables, still declares an older `Progress` of the same name.
#include <memory>
#include <string>

namespace metabasin {

class Progress;

class StrainProgress {
 public:
  /// `target`: the strain the run goes to; `on`: output.progress > 0.
  StrainProgress(const std::string& label, double target, bool on);
  ~StrainProgress();
  void update(double strain, const std::string& detail);
  void finish(const std::string& detail);

 private:
  std::unique_ptr<Progress> bar_;
};

}  // namespace metabasin
