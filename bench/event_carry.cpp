// SPDX-License-Identifier: BSD-3-Clause
// How far a hop reaches into the catalog: whole-sample ART on the 1024-atom 2D glass (event
// radius 12 A, the CLI's default art.fmax: twice the shifted LJ's force jump, refined) until `events` distinct events converged from its minimum
// S. Then, for each of `hops` of them taken as the hop S -> S', every other event F is carried
// to S': its saddle's displacement from S added to S', refined by min-mode following (to a
// tenth of art.fmax or a settled energy, as ART refines), its sides relaxed. Printed per pair
// (one JSON line): the distance from F's most-moving atom to the nearest atom the hop moved
// (by more than 0.1 A), F's barrier from S
// and from S', whether the refined saddle is F's (its displacement field within 0.1 A of F's),
// and whether one side is S'. An integrator that carries its catalog from state to state needs
// to know beyond which distance a hop leaves the events as they were (issue 25).
//   build/bench/event_carry [events] [hops] [first seed]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <Kokkos_Core.hpp>

#include "art.hpp"
#include "lanczos.hpp"
#include "objective.hpp"
#include "state_distance.hpp"
#include "../tests/common/test_systems.hpp"

using namespace metabasin;

namespace {

// The atom that moves most between two sample vectors (minimum image).
std::size_t most_moving(const Box& box, const VectorXd& a, const VectorXd& b) {
  std::size_t best = 0;
  double most = -1.0;
  for (Eigen::Index i = 0; i < a.size() / 3; ++i) {
    const Vec3 d = box.minimum_image({b[3 * i] - a[3 * i], b[3 * i + 1] - a[3 * i + 1], b[3 * i + 2] - a[3 * i + 2]});
    const double r = std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    if (r > most) {
      most = r;
      best = static_cast<std::size_t>(i);
    }
  }
  return best;
}

Vec3 separation(const Box& box, const VectorXd& a, const VectorXd& b, std::size_t i, std::size_t j) {
  return box.minimum_image({b[3 * j] - a[3 * i], b[3 * j + 1] - a[3 * i + 1], b[3 * j + 2] - a[3 * i + 2]});
}
double norm(const Vec3& d) { return std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]); }

// Atoms of x within `radius` of atom `centre`.
std::vector<std::size_t> atoms_near(const Box& box, const VectorXd& x, std::size_t centre, double radius) {
  std::vector<std::size_t> out;
  for (Eigen::Index i = 0; i < x.size() / 3; ++i)
    if (norm(separation(box, x, x, centre, static_cast<std::size_t>(i))) < radius) out.push_back(static_cast<std::size_t>(i));
  return out;
}

// Largest displacement between a and b over `atoms`.
double largest_on(const Box& box, const VectorXd& a, const VectorXd& b, const std::vector<std::size_t>& atoms) {
  double most = 0.0;
  for (std::size_t i : atoms) most = std::max(most, norm(separation(box, a, b, i, i)));
  return most;
}

struct Carried {
  SaddlePoint saddle;
  bool same_event = false, joins_start = false;
};

