// SPDX-License-Identifier: BSD-3-Clause
#include "kmc_task.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "catalog_file.hpp"
#include "catalog_kmc.hpp"
#include "error.hpp"
#include "inherent_sequence.hpp"
#include "fits.hpp"
#include "number_format.hpp"
#include "options.hpp"
#include "setup.hpp"
#include "thermo_log.hpp"
#include "units.hpp"

namespace metabasin {

namespace {

KmcParams kmc_params(const Input& in) {
  KmcParams p;
  p.strain_rate = in.get_positive("kmc.rate");
  p.strain_increment = in.get_positive("kmc.strain_increment");
  p.target_strain = in.get_positive("kmc.max_strain");
  if (in.short_mode()) p.target_strain = std::min(p.target_strain, 2 * p.strain_increment);
  p.max_steps = in.get_int("kmc.max_steps");
  p.superbasins = in.get_bool("kmc.superbasins");
  p.flicker_barrier = in.get_positive("kmc.flicker_barrier");
  p.flicker_visits = static_cast<int>(in.get_int("kmc.flicker_visits"));
  p.flicker_per_window = in.get_real("kmc.flicker_per_window");
  p.seed = static_cast<unsigned long>(in.get_int("kmc.seed"));
  check_kmc_params(p);
  return p;
}

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

}  // namespace

nlohmann::json run_kmc_task(const Input& in) {
  System s = load_system(in);
  if (!in.has("output.catalog"))
    throw InputError("key 'output.catalog' is required for task kmc: the catalog the rates come from and grow into");
  if (!s.config.box.periodic[0] || !s.config.box.periodic[1])
    throw InputError("task kmc needs system.boundary periodic along x and y");
  KmcParams kp = kmc_params(in);
  CatalogKmcParams cp;
  cp.temperature = in.get_positive("kmc.temperature");
  cp.prefactor = in.get_positive("kmc.prefactor");
  cp.min_exits = static_cast<int>(in.get_int("kmc.min_exits"));
  if (cp.min_exits < 0) throw InputError("key 'kmc.min_exits' must not be negative");
  cp.window_searches = static_cast<int>(in.get_int("kmc.window_searches"));
  cp.search_confined = in.get_bool("kmc.search_confined");
  if (cp.window_searches < 0) throw InputError("key 'kmc.window_searches' must not be negative");
  cp.search = abc_params(in, s);
  cp.searches = static_cast<int>(in.get_int("kmc.searches"));
  if (cp.searches < 1) throw InputError("key 'kmc.searches' must be at least 1");
  cp.search_patience = static_cast<int>(in.get_int("kmc.search_patience"));
  if (cp.search_patience < 0) throw InputError("key 'kmc.search_patience' must not be negative");
  cp.search_region_radius = in.get_real("kmc.search_region_radius");
  if (cp.search_region_radius < 0.0) throw InputError("key 'kmc.search_region_radius' must not be negative");
  cp.search_method = in.get_string("kmc.search_method");
  if (cp.search_method != "abc" && cp.search_region_radius > 0.0)
    throw InputError("key 'kmc.search_region_radius' picks ABC's penalized atoms; with kmc.search_method " +
                     cp.search_method + " it has no meaning (art pushes the atoms within art.push_radius of a random "
                     "atom, md moves every atom)");
  cp.search_time_method = in.get_string("kmc.search_time_method");
  auto uses = [&](const char* m) { return cp.search_method == m || cp.search_time_method == m; };
  if (uses("art") || uses("softmode")) cp.art = art_params(in);
  if (cp.search_method == "md") {
    cp.dynamics.temperature = cp.temperature;
    cp.dynamics.dt = in.get_positive("md.dt");
    cp.dynamics.t_damp = in.get_positive("md.tdamp");
    cp.dynamics.check_interval = in.get_positive("kmc.md_search_check");
    cp.dynamics.max_time = in.get_positive("kmc.md_search_time");
    cp.dynamics.follow = in.get_bool("kmc.md_search_follow");
    if (cp.dynamics.check_interval < cp.dynamics.dt)
      throw InputError("key 'kmc.md_search_check' (" + brief(cp.dynamics.check_interval) +
                       " ps) must be at least one MD step (md.dt " + brief(cp.dynamics.dt) + " ps)");
  }
  cp.vineyard_radius = in.get_real("kmc.vineyard_radius");
  if (cp.vineyard_radius < 0.0) throw InputError("key 'kmc.vineyard_radius' must not be negative");
  cp.vineyard_soft_amplitude = in.get_real("kmc.vineyard_soft_amplitude");
  if (cp.vineyard_soft_amplitude < 0.0) throw InputError("key 'kmc.vineyard_soft_amplitude' must not be negative");
  if (cp.vineyard_soft_amplitude > 0.0 && !(cp.vineyard_radius > 0.0))
    throw InputError("key 'kmc.vineyard_soft_amplitude' needs kmc.vineyard_radius > 0 (it caps the Vineyard entropy)");
  if (cp.search_region_radius > 0.0 && (in.has("abc.atoms") || in.has("abc.region_centre")))
    throw InputError("key 'kmc.search_region_radius' picks the penalized atoms itself; drop abc.atoms / abc.region_centre");
  cp.marginal_barrier = in.get_real("kmc.marginal_barrier");
  if (!std::isfinite(cp.marginal_barrier) || cp.marginal_barrier < 0.0)
    throw InputError("key 'kmc.marginal_barrier' must be a finite number >= 0 (eV)");
  cp.search_time_ratio = in.get_real("kmc.search_time_ratio");
  if (!std::isfinite(cp.search_time_ratio) || cp.search_time_ratio < 0.0)
    throw InputError("key 'kmc.search_time_ratio' must be a finite number >= 0");
  if (cp.search_time_ratio > 0.0 && cp.search_method != "md")
    throw InputError("key 'kmc.search_time_ratio' compares the walk's time with the MD time of dynamics searches; it "
                     "needs kmc.search_method md (here " + cp.search_method + ")");
  if (in.has("kmc.search_time_method") && !(cp.search_time_ratio > 0.0))
    throw InputError("key 'kmc.search_time_method' picks the searches kmc.search_time_ratio starts; set that ratio too");
  cp.search_time_rounds = static_cast<int>(in.get_int("kmc.search_time_rounds"));
  if (cp.search_time_rounds < 1) throw InputError("key 'kmc.search_time_rounds' must be at least 1");
  cp.reevaluation = reevaluation_params(in);
  const long progress = in.get_int("output.progress");

  const MinimizeResult m = relax(s.config, *s.potential, cp.search.relax);
  if (!m.converged() && !in.short_mode())
    throw InputError("system.data '" + in.get_path("system.data") + "' did not relax to a minimum (" +
                     to_string(m.reason) + "); relax it first (task minimize) or loosen minimize.fmax");
  const std::string path = in.get_path("output.catalog");
  Catalog catalog = open_catalog(path, s.config, potential_signature(in), catalog_tolerances(in, s));
  cp.reevaluation.rigid = catalog.tolerances().rigid;
  cp.dynamics.refine = cp.reevaluation;  // quench, same-state test and saddle refinement as for re-evaluation
  ForceResult fr;
  s.potential->compute(s.config, fr);
  const double sigma0 = fr.virial[3] / s.config.box.volume() * units::ev_per_a3_to_gpa;
  const auto start = catalog.add_minimum(
      {fr.energy, Eigen::Map<const VectorXd>(s.config.x.data(), s.config.x.size()), 0.0, "start", 0, sigma0});
  const std::size_t minima0 = catalog.minima(), saddles0 = catalog.saddles();

  // A resumed walk goes on from the last frame of its sequence: the minimum it held at the end
  // of that window (taken from the catalog, or added back if the catalog was saved before it).
  const bool resume = in.get_bool("kmc.resume");
  if (resume && !in.has("output.sequence"))
    throw InputError("key 'kmc.resume' needs output.sequence (the frames the walk continues from)");
  std::unique_ptr<InherentSequenceWriter> seq;
  std::vector<double> strains, stresses;
  std::size_t first_state = start.index;
  std::optional<SequenceFrame> resumed;
  if (in.has("output.sequence")) {
    const std::string seq_path = in.get_path("output.sequence");
    const bool reopen = resume && std::filesystem::exists(seq_path);
    if (reopen) {
      InherentSequenceReader r(seq_path);
      strains = r.strains();
      stresses = r.shear_stresses();
    }
    seq = std::make_unique<InherentSequenceWriter>(seq_path, s.config, reopen);
    strains.resize(seq->size());
    stresses.resize(seq->size());
    if (reopen && seq->size() > 0) {
      resumed = seq->last();
      kp.first_window = std::lround(resumed->strain / kp.strain_increment);
      if (std::abs(strain_step(0.0, kp.first_window, kp.strain_increment) - resumed->strain) > 1e-9)
        throw InputError("key 'kmc.resume': the last frame of '" + seq_path + "' lies at strain " +
                         brief(resumed->strain) + ", not at the end of a window of kmc.strain_increment " +
                         brief(kp.strain_increment) + " (a sequence of another run?)");
      if (kp.first_window > 0 && std::abs(resumed->time * kp.strain_rate / resumed->strain - 1.0) > 1e-6)
        throw InputError("key 'kmc.resume': '" + seq_path + "' was written at " +
                         brief(resumed->strain / resumed->time) + " 1/s, not kmc.rate " + brief(kp.strain_rate));
      first_state = catalog
                        .add_minimum({resumed->energy, resumed->positions, resumed->strain, "resume", 0,
                                      -resumed->shear_stress})
                        .index;
      std::cerr << "kmc: resuming " << seq_path << " at strain " << brief(resumed->strain) << " in minimum "
                << first_state << " (" << seq->size() << " frames)" << std::endl;
    }
  }
  TableWriter table;
  if (in.has("output.table")) {
    const std::vector<std::string> columns{"strain", "shear_stress_GPa", "pe_eV", "time_s", "state"};
    const std::string comment = "kmc at " + brief(cp.temperature) + " K, " + brief(kp.strain_rate) +
                                " 1/s; shear_stress = -pxy of the inherent structure at each strain window";
    const std::string path = in.get_path("output.table");
    if (resumed) {
      // The rows of the frames kept (a kill may have left one row more, or one fewer).
      std::vector<std::vector<double>> rows = read_table_rows(path);
      while (!rows.empty() && rows.back()[0] > resumed->strain + 1e-12) rows.pop_back();
      if (rows.empty() || std::abs(rows.back()[0] - resumed->strain) > 1e-12)
        rows.push_back({resumed->strain, resumed->shear_stress, resumed->energy, resumed->time,
                        static_cast<double>(first_state)});
      const std::string fresh = path + ".new";
      {
        TableWriter rewritten(fresh, columns, comment);
        for (const auto& r : rows) rewritten.row(r);
      }
      std::filesystem::rename(fresh, path);
      table = TableWriter(path, columns, comment, std::filesystem::file_size(path));
    } else {
      table = TableWriter(path, columns, comment);
    }
  }
  auto record = [&](std::size_t v, double strain) {
    if (std::isnan(catalog.minimum(v).shear_stress))
      catalog.set_shear_stress(v, shear_stress(catalog.atoms(), catalog.box_at(catalog.minimum(v).strain),
                                               catalog.minimum(v).positions, *s.potential));
    const InherentStructure& ms = catalog.minimum(v);
    const double tau = -ms.shear_stress;
    const double time = strain / kp.strain_rate;
    if (seq) seq->append({strain, time, ms.energy, tau, ms.positions});
    table.row({strain, tau, ms.energy, time, static_cast<double>(v)});
    strains.push_back(strain);
    stresses.push_back(tau);
    if (progress > 0 && static_cast<long>(strains.size()) % progress == 0)
      std::cerr << "kmc: strain " << brief(strain) << "  tau " << brief(tau) << " GPa  state " << v << "  catalog "
                << catalog.minima() << " minima, " << catalog.saddles() << " saddles" << std::endl;
  };
  if (!resumed) record(start.index, 0.0);

  RecordedCatalogModel model(catalog, *s.potential, cp, [&]() { save_catalog(path, catalog); });
  model.record = record;
  const auto t0 = std::chrono::steady_clock::now();
  const KmcRun run = run_kmc(model, first_state, kp);
  save_catalog(path, catalog);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return {{"task", "kmc"},
          {"natoms", s.config.size()},
          {"temperature_K", cp.temperature},
          {"strain_rate_per_s", kp.strain_rate},
          {"strain", run.strain},
          {"time_s", run.time},
          {"steps", run.steps},
          {"hops", run.hops},
          {"superbasin_escapes", run.superbasin_escapes},
          {"superbasins_refused", run.superbasins_refused},
          {"steps_saved_by_superbasins", run.steps_saved},
          {"athermal_jumps", run.athermal_jumps},
          {"strain_windows", run.windows},
          {"stop_reason", run.stop_reason},
          {"start_state", first_state},
          {"resumed_from_strain", resumed ? nlohmann::json(resumed->strain) : nlohmann::json(nullptr)},
          {"flow_stress_GPa", flow_stress(strains, stresses, 0.7 * kp.target_strain)},
          {"searches", model.searches()},
          {"search_force_calls", model.search_force_calls()},
          {"dynamics_exits", model.dynamics_exits()},
          {"dynamics_mean_exit_time_ps", model.dynamics_mean_exit_time()},
          {"dynamics_saddles_refined", model.dynamics_refined()},
          {"dynamics_group_searches", model.dynamics_group_searches()},
          {"dynamics_followed_hops", model.dynamics_followed()},
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
          {"time_search_capped", model.time_search_capped()},
          {"catalog", {{"minima", catalog.minima()},
                       {"saddles", catalog.saddles()},
                       {"new_minima", catalog.minima() - minima0},
                       {"new_saddles", catalog.saddles() - saddles0}}},
          {"force_calls", s.potential->force_calls()},
          {"wall_seconds", wall},
          {"wall_seconds_per_window", run.windows ? wall / static_cast<double>(run.windows) : 0.0},
          {"output", {{"catalog", path}}}};
}

}  // namespace metabasin
