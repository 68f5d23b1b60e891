// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// `metabasin hop TRAJ --window K [--top X] [--out OUT.dump]`: the hopping indicator p_hop of
// every atom along a trajectory (analysis/hopping.hpp).
#include <string>
#include <vector>

namespace metabasin {

/// Prints one JSON object (atoms, frames, window, mean and largest p_hop, the top-X %
/// threshold) on the last line of stdout; with --out, writes the last frame with each atom's
/// largest p_hop as a dump column. InputError for bad files or arguments.
void run_hop_command(const std::vector<std::string>& args);

extern const char* const kHopUsage;

}  // namespace metabasin
