// SPDX-License-Identifier: BSD-3-Clause
#include "hop_cli.hpp"

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "atom_frames.hpp"
#include "command_line.hpp"
#include "error.hpp"
#include "hopping.hpp"
#include "json_text.hpp"
#include "output_path.hpp"
#include "trajectory.hpp"

namespace metabasin {

const char* const kHopUsage =
    "usage: metabasin hop TRAJ --window K [--top X] [--out OUT.dump]\n"
    "  hopping indicator of every atom (Candelier-Dauchot-Biroli; Liu-Fan Fig. 4) along TRAJ, a\n"
    "  LAMMPS text dump or an inherent-structure sequence whose frames are equally spaced in time:\n"
    "  for the window of K frames centred on frame t, A = [t - K/2, t] and B = [t, t + K/2],\n"
    "    p_hop(i, t) = sqrt(<(r_i - <r_i>_B)^2>_A <(r_i - <r_i>_A)^2>_B)   (A^2 in metal units),\n"
    "  and each atom's largest over the frames where the window fits. Wrapped positions are\n"
    "  unwrapped by the minimum image of each step in the later frame's cell: exact in a fixed\n"
    "  cell (MD at fixed strain); for a cell whose tilt changes, give unwrapped xu yu zu.\n"
    "  --window K        t_R in frames: even and positive, less than the number of frames\n"
    "  --top X           the top X % by p_hop whose lowest value is reported (default 5, the study's)\n"
    "  --out FILE        LAMMPS dump of the last frame with columns p_hop (each atom's largest)\n"
    "                    and p_hop_frame (the frame of it, from 0); never the input\n"
    "  Prints one JSON object: atoms, frames, window, the frames scored, the mean and largest\n"
    "  p_hop (with its atom ID and frame), and the top-X % threshold and atom count.\n";

namespace {

const CommandSyntax kHopSyntax{"hop", 1, 1, {"--window", "--top", "--out"}, {}};

struct HopRun {
  HoppingResult hops;
  Configuration last;  // the last frame, as read
};

// Feeds every frame of `path` to the indicator, checking that each holds frame 0's atoms.
HopRun read_hops(const std::string& path, int window) {
  const AtomFrames frames(path);
  if (frames.size() <= static_cast<std::size_t>(window))
    throw UsageError("hop: --window " + std::to_string(window) + ": '" + path + "' has " +
                     std::to_string(frames.size()) + " frame(s); the window needs at least " +
                     std::to_string(window + 1));
  HopRun run;
  run.last = frames.frame(0);
  const std::vector<long> ids = run.last.ids;
  HoppingIndicator indicator({window, false}, ids.size());
  for (std::size_t k = 0; k < frames.size(); ++k) {
    if (k > 0) run.last = frames.frame(k);
    if (run.last.ids != ids)
      throw InputError("'" + path + "' frame " + std::to_string(k) +
                       " does not hold the atoms of frame 0 (IDs differ)");
    indicator.add_frame(run.last.x, run.last.box);
  }
  run.hops = indicator.result();
  return run;
}

}  // namespace

void run_hop_command(const std::vector<std::string>& args) {
  const CommandLine line(kHopSyntax, args);
  if (line.help()) {
    std::cout << kHopUsage;
    return;
  }
  if (!line.has("--window")) throw UsageError("hop: --window K (frames) is required");
  const std::string traj = line.positional(0), out = line.text("--out");
  const std::size_t window = line.index("--window", 0);
  if (window == 0 || window % 2 != 0 || window > 1000000000)
    throw UsageError("hop: --window " + line.text("--window") + " must be even and positive (A and B are K/2 each)");
  const double top = line.positive_real("--top", 5.0);
  if (top > 100.0) throw UsageError("hop: --top " + line.text("--top") + " must be in (0, 100]");
  if (!out.empty()) refuse_output_over_input(out, {traj}, "hop: --out file");

  const HopRun run = read_hops(traj, static_cast<int>(window));
  const HoppingResult& h = run.hops;
  const ScoreSet top_set = top_percent(h.largest, top);
  const std::size_t max_atom =
      static_cast<std::size_t>(std::max_element(h.largest.begin(), h.largest.end()) - h.largest.begin());
  double sum = 0.0;
  for (double p : h.largest) sum += p;
  if (!out.empty()) {
    const std::vector<double> at(h.largest_at.begin(), h.largest_at.end());
    LammpsDumpWriter dump(out);
    FrameData frame;
    frame.columns = {{"p_hop", &h.largest}, {"p_hop_frame", &at}};
    dump.write(run.last, frame);
  }
  const nlohmann::json j = {{"command", "hop"},
                            {"trajectory", traj},
                            {"atoms", h.atoms},
                            {"frames", h.frames},
                            {"window", h.window},
                            {"scored_frames", {{"first", h.first_frame}, {"last", h.last_frame}}},
                            {"p_hop",
                             {{"mean", sum / static_cast<double>(h.atoms)},
                              {"max", h.largest[max_atom]},
                              {"max_atom", run.last.ids[max_atom]},
                              {"max_frame", h.largest_at[max_atom]}}},
                            {"top_percent", top},
                            {"top_threshold", top_set.lowest},
                            {"top_atoms", top_set.count},
                            {"output", out.empty() ? nlohmann::json(nullptr) : nlohmann::json(out)}};
  std::cout << json_text(j) << std::endl;
}

}  // namespace metabasin
