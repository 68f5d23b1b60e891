// SPDX-License-Identifier: BSD-3-Clause
// The catalog library on its own: three states of a toy three-atom cell joined by three
// saddles, saved, reopened, and asked for the lowest-barrier path and the barrier spectrum.
// Usage: 01_build_and_query [CATALOG.h5]
#include <cstdio>
#include <string>

#include "catalog_file.hpp"
#include "queries.hpp"

using namespace metabasin;

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "toy-catalog.h5";
  Configuration atoms;
  atoms.box.len = Vec3(10, 10, 10);
  atoms.ids = {1, 2, 3};
  atoms.types = {1, 1, 1};
  atoms.x = {1, 1, 1, 4, 4, 4, 7, 7, 7};
  Catalog catalog(atoms, "toy");
  // Minimum k has atom 1 moved k A along x; each saddle lies half way between its two minima.
  auto state = [&](double shift) {
    VectorXd x = Eigen::Map<const VectorXd>(atoms.x.data(), 9);
    x[0] += shift;
    return x;
  };
  const double energy[] = {-3.0, -2.5, -2.8};  // eV
  for (int k = 0; k < 3; ++k) catalog.add_minimum({energy[k], state(k), 0.0, "example", 0});
  const struct { std::size_t from, to; double energy; } saddles[] = {{0, 1, -2.0}, {1, 2, -2.2}, {0, 2, -1.0}};
  for (const auto& s : saddles) {
    Transition t;
    t.from = s.from;
    t.to = s.to;
    t.energy = s.energy;
    t.positions = state(0.5 * (s.from + s.to));
    catalog.add_saddle(t);
  }
  save_catalog(path, catalog);

  const Catalog reopened = load_catalog(path);
  const BarrierPath p = lowest_barrier_path(reopened, 0, 2);
  std::printf("%zu minima, %zu saddles in %s\n", reopened.minima(), reopened.saddles(), path.c_str());
  std::printf("lowest-barrier path 0 -> 2: minima");
  for (std::size_t v : p.minima) std::printf(" %zu", v);
  std::printf(", barrier %.3f eV\n", p.barrier);
  for (const SpectrumBin& b : barrier_spectrum(reopened, {0.0, 0.5}).bins)
    std::printf("forward barriers in [%.1f, %.1f) eV: %ld\n", b.from, b.to, b.count);
  return 0;
}
