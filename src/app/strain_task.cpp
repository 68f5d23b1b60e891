// SPDX-License-Identifier: BSD-3-Clause
#include "strain_task.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "catalog_file.hpp"
#include "error.hpp"
#include "number_format.hpp"
#include "saddle_tasks.hpp"
#include "setup.hpp"
#include "strain_response.hpp"

namespace metabasin {

ReevaluationParams reevaluation_params(const Input& in) {
  ReevaluationParams p;
  p.relax = minimize_params(in);
  p.refine.fmax = in.get_positive("reevaluate.fmax");
  p.refine.max_move = in.get_positive("reevaluate.max_move");
  p.same_state_tolerance = in.get_positive("reevaluate.same_state_tolerance");
  p.side_step = 0.2;  // A, as ART's default
  p.max_increment = in.get_positive("reevaluate.max_increment");
  p.jump_barrier_tolerance = in.get_positive("reevaluate.jump_barrier_tolerance");
  return p;
}

nlohmann::json run_reevaluate(const Input& in) {
  System s = load_system(in);
  const ReevaluationParams p = reevaluation_params(in);
  if (!in.has("output.catalog")) throw InputError("key 'output.catalog' is required for task reevaluate");
  const std::string path = in.get_path("output.catalog");
  if (!std::filesystem::exists(path))
    throw InputError("key 'output.catalog': catalog '" + path + "' does not exist; fill it first (task art or abc)");
  Catalog catalog = open_catalog(path, s.config, potential_signature(in), catalog_tolerances(in, s));
  const double increment = in.get_real("reevaluate.increment");
  if (increment == 0.0 || !std::isfinite(increment)) throw InputError("key 'reevaluate.increment' must be non-zero");
  const long steps = in.get_int("reevaluate.steps");
  if (steps < 1) throw InputError("key 'reevaluate.steps' must be at least 1");
  const auto present = catalog.strains();
  double from = in.has("reevaluate.from") ? in.get_real("reevaluate.from") : (present.empty() ? 0.0 : present.front());
  if (std::none_of(present.begin(), present.end(), [&](double g) { return std::abs(g - from) <= 1e-9; }))
    throw InputError("key 'reevaluate.from': the catalog holds no states at strain " + brief(from));
  const auto t0 = std::chrono::steady_clock::now();
  nlohmann::json reports = nlohmann::json::array();
  const double first = from;
  for (long k = 0; k < steps; ++k) {
    // From the first strain (not summed step by step).
    const double to = strain_step(first, k + 1, increment);
    const ReevaluationReport r = reevaluate_at_strain(catalog, *s.potential, from, to, p);
    save_catalog(path, catalog);
    std::cerr << "reevaluate: strain " << brief(from) << " -> " << brief(to) << ": " << r.survived << " of "
              << r.events << " events survive (" << r.by_neb << " by NEB, " << r.merged
              << " onto a saddle already stored), mean barrier shift "
              << brief(r.mean_barrier_shift) << " eV, activation volume " << brief(r.activation_volume)
              << " A^3; " << r.substeps << " sub-steps, " << r.jumped << " of " << r.minima
              << " minima jumped basin (" << r.vanished_with_jump << " events lost at a jump); saved" << std::endl;
    reports.push_back({{"from_strain", r.from_strain},
                       {"strain", r.to_strain},
                       {"minima", r.minima},
                       {"events", r.events},
                       {"survived", r.survived},
                       {"survival_fraction", r.events ? static_cast<double>(r.survived) / r.events : 0.0},
                       {"recovered_by_neb", r.by_neb},
                       {"vanished", r.vanished},
                       {"mean_barrier_shift", r.mean_barrier_shift},
                       {"mean_stress_change", r.mean_stress_change},
                       {"activation_volume", std::isfinite(r.activation_volume) ? nlohmann::json(r.activation_volume)
                                                                              : nlohmann::json(nullptr)},
                       {"merged", r.merged},
                       {"substeps", r.substeps},
                       {"jumped_minima", r.jumped},
                       {"vanished_with_jump", r.vanished_with_jump},
                       {"force_calls", r.force_calls}});
    from = to;
  }
  return {{"task", "reevaluate"},
          {"natoms", s.config.size()},
          {"steps", reports},
          {"wall_seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()},
          {"output", {{"catalog", path}}}};
}

}  // namespace metabasin
