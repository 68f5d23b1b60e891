// SPDX-License-Identifier: BSD-3-Clause
#include "catalog_cli.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <queue>
#include <nlohmann/json.hpp>
#include <sstream>

#include "catalog_file.hpp"
#include "error.hpp"
#include "lammps_data.hpp"
#include "number_format.hpp"
#include "trajectory.hpp"
#include "units.hpp"

namespace metabasin {

const char* const kCatalogUsage =
    "usage: metabasin catalog SUBCOMMAND CATALOG.h5 [options]\n"
    "  summary                      counts, energy range, strains, force calls\n"
    "  minima   [--sort energy|index]\n"
    "  saddles  [--sort barrier|energy|index] [--min-barrier E] [--max-barrier E] [--strain G]\n"
    "  spectrum [--strain G] [--bin W] [--csv]   histogram of forward barriers (eV)\n"
    "  strain-response [--min-barrier E] [--csv]   each sampled event's barrier vs strain\n"
    "                               (vanished: -), and per strain the survivors, mean barrier\n"
    "                               shift and activation volume, from the previous strain and\n"
    "                               from where each event was sampled, and the least-squares\n"
    "                               activation volume over all strains; --min-barrier: only events whose\n"
    "                               barrier where they were sampled is >= E (eV)\n"
    "  path A B                     lowest-barrier path between minima A and B (the path whose\n"
    "                               highest saddle is lowest), live saddles at A's strain\n"
    "  export OUT (--graphml | --dot | --minimum N | --saddle N)   OUT follows the catalog\n"
    "                               the graph (GraphML, DOT) or one state (extended XYZ)\n"
    "  every subcommand takes --json for machine-readable output\n";

namespace {

struct Options {
  std::map<std::string, std::string> values;
  bool has(const std::string& k) const { return values.count(k) > 0; }
  double real(const std::string& k, double fallback) const {
    if (!has(k)) return fallback;
    try {
      std::size_t used = 0;
      const double v = std::stod(values.at(k), &used);
      if (used == values.at(k).size() && std::isfinite(v)) return v;
    } catch (const std::exception&) {
    }
    throw InputError("catalog: option " + k + " needs a number, got '" + values.at(k) + "'");
  }
};

Options parse_options(const std::vector<std::string>& args, std::size_t from, const std::vector<std::string>& valued,
                      const std::vector<std::string>& flags) {
  Options o;
  for (std::size_t i = from; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (std::find(flags.begin(), flags.end(), a) != flags.end()) {
      o.values[a] = "1";
    } else if (std::find(valued.begin(), valued.end(), a) != valued.end()) {
      if (i + 1 >= args.size()) throw InputError("catalog: option " + a + " needs a value");
      o.values[a] = args[++i];
    } else {
      throw InputError("catalog: unknown option '" + a + "'");
    }
  }
  return o;
}

bool same_strain(double a, double b) { return std::abs(a - b) <= 1e-9; }

nlohmann::json summary(const Catalog& c) {
  double emin = INFINITY, emax = -INFINITY, bmin = INFINITY, bmax = -INFINITY;
  long calls = 0, vanished = 0;
  for (std::size_t v = 0; v < c.minima(); ++v) {
    emin = std::min(emin, c.minimum(v).energy);
    emax = std::max(emax, c.minimum(v).energy);
    calls += c.minimum(v).force_calls;
  }
  for (std::size_t e = 0; e < c.saddles(); ++e) {
    const Transition& t = c.saddle(e);
    calls += t.force_calls;
    vanished += t.vanished ? 1 : 0;
    if (t.vanished) continue;
    bmin = std::min(bmin, t.forward_barrier);
    bmax = std::max(bmax, t.forward_barrier);
  }
  nlohmann::json j = {{"natoms", c.atoms().size()},
                      {"potential", c.potential()},
                      {"minima", c.minima()},
                      {"saddles", c.saddles()},
                      {"vanished_saddles", vanished},
                      {"strains", c.strains()},
                      {"force_calls", calls}};
  if (c.minima()) j["minimum_energy_range"] = {emin, emax};
  if (bmin <= bmax) j["forward_barrier_range"] = {bmin, bmax};
  return j;
}

nlohmann::json minima_table(const Catalog& c, const Options& o) {
  std::vector<std::size_t> order(c.minima());
  for (std::size_t v = 0; v < order.size(); ++v) order[v] = v;
  const std::string sort = o.has("--sort") ? o.values.at("--sort") : "energy";
  if (sort == "energy")
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return c.minimum(a).energy < c.minimum(b).energy; });
  else if (sort != "index")
    throw InputError("catalog minima: --sort must be energy or index, not '" + sort + "'");
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t v : order) {
    const InherentStructure& s = c.minimum(v);
    rows.push_back({{"index", v},
                    {"energy", s.energy},
                    {"strain", s.strain},
                    {"degree", boost::degree(v, c.graph())},
                    {"found_by", s.found_by},
                    {"force_calls", s.force_calls}});
  }
  return rows;
}

