// SPDX-License-Identifier: BSD-3-Clause
#include "art.hpp"

#include <chrono>
#include <random>
#include <stdexcept>
#include <vector>

#include "path_geometry.hpp"

namespace metabasin {

namespace {

VectorXd local_push(const Configuration& c, std::size_t centre, double radius, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  VectorXd d = VectorXd::Zero(static_cast<Eigen::Index>(c.x.size()));
  const Vec3 rc = c.position(centre);
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c.box.minimum_image(c.position(i) - rc).norm() > radius) continue;
    for (int k = 0; k < c.box.dimension; ++k) d[3 * i + k] = u(rng);
  }
  return d.normalized();
}

// Lanczos on the free coordinates of `start`: 2D keeps z fixed, and the rigid-body motions
// the potential leaves free are projected out.
LanczosParams free_lanczos(const Configuration& start, Potential& potential, const VectorXd& x0, const ArtParams& p) {
  const RigidMotions free = free_rigid_motions(start.box, potential);
  LanczosParams lp = p.saddle.lanczos;
  lp.dimension = start.box.dimension;
  lp.zero_modes = rigid_body_modes(x0, start.box.dimension, free.translation, free.rotation);
  return lp;
}

}  // namespace

ArtSearch art_search(const Configuration& start, Potential& potential, std::size_t centre_index, unsigned seed,
                     const ArtParams& p, const VectorXd& push) {
  const auto t0 = std::chrono::steady_clock::now();
  ArtSearch out;
  out.centre_id = start.ids[centre_index];
  out.seed = seed;
  Configuration work = start;
  AtomsObjective f(work, potential);
  const long calls0 = f.evaluations();
  const VectorXd x0 = f.positions();
  VectorXd force(x0.size());
  out.initial_energy = f.evaluate(x0, force);

  const RigidMotions free = free_rigid_motions(start.box, potential);
  const LanczosParams lp = free_lanczos(start, potential, x0, p);
  MinModeParams mp = p.saddle;
  mp.lanczos = lp;

  // Push: grow a local random displacement until the landscape curves downward.
  std::mt19937_64 rng(seed);
  const VectorXd d = push.size() == x0.size() ? admissible_direction(push, lp)
                                              : local_push(start, centre_index, p.push_radius, rng);
  if (d.norm() == 0.0) throw std::invalid_argument("art_search: a push direction with no admissible component");
  // A mode push spreads over the whole sample (a soft mode's far field): its increments are
  // scaled so that the atom it moves most moves by push_step at each (a unit vector over
  // hundreds of atoms moves each of them far less).
  double push_step = p.push_step;
  if (push.size() == x0.size()) {
    const std::size_t most = most_moving_atom(d);
    out.centre_id = start.ids[most];
    push_step /= d.segment<3>(3 * static_cast<Eigen::Index>(most)).norm();
  }
  VectorXd x = x0, mode = d;
  Eigenpair ep;
  bool negative = false;
  for (int step = 0; step < p.max_push_steps && !negative; ++step) {
    x += push_step * d;
    // The push needs forces only (no energy, no virial).
    for (int k = 0; k < p.perpendicular_steps; ++k) {
      f.evaluate_force(x, force);
      VectorXd perp = force - force.dot(d) * d;
      const double moved = f.max_displacement(perp);
      if (moved > 0.0) x += perp * std::min(1.0, 0.5 * p.push_step / moved) * 0.5;
    }
    f.evaluate_force(x, force);
    ep = lowest_eigenpair(f, x, force, mode, lp, seed + step);
    mode = ep.vector.dot(d) < 0.0 ? VectorXd(-ep.vector) : ep.vector;
    negative = ep.value < p.eigenvalue_threshold;
  }
  if (!negative) {
    out.saddle.status = SaddleStatus::NoNegativeCurvature;
    out.saddle.positions = x;
    out.saddle.eigenvalue = ep.value;
  } else {
    out.saddle = converge_saddle(f, x, mode, mp);
  }
  out.saddle_force_calls = f.evaluations() - calls0;
  if (out.saddle.status == SaddleStatus::Converged) {
    // Relax down both sides of the saddle and check that one side is where we started.
    auto relax_from = [&](double sign, double& energy) {
      VectorXd y = out.saddle.positions + sign * p.side_step * out.saddle.eigenvector;
      const MinimizeResult r = make_minimizer(p.relax)->minimize(f, y);
      energy = r.energy;
      return y;
    };
    double e_plus = 0.0, e_minus = 0.0;
    const VectorXd plus = relax_from(1.0, e_plus), minus = relax_from(-1.0, e_minus);
    const bool plus_is_start = max_atom_separation(start.box, plus, x0, free) < p.same_state_tolerance;
    const bool minus_is_start = max_atom_separation(start.box, minus, x0, free) < p.same_state_tolerance;
    if (plus_is_start == minus_is_start) {
      out.saddle.status = SaddleStatus::Disconnected;
    } else {
      out.final_minimum = plus_is_start ? minus : plus;
      out.final_energy = plus_is_start ? e_minus : e_plus;
      out.barrier = out.saddle.energy - out.initial_energy;
      out.reverse_barrier = out.saddle.energy - out.final_energy;
    }
  }
  out.force_calls = f.evaluations() - calls0;
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

Eigenpair soft_mode(const Configuration& start, Potential& potential, const std::vector<VectorXd>& softer,
                    const ArtParams& p, unsigned seed) {
  Configuration work = start;
  AtomsObjective f(work, potential);
  const VectorXd x0 = f.positions();
  VectorXd force(x0.size());
  f.evaluate(x0, force);
  Eigenpair e = next_eigenpair(f, x0, force, softer, free_lanczos(start, potential, x0, p), seed);
  ++e.force_calls;  // the force at the minimum
  return e;
}

}  // namespace metabasin
