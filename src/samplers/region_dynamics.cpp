// SPDX-License-Identifier: BSD-3-Clause
#include "region_dynamics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "active_region.hpp"
#include "error.hpp"
#include "dynamics_search.hpp"
#include "molecular_dynamics.hpp"
#include "objective.hpp"
#include "path_geometry.hpp"
#include "state_distance.hpp"

namespace metabasin {

namespace {

// Distance from sample atom `i` to the nearest atom of the region's held shell.
double depth_of(const ActiveRegion& region, const Configuration& sample, std::size_t i) {
  double best = std::numeric_limits<double>::infinity();
  const Vec3 r = sample.position(i);
  for (std::size_t k = region.moving_count(); k < region.atoms().size(); ++k)
    best = std::min(best, sample.box.minimum_image(sample.position(region.atoms()[k]) - r).norm());
  return best;
}

// The region's MD: the cluster (moving atoms first, then the held shell) with the moving
// atoms at `x` (whole-sample vector) and fresh velocities.
struct RegionMd {
  Configuration hot;
  std::unique_ptr<Potential> potential;
  std::unique_ptr<MolecularDynamics> md;
  RegionMd(const ActiveRegion& region, const Potential& p) : hot(region.cluster()), potential(p.clone()) {
    potential->only_first_atoms_move(region.moving_count());
  }
  void restart(const ActiveRegion& region, const VectorXd& x, const RegionDynamicsParams& p, unsigned seed) {
    write_coordinates(region.gather(x), region.dimension(), hot.x.data());
    create_velocities(hot, p.temperature, seed);
    MdParams mp = search_md_params(p.temperature, p.dt, p.t_damp, seed);
    mp.moving = region.moving_count();
    md = std::make_unique<MolecularDynamics>(hot, *potential, mp, 1);
  }
  // The moving atoms' current coordinates (the region's dimension per atom): what an MD step
  // keeps, its size the region's, not the sample's.
  VectorXd moving(const ActiveRegion& region) const {
    return to_coordinates(Eigen::Map<const VectorXd>(hot.x.data(), static_cast<Eigen::Index>(3 * region.moving_count())),
                          region.dimension());
  }
};

// The start minimum of a held sample: which basin a point quenches to.
struct StartBasin {
  HeldSample& held;
  const ActiveRegion& region;
  const Box& box;
  const std::vector<std::size_t>& judged;  // the moving atoms
  const RegionDynamicsParams& p;
  VectorXd start;
  double energy = 0.0;
  bool inside(const VectorXd& x) const {
    return max_atom_separation(box, x, start, judged) < p.refine.same_state_tolerance;
  }
  // `y`: the moving atoms' coordinates; the quench is a whole-sample vector.
  std::pair<VectorXd, double> quench(const VectorXd& y) const {
    VectorXd x = start;
    region.scatter(y, x);
    const std::optional<double> e = held.relax(x, p.refine.relax);
    return {x, e.value_or(std::numeric_limits<double>::quiet_NaN())};
  }
};

// Bisection between snapshots[0] (in the start basin) and the last snapshot (moving atoms'
// coordinates), whose quench
// `beyond` lies outside it, to two consecutive steps, one in and one out: the basin beyond is
// then a neighbour, not one reached through a third. The first step out, and its quench.
struct Crossing {
  std::size_t step = 0;
  VectorXd beyond;
  double energy = 0.0;
};
Crossing bisect(const StartBasin& basin, const std::vector<VectorXd>& snapshots, std::pair<VectorXd, double> beyond) {
  std::size_t lo = 0, hi = snapshots.size() - 1;
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    auto q = basin.quench(snapshots[mid]);
    if (basin.inside(q.first)) {
      lo = mid;
    } else {
      hi = mid;
      beyond = std::move(q);
    }
  }
  return {hi, std::move(beyond.first), beyond.second};
}

// An exit met for the first time, at basin time t: its saddle refined in the region.
RegionExit first_met(const StartBasin& basin, const ActiveRegion& region, const Configuration& sample, Crossing c,
                     double t) {
  RegionExit x;
  x.energy = c.energy;
  x.first_time = t;
  x.times = 1;
  const VectorXd d = displacement(basin.box, basin.start, c.beyond);
  x.centre = most_moving_atom(d);
  x.depth = depth_of(region, sample, x.centre);
  const VectorXd guess = straight_path_top(basin.start, d, [&](const VectorXd& y) { return basin.held.energy(y); });
  const RefinedSaddle r =
      basin.held.refine_saddle_between(basin.start, basin.energy, c.beyond, c.energy, guess, basin.p.refine);
  x.saddle = r.saddle;
  x.refined_by = r.method;
  x.minimum = std::move(c.beyond);
  return x;
}

}  // namespace

