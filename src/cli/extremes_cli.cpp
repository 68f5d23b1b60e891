// SPDX-License-Identifier: BSD-3-Clause
#include "extremes_cli.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "command_line.hpp"
#include "error.hpp"
#include "extreme_values.hpp"
#include "fits.hpp"
#include "json_text.hpp"
#include "output_path.hpp"
#include "strain_extremes.hpp"

namespace metabasin {

const char* const kExtremesUsage =
    "usage: metabasin extremes TRAJ --cutoff R [--block B] [--top K] [--from S] [--to S]\n"
    "                          [--bootstrap N] [--dimension D] [--out BLOCKS.csv]\n"
    "  extreme local strains of a sheared run by block maxima (Cao-Short-Yip Fig. 3C): the run\n"
    "  cut into blocks of applied shear strain B, each atom's von Mises shear strain eta taken\n"
    "  between a block's first and last frame (as metabasin strain), the K largest per block\n"
    "  divided by the block's mean <eta>, and the GEV distribution fitted to those ratios by\n"
    "  maximum likelihood, its goodness by the KS distance and a parametric-bootstrap p-value.\n"
    "  TRAJ is a LAMMPS dump or an inherent-structure sequence (frames every B or finer).\n"
    "  --cutoff R        neighbour cutoff of the strain fit in A\n"
    "  --block B         applied shear strain per block (default 0.005, the study's 0.5 %)\n"
    "  --top K           extremes per block (default 10, the study's)\n"
    "  --from S, --to S  the applied strain range the blocks cover (default: the whole run)\n"
    "  --bootstrap N     bootstrap samples for the KS p-value (default 200; 0: none)\n"
    "  --dimension D     2 or 3 (default: 2 when every z is 0)\n"
    "  --out FILE        CSV: block,strain_from,strain_to,mean_shear_strain,rank,shear_strain,ratio\n"
    "  Prints one JSON object: blocks, the mean <eta>, the ratios' mean, median and largest, and\n"
    "  the fit (shape, location, scale with standard errors, mode, KS distance and p-value).\n";

namespace {

const CommandSyntax kExtremesSyntax{
    "extremes", 1, 1, {"--cutoff", "--block", "--top", "--from", "--to", "--bootstrap", "--dimension", "--out"}, {}};

std::string blocks_csv(const std::vector<StrainBlock>& blocks) {
  std::ostringstream o;
  o.precision(10);
  o << "block,strain_from,strain_to,mean_shear_strain,rank,shear_strain,ratio\n";
  for (std::size_t b = 0; b < blocks.size(); ++b)
    for (std::size_t r = 0; r < blocks[b].top_shear.size(); ++r)
      o << b << "," << blocks[b].strain_from << "," << blocks[b].strain_to << "," << blocks[b].mean_shear << ","
        << r + 1 << "," << blocks[b].top_shear[r] << ","
        << (blocks[b].mean_shear > 0.0 ? blocks[b].top_shear[r] / blocks[b].mean_shear : NAN) << "\n";
  return o.str();
}

nlohmann::json fit_json(const GevFit& f) {
  return {{"shape", f.parameters.shape},
          {"shape_error", json_number(f.standard_error.shape)},
          {"location", f.parameters.location},
          {"location_error", json_number(f.standard_error.location)},
          {"scale", f.parameters.scale},
          {"scale_error", json_number(f.standard_error.scale)},
          {"mode", gev_mode(f.parameters)},
          {"log_likelihood", f.log_likelihood},
          {"n", f.n},
          {"ks_distance", f.ks_distance},
          {"ks_p_value", json_number(f.ks_p_value)},
          {"bootstrap", f.bootstrap}};
}

StrainBlockParams block_params(const CommandLine& line, const AtomFrames& frames) {
  if (!line.has("--cutoff")) throw UsageError("extremes: --cutoff R (A) is required");
  StrainBlockParams p;
  p.cutoff = line.positive_real("--cutoff", 0.0);
  p.block = line.positive_real("--block", p.block);
  p.top = line.index("--top", p.top);
  if (p.top == 0) throw UsageError("extremes: --top needs a positive integer, got '0'");
  p.from = line.real("--from", p.from);
  p.to = line.real("--to", p.to);
  if (!(p.from < p.to)) throw UsageError("extremes: --from must be below --to");
  const std::size_t dimension = line.index("--dimension", 0);
  if (line.has("--dimension") && dimension != 2 && dimension != 3)
    throw UsageError("extremes: --dimension must be 2 or 3, got '" + line.text("--dimension") + "'");
  p.dimension = dimension != 0 ? static_cast<int>(dimension) : frames.planar(0) ? 2 : 3;
  p.progress = [](std::size_t done, std::size_t total) {
    if (done % 10 == 0 || done == total) std::cerr << "extremes: block " << done << " / " << total << std::endl;
  };
  return p;
}

}  // namespace

void run_extremes_command(const std::vector<std::string>& args) {
  const CommandLine line(kExtremesSyntax, args);
  if (line.help()) {
    std::cout << kExtremesUsage;
    return;
  }
  const std::string path = line.positional(0), out = line.text("--out");
  if (!out.empty()) refuse_output_over_input(out, {path}, "extremes: --out file");
  const AtomFrames frames(path);
  const StrainBlockParams p = block_params(line, frames);
  const std::vector<StrainBlock> blocks = strain_blocks(frames, p);
  const std::vector<double> ratios = extreme_ratios(blocks);
  double mean_eta = 0.0, mean_ratio = 0.0;
  std::size_t invalid = 0;
  for (const StrainBlock& b : blocks) {
    mean_eta += b.mean_shear / static_cast<double>(blocks.size());
    invalid += b.invalid_atoms;
  }
  for (double r : ratios) mean_ratio += r / static_cast<double>(ratios.size());
  nlohmann::json j = {{"command", "extremes"},
                      {"trajectory", path},
                      {"frames", frames.size()},
                      {"dimension", p.dimension},
                      {"cutoff", p.cutoff},
                      {"block", p.block},
                      {"top", p.top},
                      {"blocks", blocks.size()},
                      {"strain_range", {blocks.front().strain_from, blocks.back().strain_to}},
                      {"mean_shear_strain", mean_eta},
                      {"invalid_atom_blocks", invalid}};
  j["ratio"] = ratios.empty() ? nlohmann::json()
                              : nlohmann::json{{"mean", mean_ratio},
                                               {"median", median(ratios)},
                                               {"max", *std::max_element(ratios.begin(), ratios.end())}};
  const GevFit fit = fit_gev(ratios, line.index("--bootstrap", 200));
  if (fit.status == GevFitStatus::fitted) {
    j["fit"] = fit_json(fit);
  } else {
    j["fit"] = nullptr;
    j["fit_warning"] = std::string("no GEV fit: ") + fit.why_not;
    std::cerr << "extremes: warning: no GEV fit: " << fit.why_not << std::endl;
  }
  if (!out.empty()) {
    write_text_atomically(out, blocks_csv(blocks));
    j["output"] = out;
  }
  std::cout << json_text(j) << std::endl;
}

}  // namespace metabasin
