// SPDX-License-Identifier: BSD-3-Clause
#include "strain_cli.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "command_line.hpp"
#include "error.hpp"
#include "frame_choice.hpp"
#include "json_text.hpp"
#include "local_strain.hpp"
#include "output_path.hpp"
#include "trajectory.hpp"

namespace metabasin {

const char* const kStrainUsage =
    "usage: metabasin strain REF CUR --cutoff R --out OUT.dump [options]\n"
    "  local atomic strain of CUR relative to REF (the same atoms), as OVITO's atomic-strain\n"
    "  modifier: F fitted by least squares over the neighbours within R in REF,\n"
    "  E = (F^T F - I)/2, the von Mises shear strain, the volumetric strain and Falk-Langer\n"
    "  D2min (summed over those neighbours). Cells periodic where the files say (data files:\n"
    "  along every direction).\n"
    "  --cutoff R        neighbour cutoff in A (below half of either cell's smallest width)\n"
    "  --out FILE        LAMMPS dump of CUR with columns id type x y z shear_strain\n"
    "                    volumetric_strain d2min; never one of the inputs\n";

namespace {

const char* const kStrainJsonHelp =
    "  Prints one JSON object: the means and maxima of the three columns, the shear strain\n"
    "  applied to the cell between the frames, and the atoms whose neighbours do not span the\n"
    "  space (F undefined: written as 0, as OVITO does).\n";

const CommandSyntax kStrainSyntax{
    "strain", 2, 2, {"--cutoff", "--out", "--ref-frame", "--cur-frame", "--dimension"}, {}};

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
    std::cout << kStrainUsage << kFramePairHelp << kStrainJsonHelp;
    return;
  }
  if (!line.has("--cutoff")) throw UsageError("strain: --cutoff R (A) is required");
  if (!line.has("--out")) throw UsageError("strain: --out FILE is required");
  const std::string ref = line.positional(0), cur = line.positional(1), out = line.text("--out");
  const double cutoff = line.positive_real("--cutoff", 0.0);
  refuse_output_over_input(out, {ref, cur}, "strain: --out file");

  const FramePair pair = read_frame_pair(line);
  const Configuration& reference = pair.reference;
  const Configuration& current = pair.current;
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
                            {"reference_frame", pair.reference_frame},
                            {"current_frame", pair.current_frame},
                            {"applied_shear_strain", pair.current_strain - pair.reference_strain},
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
