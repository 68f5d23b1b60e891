// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// `metabasin ageing TABLE... [options]`: ageing-rate maps Phi(E_IS, T) with and without load,
// the boost map f, the stress map and the activation-volume fit of Liu & Fan Fig. 2
// (analysis/ageing_maps.hpp) from the tables of task age.
#include <string>
#include <vector>

namespace metabasin {

/// Prints one JSON object (counts, map ranges, the fit) on the last line of stdout; with
/// --out PREFIX, also writes PREFIX-maps.csv, PREFIX-steps.csv and PREFIX.json. InputError
/// for bad tables, UsageError for bad arguments.
void run_ageing_command(const std::vector<std::string>& args);

extern const char* const kAgeingUsage;

}  // namespace metabasin