RegionDynamics region_dynamics(const Configuration& sample, double sample_energy, const Potential& potential,
                               std::vector<std::size_t> moving, unsigned seed, const RegionDynamicsParams& p) {
  if (!(p.temperature > 0.0)) throw InputError("region dynamics: the temperature must be positive");
  if (!(p.dt > 0.0) || !(p.check_interval > 0.0) || !(p.basin_time > 0.0))
    throw InputError("region dynamics: time step, check interval and basin time must be positive");
  if (moving.empty()) throw InputError("region dynamics: no atom moves");
  const std::vector<std::size_t> judged = moving;
  HeldSample held(sample, sample_energy, potential, std::move(moving));
  const ActiveRegion& region = held.region();
  const Box& box = sample.box;
  RegionDynamics out;
  out.moving = region.moving_count();
  out.held_shell = region.shell_count();

  StartBasin basin{held, region, box, judged, p, positions_of(sample)};
  const std::optional<double> e0 = held.relax(basin.start, p.refine.relax);
  if (!e0) throw InputError("region dynamics: the start does not relax in the region");
  basin.energy = out.start_energy = *e0;

  RegionMd run(region, potential);
  const long per_check = std::max(1L, std::lround(p.check_interval / p.dt));
  const long budget = std::max(per_check, std::lround(p.basin_time / p.dt));
  long steps_in_basin = 0;
  run.restart(region, basin.start, p, seed);
  std::vector<VectorXd> snapshots;  // moving atoms: [0] in the start basin, then each MD step since
  while (steps_in_basin < budget) {
    snapshots.assign(1, run.moving(region));
    const long steps = std::min(per_check, budget - steps_in_basin);
    for (long k = 0; k < steps; ++k) {
      run.md->step(false);
      snapshots.push_back(run.moving(region));
    }
    auto last = basin.quench(snapshots.back());
    if (basin.inside(last.first)) {
      steps_in_basin += steps;
      continue;
    }
    Crossing c = bisect(basin, snapshots, std::move(last));
    steps_in_basin += static_cast<long>(c.step);
    ++out.crossings;
    auto known = std::find_if(out.exits.begin(), out.exits.end(), [&](const RegionExit& x) {
      return max_atom_separation(box, c.beyond, x.minimum, judged) < p.refine.same_state_tolerance;
    });
    if (known != out.exits.end())
      ++known->times;
    else if (std::isfinite(c.energy))
      out.exits.push_back(first_met(basin, region, sample, std::move(c), static_cast<double>(steps_in_basin) * p.dt));
    // Reflection: back to the start minimum with fresh velocities; the clock goes on.
    run.restart(region, basin.start, p, seed + static_cast<unsigned>(out.crossings));
  }
  out.basin_time = static_cast<double>(steps_in_basin) * p.dt;
  const double md_calls = static_cast<double>(run.potential->force_calls());
  out.force_calls = held.force_calls() + run.potential->force_calls();
  out.sample_calls = (held.atom_evaluations() + md_calls * static_cast<double>(region.atoms().size())) /
                     static_cast<double>(sample.size());
  return out;
}

}  // namespace metabasin
