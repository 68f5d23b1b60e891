// SPDX-License-Identifier: BSD-3-Clause
#include "tasks.hpp"

#include <chrono>
#include <iostream>
#include <memory>

#include "error.hpp"
#include "lammps_data.hpp"
#include "md_tasks.hpp"
#include "metadynamics_task.hpp"
#include "number_format.hpp"
#include "sweep_task.hpp"
#include "kmc_task.hpp"
#include "abc_task.hpp"
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
  const long every = in.get_int("output.every");
  const long progress = in.get_int("output.progress");
  if (every < 1) throw InputError("key 'output.every' must be at least 1");
  if (progress < 0) throw InputError("key 'output.progress' must not be negative");
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

nlohmann::json run_task(const Input& in) {
  const std::string task = in.get_string("task");
  if (task == "eval") return run_eval(in);
  if (task == "minimize") return run_minimize(in);
  if (task == "md") return run_md(in);
  if (task == "quench") return run_quench(in);
  if (task == "shear") return run_shear(in);
  if (task == "age") return run_age(in);
  if (task == "art") return run_art(in);
  if (task == "neb") return run_neb(in);
  if (task == "abc") return run_abc(in);
  if (task == "reevaluate") return run_reevaluate(in);
  if (task == "metadynamics") return run_metadynamics_task(in);
  if (task == "sweep") return run_sweep(in);
  if (task == "kmc") return run_kmc_task(in);
  throw InputError("input file '" + in.name() + "': task '" + task + "' is not available");
}

}  // namespace metabasin
