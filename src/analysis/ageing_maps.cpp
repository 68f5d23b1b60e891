// SPDX-License-Identifier: BSD-3-Clause
#include "ageing_maps.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "error.hpp"
#include "number_format.hpp"
#include "thermo_log.hpp"

namespace metabasin {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Tables written before T_target_K was a column state the temperature in their comment line
// "# ageing at 500 K; ...". NaN when there is no such line.
double temperature_from_comment(const std::string& path) {
  std::ifstream in(path);
  const std::string mark = "# ageing at ";
  for (std::string line; std::getline(in, line) && !line.empty() && line[0] == '#';) {
    if (line.rfind(mark, 0) != 0) continue;
    std::istringstream s(line.substr(mark.size()));
    double t = kNaN;
    std::string unit;
    if (s >> t >> unit && unit.rfind("K", 0) == 0) return t;
  }
  return kNaN;
}

bool same_value(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)}); }

}  // namespace

std::vector<AgeingRun> read_age_table(const std::string& path) {
  const auto rows = read_table_rows(path);
  if (rows.empty()) throw InputError("age table '" + path + "' is missing or holds no rows");
  const auto names = read_table_columns(path);
  const std::size_t cs = table_column(names, "strain", path), ct = table_column(names, "time_ps", path),
                    ce = table_column(names, "E_IS_per_atom_eV", path),
                    cx = table_column(names, "shear_stress_IS_GPa", path);
  const bool has_t = std::find(names.begin(), names.end(), "T_target_K") != names.end();
  const std::size_t cT = has_t ? table_column(names, "T_target_K", path) : 0;
  const double comment_t = has_t ? kNaN : temperature_from_comment(path);
  if (!has_t && std::isnan(comment_t)) table_column(names, "T_target_K", path);  // throws, naming the file
  const std::size_t width = std::max({cs, ct, ce, cx, cT}) + 1;
  std::vector<AgeingRun> runs;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& r = rows[k];
    if (r.size() < width)
      throw InputError("age table '" + path + "' row " + std::to_string(k + 1) + " has fewer numbers than columns");
    const double t = has_t ? r[cT] : comment_t;
    if (!(std::isfinite(t) && t > 0.0))
      throw InputError("age table '" + path + "' row " + std::to_string(k + 1) + ": the temperature is not positive");
    const bool fresh = runs.empty() || r[cs] != runs.back().strain || r[ct] <= runs.back().time.back() ||
                       !same_value(t, runs.back().temperature);
    if (fresh) runs.push_back({path, t, r[cs], {}, {}, {}});
    runs.back().time.push_back(r[ct]);
    runs.back().energy.push_back(r[ce]);
    runs.back().stress.push_back(r[cx]);
  }
  return runs;
}

const char* to_string(BoostUse use) {
  switch (use) {
    case BoostUse::fitted:
      return "fitted";
    case BoostUse::missing:
      return "missing";
    case BoostUse::not_ageing:
      return "not_ageing";
    case BoostUse::no_error:
      return "no_error";
  }
  return "?";
}

