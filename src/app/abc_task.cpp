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
#include "options.hpp"
#include "setup.hpp"

namespace metabasin {

namespace {

/// Task abc's record of each event as it arrives: into the catalog (saved before the event is
/// reported, so what the log shows is on disk), onto stderr, into the JSON list.
struct AbcEventRecorder {
  std::optional<Catalog>& catalog;
  CatalogFile* file = nullptr;
  double strain = 0.0;
  nlohmann::json events = nlohmann::json::array();
  long new_minima = 0, new_saddles = 0;

  bool operator()(const AbcEvent& ev) {
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
      if (c.saddle)
        barrier = "barrier " + brief(catalog->saddle(*c.saddle).forward_barrier) + " eV (" + ev.refined_by + ")";
      else if (refined)
        barrier += ", not stored: both ends are one minimum";
      j["saddle_stored"] = c.saddle.has_value();
      // Saved before it is reported: what the log shows is on disk.
      file->save();
    }
    std::cerr << "abc: event " << events.size() + 1 << " after " << ev.penalties << " penalties: " << barrier << ", "
              << ev.force_calls << " force calls"
              << (catalog ? "; catalog " + std::to_string(catalog->minima()) + " minima, " +
                                std::to_string(catalog->saddles()) + " saddles, saved"
                          : std::string())
              << std::endl;
    events.push_back(j);
    return true;
  }
};

}  // namespace

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
  std::optional<CatalogFile> file;
  if (!path.empty()) {
    catalog = open_catalog(path, s.config, potential_signature(in), catalog_tolerances(in, s));
    file.emplace(path, *catalog);
  }
  const double strain = catalog ? (s.config.box.xy - catalog->atoms().box.xy) / s.config.box.len[1] : 0.0;
  const auto t0 = std::chrono::steady_clock::now();
  AbcEventRecorder record{catalog, file ? &*file : nullptr, strain};
  const AbcRun run = abc_run(s.config, *s.potential, p, [&](const AbcEvent& ev) { return record(ev); });
  nlohmann::json out = {{"task", "abc"},
                        {"natoms", s.config.size()},
                        {"events", record.events},
                        {"penalties", run.penalties},
                        {"force_calls", run.force_calls},
                        {"force_calls_per_event",
                         run.events.empty() ? 0.0 : static_cast<double>(run.force_calls) / run.events.size()},
                        {"stop_reason", run.stop_reason},
                        {"wall_seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()},
                        {"output", nlohmann::json::object()}};
  if (catalog) {
    file->save();
    out["catalog"] = {{"new_minima", record.new_minima},
                      {"new_saddles", record.new_saddles},
                      {"minima", catalog->minima()},
                      {"saddles", catalog->saddles()}};
    out["output"]["catalog"] = path;
  }
  return out;
}

}  // namespace metabasin
