// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Task tortuosity: the minimum energy path of every low-barrier event of a catalog (a CI-NEB
// through its saddle, spread over MPI ranks), its contour length C, end-to-end length L and
// C/L, and per strain the C/L distribution and the fit C ~ L^delta (Liu & Fan, Fig. 3c).
#include <nlohmann/json.hpp>

#include "input.hpp"
#include "task_style.hpp"

namespace metabasin {

nlohmann::json run_tortuosity(const Input& in);

}  // namespace metabasin

METABASIN_TASK("tortuosity", run_tortuosity, "table dump", "CI-NEB path of each low-barrier catalog saddle: C, L, C/L, C ~ L^delta")
