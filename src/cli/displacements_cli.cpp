// SPDX-License-Identifier: BSD-3-Clause
#include "displacements_cli.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "atom_frames.hpp"
#include "command_line.hpp"
#include "displacements.hpp"
#include "error.hpp"
#include "frame_choice.hpp"
#include "json_text.hpp"
#include "output_path.hpp"

namespace metabasin {

const char* const kDisplacementsUsage =
    "usage: metabasin displacements TRAJ [--from-frame K] [--to-frame K] [--bins N]\n"
    "                               [--profile-bins N] [--dimension D] [--out PREFIX]\n"
    "  every atom's displacement between two frames of a sheared run, tracked through every\n"
    "  frame in between, and its nonaffine part (Cao-Short-Yip Fig. 3D, 3E): the affine part of\n"
    "  simple shear, dgamma (y - ylo) per step at the atom's unwrapped height, is removed, and so\n"
    "  is the mean of what is left (the drift). TRAJ is a LAMMPS dump or an inherent-structure\n"
    "  sequence whose cell changes only by its xy tilt; frames close enough that no atom moves\n"
    "  half a cell width between two beyond the affine flow.\n"
    "  --from-frame K    first frame (0-based, or 'last'; default 0)\n"
    "  --to-frame K      last frame (default: the last)\n"
    "  --bins N          bins of the nonaffine-displacement histogram over +-max|d| (default 51)\n"
    "  --profile-bins N  bins of the flow profile over the cell height (default 20)\n"
    "  --dimension D     2 or 3 (default: 2 when every z of the first frame is 0)\n"
    "  --out PREFIX      CSV files PREFIX-atoms.csv (id,y_ref_A,dx_A,dy_A,nonaffine_dx_A,\n"
    "                    nonaffine_dy_A), PREFIX-histogram.csv (nonaffine_displacement_A,\n"
    "                    density_dx_per_A,gaussian_dx_per_A,density_dy_per_A,gaussian_dy_per_A)\n"
    "                    and PREFIX-profile.csv (y_ref_A,dx_A = the bin's mean,dx_sd_A,\n"
    "                    affine_dx_A,count); never over TRAJ\n"
    "  Prints one JSON object: frames, strains, drift, for the nonaffine dx and dy the standard\n"
    "  deviation, the non-Gaussian parameter alpha2 with its error, the core Gaussian (sigma by\n"
    "  maximum likelihood within +-2 sigma of the median) and the fraction beyond 3 sigma of it\n"
    "  (0.27 % for a Gaussian), and the flow profile's line and local slopes.\n";

namespace {

const CommandSyntax kDisplacementsSyntax{
    "displacements", 1, 1, {"--from-frame", "--to-frame", "--bins", "--profile-bins", "--dimension", "--out"}, {}};

struct OutputFiles {
  std::string atoms, histogram, profile;
};

OutputFiles output_files(const std::string& prefix) {
  if (prefix.empty()) return {};
  return {prefix + "-atoms.csv", prefix + "-histogram.csv", prefix + "-profile.csv"};
}

std::size_t positive_count(const CommandLine& line, const std::string& option, std::size_t fallback) {
  const std::size_t n = line.index(option, fallback);
  if (n == 0 || n > 1000000)
    throw UsageError("displacements: " + option + " needs a count from 1 to 1000000, got '" + line.text(option) + "'");
  return n;
}

DisplacementParams read_params(const CommandLine& line, const AtomFrames& frames) {
  DisplacementParams p;
  p.from_frame = frame_option(line, "--from-frame", frames, 0);
  p.to_frame = frame_option(line, "--to-frame", frames, frames.size() - 1);
  if (p.from_frame >= p.to_frame)
    throw UsageError("displacements: --from-frame " + std::to_string(p.from_frame) + " must come before --to-frame " +
                     std::to_string(p.to_frame) + " ('" + frames.path() + "' has " + std::to_string(frames.size()) +
                     " frame(s))");
  const std::size_t dimension = line.index("--dimension", 0);
  if (line.has("--dimension") && dimension != 2 && dimension != 3)
    throw UsageError("displacements: --dimension must be 2 or 3, got '" + line.text("--dimension") + "'");
  p.dimension = dimension != 0 ? static_cast<int>(dimension) : frames.planar(p.from_frame) ? 2 : 3;
  p.progress = [](std::size_t done, std::size_t total) {
    if (done % 20 == 0 || done == total) std::cerr << "displacements: step " << done << " / " << total << std::endl;
  };
  return p;
}

std::vector<double> component(const std::vector<Vec3>& v, int d) {
  std::vector<double> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i][d];
  return out;
}


nlohmann::json statistics_json(const DisplacementStatistics& s) {
  const CoreGaussian& c = s.core;
  return {{"standard_deviation", s.standard_deviation},
          {"non_gaussian_alpha2", json_number(s.non_gaussian.alpha2)},
          {"non_gaussian_alpha2_error", json_number(s.non_gaussian.error)},
          {"core",
           {{"status", core_fit_status_name(c.status)},
            {"centre", c.centre},
            {"sigma", json_number(c.sigma)},
            {"sigma_error", json_number(c.sigma_error)},
            {"weight", json_number(c.weight)},
            {"window_sigmas", c.window},
            {"atoms_in_window", c.in_window}}},
          {"beyond_3_sigma_core",
           {{"atoms", s.tail_atoms},
            {"fraction", json_number(s.tail_fraction)},
            {"fraction_error", json_number(s.tail_fraction_error)},
            {"gaussian_fraction", kGaussianTailBeyond3Sigma}}}};
}

std::string atoms_csv(const AtomDisplacements& d) {
  std::ostringstream o;
  o.precision(10);
  o << "id,y_ref_A,dx_A,dy_A,nonaffine_dx_A,nonaffine_dy_A\n";
  for (std::size_t i = 0; i < d.ids.size(); ++i)
    o << d.ids[i] << "," << d.cell_bottom + d.height[i] << "," << d.total[i][0] << "," << d.total[i][1] << ","
      << d.nonaffine[i][0] << "," << d.nonaffine[i][1] << "\n";
  return o.str();
}

// Both components on one grid, each with its core Gaussian's mean density over every bin.
std::string histogram_csv(const Histogram& hx, const Histogram& hy, const CoreGaussian& gx, const CoreGaussian& gy) {
  std::ostringstream o;
  o.precision(10);
  o << "nonaffine_displacement_A,density_dx_per_A,gaussian_dx_per_A,density_dy_per_A,gaussian_dy_per_A\n";
  const double half = 0.5 * hx.width;
  for (std::size_t j = 0; j < hx.centre.size(); ++j) {
    const double lo = hx.centre[j] - half, hi = hx.centre[j] + half;
    o << hx.centre[j] << "," << hx.density[j] << "," << gx.bin_density(lo, hi) << "," << hy.density[j] << ","
      << gy.bin_density(lo, hi) << "\n";
  }
  return o.str();
}

std::string profile_csv(const FlowProfile& f, const AtomDisplacements& d) {
  std::ostringstream o;
  o.precision(10);
  o << "y_ref_A,dx_A,dx_sd_A,affine_dx_A,count\n";
  for (const FlowProfileBin& b : f.bins)
    o << b.y << "," << b.dx_mean << "," << b.dx_sd << "," << d.applied_strain() * (b.y - d.cell_bottom) << ","
      << b.count << "\n";
  return o.str();
}

nlohmann::json profile_json(const FlowProfile& f) {
  return {{"bins", f.bins.size()},
          {"slope", json_number(f.slope)},
          {"intercept", json_number(f.intercept)},
          {"rms_from_line", json_number(f.rms_from_line)},
          {"local_slope_min", json_number(f.local_slope_min)},
          {"local_slope_max", json_number(f.local_slope_max)}};
}

}  // namespace

