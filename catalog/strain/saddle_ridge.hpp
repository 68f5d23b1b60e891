// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// One saddle found twice is one saddle, even when a soft ridge let the two searches converge
// it a few tenths of an angstrom apart.
#include "catalog.hpp"
#include "potential.hpp"

namespace metabasin {

/// While it lives, `catalog` counts a saddle as one it holds between the same two minima when
/// the straight path between the two stays level within `bar` (eV; straight_path_level, ART's
/// art.same_state_barrier): one ridge, converged twice to its force tolerance. Two passes with
/// a hump or a valley between them stay two saddles. bar <= 0: positions alone.
class SaddleRidgeRule {
 public:
  SaddleRidgeRule(Catalog& catalog, Potential& potential, double bar);
  ~SaddleRidgeRule();
  SaddleRidgeRule(const SaddleRidgeRule&) = delete;
  SaddleRidgeRule& operator=(const SaddleRidgeRule&) = delete;

 private:
  Catalog& catalog_;
};

}  // namespace metabasin
