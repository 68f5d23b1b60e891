// SPDX-License-Identifier: BSD-3-Clause
#include "strain_cli.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "command_line.hpp"
#include "error.hpp"
#include "json_text.hpp"
#include "lammps_data.hpp"
#include "local_strain.hpp"
#include "output_path.hpp"
#include "trajectory.hpp"

namespace metabasin {

const char* const kStrainUsage =
    "usage: metabasin strain REF.data CUR.data --cutoff R --out OUT.dump [--dimension 2|3]\n"
    "  local atomic strain of CUR relative to REF (LAMMPS data files of the same atoms), as\n"
    "  OVITO's atomic-strain modifier: F fitted by least squares over the neighbours within R\n"
    "  in REF, E = (F^T F - I)/2, the von Mises shear strain, the volumetric strain and\n"
    "  Falk-Langer D2min (summed over those neighbours). Cells periodic along every direction.\n"
    "  --cutoff R        neighbour cutoff in A (below half of either cell's smallest width)\n"
    "  --out FILE        LAMMPS dump of CUR with columns id type x y z shear_strain\n"
    "                    volumetric_strain d2min; never one of the inputs\n"
    "  --dimension D     2 or 3 (default: 2 when every atom of both files has z = 0, else 3)\n"
    "  Prints one JSON object: the means and maxima of the three columns, and the atoms whose\n"
    "  neighbours do not span the space (F undefined: written as 0, as OVITO does).\n";

namespace {

const CommandSyntax kStrainSyntax{"strain", 2, 2, {"--cutoff", "--out", "--dimension"}, {}};

bool all_z_zero(const Configuration& c) {
  for (std::size_t i = 0; i < c.size(); ++i)
    if (c.x[3 * i + 2] != 0.0) return false;
  return true;
}

// Both files, read as the same dimension: the one asked for, or 2 when every z is 0.
std::pair<Configuration, Configuration> read_pair(const std::string& ref, const std::string& cur, int dimension) {
  const std::array<bool, 3> periodic{true, true, true};
  if (dimension == 0) {
    const bool planar = all_z_zero(read_lammps_data(ref, 3, periodic)) && all_z_zero(read_lammps_data(cur, 3, periodic));
    dimension = planar ? 2 : 3;
  }
  return {read_lammps_data(ref, dimension, periodic), read_lammps_data(cur, dimension, periodic)};
}

// Mean and largest over the atoms whose strain is defined; null when none is.
nlohmann::json summary(const std::vector<double>& v, const std::vector<bool>& invalid) {
  double sum = 0.0, top = -INFINITY;
  std::size_t n = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (invalid[i]) continue;
    sum += v[i];
    top = std::max(top, v[i]);
    ++n;
  }
  if (n == 0) return {{"mean", nullptr}, {"max", nullptr}};
  return {{"mean", sum / static_cast<double>(n)}, {"max", top}};
}

}  // namespace

void run_strain_command(const std::vector<std::string>& args) {
  const CommandLine line(kStrainSyntax, args);
  if (line.help()) {
    std::cout << kStrainUsage;
    return;
  }
  if (!line.has("--cutoff")) throw UsageError("strain: --cutoff R (A) is required");
  if (!line.has("--out")) throw UsageError("strain: --out FILE is required");
  const std::string ref = line.positional(0), cur = line.positional(1), out = line.text("--out");
  const double cutoff = line.positive_real("--cutoff", 0.0);
  const std::size_t dimension = line.index("--dimension", 0);
  if (line.has("--dimension") && dimension != 2 && dimension != 3)
    throw UsageError("strain: --dimension must be 2 or 3, got '" + line.text("--dimension") + "'");
  refuse_output_over_input(out, {ref, cur}, "strain: --out file");

  const auto [reference, current] = read_pair(ref, cur, static_cast<int>(dimension));
  const LocalStrain s = local_strain(reference, current, cutoff);
  LammpsDumpWriter dump(out);
  FrameData frame;
  frame.columns = {{"shear_strain", &s.shear}, {"volumetric_strain", &s.volumetric}, {"d2min", &s.d2min}};
  dump.write(current, frame);
  if (s.invalid_count > 0)
    std::cerr << "strain: warning: " << s.invalid_count << " of " << reference.size()
              << " atoms have neighbours within " << cutoff
              << " A that do not span the space; their strain is undefined and written as 0 (raise --cutoff)"
              << std::endl;
  double neighbours = 0.0;
  for (int k : s.neighbours) neighbours += k;
  const nlohmann::json j = {{"command", "strain"},
                            {"reference", ref},
                            {"current", cur},
                            {"natoms", reference.size()},
                            {"dimension", reference.box.dimension},
                            {"cutoff", cutoff},
                            {"mean_neighbours", reference.size() ? neighbours / reference.size() : 0.0},
                            {"shear_strain", summary(s.shear, s.invalid)},
                            {"volumetric_strain", summary(s.volumetric, s.invalid)},
                            {"d2min", summary(s.d2min, s.invalid)},
                            {"invalid_atoms", s.invalid_count},
                            {"output", out}};
  std::cout << json_text(j) << std::endl;
}

}  // namespace metabasin