nlohmann::json saddles_table(const Catalog& c, const Options& o) {
  const double lo = o.real("--min-barrier", -INFINITY), hi = o.real("--max-barrier", INFINITY);
  std::vector<std::size_t> order;
  for (std::size_t e = 0; e < c.saddles(); ++e) {
    const Transition& t = c.saddle(e);
    if ((o.has("--min-barrier") || o.has("--max-barrier")) && !(t.forward_barrier >= lo && t.forward_barrier <= hi))
      continue;
    if (o.has("--strain") && !same_strain(t.strain, o.real("--strain", 0.0))) continue;
    order.push_back(e);
  }
  const std::string sort = o.has("--sort") ? o.values.at("--sort") : "barrier";
  auto key = [&](std::size_t e) {
    return sort == "barrier" ? c.saddle(e).forward_barrier : sort == "energy" ? c.saddle(e).energy : double(e);
  };
  if (sort != "barrier" && sort != "energy" && sort != "index")
    throw InputError("catalog saddles: --sort must be barrier, energy or index, not '" + sort + "'");
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t e : order) {
    const Transition& t = c.saddle(e);
    rows.push_back({{"index", e},
                    {"from", t.from},
                    {"to", t.to},
                    {"energy", t.energy},
                    {"forward_barrier", t.forward_barrier},
                    {"backward_barrier", t.backward_barrier},
                    {"eigenvalue", t.eigenvalue},
                    {"prefactor", t.prefactor},
                    {"backward_prefactor", t.backward_prefactor},
                    {"strain", t.strain},
                    {"times_found", t.times_found},
                    {"vanished", t.vanished},
                    {"found_by", t.found_by},
                    {"force_calls", t.force_calls}});
  }
  return rows;
}

nlohmann::json spectrum(const Catalog& c, const Options& o) {
  const double width = o.real("--bin", 0.05);
  if (!(width > 0.0)) throw InputError("catalog spectrum: --bin must be positive");
  const auto strains = c.strains();
  const double strain = o.real("--strain", strains.empty() ? 0.0 : strains.front());
  std::vector<double> b;
  for (std::size_t e = 0; e < c.saddles(); ++e) {
    const Transition& t = c.saddle(e);
    if (!t.vanished && same_strain(t.strain, strain)) b.push_back(t.forward_barrier);
  }
  nlohmann::json bins = nlohmann::json::array();
  if (!b.empty()) {
    const double top = *std::max_element(b.begin(), b.end());
    const long nbins = std::max(1L, static_cast<long>(std::floor(top / width)) + 1);
    for (long k = 0; k < nbins; ++k) {
      const double from = k * width, to = from + width;
      bins.push_back({{"from", from},
                      {"to", to},
                      {"count", std::count_if(b.begin(), b.end(), [&](double x) { return x >= from && x < to; })}});
    }
  }
  return {{"strain", strain}, {"saddles", b.size()}, {"bin", width}, {"bins", bins}};
}

