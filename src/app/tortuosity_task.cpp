// SPDX-License-Identifier: BSD-3-Clause
#include "tortuosity_task.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "catalog_file.hpp"
#include "error.hpp"
#include "json_text.hpp"
#include "event_paths.hpp"
#include "lammps_data.hpp"
#include "number_format.hpp"
#include "options.hpp"
#include "parallel.hpp"
#include "progress.hpp"
#include "queries.hpp"
#include "setup.hpp"
#include "tortuosity.hpp"
#include "trajectory.hpp"

namespace metabasin {

namespace {

// ---- plan -> run (spread over ranks) -> collect -> analyse -> write ----

/// One strain's share of the work: the saddles up to the barrier limit, and those mapped.
struct StrainPaths {
  double strain = 0.0;
  std::size_t below_limit = 0;       // live saddles with a forward barrier up to the limit
  std::vector<std::size_t> saddles;  // mapped: all of them, or the first max_paths
};

/// What task tortuosity is to do (the system and the catalog are held by the caller: a
/// catalog is not copied).
struct TortuosityPlan {
  TortuosityParams params;
  std::vector<StrainPaths> strains;
};

/// The catalog tortuosity.catalog names: it must exist and hold states of system.data's atoms
/// computed with this potential.
Catalog catalog_to_map(const Input& in, const System& s) {
  if (!in.has("tortuosity.catalog")) throw InputError("key 'tortuosity.catalog' is required for task tortuosity");
  const std::string path = in.get_path("tortuosity.catalog");
  if (!std::filesystem::exists(path))
    throw InputError("key 'tortuosity.catalog': catalog '" + path +
                     "' does not exist; fill it first (task art or abc)");
  return open_catalog(path, s.config, potential_signature(in), catalog_tolerances(in, s), "tortuosity.catalog");
}

/// tortuosity.strains (each one the catalog holds, once); by default its lowest and highest strain.
std::vector<double> strains_to_map(const Catalog& c, const std::vector<double>& asked) {
  const std::vector<double> held = c.strains();
  if (held.empty()) throw InputError("key 'tortuosity.catalog': the catalog holds no states");
  if (asked.empty()) return held.size() == 1 ? held : std::vector<double>{held.front(), held.back()};
  std::vector<double> out;
  for (double g : asked) {
    double held_g = 0.0;
    try {
      held_g = held_strain(c, g);
    } catch (const InputError& e) {
      throw InputError("key 'tortuosity.strains': " + std::string(e.what()));
    }
    if (std::find(out.begin(), out.end(), held_g) == out.end()) out.push_back(held_g);  // each strain once
  }
  return out;
}

TortuosityPlan plan_tortuosity(const Input& in, const Catalog& catalog) {
  TortuosityPlan plan{tortuosity_params(in), {}};
  for (double g : strains_to_map(catalog, plan.params.strains)) {
    StrainPaths sp{g, 0, saddles_up_to(catalog, g, plan.params.max_barrier)};
    sp.below_limit = sp.saddles.size();
    if (plan.params.max_paths && static_cast<long>(sp.saddles.size()) > *plan.params.max_paths)
      sp.saddles.resize(static_cast<std::size_t>(*plan.params.max_paths));
    plan.strains.push_back(std::move(sp));
  }
  return plan;
}

/// This rank's paths (items of the flat list of saddles, strain by strain, each drawn by the
/// rank that is free first).
std::vector<EventPath> run_paths(const TortuosityPlan& plan, const Catalog& catalog, Potential& potential) {
  const Parallel& par = parallel();
  std::vector<std::pair<double, std::size_t>> items;  // (strain as the plan spells it, saddle)
  for (const StrainPaths& sp : plan.strains)
    for (std::size_t e : sp.saddles) items.emplace_back(sp.strain, e);
  Progress progress("tortuosity", static_cast<double>(items.size()));
  std::vector<EventPath> mine;
  TaskDealer dealer(0);
  for (std::size_t k; (k = static_cast<std::size_t>(dealer.next())) < items.size();) {
    EventPath p = event_path(catalog, potential, items[k].second, plan.params.neb, plan.params.moving_displacement);
    p.strain = items[k].first;  // the saddle's own within the catalog's strain tolerance
    std::cerr << "tortuosity: path " << k + 1 << "/" << items.size() << " (rank " << par.rank << ", saddle " << p.saddle
              << ", strain " << brief(p.strain) << ", barrier " << brief(p.barrier) << " eV): " << to_string(p.outcome)
              << ", C " << brief(p.geometry.contour_length) << " A, L " << brief(p.geometry.end_to_end) << " A, C/L "
              << brief(p.geometry.ratio) << ", " << p.force_calls << " force calls" << std::endl;
    mine.push_back(p);
    progress.update(static_cast<double>(dealer.finished_at_least(static_cast<long>(k))));
  }
  progress.finish();
  return mine;
}

nlohmann::json path_json(const EventPath& p) {
  const PathGeometry& g = p.geometry;
  return {{"saddle", p.saddle},
          {"strain", p.strain},
          {"barrier", p.barrier},
          {"band_barrier", p.band_barrier},
          {"through_saddle", p.through_saddle},
          {"outcome", to_string(p.outcome)},
          {"contour_length", g.contour_length},
          {"polygon_length", g.polygon_length},
          {"end_to_end", g.end_to_end},
          {"ratio", g.ratio},
          {"intermediate_minima", g.intermediate_minima},
          {"iterations", p.iterations},
          {"force_calls", p.force_calls},
          {"moving_atoms", p.moving_atoms}};
}

EventPath path_from_json(const nlohmann::json& j) {
  EventPath p;
  p.saddle = j["saddle"];
  p.strain = j["strain"];
  p.barrier = j["barrier"];
  p.band_barrier = j["band_barrier"];
  p.through_saddle = j["through_saddle"];
  p.outcome = path_outcome(j["outcome"]);
  p.geometry.contour_length = j["contour_length"];
  p.geometry.polygon_length = j["polygon_length"];
  p.geometry.end_to_end = j["end_to_end"];
  p.geometry.ratio = j["ratio"];
  p.geometry.intermediate_minima = j["intermediate_minima"];
  p.iterations = j["iterations"];
  p.force_calls = j["force_calls"];
  p.moving_atoms = j["moving_atoms"].get<std::vector<std::size_t>>();
  return p;
}

/// Every rank's paths on the root, in the plan's order (empty elsewhere); JSON is only the
/// wire format between ranks.
std::vector<EventPath> collect_paths(const std::vector<EventPath>& mine, const TortuosityPlan& plan) {
  nlohmann::json wire = nlohmann::json::array();
  for (const EventPath& p : mine) wire.push_back(path_json(p));
  const auto gathered = gather_on_root(wire.dump());
  std::vector<EventPath> all;
  if (!parallel().root()) return all;
  for (const auto& text : gathered)
    for (const auto& j : nlohmann::json::parse(text)) all.push_back(path_from_json(j));
  std::vector<double> order;  // strain rank in the plan
  for (const StrainPaths& sp : plan.strains) order.push_back(sp.strain);
  auto rank_of = [&](double g) { return std::find(order.begin(), order.end(), g) - order.begin(); };
  std::sort(all.begin(), all.end(), [&](const EventPath& a, const EventPath& b) {
    return std::make_pair(rank_of(a.strain), a.saddle) < std::make_pair(rank_of(b.strain), b.saddle);
  });
  return all;
}

/// The fit and the C/L distribution of the converged paths among `paths`.
nlohmann::json summary_json(const std::vector<const EventPath*>& paths) {
  std::vector<double> l, c;
  long with_minima = 0, converged = 0;
  for (const EventPath* p : paths) {
    if (p->outcome != PathOutcome::converged) continue;
    ++converged;
    l.push_back(p->geometry.end_to_end);
    c.push_back(p->geometry.contour_length);
    with_minima += p->geometry.intermediate_minima > 0 ? 1 : 0;
  }
  const TortuositySummary s = tortuosity_summary(l, c);
  return {{"paths", paths.size()},
          {"converged", converged},
          {"with_intermediate_minima", with_minima},
          {"fitted", s.paths},
          {"delta", json_number(s.delta)},
          {"delta_standard_error", json_number(s.delta_standard_error)},
          {"prefactor", json_number(s.prefactor)},
          {"ratio_median", json_number(s.ratio_median)},
          {"ratio_max", json_number(s.ratio_max)}};
}

/// Per strain, then over all strains together.
nlohmann::json analyse_paths(const std::vector<EventPath>& all, const TortuosityPlan& plan) {
  nlohmann::json per_strain = nlohmann::json::array();
  std::vector<const EventPath*> every;
  for (const StrainPaths& sp : plan.strains) {
    std::vector<const EventPath*> here;
    for (const EventPath& p : all)
      if (p.strain == sp.strain) here.push_back(&p);
    nlohmann::json j = {{"strain", sp.strain}, {"saddles_below_limit", sp.below_limit}};
    j.update(summary_json(here));
    per_strain.push_back(j);
    every.insert(every.end(), here.begin(), here.end());
  }
  return {{"strains", per_strain}, {"all_strains", summary_json(every)}};
}

/// One CSV row per path (docs/formats.md "tortuosity table").
void write_paths_csv(const std::string& path, const std::vector<EventPath>& all, const std::vector<long>& ids) {
  std::ostringstream csv;
  csv.precision(10);
  csv << "saddle,strain,barrier_eV,contour_length_A,end_to_end_A,ratio,intermediate_minima,outcome,band_barrier_eV,"
         "polygon_length_A,through_saddle,moving_atoms,force_calls\n";
  for (const EventPath& p : all) {
    const PathGeometry& g = p.geometry;
    csv << p.saddle << "," << p.strain << "," << p.barrier << "," << g.contour_length << "," << g.end_to_end << ","
        << g.ratio << "," << g.intermediate_minima << "," << to_string(p.outcome) << "," << p.band_barrier << ","
        << g.polygon_length << "," << (p.through_saddle ? "true" : "false") << ",";
    for (std::size_t k = 0; k < p.moving_atoms.size(); ++k) csv << (k ? " " : "") << ids.at(p.moving_atoms[k]);
    csv << "," << p.force_calls << "\n";
  }
  write_file_atomically(path, csv.str());
}

/// The sample the dump shows at `strain`: the first minimum the catalog stored at it (the
/// reference every other state at that strain is stored against), in the cell at that strain.
Configuration sample_at(const Catalog& c, double strain) {
  for (std::size_t v = 0; v < c.minima(); ++v)
    if (std::abs(c.minimum(v).strain - strain) <= c.tolerances().strain) return minimum_snapshot(c, v).atoms;
  throw std::logic_error("tortuosity: no minimum at a strain the catalog holds");
}

/// Liu & Fan's Fig. 4 labels: one frame per strain (the plan's order, timestep = frame index),
/// each atom with the largest C/L of the converged paths it takes part in (0: none) and their
/// number. A path cut short has no trusted shape, so it labels no atom.
void write_event_atoms_dump(const std::string& path, const Catalog& c, const std::vector<EventPath>& all,
                            const TortuosityPlan& plan) {
  LammpsDumpWriter dump(path);
  for (std::size_t k = 0; k < plan.strains.size(); ++k) {
    const double g = plan.strains[k].strain;
    const Configuration sample = sample_at(c, g);
    std::vector<double> largest(sample.size(), 0.0), events(sample.size(), 0.0);
    for (const EventPath& p : all) {
      if (p.strain != g || p.outcome != PathOutcome::converged) continue;
      for (std::size_t i : p.moving_atoms) {
        largest.at(i) = std::max(largest[i], p.geometry.ratio);
        events[i] += 1.0;
      }
    }
    FrameData frame;
    frame.step = static_cast<long>(k);
    frame.columns = {{"C_over_L_max", &largest}, {"events", &events}};
    dump.write(sample, frame);
  }
}

}  // namespace

nlohmann::json run_tortuosity(const Input& in) {
  System s = load_system(in);
  const Catalog catalog = catalog_to_map(in, s);
  const TortuosityPlan plan = plan_tortuosity(in, catalog);
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<EventPath> all = collect_paths(run_paths(plan, catalog, *s.potential), plan);
  if (!parallel().root()) return nullptr;
  long force_calls = 0;
  for (const EventPath& p : all) force_calls += p.force_calls;
  nlohmann::json out = {{"task", "tortuosity"},
                        {"natoms", s.config.size()},
                        {"max_barrier", plan.params.max_barrier},
                        {"ranks", parallel().size},
                        {"force_calls", force_calls}};
  out.update(analyse_paths(all, plan));
  out["wall_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out["output"] = nlohmann::json::object();
  if (in.has("output.table")) {
    write_paths_csv(in.get_path("output.table"), all, catalog.atoms().ids);
    out["output"]["table"] = in.get_path("output.table");
  }
  if (in.has("output.dump")) {
    write_event_atoms_dump(in.get_path("output.dump"), catalog, all, plan);
    out["output"]["dump"] = in.get_path("output.dump");
  }
  return out;
}

}  // namespace metabasin
