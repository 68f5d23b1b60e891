// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Tasks eval and minimize: one point of the potential energy surface, and the relaxation of
// the configuration to its inherent structure (cell fixed), with its trajectory and data file.
#include <nlohmann/json.hpp>

#include "input.hpp"
#include "task_style.hpp"

namespace metabasin {

/// Energy, forces (by atom ID), virial and stress of the configuration as given.
nlohmann::json run_eval(const Input& in);
/// Relaxes the configuration to its inherent structure (cell fixed).
nlohmann::json run_minimize(const Input& in);

}  // namespace metabasin

METABASIN_TASK("eval", run_eval, "", "energy, forces, virial and stress of system.data")
METABASIN_TASK("minimize", run_minimize, "data dump xyz", "relax system.data to its inherent structure (cell fixed)")
