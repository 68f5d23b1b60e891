// SPDX-License-Identifier: BSD-3-Clause
#include "ageing_cli.hpp"

#include <cmath>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ageing_maps.hpp"
#include "command_line.hpp"
#include "error.hpp"
#include "json_text.hpp"
#include "number_format.hpp"
#include "output_path.hpp"

namespace metabasin {

const char* const kAgeingUsage =
    "usage: metabasin ageing TABLE... [--energy-bins N] [--min-count N] [--weighted] [--out PREFIX]\n"
    "  ageing-rate maps of Liu-Fan Fig. 2 from the tables of task age (any number of samples,\n"
    "  temperatures and seeds, strained and unstrained): Phi = (E_IS^{i+1} - E_IS^i) / dt between\n"
    "  neighbouring inherent structures of each curve, binned at the pair's midpoint E_IS and at\n"
    "  the table's T_target_K; per bin the mean Phi with and without strain, the boost\n"
    "  f = Phi^L / Phi^0, the mean inherent-structure shear stress of the strained entries, and\n"
    "  the fit f = kappa* cosh(tau V_act / k_B T) (Eq. 1) over the bins where both rates are < 0\n"
    "  --energy-bins N        equal E_IS bins over the entries' range (default 10)\n"
    "  --min-count N          fewest entries of each map for a bin's boost (default 1)\n"
    "  As the study: runs of one sample at one T and strain (the same starting inherent structure,\n"
    "  another md.seed) are averaged point by point before the differences, and a strained curve's\n"
    "  E_IS is lowered by its elastic energy at t = 0 (E_IS^L(0) - E_IS^0(0) of its table)\n"
    "  --weighted             fit with the boosts' standard errors (bins with fewer than two\n"
    "                         entries in either map are then left out)\n"
    "  --out PREFIX           write PREFIX-maps.csv (one row per (T, E_IS) bin), PREFIX-steps.csv\n"
    "                         (every Phi entry) and PREFIX.json (what is printed); never an input\n"
    "  Units: E_IS in eV/atom, Phi in eV/atom/ps (< 0 while ageing), stress in GPa, V_act in A^3.\n"
    "  Prints one JSON object: counts of tables, curves and entries, the grid, each map's range,\n"
    "  the boost points and the fit (kappa*, V_act and their standard errors, reduced chi^2).\n";

namespace {

const CommandSyntax kAgeingSyntax{
    "ageing", 1, 100000, {"--energy-bins", "--min-count", "--out"}, {"--weighted"}};

AgeingMapParams map_params(const CommandLine& line) {
  AgeingMapParams p;
  p.energy_bins = line.index("--energy-bins", 10);
  if (p.energy_bins == 0 || p.energy_bins > 100000)
    throw UsageError("ageing: --energy-bins " + line.text("--energy-bins") + " must be in 1..100000");
  p.min_count = line.index("--min-count", 1);
  p.weighted = line.has("--weighted");
  return p;
}

// Range of one map over the bins that have a value.
template <class Value>
nlohmann::json map_range(const AgeingMaps& m, Value value) {
  double lo = NAN, hi = NAN;
  std::size_t n = 0;
  for (const AgeingBin& b : m.bins) {
    const double v = value(b);
    if (!std::isfinite(v)) continue;
    lo = n ? std::min(lo, v) : v;
    hi = n ? std::max(hi, v) : v;
    ++n;
  }
  return {{"bins", n}, {"min", json_number(lo)}, {"max", json_number(hi)}};
}

nlohmann::json fit_json(const AgeingMaps& m) {
  const BoostFit& f = m.fit;
  double lo = NAN, hi = NAN;
  for (const BoostPoint& p : m.boost_points) {
    lo = std::isnan(lo) ? p.stress : std::min(lo, p.stress);
    hi = std::isnan(hi) ? p.stress : std::max(hi, p.stress);
  }
  return {{"status", to_string(f.status)},
          {"points", f.points},
          {"weighted", f.weighted},
          {"iterations", f.iterations},
          {"kappa", json_number(f.prefactor)},
          {"kappa_error", json_number(f.prefactor_error)},
          {"activation_volume_A3", json_number(f.activation_volume)},
          {"activation_volume_error_A3", json_number(f.activation_volume_error)},
          {"correlation", json_number(f.correlation)},
          {"reduced_chi_square", json_number(f.reduced_chi_square)},
          {"stress_range_GPa", {json_number(lo), json_number(hi)}}};
}

nlohmann::json curves_json(const AgeingMaps& m) {
  nlohmann::json curves = nlohmann::json::array();
  for (std::size_t k = 0; k < m.curves.size(); ++k) {
    const AgeingCurve& c = m.curves[k];
    curves.push_back({{"curve", k},
                      {"temperature_K", c.temperature},
                      {"strain", c.strain},
                      {"elastic_offset_eV_per_atom", c.offset},
                      {"points", c.points},
                      {"tables", c.tables}});
  }
  return curves;
}

nlohmann::json counts_json(const AgeingMaps& m, std::size_t tables, std::size_t runs) {
  std::size_t loaded_curves = 0, loaded_steps = 0, bins_fitted = 0, not_ageing = 0;
  for (const AgeingCurve& c : m.curves) loaded_curves += c.loaded;
  for (const AgeingStep& s : m.steps) loaded_steps += s.loaded;
  for (const AgeingBin& b : m.bins) {
    bins_fitted += b.use == BoostUse::fitted;
    not_ageing += b.use == BoostUse::not_ageing;
  }
  return {{"tables", tables},
          {"runs", runs},
          {"curves", {{"strained", loaded_curves}, {"unstrained", m.curves.size() - loaded_curves}}},
          {"steps", {{"strained", loaded_steps}, {"unstrained", m.steps.size() - loaded_steps}}},
          {"bins_with_boost_fitted", bins_fitted},
          {"bins_not_ageing", not_ageing}};
}

nlohmann::json result_json(const AgeingMaps& m, const AgeingMapParams& p, std::size_t tables, std::size_t runs) {
  nlohmann::json j = {{"command", "ageing"}};
  j.update(counts_json(m, tables, runs));
  j["strain"] = m.strain;
  j["averaging"] = {{"replicas", p.replicas == ReplicaAveraging::curves ? "average" : "separate"},
                    {"elastic_offset", p.offset == ElasticOffset::start ? "start" : "none"},
                    {"binned_at", "midpoint"},
                    {"min_count", p.min_count}};
  j["temperatures_K"] = m.temperatures;
  j["energy_edges_eV_per_atom"] = m.energy_edges;
  j["maps"] = {{"phi_strained_eV_per_atom_ps", map_range(m, [](const AgeingBin& b) { return b.rate_loaded.mean; })},
               {"phi_unstrained_eV_per_atom_ps", map_range(m, [](const AgeingBin& b) { return b.rate_unloaded.mean; })},
               {"boost", map_range(m, [](const AgeingBin& b) { return b.boost; })},
               {"stress_GPa", map_range(m, [](const AgeingBin& b) { return b.stress_loaded.mean; })}};
  j["boost_points"] = nlohmann::json::array();
  for (const BoostPoint& b : m.boost_points)
    j["boost_points"].push_back(
        {{"stress_GPa", b.stress}, {"temperature_K", b.temperature}, {"boost", b.boost}, {"error", json_number(b.error)}});
  j["fit"] = fit_json(m);
  j["curve_list"] = curves_json(m);
  return j;
}

std::string csv_number(double v) { return std::isfinite(v) ? shortest(v) : "nan"; }

std::string maps_csv(const AgeingMaps& m) {
  std::ostringstream o;
  o << "T_K,E_IS_per_atom_low_eV,E_IS_per_atom_high_eV,phi_strained_eV_per_atom_ps,"
       "phi_strained_se_eV_per_atom_ps,steps_strained,phi_unstrained_eV_per_atom_ps,"
       "phi_unstrained_se_eV_per_atom_ps,steps_unstrained,stress_GPa,stress_se_GPa,stress_unstrained_GPa,"
       "boost,boost_se,boost_use\n";
  for (const AgeingBin& b : m.bins)
    o << csv_number(b.temperature) << ',' << csv_number(b.energy_low) << ',' << csv_number(b.energy_high) << ','
      << csv_number(b.rate_loaded.mean) << ',' << csv_number(b.rate_loaded.error) << ',' << b.rate_loaded.count << ','
      << csv_number(b.rate_unloaded.mean) << ',' << csv_number(b.rate_unloaded.error) << ',' << b.rate_unloaded.count
      << ',' << csv_number(b.stress_loaded.mean) << ',' << csv_number(b.stress_loaded.error) << ','
      << csv_number(b.stress_unloaded.mean) << ',' << csv_number(b.boost) << ',' << csv_number(b.boost_error) << ','
      << to_string(b.use) << '\n';
  return o.str();
}

std::string steps_csv(const AgeingMaps& m) {
  std::ostringstream o;
  o << "curve,strained,T_K,time_ps,E_IS_per_atom_eV,phi_eV_per_atom_ps,shear_stress_IS_GPa\n";
  for (const AgeingStep& s : m.steps)
    o << s.curve << ',' << (s.loaded ? 1 : 0) << ',' << csv_number(s.temperature) << ',' << csv_number(s.time) << ','
      << csv_number(s.energy) << ',' << csv_number(s.rate) << ',' << csv_number(s.stress) << '\n';
  return o.str();
}

}  // namespace

void run_ageing_command(const std::vector<std::string>& args) {
  const CommandLine line(kAgeingSyntax, args);
  if (line.help()) {
    std::cout << kAgeingUsage;
    return;
  }
  const AgeingMapParams params = map_params(line);
  const std::vector<std::string>& tables = line.positionals();
  const std::string prefix = line.text("--out");
  const std::vector<std::string> outs =
      prefix.empty() ? std::vector<std::string>{}
                     : std::vector<std::string>{prefix + "-maps.csv", prefix + "-steps.csv", prefix + ".json"};
  for (const auto& out : outs) refuse_output_over_input(out, tables, "ageing: --out file");

  std::vector<AgeingRun> runs;
  for (const auto& t : tables)
    for (AgeingRun& r : read_age_table(t)) runs.push_back(std::move(r));
  const AgeingMaps maps = ageing_maps(runs, params);
  nlohmann::json j = result_json(maps, params, tables.size(), runs.size());
  if (!outs.empty()) {
    const auto parent = std::filesystem::path(prefix).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) throw InputError("ageing: cannot make the folder '" + parent.string() + "' of --out: " + ec.message());
    j["output"] = {{"maps", outs[0]}, {"steps", outs[1]}, {"json", outs[2]}};
    write_text_atomically(outs[0], maps_csv(maps));
    write_text_atomically(outs[1], steps_csv(maps));
    write_text_atomically(outs[2], json_text(j, 1) + "\n");
  }
  std::cout << json_text(j) << std::endl;
}

}  // namespace metabasin
