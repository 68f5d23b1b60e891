// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The dispatcher of the tasks an input file can ask for (each task lives in src/app or src/sweep). Each task returns the JSON object
// that the CLI prints as the last line of stdout. The list of tasks is task_styles.inc (one
// METABASIN_TASK line next to each task's declaration; see task_style.hpp).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "input.hpp"
#include "task_style.hpp"

namespace metabasin {

using TaskFunction = nlohmann::json (*)(const Input&);
struct Task {
  std::string name;
  TaskFunction run;
  std::string outputs;  // the output.* files it writes, space separated ("table sequence")
  std::string summary;
};
/// Every task, from the one list.
const std::vector<Task>& tasks();
/// "  name   summary" lines for metabasin --help.
std::string task_usage();
/// Dispatches on the `task` key.
nlohmann::json run_task(const Input& in);

}  // namespace metabasin

