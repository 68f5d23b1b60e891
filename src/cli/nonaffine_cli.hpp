// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// `metabasin nadm SEQUENCE.h5 --out NADM.h5 [options]`: the nonaffine distance matrix and
// ASNaD curves of an inherent-structure sequence.
#include <string>
#include <vector>

namespace metabasin {

/// Computes and writes the NaDM (and one ASNaD curve per --xi); prints one JSON object on the
/// last line of stdout, progress on stderr. InputError for bad arguments or files.
void run_nadm_command(const std::vector<std::string>& args);

extern const char* const kNadmUsage;

}  // namespace metabasin
