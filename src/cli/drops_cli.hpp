// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// `metabasin drops TABLE [options]`: stress drops of a stress-strain table and the power law
// of their sizes (analysis/stress_drops.hpp).
#include <string>
#include <vector>

namespace metabasin {

/// Prints one JSON object (drop count, sizes, the tail fit) on the last line of stdout; with
/// --out, writes the sizes and their CCDF as CSV. InputError for bad files or arguments.
void run_drops_command(const std::vector<std::string>& args);

extern const char* const kDropsUsage;

}  // namespace metabasin