// F's saddle displacement put onto `start` (whole-sample positions, energy known), refined, and
// its two sides relaxed.
Carried carry(Configuration& whole, Potential& lj, const ArtParams& p, const VectorXd& from, const ArtSearch& f,
              const VectorXd& start, const std::vector<std::size_t>& event_atoms) {
  AtomsObjective obj(whole, lj);
  const int dim = obj.dimension();
  const VectorXd guess_sample = start + (f.saddle.positions - from);
  const VectorXd guess = to_coordinates(guess_sample, dim);
  MinModeParams mp = p.saddle;
  mp.fmax *= 0.1;
  mp.settled_energy = 1e-5;
  mp.lanczos.zero_modes = rigid_body_modes(guess, dim, true, false);
  Carried c;
  c.saddle = converge_saddle(obj, guess, to_coordinates(f.saddle.eigenvector, dim), mp);
  if (c.saddle.status != SaddleStatus::Converged) return c;
  const VectorXd s = to_sample(c.saddle.positions, dim);
  c.same_event = largest_on(whole.box, s, guess_sample, event_atoms) < 0.1;
  for (double sign : {1.0, -1.0}) {
    VectorXd y = c.saddle.positions + sign * p.side_step * c.saddle.eigenvector;
    make_minimizer(p.relax)->minimize(obj, y);
    if (largest_on(whole.box, to_sample(y, dim), start, event_atoms) < p.same_state_tolerance) c.joins_start = true;
  }
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  const int wanted = argc > 1 ? std::atoi(argv[1]) : 30;
  const int hops = argc > 2 ? std::atoi(argv[2]) : 3;
  const unsigned first_seed = argc > 3 ? static_cast<unsigned>(std::atoi(argv[3])) : 1;
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  ArtParams p = metabasin::testing::cuzr_lj2d_art_params();
  p.event_radius = 12.0;
  p.saddle.fmax = std::max(p.saddle.fmax, least_attainable_fmax(lj));  // the CLI's default art.fmax
  const auto [glass, sample, e0] = metabasin::testing::relaxed_cuzr_lj2d_replica(lj, p.relax, 1);
  const VectorXd s0 = positions_of(sample);
  Configuration whole = sample;

  // Distinct converged events from S. Barriers below are saddle energies less S's (a start side
// a few meV from S, joined to it by a meV path, counts as S).
  std::vector<ArtSearch> events;
  for (unsigned seed = first_seed; static_cast<int>(events.size()) < wanted && seed < first_seed + 40u * wanted; ++seed) {
    ArtSearch s = art_search(sample, e0, lj, (seed * 7919u) % sample.size(), seed, p);
    std::fprintf(stderr, "search seed %u: %s\n", seed, to_string(s.saddle.status).c_str());
    if (s.saddle.status != SaddleStatus::Converged) continue;
    const bool seen = std::any_of(events.begin(), events.end(), [&](const ArtSearch& o) {
      return std::abs(o.saddle.energy - s.saddle.energy) < 1e-3 &&
             max_atom_separation(sample.box, o.saddle.positions, s.saddle.positions) < 0.1;
    });
    std::fprintf(stderr, "  barrier %.4f eV%s\n", s.saddle.energy - e0, seen ? " (seen)" : "");
    if (!seen) events.push_back(std::move(s));
  }

  // Each event's atoms (within the event radius of its saddle's most-moving atom): where
  // "the same saddle" and "back at the start" are judged, as ART judges them.
  std::vector<std::size_t> centre;
  std::vector<std::vector<std::size_t>> atoms;
  for (const ArtSearch& e : events) {
    centre.push_back(most_moving(sample.box, s0, e.saddle.positions));
    atoms.push_back(atoms_near(sample.box, s0, centre.back(), p.event_radius));
  }
  // The noise floor: each event carried onto S itself ("hop": -1).
  for (std::size_t k = 0; k < events.size(); ++k) {
    const Carried c = carry(whole, lj, p, s0, events[k], s0, atoms[k]);
    std::printf("{\"hop\": -1, \"event\": %zu, \"barrier_before\": %.6f, \"status\": \"%s\", \"change\": %.2e, "
                "\"same_event\": %s, \"joins_start\": %s}\n",
                k, events[k].saddle.energy - e0, to_string(c.saddle.status).c_str(), c.saddle.energy - events[k].saddle.energy,
                c.same_event ? "true" : "false", c.joins_start ? "true" : "false");
    std::fflush(stdout);
  }

  // Hops: the events with the lowest barriers whose final minimum is not S.
  std::vector<std::size_t> order(events.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return events[a].saddle.energy < events[b].saddle.energy; });
  int done = 0;
  for (std::size_t h : order) {
    if (done >= hops) break;
    const ArtSearch& hop = events[h];
    if (max_atom_separation(sample.box, hop.final_minimum, s0) < 0.3) continue;  // a small hop shows little
    ++done;
    // Where the hop moved the sample: atoms displaced by more than 0.1 A.
    std::vector<std::size_t> moved;
    for (std::size_t i = 0; i < sample.size(); ++i)
      if (norm(separation(sample.box, s0, hop.final_minimum, i, i)) > 0.1) moved.push_back(i);
    const double e_hop = hop.final_energy;
    for (std::size_t k = 0; k < events.size(); ++k) {
      if (k == h) continue;
      const ArtSearch& f = events[k];
      double distance = 1e300;  // from F's centre to the nearest atom the hop moved
      for (std::size_t i : moved) distance = std::min(distance, norm(separation(sample.box, s0, s0, centre[k], i)));
      const Carried c = carry(whole, lj, p, s0, f, hop.final_minimum, atoms[k]);
      const double q_before = f.saddle.energy - e0, q_after = c.saddle.energy - e_hop;
      std::printf("{\"hop\": %zu, \"hop_barrier\": %.5f, \"hop_max_move\": %.3f, \"event\": %zu, \"distance\": %.2f, "
                  "\"barrier_before\": %.6f, \"status\": \"%s\", \"barrier_after\": %.6f, \"change\": %.2e, "
                  "\"same_event\": %s, \"joins_start\": %s, \"force_calls\": %ld, \"hop_moved_atoms\": %zu}\n",
                  h, hop.saddle.energy - e0, max_atom_separation(sample.box, hop.final_minimum, s0), k, distance, q_before, to_string(c.saddle.status).c_str(),
                  q_after, q_after - q_before, c.same_event ? "true" : "false", c.joins_start ? "true" : "false",
                  c.saddle.force_calls, moved.size());
      std::fflush(stdout);
    }
  }
}
