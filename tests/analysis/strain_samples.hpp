// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Disordered samples and exact affine maps of them, for the local-strain analyses' tests.
#include <array>
#include <string>

#include "configuration.hpp"
#include "sample_builder.hpp"

namespace metabasin {

inline Configuration disordered(const std::string& lattice, std::array<int, 3> cells, double tilt, unsigned seed) {
  LatticeSpec s;
  s.lattice = lattice;
  s.a = lattice == "hex" ? 2.6 : 3.3;
  s.cells = cells;
  s.ntypes = 2;
  s.type_fraction = {0.5, 0.5};
  s.masses = {63.546, 91.224};
  s.displacement = 0.3;
  s.tilt_xy = tilt;
  s.seed = seed;
  return build_lattice(s);
}

// The atoms and cell of `c` mapped by F (about the cell's lower corner).
inline Configuration mapped(const Configuration& c, const Mat3& f) {
  Configuration out = c;
  const Mat3 h = f * c.box.cell();
  Box b = c.box;
  b.len = Vec3(h(0, 0), h(1, 1), h(2, 2));
  b.xy = h(0, 1);
  b.xz = h(0, 2);
  b.yz = h(1, 2);
  remap_affine(out, b);
  return out;
}

}  // namespace metabasin
