// SPDX-License-Identifier: BSD-3-Clause
#include "drops_cli.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "command_line.hpp"
#include "error.hpp"
#include "json_text.hpp"
#include "output_path.hpp"
#include "stress_drops.hpp"
#include "thermo_log.hpp"

namespace metabasin {

const char* const kDropsUsage =
    "usage: metabasin drops TABLE [--bin B] [--x COL] [--y COL] [--min-tail N] [--out DROPS.csv]\n"
    "  stress drops of a stress-strain table (any table metabasin writes: shear, metadynamics,\n"
    "  kmc, sweep points) and the power law of their sizes (Cao-Short-Yip Fig. 1C): the stress\n"
    "  smoothed by a running median over a strain bin, each run of decreases one drop, the tail\n"
    "  of the sizes fitted by maximum likelihood (Clauset-Shalizi-Newman, x_min by the KS distance)\n"
    "  --bin B           strain bin of the running median (default 0.002, the study's 0.2 %; 0: none)\n"
    "  --x COL, --y COL  columns by name (default strain, shear_stress_GPa)\n"
    "  --min-tail N      fewest sizes in the fitted tail (default 10)\n"
    "  --out FILE        CSV of the sizes (column drop_<y column>), largest first, with their\n"
    "                    CCDF P(size >= x) (column ccdf) and the fit's (ccdf_fit, on the fitted\n"
    "                    range only)\n"
    "  Prints one JSON object: drops, mean and largest size, and the fit (alpha and its error,\n"
    "  the CCDF exponent -(alpha - 1), x_min, x_max, sizes in the tail, KS distance).\n";

namespace {

const CommandSyntax kDropsSyntax{"drops", 1, 1, {"--bin", "--x", "--y", "--min-tail", "--out"}, {}};

// The size column is named after the stress column ("drop_shear_stress_GPa"), so it carries
// its unit. ccdf_fit is the fitted power law's CCDF, (tail / n) (x / x_min)^-(alpha - 1), on the
// fitted range only (empty elsewhere), so a figure draws the fit only where it was fitted.
std::string ccdf_csv(std::vector<double> sizes, const std::string& stress_column, const PowerLawTail& fit) {
  std::sort(sizes.begin(), sizes.end(), std::greater<>());
  std::ostringstream o;
  o.precision(10);
  o << "drop_" << stress_column << ",ccdf,ccdf_fit\n";
  const double n = static_cast<double>(sizes.size());
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    o << sizes[k] << "," << static_cast<double>(k + 1) / n << ",";
    if (fit.fitted && sizes[k] >= fit.x_min && sizes[k] <= fit.x_max)
      o << static_cast<double>(fit.tail) / n * std::pow(sizes[k] / fit.x_min, fit.ccdf_exponent);
    o << "\n";
  }
  return o.str();
}

}  // namespace

void run_drops_command(const std::vector<std::string>& args) {
  const CommandLine line(kDropsSyntax, args);
  if (line.help()) {
    std::cout << kDropsUsage;
    return;
  }
  const std::string table = line.positional(0);
  const double bin = line.real("--bin", 0.002);
  if (bin < 0.0) throw UsageError("drops: --bin must not be negative");
  const std::size_t min_tail = line.index("--min-tail", 10);
  const std::string out = line.text("--out");
  if (!out.empty()) refuse_output_over_input(out, {table}, "drops: --out file");

  const auto rows = read_table_rows(table);
  if (rows.empty()) throw InputError("table '" + table + "' is missing or holds no rows");
  const auto names = read_table_columns(table);
  const std::size_t xc = table_column(names, line.text("--x", "strain"), table);
  const std::size_t yc = table_column(names, line.text("--y", "shear_stress_GPa"), table);
  std::vector<double> x, y;
  for (const auto& r : rows) {
    if (r.size() <= std::max(xc, yc)) throw InputError("table '" + table + "' has a row shorter than its columns");
    x.push_back(r[xc]);
    y.push_back(r[yc]);
  }
  const StressDrops d = stress_drops(x, y, bin);
  nlohmann::json j = {{"command", "drops"},
                      {"table", table},
                      {"samples", x.size()},
                      {"bin", bin},
                      {"drops", d.sizes.size()}};
  double sum = 0.0;
  for (double s : d.sizes) sum += s;
  j["mean_size"] = d.sizes.empty() ? nlohmann::json(nullptr) : nlohmann::json(sum / d.sizes.size());
  j["largest_size"] = d.sizes.empty() ? nlohmann::json(nullptr)
                                      : nlohmann::json(*std::max_element(d.sizes.begin(), d.sizes.end()));
  const PowerLawTail f = fit_power_law_tail(d.sizes, min_tail);
  if (f.fitted) {
    j["fit"] = {{"alpha", f.alpha},          {"alpha_error", f.alpha_error}, {"ccdf_exponent", f.ccdf_exponent},
                {"ccdf_exponent_error", f.alpha_error}, {"x_min", f.x_min}, {"x_max", f.x_max},
                {"tail", f.tail},            {"ks_distance", f.ks_distance}};
  } else {
    // Too few drops for a tail: the count is the result; the JSON says why the fit is missing.
    j["fit"] = nullptr;
    j["fit_warning"] = "no power-law fit: " + f.why_not;
    std::cerr << "drops: warning: no power-law fit: " << f.why_not << std::endl;
  }
  if (!out.empty()) {
    write_text_atomically(out, ccdf_csv(d.sizes, line.text("--y", "shear_stress_GPa"), f));
    j["output"] = out;
  }
  std::cout << json_text(j) << std::endl;
}

}  // namespace metabasin
