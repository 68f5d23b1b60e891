// SPDX-License-Identifier: BSD-3-Clause
// How far a hop reaches into the catalog: whole-sample ART on the 1024-atom 2D glass (event
// radius 12 A, the CLI's default art.fmax: twice the shifted LJ's force jump, refined) until `events` distinct events converged from its minimum
// S. Then, for each of `hops` of them taken as the hop S -> S', every other event F is carried
// to S': its saddle's displacement from S added to S', refined by min-mode following (to a
// tenth of art.fmax or a settled energy, as ART refines), its sides relaxed. Printed per pair
// (one JSON line): the distance from F's most-moving atom to the nearest atom the hop moved
// (by more than 0.1 A), F's barrier from S
// and from S', whether the refined saddle is F's (its displacement field within 0.1 A of F's),
// and whether one side is S'; beside it the change the hop's elastic field alone would give:
// F's dQ/d(exx, eyy, gamma) (each over a strain of 1e-3) dotted with the strain the hop left
// around F (an affine fit of its displacements within 8 A of F's centre). An integrator that
// carries its catalog from state to state needs to know how far a hop changes the events, and
// whether an elastic estimate would carry them (issue 25).
//   build/bench/event_carry [events] [hops] [first seed] [copies n: the glass replicated n x n]
//                           [data file of inputs/data instead, e.g. lj2d-cuzr-4096-glass-10Kps-315K.data]
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <Kokkos_Core.hpp>

#include "active_region.hpp"
#include "art.hpp"
#include "lanczos.hpp"
#include "objective.hpp"
#include "path_geometry.hpp"
#include "saddle_refinement.hpp"
#include "state_distance.hpp"
#include "strain_response.hpp"
#include "../tests/common/test_systems.hpp"

using namespace metabasin;

