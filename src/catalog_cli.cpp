#include "catalog_cli.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "catalog_file.hpp"
#include "error.hpp"
#include "number_format.hpp"

namespace metabasin {

const char* const kCatalogUsage =
    "usage: metabasin catalog SUBCOMMAND CATALOG.h5 [options]\n"
    "  summary                      counts, energy range, strains, force calls\n"
    "  minima   [--sort energy|index]\n"
    "  saddles  [--sort barrier|energy|index] [--min-barrier E] [--max-barrier E] [--strain G]\n"
    "  spectrum [--strain G] [--bin W] [--csv]   histogram of forward barriers (eV)\n"
    "  strain-response [--csv]      each sampled event's barrier vs strain (vanished: -), and per\n"
    "                               strain the survivors, mean barrier shift and activation volume\n"
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

/// Follows every sampled event through its re-convergences at later strains.
nlohmann::json strain_response(const Catalog& c) {
  const auto strains = c.strains();
  std::vector<std::vector<std::size_t>> children(c.saddles());
  for (std::size_t e = 0; e < c.saddles(); ++e)
    if (c.saddle(e).parent >= 0) children[static_cast<std::size_t>(c.saddle(e).parent)].push_back(e);
  nlohmann::json events = nlohmann::json::array();
  // Per strain (after the first): survivors, and the sums for the mean shift and stress change.
  std::vector<long> mapped(strains.size(), 0), survived(strains.size(), 0);
  std::vector<double> shift(strains.size(), 0.0), dtau(strains.size(), 0.0);
  auto strain_index = [&](double g) {
    for (std::size_t k = 0; k < strains.size(); ++k)
      if (same_strain(strains[k], g)) return k;
    return strains.size();
  };
  for (std::size_t root = 0; root < c.saddles(); ++root) {
    if (c.saddle(root).parent >= 0) continue;
    nlohmann::json barrier = nlohmann::json::array();
    std::size_t e = root;
    barrier.push_back({{"strain", c.saddle(e).strain}, {"barrier", c.saddle(e).forward_barrier}});
    while (!c.saddle(e).vanished && !children[e].empty()) {
      const std::size_t next = children[e].front();
      const Transition &a = c.saddle(e), &b = c.saddle(next);
      const std::size_t k = strain_index(b.strain);
      if (k < strains.size()) {
        ++mapped[k];
        if (!b.vanished) {
          ++survived[k];
          shift[k] += b.forward_barrier - a.forward_barrier;
          dtau[k] += c.minimum(b.from).shear_stress - c.minimum(a.from).shear_stress;
        }
      }
      barrier.push_back({{"strain", b.strain},
                         {"barrier", b.vanished ? nlohmann::json(nullptr) : nlohmann::json(b.forward_barrier)}});
      e = next;
    }
    events.push_back({{"event", root}, {"from", c.saddle(root).from}, {"to", c.saddle(root).to}, {"barriers", barrier}});
  }
  nlohmann::json steps = nlohmann::json::array();
  for (std::size_t k = 1; k < strains.size(); ++k) {
    if (mapped[k] == 0) continue;
    const double mean_shift = survived[k] ? shift[k] / survived[k] : 0.0;
    const double mean_dtau = survived[k] ? dtau[k] / survived[k] : 0.0;
    nlohmann::json volume = nullptr;
    if (survived[k] && std::abs(mean_dtau) > 1e-12 && std::isfinite(mean_dtau))
      volume = -mean_shift / mean_dtau * 160.21765;  // eV/GPa -> A^3
    steps.push_back({{"strain", strains[k]},
                     {"events", mapped[k]},
                     {"survived", survived[k]},
                     {"survival_fraction", static_cast<double>(survived[k]) / mapped[k]},
                     {"mean_barrier_shift", mean_shift},
                     {"mean_stress_change", mean_dtau},
                     {"activation_volume", volume}});
  }
  return {{"strains", strains}, {"steps", steps}, {"events", events}};
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
  } else if (sub == "strain-response") {
    const Options o = parse_options(args, 2, {}, {"--json", "--csv"});
    const nlohmann::json r = strain_response(c);
    if (o.has("--json")) {
      std::cout << r.dump() << std::endl;
      return;
    }
    const bool csv = o.has("--csv");
    const std::string sep = csv ? "," : " ";
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
  } else {
    throw InputError("catalog: unknown subcommand '" + sub + "'\n" + kCatalogUsage);
  }
}

}  // namespace metabasin
