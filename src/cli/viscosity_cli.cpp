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
    "usage: metabasin viscosity THERMO [--from T] [--blocks N] [--max-lag T] [--cutoff T]\n"
    "                           [--temperature K] [--dimension D] [--out ETA.csv]\n"
    "  Green-Kubo shear viscosity of an equilibrium run (task md, output.thermo sampled every few\n"
    "  steps): eta = V / kT * integral of the shear-stress autocorrelation (the traceless pressure\n"
    "  tensor, all its components). In the linear regime a shear rate gdot (1/s) needs the stress\n"
    "  eta * gdot (GPa): the Newtonian flow stress.\n"
    "  --from T          skip the rows before time T (ps; default 0): the equilibration\n"
    "  --blocks N        independent blocks the run is cut into for the error (default 5)\n"
    "  --max-lag T       longest lag correlated (ps; default a tenth of a block)\n"
    "  --cutoff T        where the running integral is read (ps; default the first lag where the\n"
    "                    autocorrelation is no larger than its standard error over the blocks)\n"
    "  --temperature K   default: the mean of the T_K column\n"
    "  --dimension D     2 or 3 (default 2 when pzz, pxz and pyz are zero in every row, else 3)\n"
    "  --out FILE        CSV: lag_ps, acf_GPa2, acf_error_GPa2, eta_GPa_s, eta_error_GPa_s\n"
    "  Prints one JSON object: viscosity_GPa_s, its standard error, the cutoff, and the run.\n";

namespace {

const CommandSyntax kViscositySyntax{
    "viscosity", 1, 1, {"--from", "--blocks", "--max-lag", "--cutoff", "--temperature", "--dimension", "--out"}, {}};

struct PressureRun {
  std::vector<std::array<double, 6>> pressure;  // GPa
  double dt = 0.0;                             // ps between rows
  double mean_temperature = 0.0, mean_volume = 0.0;
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
    r.pressure.push_back(p);
    r.mean_temperature += row[cT];
    r.mean_volume += row[cv];
  }
  if (time.size() < 2) throw InputError("thermo table '" + table + "' holds fewer than two rows from --from on");
  r.mean_temperature /= static_cast<double>(time.size());
  r.mean_volume /= static_cast<double>(time.size());
  r.dt = (time.back() - time.front()) / static_cast<double>(time.size() - 1);  // no round-off of one difference
  // An autocorrelation needs evenly spaced samples: a table from a resumed run or with rows
  // missing is refused rather than correlated at the wrong lags.
  for (std::size_t k = 1; k < time.size(); ++k)
    if (!(std::abs(time[k] - time[k - 1] - r.dt) <= 1e-6 * std::max(1.0, std::abs(r.dt))) || !(r.dt > 0.0))
      throw InputError("thermo table '" + table + "': the rows are not evenly spaced in time_ps (at " +
                       shortest(time[k]) + " ps)");
  return r;
}

std::string viscosity_csv(const GreenKuboViscosity& g) {
  std::ostringstream o;
  o.precision(10);
  o << "lag_ps,acf_GPa2,acf_error_GPa2,eta_GPa_s,eta_error_GPa_s\n";
  for (std::size_t k = 0; k < g.lag.size(); ++k)
    o << g.lag[k] << "," << g.acf[k] << "," << g.acf_error[k] << "," << g.eta[k] << "," << g.eta_error[k] << "\n";
  return o.str();
}

}  // namespace

void run_viscosity_command(const std::vector<std::string>& args) {
  const CommandLine line(kViscositySyntax, args);
  if (line.help()) {
    std::cout << kViscosityUsage;
    return;
  }
  const std::string table = line.positional(0);
  const std::string out = line.text("--out");
  if (!out.empty()) refuse_output_over_input(out, {table}, "viscosity: --out file");
  const PressureRun run = read_pressure_run(table, line.real("--from", 0.0));
  GreenKuboParams p;
  p.dimension = static_cast<int>(line.index("--dimension", run.planar ? 2 : 3));
  if (p.dimension != 2 && p.dimension != 3) throw UsageError("viscosity: --dimension must be 2 or 3");
  p.temperature = line.has("--temperature") ? line.positive_real("--temperature", 0.0) : run.mean_temperature;
  p.volume = run.mean_volume;
  p.blocks = line.index("--blocks", 5);
  p.max_lag = line.real("--max-lag", 0.0);
  p.cutoff = line.real("--cutoff", 0.0);
  if (p.max_lag < 0.0 || p.cutoff < 0.0) throw UsageError("viscosity: --max-lag and --cutoff must not be negative");
  const GreenKuboViscosity g = green_kubo_viscosity(run.pressure, run.dt, p);
  nlohmann::json j = {{"command", "viscosity"},
                      {"table", table},
                      {"samples", run.pressure.size()},
                      {"dt_ps", run.dt},
                      {"dimension", p.dimension},
                      {"temperature_K", p.temperature},
                      {"volume", p.volume},
                      {"blocks", g.blocks},
                      {"block_ps", static_cast<double>(g.samples_per_block) * run.dt},
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
