// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The tasks an input file can ask for, and the dispatcher. Each task returns the JSON object
// that the CLI prints as the last line of stdout. The list of tasks is task_styles.inc (one
// METABASIN_TASK line next to each task's declaration; see task_style.hpp).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "input.hpp"
#include "task_style.hpp"

namespace metabasin {

/// Energy, forces (by atom ID), virial and stress of the configuration as given.
nlohmann::json run_eval(const Input& in);
/// Relaxes the configuration to its inherent structure (cell fixed).
nlohmann::json run_minimize(const Input& in);

using TaskFunction = nlohmann::json (*)(const Input&);
struct Task {
  std::string name;
  TaskFunction run;
  std::string summary;
};
/// Every task, from the one list.
const std::vector<Task>& tasks();
/// "  name   summary" lines for metabasin --help.
std::string task_usage();
/// Dispatches on the `task` key.
nlohmann::json run_task(const Input& in);

}  // namespace metabasin

METABASIN_TASK("eval", run_eval, "energy, forces, virial and stress of system.data")
METABASIN_TASK("minimize", run_minimize, "relax system.data to its inherent structure (cell fixed)")
