// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Task sweep (metabasin sweep SWEEP.yaml): steady-state flow stress over decades of strain
// rate, MD (task shear) at the top rates and metadynamics or KMC below, points spread over
// MPI ranks and resumable; the strain-rate sensitivity per regime and the study's two fits.
// plan (sweep_analysis) -> run points (a SweepPointRunner) -> aggregate, analyse
// (sweep_analysis) -> write (sweep_output).
#include <nlohmann/json.hpp>
#include <vector>

#include "input.hpp"
#include "task_style.hpp"
#include "sweep_point.hpp"

namespace metabasin {

nlohmann::json run_sweep(const Input& in);

/// Runs the points this MPI rank draws (the next one as it finishes one), keeping those finished earlier,
/// with a progress line (point k of n, ETA) per point on stderr.
void run_sweep_points(const std::vector<SweepPoint>& pts, SweepPointRunner& runner, double steady_from);
/// Every point's result once all ranks are done (root); a warning names how many failed.
std::vector<SweepPointResult> collect_sweep_points(const std::vector<SweepPoint>& pts, SweepPointRunner& runner);

}  // namespace metabasin

METABASIN_TASK("sweep", run_sweep, "table hdf5 thermo dump xyz", "strain-rate sweep: MD, metadynamics or KMC points, flow stress vs rate, fits")