/// Follows every sampled event through its re-convergences at later strains; events whose
/// forward barrier where they were sampled is below min_barrier are left out.
nlohmann::json strain_response(const Catalog& c, double min_barrier) {
  const auto strains = c.strains();
  std::vector<std::vector<std::size_t>> children(c.saddles());
  for (std::size_t e = 0; e < c.saddles(); ++e)
    if (c.saddle(e).parent >= 0) children[static_cast<std::size_t>(c.saddle(e).parent)].push_back(e);
  nlohmann::json events = nlohmann::json::array();
  // Per strain (after the first): survivors, and the sums for the mean shift and stress change.
  std::vector<long> mapped(strains.size(), 0), survived(strains.size(), 0);
  std::vector<double> shift(strains.size(), 0.0), dtau(strains.size(), 0.0);
  // The same from the strain where each event was sampled, and the least-squares activation
  // volume over every (event, strain) pair: a slope through the origin of the barrier change
  // against the stress change, far less noisy than one small step's ratio of means.
  std::vector<long> total(strains.size(), 0), kept(strains.size(), 0);
  std::vector<double> total_shift(strains.size(), 0.0), total_dtau(strains.size(), 0.0);
  double sum_xy = 0.0, sum_xx = 0.0;
  long pairs = 0;
  std::vector<double> event_volumes;  // each followed event's own slope (A^3)
  auto strain_index = [&](double g) {
    for (std::size_t k = 0; k < strains.size(); ++k)
      if (same_strain(strains[k], g)) return k;
    return strains.size();
  };
  for (std::size_t root = 0; root < c.saddles(); ++root) {
    if (c.saddle(root).parent >= 0 || !(c.saddle(root).forward_barrier >= min_barrier)) continue;
    nlohmann::json barrier = nlohmann::json::array();
    std::size_t e = root;
    barrier.push_back({{"strain", c.saddle(e).strain}, {"barrier", c.saddle(e).forward_barrier}});
    const Transition& sampled = c.saddle(root);
    double event_xy = 0.0, event_xx = 0.0;  // this event's own slope
    while (!c.saddle(e).vanished && !children[e].empty()) {
      const std::size_t next = children[e].front();
      const Transition &a = c.saddle(e), &b = c.saddle(next);
      const std::size_t k = strain_index(b.strain);
      if (k < strains.size()) {
        ++mapped[k];
        if (!b.vanished) {
          ++survived[k];
          shift[k] += b.forward_barrier - a.forward_barrier;
          dtau[k] += c.minimum(b.from).pressure_xy - c.minimum(a.from).pressure_xy;
          const double y = b.forward_barrier - sampled.forward_barrier;
          const double x = c.minimum(b.from).pressure_xy - c.minimum(sampled.from).pressure_xy;
          ++kept[k];
          total_shift[k] += y;
          total_dtau[k] += x;
          if (std::isfinite(x) && std::isfinite(y)) {
            sum_xy += x * y;
            sum_xx += x * x;
            event_xy += x * y;
            event_xx += x * x;
            ++pairs;
          }
        }
      }
      barrier.push_back({{"strain", b.strain},
                         {"barrier", b.vanished ? nlohmann::json(nullptr) : nlohmann::json(b.forward_barrier)}});
      e = next;
    }
    events.push_back({{"event", root}, {"from", c.saddle(root).from}, {"to", c.saddle(root).to}, {"barriers", barrier}});
    // A later strain counts the event if it was followed there (alive or vanished) or it
    // vanished before; a chain that just stops (merged onto another event's saddle, or not
    // re-evaluated further) is not counted as lost.
    const std::size_t k0 = strain_index(sampled.strain), k_end = strain_index(c.saddle(e).strain);
    const bool lost = c.saddle(e).vanished;
    if (event_xx > 1e-24) event_volumes.push_back(event_xy / event_xx * units::ev_per_a3_to_gpa);
    for (std::size_t k = k0 + 1; k0 < strains.size() && k < strains.size(); ++k)
      if (k <= k_end || lost) total[k] += 1;
  }
  nlohmann::json steps = nlohmann::json::array();
  for (std::size_t k = 1; k < strains.size(); ++k) {
    if (mapped[k] == 0) continue;
    const double mean_shift = survived[k] ? shift[k] / survived[k] : 0.0;
    const double mean_dtau = survived[k] ? dtau[k] / survived[k] : 0.0;
    nlohmann::json volume = nullptr;
    if (survived[k] && std::abs(mean_dtau) > 1e-12 && std::isfinite(mean_dtau))
      volume = mean_shift / mean_dtau * units::ev_per_a3_to_gpa;  // -dQ/dtau with tau = -p_xy; eV/GPa -> A^3
    steps.push_back({{"strain", strains[k]},
                     {"events", mapped[k]},
                     {"survived", survived[k]},
                     {"survival_fraction", static_cast<double>(survived[k]) / mapped[k]},
                     {"mean_barrier_shift", mean_shift},
                     {"mean_stress_change", mean_dtau},
                     {"activation_volume", volume}});
  }
  nlohmann::json since = nlohmann::json::array();
  for (std::size_t k = 1; k < strains.size(); ++k) {
    if (total[k] == 0) continue;
    since.push_back({{"strain", strains[k]},
                     {"events", total[k]},
                     {"survived", kept[k]},
                     {"survival_fraction", static_cast<double>(kept[k]) / total[k]},
                     {"mean_barrier_shift", kept[k] ? total_shift[k] / kept[k] : 0.0},
                     {"mean_stress_change", kept[k] ? total_dtau[k] / kept[k] : 0.0}});
  }
  nlohmann::json fit = {{"points", pairs}, {"activation_volume", nullptr}};
  if (pairs > 0 && sum_xx > 1e-24)
    fit["activation_volume"] = sum_xy / sum_xx * units::ev_per_a3_to_gpa;  // dQ/dp_xy = -dQ/dtau; eV/GPa -> A^3
  // Events in a glass are oriented every way, so their volumes scatter about the mean with
  // both signs: the spread says how far the mean of a few events can be trusted.
  fit["events"] = event_volumes.size();
  fit["event_mean"] = nullptr;
  fit["event_sem"] = nullptr;
  if (!event_volumes.empty()) {
    const double n = static_cast<double>(event_volumes.size());
    double mean = 0.0, var = 0.0;
    for (double v : event_volumes) mean += v / n;
    for (double v : event_volumes) var += (v - mean) * (v - mean);
    fit["event_mean"] = mean;
    if (event_volumes.size() > 1) fit["event_sem"] = std::sqrt(var / (n - 1.0) / n);
  }
  return {{"strains", strains},
          {"min_barrier", std::isfinite(min_barrier) ? nlohmann::json(min_barrier) : nlohmann::json(nullptr)},
          {"steps", steps},
          {"since_sampled", since},
          {"activation_volume_fit", fit},
          {"events", events}};
}