namespace {

// The elastic energy a loaded run starts with: its first E_IS less the first E_IS of the
// unloaded run of the same table at the same temperature.
double elastic_offset(const AgeingRun& run, const std::vector<AgeingRun>& runs) {
  for (const AgeingRun& o : runs)
    if (o.table == run.table && o.strain == 0.0 && same_value(o.temperature, run.temperature))
      return run.energy.front() - o.energy.front();
  throw InputError("age table '" + run.table + "' has a run at strain " + brief(run.strain) +
                   " but none without strain to take its elastic energy from (age.unstrained: true writes one)");
}

// Replicas: the same sample (starting inherent structure), temperature and strain.
bool replicas(const AgeingRun& a, const AgeingRun& b) {
  return a.strain == b.strain && same_value(a.temperature, b.temperature) &&
         same_value(a.energy.front(), b.energy.front()) && same_value(a.stress.front(), b.stress.front());
}

// The point-by-point mean of `members` over the shortest one's length.
AgeingRun mean_curve(const std::vector<const AgeingRun*>& members) {
  std::size_t n = members.front()->time.size();
  for (const AgeingRun* m : members) n = std::min(n, m->time.size());
  AgeingRun c = *members.front();
  c.time.resize(n);
  c.energy.assign(n, 0.0);
  c.stress.assign(n, 0.0);
  for (const AgeingRun* m : members)
    for (std::size_t i = 0; i < n; ++i) {
      if (!same_value(m->time[i], c.time[i]))
        throw InputError("age tables '" + members.front()->table + "' and '" + m->table +
                         "' hold replicas of one sample and condition at different times (" + brief(c.time[i]) +
                         " and " + brief(m->time[i]) + " ps); give them the same age.interval");
      c.energy[i] += m->energy[i] / static_cast<double>(members.size());
      c.stress[i] += m->stress[i] / static_cast<double>(members.size());
    }
  return c;
}

// The steps of one curve: Phi between neighbours, binned at the midpoints of E and tau.
void add_steps(const AgeingRun& c, std::size_t index, double offset, std::vector<AgeingStep>& steps) {
  for (std::size_t i = 0; i + 1 < c.time.size(); ++i) {
    AgeingStep s;
    s.curve = index;
    s.loaded = c.strain != 0.0;
    s.temperature = c.temperature;
    s.time = c.time[i];
    s.energy = 0.5 * (c.energy[i] + c.energy[i + 1]) - offset;
    s.rate = (c.energy[i + 1] - c.energy[i]) / (c.time[i + 1] - c.time[i]);
    s.stress = 0.5 * (c.stress[i] + c.stress[i + 1]);
    steps.push_back(s);
  }
}

double loaded_strain(const std::vector<AgeingRun>& runs) {
  double strain = 0.0;
  for (const AgeingRun& r : runs) {
    if (r.strain == 0.0) continue;
    if (strain != 0.0 && r.strain != strain)
      throw InputError("age tables hold runs at strains " + brief(strain) + " and " + brief(r.strain) + " (in '" +
                       r.table + "'); map one strain at a time");
    strain = r.strain;
  }
  return strain;
}

// Curves (replicas averaged or not) and their steps.
void build_curves(const std::vector<AgeingRun>& runs, const AgeingMapParams& p, AgeingMaps& m) {
  std::vector<bool> taken(runs.size(), false);
  for (std::size_t a = 0; a < runs.size(); ++a) {
    if (taken[a]) continue;
    std::vector<const AgeingRun*> members{&runs[a]};
    AgeingCurve curve{runs[a].strain != 0.0, runs[a].temperature, runs[a].strain, 0.0, {runs[a].table}, 0};
    for (std::size_t b = a + 1; p.replicas == ReplicaAveraging::curves && b < runs.size(); ++b)
      if (!taken[b] && replicas(runs[a], runs[b])) {
        taken[b] = true;
        members.push_back(&runs[b]);
        curve.tables.push_back(runs[b].table);
      }
    const AgeingRun mean = mean_curve(members);
    if (curve.loaded && p.offset == ElasticOffset::start) curve.offset = elastic_offset(runs[a], runs);
    curve.points = mean.time.size();
    add_steps(mean, m.curves.size(), curve.offset, m.steps);
    m.curves.push_back(curve);
  }
}

BinMean bin_mean(const std::vector<double>& v) {
  BinMean b;
  b.count = v.size();
  if (v.empty()) return b;
  double sum = 0.0;
  for (double x : v) sum += x;
  b.mean = sum / static_cast<double>(v.size());
  if (v.size() < 2) return b;
  double ss = 0.0;
  for (double x : v) ss += (x - b.mean) * (x - b.mean);
  b.error = std::sqrt(ss / static_cast<double>(v.size() - 1) / static_cast<double>(v.size()));
  return b;
}

void set_grid(AgeingMaps& m, std::size_t nbins) {
  double lo = m.steps.front().energy, hi = lo;
  for (const AgeingStep& s : m.steps) {
    lo = std::min(lo, s.energy);
    hi = std::max(hi, s.energy);
    if (std::none_of(m.temperatures.begin(), m.temperatures.end(),
                     [&](double t) { return same_value(t, s.temperature); }))
      m.temperatures.push_back(s.temperature);
  }
  std::sort(m.temperatures.begin(), m.temperatures.end());
  if (hi == lo) hi = lo + 1e-6;  // one energy: a bin of 1 micro-eV around it
  for (std::size_t e = 0; e <= nbins; ++e)
    m.energy_edges.push_back(lo + (hi - lo) * static_cast<double>(e) / static_cast<double>(nbins));
}

std::size_t energy_bin(const AgeingMaps& m, double energy) {
  const double lo = m.energy_edges.front(), hi = m.energy_edges.back();
  const std::size_t n = m.energy_edges.size() - 1;
  const auto k = static_cast<std::size_t>(std::floor((energy - lo) / (hi - lo) * static_cast<double>(n)));
  return std::min(k, n - 1);  // the top edge belongs to the last bin
}

// f of a bin, its error, and whether it is a point of the fit.
void judge_boost(AgeingBin& b, const AgeingMapParams& p) {
  const BinMean &l = b.rate_loaded, &u = b.rate_unloaded;
  if (l.count < p.min_count || u.count < p.min_count || l.count == 0 || u.count == 0) return;
  b.boost = l.mean / u.mean;
  b.boost_error = std::abs(b.boost) * std::hypot(l.error / l.mean, u.error / u.mean);
  if (!(l.mean < 0.0 && u.mean < 0.0))
    b.use = BoostUse::not_ageing;
  else if (p.weighted && !(std::isfinite(b.boost_error) && b.boost_error > 0.0))
    b.use = BoostUse::no_error;
  else
    b.use = BoostUse::fitted;
}

void fill_bins(AgeingMaps& m, const AgeingMapParams& p) {
  const std::size_t ne = p.energy_bins, nt = m.temperatures.size();
  std::vector<std::vector<double>> rl(nt * ne), ru(nt * ne), sl(nt * ne), su(nt * ne);
  for (const AgeingStep& s : m.steps) {
    const std::size_t t =
        static_cast<std::size_t>(std::find_if(m.temperatures.begin(), m.temperatures.end(),
                                              [&](double x) { return same_value(x, s.temperature); }) -
                                 m.temperatures.begin());
    const std::size_t k = t * ne + energy_bin(m, s.energy);
    (s.loaded ? rl : ru)[k].push_back(s.rate);
    (s.loaded ? sl : su)[k].push_back(s.stress);
  }
  for (std::size_t t = 0; t < nt; ++t)
    for (std::size_t e = 0; e < ne; ++e) {
      const std::size_t k = t * ne + e;
      AgeingBin b;
      b.temperature_index = t;
      b.energy_index = e;
      b.temperature = m.temperatures[t];
      b.energy_low = m.energy_edges[e];
      b.energy_high = m.energy_edges[e + 1];
      b.rate_loaded = bin_mean(rl[k]);
      b.rate_unloaded = bin_mean(ru[k]);
      b.stress_loaded = bin_mean(sl[k]);
      b.stress_unloaded = bin_mean(su[k]);
      judge_boost(b, p);
      if (b.use == BoostUse::fitted)
        m.boost_points.push_back({b.stress_loaded.mean, b.temperature, b.boost, p.weighted ? b.boost_error : kNaN});
      m.bins.push_back(b);
    }
}

}  // namespace

AgeingMaps ageing_maps(const std::vector<AgeingRun>& runs, const AgeingMapParams& params) {
  if (params.energy_bins == 0) throw InputError("ageing maps need at least one energy bin");
  AgeingMaps m;
  m.strain = loaded_strain(runs);
  build_curves(runs, params, m);
  if (m.steps.empty())
    throw InputError("the age tables hold no pair of neighbouring inherent structures (every run has one row)");
  set_grid(m, params.energy_bins);
  fill_bins(m, params);
  m.fit = fit_activation_volume(m.boost_points);
  return m;
}

}  // namespace metabasin
