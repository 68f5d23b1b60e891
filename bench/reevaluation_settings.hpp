// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The ART and re-evaluation settings that reevaluate_local measures and trace_reevaluation
// traces, in one place so that the trace follows the events the bench counts.
#include "art.hpp"
#include "strain_response.hpp"
#include "../tests/common/test_systems.hpp"

namespace metabasin::bench {

/// ART on the 2D Cu-Zr glass in a 25 A region.
inline ArtParams local_art() {
  ArtParams art = metabasin::testing::cuzr_lj2d_art_params();
  art.region_radius = 25.0;
  return art;
}

/// Re-evaluation with ART's relaxation, saddle tolerance and side step.
inline ReevaluationParams local_reevaluation(const ArtParams& art) {
  ReevaluationParams p;
  p.relax = art.relax;
  p.refine.fmax = art.saddle.fmax;
  p.side_step = art.side_step;
  return p;
}

}  // namespace metabasin::bench
