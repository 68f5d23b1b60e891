// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// `metabasin viscosity THERMO [options]`: the Green-Kubo shear viscosity of an equilibrium MD
// run from the pressure tensor of its thermo table (analysis/green_kubo.hpp).
#include <string>
#include <vector>

namespace metabasin {

/// Prints one JSON object (the viscosity, its error, the cutoff) on the last line of stdout;
/// with --out, writes the autocorrelation and the running integral as CSV. InputError for bad
/// files or arguments.
void run_viscosity_command(const std::vector<std::string>& args);

extern const char* const kViscosityUsage;

}  // namespace metabasin
