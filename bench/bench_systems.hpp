// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The glass-like benchmark systems, shared by the Google Benchmark programs and (through
// make_sample with the same arguments) by the LAMMPS timing script.
#include <cmath>
#include <memory>

#include "pair_eam.hpp"
#include "pair_lj.hpp"
#include "sample_builder.hpp"

namespace metabasin::bench {

/// 2D Cu50Zr50 LJ: triangular lattice, 2 atoms per cell, perturbed by 0.3 A, random types.
inline Configuration lj2d_system(long n_target) {
  LatticeSpec s;
  s.lattice = "hex";
  s.a = 2.915;
  const int nx = static_cast<int>(std::lround(std::sqrt(n_target / 2.0 * std::sqrt(3.0))));
  s.cells = {nx, static_cast<int>(std::lround(n_target / 2.0 / nx)), 1};
  s.ntypes = 2;
  s.type_fraction = {0.5, 0.5};
  s.masses = {63.546, 91.224};
  s.displacement = 0.3;
  s.seed = 2026;
  return build_lattice(s);
}

/// 3D Cu50Zr50 for EAM: bcc lattice, perturbed by 0.25 A, random types.
inline Configuration eam3d_system(long n_target) {
  LatticeSpec s;
  s.lattice = "bcc";
  s.a = 3.275;
  const int n = static_cast<int>(std::lround(std::cbrt(n_target / 2.0)));
  s.cells = {n, n, n};
  s.ntypes = 2;
  s.type_fraction = {0.5, 0.5};
  s.masses = {63.546, 91.224};
  s.displacement = 0.25;
  s.seed = 2026;
  return build_lattice(s);
}

inline std::unique_ptr<Potential> lj2d_potential() {
  return std::make_unique<PairLJ>(
      std::vector<std::string>{"Cu", "Zr"},
      std::vector<LJPair>{
          {"Cu", "Cu", 0.128, 2.338, 5.845}, {"Cu", "Zr", 0.128, 2.5718, 6.4295}, {"Zr", "Zr", 0.128, 2.8056, 7.014}},
      true, 1.0);
}

inline std::unique_ptr<Potential> eam3d_potential(const std::string& file, EamFlavor flavor) {
  return std::make_unique<PairEAM>(read_eam_file(file, flavor), std::vector<std::string>{"Cu", "Zr"}, 1.0);
}

}  // namespace metabasin::bench
