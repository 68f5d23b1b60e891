// SPDX-License-Identifier: BSD-3-Clause
#include "plastic_clusters.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "error.hpp"
#include "local_strain.hpp"
#include "number_format.hpp"

namespace metabasin {

namespace {

// One cluster grown breadth-first from `seed`, every atom placed at an unwrapped position
// reached through its bonds; a bond that reaches an atom already placed, but at a position
// a lattice vector away, closes a loop round the cell along that vector's directions.
PlasticCluster grow(const Configuration& c, const std::vector<std::vector<std::size_t>>& near,
                    const std::vector<bool>& active, std::size_t seed, std::vector<int>& label, int id,
                    std::vector<Vec3>& unwrapped) {
  const MinimumImage image(c.box);
  const Mat3 inverse = c.box.cell_inverse();
  PlasticCluster cluster;
  std::vector<std::size_t> queue{seed};
  label[seed] = id;
  unwrapped[seed] = c.position(seed);
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const std::size_t i = queue[head];
    cluster.atoms.push_back(i);
    for (std::size_t j : near[i]) {
      if (!active[j]) continue;
      const Vec3 reached = unwrapped[i] + image(c.position(j) - c.position(i));
      if (label[j] < 0) {
        label[j] = id;
        unwrapped[j] = reached;
        queue.push_back(j);
        continue;
      }
      const Vec3 winding = inverse * (reached - unwrapped[j]);
      for (int d = 0; d < c.box.dimension; ++d)
        if (std::lround(winding[d]) != 0) cluster.spans[d] = true;
    }
  }
  std::sort(cluster.atoms.begin(), cluster.atoms.end());
  return cluster;
}

}  // namespace

PlasticClusters plastic_clusters(const Configuration& c, const std::vector<bool>& active, double bond) {
  if (!(bond > 0.0) || !std::isfinite(bond)) throw InputError("clusters: the bond length must be a positive number");
  if (active.size() != c.size()) throw InputError("clusters: one activity flag per atom is needed");
  const Vec3 widths = c.box.face_distances();
  for (int d = 0; d < c.box.dimension; ++d)
    if (c.box.periodic[d] && !(bond < 0.5 * widths[d]))
      throw InputError("clusters: the bond length " + brief(bond) + " A is not below half the cell's width " +
                       brief(widths[d]) + " A along " + "xyz"[d]);
  const auto near = neighbours_within(c, bond);
  std::vector<int> label(c.size(), -1);
  std::vector<Vec3> unwrapped(c.size(), Vec3::Zero());
  PlasticClusters out;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (!active[i]) continue;
    ++out.active;
    if (label[i] < 0)
      out.clusters.push_back(grow(c, near, active, i, label, static_cast<int>(out.clusters.size()), unwrapped));
  }
  std::stable_sort(out.clusters.begin(), out.clusters.end(),
                   [](const PlasticCluster& a, const PlasticCluster& b) { return a.atoms.size() > b.atoms.size(); });
  out.rank.assign(c.size(), 0);
  for (std::size_t k = 0; k < out.clusters.size(); ++k)
    for (std::size_t i : out.clusters[k].atoms) out.rank[i] = static_cast<int>(k + 1);
  return out;
}

}  // namespace metabasin
