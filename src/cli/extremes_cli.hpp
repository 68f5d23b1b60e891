// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// `metabasin extremes TRAJ --cutoff R [options]`: extreme local strains per strain block and
// their GEV fit (analysis/strain_extremes.hpp, analysis/extreme_values.hpp).
#include <string>
#include <vector>

namespace metabasin {

/// Prints one JSON object (blocks, <eta>, the extremes' ratios, the GEV fit) on the last line
/// of stdout; with --out, writes every block's extremes as CSV. InputError for bad files or
/// arguments.
void run_extremes_command(const std::vector<std::string>& args);

extern const char* const kExtremesUsage;

}  // namespace metabasin
