// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// `metabasin strain REF.data CUR.data --cutoff R --out OUT.dump`: local atomic strain between two
// configurations of the same atoms (analysis/local_strain.hpp).
#include <string>
#include <vector>

namespace metabasin {

/// Writes the dump of CUR with the per-atom strain columns; prints one JSON object (means,
/// maxima, invalid atoms) on the last line of stdout. InputError for bad files or arguments.
void run_strain_command(const std::vector<std::string>& args);

extern const char* const kStrainUsage;

}  // namespace metabasin
