// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Local atomic strain between two configurations of the same atoms, with the conventions of
// OVITO's atomic-strain modifier (Shimizu, Ogata & Li, Mater. Trans. 48, 2923 (2007); Falk &
// Langer, PRE 57, 7192 (1998)):
//   F_i   = W V^-1,  V = sum_j d0_j d0_j^T,  W = sum_j d_j d0_j^T   (least squares d ~ F d0)
//   E_i   = (F^T F - I) / 2                                            (Green-Lagrangian)
//   shear = sqrt(E_xy^2 + E_xz^2 + E_yz^2 + ((E_xx-E_yy)^2 + (E_xx-E_zz)^2 + (E_yy-E_zz)^2)/6)
//           2D: sqrt(E_xy^2 + (E_xx - E_yy)^2 / 2)                      (von Mises)
//   vol   = (E_xx + E_yy + E_zz) / 3, 2D: (E_xx + E_yy) / 2
//   D2min = sum_j |d_j - F d0_j|^2                                      (A^2, not divided)
// over the neighbours j within the cutoff of atom i in the reference; d0 is the separation
// in the reference cell, d the minimum image in the current cell (as OVITO without affine
// mapping). Periodic along x, y (and z in 3D).
#include <array>
#include <cstddef>
#include <vector>

#include "configuration.hpp"

namespace metabasin {

struct LocalStrain {
  std::vector<double> shear;                 // von Mises shear strain per atom (dimensionless)
  std::vector<double> volumetric;            // volumetric strain per atom
  std::vector<double> d2min;                 // A^2
  std::vector<std::array<double, 6>> green;  // E: xx yy zz xy xz yz
  std::vector<int> neighbours;               // neighbours within the cutoff in the reference
  // Atoms whose neighbours do not span the space (fewer than `dimension` independent
  // separations): F is undefined; as OVITO, their strains and D2min are 0, and they are counted.
  std::vector<bool> invalid;
  std::size_t invalid_count = 0;
};

/// Every atom's neighbours within `cutoff` (minimum image; the cutoff below half of every
/// periodic width, so each neighbour has one image), as indices.
std::vector<std::vector<std::size_t>> neighbours_within(const Configuration& c, double cutoff);

/// Strain of `current` relative to `reference`: the same atom IDs in the same order (as the
/// data reader returns them), cells of the same dimension. InputError when the atoms differ
/// or the cutoff is not below half of either cell's smallest periodic width (the minimum
/// image would be ambiguous).
LocalStrain local_strain(const Configuration& reference, const Configuration& current, double cutoff);

}  // namespace metabasin