/// Minimax path: of all paths from a to b through live saddles at a's strain, the one whose
/// highest saddle is lowest (Dijkstra with max in place of +).
nlohmann::json lowest_barrier_path(const Catalog& c, std::size_t a, std::size_t b) {
  const std::size_t n = c.minima();
  if (a >= n || b >= n) throw InputError("catalog path: minima are numbered 0 to " + std::to_string(n - 1));
  const double strain = c.minimum(a).strain;
  std::vector<double> best(n, INFINITY);
  std::vector<long> via(n, -1);  // saddle index that reached each minimum
  std::vector<bool> done(n, false);
  best[a] = -INFINITY;
  using Item = std::pair<double, std::size_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
  queue.push({best[a], a});
  while (!queue.empty()) {
    const auto [height, v] = queue.top();
    queue.pop();
    if (done[v]) continue;
    done[v] = true;
    if (v == b) break;
    for (auto [e, end] = boost::out_edges(v, c.graph()); e != end; ++e) {
      const std::size_t index = c.graph()[*e];
      const Transition& t = c.saddle(index);
      if (t.vanished || !same_strain(t.strain, strain)) continue;
      const std::size_t w = boost::target(*e, c.graph());
      const double h = std::max(height, t.energy);
      if (h < best[w]) {
        best[w] = h;
        via[w] = static_cast<long>(index);
        queue.push({h, w});
      }
    }
  }
  if (!done[b] || a == b) {
    if (a == b) return {{"from", a}, {"to", b}, {"minima", {a}}, {"saddles", nlohmann::json::array()}, {"barrier", 0.0}};
    throw InputError("catalog path: no path of live saddles joins minima " + std::to_string(a) + " and " +
                     std::to_string(b) + " at strain " + brief(strain));
  }
  std::vector<std::size_t> minima{b};
  std::vector<std::size_t> saddles;
  for (std::size_t v = b; v != a;) {
    const Transition& t = c.saddle(static_cast<std::size_t>(via[v]));
    saddles.push_back(static_cast<std::size_t>(via[v]));
    v = t.from == v ? t.to : t.from;
    minima.push_back(v);
  }
  std::reverse(minima.begin(), minima.end());
  std::reverse(saddles.begin(), saddles.end());
  return {{"from", a},
          {"to", b},
          {"strain", strain},
          {"minima", minima},
          {"saddles", saddles},
          {"highest_saddle_energy", best[b]},
          {"barrier", best[b] - c.minimum(a).energy}};
}

