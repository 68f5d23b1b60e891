// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Atoms in a cell: the state every potential, minimizer and writer works on.
#include <array>
#include <string>
#include <vector>

#include "box.hpp"

namespace metabasin {

struct Configuration {
  Box box;
  int ntypes = 1;
  std::vector<long> ids;       // atom IDs, ascending (the order of every output)
  std::vector<int> types;      // data-file types 1..ntypes
  std::vector<double> masses;  // per type (index type-1); 0 when the data file gives none
  std::vector<double> x;       // positions, 3 per atom (z = 0 in 2D)
  std::vector<int> image;      // periodic image counts, 3 per atom
  std::vector<double> v;       // velocities, 3 per atom, or empty

  std::size_t size() const { return types.size(); }
  Vec3 position(std::size_t i) const { return Vec3(x[3 * i], x[3 * i + 1], x[3 * i + 2]); }
  void set_position(std::size_t i, const Vec3& r) {
    x[3 * i] = r[0];
    x[3 * i + 1] = r[1];
    x[3 * i + 2] = r[2];
  }
};

/// Maps the cell to `new_box` and every atom affinely with it (same fractional coordinates).
void remap_affine(Configuration& c, const Box& new_box);

/// Simple shear: increases the xy tilt by d_gamma * ly and moves atoms affinely.
void apply_shear_xy(Configuration& c, double d_gamma);

/// Wraps all atoms into the cell along periodic directions, updating image counts.
void wrap_atoms(Configuration& c);

}  // namespace metabasin
