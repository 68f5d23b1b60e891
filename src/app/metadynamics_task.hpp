// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Task metadynamics: the Cao-Short-Yip integrator on the sample of the input, writing the
// stress-strain table and the inherent-structure sequence (output.sequence, resumable).
#include <nlohmann/json.hpp>

#include "input.hpp"
#include "task_style.hpp"

namespace metabasin {

nlohmann::json run_metadynamics_task(const Input& in);

}  // namespace metabasin

METABASIN_TASK("metadynamics", run_metadynamics_task, "table sequence", "ABC-driven shear at a rate set by the barrier Q0")
