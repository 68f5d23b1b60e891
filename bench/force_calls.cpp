// SPDX-License-Identifier: BSD-3-Clause
// A fixed number of force calls on one of bench_forces' systems, for instruction counts: the
// first call (which builds the neighbor list) is outside the measured part, so under callgrind
// with --toggle-collect='*measured_*' the count is that of `calls` calls between rebuilds.
// Prints one JSON line: atoms, listed pairs, calls, CPU seconds of the measured part.
//   build/bench/force_calls lj2d|eam-alloy|eam-fs [atoms] [calls] [forces|energy]
#include <Kokkos_Core.hpp>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "bench_systems.hpp"

using namespace metabasin;
using namespace metabasin::bench;

namespace {

__attribute__((noinline)) void measured_force_calls(const Configuration& c, Potential& p, int calls,
                                                    const ForceRequest& request) {
  ForceResult r;
  for (int k = 0; k < calls; ++k) p.compute(c, r, request);
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  const std::string system = argc > 1 ? argv[1] : "eam-alloy";
  const long atoms = argc > 2 ? std::atol(argv[2]) : 10000;
  const int calls = argc > 3 ? std::atoi(argv[3]) : 5;
  const bool forces_only = !(argc > 4 && std::string(argv[4]) == "energy");
  Configuration c;
  std::unique_ptr<Potential> p;
  if (system == "lj2d") {
    c = lj2d_system(atoms);
    p = lj2d_potential();
  } else if (system == "eam-alloy" || system == "eam-fs") {
    c = eam3d_system(atoms);
    p = system == "eam-alloy"
            ? eam3d_potential(METABASIN_SOURCE_DIR "/potentials/ZrCuAl2011.eam.alloy", EamFlavor::Alloy)
            : eam3d_potential(METABASIN_SOURCE_DIR "/potentials/Cu-Zr_2.eam.fs", EamFlavor::FinnisSinclair);
  } else {
    std::fprintf(stderr, "usage: force_calls lj2d|eam-alloy|eam-fs [atoms] [calls] [forces|energy]\n");
    return 2;
  }
  ForceResult first;
  p->compute(c, first);  // builds the neighbor list
  const std::clock_t t0 = std::clock();
  measured_force_calls(c, *p, calls, forces_only ? ForceRequest{false, false, false} : ForceRequest{});
  const double seconds = static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
  const auto& nl = dynamic_cast<const PairPotential&>(*p).neighbor_list();
  std::printf(
      "{\"system\": \"%s\", \"atoms\": %zu, \"listed_pairs\": %zu, \"calls\": %d, \"request\": \"%s\", "
      "\"cpu_seconds\": %.6f}\n",
      system.c_str(), c.size(), nl.neighbors().size(), calls, forces_only ? "forces" : "energy", seconds);
}
