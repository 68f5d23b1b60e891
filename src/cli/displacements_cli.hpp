// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// `metabasin displacements TRAJ [options]`: every atom's displacement between two frames of a
// sheared run, its nonaffine part and their statistics (analysis/displacements.hpp).
#include <string>
#include <vector>

namespace metabasin {

/// Prints one JSON object (frames, strains, the drift, the statistics of the nonaffine dx and
/// dy, the flow profile's shape) on the last line of stdout; with --out PREFIX writes
/// PREFIX-atoms.csv, PREFIX-histogram.csv and PREFIX-profile.csv. InputError for bad files or
/// arguments.
void run_displacements_command(const std::vector<std::string>& args);

extern const char* const kDisplacementsUsage;

}  // namespace metabasin
