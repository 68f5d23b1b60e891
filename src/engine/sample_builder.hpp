// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Starting configurations built from a lattice: perfect crystals (B2, fcc, triangular) for
// reference energies, and randomly perturbed, randomly typed ones as dense disordered
// samples for tests, benchmarks and example inputs.
#include <string>
#include <vector>

#include "configuration.hpp"

namespace metabasin {

struct LatticeSpec {
  std::string lattice = "b2";         // b2 | bcc | fcc | sc (3D), hex (2D triangular)
  double a = 1.0;                     // lattice constant (hex: nearest-neighbour distance)
  std::array<int, 3> cells{1, 1, 1};  // unit cells per direction (hex: z ignored)
  int ntypes = 1;
  std::vector<double>
      type_fraction;           // random type assignment with these fractions (empty: by basis site for b2, else type 1)
  std::vector<double> masses;  // per type, written to the data file
  double displacement = 0.0;   // uniform random displacement amplitude per coordinate
  double tilt_xy = 0.0, tilt_xz = 0.0, tilt_yz = 0.0;  // as fractions of ly, lz, lz (affine)
  unsigned seed = 1;
};

Configuration build_lattice(const LatticeSpec& spec);

/// `c` repeated n[0] x n[1] x n[2] times along its cell vectors (as LAMMPS `replicate`): a
/// periodic sample n times larger with the same local structure, atom IDs renumbered from 1 in
/// copy order. In 2D n[2] must be 1.
Configuration replicate(const Configuration& c, const std::array<int, 3>& n);

}  // namespace metabasin
