// SPDX-License-Identifier: BSD-3-Clause
#include "saddle_tasks.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>

#include "abc_catalog.hpp"
#include "art.hpp"
#include "search_wire.hpp"
#include "catalog_file.hpp"
#include "error.hpp"
#include "fits.hpp"
#include "hdf5_atoms.hpp"
#include "json_text.hpp"
#include "lammps_data.hpp"
#include "neb.hpp"
#include "number_format.hpp"
#include "options.hpp"
#include "parallel.hpp"
#include "path_geometry.hpp"
#include "prefactor.hpp"
#include "progress.hpp"
#include "queries.hpp"
#include "saddle_ridge.hpp"
#include "setup.hpp"
#include "trajectory.hpp"

namespace metabasin {

namespace {

/// One ART search as the task reports it: the sampler's result, and what the task learnt of it.
/// With output.catalog, its start-side carry too (ArtRun::carried), made on the rank that ran it.
struct ArtRecord : ArtRun {
  long search = 0;  // k: run with seed + k on whichever rank drew it
  long duplicate_of = -1;          // the first search that found the same event, -1 if none
  std::optional<double> prefactor;  // 1/s, of each distinct event
  bool converged() const { return art.saddle.status == SaddleStatus::Converged; }
};

/// What task art is to do, from the input: the system at its polished minimum, the settings,
/// the catalog it adds to (opened first, so a catalog of other atoms fails now, not after hours).
struct ArtPlan {
  System system;
  ArtParams search;
  ArtBatchParams batch;
  std::optional<Catalog> catalog;
  double start_energy = 0.0;  // eV, of the polished start: one whole-sample call for every search
};

ArtPlan plan_art(const Input& in) {
  ArtPlan plan{load_system(in), {}, {}, std::nullopt};
  System& s = plan.system;
  plan.search = art_params(in, s);
  plan.batch = art_batch_params(in, s);
  require_minimum(s.config, *s.potential, plan.batch.minimum_fmax, "system.data '" + in.get_path("system.data") + "'");
  // Polished to minimize.fmax: a start that is only roughly a minimum would enter the catalog
  // as a state that re-relaxes elsewhere when it is mapped to another strain.
  relax(s.config, *s.potential, plan.search.relax);
  ForceResult at_start;
  s.potential->compute(s.config, at_start);
  plan.start_energy = at_start.energy;
  if (in.has("output.catalog"))
    plan.catalog =
        open_catalog(in.get_path("output.catalog"), s.config, potential_signature(in), catalog_tolerances(in, s));
  return plan;
}

/// The atom search k pushes around: the listed centres in turn, else one drawn from seed + k.
std::size_t art_centre(const ArtBatchParams& b, long k, std::size_t natoms) {
  if (!b.centres.empty()) return b.centres[static_cast<std::size_t>(k) % b.centres.size()];
  std::mt19937_64 pick(b.seed + static_cast<unsigned>(k) * 7919u);
  return std::uniform_int_distribution<std::size_t>(0, natoms - 1)(pick);
}

nlohmann::json record_json(const ArtRecord& r) {
  nlohmann::json j = art_run_json(r);
  j["search"] = r.search;
  return j;
}

ArtRecord record_from_json(const nlohmann::json& j) {
  ArtRecord r;
  static_cast<ArtRun&>(r) = art_run_from_json(j);
  r.search = j.at("search");
  return r;
}

/// Each rank's finished searches, one JSON line each (record_json), flushed as each search
/// ends: a run killed at any moment keeps every search it reported. Files BASE.rankR.jsonl;
/// the first line names the settings the searches ran with. A search is reproducible from the
/// settings and its index alone, so any journal of the same settings holds valid searches,
/// whichever rank or run wrote it. Journals stay when the run ends: a later run with more
/// searches resumes from them.
class ArtJournal {
 public:
  ArtJournal(std::string base, std::string settings, const ArtPlan& plan)
      : base_(std::move(base)), settings_(std::move(settings)) {
    std::string own;  // this rank's valid lines, kept when it resumes
    if (plan.batch.resume)
      for (int i = 0; std::filesystem::exists(path(i)); ++i) read(path(i), plan, i == parallel().rank ? &own : nullptr);
    write_file_atomically(path(parallel().rank), header() + "\n" + own);
    out_.open(path(parallel().rank), std::ios::app);
    if (!out_) throw InputError("art: cannot write the journal '" + path(parallel().rank) + "'");
  }
  /// Searches read back from earlier runs, by index.
  const std::map<long, ArtRecord>& done() const { return done_; }
  void record(const ArtRecord& r) { out_ << record_json(r).dump() << std::endl; }  // endl: flushed

