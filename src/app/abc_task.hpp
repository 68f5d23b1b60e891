// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Task abc: autonomous basin climbing from one minimum, every event added to the catalog
// (output.catalog) and the catalog saved as each event arrives.
#include <nlohmann/json.hpp>

#include "abc.hpp"
#include "input.hpp"
#include "setup.hpp"

namespace metabasin {

nlohmann::json run_abc(const Input& in);

/// The abc.* keys (and minimize.* for the quenches) as sampler settings for the atoms of `s`.
AbcParams abc_params(const Input& in, const System& s);

}  // namespace metabasin
