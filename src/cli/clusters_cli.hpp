// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// `metabasin clusters REF CUR --cutoff R --bond B [options]`: clusters of the atoms whose local
// shear strain passes a threshold (analysis/plastic_clusters.hpp).
#include <string>
#include <vector>

namespace metabasin {

/// Prints one JSON object (activated atoms, cluster sizes, the largest clusters and whether
/// they span the cell) on the last line of stdout; with --out, writes a dump of CUR with each
/// atom's strain and cluster rank. InputError for bad files or arguments.
void run_clusters_command(const std::vector<std::string>& args);

extern const char* const kClustersUsage;

}  // namespace metabasin
