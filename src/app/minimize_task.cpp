// SPDX-License-Identifier: BSD-3-Clause
#include "minimize_task.hpp"

#include <chrono>
#include <iostream>
#include <memory>
#include <vector>

#include "lammps_data.hpp"
#include "number_format.hpp"
#include "options.hpp"
#include "setup.hpp"
#include "trajectory.hpp"
#include "units.hpp"

namespace metabasin {

namespace {

// The six virial components over the volume (area in 2D), GPa, LAMMPS' pressure sign.
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

struct Relaxation {
  MinimizeResult result;
  ForceResult final_point;  // at the returned positions
  double seconds = 0.0;
};

// Run: the minimizer, with the trajectory (output.dump, output.xyz) every output.every
// iterations and a progress line every output.progress; the last frame is always written.
Relaxation relax_with_trajectory(const Input& in, System& s, const MinimizeParams& params) {
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
      const FrameData frame{it, e, &objective.last().forces, {}, true};
      for (auto& w : writers) w->write(s.config, frame);
      last_written = it;
    }
    return true;
  };
  Relaxation r;
  r.result = minimizer->minimize(objective, x, observe);
  // The objective's configuration holds the last evaluated point; make it the returned one.
  set_coordinates(s.config, x);
  s.potential->compute(s.config, r.final_point);
  if (!writers.empty() && last_written != r.result.iterations) {
    const FrameData frame{r.result.iterations, r.final_point.energy, &r.final_point.forces, {}, true};
    for (auto& w : writers) w->write(s.config, frame);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

// Write: the data file, titled an inherent structure only when the minimization converged.
nlohmann::json write_minimize_outputs(const Input& in, const Configuration& c, const MinimizeParams& params,
                                      const MinimizeResult& res) {
  nlohmann::json files = nlohmann::json::object();
  if (in.has("output.data")) {
    const std::string path = in.get_path("output.data");
    write_lammps_data(path, c,
                      res.converged() ? "inherent structure from metabasin minimize (" + params.method + ")"
                                      : "NOT converged (" + to_string(res.reason) + ", fmax " + brief(res.fmax) +
                                            " eV/A after " + std::to_string(res.iterations) +
                                            " iterations): not an inherent structure; metabasin minimize (" +
                                            params.method + ")");
    files["data"] = path;
  }
  if (in.has("output.dump")) files["dump"] = in.get_path("output.dump");
  if (in.has("output.xyz")) files["xyz"] = in.get_path("output.xyz");
  return files;
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
  const Relaxation r = relax_with_trajectory(in, s, params);
  const MinimizeResult& res = r.result;
  const nlohmann::json files = write_minimize_outputs(in, s.config, params, res);
  std::cerr << "minimize: stopped (" << to_string(res.reason) << ") after " << res.iterations << " iterations, "
            << res.force_calls << " force calls, " << r.seconds << " s" << std::endl;
  const double n = static_cast<double>(s.config.size());
  nlohmann::json out = {{"task", "minimize"},
                        {"method", params.method},
                        {"natoms", s.config.size()},
                        {"energy", r.final_point.energy},
                        {"energy_per_atom", r.final_point.energy / n},
                        {"fmax", res.fmax},
                        {"stop_reason", to_string(res.reason)},
                        {"converged", res.converged()},
                        {"iterations", res.iterations},
                        {"force_calls", res.force_calls},
                        {"virial", r.final_point.virial},
                        {"stress", stress_json(r.final_point, s.config.box)},
                        {"wall_seconds", r.seconds},
                        {"output", files}};
  if (!res.converged()) {
    out["warning"] = "not converged (" + to_string(res.reason) + ", fmax " + brief(res.fmax) +
                     " eV/A, minimize.fmax " + brief(params.fmax) + "): the result is not an inherent structure";
    std::cerr << "minimize: warning: " << out["warning"].get<std::string>() << std::endl;
  }
  return out;
}

}  // namespace metabasin
