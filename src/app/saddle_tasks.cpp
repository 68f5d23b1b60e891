// SPDX-License-Identifier: BSD-3-Clause
#include "saddle_tasks.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>

#include "art.hpp"
#include "catalog_file.hpp"
#include "error.hpp"
#include "hdf5_atoms.hpp"
#include "lammps_data.hpp"
#include "neb.hpp"
#include "number_format.hpp"
#include "parallel.hpp"
#include "path_geometry.hpp"
#include "prefactor.hpp"
#include "setup.hpp"
#include "trajectory.hpp"

namespace metabasin {

/// The start of a search must be a minimum of the potential.
void require_minimum(Configuration& c, Potential& p, double limit, const std::string& what) {
  ForceResult r;
  p.compute(c, r);
  const double fmax =
      max_norm3(Eigen::Map<const VectorXd>(r.forces.data(), static_cast<Eigen::Index>(r.forces.size())));
  if (fmax > limit)
    throw InputError(what + " is not a minimum: its largest atomic force is " + brief(fmax) + " eV/A (limit " +
                     brief(limit) + "); relax it first (task minimize)");
}

StateTolerances catalog_tolerances(const Input& in, const System& s) {
  StateTolerances tol;
  tol.energy = in.get_positive("catalog.energy_tolerance");
  tol.distance = in.get_positive("catalog.distance_tolerance");
  tol.rigid = free_rigid_motions(s.config.box, *s.potential);
  return tol;
}

namespace {

nlohmann::json vec_json(const VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }
VectorXd json_vec(const nlohmann::json& j) {
  const auto v = j.get<std::vector<double>>();
  return Eigen::Map<const VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}


/// Inserts the start minimum and every converged search (its other minimum and its saddle);
/// returns how many of each were new.
nlohmann::json add_searches_to_catalog(Catalog& catalog, const Configuration& start,
                                       const std::vector<nlohmann::json>& all) {
  const double strain = (start.box.xy - catalog.atoms().box.xy) / start.box.len[1];
  const VectorXd x0 = Eigen::Map<const VectorXd>(start.x.data(), static_cast<Eigen::Index>(start.x.size()));
  const double e0 = all.empty() ? 0.0 : all.front()["initial_energy"].get<double>();
  const auto origin = catalog.add_minimum({e0, x0, strain, "start", 0});
  long new_minima = origin.is_new ? 1 : 0, new_saddles = 0;
  for (const auto& j : all) {
    if (j["status"] != "converged") continue;
    const auto other = catalog.add_minimum(
        {j["final_energy"].get<double>(), json_vec(j["final_positions"]), strain, "art", j["force_calls"].get<long>()});
    Transition t;
    t.from = origin.index;
    t.to = other.index;
    t.energy = j["saddle_energy"];
    t.positions = json_vec(j["saddle_positions"]);
    t.eigenvalue = j["eigenvalue"];
    t.prefactor = j.value("prefactor", 0.0);
    t.strain = strain;
    t.found_by = "art";
    t.force_calls = j["saddle_force_calls"];
    new_minima += other.is_new ? 1 : 0;
    new_saddles += catalog.add_saddle(std::move(t)).is_new ? 1 : 0;
  }
  return {{"new_minima", new_minima},
          {"new_saddles", new_saddles},
          {"minima", catalog.minima()},
          {"saddles", catalog.saddles()}};
}

/// Vineyard prefactor from the Hessians, at the start minimum and at the saddle, of the atoms
/// near the one that moves most in the unstable mode (the rest held fixed).
double art_vineyard(System& s, const nlohmann::json& search, double radius) {
  const VectorXd mode = json_vec(search["eigenvector"]);
  const VectorXd saddle = json_vec(search["saddle_positions"]);
  const VineyardRegion region = vineyard_region(s.config, *s.potential, saddle, most_moving_atom(mode), radius);
  const VectorXd start = Eigen::Map<const VectorXd>(s.config.x.data(), static_cast<Eigen::Index>(s.config.x.size()));
  return local_vineyard(s.config, *s.potential, start, saddle, VectorXd(), region).forward;
}

/// One CSV row per search (the scalar columns of the HDF5 file).
void write_art_csv(const std::string& path, const std::vector<nlohmann::json>& all) {
  std::ostringstream csv;
  csv.precision(10);
  csv << "search,centre_id,seed,status,initial_energy,saddle_energy,final_energy,barrier,reverse_barrier,eigenvalue,"
         "force_calls,saddle_force_calls,wall_seconds,duplicate_of,prefactor\n";
  for (const auto& j : all) {
    const bool ok = j["status"] == "converged";
    csv << j["search"] << "," << j["centre_id"] << "," << j["seed"] << "," << j["status"].get<std::string>() << ","
        << j["initial_energy"].get<double>() << "," << (ok ? brief(j["saddle_energy"]) : "") << ","
        << (ok ? brief(j["final_energy"]) : "") << "," << (ok ? brief(j["barrier"]) : "") << ","
        << (ok ? brief(j["reverse_barrier"]) : "") << "," << j["eigenvalue"].get<double>() << "," << j["force_calls"]
        << "," << j["saddle_force_calls"] << "," << j["wall_seconds"].get<double>() << "," << j["duplicate_of"] << ","
        << (j.contains("prefactor") ? brief(j["prefactor"].get<double>()) : "") << "\n";
  }
  write_file_atomically(path, csv.str());
}

/// The documented metabasin-art layout (docs/formats.md).
void write_art_hdf5(const std::string& path, const System& s, const std::vector<nlohmann::json>& all) {
  Hdf5Writer h(path);
  h.attribute("/", "format", "metabasin-art");
  h.integer_attribute("/", "version", 1);
  h.attribute("/", "potential_style", s.potential->style());
  write_atoms_and_cell(h, s.config);
  h.group("/initial");
  h.write("/initial/positions", std::vector<double>(s.config.x.begin(), s.config.x.end()), {s.config.size(), 3});
  h.attribute("/initial", "energy", all.empty() ? 0.0 : all[0]["initial_energy"].get<double>());
  h.group("/searches");
  std::vector<long long> centre, seeds, fc, sfc, dup;
  std::vector<double> es, ef, bar, rbar, eig, wall, nu;
  std::vector<std::string> status;
  std::vector<VectorXd> xs, vs, xf;
  for (const auto& j : all) {
    const bool ok = j["status"] == "converged";
    centre.push_back(j["centre_id"]);
    seeds.push_back(j["seed"]);
    fc.push_back(j["force_calls"]);
    sfc.push_back(j["saddle_force_calls"]);
    dup.push_back(j["duplicate_of"]);
    status.push_back(j["status"]);
    es.push_back(ok ? j["saddle_energy"].get<double>() : std::nan(""));
    ef.push_back(ok ? j["final_energy"].get<double>() : std::nan(""));
    bar.push_back(ok ? j["barrier"].get<double>() : std::nan(""));
    rbar.push_back(ok ? j["reverse_barrier"].get<double>() : std::nan(""));
    eig.push_back(j["eigenvalue"]);
    wall.push_back(j["wall_seconds"]);
    nu.push_back(j.contains("prefactor") ? j["prefactor"].get<double>() : std::nan(""));
    xs.push_back(ok ? json_vec(j["saddle_positions"]) : VectorXd());
    vs.push_back(ok ? json_vec(j["eigenvector"]) : VectorXd());
    xf.push_back(ok ? json_vec(j["final_positions"]) : VectorXd());
  }
  const hsize_t n = all.size();
  h.write_strings("/searches/status", status);
  h.write("/searches/centre_id", centre, {n});
  h.write("/searches/seed", seeds, {n});
  h.write("/searches/force_calls", fc, {n});
  h.write("/searches/saddle_force_calls", sfc, {n});
  h.write("/searches/duplicate_of", dup, {n});
  h.write("/searches/saddle_energy", es, {n});
  h.write("/searches/final_energy", ef, {n});
  h.write("/searches/barrier", bar, {n});
  h.write("/searches/reverse_barrier", rbar, {n});
  h.write("/searches/eigenvalue", eig, {n});
  h.write("/searches/wall_seconds", wall, {n});
  h.write("/searches/prefactor", nu, {n});
  write_positions(h, "/searches/saddle_positions", xs, s.config.size());
  write_positions(h, "/searches/eigenvector", vs, s.config.size());
  write_positions(h, "/searches/final_positions", xf, s.config.size());
  h.close();
}

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

ArtParams art_params(const Input& in) {
  ArtParams p;
  p.push_radius = in.get_real("art.push_radius");
  if (!(p.push_radius > 0.0))
    throw InputError("key 'art.push_radius' (" + brief(p.push_radius) + " A) selects no atom; it must be positive");
  p.push_step = in.get_positive("art.push_step");
  p.max_push_steps = static_cast<int>(in.get_int("art.max_push_steps"));
  p.eigenvalue_threshold = in.get_real("art.eigenvalue_threshold");
  if (p.eigenvalue_threshold >= 0.0) throw InputError("key 'art.eigenvalue_threshold' must be negative (eV/A^2)");
  p.saddle.fmax = in.get_positive("art.fmax");
  p.saddle.max_iterations = in.get_int("art.max_iterations");
  p.saddle.max_move = in.get_positive("art.max_move");
  p.side_step = in.get_positive("art.side_step");
  p.same_state_tolerance = in.get_positive("art.same_state_tolerance");
  p.relax = minimize_params(in);
  return p;
}

nlohmann::json run_art(const Input& in) {
  const Parallel& par = parallel();
  System s = load_system(in);
  const ArtParams p = art_params(in);
  long searches = in.get_int("art.searches");
  if (searches < 1) throw InputError("key 'art.searches' must be at least 1");
  if (in.short_mode()) searches = std::min(searches, Input::kShortSearches);
  const unsigned seed = static_cast<unsigned>(in.get_int("art.seed"));
  const double nu0 = in.get_positive("art.prefactor");
  const double vineyard_radius = in.get_real("art.vineyard_radius");
  if (vineyard_radius < 0.0) throw InputError("key 'art.vineyard_radius' must not be negative");
  const double dup_e = in.get_positive("art.duplicate_energy"), dup_d = in.get_positive("art.duplicate_distance");
  std::vector<std::size_t> centres;
  if (in.has("art.centres"))
    for (long id : in.get_ints("art.centres")) {
      const auto it = std::find(s.config.ids.begin(), s.config.ids.end(), id);
      if (it == s.config.ids.end())
        throw InputError("key 'art.centres' names atom ID " + std::to_string(id) +
                         ", which the data file does not have");
      centres.push_back(static_cast<std::size_t>(it - s.config.ids.begin()));
    }
  require_minimum(s.config, *s.potential, in.get_real("art.minimum_fmax"),
                  "system.data '" + in.get_path("system.data") + "'");
  // Polished to minimize.fmax: a start that is only roughly a minimum would enter the catalog
  // as a state that re-relaxes elsewhere when it is mapped to another strain.
  relax(s.config, *s.potential, p.relax);
  // Opened before the searches, so that a catalog of other atoms or another potential is an
  // error now rather than after hours of searching.
  std::optional<Catalog> catalog;
  if (in.has("output.catalog")) catalog = open_catalog(in.get_path("output.catalog"), s.config,
                                                      potential_signature(in), catalog_tolerances(in, s));
  const auto t0 = std::chrono::steady_clock::now();

  // Search k runs on rank k mod size; each is reproducible from seed + k alone.
  nlohmann::json mine = nlohmann::json::array();
  for (long k = par.rank; k < searches; k += par.size) {
    std::size_t centre;
    if (!centres.empty())
      centre = centres[static_cast<std::size_t>(k) % centres.size()];
    else {
      std::mt19937_64 pick(seed + static_cast<unsigned>(k) * 7919u);
      centre = std::uniform_int_distribution<std::size_t>(0, s.config.size() - 1)(pick);
    }
    const ArtSearch a = art_search(s.config, *s.potential, centre, seed + static_cast<unsigned>(k), p);
    const bool ok = a.saddle.status == SaddleStatus::Converged;
    std::cerr << "art: search " << k + 1 << "/" << searches << " (rank " << par.rank << ", centre " << a.centre_id
              << "): " << to_string(a.saddle.status) << (ok ? ", barrier " + brief(a.barrier) + " eV" : "") << ", "
              << a.force_calls << " force calls" << std::endl;
    nlohmann::json j = {{"search", k},
                        {"centre_id", a.centre_id},
                        {"seed", a.seed},
                        {"status", to_string(a.saddle.status)},
                        {"initial_energy", a.initial_energy},
                        {"saddle_energy", a.saddle.energy},
                        {"eigenvalue", a.saddle.eigenvalue},
                        {"force_calls", a.force_calls},
                        {"saddle_force_calls", a.saddle_force_calls},
                        {"wall_seconds", a.wall_seconds}};
    if (ok) {
      j["final_energy"] = a.final_energy;
      j["barrier"] = a.barrier;
      j["reverse_barrier"] = a.reverse_barrier;
      j["saddle_positions"] = vec_json(a.saddle.positions);
      j["eigenvector"] = vec_json(a.saddle.eigenvector);
      j["final_positions"] = vec_json(a.final_minimum);
    }
    mine.push_back(j);
  }
  const auto gathered = gather_on_root(mine.dump());
  if (!par.root()) return nullptr;
  std::vector<nlohmann::json> all;
  for (const auto& text : gathered)
    for (auto& j : nlohmann::json::parse(text)) all.push_back(std::move(j));
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a["search"] < b["search"]; });