void run_displacements_command(const std::vector<std::string>& args) {
  const CommandLine line(kDisplacementsSyntax, args);
  if (line.help()) {
    std::cout << kDisplacementsUsage;
    return;
  }
  const std::string path = line.positional(0);
  const OutputFiles out = output_files(line.text("--out"));
  for (const std::string& file : {out.atoms, out.histogram, out.profile})
    if (!file.empty()) refuse_output_over_input(file, {path}, "displacements: --out file");
  const std::size_t bins = positive_count(line, "--bins", 51),
                    profile_bins = positive_count(line, "--profile-bins", 20);
  const AtomFrames frames(path);
  const DisplacementParams p = read_params(line, frames);
  const AtomDisplacements d = track_displacements(frames, p);

  const std::vector<double> dx = component(d.nonaffine, 0), dy = component(d.nonaffine, 1);
  const DisplacementStatistics sx = displacement_statistics(dx), sy = displacement_statistics(dy);
  double reach = 0.0;
  for (const Vec3& v : d.nonaffine) reach = std::max({reach, std::abs(v[0]), std::abs(v[1])});
  const Histogram hx = symmetric_histogram(dx, bins, reach > 0.0 ? reach : 1.0);
  const Histogram hy = symmetric_histogram(dy, bins, reach > 0.0 ? reach : 1.0);
  const FlowProfile profile = flow_profile(d, profile_bins);

  nlohmann::json j = {{"command", "displacements"},
                      {"trajectory", path},
                      {"atoms", d.ids.size()},
                      {"dimension", p.dimension},
                      {"frames", {{"from", p.from_frame}, {"to", p.to_frame}, {"steps", d.steps}}},
                      {"strain", {{"from", d.strain_from}, {"to", d.strain_to}, {"applied", d.applied_strain()}}},
                      {"drift", {d.drift[0], d.drift[1], d.drift[2]}},
                      {"largest_step", d.largest_step},
                      {"nonaffine_dx", statistics_json(sx)},
                      {"nonaffine_dy", statistics_json(sy)},
                      {"histogram", {{"bins", bins}, {"half_range", reach}, {"bin_width", hx.width}}},
                      {"profile", profile_json(profile)}};
  if (d.largest_step > 0.25 * d.narrowest_width) {
    const std::string w = "a nonaffine step of " + std::to_string(d.largest_step) +
                          " A is over a quarter of the narrowest cell width (" + std::to_string(d.narrowest_width) +
                          " A): the frames may be too far apart to follow every atom";
    j["warning"] = w;
    std::cerr << "displacements: warning: " << w << std::endl;
  }
  if (!out.atoms.empty()) {
    write_text_atomically(out.atoms, atoms_csv(d));
    write_text_atomically(out.histogram, histogram_csv(hx, hy, sx.core, sy.core));
    write_text_atomically(out.profile, profile_csv(profile, d));
  }
  j["outputs"] = out.atoms.empty()
                     ? nlohmann::json(nullptr)
                     : nlohmann::json{{"atoms", out.atoms}, {"histogram", out.histogram}, {"profile", out.profile}};
  std::cout << json_text(j) << std::endl;
}

}  // namespace metabasin
