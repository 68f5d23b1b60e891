// SPDX-License-Identifier: BSD-3-Clause
#include "tasks.hpp"

#include <chrono>
#include <iostream>
#include <iomanip>
#include <memory>
#include <sstream>

#include "error.hpp"
#include "input_schema.hpp"
#include "lammps_data.hpp"
#include "output_path.hpp"
#include "md_tasks.hpp"
#include "metadynamics_task.hpp"
#include "number_format.hpp"
#include "sweep_task.hpp"
#include "kmc_task.hpp"
#include "abc_task.hpp"
#include "options.hpp"
#include "saddle_tasks.hpp"
#include "setup.hpp"
#include "strain_task.hpp"
#include "trajectory.hpp"
#include "units.hpp"

namespace metabasin {

namespace {

nlohmann::json stress_json(const ForceResult& r, const Box& box) {
  nlohmann::json s = nlohmann::json::array();
  for (double v : r.virial) s.push_back(v / box.volume() * units::ev_per_a3_to_gpa);
  return s;
}

nlohmann::json point_json(const Configuration& c, const ForceResult& r) {
  nlohmann::json forces = nlohmann::json::array();
  for (std::size_t i = 0; i < c.size(); ++i)
    forces.push_back({r.forces[3 * i], r.forces[3 * i + 1], r.forces[3 * i + 2]});
  return {{"natoms", c.size()},
          {"energy", r.energy},
          {"forces", forces},
          {"virial", r.virial},
          {"stress", stress_json(r, c.box)}};
}

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

}  // namespace

nlohmann::json run_eval(const Input& in) {
  System s = load_system(in);
  ForceResult r;
  s.potential->compute(s.config, r);
  nlohmann::json j = point_json(s.config, r);
  j["task"] = "eval";
  j["force_calls"] = s.potential->force_calls();
  return j;
}

nlohmann::json run_minimize(const Input& in) {
  System s = load_system(in);
  const MinimizeParams params = minimize_params(in);
  const long every = in.get_int("output.every");        // the schema keeps it >= 1
  const long progress = in.get_int("output.progress");  // and this >= 0
  std::vector<std::unique_ptr<TrajectoryWriter>> writers;
  if (in.has("output.dump")) writers.push_back(std::make_unique<LammpsDumpWriter>(in.get_path("output.dump")));
  if (in.has("output.xyz"))
    writers.push_back(std::make_unique<ExtendedXyzWriter>(in.get_path("output.xyz"), s.elements));

  AtomsObjective objective(s.config, *s.potential);
  VectorXd x = objective.positions();
  auto minimizer = make_minimizer(params);
  const auto t0 = std::chrono::steady_clock::now();
  long last_written = -1;
  auto observe = [&](long it, double e, double fmax) {
    if (progress > 0 && it % progress == 0)
      std::cerr << "minimize: iteration " << it << "  energy " << e << " eV  fmax " << fmax << " eV/A  force calls "
                << objective.evaluations() << std::endl;
    if (!writers.empty() && it % every == 0) {
      const FrameData frame{it, e, &objective.last().forces};
      for (auto& w : writers) w->write(s.config, frame);
      last_written = it;
    }
    return true;
  };
  const MinimizeResult res = minimizer->minimize(objective, x, observe);
  // The objective's configuration holds the last evaluated point; make it the returned one.
  ForceResult final_point;
  Eigen::Map<VectorXd>(s.config.x.data(), x.size()) = x;
  s.potential->compute(s.config, final_point);
  if (!writers.empty() && last_written != res.iterations) {
    const FrameData frame{res.iterations, final_point.energy, &final_point.forces};
    for (auto& w : writers) w->write(s.config, frame);
  }
  nlohmann::json out_files = nlohmann::json::object();
  if (in.has("output.data")) {
    const std::string path = in.get_path("output.data");
    // Only a converged minimization is an inherent structure: the title says so either way.
    write_lammps_data(path, s.config,
                      res.converged() ? "inherent structure from metabasin minimize (" + params.method + ")"
                                      : "NOT converged (" + to_string(res.reason) + ", fmax " + brief(res.fmax) +
                                            " eV/A after " + std::to_string(res.iterations) +
                                            " iterations): not an inherent structure; metabasin minimize (" +
                                            params.method + ")");
    out_files["data"] = path;
  }
  if (in.has("output.dump")) out_files["dump"] = in.get_path("output.dump");
  if (in.has("output.xyz")) out_files["xyz"] = in.get_path("output.xyz");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cerr << "minimize: stopped (" << to_string(res.reason) << ") after " << res.iterations << " iterations, "
            << res.force_calls << " force calls, " << seconds << " s" << std::endl;
  nlohmann::json out = {{"task", "minimize"},
          {"method", params.method},
          {"natoms", s.config.size()},
          {"energy", final_point.energy},
          {"energy_per_atom", final_point.energy / static_cast<double>(s.config.size())},
          {"fmax", res.fmax},
          {"stop_reason", to_string(res.reason)},
          {"converged", res.converged()},
          {"iterations", res.iterations},
          {"force_calls", res.force_calls},
          {"virial", final_point.virial},
          {"stress", stress_json(final_point, s.config.box)},
          {"wall_seconds", seconds},
          {"output", out_files}};
  if (!res.converged()) {
    out["warning"] = "not converged (" + to_string(res.reason) + ", fmax " + brief(res.fmax) +
                     " eV/A, minimize.fmax " + brief(params.fmax) + "): the result is not an inherent structure";
    std::cerr << "minimize: warning: " << out["warning"].get<std::string>() << std::endl;
  }
  return out;
}

const std::vector<Task>& tasks() {
  // The headers above declare every task; this table is built from their METABASIN_TASK lines.
  static const std::vector<Task> list = {
#undef METABASIN_TASK
#define METABASIN_TASK(name, function, summary) {name, &function, summary},
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

nlohmann::json run_task(const Input& in) {
  const std::string name = in.get_string("task");
  refuse_outputs_over_inputs(in);
  for (const Task& t : tasks())
    if (t.name == name) return t.run(in);
  throw InputError("input file '" + in.name() + "': task '" + name + "' is not available");
}

}  // namespace metabasin
