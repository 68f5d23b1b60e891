// SPDX-License-Identifier: BSD-3-Clause
#include "clusters_cli.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

#include "command_line.hpp"
#include "error.hpp"
#include "frame_choice.hpp"
#include "json_text.hpp"
#include "local_strain.hpp"
#include "output_path.hpp"
#include "plastic_clusters.hpp"
#include "trajectory.hpp"

namespace metabasin {

const char* const kClustersUsage =
    "usage: metabasin clusters REF CUR --cutoff R --bond B [--threshold T] [--largest K]\n"
    "                          [--out OUT.dump] [frame options]\n"
    "  plastically deformed clusters (Cao-Short-Yip Fig. 5): the atoms whose von Mises shear\n"
    "  strain from REF to CUR (as metabasin strain, cutoff R) exceeds T, joined when within B of\n"
    "  each other in REF, across periodic boundaries; a cluster spans the cell along a direction\n"
    "  when it joins onto its own periodic image that way.\n"
    "  --cutoff R        neighbour cutoff of the strain fit in A\n"
    "  --bond B          bond length joining two activated atoms in A (e.g. the first minimum of\n"
    "                    g(r)); below half of the cell's smallest width\n"
    "  --threshold T     shear strain that activates an atom (default 0.1, the study's 10 %)\n"
    "  --largest K       clusters listed in the JSON, largest first (default 7, as Fig. 5)\n"
    "  --out FILE        LAMMPS dump of CUR with columns id type x y z shear_strain cluster\n"
    "                    (1 = the largest cluster, 0 = not activated)\n";

namespace {

const char* const kClustersJsonHelp =
    "  Prints one JSON object: activated atoms and their fraction, the number of clusters, every\n"
    "  cluster's size (largest first), the largest clusters with the directions they span, and\n"
    "  whether any cluster spans the cell.\n";

const CommandSyntax kClustersSyntax{
    "clusters",
    2,
    2,
    {"--cutoff", "--bond", "--threshold", "--largest", "--out", "--ref-frame", "--cur-frame", "--dimension"},
    {}};

nlohmann::json spans_json(const PlasticCluster& c, int dimension) {
  nlohmann::json axes = nlohmann::json::array();
  for (int d = 0; d < dimension; ++d)
    if (c.spans[d]) axes.push_back(std::string(1, "xyz"[d]));
  return axes;
}

nlohmann::json clusters_json(const PlasticClusters& pc, std::size_t largest, int dimension) {
  nlohmann::json sizes = nlohmann::json::array(), top = nlohmann::json::array();
  bool spanning = false;
  for (std::size_t k = 0; k < pc.clusters.size(); ++k) {
    const PlasticCluster& c = pc.clusters[k];
    sizes.push_back(c.atoms.size());
    const nlohmann::json axes = spans_json(c, dimension);
    spanning = spanning || !axes.empty();
    if (k < largest) top.push_back({{"rank", k + 1}, {"size", c.atoms.size()}, {"spans", axes}});
  }
  return {{"clusters", pc.clusters.size()}, {"sizes", sizes}, {"largest", top}, {"spanning", spanning}};
}

}  // namespace

void run_clusters_command(const std::vector<std::string>& args) {
  const CommandLine line(kClustersSyntax, args);
  if (line.help()) {
    std::cout << kClustersUsage << kFramePairHelp << kClustersJsonHelp;
    return;
  }
  if (!line.has("--cutoff")) throw UsageError("clusters: --cutoff R (A) is required");
  if (!line.has("--bond")) throw UsageError("clusters: --bond B (A) is required");
  const double cutoff = line.positive_real("--cutoff", 0.0), bond = line.positive_real("--bond", 0.0);
  const double threshold = line.real("--threshold", 0.1);
  if (threshold < 0.0) throw UsageError("clusters: --threshold must not be negative");
  const std::size_t largest = line.index("--largest", 7);
  const std::string out = line.text("--out");
  if (!out.empty()) refuse_output_over_input(out, {line.positional(0), line.positional(1)}, "clusters: --out file");

  const FramePair pair = read_frame_pair(line);
  const LocalStrain s = local_strain(pair.reference, pair.current, cutoff);
  std::vector<bool> active(s.shear.size());
  for (std::size_t i = 0; i < active.size(); ++i) active[i] = !s.invalid[i] && s.shear[i] > threshold;
  const PlasticClusters pc = plastic_clusters(pair.reference, active, bond);
  const std::size_t defined = pair.reference.size() - s.invalid_count;
  nlohmann::json j = {{"command", "clusters"},
                      {"reference", pair.reference_path},
                      {"current", pair.current_path},
                      {"reference_frame", pair.reference_frame},
                      {"current_frame", pair.current_frame},
                      {"natoms", pair.reference.size()},
                      {"dimension", pair.reference.box.dimension},
                      {"cutoff", cutoff},
                      {"bond", bond},
                      {"threshold", threshold},
                      {"invalid_atoms", s.invalid_count},
                      {"activated", pc.active},
                      {"activated_fraction", defined ? static_cast<double>(pc.active) / defined : 0.0}};
  j.update(clusters_json(pc, largest, pair.reference.box.dimension));
  if (!out.empty()) {
    std::vector<double> rank(pc.rank.begin(), pc.rank.end());
    LammpsDumpWriter dump(out);
    FrameData frame;
    frame.columns = {{"shear_strain", &s.shear}, {"cluster", &rank}};
    dump.write(pair.current, frame);
    j["output"] = out;
  }
  std::cout << json_text(j) << std::endl;
}

}  // namespace metabasin
