// SPDX-License-Identifier: BSD-3-Clause
#include "art.hpp"

#include <chrono>
#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

#include "path_geometry.hpp"
#include "search_space.hpp"

namespace metabasin {

namespace {

VectorXd local_push(const Configuration& c, std::size_t centre, double radius, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  VectorXd d = VectorXd::Zero(static_cast<Eigen::Index>(c.x.size()));
  for (std::size_t i : atoms_near(c, c.position(centre), radius))
    for (int k = 0; k < c.box.dimension; ++k) d[3 * i + k] = u(rng);
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

/// Min-mode following from the end of the push, in regions grown until the saddle energy has
/// converged. Freed atoms let the saddle relax a little; a saddle that moves by more than a
/// third of its largest displacement from the start was made by the frozen shell, or the grown
/// region's softest mode belongs to another event: unconfirmed.
SaddlePoint converge_confirmed(SearchSpace& space, const VectorXd& x, const VectorXd& mode, const MinModeParams& mp,
                               double tolerance, double& error_estimate) {
  SaddlePoint s;
  VectorXd mode_sample = space.direction_to_sample(mode), last_sample;
  bool moved = false;
  VectorXd xs = x;
  const SearchSpace::Confirmation c = space.converge_confirmed(xs, tolerance, [&](VectorXd& y) -> std::optional<double> {
    s = converge_saddle(space.objective(), y, space.from_sample(mode_sample), mp);
    if (s.status != SaddleStatus::Converged) return std::nullopt;
    // Compared on the moving atoms only: the others are where they started in both.
    if (last_sample.size() > 0) {
      const VectorXd last = space.from_sample(last_sample);
      moved = 3.0 * max_atom_separation(space.box(), last, s.positions) >
              max_atom_separation(space.box(), space.start(), last);
    }
    if (moved) return std::nullopt;
    last_sample = space.positions_to_sample(s.positions);
    y = s.positions;
    mode_sample = space.direction_to_sample(s.eigenvector);
    return s.energy;
  });
  error_estimate = c.error_estimate;
  if (moved || c.diverged) s.status = SaddleStatus::Unconfirmed;
  return s;
}

/// Relaxes from `y` (current coordinates) to a minimum whose energy has converged in growing
/// regions; returns it as whole-sample positions, or nothing when it did not converge.
std::optional<VectorXd> relax_confirmed(SearchSpace& space, VectorXd y, const MinimizeParams& mp, double tolerance,
                                        double& energy) {
  const SearchSpace::Confirmation c = space.converge_confirmed(y, tolerance, [&](VectorXd& z) -> std::optional<double> {
    return make_minimizer(mp)->minimize(space.objective(), z).energy;
  });
  energy = c.energy;
  if (!c.converged) return std::nullopt;
  return space.positions_to_sample(y);
}

/// Where the push phase ended: the point, the lowest mode there and whether its curvature
/// went below the threshold.
struct PushEnd {
  VectorXd x, mode;
  Eigenpair eigenpair;
  bool negative = false;
};

/// Push: grow a displacement along d (current coordinates) until the landscape curves
/// downward, relaxing perpendicular to d after each increment.
PushEnd push_until_negative(SearchSpace& space, const VectorXd& d, double push_step, const LanczosParams& lp,
                            unsigned seed, const ArtParams& p) {
  ObjectiveFunction& f = space.objective();
  PushEnd e{space.start(), d, {}, false};
  VectorXd force(e.x.size());
  for (int step = 0; step < p.max_push_steps && !e.negative; ++step) {
    e.x += push_step * d;
    // The push needs forces only (no energy, no virial).
    for (int k = 0; k < p.perpendicular_steps; ++k) {
      f.evaluate_force(e.x, force);
      VectorXd perp = force - force.dot(d) * d;
      const double moved = f.max_displacement(perp);
      if (moved > 0.0) e.x += perp * std::min(1.0, 0.5 * p.push_step / moved) * 0.5;
    }
    f.evaluate_force(e.x, force);
    e.eigenpair = lowest_eigenpair(f, e.x, force, e.mode, lp, seed + step);
    e.mode = e.eigenpair.vector.dot(d) < 0.0 ? VectorXd(-e.eigenpair.vector) : e.eigenpair.vector;
    e.negative = e.eigenpair.value < p.eigenvalue_threshold;
  }
  return e;
}

/// Relaxes down both sides of the converged saddle in `out` and keeps the search only if one
/// side is where it started (else disconnected, or unconfirmed when a side did not converge).
void relax_both_sides(SearchSpace& space, const ArtParams& p, ArtSearch& out) {
  auto relax_from = [&](double sign, double& energy) {
    const VectorXd y =
        space.from_sample(out.saddle.positions) + sign * p.side_step * space.from_sample(out.saddle.eigenvector);
    return relax_confirmed(space, y, p.relax, p.region_energy_tolerance, energy);
  };
  double e_plus = 0.0, e_minus = 0.0;
  const std::optional<VectorXd> plus_side = relax_from(1.0, e_plus);
  const std::optional<VectorXd> minus_side = plus_side ? relax_from(-1.0, e_minus) : std::nullopt;
  const RigidMotions free = space.free_motions();
  // On the moving atoms: the others are where they started.
  const auto is_start = [&](const VectorXd& y) {
    return max_atom_separation(space.box(), space.from_sample(y), space.start(), free) < p.same_state_tolerance;
  };
  const bool plus_is_start = plus_side && is_start(*plus_side);
  const bool minus_is_start = minus_side && is_start(*minus_side);
  if (!plus_side || !minus_side) {
    out.saddle.status = SaddleStatus::Unconfirmed;
  } else if (plus_is_start == minus_is_start) {
    out.saddle.status = SaddleStatus::Disconnected;
  } else {
    out.final_minimum = plus_is_start ? *minus_side : *plus_side;
    out.final_energy = plus_is_start ? e_minus : e_plus;
    out.barrier = out.saddle.energy - out.initial_energy;
    out.reverse_barrier = out.saddle.energy - out.final_energy;
  }
}

std::unique_ptr<SearchSpace> search_space(const Configuration& start, double start_energy, Potential& potential,
                                          std::size_t centre, const ArtParams& p) {
  if (p.region_radius <= 0.0) return std::make_unique<SearchSpace>(start, start_energy, potential);
  if (p.region_radius < p.push_radius)
    throw std::invalid_argument("art: the region radius must be at least the push radius");
  return std::make_unique<SearchSpace>(start, start_energy, potential, centre, p.region_radius);
}

}  // namespace

ArtSearch art_search(const Configuration& start, Potential& potential, std::size_t centre_index, unsigned seed,
                     const ArtParams& p, const VectorXd& push) {
  ForceResult r;
  potential.compute(start, r);
  ArtSearch out = art_search(start, r.energy, potential, centre_index, seed, p, push);
  ++out.force_calls;
  ++out.saddle_force_calls;
  out.atom_evaluations += static_cast<double>(start.size());
  return out;
}

ArtSearch art_search(const Configuration& start, double start_energy, Potential& potential, std::size_t centre_index,
                     unsigned seed, const ArtParams& p, const VectorXd& push) {
  const auto t0 = std::chrono::steady_clock::now();
  ArtSearch out;
  out.centre_id = start.ids[centre_index];
  out.seed = seed;
  out.initial_energy = start_energy;
  const bool mode_push = push.size() == static_cast<Eigen::Index>(start.x.size());
  // A mode push is centred where the mode moves atoms most.
  VectorXd d;
  if (mode_push) {
    d = admissible_direction(push, free_lanczos(start, potential, positions_of(start), p));
  }
  const std::size_t centre = mode_push ? most_moving_atom(d) : centre_index;
  std::mt19937_64 rng(seed);
  if (!mode_push) d = local_push(start, centre, p.push_radius, rng);
  if (d.norm() == 0.0) throw std::invalid_argument("art_search: a push direction with no admissible component");

  const std::unique_ptr<SearchSpace> space = search_space(start, start_energy, potential, centre, p);
  MinModeParams mp = p.saddle;
  mp.lanczos = space->lanczos(p.saddle.lanczos);
  // A mode push spreads over the whole sample (a soft mode's far field): its increments are
  // scaled so that the atom it moves most moves by push_step at each (a unit vector over
  // hundreds of atoms moves each of them far less). A region keeps the mode's part in it.
  double push_step = p.push_step;
  if (mode_push) {
    out.centre_id = start.ids[centre];
    push_step /= d.segment<3>(3 * static_cast<Eigen::Index>(centre)).norm();
  }
  d = space->from_sample(d);
  if (mode_push && space->local()) {
    push_step *= d.norm();
    d.normalize();
  }

  const PushEnd push_end = push_until_negative(*space, d, push_step, mp.lanczos, seed, p);
  const VectorXd& x = push_end.x;
  const VectorXd& mode = push_end.mode;
  const bool negative = push_end.negative;
  const Eigenpair& ep = push_end.eigenpair;
  if (!negative) {
    out.saddle.status = SaddleStatus::NoNegativeCurvature;
    out.saddle.positions = space->positions_to_sample(x);
    out.saddle.eigenvalue = ep.value;
  } else {
    out.saddle = converge_confirmed(*space, x, mode, mp, p.region_energy_tolerance, out.region_error);
    out.saddle.eigenvector = space->direction_to_sample(out.saddle.eigenvector);
    out.saddle.positions = space->positions_to_sample(out.saddle.positions);
  }
  out.saddle_force_calls = space->force_calls();
  if (out.saddle.status == SaddleStatus::Converged) relax_both_sides(*space, p, out);
  out.force_calls = space->force_calls();
  out.atom_evaluations = space->atom_evaluations();
  out.moving_atoms = space->moving_atoms();
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
