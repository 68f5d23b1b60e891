// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Task sweep (metabasin sweep SWEEP.yaml): steady-state flow stress over decades of strain
// rate, MD (task shear) at the top rates and metadynamics below, points spread over MPI ranks
// and resumable; the strain-rate sensitivity per regime and the study's two fits.
#include <nlohmann/json.hpp>

#include "input.hpp"
#include "task_style.hpp"

namespace metabasin {

nlohmann::json run_sweep(const Input& in);

}  // namespace metabasin

METABASIN_TASK("sweep", run_sweep, "strain-rate sweep: MD, metadynamics or KMC points, flow stress vs rate, fits")
