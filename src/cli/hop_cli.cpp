// SPDX-License-Identifier: BSD-3-Clause
#include "hop_cli.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "atom_frames.hpp"
#include "command_line.hpp"
#include "error.hpp"
#include "hopping.hpp"
#include "json_text.hpp"
#include "lammps_dump.hpp"
#include "output_path.hpp"
#include "trajectory.hpp"

namespace metabasin {

const char* const kHopUsage =
    "usage: metabasin hop TRAJ --window K [--top X] [--labels LABELS.dump] [--out OUT.dump]\n"
    "  hopping indicator of every atom (Candelier-Dauchot-Biroli; Liu-Fan Fig. 4) along TRAJ, a\n"
    "  LAMMPS text dump or an inherent-structure sequence whose frames are equally spaced in time:\n"
    "  for the window of K frames centred on frame t, A = [t - K/2, t] and B = [t, t + K/2],\n"
    "    p_hop(i, t) = sqrt(<(r_i - <r_i>_B)^2>_A <(r_i - <r_i>_A)^2>_B)   (A^2 in metal units),\n"
    "  and each atom's largest over the frames where the window fits. Wrapped positions are\n"
    "  unwrapped by the minimum image of each step in the later frame's cell: exact in a fixed\n"
    "  cell (MD at fixed strain); for a cell whose tilt changes, give unwrapped xu yu zu.\n"
    "  --window K        t_R in frames: even and positive, less than the number of frames\n"
    "  --top X           the top X % by p_hop whose lowest value is reported (default 5, the study's)\n"
    "  --labels FILE     a dump with a C_over_L_max column (task tortuosity's output.dump) of\n"
    "                    TRAJ's atoms: its last frame labels each atom with the largest C/L of\n"
    "                    the events it takes part in (0: none, left out of the label sets), and\n"
    "                    the JSON gains disproportionate_factor, Liu-Fan Eq. 2: D.F.(X) for the\n"
    "                    top and medium X % by p_hop, X = 1..10, 15..100 %, with the spread\n"
    "                    chance alone gives\n"
    "  --out FILE        LAMMPS dump of the last frame with columns p_hop (each atom's largest)\n"
    "                    and p_hop_frame (the frame of it, from 0), and with --labels\n"
    "                    C_over_L_max; never an input\n"
    "  Prints one JSON object: atoms, frames, window, the frames scored, the mean and largest\n"
    "  p_hop (with its atom ID and frame), and the top-X % threshold and atom count.\n";

namespace {

const CommandSyntax kHopSyntax{"hop", 1, 1, {"--window", "--top", "--labels", "--out"}, {}};

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

// Eq. 2's labels: the last frame of `path`'s C_over_L_max, for TRAJ's atoms (both sorted by
// ID), as written (0 for an atom in no event).
std::vector<double> read_labels(const std::string& path, const std::string& traj, const std::vector<long>& ids) {
  const LammpsDumpReader dump(path);
  const std::size_t k = dump.size() - 1;
  if (dump.frame(k).ids != ids)
    throw InputError("hop --labels: '" + path + "' frame " + std::to_string(k) + " holds other atoms than '" + traj +
                     "' (IDs differ)");
  std::vector<double> label = dump.column(k, "C_over_L_max");
  for (double v : label)
    if (v < 0.0)
      throw InputError("hop --labels: '" + path + "' column 'C_over_L_max' holds " + std::to_string(v) +
                       ", not a C/L (0 for no event)");
  return label;
}

nlohmann::json window_json(const DisproportionResult& r) {
  return {{"factor", json_number(r.factor)},
          {"chance_spread", json_number(r.chance_spread)},
          {"mobile", r.mobile},
          {"mobile_labelled", r.mobile_labelled},
          {"labelled", r.labelled}};
}

// D.F.(X) of Eq. 2 over X = 1..10, 15..100 %, for the top and the medium windows by p_hop. An
// atom in no event (label 0) is unlabelled: never in a label set, still one of the sample.
nlohmann::json disproportion_curve(const std::vector<double>& p_hop, const std::vector<double>& label,
                                   const std::string& labels_path) {
  std::vector<double> eq2_label = label;
  std::size_t in_events = 0;
  for (double& v : eq2_label) {
    if (v == 0.0) v = std::nan("");
    else ++in_events;
  }
  nlohmann::json curve = nlohmann::json::array();
  std::vector<double> percents;
  for (int x = 1; x <= 10; ++x) percents.push_back(x);
  for (int x = 15; x <= 100; x += 5) percents.push_back(x);
  for (double x : percents)
    curve.push_back({{"percent", x},
                     {"top", window_json(disproportionate_factor(p_hop, eq2_label, x, MobilityWindow::top))},
                     {"medium", window_json(disproportionate_factor(p_hop, eq2_label, x, MobilityWindow::medium))}});
  return {{"labels", labels_path}, {"atoms_in_events", in_events}, {"curve", curve}};
}

}  // namespace

void run_hop_command(const std::vector<std::string>& args) {
  const CommandLine line(kHopSyntax, args);
  if (line.help()) {
    std::cout << kHopUsage;
    return;
  }
  if (!line.has("--window")) throw UsageError("hop: --window K (frames) is required");
  const std::string traj = line.positional(0), out = line.text("--out"), labels = line.text("--labels");
  const std::size_t window = line.index("--window", 0);
  if (window == 0 || window % 2 != 0 || window > 1000000000)
    throw UsageError("hop: --window " + line.text("--window") + " must be even and positive (A and B are K/2 each)");
  const double top = line.positive_real("--top", 5.0);
  if (top > 100.0) throw UsageError("hop: --top " + line.text("--top") + " must be in (0, 100]");
  if (!out.empty()) refuse_output_over_input(out, labels.empty() ? std::vector<std::string>{traj}
                                                                   : std::vector<std::string>{traj, labels},
                                             "hop: --out file");

  const HopRun run = read_hops(traj, static_cast<int>(window));
  const HoppingResult& h = run.hops;
  const std::vector<double> label = labels.empty() ? std::vector<double>{} : read_labels(labels, traj, run.last.ids);
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
    if (!label.empty()) frame.columns.emplace_back("C_over_L_max", &label);
    dump.write(run.last, frame);
  }
  nlohmann::json j = {{"command", "hop"},
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
  if (!labels.empty()) j["disproportionate_factor"] = disproportion_curve(h.largest, label, labels);
  std::cout << json_text(j) << std::endl;
}

}  // namespace metabasin
