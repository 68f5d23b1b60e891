// SPDX-License-Identifier: BSD-3-Clause
// A catalog of local events on the 4096-atom 2D glass (the 1024-atom glass of inputs/
// replicated 2 x 2) as it grows to `events` events: memory, file size, and the CPU cost of an
// insert, a save and a lookup per event.
//
// First `searches` ART searches in a 25 A active region (as in the local-search study) go into
// a catalog, to measure how many atoms a real local event stores (its minimum and its saddle
// against the start). The fill then adds events of those sizes (drawn from the measured ones)
// around random atoms: every atom within the radius that holds that many moves, by a field
// that decays as 1/r from 0.4 A (its minimum; half of it at its saddle). Storage and identity
// depend only on which atoms differ, not on the physics of the displacement, and a search per
// event would take hours.
//   build/bench/catalog_growth [events] [searches] [n: the 1024-atom glass replicated n x n, 2]
// prints one JSON line for the real searches, then one per tenth of the fill.
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <Kokkos_Core.hpp>

#include "abc_catalog.hpp"
#include "art.hpp"
#include "catalog_file.hpp"
#include "sample_builder.hpp"
#include "../tests/common/test_systems.hpp"

using namespace metabasin;

namespace {

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

long rss_kb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

long file_bytes(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<long>(st.st_size) : -1;
}

/// Bytes of positions a catalog holds (index + 3 coordinates per stored atom).
double stored_bytes(const Catalog& c) {
  double atoms = 0;
  for (std::size_t v = 0; v < c.minima(); ++v) atoms += static_cast<double>(c.stored_minimum(v).atoms.size());
  for (std::size_t e = 0; e < c.saddles(); ++e) atoms += static_cast<double>(c.stored_saddle(e).atoms.size());
  return atoms * (sizeof(std::uint32_t) + 3 * sizeof(double));
}

/// Atoms each real local event stores for its minimum and for its saddle.
std::vector<std::size_t> real_event_sizes(const Configuration& sample, double energy, Potential& lj, int searches) {
  ArtParams p = metabasin::testing::cuzr_lj2d_art_params();
  p.region_radius = 25.0;
  Catalog c(sample, "bench");
  const VectorXd x0 = positions_of(sample);
  c.add_minimum({energy, x0, 0.0, "start", 0});
  std::vector<std::size_t> sizes;
  int events = 0;
  const double t0 = cpu_seconds();
  for (int k = 0; k < searches; ++k) {
    const unsigned seed = 1000u + static_cast<unsigned>(k);
    const ArtSearch s = art_search(sample, energy, lj, (seed * 7919u) % sample.size(), seed, p);
    const CatalogedEvent ev = add_art_event(c, x0, s, 0.0, "art");
    if (!ev.saddle || !ev.new_saddle) continue;
    ++events;
    sizes.push_back(c.stored_minimum(ev.final.index).atoms.size());
    sizes.push_back(c.stored_saddle(*ev.saddle).atoms.size());
  }
  std::vector<std::size_t> sorted = sizes;
  std::sort(sorted.begin(), sorted.end());
  std::printf("{\"real_searches\": %d, \"events\": %d, \"cpu_s\": %.1f, \"stored_atoms_median\": %zu, "
              "\"stored_atoms_max\": %zu, \"natoms\": %zu}\n",
              searches, events, cpu_seconds() - t0, sorted.empty() ? 0 : sorted[sorted.size() / 2],
              sorted.empty() ? 0 : sorted.back(), sample.size());
  std::fflush(stdout);
  return sizes;
}

/// Positions with the `count` atoms first in `by_distance` displaced (scale 1: minimum).
VectorXd displaced(const Configuration& c, std::size_t count, double scale, std::mt19937& rng,
                   const std::vector<std::pair<double, std::size_t>>& by_distance) {
  VectorXd x = positions_of(c);
  std::uniform_real_distribution<double> angle(0.0, 2.0 * M_PI);
  const double a = angle(rng);
  for (std::size_t j = 0; j < count && j < by_distance.size(); ++j) {
    const auto [r, i] = by_distance[j];
    const double d = scale * 0.4 * 1.5 / std::max(r, 1.5);
    x[3 * static_cast<Eigen::Index>(i)] += d * std::cos(a);
    x[3 * static_cast<Eigen::Index>(i) + 1] += d * std::sin(a);
  }
  return x;
}

std::vector<std::pair<double, std::size_t>> atoms_by_distance(const Configuration& c, std::size_t centre) {
  const MinimumImage image(c.box);
  std::vector<std::pair<double, std::size_t>> out;
  for (std::size_t i = 0; i < c.size(); ++i) out.emplace_back(image(c.position(i) - c.position(centre)).norm(), i);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  const int events = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int searches = argc > 2 ? std::atoi(argv[2]) : 40;
  const int copies = argc > 3 ? std::atoi(argv[3]) : 2;
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  const auto [glass, sample, e0] =
      metabasin::testing::relaxed_cuzr_lj2d_replica(lj, metabasin::testing::cuzr_lj2d_art_params().relax, copies);
  const std::vector<std::size_t> sizes = real_event_sizes(sample, e0, lj, searches);
  if (sizes.empty()) return 1;

  Catalog c(sample, "bench");
  const std::size_t start = c.add_minimum({e0, positions_of(sample), 0.0, "start", 0}).index;
  const std::string path = "/tmp/metabasin_catalog_growth.h5";
  CatalogFile file(path, c);
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> atom(0, sample.size() - 1), size_pick(0, sizes.size() - 1);
  std::uniform_real_distribution<double> depth(0.0, 2.0);
  double insert_s = 0, save_s = 0, lookup_s = 0;
  int lookups = 0;
  const int report_every = std::max(1, events / 10);
  for (int k = 1; k <= events; ++k) {
    const std::size_t centre = atom(rng), count = sizes[size_pick(rng)];
    const auto near = atoms_by_distance(sample, centre);
    std::mt19937 field(static_cast<unsigned>(k));
    const VectorXd xm = displaced(sample, count, 1.0, field, near);
    field.seed(static_cast<unsigned>(k));
    const VectorXd xs = displaced(sample, count, 0.5, field, near);
    const double em = e0 + depth(rng);
    double t0 = cpu_seconds();
    const std::size_t to = c.add_minimum({em, xm, 0.0, "synthetic", 0}, start).index;
    Transition t;
    t.from = start;
    t.to = to;
    t.energy = em + 0.3;
    t.positions = xs;
    t.found_by = "synthetic";
    c.add_saddle(std::move(t));
    insert_s += cpu_seconds() - t0;
    t0 = cpu_seconds();
    file.save();
    save_s += cpu_seconds() - t0;
    if (k % report_every == 0) {
      // Lookups of stored states by their full positions (what a search offers the catalog).
      std::uniform_int_distribution<std::size_t> stored(0, c.minima() - 1);
      for (int q = 0; q < 20; ++q) {
        const std::size_t v = stored(rng);
        const VectorXd x = c.minimum_positions(v);
        const double t1 = cpu_seconds();
        const auto found = c.find_minimum(x, c.minimum(v).energy, 0.0);
        lookup_s += cpu_seconds() - t1;
        ++lookups;
        if (found != v) std::printf("lookup of %zu failed\n", v);
      }
      const double full_bytes = static_cast<double>(c.minima() + c.saddles()) * 3.0 * sample.size() * sizeof(double);
      std::printf("{\"events\": %d, \"minima\": %zu, \"saddles\": %zu, \"stored_MB\": %.1f, \"full_state_MB\": %.1f, "
                  "\"rss_MB\": %.1f, \"file_MB\": %.1f, \"insert_ms\": %.3f, \"save_ms\": %.3f, \"lookup_ms\": %.3f}\n",
                  k, c.minima(), c.saddles(), stored_bytes(c) / 1e6, full_bytes / 1e6, rss_kb() / 1e3,
                  file_bytes(path) / 1e6, 1e3 * insert_s / report_every, 1e3 * save_s / report_every,
                  1e3 * lookup_s / lookups);
      std::fflush(stdout);
      insert_s = save_s = lookup_s = 0;
      lookups = 0;
    }
  }
  return 0;
}