 private:
  std::string base_, settings_;
  std::ofstream out_;
  std::map<long, ArtRecord> done_;
  std::string path(int rank) const { return base_ + ".rank" + std::to_string(rank) + ".jsonl"; }
  std::string header() const { return nlohmann::json{{"journal", "metabasin-art"}, {"settings", settings_}}.dump(); }
  /// The searches of one journal; a journal of other settings is skipped (said on stderr), a
  /// last line cut short by a kill is dropped, anything else malformed is an InputError.
  void read(const std::string& file, const ArtPlan& plan, std::string* own) {
    std::ifstream in(file);
    std::string line;
    if (!std::getline(in, line) || line != header()) {
      if (parallel().root())
        std::cerr << "art: journal '" << file << "' belongs to other settings; its searches are not used" << std::endl;
      return;
    }
    std::vector<std::string> lines;
    while (std::getline(in, line)) lines.push_back(line);
    const bool cut_short = !lines.empty() && in.eof() && !line.empty() && !nlohmann::json::accept(lines.back());
    if (cut_short) lines.pop_back();
    for (std::size_t n = 0; n < lines.size(); ++n) {
      ArtRecord r;
      try {
        r = record_from_json(nlohmann::json::parse(lines[n]));
      } catch (const nlohmann::json::exception& e) {
        throw InputError("art: journal '" + file + "' line " + std::to_string(n + 2) + " is not a search record (" +
                         e.what() + "); remove the journal to start afresh");
      }
      check(r, plan, file, n + 2);
      if (r.search >= plan.batch.searches) continue;  // a run asked for fewer searches this time
      done_[r.search] = std::move(r);
      if (own) *own += lines[n] + "\n";
    }
  }
  /// A record must be the search this run would run as its index.
  void check(const ArtRecord& r, const ArtPlan& plan, const std::string& file, std::size_t line) const {
    const std::size_t n = plan.system.config.size();
    const auto size_ok = [&](const VectorXd& v, bool may_be_empty) {
      return v.size() == static_cast<Eigen::Index>(3 * n) || (may_be_empty && v.size() == 0);
    };
    const bool ok = r.search >= 0 && r.art.seed == plan.batch.seed + static_cast<unsigned>(r.search) &&
                    r.art.centre_id == static_cast<long>(plan.system.config.ids[art_centre(plan.batch, r.search, n)]) &&
                    size_ok(r.art.saddle.positions, !r.converged()) && size_ok(r.art.final_minimum, !r.converged()) &&
                    size_ok(r.art.saddle.eigenvector, !r.converged()) && size_ok(r.art.start_side, true);
    if (!ok)
      throw InputError("art: journal '" + file + "' line " + std::to_string(line) +
                       " is not a search of this run (index, seed, centre or sizes); remove the journal to start afresh");
  }
};

/// The searches between two looks at the coverage target: whole passes over the centres, at
/// least 16 searches and one per rank (so up to 16 ranks stop where one rank stops). Without a
/// target, the whole batch is one round.
long art_round_size(const ArtBatchParams& b) {
  if (!b.until) return b.searches;
  const long pass = b.centres.empty() ? 1 : static_cast<long>(b.centres.size());
  const long least = std::max<long>(16, parallel().size);
  return pass * ((least + pass - 1) / pass);
}

/// Rank 0's progress line over the whole batch: the searches dealt so far, less one in hand
/// on each other rank.
struct ArtProgress {
  Progress line;
  long converged = 0, run = 0;  // on this rank
};

/// This rank's searches of [begin, end): each rank draws the next search as it finishes one
/// (TaskDealer), so which rank runs which depends on their pace; each search is reproducible
/// from seed + k alone. Searches a journal holds are not run again; each one run is journaled
/// as it ends.
std::vector<ArtRecord> run_art_searches(ArtPlan& plan, ArtJournal* journal, long begin, long end,
                                        ArtProgress& progress) {
  const Parallel& par = parallel();
  System& s = plan.system;
  const long total = plan.batch.searches;
  std::vector<ArtRecord> mine;
  TaskDealer dealer(begin);
  for (long k = dealer.next(); k < end; k = dealer.next()) {
    if (journal && journal->done().count(k)) continue;
    ArtRecord r;
    r.search = k;
    r.art = art_search(s.config, plan.start_energy, *s.potential, art_centre(plan.batch, k, s.config.size()),
                       plan.batch.seed + static_cast<unsigned>(k), plan.search);
    // An event stored from a start side alone is one a walk in the start never sees.
    if (plan.catalog)
      carry_start_side(r, s.config, plan.start_energy, *s.potential, plan.search, plan.search.event_radius);
    progress.converged += r.converged() ? 1 : 0;
    ++progress.run;
    if (journal) journal->record(r);  // on disk before it is reported
    std::cerr << "art: search " << k + 1 << "/" << total << " (rank " << par.rank << ", centre " << r.art.centre_id
              << "): " << to_string(r.art.saddle.status)
              << (r.converged() ? ", barrier " + brief(r.art.barrier) + " eV" : "") << ", " << r.art.force_calls
              << " force calls" << std::endl;
    mine.push_back(std::move(r));
    progress.line.update(static_cast<double>(begin + dealer.finished_at_least(k)),
                         std::to_string(progress.converged) + " of " + std::to_string(progress.run) +
                             " converged on rank 0");
  }
  return mine;
}

/// Every rank's searches on the root, in search order (empty elsewhere). JSON is only the
/// wire format between ranks; the root works on the typed records.
std::vector<ArtRecord> collect_art_searches(const std::vector<ArtRecord>& mine) {
  nlohmann::json wire = nlohmann::json::array();
  for (const auto& r : mine) wire.push_back(record_json(r));
  const auto gathered = gather_on_root(wire.dump());
  std::vector<ArtRecord> all;
  if (!parallel().root()) return all;
  for (const auto& text : gathered)
    for (const auto& j : nlohmann::json::parse(text)) all.push_back(record_from_json(j));
  std::sort(all.begin(), all.end(), [](const ArtRecord& a, const ArtRecord& b) { return a.search < b.search; });
  return all;
}

/// Vineyard prefactor from the Hessians, at the start minimum and at the saddle, of the atoms
/// near the one that moves most in the unstable mode (the rest held fixed).
double art_vineyard(System& s, const ArtSearch& a, double radius) {
  const VineyardRegion region =
      vineyard_region(s.config, *s.potential, a.saddle.positions, most_moving_atom(a.saddle.eigenvector), radius);
  return local_vineyard(s.config, *s.potential, positions_of(s.config), a.saddle.positions, VectorXd(), region).forward;
}

/// One event found twice is one event. The identity is the catalog's (energy window, then the
/// largest atomic separation modulo the free rigid motions, between the same two minima), with
/// the art.duplicate_* tolerances, or one ridge (SaddleRidgeRule, art.same_state_barrier), in
/// a catalog of this batch alone; the first search to find
/// an event keeps it (and gets its prefactor), later ones point to it. Searches are identified
/// in search order, round by round.
class ArtEvents {
 public:
  ArtEvents(System& s, const ArtBatchParams& b, double same_state_barrier)
      : s_(s), b_(b), events_(s.config, s.potential->style(), b.duplicate),
        ridge_(events_, *s.potential, same_state_barrier), start_(positions_of(s.config)) {}
  void identify(ArtRecord& r) {
    const CatalogedEvent event = add_art_event(events_, start_, r.art, 0.0, "art");
    if (!event.saddle) return;
    if (!event.new_saddle) {
      r.duplicate_of = first_found_.at(*event.saddle);
      return;
    }
    first_found_[*event.saddle] = r.search;
    r.prefactor = b_.vineyard_radius > 0.0 ? art_vineyard(s_, r.art, b_.vineyard_radius) : b_.prefactor;
  }