  // One saddle found twice is one event: same energy and the same positions (modulo rigid
  // motion for translation-invariant potentials, and rotation for clusters).
  const Box& box = s.config.box;
  const RigidMotions free = free_rigid_motions(box, *s.potential);
  std::vector<std::size_t> unique;
  std::vector<long> calls, saddle_calls;
  std::vector<double> barriers;
  long converged = 0, duplicates = 0;
  for (std::size_t k = 0; k < all.size(); ++k) {
    auto& j = all[k];
    j["duplicate_of"] = -1;
    if (j["status"] != "converged") continue;
    ++converged;
    calls.push_back(j["force_calls"]);
    saddle_calls.push_back(j["saddle_force_calls"]);
    const VectorXd xs = json_vec(j["saddle_positions"]);
    for (std::size_t u : unique) {
      if (std::abs(all[u]["saddle_energy"].get<double>() - j["saddle_energy"].get<double>()) > dup_e) continue;
      if (max_atom_separation(box, json_vec(all[u]["saddle_positions"]), xs, free) < dup_d) {
        j["duplicate_of"] = all[u]["search"];
        break;
      }
    }
    if (j["duplicate_of"] == -1) {
      unique.push_back(k);
      barriers.push_back(j["barrier"]);
      j["prefactor"] = vineyard_radius > 0.0 ? art_vineyard(s, j, vineyard_radius) : nu0;
    } else {
      ++duplicates;
    }
  }
  std::sort(calls.begin(), calls.end());
  std::sort(saddle_calls.begin(), saddle_calls.end());
  double mean_calls = 0.0;
  for (long c : calls) mean_calls += static_cast<double>(c) / static_cast<double>(calls.size());
  // Activation-energy spectrum of the distinct events, 0.1 eV bins.
  nlohmann::json histogram = nlohmann::json::array();
  if (!barriers.empty()) {
    const double top = *std::max_element(barriers.begin(), barriers.end());
    for (double lo = 0.0; lo <= top; lo += 0.1) {
      const long count =
          std::count_if(barriers.begin(), barriers.end(), [&](double b) { return b >= lo && b < lo + 0.1; });
      histogram.push_back({{"from", lo}, {"to", lo + 0.1}, {"count", count}});
    }
  }
  nlohmann::json out = {{"task", "art"},
                        {"natoms", s.config.size()},
                        {"searches", searches},
                        {"ranks", par.size},
                        {"converged", converged},
                        {"success_rate", static_cast<double>(converged) / static_cast<double>(searches)},
                        {"distinct_saddles", unique.size()},
                        {"duplicate_fraction", converged ? static_cast<double>(duplicates) / converged : 0.0},
                        {"median_force_calls", calls.empty() ? 0 : calls[calls.size() / 2]},
                        {"mean_force_calls", mean_calls},
                        {"median_saddle_force_calls", saddle_calls.empty() ? 0 : saddle_calls[saddle_calls.size() / 2]},
                        {"barrier_histogram", histogram},
                        {"prefactor", nu0},
                        {"wall_seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()},
                        {"output", nlohmann::json::object()}};
  nlohmann::json statuses = nlohmann::json::object();
  for (const auto& j : all)
    statuses[j["status"].get<std::string>()] = statuses.value(j["status"].get<std::string>(), 0) + 1;
  out["outcomes"] = statuses;

  if (catalog) {
    out["catalog"] = add_searches_to_catalog(*catalog, s.config, all);
    save_catalog(in.get_path("output.catalog"), *catalog);
    out["output"]["catalog"] = in.get_path("output.catalog");
  }
  if (in.has("output.table")) {
    write_art_csv(in.get_path("output.table"), all);
    out["output"]["table"] = in.get_path("output.table");
  }
  if (in.has("output.hdf5")) {
    write_art_hdf5(in.get_path("output.hdf5"), s, all);
    out["output"]["hdf5"] = in.get_path("output.hdf5");
  }
  return out;
}

nlohmann::json run_neb(const Input& in) {
  System s = load_system(in);
  if (!in.has("neb.final")) throw InputError("key 'neb.final' is required for task neb");
  Configuration fin = read_end_point(in, "neb.final", s.config);
  VectorXd through;
  if (in.has("neb.through")) {
    const Configuration mid = read_end_point(in, "neb.through", s.config);
    through = Eigen::Map<const VectorXd>(mid.x.data(), static_cast<Eigen::Index>(mid.x.size()));
  }
  NebParams p;
  p.images = static_cast<int>(in.get_int("neb.images"));
  if (p.images < 1) throw InputError("key 'neb.images' must be at least 1");
  p.spring = in.get_positive("neb.spring");
  p.climbing = in.get_bool("neb.climbing");
  p.climb_fmax = in.get_positive("neb.climb_fmax");
  p.fmax = in.get_positive("neb.fmax");
  p.max_iterations = in.get_int("neb.max_iterations");
  p.max_move = in.get_positive("neb.max_move");
  p.optimizer = in.get_string("neb.optimizer");
  const auto t0 = std::chrono::steady_clock::now();
  if (in.get_bool("neb.relax_ends")) {
    const MinimizeParams mp = minimize_params(in);
    relax(s.config, *s.potential, mp);
    relax(fin, *s.potential, mp);
  }
  const VectorXd b = Eigen::Map<const VectorXd>(fin.x.data(), static_cast<Eigen::Index>(fin.x.size()));
  const NebResult r = run_neb(s.config, b, *s.potential, p, through);
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
      w.write(c, FrameData{static_cast<long>(k), r.energies[k], nullptr});
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
  return out;
}

}  // namespace metabasin
