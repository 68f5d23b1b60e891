// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Plastically deformed clusters (Cao, Short & Yip, PNAS 2019, Fig. 5): the atoms whose local
// shear strain passes a threshold (the study: 10 %), joined into clusters when they are
// neighbours (within a bond length), across periodic boundaries. A cluster spans the cell
// along a periodic direction when it joins onto its own periodic image that way: a path
// through it winds round the cell, as a percolating cluster does in an infinite medium.
#include <array>
#include <cstddef>
#include <vector>

#include "configuration.hpp"

namespace metabasin {

struct PlasticCluster {
  std::vector<std::size_t> atoms;                  // indices, ascending
  std::array<bool, 3> spans{false, false, false};  // winds round the cell along a, b, c
};

struct PlasticClusters {
  std::vector<PlasticCluster> clusters;  // largest first (ties: the lowest first atom first)
  std::vector<int> rank;                 // per atom: 1 + its cluster's index, 0 when not active
  std::size_t active = 0;
};

/// Clusters of the `active` atoms of `c`, two active atoms bonded when within `bond` (the
/// minimum image; `bond` below half of every periodic width, else InputError).
PlasticClusters plastic_clusters(const Configuration& c, const std::vector<bool>& active, double bond);

}  // namespace metabasin
