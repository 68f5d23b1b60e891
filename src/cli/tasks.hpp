// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The tasks an input file can ask for. Each returns the JSON object that the CLI prints as
// the last line of stdout.
#include <nlohmann/json.hpp>

#include "input.hpp"

namespace metabasin {

/// Energy, forces (by atom ID), virial and stress of the configuration as given.
nlohmann::json run_eval(const Input& in);
/// Relaxes the configuration to its inherent structure (cell fixed).
nlohmann::json run_minimize(const Input& in);
/// Dispatches on the `task` key.
nlohmann::json run_task(const Input& in);

}  // namespace metabasin