std::string xml_escape(const std::string& t) {
  std::string o;
  for (char ch : t) o += ch == '<' ? "&lt;" : ch == '>' ? "&gt;" : ch == '&' ? "&amp;" : ch == '"' ? "&quot;" : std::string(1, ch);
  return o;
}

std::string number_or_nan(double v) { return std::isfinite(v) ? shortest(v) : "NaN"; }

void export_graph(const Catalog& c, const std::string& path, bool graphml) {
  std::ostringstream o;
  if (graphml) {
    o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n";
    const char* vkeys[][2] = {{"energy", "double"}, {"strain", "double"}, {"found_by", "string"}};
    for (const auto& k : vkeys)
      o << "  <key id=\"v_" << k[0] << "\" for=\"node\" attr.name=\"" << k[0] << "\" attr.type=\"" << k[1] << "\"/>\n";
    const char* ekeys[][2] = {{"energy", "double"},         {"forward_barrier", "double"}, {"backward_barrier", "double"},
                              {"strain", "double"},         {"vanished", "boolean"},       {"found_by", "string"},
                              {"times_found", "int"}};
    for (const auto& k : ekeys)
      o << "  <key id=\"e_" << k[0] << "\" for=\"edge\" attr.name=\"" << k[0] << "\" attr.type=\"" << k[1] << "\"/>\n";
    o << "  <graph id=\"catalog\" edgedefault=\"undirected\">\n";
    for (std::size_t v = 0; v < c.minima(); ++v)
      o << "    <node id=\"m" << v << "\"><data key=\"v_energy\">" << shortest(c.minimum(v).energy)
        << "</data><data key=\"v_strain\">" << shortest(c.minimum(v).strain) << "</data><data key=\"v_found_by\">"
        << xml_escape(c.minimum(v).found_by) << "</data></node>\n";
    for (std::size_t e = 0; e < c.saddles(); ++e) {
      const Transition& t = c.saddle(e);
      o << "    <edge id=\"s" << e << "\" source=\"m" << t.from << "\" target=\"m" << t.to << "\"><data key=\"e_energy\">"
        << shortest(t.energy) << "</data><data key=\"e_forward_barrier\">" << number_or_nan(t.forward_barrier)
        << "</data><data key=\"e_backward_barrier\">" << number_or_nan(t.backward_barrier)
        << "</data><data key=\"e_strain\">" << shortest(t.strain) << "</data><data key=\"e_vanished\">"
        << (t.vanished ? "true" : "false") << "</data><data key=\"e_found_by\">" << xml_escape(t.found_by)
        << "</data><data key=\"e_times_found\">" << t.times_found << "</data></edge>\n";
    }
    o << "  </graph>\n</graphml>\n";
  } else {
    o << "graph catalog {\n";
    for (std::size_t v = 0; v < c.minima(); ++v)
      o << "  m" << v << " [label=\"" << v << "\\n" << brief(c.minimum(v).energy) << " eV\", energy=" << shortest(c.minimum(v).energy)
        << ", strain=" << shortest(c.minimum(v).strain) << "];\n";
    for (std::size_t e = 0; e < c.saddles(); ++e) {
      const Transition& t = c.saddle(e);
      o << "  m" << t.from << " -- m" << t.to << " [label=\"" << (t.vanished ? "vanished" : brief(t.forward_barrier))
        << "\", energy=" << shortest(t.energy) << ", strain=" << shortest(t.strain)
        << (t.vanished ? ", style=dashed" : "") << "];\n";
    }
    o << "}\n";
  }
  write_file_atomically(path, o.str());
}

void export_state(const Catalog& c, const std::string& path, const VectorXd& x, double strain, double energy) {
  Configuration k = c.atoms();
  k.box = c.box_at(strain);
  Eigen::Map<VectorXd>(k.x.data(), x.size()) = x;
  ExtendedXyzWriter w(path, {});
  w.write(k, FrameData{0, energy, nullptr});
}

