// SPDX-License-Identifier: BSD-3-Clause
#include "soft_mode_cache.hpp"

#include <algorithm>
#include <stdexcept>

namespace metabasin {

SoftModeCache::SoftModeCache(std::size_t capacity) : capacity_(capacity) {
  if (capacity == 0) throw std::invalid_argument("SoftModeCache: the capacity must be at least 1");
}

std::vector<Eigen::VectorXd>& SoftModeCache::modes(std::size_t minimum) {
  if (kept_.count(minimum) == 0 && kept_.size() >= capacity_) {
    // A linear scan: the capacity is a handful of minima.
    const auto oldest = std::min_element(kept_.begin(), kept_.end(), [](const auto& a, const auto& b) {
      return a.second.last_use < b.second.last_use;
    });
    kept_.erase(oldest);
  }
  Entry& e = kept_[minimum];
  e.last_use = ++uses_;
  return e.modes;
}

}  // namespace metabasin
