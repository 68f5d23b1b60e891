// SPDX-License-Identifier: BSD-3-Clause
#include "abc_task.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <optional>

#include "abc.hpp"
#include "abc_catalog.hpp"
#include "catalog_file.hpp"
#include "error.hpp"
#include "number_format.hpp"
#include "saddle_tasks.hpp"
#include "setup.hpp"

namespace metabasin {

AbcParams abc_params(const Input& in, const System& s) {
  AbcParams p;
  p.penalty.form = in.get_string("abc.penalty");
  p.penalty.height = in.get_positive("abc.height");
  p.penalty.width = in.get_positive("abc.width");
  if (in.has("abc.atoms"))
    for (long id : in.get_ints("abc.atoms")) {
      const auto it = std::find(s.config.ids.begin(), s.config.ids.end(), id);
      if (it == s.config.ids.end())
        throw InputError("key 'abc.atoms' names atom ID " + std::to_string(id) + ", which the data file does not have");
      p.penalty.atoms.push_back(static_cast<std::size_t>(it - s.config.ids.begin()));
    }
  if (in.has("abc.region_centre") != in.has("abc.region_radius"))
    throw InputError("keys 'abc.region_centre' and 'abc.region_radius' go together");
  if (in.has("abc.region_centre")) {
    if (in.has("abc.atoms")) throw InputError("give either 'abc.atoms' or 'abc.region_centre', not both");
    const long id = in.get_int("abc.region_centre");
    const auto it = std::find(s.config.ids.begin(), s.config.ids.end(), id);
    if (it == s.config.ids.end())
      throw InputError("key 'abc.region_centre' names atom ID " + std::to_string(id) + ", which the data file does not have");
    p.penalty.atoms = atoms_within(s.config, static_cast<std::size_t>(it - s.config.ids.begin()),
                                   in.get_positive("abc.region_radius"));
  }
  p.max_penalties = static_cast<int>(in.get_int("abc.max_penalties"));
  if (p.max_penalties < 1) throw InputError("key 'abc.max_penalties' must be at least 1");
  if (in.short_mode()) p.max_penalties = std::min<int>(p.max_penalties, 20);
  const double q0 = in.get_real("abc.q0");
  if (q0 < 0.0) throw InputError("key 'abc.q0' must not be negative (0 = no barrier limit)");
  if (q0 > 0.0) p.q0 = q0;
  p.kick = in.get_real("abc.kick");
  if (p.kick < 0.0) throw InputError("key 'abc.kick' must not be negative");
  p.seed = static_cast<unsigned>(in.get_int("abc.seed"));
  p.same_state_tolerance = in.get_positive("abc.same_state_tolerance");
  p.relax = minimize_params(in);
  p.penalized_fmax = in.get_positive("abc.penalized_fmax");
  p.refine_saddles = in.get_bool("abc.refine");
  p.refine.fmax = in.get_positive("abc.fmax");
  p.refine.max_move = in.get_positive("abc.max_move");
  return p;
}

nlohmann::json run_abc(const Input& in) {
  System s = load_system(in);
  const AbcParams p = abc_params(in, s);
  // ABC starts from the minimum its start relaxes to.
  const MinimizeResult relaxed = relax(s.config, *s.potential, p.relax);
  if (!relaxed.converged())
    throw InputError("system.data '" + in.get_path("system.data") + "' did not relax to a minimum (" +
                     to_string(relaxed.reason) + "); relax it first (task minimize) or loosen minimize.fmax");
  std::optional<Catalog> catalog;
  const std::string path = in.has("output.catalog") ? in.get_path("output.catalog") : "";
  if (!path.empty()) catalog = open_catalog(path, s.config, potential_signature(in), catalog_tolerances(in, s));
  const double strain = catalog ? (s.config.box.xy - catalog->atoms().box.xy) / s.config.box.len[1] : 0.0;
  const auto t0 = std::chrono::steady_clock::now();
  long new_minima = 0, new_saddles = 0;
  nlohmann::json events = nlohmann::json::array();
  const AbcRun run = abc_run(s.config, *s.potential, p, [&](const AbcEvent& ev) {
    // An unrefined crossing point is no saddle (it can lie below the true lowest exit): it
    // has no barrier in the report, as it has none in the catalog.
    const bool refined = ev.refined_by != "none";
    const nlohmann::json none = nullptr;
    nlohmann::json j = {{"penalties", ev.penalties},
                        {"initial_energy", ev.initial_energy},
                        {"final_energy", ev.final_energy},
                        {"saddle_energy", refined ? nlohmann::json(ev.saddle.energy) : none},
                        {"barrier", refined ? nlohmann::json(ev.barrier) : none},
                        {"reverse_barrier", refined ? nlohmann::json(ev.saddle.energy - ev.final_energy) : none},
                        {"crossing_energy", ev.crossing_energy},
                        {"refined_by", ev.refined_by},
                        {"force_calls", ev.force_calls}};
    std::string barrier = refined ? "barrier " + brief(ev.barrier) + " eV (" + ev.refined_by + ")"
                                  : "unrefined crossing, no saddle or barrier";
    if (catalog) {
      const CatalogedEvent c = add_abc_event(*catalog, ev, strain, "abc");
      new_minima += (c.initial.is_new ? 1 : 0) + (c.final.is_new ? 1 : 0);
      new_saddles += c.new_saddle ? 1 : 0;
      // What is reported is what is stored: the stored saddle's barrier, or that none was stored.
      if (c.saddle) barrier = "barrier " + brief(catalog->saddle(*c.saddle).forward_barrier) + " eV (" + ev.refined_by + ")";
      else if (refined) barrier += ", not stored: both ends are one minimum";
      j["saddle_stored"] = c.saddle.has_value();
      // Saved before it is reported: what the log shows is on disk.
      save_catalog(path, *catalog);
    }
    std::cerr << "abc: event " << events.size() + 1 << " after " << ev.penalties << " penalties: " << barrier << ", "
              << ev.force_calls << " force calls"
              << (catalog ? "; catalog " + std::to_string(catalog->minima()) + " minima, " +
                                std::to_string(catalog->saddles()) + " saddles, saved"
                          : std::string())
              << std::endl;
    events.push_back(j);
    return true;
  });
  nlohmann::json out = {{"task", "abc"},
                        {"natoms", s.config.size()},
                        {"events", events},
                        {"penalties", run.penalties},
                        {"force_calls", run.force_calls},
                        {"force_calls_per_event",
                         run.events.empty() ? 0.0 : static_cast<double>(run.force_calls) / run.events.size()},
                        {"stop_reason", run.stop_reason},
                        {"wall_seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()},
                        {"output", nlohmann::json::object()}};
  if (catalog) {
    if (run.events.empty()) save_catalog(path, *catalog);
    out["catalog"] = {{"new_minima", new_minima},
                      {"new_saddles", new_saddles},
                      {"minima", catalog->minima()},
                      {"saddles", catalog->saddles()}};
    out["output"]["catalog"] = path;
  }
  return out;
}

}  // namespace metabasin