/// Prints rows (objects with the same keys) as an aligned text table.
void print_table(const nlohmann::json& rows, const std::vector<std::string>& columns) {
  for (const auto& c : columns) std::cout << std::setw(17) << c;
  std::cout << "\n";
  for (const auto& r : rows) {
    for (const auto& c : columns) {
      const auto& v = r[c];
      std::cout << std::setw(17) << (v.is_number_float() ? brief(v.get<double>()) : v.is_string() ? v.get<std::string>() : v.dump());
    }
    std::cout << "\n";
  }
}

}  // namespace

void run_catalog_command(const std::vector<std::string>& args) {
  if (args.size() < 2) throw InputError(std::string("catalog: a subcommand and a catalog file are needed\n") + kCatalogUsage);
  const std::string& sub = args[0];
  const Catalog c = load_catalog(args[1]);
  if (sub == "summary") {
    const Options o = parse_options(args, 2, {}, {"--json"});
    const nlohmann::json j = summary(c);
    if (o.has("--json")) {
      std::cout << j.dump() << std::endl;
    } else {
      for (auto it = j.begin(); it != j.end(); ++it)
        std::cout << std::left << std::setw(24) << it.key() << std::right << " "
                  << (it->is_string() ? it->get<std::string>() : it->dump()) << "\n";
    }
  } else if (sub == "minima") {
    const Options o = parse_options(args, 2, {"--sort"}, {"--json"});
    const nlohmann::json rows = minima_table(c, o);
    if (o.has("--json")) std::cout << rows.dump() << std::endl;
    else print_table(rows, {"index", "energy", "strain", "degree", "found_by", "force_calls"});
  } else if (sub == "saddles") {
    const Options o = parse_options(args, 2, {"--sort", "--min-barrier", "--max-barrier", "--strain"}, {"--json"});
    const nlohmann::json rows = saddles_table(c, o);
    if (o.has("--json")) std::cout << rows.dump() << std::endl;
    else
      print_table(rows, {"index", "from", "to", "energy", "forward_barrier", "backward_barrier", "eigenvalue", "strain",
                         "times_found", "vanished", "found_by"});
  } else if (sub == "spectrum") {
    const Options o = parse_options(args, 2, {"--strain", "--bin"}, {"--json", "--csv"});
    const nlohmann::json s = spectrum(c, o);
    if (o.has("--json")) {
      std::cout << s.dump() << std::endl;
    } else {
      const bool csv = o.has("--csv");
      std::cout << (csv ? "from,to,count\n" : "# forward barriers at strain " + brief(s["strain"].get<double>()) + "\n");
      for (const auto& b : s["bins"])
        std::cout << brief(b["from"].get<double>()) << (csv ? "," : " ") << brief(b["to"].get<double>())
                  << (csv ? "," : " ") << b["count"].get<long>() << "\n";
    }
  } else if (sub == "path") {
    if (args.size() < 4) throw InputError("catalog path: give the catalog and two minimum indices");
    auto index = [](const std::string& t) {
      try {
        std::size_t used = 0;
        const long v = std::stol(t, &used);
        if (used == t.size() && v >= 0) return static_cast<std::size_t>(v);
      } catch (const std::exception&) {
      }
      throw InputError("catalog path: '" + t + "' is not a minimum index");
    };
    const Options o = parse_options(args, 4, {}, {"--json"});
    const nlohmann::json r = lowest_barrier_path(c, index(args[2]), index(args[3]));
    if (o.has("--json")) {
      std::cout << r.dump() << std::endl;
    } else {
      std::cout << "minima  " << r["minima"].dump() << "\nsaddles " << r["saddles"].dump() << "\nbarrier "
                << brief(r["barrier"].get<double>()) << " eV\n";
    }
  } else if (sub == "export") {
    if (args.size() < 3) throw InputError("catalog export: give the catalog and an output file");
    const Options o = parse_options(args, 3, {"--minimum", "--saddle"}, {"--graphml", "--dot", "--json"});
    const int chosen = o.has("--graphml") + o.has("--dot") + o.has("--minimum") + o.has("--saddle");
    if (chosen != 1) throw InputError("catalog export: give exactly one of --graphml, --dot, --minimum N, --saddle N");
    const std::string& out = args[2];
    if (o.has("--graphml") || o.has("--dot")) {
      export_graph(c, out, o.has("--graphml"));
    } else {
      const bool minimum = o.has("--minimum");
      const double k = o.real(minimum ? "--minimum" : "--saddle", 0.0);
      const std::size_t count = minimum ? c.minima() : c.saddles();
      if (k < 0 || k != std::floor(k) || k >= static_cast<double>(count))
        throw InputError("catalog export: " + std::string(minimum ? "minima" : "saddles") + " are numbered 0 to " +
                         std::to_string(static_cast<long>(count) - 1));
      const std::size_t i = static_cast<std::size_t>(k);
      if (minimum) export_state(c, out, c.minimum(i).positions, c.minimum(i).strain, c.minimum(i).energy);
      else export_state(c, out, c.saddle(i).positions, c.saddle(i).strain, c.saddle(i).energy);
    }
    std::cout << nlohmann::json{{"output", out}}.dump() << std::endl;
  } else if (sub == "strain-response") {
    const Options o = parse_options(args, 2, {"--min-barrier"}, {"--json", "--csv"});
    const nlohmann::json r = strain_response(c, o.real("--min-barrier", -INFINITY));
    if (o.has("--json")) {
      std::cout << r.dump() << std::endl;
      return;
    }
    const bool csv = o.has("--csv");
    const std::string sep = csv ? "," : " ";
    if (!csv && o.has("--min-barrier"))
      std::cout << "# events with a barrier >= " << brief(r["min_barrier"].get<double>()) << " eV where sampled\n";
    std::cout << (csv ? "" : "# ") << "event" << sep << "from" << sep << "to";
    for (double g : r["strains"]) std::cout << sep << "Q(" << brief(g) << ")";
    std::cout << "\n";
    for (const auto& ev : r["events"]) {
      std::cout << ev["event"].get<long>() << sep << ev["from"].get<long>() << sep << ev["to"].get<long>();
      std::size_t k = 0;
      for (const auto& b : ev["barriers"]) {
        std::cout << sep << (b["barrier"].is_null() ? "-" : brief(b["barrier"].get<double>()));
        ++k;
      }
      for (; k < r["strains"].size(); ++k) std::cout << sep << "";
      std::cout << "\n";
    }
    if (!csv)
      for (const auto& st : r["steps"])
        std::cout << "# strain " << brief(st["strain"].get<double>()) << ": " << st["survived"].get<long>() << "/"
                  << st["events"].get<long>() << " events survive, mean barrier shift "
                  << brief(st["mean_barrier_shift"].get<double>()) << " eV, stress change "
                  << brief(st["mean_stress_change"].get<double>()) << " GPa, activation volume "
                  << (st["activation_volume"].is_null() ? std::string("n/a")
                                                       : brief(st["activation_volume"].get<double>()) + " A^3")
                  << "\n";
    if (!csv) {
      for (const auto& st : r["since_sampled"])
        std::cout << "# since sampled, strain " << brief(st["strain"].get<double>()) << ": "
                  << st["survived"].get<long>() << "/" << st["events"].get<long>() << " events survive, mean barrier shift "
                  << brief(st["mean_barrier_shift"].get<double>()) << " eV, stress change "
                  << brief(st["mean_stress_change"].get<double>()) << " GPa\n";
      const auto& fit = r["activation_volume_fit"];
      std::cout << "# activation volume, least squares over " << fit["points"].get<long>() << " (event, strain) pairs: "
                << (fit["activation_volume"].is_null() ? std::string("n/a")
                                                       : brief(fit["activation_volume"].get<double>()) + " A^3")
                << "; per event (" << fit["events"].get<long>() << " events): mean "
                << (fit["event_mean"].is_null() ? std::string("n/a") : brief(fit["event_mean"].get<double>()))
                << " +- " << (fit["event_sem"].is_null() ? std::string("n/a") : brief(fit["event_sem"].get<double>()))
                << " A^3\n";
    }
  } else {
    throw InputError("catalog: unknown subcommand '" + sub + "'\n" + kCatalogUsage);
  }
}

}  // namespace metabasin
