// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Task abc: autonomous basin climbing from one minimum, every event added to the catalog
// (output.catalog) and the catalog saved as each event arrives.
#include <nlohmann/json.hpp>

#include "input.hpp"
#include "task_style.hpp"

namespace metabasin {

nlohmann::json run_abc(const Input& in);

}  // namespace metabasin

METABASIN_TASK("abc", run_abc, "catalog", "autonomous basin climbing from one minimum, each event into output.catalog")
