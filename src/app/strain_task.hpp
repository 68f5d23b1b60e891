// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Task reevaluate: recompute the catalog's barriers at a sequence of shear strains.
#include <nlohmann/json.hpp>

#include "input.hpp"
#include "task_style.hpp"

namespace metabasin {

nlohmann::json run_reevaluate(const Input& in);

}  // namespace metabasin

METABASIN_TASK("reevaluate", run_reevaluate, "catalog", "re-converge the catalog's minima and saddles at new shear strains")