 private:
  System& s_;  // the start, for the Vineyard prefactors
  const ArtBatchParams& b_;
  Catalog events_;
  SaddleRidgeRule ridge_;
  VectorXd start_;
  std::map<std::size_t, long> first_found_;  // event (saddle index) -> search
};

/// Activation-energy spectrum of the distinct events, 0.1 eV bins.
nlohmann::json barrier_histogram(const std::vector<double>& barriers) {
  nlohmann::json histogram = nlohmann::json::array();
  if (barriers.empty()) return histogram;
  const double top = *std::max_element(barriers.begin(), barriers.end());
  for (double lo = 0.0; lo <= top; lo += 0.1) {
    const long count = std::count_if(barriers.begin(), barriers.end(), [&](double b) { return b >= lo && b < lo + 0.1; });
    histogram.push_back({{"from", lo}, {"to", lo + 0.1}, {"count", count}});
  }
  return histogram;
}

/// The batch's distinct events, each with how many searches found it.
std::vector<FoundEvent> found_events(const std::vector<ArtRecord>& all) {
  std::map<long, FoundEvent> by_search;  // the search that found the event first
  for (const ArtRecord& r : all)
    if (r.converged() && r.duplicate_of < 0) by_search[r.search] = {r.art.barrier, 1};
  for (const ArtRecord& r : all)
    if (r.converged() && r.duplicate_of >= 0) ++by_search.at(r.duplicate_of).times_found;
  std::vector<FoundEvent> out;
  for (const auto& [search, event] : by_search) out.push_back(event);
  return out;
}

/// The barriers the completeness rows are counted up to: the usual ones and the target's.
std::vector<double> completeness_bounds(const ArtBatchParams& b) {
  std::vector<double> up_to = CompletenessParams{}.up_to;
  if (b.until) up_to.push_back(b.until->up_to);
  return up_to;
}

/// The JSON summary of a batch: outcomes, distinct events, force-call statistics, spectrum.
nlohmann::json summarize_art(const std::vector<ArtRecord>& all, const ArtPlan& plan) {
  std::vector<double> calls, saddle_calls, refinement_calls, barriers;
  long duplicates = 0, carried = 0, refused = 0, carry_calls = 0;
  nlohmann::json outcomes = nlohmann::json::object();
  for (const ArtRecord& r : all) {
    const std::string status = to_string(r.art.saddle.status);
    outcomes[status] = outcomes.value(status, 0) + 1;
    if (r.carried) (r.carried->refined.saddle.status == SaddleStatus::Converged ? carried : refused)++;
    carry_calls += r.carry_force_calls;
    if (!r.converged()) continue;
    calls.push_back(static_cast<double>(r.art.force_calls));
    saddle_calls.push_back(static_cast<double>(r.art.saddle_force_calls));
    refinement_calls.push_back(static_cast<double>(r.art.saddle.refinement_calls));
    if (r.duplicate_of >= 0) ++duplicates;
    else barriers.push_back(r.art.barrier);
  }
  double mean_calls = 0.0;
  for (double c : calls) mean_calls += c / static_cast<double>(calls.size());
  // Searches run: art.searches, or fewer when a coverage target was met first.
  const long converged = static_cast<long>(calls.size()), searches = static_cast<long>(all.size());
  return {{"task", "art"},
          {"natoms", plan.system.config.size()},
          {"searches", searches},
          {"centres", plan.batch.centres.size()},  // 0: random atoms
          {"ranks", parallel().size},
          {"converged", converged},
          {"success_rate", static_cast<double>(converged) / static_cast<double>(searches)},
          {"distinct_saddles", barriers.size()},
          {"duplicate_fraction", converged ? static_cast<double>(duplicates) / converged : 0.0},
          {"median_force_calls", calls.empty() ? 0.0 : median(calls)},
          {"mean_force_calls", mean_calls},
          {"median_saddle_force_calls", saddle_calls.empty() ? 0.0 : median(saddle_calls)},
          {"median_refinement_force_calls", refinement_calls.empty() ? 0.0 : median(refinement_calls)},
          {"barrier_histogram", barrier_histogram(barriers)},
          {"completeness", completeness_json(completeness_rows(found_events(all), completeness_bounds(plan.batch)))},
          {"prefactor", plan.batch.prefactor},
          {"outcomes", outcomes},
          {"start_side_carried", carried},
          {"start_side_refused", refused},
          {"carry_force_calls", carry_calls},
          {"output", nlohmann::json::object()}};
}

/// Inserts the start minimum and every converged search (its other minimum and its saddle);
/// returns how many of each were new. Saddles on one ridge are one (SaddleRidgeRule).
nlohmann::json add_searches_to_catalog(Catalog& catalog, System& s, double same_state_barrier,
                                      const std::vector<ArtRecord>& all) {
  const Configuration& start = s.config;
  const SaddleRidgeRule ridge(catalog, *s.potential, same_state_barrier);
  const double strain = (start.box.xy - catalog.atoms().box.xy) / start.box.len[1];
  const double e0 = all.empty() ? 0.0 : all.front().art.initial_energy;
  const VectorXd x0 = positions_of(start);
  const auto origin = catalog.add_minimum({e0, x0, strain, "start", 0});
  long new_minima = origin.is_new ? 1 : 0, new_saddles = 0;
  for (const ArtRecord& r : all) {
    if (!r.converged()) continue;
    const std::size_t minima_before = catalog.minima();
    const CatalogedEvent event = add_art_event(catalog, x0, r.art, strain, "art", r.prefactor.value_or(0.0));
    new_saddles += event.new_saddle ? 1 : 0;
    if (r.carried && r.carried->refined.saddle.status == SaddleStatus::Converged)
      new_saddles += add_carried_event(catalog, x0, e0, *r.carried, strain, "art/carried").new_saddle ? 1 : 0;
    new_minima += static_cast<long>(catalog.minima() - minima_before);
  }
  return {{"new_minima", new_minima},
          {"new_saddles", new_saddles},
          {"minima", catalog.minima()},
          {"saddles", catalog.saddles()}};
}

std::string number_or_empty(bool present, double v) { return present ? brief(v) : ""; }

/// One CSV row per search (the scalar columns of the HDF5 file).
void write_art_csv(const std::string& path, const std::vector<ArtRecord>& all) {
  std::ostringstream csv;
  csv.precision(10);
  csv << "search,centre_id,seed,status,initial_energy,saddle_energy,final_energy,barrier,reverse_barrier,eigenvalue,"
         "force_calls,saddle_force_calls,refinement_force_calls,wall_seconds,duplicate_of,prefactor,moving_atoms,"
         "start_side_energy\n";
  for (const ArtRecord& r : all) {
    const ArtSearch& a = r.art;
    const bool ok = r.converged();
    csv << r.search << "," << a.centre_id << "," << a.seed << "," << to_string(a.saddle.status) << ","
        << a.initial_energy << "," << number_or_empty(ok, a.saddle.energy) << "," << number_or_empty(ok, a.final_energy)
        << "," << number_or_empty(ok, a.barrier) << "," << number_or_empty(ok, a.reverse_barrier) << ","
        << a.saddle.eigenvalue << "," << a.force_calls << "," << a.saddle_force_calls << ","
        << a.saddle.refinement_calls << "," << a.wall_seconds << ","
        << r.duplicate_of << "," << number_or_empty(r.prefactor.has_value(), r.prefactor.value_or(0.0)) << ","
        << a.moving_atoms << "," << number_or_empty(a.start_side.size() > 0, a.start_side_energy) << "\n";
  }
  write_file_atomically(path, csv.str());
}

/// The documented metabasin-art layout (docs/formats.md).
void write_art_hdf5(const std::string& path, const System& s, const std::vector<ArtRecord>& all) {
  Hdf5Writer h(path);
  h.attribute("/", "format", "metabasin-art");
  h.integer_attribute("/", "version", 1);
  h.attribute("/", "potential_style", s.potential->style());
  write_atoms_and_cell(h, s.config);
  h.group("/initial");
  h.write("/initial/positions", std::vector<double>(s.config.x.begin(), s.config.x.end()), {s.config.size(), 3});
  h.attribute("/initial", "energy", all.empty() ? 0.0 : all[0].art.initial_energy);
  h.group("/searches");
  std::vector<long long> centre, seeds, fc, sfc, rfc, dup;
  std::vector<double> es, ef, bar, rbar, eig, wall, nu, ess;
  std::vector<std::string> status;
  std::vector<VectorXd> xs, vs, xf, xss;
  const double nan = std::nan("");
  for (const ArtRecord& r : all) {
    const ArtSearch& a = r.art;
    const bool ok = r.converged();
    centre.push_back(a.centre_id);
    seeds.push_back(a.seed);
    fc.push_back(a.force_calls);
    sfc.push_back(a.saddle_force_calls);
    rfc.push_back(a.saddle.refinement_calls);
    dup.push_back(r.duplicate_of);
    status.push_back(to_string(a.saddle.status));
    es.push_back(ok ? a.saddle.energy : nan);
    ef.push_back(ok ? a.final_energy : nan);
    bar.push_back(ok ? a.barrier : nan);
    rbar.push_back(ok ? a.reverse_barrier : nan);
    eig.push_back(a.saddle.eigenvalue);
    wall.push_back(a.wall_seconds);
    nu.push_back(r.prefactor.value_or(nan));
    xs.push_back(ok ? a.saddle.positions : VectorXd());
    vs.push_back(ok ? a.saddle.eigenvector : VectorXd());
    xf.push_back(ok ? a.final_minimum : VectorXd());
    ess.push_back(a.start_side.size() > 0 ? a.start_side_energy : nan);
    xss.push_back(a.start_side);
  }
  const hsize_t n = all.size();
  h.write_strings("/searches/status", status);
  h.write("/searches/centre_id", centre, {n});
  h.write("/searches/seed", seeds, {n});
  h.write("/searches/force_calls", fc, {n});
  h.write("/searches/saddle_force_calls", sfc, {n});
  h.write("/searches/refinement_force_calls", rfc, {n});
  h.write("/searches/duplicate_of", dup, {n});
  h.write("/searches/saddle_energy", es, {n});
  h.write("/searches/final_energy", ef, {n});
  h.write("/searches/barrier", bar, {n});
  h.write("/searches/reverse_barrier", rbar, {n});
  h.write("/searches/eigenvalue", eig, {n});
  h.write("/searches/wall_seconds", wall, {n});
  h.write("/searches/prefactor", nu, {n});
  h.write("/searches/start_side_energy", ess, {n});
  write_positions(h, "/searches/saddle_positions", xs, s.config.size());
  write_positions(h, "/searches/eigenvector", vs, s.config.size());
  write_positions(h, "/searches/final_positions", xf, s.config.size());
  write_positions(h, "/searches/start_side_positions", xss, s.config.size());
  h.close();
}

/// The catalog, table and HDF5 outputs the input asks for; their paths go into out["output"].
void write_art_outputs(const Input& in, ArtPlan& plan, const std::vector<ArtRecord>& all, nlohmann::json& out) {
  if (plan.catalog) {
    out["catalog"] = add_searches_to_catalog(*plan.catalog, plan.system, plan.search.same_state_barrier, all);
    const CatalogFile file(in.get_path("output.catalog"), *plan.catalog);  // written whole, under its lock
    out["output"]["catalog"] = in.get_path("output.catalog");
  }
  if (in.has("output.table")) {
    write_art_csv(in.get_path("output.table"), all);
    out["output"]["table"] = in.get_path("output.table");
  }
  if (in.has("output.hdf5")) {
    write_art_hdf5(in.get_path("output.hdf5"), plan.system, all);
    out["output"]["hdf5"] = in.get_path("output.hdf5");
  }
}

// ---- task neb ----

/// A configuration of the same atoms as `system` (IDs, types, cell), read from the data file
/// that input key `key` names.
Configuration read_end_point(const Input& in, const std::string& key, const Configuration& system) {
  const std::string path = in.get_path(key);
  if (!std::ifstream(path)) throw InputError("key '" + key + "': file '" + path + "' does not exist");
  Configuration c = read_lammps_data(path, system.box.dimension, system.box.periodic);
  if (c.size() != system.size())
    throw InputError("NEB end points differ: '" + path + "' (" + key + ") has " + std::to_string(c.size()) +
                     " atoms but system.data has " + std::to_string(system.size()));
  if (c.ids != system.ids || c.types != system.types)
    throw InputError("NEB end points differ: '" + path + "' (" + key +
                     ") does not have the same atom IDs with the same types (element order) as system.data");
  for (int d = 0; d < 3; ++d)
    if (std::abs(c.box.len[d] - system.box.len[d]) > 1e-6 * system.box.len[d])
      throw InputError("NEB end points differ: '" + path + "' (" + key + ") has a different cell than system.data");
  c.box = system.box;
  return c;
}

}  // namespace

nlohmann::json completeness_json(const std::vector<CompletenessRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  auto number = [](const std::optional<double>& v) { return v ? json_number(*v) : nlohmann::json(nullptr); };
  for (const CompletenessRow& r : rows)
    out.push_back({{"up_to", number(r.up_to)},
                   {"events", r.events},
                   {"finds", r.finds},
                   {"once", r.once},
                   {"twice", r.twice},
                   {"coverage", number(r.coverage)},
                   {"estimated_events", number(r.estimated_events)}});
  return out;
}

namespace {

/// The journal beside the first output given; none without an output.
std::optional<std::string> art_journal_base(const Input& in) {
  for (const char* key : {"output.hdf5", "output.table", "output.catalog"})
    if (in.has(key)) return in.get_path(key);
  return std::nullopt;
}

/// What makes search k what it is: the potential, the polished start (its energy to the last
/// bit) and every art and minimize setting but how many searches, when to stop and whether to
/// resume.
std::string art_settings(const Input& in, const ArtPlan& plan) {
  std::ostringstream s;
  s.precision(17);
  s << potential_signature(in) << "; " << plan.system.config.size() << " atoms at " << plan.start_energy << " eV; "
    << in.section_text("art", {"searches", "resume", "coverage", "coverage_up_to"}) << "; " << in.section_text("minimize");
  return s.str();
}

/// The journaled searches of [begin, end) that this run did not run, joined to its own, each
/// search once, in order.
void add_journaled(std::vector<ArtRecord>& round, const ArtJournal& journal, long begin, long end) {
  std::set<long> have;
  for (const ArtRecord& r : round) have.insert(r.search);
  for (auto it = journal.done().lower_bound(begin); it != journal.done().end() && it->first < end; ++it)
    if (!have.count(it->first)) round.push_back(it->second);
  std::sort(round.begin(), round.end(), [](const ArtRecord& a, const ArtRecord& b) { return a.search < b.search; });
}

/// How complete the batch is below the target's barrier, and whether that meets the target.
struct CoverageCheck {
  CompletenessRow row;
  double missing_bound = 1.0;  // missing_share_bound of the row
  bool met = false;
};
CoverageCheck check_coverage(const std::vector<ArtRecord>& all, const CoverageTarget& target) {
  CoverageCheck c;
  c.row = completeness_rows(found_events(all), {target.up_to}).front();
  c.missing_bound = missing_share_bound(c.row.once, c.row.twice, c.row.finds);
  c.met = c.missing_bound <= 1.0 - target.coverage;
  return c;
}

/// Runs the batch round by round (art_round_size): each round spread over the ranks and
/// gathered on the root, which joins the journaled searches, identifies the events and decides
/// whether the coverage target is met. Every search run, in order, ends in `all` on the root;
/// with a target, the root gets the last round's check.
std::optional<CoverageCheck> run_art_rounds(ArtPlan& plan, ArtJournal* journal, std::vector<ArtRecord>& all) {
  const Parallel& par = parallel();
  const ArtBatchParams& b = plan.batch;
  const long total = b.searches, round = art_round_size(b);
  if (par.root() && !b.centres.empty())
    std::cerr << "art: " << total << " searches around " << b.centres.size() << " centres in turn" << std::endl;
  if (par.root() && b.until)
    std::cerr << "art: until the events found hold " << brief(b.until->coverage) << " of the chance of finding one up to "
              << brief(b.until->up_to) << " eV, in rounds of " << round << " searches, or after " << total
              << " (the progress lines' ETA is for those)" << std::endl;
  const long done_before = journal ? static_cast<long>(journal->done().size()) : 0;
  if (par.root() && done_before > 0)
    std::cerr << "art: resuming: " << done_before << " of " << total << " searches are in the journals" << std::endl;
  ArtProgress progress{Progress("art", static_cast<double>(total)), 0, 0};
  ArtEvents events(plan.system, b, plan.search.same_state_barrier);
  std::optional<CoverageCheck> last;
  bool met = false;
  for (long begin = 0; begin < total && !met; begin += round) {
    const long end = std::min(total, begin + round);
    std::vector<ArtRecord> got = collect_art_searches(run_art_searches(plan, journal, begin, end, progress));
    if (par.root()) {
      if (journal) add_journaled(got, *journal, begin, end);
      for (ArtRecord& r : got) {
        events.identify(r);
        all.push_back(std::move(r));
      }
      if (b.until) {
        last = check_coverage(all, *b.until);
        const CoverageCheck& c = *last;
        met = c.met;
        std::cerr << "art: after " << end << " searches: " << c.row.events << " events up to " << brief(b.until->up_to)
                  << " eV found " << c.row.finds << " times; the next find is new with chance at most "
                  << brief(c.missing_bound) << (met ? ": target met" : "") << std::endl;
      }
    }
    met = broadcast_from_root(met);
  }
  progress.line.finish();
  return last;
}

}  // namespace

nlohmann::json run_art(const Input& in) {
  ArtPlan plan = plan_art(in);
  const auto t0 = std::chrono::steady_clock::now();
  std::optional<ArtJournal> journal;
  if (const auto base = art_journal_base(in)) journal.emplace(*base, art_settings(in, plan), plan);
  else if (plan.batch.resume)
    throw InputError("key 'art.resume': the journals are kept beside an output; give output.hdf5, output.table or "
                     "output.catalog");
  std::vector<ArtRecord> all;
  const std::optional<CoverageCheck> check = run_art_rounds(plan, journal ? &*journal : nullptr, all);
  if (!parallel().root()) return nullptr;
  nlohmann::json out = summarize_art(all, plan);
  if (check)
    out["coverage_target"] = {{"up_to", plan.batch.until->up_to},
                              {"coverage", plan.batch.until->coverage},
                              {"met", check->met},
                              {"missing_share_bound", check->missing_bound}};
  const double jump = plan.system.potential->cutoff_force_jump();
  out["saddle_fmax"] = plan.search.saddle.fmax;  // art.fmax, or its potential-aware default
  if (plan.search.saddle.fmax < jump) {
    out["warning"] = "art.fmax (" + brief(plan.search.saddle.fmax) +
                     " eV/A) is below the potential's force jump at its cutoff (" + brief(jump) +
                     " eV/A): a saddle next to a pair at the cutoff cannot converge (those searches end 'too many "
                     "steps'); an art.fmax a few times the jump lets them converge (left out, it is twice the jump)";
    std::cerr << "art: warning: " << out["warning"].get<std::string>() << std::endl;
  }
  out["wall_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_art_outputs(in, plan, all, out);
  return out;
}

namespace {

/// The NEB outputs the input asks for: a CSV of the images, their XYZ frames, the HDF5 path.
void write_neb_outputs(const Input& in, const System& s, const NebResult& r, const std::vector<double>& coordinate,
                       nlohmann::json& out) {
  if (in.has("output.table")) {
    std::ostringstream csv;
    csv.precision(12);
    csv << "image,reaction_coordinate,energy,relative_energy\n";
    for (std::size_t k = 0; k < r.energies.size(); ++k)
      csv << k << "," << coordinate[k] << "," << r.energies[k] << "," << r.energies[k] - r.energies[0] << "\n";
    write_file_atomically(in.get_path("output.table"), csv.str());
    out["output"]["table"] = in.get_path("output.table");
  }
  if (in.has("output.xyz")) {
    ExtendedXyzWriter w(in.get_path("output.xyz"), s.elements);
    Configuration c = s.config;
    for (std::size_t k = 0; k < r.images.size(); ++k) {
      Eigen::Map<VectorXd>(c.x.data(), r.images[k].size()) = r.images[k];
      w.write(c, FrameData{static_cast<long>(k), r.energies[k], nullptr, {}});
    }
    out["output"]["xyz"] = in.get_path("output.xyz");
  }
  if (in.has("output.hdf5")) {
    Hdf5Writer h(in.get_path("output.hdf5"));
    h.attribute("/", "format", "metabasin-neb");
    h.integer_attribute("/", "version", 1);
    h.attribute("/", "potential_style", s.potential->style());
    write_atoms_and_cell(h, s.config);
    h.group("/path");
    write_positions(h, "/path/positions", r.images, s.config.size());
    h.write("/path/energies", r.energies, {r.energies.size()});
    h.write("/path/reaction_coordinate", coordinate, {coordinate.size()});
    h.attribute("/path", "barrier", r.barrier);
    h.attribute("/path", "reverse_barrier", r.reverse_barrier);
    h.attribute("/path", "contour_length", r.geometry.contour_length);
    h.attribute("/path", "end_to_end_length", r.geometry.end_to_end);
    h.close();
    out["output"]["hdf5"] = in.get_path("output.hdf5");
  }
}

}  // namespace

nlohmann::json run_neb(const Input& in) {
  System s = load_system(in);
  if (!in.has("neb.final")) throw InputError("key 'neb.final' is required for task neb");
  Configuration fin = read_end_point(in, "neb.final", s.config);
  const VectorXd through = in.has("neb.through") ? positions_of(read_end_point(in, "neb.through", s.config)) : VectorXd();
  const NebParams p = neb_params(in);
  const auto t0 = std::chrono::steady_clock::now();
  if (in.get_bool("neb.relax_ends")) {
    const MinimizeParams mp = minimize_params(in);
    relax(s.config, *s.potential, mp);
    relax(fin, *s.potential, mp);
  }
  const NebResult r = run_neb(s.config, positions_of(fin), *s.potential, p, through);
  std::cerr << "neb: " << (r.converged ? "converged" : "not converged") << " after " << r.iterations << " iterations, "
            << r.force_calls << " force calls; barrier " << r.barrier << " eV" << std::endl;
  std::vector<double> coordinate{0.0};
  for (std::size_t k = 1; k < r.images.size(); ++k)
    coordinate.push_back(coordinate.back() + displacement(s.config.box, r.images[k - 1], r.images[k]).norm());
  nlohmann::json out = {{"task", "neb"},
                        {"natoms", s.config.size()},
                        {"converged", r.converged},
                        {"iterations", r.iterations},
                        {"force_calls", s.potential->force_calls()},  // the band's calls included
                        {"fmax", r.fmax},
                        {"energies", r.energies},
                        {"reaction_coordinate", coordinate},
                        {"climbing_image", r.climbing_image},
                        {"saddle_energy", r.saddle_energy},
                        {"barrier", r.barrier},
                        {"reverse_barrier", r.reverse_barrier},
                        {"contour_length", r.geometry.contour_length},
                        {"polygon_length", r.geometry.polygon_length},
                        {"end_to_end_length", r.geometry.end_to_end},
                        {"contour_to_end_ratio", r.geometry.ratio},
                        {"intermediate_minima", r.geometry.intermediate_minima},
                        {"wall_seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()},
                        {"output", nlohmann::json::object()}};
  write_neb_outputs(in, s, r, coordinate, out);
  return out;
}

}  // namespace metabasin
