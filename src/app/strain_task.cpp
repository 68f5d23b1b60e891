// SPDX-License-Identifier: BSD-3-Clause
#include "strain_task.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "catalog_file.hpp"
#include "error.hpp"
#include "number_format.hpp"
#include "options.hpp"
#include "setup.hpp"
#include "strain_response.hpp"

namespace metabasin {

namespace {

/// The catalog that input key output.catalog names, which must exist (reevaluate adds no states).
Catalog open_existing_catalog(const Input& in, const System& s) {
  if (!in.has("output.catalog")) throw InputError("key 'output.catalog' is required for task reevaluate");
  const std::string path = in.get_path("output.catalog");
  if (!std::filesystem::exists(path))
    throw InputError("key 'output.catalog': catalog '" + path + "' does not exist; fill it first (task art or abc)");
  return open_catalog(path, s.config, potential_signature(in), catalog_tolerances(in, s));
}

/// The strain the first step maps from: reevaluate.from, else the lowest in the catalog.
double first_strain(const Catalog& catalog, const StrainSteps& steps) {
  const auto present = catalog.strains();
  const double from = steps.from.value_or(present.empty() ? 0.0 : present.front());
  if (std::none_of(present.begin(), present.end(), [&](double g) { return std::abs(g - from) <= 1e-9; }))
    throw InputError("key 'reevaluate.from': the catalog holds no states at strain " + brief(from));
  return from;
}

void log_step(const ReevaluationReport& r) {
  std::cerr << "reevaluate: strain " << brief(r.from_strain) << " -> " << brief(r.to_strain) << ": " << r.survived
            << " of " << r.events << " events survive (" << r.by_neb << " by NEB, " << r.merged
            << " onto a saddle already stored), mean barrier shift " << brief(r.mean_barrier_shift)
            << " eV, activation volume " << brief(r.activation_volume) << " A^3; " << r.substeps << " sub-steps, "
            << r.jumped << " of " << r.minima << " minima jumped basin (" << r.vanished_with_jump
            << " events lost at a jump); " << r.region_minima << " minima and " << r.region_saddles
            << " saddles carried in regions; saved" << std::endl;
}

nlohmann::json step_json(const ReevaluationReport& r) {
  return {{"from_strain", r.from_strain},
          {"strain", r.to_strain},
          {"minima", r.minima},
          {"events", r.events},
          {"survived", r.survived},
          {"survival_fraction", r.events ? static_cast<double>(r.survived) / r.events : 0.0},
          {"recovered_by_neb", r.by_neb},
          {"vanished", r.vanished},
          {"mean_barrier_shift", r.mean_barrier_shift},
          {"mean_stress_change", r.mean_stress_change},
          {"activation_volume",
           std::isfinite(r.activation_volume) ? nlohmann::json(r.activation_volume) : nlohmann::json(nullptr)},
          {"merged", r.merged},
          {"substeps", r.substeps},
          {"jumped_minima", r.jumped},
          {"vanished_with_jump", r.vanished_with_jump},
          {"force_calls", r.force_calls},
          {"atom_evaluations", r.atom_evaluations},
          {"region_minima", r.region_minima},
          {"region_saddles", r.region_saddles}};
}

}  // namespace

nlohmann::json run_reevaluate(const Input& in) {
  System s = load_system(in);
  const ReevaluationParams p = reevaluation_params(in);
  const StrainSteps steps = reevaluation_steps(in);
  Catalog catalog = open_existing_catalog(in, s);
  const std::string path = in.get_path("output.catalog");
  const double first = first_strain(catalog, steps);
  CatalogFile file(path, catalog);
  const auto t0 = std::chrono::steady_clock::now();
  nlohmann::json reports = nlohmann::json::array();
  double from = first;
  for (long k = 0; k < steps.steps; ++k) {
    const double to = strain_step(first, k + 1, steps.increment);  // from the first strain, not summed
    const ReevaluationReport r = reevaluate_at_strain(catalog, *s.potential, from, to, p);
    file.save();  // each step on disk before it is reported
    log_step(r);
    reports.push_back(step_json(r));
    from = to;
  }
  return {{"task", "reevaluate"},
          {"natoms", s.config.size()},
          {"steps", reports},
          {"wall_seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()},
          {"output", {{"catalog", path}}}};
}

}  // namespace metabasin
