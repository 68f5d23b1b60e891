// SPDX-License-Identifier: BSD-3-Clause
// Per-search cost of ART in an active region against the sample size: the 1024-atom 2D Cu-Zr
// glass of inputs/ (quenched at 0.01 K/ps) replicated to 4096, 16384 and 65536 atoms, the
// same centres and seeds in each. A replicated sample has the same local environment around
// each centre, so a local search must find the same event at the same cost in every one: what
// grows with N is only what the search does on the whole sample.
//   build/bench/local_search [searches] [region radius, A] [energy tolerance, eV] [smallest replica n]
//                            [event radius, A] [largest replica n] [whole-sample comparison 0/1]
//                            [whole-sample check fmax, eV/A]
// prints one JSON line per sample size, then the whole-sample search on 1024 atoms for
// comparison (same centres and seeds); on stderr, one line per search (seed, status, energies),
// to compare the outcome of each search between two builds. With a whole-sample check fmax,
// each search's saddle (converged or unconfirmed) is converged again on the whole sample by
// FIRE to that force, and the line gives the search's saddle energy minus that one: what the
// search's energy is worth against the whole sample's saddle converged tighter.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include <Kokkos_Core.hpp>

#include "art.hpp"
#include "fits.hpp"
#include "lammps_data.hpp"
#include "minimizer.hpp"
#include "pair_lj.hpp"
#include "sample_builder.hpp"
#include "../tests/common/test_systems.hpp"

using namespace metabasin;

namespace {

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

double tolerance = 1e-3;     // eV, region_energy_tolerance
double event_radius = 0.0;  // A, art.event_radius (0: off)
double check_fmax = 0.0;    // eV/A: whole-sample check of each saddle (0: off)

ArtParams search_params(double region_radius) {
  ArtParams p = metabasin::testing::cuzr_lj2d_art_params();
  p.region_energy_tolerance = tolerance;
  p.region_radius = region_radius;
  p.event_radius = event_radius;
  return p;
}

/// The search's saddle converged again on the whole sample `c` by FIRE to check_fmax.
SaddlePoint whole_sample_saddle(const Configuration& c, Potential& lj, const ArtSearch& s, const ArtParams& p) {
  ArtParams tight = p;
  tight.saddle.optimizer = MinModeOptimizer::fire;
  tight.saddle.fmax = check_fmax;
  tight.saddle.max_iterations = 20000;
  ArtSearch saddle_only = s;
  saddle_only.final_minimum = s.saddle.positions;  // the relaxation it also does is not used
  return metabasin::testing::reconverge_on_whole_sample(c, lj, saddle_only, tight, false).saddle;
}

void report(const char* label, const Configuration& c, Potential& lj, const ArtParams& p, int searches,
            std::size_t centres_below) {
  ForceResult r;
  lj.compute(c, r);
  int converged = 0;
  std::map<std::string, int> statuses;
  std::vector<double> region_sizes, costs;
  double calls = 0, atom_evals = 0, moving = 0, barriers = 0;
  const double t0 = cpu_seconds();
  double check_cpu = 0.0;  // not the search's
  for (int k = 0; k < searches; ++k) {
    const unsigned seed = 1000u + static_cast<unsigned>(k);
    const std::size_t centre = (seed * 7919u) % centres_below;
    const ArtSearch s = art_search(c, r.energy, lj, centre, seed, p);
    calls += static_cast<double>(s.force_calls);
    atom_evals += s.atom_evaluations;
    moving += static_cast<double>(s.moving_atoms);
    ++statuses[to_string(s.saddle.status)];
    region_sizes.push_back(static_cast<double>(s.moving_atoms));
    costs.push_back(s.atom_evaluations);
    std::fprintf(stderr, "%s %zu seed %u centre %zu %s saddle %.6f barrier %.6f calls %ld moving %zu error %.2e\n", label,
                 c.size(), seed, centre, to_string(s.saddle.status).c_str(), s.saddle.energy, s.barrier, s.force_calls,
                 s.moving_atoms, s.region_error);
    const bool climbed = s.saddle.status == SaddleStatus::Converged || s.saddle.status == SaddleStatus::Unconfirmed;
    if (check_fmax > 0.0 && climbed) {
      const double check_start = cpu_seconds();
      const SaddlePoint w = whole_sample_saddle(c, lj, s, p);
      check_cpu += cpu_seconds() - check_start;
      std::fprintf(stderr, "  whole sample at fmax %.0e: %s saddle %.6f, search's - whole %+.3e\n", check_fmax,
                   to_string(w.status).c_str(), w.energy, s.saddle.energy - w.energy);
    }
    if (s.saddle.status == SaddleStatus::Converged) {
      ++converged;
      barriers += s.barrier;
    }
  }
  const double cpu = cpu_seconds() - t0 - check_cpu;
  std::printf(
      "{\"search\": \"%s\", \"atoms\": %zu, \"region_radius\": %.1f, \"event_radius\": %.1f, \"searches\": %d, \"converged\": %d, "
      "\"force_calls_per_search\": %.1f, \"atom_evaluations_per_search\": %.4g, \"moving_atoms_per_search\": %.1f, "
      "\"cpu_seconds_per_search\": %.4f, \"sum_of_barriers\": %.6f, \"median_moving_atoms\": %.0f, "
      "\"max_moving_atoms\": %.0f, \"median_atom_evaluations\": %.4g, \"statuses\": {",
      label, c.size(), p.region_radius, p.event_radius, searches, converged, calls / searches, atom_evals / searches,
      moving / searches, cpu / searches, barriers, median(region_sizes),
      *std::max_element(region_sizes.begin(), region_sizes.end()), median(costs));
  const char* sep = "";
  for (const auto& [status, n] : statuses) {
    std::printf("%s\"%s\": %d", sep, status.c_str(), n);
    sep = ", ";
  }
  std::printf("}}\n");
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  const int searches = argc > 1 ? std::atoi(argv[1]) : 20;
  const double radius = argc > 2 ? std::atof(argv[2]) : 25.0;
  if (argc > 3) tolerance = std::atof(argv[3]);
  const int smallest = argc > 4 ? std::atoi(argv[4]) : 1;
  if (argc > 5) event_radius = std::atof(argv[5]);
  const int largest = argc > 6 ? std::atoi(argv[6]) : 8;
  const bool whole = argc > 7 ? std::atoi(argv[7]) != 0 : true;
  if (argc > 8) check_fmax = std::atof(argv[8]);
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  const Configuration glass = metabasin::testing::relaxed_cuzr_lj2d_glass(lj, search_params(0.0).relax);
  for (int n : {1, 2, 4, 8}) {
    if (n < smallest || n > largest) continue;
    const Configuration c = replicate(glass, {n, n, 1});
    report("local", c, lj, search_params(radius), searches, glass.size());
  }
  if (whole) report("whole", glass, lj, search_params(0.0), searches, glass.size());
}
