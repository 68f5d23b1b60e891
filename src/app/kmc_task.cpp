// SPDX-License-Identifier: BSD-3-Clause
#include "kmc_task.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "search_team.hpp"
#include "catalog_file.hpp"
#include "catalog_kmc.hpp"
#include "error.hpp"
#include "inherent_sequence.hpp"
#include "fits.hpp"
#include "number_format.hpp"
#include "options.hpp"
#include "options_rate.hpp"
#include "output_path.hpp"
#include "parallel.hpp"
#include "progress.hpp"
#include "setup.hpp"
#include "shear_stress.hpp"
#include "strain_run.hpp"
#include "thermo_log.hpp"
#include "units.hpp"

namespace metabasin {

namespace {

// The catalog model, recording the inherent structure the system sits in at each strain window.
class RecordedCatalogModel : public CatalogRateModel {
 public:
  using CatalogRateModel::CatalogRateModel;
  std::function<void(std::size_t, double)> record;
  std::size_t strain_to(std::size_t state, double strain) override {
    const std::size_t now = CatalogRateModel::strain_to(state, strain);
    if (record) record(now, strain);
    return now;
  }
};

// The walk's record: its inherent-structure sequence (a resumed walk goes on from its last
// frame) and the series of the table.
struct KmcRecord {
  std::unique_ptr<InherentSequenceWriter> seq;
  std::vector<double> strains, stresses;
  std::optional<SequenceFrame> resumed;
  std::size_t first_state = 0;
};

// A loaded walk resumed from the frame `last` of seq_path starts at the end of its window.
void resume_loaded_window(const std::string& seq_path, const SequenceFrame& last, KmcParams& kp) {
  kp.first_window = std::lround(last.strain / kp.strain_increment);
  if (std::abs(strain_step(0.0, kp.first_window, kp.strain_increment) - last.strain) > 1e-9)
    throw InputError("key 'kmc.resume': the last frame of '" + seq_path + "' lies at strain " + brief(last.strain) +
                     ", not at the end of a window of kmc.strain_increment " + brief(kp.strain_increment) +
                     " (a sequence of another run?)");
  if (kp.first_window == 0 && last.time > 0.0)
    throw InputError("key 'kmc.resume': '" + seq_path + "' is a held walk's sequence (" + brief(last.time) +
                     " s at strain 0); continue it with kmc.hold_time");
  if (kp.first_window > 0 && std::abs(last.time * kp.strain_rate / last.strain - 1.0) > 1e-6)
    throw InputError("key 'kmc.resume': '" + seq_path + "' was written at " + brief(last.strain / last.time) +
                     " 1/s, not kmc.rate " + brief(kp.strain_rate));
}

// A resumed walk goes on from the last frame of its sequence: the minimum it held at the end
// of that window (taken from the catalog, or added back if the catalog was saved before it).
KmcRecord open_kmc_record(const StrainRunRequest& rq, const System& s, KmcParams& kp, Catalog& catalog,
                          std::size_t start) {
  KmcRecord r;
  r.first_state = start;
  if (rq.out.sequence.empty()) return r;
  const std::string& seq_path = rq.out.sequence;
  const bool reopen = rq.resume && std::filesystem::exists(seq_path);
  if (reopen) {
    InherentSequenceReader old(seq_path);
    r.strains = old.strains();
    r.stresses = old.shear_stresses();
  }
  r.seq = std::make_unique<InherentSequenceWriter>(seq_path, s.config, reopen);
  r.strains.resize(r.seq->size());
  r.stresses.resize(r.seq->size());
  if (!reopen || r.seq->size() == 0) return r;
  const SequenceFrame last = r.seq->last();
  r.resumed = last;
  if (kp.hold_window > 0) {  // held: windows counted in time
    kp.first_window = std::lround(last.time / kp.hold_window);
    if (std::abs(static_cast<double>(kp.first_window) * kp.hold_window - last.time) > 1e-6 * kp.hold_window)
      throw InputError("key 'kmc.resume': the last frame of '" + seq_path + "' lies at " + brief(last.time) +
                       " s, not at the end of a held window of " + brief(kp.hold_window) +
                       " s (kmc.strain_increment / kmc.rate; a sequence of another run?)");
    if (last.strain != 0.0)
      throw InputError("key 'kmc.resume': '" + seq_path + "' ends at strain " + brief(last.strain) +
                       ": a loaded walk's sequence, which kmc.hold_time cannot continue");
  } else {
    resume_loaded_window(seq_path, last, kp);
  }
  // The sequence holds tau = -P_xy; the catalog P_xy.
  const double pxy = -last.shear_stress;
  r.first_state = catalog.add_minimum({last.energy, last.positions, last.strain, "resume", 0, pxy}).index;
  std::cerr << "kmc: resuming " << seq_path << " at strain " << brief(last.strain) << " in minimum " << r.first_state
            << " (" << r.seq->size() << " frames)" << std::endl;
  return r;
}

TableWriter open_kmc_table(const std::string& path, const CatalogKmcParams& cp, const KmcParams& kp,
                           const KmcRecord& r) {
  if (path.empty()) return {};
  const std::vector<std::string> columns{"strain", "shear_stress_GPa", "pe_eV", "time_s", "state"};
  const bool held = kp.hold_window > 0;
  const std::string comment =
      "kmc at " + brief(cp.temperature) + " K, " +
      (held ? "held at its strain in windows of " + brief(kp.hold_window) + " s" : brief(kp.strain_rate) + " 1/s") +
      "; shear_stress = -pxy of the inherent structure at each window's end";
  if (!r.resumed) return TableWriter(path, columns, comment);
  // The rows of the frames kept (a kill may have left one row more, or one fewer): rows run in
  // strain, or in time when held.
  const SequenceFrame& last = *r.resumed;
  const std::size_t column = held ? 3 : 0;
  const double end = held ? last.time : last.strain, slack = held ? 1e-9 * kp.hold_window : 1e-12;
  std::vector<std::vector<double>> rows = read_table_rows(path);
  while (!rows.empty() && rows.back()[column] > end + slack) rows.pop_back();
  if (rows.empty() || std::abs(rows.back()[column] - end) > slack)
    rows.push_back({last.strain, last.shear_stress, last.energy, last.time, static_cast<double>(r.first_state)});
  write_atomically(path, [&](const std::string& tmp) {
    TableWriter rewritten(tmp, columns, comment);
    for (const auto& row : rows) rewritten.row(row);
  });
  return TableWriter(path, columns, comment, std::filesystem::file_size(path));
}

nlohmann::json kmc_report(const KmcRun& run, const RecordedCatalogModel& model) {
  return {{"steps", run.steps},
          {"hops", run.hops},
          {"superbasin_escapes", run.superbasin_escapes},
          {"superbasins_refused", run.superbasins_refused},
          {"steps_saved_by_superbasins", run.steps_saved},
          {"athermal_jumps", run.athermal_jumps},
          {"strain_windows", run.windows},
          {"pending_exits_drawn", run.resolved},
          {"null_events", run.null_events},
          {"stop_reason", run.stop_reason},
          {"searches", model.searches()},
          {"searched_minima", model.searched_minima()},
          {"known_minima", model.known_minima()},
          {"search_force_calls", model.search_force_calls()},
          {"dynamics_exits", model.dynamics_exits()},
          {"dynamics_mean_exit_time_ps", model.dynamics_mean_exit_time()},
          {"dynamics_saddles_refined", model.dynamics_refined()},
          {"dynamics_group_searches", model.dynamics_group_searches()},
          {"dynamics_followed_hops", model.dynamics_followed()},
          {"carry_estimates", model.carry_estimates()},
          {"carry_duplicates", model.carry_duplicates()},
          {"carried_events", model.carried_events()},
          {"carry_refused", model.carry_refused()},
          {"start_side_carried", model.start_side_carried()},
          {"start_side_refused", model.start_side_refused()},
          {"carry_force_calls", model.carry_force_calls()},
          {"reevaluation_force_calls", model.reevaluation_force_calls()},
          {"reused_saddles", model.reused_saddles()},
          {"vanished_saddles", model.vanished_saddles()},
          {"vineyard_prefactors", model.vineyard_prefactors()},
          {"vineyard_from_minima_only", model.vineyard_from_minima_only()},
          {"vineyard_failures", model.vineyard_failures()},
          {"first_vineyard_failure", model.first_vineyard_failure()},
          {"vineyard_force_calls", model.vineyard_force_calls()},
          {"marginal_minima", model.marginal_minima()},
          {"time_searches", model.time_searches()},
          {"time_search_capped", model.time_search_capped()}};
}

// The sample relaxed: strain 0 of the walk and the catalog's reference.
void relax_start(const Input& in, System& s, const CatalogKmcParams& cp) {
  const MinimizeResult m = relax(s.config, *s.potential, cp.search.relax);
  if (!m.converged() && !in.short_mode())
    throw InputError("system.data '" + in.get_path("system.data") + "' did not relax to a minimum (" +
                     to_string(m.reason) + "); relax it first (task minimize) or loosen minimize.fmax");
}

// The relaxed sample as the catalog's minimum at strain 0.
std::size_t add_start(System& s, Catalog& catalog) {
  ForceResult fr;
  s.potential->compute(s.config, fr);
  return catalog
      .add_minimum({fr.energy, Eigen::Map<const VectorXd>(s.config.x.data(), s.config.x.size()), 0.0, "start", 0,
                    pressure_xy(fr, s.config.box)})
      .index;
}

// The typed result and the task's JSON report.
StrainRunResult kmc_result(const KmcRun& run, const RecordedCatalogModel& model, const Catalog& catalog,
                           const KmcRecord& rec, const KmcParams& kp, const CatalogKmcParams& cp, const System& s,
                           std::size_t minima0, std::size_t saddles0, const std::string& path, double wall) {
  StrainRunResult res;
  res.method = "kmc";
  res.nominal_rate = kp.strain_rate;
  res.strain = res.inherent_strain = rec.strains;
  res.stress = res.inherent_stress = rec.stresses;
  res.strain_reached = run.strain;
  res.flow_from_strain = steady_flow_start(kp.target_strain);
  // A held walk has no flow: its table is the stress against time.
  res.flow_stress = kp.hold_window > 0 ? std::nan("") : flow_stress(rec.strains, rec.stresses, res.flow_from_strain);
  res.peak_stress = largest(rec.stresses);
  res.force_calls = s.potential->force_calls();
  res.wall_seconds = wall;
  res.stop_reason = run.stop_reason;
  res.report = kmc_report(run, model);
  nlohmann::json& j = res.report;
  j.update({{"task", "kmc"},
            {"natoms", s.config.size()},
            {"temperature_K", cp.temperature},
            {"strain_rate_per_s", kp.strain_rate},
            {"strain", run.strain},
            {"time_s", run.time},
            {"hold_window_s", kp.hold_window > 0 ? nlohmann::json(kp.hold_window) : nlohmann::json(nullptr)},
            {"start_state", rec.first_state},
            {"resumed_from_strain", rec.resumed ? nlohmann::json(rec.resumed->strain) : nlohmann::json(nullptr)},
            {"flow_stress_GPa", res.flow_stress},
            {"flow_stress_from_strain", res.flow_from_strain},
            {"catalog", {{"minima", catalog.minima()},
                         {"saddles", catalog.saddles()},
                         {"new_minima", catalog.minima() - minima0},
                         {"new_saddles", catalog.saddles() - saddles0}}},
            {"force_calls", res.force_calls},
            {"wall_seconds", wall},
            {"wall_seconds_per_window", run.windows ? wall / static_cast<double>(run.windows) : 0.0},
            {"output", {{"catalog", path}}}});
  return res;
}

}  // namespace

StrainRunResult run_kmc_run(const Input& in, const StrainRunRequest& rq, SearchRunner* runner) {
  System s = load_system(in);
  if (rq.out.catalog.empty()) throw InputError("task kmc needs a catalog (output.catalog) to take its rates from");
  if (!s.config.box.periodic[0] || !s.config.box.periodic[1])
    throw InputError("task kmc needs system.boundary periodic along x and y");
  KmcParams kp = kmc_params(in, rq);
  CatalogKmcParams cp = catalog_kmc_params(in, s, rq);
  const long progress = in.get_int("output.progress");
  const std::string& path = rq.out.catalog;
  relax_start(in, s, cp);
  Catalog catalog = open_catalog(path, s.config, potential_signature(in), catalog_tolerances(in, s));
  cp.reevaluation.rigid = catalog.tolerances().rigid;
  cp.dynamics.refine = cp.reevaluation;  // quench, same-state test and saddle refinement as for re-evaluation
  const std::size_t start = add_start(s, catalog);
  const std::size_t minima0 = catalog.minima(), saddles0 = catalog.saddles();
  KmcRecord rec = open_kmc_record(rq, s, kp, catalog, start);
  TableWriter table = open_kmc_table(rq.out.table, cp, kp, rec);
  // Fraction done and ETA in strain, or in time for a held walk (output.progress 0 keeps stderr quiet).
  const bool held = kp.hold_window > 0;
  Progress bar("kmc", held ? kp.max_time : kp.target_strain);
  auto record = [&](std::size_t v, double strain) {
    const VectorXd x = catalog.minimum_positions(v);
    if (std::isnan(catalog.minimum(v).pressure_xy))
      catalog.set_pressure_xy(v, pressure_xy(catalog.atoms(), catalog.box_at(catalog.minimum(v).strain), x,
                                             *s.potential));
    const InherentStructure& ms = catalog.minimum(v);
    const double tau = shear_stress_from_pressure_xy(ms.pressure_xy);
    // A held walk records at the end of each window (its strain stays).
    const double time = held ? static_cast<double>(rec.strains.size()) * kp.hold_window : strain / kp.strain_rate;
    if (rec.seq) rec.seq->append({strain, time, ms.energy, tau, x});
    table.row({strain, tau, ms.energy, time, static_cast<double>(v)});
    rec.strains.push_back(strain);
    rec.stresses.push_back(tau);
    if (progress > 0)
      bar.update(held ? time : strain, (held ? brief(time) + " s" : "strain " + brief(strain)) + ", tau " + brief(tau) + " GPa, state " + std::to_string(v) +
                             ", catalog " + std::to_string(catalog.minima()) + " minima, " +
                             std::to_string(catalog.saddles()) + " saddles");
  };
  if (!rec.resumed) record(start, 0.0);
  CatalogFile file(path, catalog);
  RecordedCatalogModel model(catalog, *s.potential, cp, [&]() { file.save(); });
  model.record = record;
  model.set_search_runner(runner);
  const auto t0 = std::chrono::steady_clock::now();
  const KmcRun run = run_kmc(model, rec.first_state, kp);
  file.save();
  if (progress > 0) bar.finish((held ? brief(run.time) + " s" : "strain " + brief(run.strain)) + ", " + run.stop_reason);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return kmc_result(run, model, catalog, rec, kp, cp, s, minima0, saddles0, path, wall);
}

nlohmann::json run_kmc_task(const Input& in) {
  const StrainRunRequest rq = kmc_request(in);
  if (parallel().size == 1) return run_kmc_run(in, rq).report;
  // Under MPI rank 0 walks and writes, and every rank runs a share of its searches.
  System s = load_system(in);
  CatalogKmcParams cp = catalog_kmc_params(in, s, rq);
  cp.reevaluation.rigid = catalog_tolerances(in, s).rigid;  // as run_kmc_run has them from the catalog
  cp.dynamics.refine = cp.reevaluation;
  if (!parallel().root()) {
    serve_searches(std::move(s), cp);
    return {};
  }
  const auto spread = [](const std::string& m) { return m == "art" || m == "softmode" || m == "md"; };
  if (!spread(cp.search_method) && !(cp.search_time_ratio > 0.0 && spread(cp.search_time_method)))
    std::cerr << "kmc: warning: ABC searches do not spread over MPI ranks; " << idle_ranks() << std::endl;
  MpiSearchTeam team(std::move(s), cp);
  nlohmann::json report = run_kmc_run(in, rq, &team).report;
  report["ranks"] = parallel().size;
  return report;
}

}  // namespace metabasin
