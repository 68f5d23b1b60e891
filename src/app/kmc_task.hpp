// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Task kmc: catalog-driven kinetic Monte Carlo under a constant shear strain rate. Rates come
// from the catalog's saddles at the current strain; the catalog grows on the fly (ABC) and is
// re-evaluated as the strain moves; it is saved as it changes, so a second run (another rate,
// the same sample) starts with everything the first one found.
#include <nlohmann/json.hpp>

#include "input.hpp"
#include "task_style.hpp"

namespace metabasin {

nlohmann::json run_kmc_task(const Input& in);

}  // namespace metabasin

METABASIN_TASK("kmc", run_kmc_task, "catalog sequence table", "catalog kinetic Monte Carlo under shear at kmc.rate")
