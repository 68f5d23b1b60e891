// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Tasks art (N ART nouveau searches from one minimum, spread over MPI ranks) and neb.
#include <nlohmann/json.hpp>

#include "art.hpp"
#include "catalog.hpp"
#include "input.hpp"
#include "setup.hpp"

namespace metabasin {

nlohmann::json run_art(const Input& in);

/// One ART nouveau search's settings from the art.* keys.
ArtParams art_params(const Input& in);
nlohmann::json run_neb(const Input& in);

/// Throws InputError (naming `what`) unless the largest atomic force of `c` is below `limit`.
void require_minimum(Configuration& c, Potential& p, double limit, const std::string& what);

/// The catalog.* state tolerances; rigid motions count as the same state for
/// translation-invariant potentials (and rotations for clusters).
StateTolerances catalog_tolerances(const Input& in, const System& s);

}  // namespace metabasin
