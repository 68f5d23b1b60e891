#pragma once
// Task reevaluate: recompute the catalog's barriers at a sequence of shear strains.
#include <nlohmann/json.hpp>

#include "input.hpp"

namespace metabasin {

nlohmann::json run_reevaluate(const Input& in);

}  // namespace metabasin
