// SPDX-License-Identifier: BSD-3-Clause
#include "viscosity_cli.hpp"

#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "command_line.hpp"
#include "error.hpp"
#include "green_kubo.hpp"
#include "json_text.hpp"
#include "number_format.hpp"
#include "output_path.hpp"
#include "thermo_log.hpp"

namespace metabasin {

const char* const kViscosityUsage =
    "usage: metabasin viscosity THERMO... [--from T] [--blocks N] [--max-lag T] [--cutoff T]\n"
    "                           [--temperature K] [--dimension D] [--out ETA.csv]\n"
    "  Green-Kubo shear viscosity of equilibrium runs (task md, output.thermo sampled every few\n"
    "  steps; several tables are independent replicas, taken together): eta = V / kT * integral of\n"
    "  the shear-stress autocorrelation (the traceless pressure tensor, all its components). In the\n"
    "  linear regime a shear rate gdot (1/s) needs the stress eta * gdot (GPa): the Newtonian flow\n"
    "  stress.\n"
    "  --from T          skip the rows before time T (ps; default 0): the equilibration\n"
    "  --blocks N        blocks the shortest run is cut into for the error (default 5); the others\n"
    "                    into blocks of the same length\n"
    "  --max-lag T       longest lag correlated (ps; default a tenth of a block)\n"
    "  --cutoff T        where the running integral is read (ps; default the first lag where the\n"
    "                    autocorrelation is no larger than its standard error over the blocks)\n"
    "  --temperature K   default: each run's mean of its T_K column\n"
    "  --dimension D     2 or 3 (default 2 when pzz, pxz and pyz are zero in every row, else 3)\n"
    "  --out FILE        CSV: lag_ps, acf_GPa2, acf_error_GPa2, modulus_GPa (G(t) = V acf / kT: the\n"
    "                    stress per unit step strain after t), modulus_error_GPa, eta_GPa_s (the\n"
    "                    running integral), eta_error_GPa_s\n"
    "  Prints one JSON object: viscosity_GPa_s, its standard error, the cutoff, and the run.\n";

namespace {

const CommandSyntax kViscositySyntax{
    "viscosity", 1, 100000, {"--from", "--blocks", "--max-lag", "--cutoff", "--temperature", "--dimension", "--out"}, {}};

struct PressureRun {
  StressRun run;       // mean T_K and volume
  double dt = 0.0;     // ps between rows
  bool planar = true;  // pzz, pxz, pyz zero in every row
};

PressureRun read_pressure_run(const std::string& table, double from) {
  const auto rows = read_table_rows(table);
  const auto names = read_table_columns(table);
  if (rows.empty()) throw InputError("thermo table '" + table + "' is missing or holds no rows");
  const std::size_t ct = table_column(names, "time_ps", table), cT = table_column(names, "T_K", table),
                    cv = table_column(names, "volume", table);
  std::array<std::size_t, 6> cp{};
  const char* const pressure_names[6] = {"pxx_GPa", "pyy_GPa", "pzz_GPa", "pxy_GPa", "pxz_GPa", "pyz_GPa"};
  for (int a = 0; a < 6; ++a) cp[a] = table_column(names, pressure_names[a], table);
  PressureRun r;
  std::vector<double> time;
  for (const auto& row : rows) {
    if (row.size() < names.size()) throw InputError("thermo table '" + table + "' has a row shorter than its columns");
    if (row[ct] < from) continue;
    time.push_back(row[ct]);
    std::array<double, 6> p{};
    for (int a = 0; a < 6; ++a) p[a] = row[cp[a]];
    r.planar = r.planar && p[2] == 0.0 && p[4] == 0.0 && p[5] == 0.0;
    r.run.pressure.push_back(p);
    r.run.temperature += row[cT];
    r.run.volume += row[cv];
  }
  if (time.size() < 2) throw InputError("thermo table '" + table + "' holds fewer than two rows from --from on");
  r.run.temperature /= static_cast<double>(time.size());
  r.run.volume /= static_cast<double>(time.size());
  r.dt = (time.back() - time.front()) / static_cast<double>(time.size() - 1);  // no round-off of one difference
  // An autocorrelation needs evenly spaced samples: a table from a resumed run or with rows
  // missing is refused rather than correlated at the wrong lags.
  for (std::size_t k = 1; k < time.size(); ++k)
    if (!(std::abs(time[k] - time[k - 1] - r.dt) <= 1e-6 * std::max(1.0, std::abs(r.dt))) || !(r.dt > 0.0))
      throw InputError("thermo table '" + table + "': the rows are not evenly spaced in time_ps (at " +
                       shortest(time[k]) + " ps)");
  return r;
}

// Every table as one replica: sampled alike, --from and --temperature applied.
struct PressureRuns {
  std::vector<StressRun> runs;
  double dt = 0.0;
  bool planar = true;
};

PressureRuns read_pressure_runs(const std::vector<std::string>& tables, const CommandLine& line) {
  PressureRuns all;
  const double from = line.real("--from", 0.0);
  for (const auto& table : tables) {
    PressureRun r = read_pressure_run(table, from);
    if (!all.runs.empty() && std::abs(r.dt - all.dt) > 1e-6 * all.dt)
      throw InputError("thermo table '" + table + "' is sampled every " + shortest(r.dt) + " ps, '" + tables.front() +
                       "' every " + shortest(all.dt) + " ps: replicas must be sampled alike");
    all.dt = r.dt;
    all.planar = all.planar && r.planar;
    if (line.has("--temperature")) r.run.temperature = line.positive_real("--temperature", 0.0);
    all.runs.push_back(std::move(r.run));
  }
  return all;
}

std::string viscosity_csv(const GreenKuboViscosity& g) {
  std::ostringstream o;
  o.precision(10);
  o << "lag_ps,acf_GPa2,acf_error_GPa2,modulus_GPa,modulus_error_GPa,eta_GPa_s,eta_error_GPa_s\n";
  for (std::size_t k = 0; k < g.lag.size(); ++k)
    o << g.lag[k] << "," << g.acf[k] << "," << g.acf_error[k] << "," << g.modulus[k] << "," << g.modulus_error[k]
      << "," << g.eta[k] << "," << g.eta_error[k] << "\n";
  return o.str();
}

}  // namespace

void run_viscosity_command(const std::vector<std::string>& args) {
  const CommandLine line(kViscositySyntax, args);
  if (line.help()) {
    std::cout << kViscosityUsage;
    return;
  }
  const std::vector<std::string>& tables = line.positionals();
  const std::string out = line.text("--out");
  if (!out.empty()) refuse_output_over_input(out, tables, "viscosity: --out file");
  const PressureRuns read = read_pressure_runs(tables, line);
  const std::vector<StressRun>& runs = read.runs;
  const double dt = read.dt;
  GreenKuboParams p;
  const std::size_t dimension = line.index("--dimension", read.planar ? 2 : 3);
  if (dimension != 2 && dimension != 3) throw UsageError("viscosity: --dimension must be 2 or 3");
  p.dimension = static_cast<int>(dimension);
  p.dt = dt;
  p.blocks = line.index("--blocks", 5);
  p.max_lag = line.real("--max-lag", 0.0);
  p.cutoff = line.real("--cutoff", 0.0);
  if (p.max_lag < 0.0 || p.cutoff < 0.0) throw UsageError("viscosity: --max-lag and --cutoff must not be negative");
  const GreenKuboViscosity g = green_kubo_viscosity(runs, p);
  double temperature = 0.0, volume = 0.0;
  std::size_t samples = 0;
  for (const auto& run : runs) {
    temperature += run.temperature / static_cast<double>(runs.size());
    volume += run.volume / static_cast<double>(runs.size());
    samples += run.pressure.size();
  }
  nlohmann::json j = {{"command", "viscosity"},
                      {"tables", tables},
                      {"samples", samples},
                      {"dt_ps", dt},
                      {"dimension", p.dimension},
                      {"temperature_K", temperature},
                      {"volume", volume},
                      {"blocks", g.blocks},
                      {"block_ps", static_cast<double>(g.samples_per_block) * dt},
                      {"max_lag_ps", g.lag.back()},
                      {"cutoff_ps", g.cutoff},
                      {"viscosity_GPa_s", g.viscosity},
                      {"viscosity_error_GPa_s", g.viscosity_error}};
  if (g.resolved_to_max_lag) {
    // The correlation outlasts the lags: the integral is a lower bound, and the JSON says so.
    j["warning"] = "the autocorrelation is still above its error at the longest lag: raise --max-lag (longer blocks)";
    std::cerr << "viscosity: warning: " << j["warning"].get<std::string>() << std::endl;
  }
  if (!out.empty()) {
    write_text_atomically(out, viscosity_csv(g));
    j["output"] = out;
  }
  std::cout << json_text(j) << std::endl;
}

}  // namespace metabasin
