// SPDX-License-Identifier: BSD-3-Clause
#include "tasks.hpp"

#include <iostream>
#include <iomanip>
#include <set>
#include <sstream>

#include "error.hpp"
#include "input_schema.hpp"
#include "output_path.hpp"
#include "parallel.hpp"
#include "md_tasks.hpp"
#include "minimize_task.hpp"
#include "metadynamics_task.hpp"
#include "sweep_task.hpp"
#include "kmc_task.hpp"
#include "abc_task.hpp"
#include "saddle_tasks.hpp"
#include "strain_task.hpp"
#include "tortuosity_task.hpp"

namespace metabasin {

namespace {

// Path options a run writes: every output.* file and the shear restart. sweep.directory is a
// folder of the sweep's own files, not one output.
bool written_by_the_run(const std::string& key) {
  return key.rfind("output.", 0) == 0 || key == "shear.restart";
}

// Before the run starts: no output may be one of the run's inputs (the input file, the data
// file, the EAM table, neb.final/through, a catalog read as a start), nor another output.
// The inputs follow the schema, so a new path option is checked without being listed here.
void refuse_outputs_over_inputs(const Input& in) {
  std::vector<std::string> inputs = {in.name()};
  std::vector<std::pair<std::string, std::string>> outputs;  // key, path
  for (const OptionSpec& o : input_schema()) {
    if (o.type != OptionType::Path || !in.has(o.key) || o.key == "sweep.directory") continue;
    if (written_by_the_run(o.key))
      outputs.emplace_back(o.key, in.get_path(o.key));
    else
      inputs.push_back(in.get_path(o.key));
  }
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto& [key, path] = outputs[i];
    // output.catalog is read and extended in place (open_catalog refuses a file that is not a
    // catalog before anything is written), so it is an input of its run by design.
    if (key != "output.catalog") refuse_output_over_input(path, inputs, "key '" + key + "': output file");
    for (std::size_t j = 0; j < i; ++j)
      if (same_file(path, outputs[j].second))
        throw InputError("keys '" + outputs[j].first + "' and '" + key + "' name the same output file '" + path +
                         "'; choose one file for each");
  }
}

// An output.* file the task does not write would silently not appear (task age asked for a
// dump): refuse it, naming the key and what the task does write.
void refuse_outputs_not_written(const Input& in, const Task& t) {
  std::istringstream words(t.outputs);
  std::set<std::string> written;
  for (std::string w; words >> w;) written.insert("output." + w);
  for (const OptionSpec& o : input_schema()) {
    if (o.type != OptionType::Path || o.key.rfind("output.", 0) != 0 || !in.has(o.key) || written.count(o.key)) continue;
    std::string list;
    for (const std::string& w : written) list += (list.empty() ? "" : ", ") + w;
    throw InputError("input file '" + in.name() + "': task '" + t.name + "' writes no '" + o.key + "' (" +
                     (list.empty() ? "it writes no output file" : "its output files: " + list) + ")");
  }
}

}  // namespace

const std::vector<Task>& tasks() {
  // The headers above declare every task; this table is built from their METABASIN_TASK lines.
  static const std::vector<Task> list = {
#undef METABASIN_TASK
#define METABASIN_TASK(name, function, outputs, summary) {name, &function, outputs, summary},
#include "task_styles.inc"
#undef METABASIN_TASK
  };
  return list;
}

std::string task_usage() {
  std::ostringstream o;
  for (const Task& t : tasks()) o << "  " << std::left << std::setw(14) << t.name << t.summary << "\n";
  return o.str();
}

namespace {
// The tasks that share their work over MPI ranks (docs/how-to.md, "Run on several cores").
bool spreads_over_ranks(const std::string& task) {
  static const std::set<std::string> spread{"art", "kmc", "sweep", "tortuosity"};
  return spread.count(task) > 0;
}
}  // namespace

nlohmann::json run_task(const Input& in) {
  const std::string name = in.get_string("task");
  refuse_outputs_over_inputs(in);
  for (const Task& t : tasks())
    if (t.name == name) {
      refuse_outputs_not_written(in, t);
      // Under MPI a task that does not share its work runs on rank 0 alone: the other ranks
      // would only repeat it and write the same files (a catalog is refused to a second run).
      if (parallel().size > 1 && !spreads_over_ranks(name)) {
        if (!parallel().root()) return {};
        std::cerr << "metabasin: warning: task " << name << " runs on one rank; " << idle_ranks()
                  << " (tasks that share their work over ranks: art, kmc, sweep, tortuosity)" << std::endl;
      }
      return t.run(in);
    }
  throw InputError("input file '" + in.name() + "': task '" + name + "' is not available");
}

}  // namespace metabasin
