// SPDX-License-Identifier: BSD-3-Clause
// `metabasin catalog`: parses each subcommand's arguments, asks the catalog library's queries
// (catalog/queries.hpp) and formats their answers as text, CSV or JSON. Nothing here computes.
#include "catalog_cli.hpp"

#include <cmath>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "catalog_file.hpp"
#include "command_line.hpp"
#include "elements.hpp"
#include "error.hpp"
#include "lammps_data.hpp"
#include "number_format.hpp"
#include "output_path.hpp"
#include "queries.hpp"
#include "saddle_tasks.hpp"
#include "trajectory.hpp"

namespace metabasin {

namespace {

const char* const kSummaryUsage =
    "usage: metabasin catalog summary CATALOG.h5 [--json]\n"
    "  counts of minima and saddles, energy and barrier ranges, strains, force calls\n";
const char* const kMinimaUsage =
    "usage: metabasin catalog minima CATALOG.h5 [--sort energy|index] [--csv | --json]\n"
    "  one row per minimum: index, energy (eV), strain, degree (saddles), found_by, force calls\n";
const char* const kSaddlesUsage =
    "usage: metabasin catalog saddles CATALOG.h5 [--sort barrier|energy|index] [--min-barrier E]\n"
    "                                 [--max-barrier E] [--strain G] [--csv | --json]\n"
    "  one row per saddle: its minima, energy, forward and backward barriers (eV), curvature,\n"
    "  strain, times found, vanished; --min/max-barrier leave out vanished saddles\n";
const char* const kSpectrumUsage =
    "usage: metabasin catalog spectrum CATALOG.h5 [--strain G] [--bin W] [--csv | --json]\n"
    "  histogram of the forward barriers (eV) of the live saddles at strain G (default: the\n"
    "  lowest strain held), bins of W eV (default 0.05; at most 100000 bins)\n";
const char* const kCompletenessUsage =
    "usage: metabasin catalog completeness CATALOG.h5 [--strain G] [--from M] [--up-to E ...]\n"
    "                                      [--csv | --json]\n"
    "  how complete the sampled events at strain G are (default: the lowest strain held), from\n"
    "  how often each was found: per barrier bound E (eV; repeat --up-to; default 0.1 0.2 0.3\n"
    "  0.5 0.75, and all), the events at or below it, their finds, those found once and twice,\n"
    "  Good-Turing's coverage (1 - once/finds: the next find is new with chance once/finds) and\n"
    "  Chao1's estimate of how many such events there are; --from M: only the events out of\n"
    "  minimum M, barriers from it (default: every sampled saddle, forward barriers)\n";
const char* const kStrainResponseUsage =
    "usage: metabasin catalog strain-response CATALOG.h5 [--min-barrier E] [--csv | --json]\n"
    "  each sampled event's barrier vs strain (vanished: -), and per strain the survivors, mean\n"
    "  barrier shift and activation volume, from the previous strain and from where each event\n"
    "  was sampled, and the least-squares activation volume over all strains; --min-barrier:\n"
    "  only events whose barrier where they were sampled is >= E (eV)\n";
const char* const kPathUsage =
    "usage: metabasin catalog path CATALOG.h5 A B [--json]\n"
    "  lowest-barrier path between minima A and B (the path whose highest saddle is lowest),\n"
    "  through live saddles at their strain (A and B must be at the same strain)\n";
const char* const kExportUsage =
    "usage: metabasin catalog export CATALOG.h5 OUT (--graphml | --dot | --minimum N | --saddle N)\n"
    "                                [--data] [--force] [--json]\n"
    "  the graph (GraphML, DOT) or one state (extended XYZ with element symbols; with --data a\n"
    "  LAMMPS data file, which a run can start from as system.data) into OUT;\n"
    "  OUT must not be the catalog, and an existing OUT is replaced only with --force\n";

/// Prints rows as an aligned text table or as CSV; `cell(row, column)` gives each entry.
template <class Row>
void print_rows(const std::vector<Row>& rows, const std::vector<std::string>& columns, bool csv,
                const std::function<std::string(const Row&, const std::string&)>& cell) {
  for (std::size_t k = 0; k < columns.size(); ++k)
    if (csv) std::cout << (k ? "," : "") << columns[k];
    else std::cout << std::setw(17) << columns[k];
  std::cout << "\n";
  for (const Row& r : rows) {
    for (std::size_t k = 0; k < columns.size(); ++k)
      if (csv) std::cout << (k ? "," : "") << cell(r, columns[k]);
      else std::cout << std::setw(17) << cell(r, columns[k]);
    std::cout << "\n";
  }
}

nlohmann::json number_or_null(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::string brief_or(const std::optional<double>& v, const std::string& none) { return v ? brief(*v) : none; }

/// Parses one subcommand's arguments; nothing (after printing the usage) for --help.
std::optional<CommandLine> parse(const CommandSyntax& syntax, const std::vector<std::string>& args, const char* usage) {
  CommandLine cl(syntax, args);
  if (cl.help()) {
    std::cout << usage;
    return std::nullopt;
  }
  if (cl.has("--csv") && cl.has("--json")) throw InputError(syntax.command + ": give --csv or --json, not both");
  return cl;
}

void run_summary(const std::vector<std::string>& args) {
  const auto cl = parse({"catalog summary", 1, 1, {}, {"--json"}}, args, kSummaryUsage);
  if (!cl) return;
  const CatalogSummary s = catalog_summary(load_catalog(cl->positional(0)));
  auto range = [](const std::optional<std::pair<double, double>>& r) {
    return r ? nlohmann::json{r->first, r->second} : nlohmann::json(nullptr);
  };
  nlohmann::json j = {{"natoms", s.natoms},
                      {"potential", s.potential},
                      {"minima", s.minima},
                      {"saddles", s.saddles},
                      {"vanished_saddles", s.vanished_saddles},
                      {"strains", s.strains},
                      {"force_calls", s.force_calls}};
  if (s.minimum_energy_range) j["minimum_energy_range"] = range(s.minimum_energy_range);
  if (s.forward_barrier_range) j["forward_barrier_range"] = range(s.forward_barrier_range);
  if (cl->has("--json")) {
    std::cout << j.dump() << std::endl;
    return;
  }
  for (auto it = j.begin(); it != j.end(); ++it)
    std::cout << std::left << std::setw(24) << it.key() << std::right << " "
              << (it->is_string() ? it->get<std::string>() : it->dump()) << "\n";
}

void run_minima(const std::vector<std::string>& args) {
  const auto cl = parse({"catalog minima", 1, 1, {"--sort"}, {"--json", "--csv"}}, args, kMinimaUsage);
  if (!cl) return;
  const std::string sort = cl->text("--sort", "energy");
  if (sort != "energy" && sort != "index")
    throw InputError("catalog minima: --sort must be energy or index, not '" + sort + "'");
  const Catalog c = load_catalog(cl->positional(0));
  const auto rows = list_minima(c, sort == "energy" ? MinimumOrder::energy : MinimumOrder::index);
  if (cl->has("--json")) {
    nlohmann::json j = nlohmann::json::array();
    for (const MinimumRow& r : rows)
      j.push_back({{"index", r.index},
                   {"energy", r.state->energy},
                   {"strain", r.state->strain},
                   {"degree", r.degree},
                   {"found_by", r.state->found_by},
                   {"force_calls", r.state->force_calls}});
    std::cout << j.dump() << std::endl;
    return;
  }
  const bool csv = cl->has("--csv");
  print_rows<MinimumRow>(rows, {"index", "energy", "strain", "degree", "found_by", "force_calls"}, csv,
                         [&](const MinimumRow& r, const std::string& col) -> std::string {
                           if (col == "index") return std::to_string(r.index);
                           if (col == "energy") return csv ? shortest(r.state->energy) : brief(r.state->energy);
                           if (col == "strain") return csv ? shortest(r.state->strain) : brief(r.state->strain);
                           if (col == "degree") return std::to_string(r.degree);
                           if (col == "found_by") return r.state->found_by;
                           return std::to_string(r.state->force_calls);
                         });
}

void run_saddles(const std::vector<std::string>& args) {
  const auto cl = parse({"catalog saddles", 1, 1, {"--sort", "--min-barrier", "--max-barrier", "--strain"},
                         {"--json", "--csv"}},
                        args, kSaddlesUsage);
  if (!cl) return;
  const std::map<std::string, SaddleOrder> orders = {
      {"barrier", SaddleOrder::barrier}, {"energy", SaddleOrder::energy}, {"index", SaddleOrder::index}};
  const std::string sort = cl->text("--sort", "barrier");
  if (!orders.count(sort))
    throw InputError("catalog saddles: --sort must be barrier, energy or index, not '" + sort + "'");
  SaddleFilter f;
  f.order = orders.at(sort);
  if (cl->has("--min-barrier")) f.min_barrier = cl->real("--min-barrier", 0.0);
  if (cl->has("--max-barrier")) f.max_barrier = cl->real("--max-barrier", 0.0);
  const Catalog c = load_catalog(cl->positional(0));
  if (cl->has("--strain")) f.strain = held_strain(c, cl->real("--strain", 0.0));
  const auto rows = list_saddles(c, f);
  if (cl->has("--json")) {
    nlohmann::json j = nlohmann::json::array();
    for (const SaddleRow& r : rows) {
      const Transition& t = *r.saddle;
      j.push_back({{"index", r.index},
                   {"from", t.from},
                   {"to", t.to},
                   {"energy", t.energy},
                   {"forward_barrier", number_or_null(t.forward_barrier)},
                   {"backward_barrier", number_or_null(t.backward_barrier)},
                   {"eigenvalue", t.eigenvalue},
                   {"prefactor", t.prefactor},
                   {"backward_prefactor", t.backward_prefactor},
                   {"strain", t.strain},
                   {"times_found", t.times_found},
                   {"vanished", t.vanished},
                   {"found_by", t.found_by},
                   {"force_calls", t.force_calls}});
    }
    std::cout << j.dump() << std::endl;
    return;
  }
  const bool csv = cl->has("--csv");
  auto number = [&](double v) { return !std::isfinite(v) ? std::string(csv ? "" : "-") : csv ? shortest(v) : brief(v); };
  print_rows<SaddleRow>(rows,
                        {"index", "from", "to", "energy", "forward_barrier", "backward_barrier", "eigenvalue", "strain",
                         "times_found", "vanished", "found_by"},
                        csv, [&](const SaddleRow& r, const std::string& col) -> std::string {
                          const Transition& t = *r.saddle;
                          if (col == "index") return std::to_string(r.index);
                          if (col == "from") return std::to_string(t.from);
                          if (col == "to") return std::to_string(t.to);
                          if (col == "energy") return number(t.energy);
                          if (col == "forward_barrier") return number(t.forward_barrier);
                          if (col == "backward_barrier") return number(t.backward_barrier);
                          if (col == "eigenvalue") return number(t.eigenvalue);
                          if (col == "strain") return number(t.strain);
                          if (col == "times_found") return std::to_string(t.times_found);
                          if (col == "vanished") return t.vanished ? "true" : "false";
                          return t.found_by;
                        });
}

void run_spectrum(const std::vector<std::string>& args) {
  const auto cl = parse({"catalog spectrum", 1, 1, {"--strain", "--bin"}, {"--json", "--csv"}}, args, kSpectrumUsage);
  if (!cl) return;
  SpectrumParams p;
  p.bin = cl->positive_real("--bin", p.bin);
  if (cl->has("--strain")) p.strain = cl->real("--strain", 0.0);
  const Catalog c = load_catalog(cl->positional(0));
  BarrierSpectrum s;
  try {
    s = barrier_spectrum(c, p);
  } catch (const InputError& e) {
    throw InputError("catalog spectrum '" + cl->positional(0) + "': " + e.what());
  }
  if (cl->has("--json")) {
    nlohmann::json bins = nlohmann::json::array();
    for (const SpectrumBin& b : s.bins) bins.push_back({{"from", b.from}, {"to", b.to}, {"count", b.count}});
    std::cout << nlohmann::json{{"strain", s.strain}, {"saddles", s.saddles}, {"bin", s.bin}, {"bins", bins}}.dump()
              << std::endl;
    return;
  }
  const bool csv = cl->has("--csv");
  if (csv) std::cout << "from,to,count\n";
  else if (s.saddles == 0) std::cout << "# no live saddles at strain " << brief(s.strain) << "\n";
  else std::cout << "# forward barriers (eV) of the " << s.saddles << " live saddles at strain " << brief(s.strain) << "\n";
  for (const SpectrumBin& b : s.bins)
    std::cout << brief(b.from) << (csv ? "," : " ") << brief(b.to) << (csv ? "," : " ") << b.count << "\n";
}

void run_completeness(const std::vector<std::string>& args) {
  const auto cl = parse({"catalog completeness", 1, 1, {"--strain", "--from", "--up-to"}, {"--json", "--csv"}}, args,
                        kCompletenessUsage);
  if (!cl) return;
  CompletenessParams p;
  if (cl->has("--strain")) p.strain = cl->real("--strain", 0.0);
  if (cl->has("--from")) p.from = cl->index("--from", 0);
  if (cl->has("--up-to")) p.up_to = cl->reals("--up-to");
  const Catalog c = load_catalog(cl->positional(0));
  SamplingCompleteness s;
  try {
    s = sampling_completeness(c, p);
  } catch (const InputError& e) {
    throw InputError("catalog completeness '" + cl->positional(0) + "': " + e.what());
  }
  if (cl->has("--json")) {
    nlohmann::json j{{"strain", s.strain}, {"rows", completeness_json(s.rows)}};
    j["from"] = s.from ? nlohmann::json(*s.from) : nlohmann::json(nullptr);
    std::cout << j.dump() << std::endl;
    return;
  }
  const bool csv = cl->has("--csv");
  if (!csv)
    std::cout << "# sampled events at strain " << brief(s.strain)
              << (s.from ? ", out of minimum " + std::to_string(*s.from) : std::string()) << "\n";
  print_rows<CompletenessRow>(
      s.rows, {"up_to", "events", "finds", "once", "twice", "coverage", "estimated_events"}, csv,
      [&](const CompletenessRow& r, const std::string& col) -> std::string {
        if (col == "up_to") return r.up_to ? (csv ? shortest(*r.up_to) : brief(*r.up_to)) : "all";
        if (col == "events") return std::to_string(r.events);
        if (col == "finds") return std::to_string(r.finds);
        if (col == "once") return std::to_string(r.once);
        if (col == "twice") return std::to_string(r.twice);
        const std::optional<double>& v = col == "coverage" ? r.coverage : r.estimated_events;
        return v ? (csv ? shortest(*v) : brief(*v)) : (csv ? "" : "-");
      });
}

void run_path(const std::vector<std::string>& args) {
  const auto cl = parse({"catalog path", 3, 3, {}, {"--json"}}, args, kPathUsage);
  if (!cl) return;
  const std::size_t a = cl->positional_index(1, "minimum A"), b = cl->positional_index(2, "minimum B");
  const Catalog c = load_catalog(cl->positional(0));
  BarrierPath p;
  try {
    p = lowest_barrier_path(c, a, b);
  } catch (const InputError& e) {
    throw InputError("catalog " + std::string(e.what()));
  }
  if (cl->has("--json")) {
    std::cout << nlohmann::json{{"from", p.from},
                                {"to", p.to},
                                {"strain", p.strain},
                                {"minima", p.minima},
                                {"saddles", p.saddles},
                                {"highest_saddle_energy", p.highest_saddle_energy},
                                {"barrier", p.barrier}}
                     .dump()
              << std::endl;
    return;
  }
  std::cout << "strain  " << brief(p.strain) << "\nminima ";
  for (std::size_t v : p.minima) std::cout << " " << v;
  std::cout << "\nsaddles";
  for (std::size_t e : p.saddles) std::cout << " " << e;
  std::cout << "\nbarrier " << brief(p.barrier) << " eV\n";
}

// A catalog state as a LAMMPS data file: the masses of its elements (the catalog keeps
// none), the energy and strain in the title line.
void write_state_data(const std::string& out, StateSnapshot state, const std::string& what, const std::string& in) {
  state.atoms.masses.assign(state.elements.size(), 0.0);
  for (std::size_t t = 0; t < state.elements.size(); ++t)
    state.atoms.masses[t] = standard_atomic_mass(state.elements[t]).value_or(0.0);
  write_atomically(out, [&](const std::string& tmp) {
    write_lammps_data(tmp, state.atoms,
                      what + " of " + in + ", energy " + brief(state.energy) + " eV, strain " + brief(state.strain));
  });
}

void run_export(const std::vector<std::string>& args) {
  const auto cl = parse({"catalog export", 2, 2, {"--minimum", "--saddle"}, {"--graphml", "--dot", "--data", "--json", "--force"}},
                        args, kExportUsage);
  if (!cl) return;
  const int chosen = cl->has("--graphml") + cl->has("--dot") + cl->has("--minimum") + cl->has("--saddle");
  if (chosen != 1) throw InputError("catalog export: give exactly one of --graphml, --dot, --minimum N, --saddle N");
  if (cl->has("--data") && !cl->has("--minimum") && !cl->has("--saddle"))
    throw InputError("catalog export: --data writes one state; give --minimum N or --saddle N");
  const std::string &in = cl->positional(0), &out = cl->positional(1);
  const Catalog c = load_catalog(in);
  std::string what;
  std::optional<StateSnapshot> state;
  try {
    if (cl->has("--minimum")) {
      state = minimum_snapshot(c, cl->index("--minimum", 0));
      what = "minimum " + cl->text("--minimum");
    } else if (cl->has("--saddle")) {
      state = saddle_snapshot(c, cl->index("--saddle", 0));
      what = "saddle " + cl->text("--saddle");
    }
  } catch (const InputError& e) {
    throw InputError("catalog export: " + std::string(e.what()));
  }
  // Checked once the question is known to be good, before anything is written.
  refuse_output_over_input(out, {in}, "catalog export: output");
  refuse_existing_output(out, cl->has("--force"), "catalog export: output");
  if (state && cl->has("--data")) {
    write_state_data(out, *state, what, in);
  } else if (state) {
    write_atomically(out, [&](const std::string& tmp) {
      ExtendedXyzWriter w(tmp, state->elements);
      w.write(state->atoms, FrameData{0, state->energy, nullptr, {}});
    });
  } else {
    const bool graphml = cl->has("--graphml");
    write_file_atomically(out, graph_document(c, graphml ? GraphFormat::graphml : GraphFormat::dot));
    what = graphml ? "GraphML" : "DOT";
  }
  if (cl->has("--json")) std::cout << nlohmann::json{{"output", out}}.dump() << std::endl;
  else std::cout << "wrote " << what << " to " << out << "\n";
}

nlohmann::json strain_response_json(const StrainResponse& r) {
  nlohmann::json events = nlohmann::json::array();
  for (const EventResponse& ev : r.events) {
    nlohmann::json barriers = nlohmann::json::array();
    for (const EventBarrier& b : ev.barriers) barriers.push_back({{"strain", b.strain}, {"barrier", number_or_null(b.barrier)}});
    events.push_back({{"event", ev.event}, {"from", ev.from}, {"to", ev.to}, {"barriers", barriers}});
  }
  auto step = [](const StrainStepResponse& s, bool volume) {
    nlohmann::json j = {{"strain", s.strain},
                        {"events", s.events},
                        {"survived", s.survived},
                        {"survival_fraction", s.survival_fraction},
                        {"mean_barrier_shift", s.mean_barrier_shift},
                        {"mean_stress_change", s.mean_stress_change}};
    if (volume) j["activation_volume"] = number_or_null(s.activation_volume);
    return j;
  };
  nlohmann::json steps = nlohmann::json::array(), since = nlohmann::json::array();
  for (const auto& s : r.steps) steps.push_back(step(s, true));
  for (const auto& s : r.since_sampled) since.push_back(step(s, false));
  const nlohmann::json fit = {{"points", r.fit.points},
                              {"activation_volume", number_or_null(r.fit.activation_volume)},
                              {"events", r.fit.events},
                              {"event_mean", number_or_null(r.fit.event_mean)},
                              {"event_sem", number_or_null(r.fit.event_sem)}};
  return {{"strains", r.strains},   {"min_barrier", number_or_null(r.min_barrier)},
          {"steps", steps},         {"since_sampled", since},
          {"activation_volume_fit", fit}, {"events", events}};
}

void print_strain_response(const StrainResponse& r, bool csv) {
  const std::string sep = csv ? "," : " ";
  if (!csv && r.min_barrier) std::cout << "# events with a barrier >= " << brief(*r.min_barrier) << " eV where sampled\n";
  std::cout << (csv ? "" : "# ") << "event" << sep << "from" << sep << "to";
  for (double g : r.strains) std::cout << sep << "Q(" << brief(g) << ")";
  std::cout << "\n";
  for (const EventResponse& ev : r.events) {
    std::cout << ev.event << sep << ev.from << sep << ev.to;
    // Columns by strain: an event sampled at a later strain has none before it.
    std::size_t k = 0;
    for (const EventBarrier& b : ev.barriers) {
      for (; k < r.strains.size() && r.strains[k] < b.strain - 1e-12; ++k) std::cout << sep;
      std::cout << sep << brief_or(b.barrier, "-");
      ++k;
    }
    for (; k < r.strains.size(); ++k) std::cout << sep;
    std::cout << "\n";
  }
  if (csv) return;
  for (const auto& st : r.steps)
    std::cout << "# strain " << brief(st.strain) << ": " << st.survived << "/" << st.events
              << " events survive, mean barrier shift " << brief(st.mean_barrier_shift) << " eV, stress change "
              << brief(st.mean_stress_change) << " GPa, activation volume "
              << (st.activation_volume ? brief(*st.activation_volume) + " A^3" : std::string("n/a")) << "\n";
  for (const auto& st : r.since_sampled)
    std::cout << "# since sampled, strain " << brief(st.strain) << ": " << st.survived << "/" << st.events
              << " events survive, mean barrier shift " << brief(st.mean_barrier_shift) << " eV, stress change "
              << brief(st.mean_stress_change) << " GPa\n";
  const ActivationVolumeFit& fit = r.fit;
  std::cout << "# activation volume, least squares over " << fit.points << " (event, strain) pairs: "
            << (fit.activation_volume ? brief(*fit.activation_volume) + " A^3" : std::string("n/a")) << "; per event ("
            << fit.events << " events): mean " << brief_or(fit.event_mean, "n/a") << " +- "
            << brief_or(fit.event_sem, "n/a") << " A^3\n";
}

void run_strain_response(const std::vector<std::string>& args) {
  const auto cl = parse({"catalog strain-response", 1, 1, {"--min-barrier"}, {"--json", "--csv"}}, args,
                        kStrainResponseUsage);
  if (!cl) return;
  std::optional<double> min_barrier;
  if (cl->has("--min-barrier")) min_barrier = cl->real("--min-barrier", 0.0);
  const StrainResponse r = barrier_strain_response(load_catalog(cl->positional(0)), min_barrier);
  if (cl->has("--json")) std::cout << strain_response_json(r).dump() << std::endl;
  else print_strain_response(r, cl->has("--csv"));
}

}  // namespace

const char* const kCatalogUsage =
    "usage: metabasin catalog SUBCOMMAND CATALOG.h5 [options]   (SUBCOMMAND --help: its options)\n"
    "  summary                      counts, energy range, strains, force calls\n"
    "  minima   [--sort energy|index] [--csv]\n"
    "  saddles  [--sort barrier|energy|index] [--min-barrier E] [--max-barrier E] [--strain G] [--csv]\n"
    "  spectrum [--strain G] [--bin W] [--csv]   histogram of forward barriers (eV)\n"
    "  completeness [--strain G] [--from M] [--up-to E ...]   how many events below E sampling\n"
    "                               has missed (Good-Turing coverage, Chao1 estimate)\n"
    "  strain-response [--min-barrier E] [--csv]   each sampled event's barrier vs strain, the\n"
    "                               survivors, barrier shifts and activation volumes\n"
    "  path A B                     lowest-barrier path between minima A and B (the path whose\n"
    "                               highest saddle is lowest), live saddles at their strain\n"
    "  export OUT (--graphml | --dot | --minimum N | --saddle N) [--data] [--force]\n"
    "                               the graph (GraphML, DOT) or one state (extended XYZ, or\n"
    "                               with --data a LAMMPS data file)\n"
    "  every subcommand prints text by default and JSON with --json\n";

void run_catalog_command(const std::vector<std::string>& args) {
  static const std::map<std::string, void (*)(const std::vector<std::string>&)> subcommands = {
      {"summary", run_summary}, {"minima", run_minima}, {"saddles", run_saddles},
      {"spectrum", run_spectrum}, {"completeness", run_completeness}, {"path", run_path}, {"export", run_export},
      {"strain-response", run_strain_response}};
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kCatalogUsage;
    return;
  }
  const auto it = subcommands.find(args[0]);
  if (it == subcommands.end()) throw InputError("catalog: unknown subcommand '" + args[0] + "'\n" + kCatalogUsage);
  it->second(std::vector<std::string>(args.begin() + 1, args.end()));
}

}  // namespace metabasin