namespace {

// Minimum-image vector from atom i of a to atom j of b.
Vec3 separation(const Box& box, const VectorXd& a, const VectorXd& b, std::size_t i, std::size_t j) {
  return box.minimum_image(b.segment<3>(3 * static_cast<Eigen::Index>(j)) - a.segment<3>(3 * static_cast<Eigen::Index>(i)));
}

struct Carried {
  SaddlePoint saddle;
  bool same_event = false, joins_start = false;
};

// A saddle refined from `guess` (sample vector) with mode guess `mode` in `cell`, as ART
// refines its saddles: to a tenth of art.fmax, or until its energy has settled.
SaddlePoint refined(Configuration& cell, Potential& lj, const ArtParams& p, const VectorXd& guess, const VectorXd& mode) {
  AtomsObjective obj(cell, lj);
  const int dim = obj.dimension();
  const VectorXd x = to_coordinates(guess, dim);
  MinModeParams mp = p.saddle;
  mp.fmax *= 0.1;
  mp.settled_energy = 1e-5;
  mp.lanczos.zero_modes = rigid_body_modes(x, dim, true, false);
  SaddlePoint s = converge_saddle(obj, x, to_coordinates(mode, dim), mp);
  s.positions = to_sample(s.positions, dim);
  s.eigenvector = to_sample(s.eigenvector, dim);
  return s;
}

// F's saddle displacement put onto `start` (whole-sample positions), refined, and its two
// sides relaxed.
Carried carry(Configuration& whole, Potential& lj, const ArtParams& p, const VectorXd& from, const ArtSearch& f,
              const VectorXd& start, const std::vector<std::size_t>& event_atoms) {
  const VectorXd guess = start + (f.saddle.positions - from);
  Carried c;
  c.saddle = refined(whole, lj, p, guess, f.saddle.eigenvector);
  if (c.saddle.status != SaddleStatus::Converged) return c;
  c.same_event = max_atom_separation(whole.box, c.saddle.positions, guess, event_atoms) < 0.1;
  AtomsObjective obj(whole, lj);
  const int dim = obj.dimension();
  for (double sign : {1.0, -1.0}) {
    VectorXd y = to_coordinates(c.saddle.positions + sign * p.side_step * c.saddle.eigenvector, dim);
    make_minimizer(p.relax)->minimize(obj, y);
    if (max_atom_separation(whole.box, to_sample(y, dim), start, event_atoms) < p.same_state_tolerance) c.joins_start = true;
  }
  return c;
}

// The sample deformed by x -> lo + F (x - lo), F = [[1 + exx, gamma], [0, 1 + eyy]] (cell and
// atoms), and relaxed: its cell, minimum and energy.
struct DeformedMinimum {
  Configuration cell;
  VectorXd positions;
  double energy = 0.0;
};
VectorXd deform(const VectorXd& x, const Box& box, double exx, double eyy, double gamma) {
  VectorXd y = x;
  for (Eigen::Index i = 0; i + 2 < x.size(); i += 3) {
    const double rx = x[i] - box.lo[0], ry = x[i + 1] - box.lo[1];
    y[i] = box.lo[0] + (1.0 + exx) * rx + gamma * ry;
    y[i + 1] = box.lo[1] + (1.0 + eyy) * ry;
  }
  return y;
}
DeformedMinimum deformed_minimum(const Configuration& sample, Potential& lj, const MinimizeParams& mp, double exx,
                                 double eyy, double gamma) {
  DeformedMinimum m;
  m.cell = sample;
  Box& b = m.cell.box;
  b.xy = (1.0 + exx) * sample.box.xy + gamma * sample.box.len[1];
  b.len[0] *= 1.0 + exx;
  b.len[1] *= 1.0 + eyy;
  AtomsObjective obj(m.cell, lj);
  const int dim = obj.dimension();
  VectorXd y = to_coordinates(deform(positions_of(sample), sample.box, exx, eyy, gamma), dim);
  m.energy = make_minimizer(mp)->minimize(obj, y).energy;
  m.positions = to_sample(y, dim);
  return m;
}

// The small strain (exx, eyy, gamma = 2 exy) of the displacement field b - a over the atoms
// within `radius` of atom `centre`: a least-squares affine fit (rotation left out).
std::array<double, 3> local_strain(const Box& box, const VectorXd& a, const VectorXd& b, std::size_t centre,
                                   double radius) {
  std::vector<std::array<double, 5>> rows;
  for (Eigen::Index i = 0; i < a.size() / 3; ++i) {
    const Vec3 r = separation(box, a, a, centre, static_cast<std::size_t>(i));
    if (r.norm() > radius) continue;
    const Vec3 u = separation(box, a, b, static_cast<std::size_t>(i), static_cast<std::size_t>(i));
    rows.push_back({r[0], r[1], 1.0, u[0], u[1]});
  }
  Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()), 3), d(static_cast<Eigen::Index>(rows.size()), 2);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    m.row(i) << rows[k][0], rows[k][1], rows[k][2];
    d.row(i) << rows[k][3], rows[k][4];
  }
  const Eigen::MatrixXd j = m.colPivHouseholderQr().solve(d);  // u = J^T r + t: j(0..1, 0..1) = J^T
  return {j(0, 0), j(1, 1), j(1, 0) + j(0, 1)};
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  const int wanted = argc > 1 ? std::atoi(argv[1]) : 30;
  const int hops = argc > 2 ? std::atoi(argv[2]) : 3;
  const unsigned first_seed = argc > 3 ? static_cast<unsigned>(std::atoi(argv[3])) : 1;
  const int copies = argc > 4 ? std::atoi(argv[4]) : 1;
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  ArtParams p = metabasin::testing::cuzr_lj2d_art_params();
  p.event_radius = 12.0;
  p.saddle.fmax = std::max(p.saddle.fmax, least_attainable_fmax(lj));  // the CLI's default art.fmax
  // A fifth argument names another glass of inputs/data (then `copies` is ignored).
  auto [glass, sample, e0] = metabasin::testing::relaxed_cuzr_lj2d_replica(lj, p.relax, copies);
  if (argc > 5) {
    sample = metabasin::testing::cuzr_lj2d_glass(argv[5]);
    e0 = relax(sample, lj, p.relax).energy;
  }
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
    centre.push_back(most_moving_atom(displacement(sample.box, s0, e.saddle.positions)));
    atoms.push_back(atoms_near(sample, sample.position(centre.back()), p.event_radius));
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

  // Each event's response to strain, dQ/d(exx, eyy, gamma) over strains of 1e-3 (forward
  // differences): a hop that strains F's neighbourhood by (exx, eyy, gamma) would change F's
  // barrier by their dot product if it acted on F as a smooth elastic field.
  const double step = 1e-3;
  const std::array<std::array<double, 3>, 3> modes = {{{step, 0.0, 0.0}, {0.0, step, 0.0}, {0.0, 0.0, step}}};
  std::vector<std::array<double, 3>> response(events.size(), {std::nan(""), std::nan(""), std::nan("")});
  for (int c = 0; c < 3; ++c) {
    const auto& e = modes[static_cast<std::size_t>(c)];
    const DeformedMinimum strained = deformed_minimum(sample, lj, p.relax, e[0], e[1], e[2]);
    for (std::size_t k = 0; k < events.size(); ++k) {
      Configuration cell = strained.cell;
      const SaddlePoint sd = refined(cell, lj, p, deform(events[k].saddle.positions, sample.box, e[0], e[1], e[2]),
                                     events[k].saddle.eigenvector);
      if (sd.status == SaddleStatus::Converged)
        response[k][static_cast<std::size_t>(c)] = ((sd.energy - strained.energy) - (events[k].saddle.energy - e0)) / step;
    }
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
      if (separation(sample.box, s0, hop.final_minimum, i, i).norm() > 0.1) moved.push_back(i);
    const double e_hop = hop.final_energy;
    for (std::size_t k = 0; k < events.size(); ++k) {
      if (k == h) continue;
      const ArtSearch& f = events[k];
      double distance = 1e300;  // from F's centre to the nearest atom the hop moved
      for (std::size_t i : moved) distance = std::min(distance, separation(sample.box, s0, s0, centre[k], i).norm());
      const Carried c = carry(whole, lj, p, s0, f, hop.final_minimum, atoms[k]);
      // The library's carry (saddle_refinement.hpp): far minimum relaxed, saddle refined between.
      SaddleRefinementParams rp;
      rp.refine = p.saddle;
      rp.refine.fmax *= 0.1;
      rp.refine.settled_energy = 1e-5;
      rp.relax = p.relax;
      rp.same_state_tolerance = p.same_state_tolerance;
      rp.same_state_barrier = p.same_state_barrier;  // ART's meV neighbours are one state
      rp.judged_atoms = atoms[k];
      rp.side_step = p.side_step;
      rp.neb_images = 0;  // an event the min-mode following does not reproduce is searched again
      const long lib0 = lj.force_calls();
      const CarriedEvent lib = carry_event(sample, lj, s0, f.saddle, f.final_minimum, hop.final_minimum,
                                           hop.final_energy, rp);
      const long lib_calls = lj.force_calls() - lib0;
      const double q_before = f.saddle.energy - e0, q_after = c.saddle.energy - e_hop;
      const std::array<double, 3> strain = local_strain(sample.box, s0, hop.final_minimum, centre[k], 8.0);
      double predicted = 0.0;
      for (std::size_t c = 0; c < 3; ++c) predicted += response[k][c] * strain[c];
      std::printf("{\"hop\": %zu, \"hop_barrier\": %.5f, \"hop_max_move\": %.3f, \"event\": %zu, \"distance\": %.2f, "
                  "\"barrier_before\": %.6f, \"status\": \"%s\", \"barrier_after\": %.6f, \"change\": %.2e, "
                  "\"same_event\": %s, \"joins_start\": %s, \"force_calls\": %ld, \"hop_moved_atoms\": %zu, "
                  "\"local_strain\": [%.2e, %.2e, %.2e], \"dQ_dstrain\": [%.3f, %.3f, %.3f], \"elastic_change\": %.2e, "
                  "\"carry_event\": \"%s\", \"carry_event_method\": \"%s\", \"carry_event_change\": %.2e, "
                  "\"carry_event_calls\": %ld}\n",
                  h, hop.saddle.energy - e0, max_atom_separation(sample.box, hop.final_minimum, s0), k, distance, q_before, to_string(c.saddle.status).c_str(),
                  q_after, q_after - q_before, c.same_event ? "true" : "false", c.joins_start ? "true" : "false",
                  c.saddle.force_calls, moved.size(), strain[0], strain[1], strain[2], response[k][0], response[k][1],
                  response[k][2], predicted, to_string(lib.refined.saddle.status).c_str(), lib.refined.method.c_str(),
                  lib.refined.saddle.energy - e_hop - q_before, lib_calls);
      std::fflush(stdout);
    }
  }
}
