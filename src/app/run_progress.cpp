// SPDX-License-Identifier: BSD-3-Clause
#include "run_progress.hpp"

#include "progress.hpp"

namespace metabasin {

StrainProgress::StrainProgress(const std::string& label, double target, bool on)
    : bar_(on ? std::make_unique<Progress>(label, target) : nullptr) {}
StrainProgress::~StrainProgress() = default;

void StrainProgress::update(double strain, const std::string& detail) {
  if (bar_) bar_->update(strain, detail);
}

void StrainProgress::finish(const std::string& detail) {
  if (bar_) bar_->finish(detail);
}

}  // namespace metabasin
