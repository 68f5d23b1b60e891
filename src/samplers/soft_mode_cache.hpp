// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The softest vibrational modes of the minima searched last. Soft-mode searches push along a
// minimum's modes in turn, one Lanczos solve per mode, and a walk flickers among a few minima
// for many searches: those modes are worth keeping. A walk through thousands of minima must
// not keep several 3N-vectors for each of them, so only the least recently used are dropped.
#include <cstddef>
#include <map>
#include <vector>

#include <Eigen/Dense>

namespace metabasin {

class SoftModeCache {
 public:
  explicit SoftModeCache(std::size_t capacity);
  /// The modes kept for `minimum` (empty the first time, and again after it was dropped), to
  /// be extended in place. Marks it as used last; beyond the capacity the minimum used
  /// longest ago is dropped.
  std::vector<Eigen::VectorXd>& modes(std::size_t minimum);
  bool holds(std::size_t minimum) const { return kept_.count(minimum) != 0; }
  std::size_t size() const { return kept_.size(); }

 private:
  struct Entry {
    std::vector<Eigen::VectorXd> modes;
    long last_use = 0;
  };
  std::size_t capacity_;
  long uses_ = 0;
  std::map<std::size_t, Entry> kept_;
};

}  // namespace metabasin
