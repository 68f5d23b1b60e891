// Temporary (not shipped): ART searches of bench/reevaluate_local on the 4096 copy, for memcheck.
#include <cstdio>
#include <cstdlib>
#include <Kokkos_Core.hpp>
#include "art.hpp"
#include "sample_builder.hpp"
#include "../tests/common/test_systems.hpp"
using namespace metabasin;
int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  const int first = argc > 1 ? std::atoi(argv[1]) : 1000, last = argc > 2 ? std::atoi(argv[2]) : 1030;
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  ArtParams art = metabasin::testing::cuzr_lj2d_art_params();
  art.region_radius = 25.0;
  const Configuration glass = metabasin::testing::relaxed_cuzr_lj2d_glass(lj, art.relax);
  const Configuration sample = replicate(glass, {2, 2, 1});
  ForceResult r;
  lj.compute(sample, r);
  for (int k = first; k < last; ++k) {
    const unsigned seed = static_cast<unsigned>(k);
    try {
      const ArtSearch s = art_search(sample, r.energy, lj, (seed * 7919u) % glass.size(), seed, art);
      std::printf("search %u: %s E %.8f calls %ld\n", seed, to_string(s.saddle.status).c_str(), s.saddle.energy, s.force_calls);
    } catch (const std::exception& e) {
      std::printf("search %u: %s\n", seed, e.what());
    }
    std::fflush(stdout);
  }
}
