#include "dynamics_search.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "error.hpp"
#include "molecular_dynamics.hpp"
#include "path_geometry.hpp"
#include "state_distance.hpp"

namespace metabasin {

namespace {

using Positions = Eigen::Map<VectorXd>;

struct Quench {
  VectorXd x;
  double energy = 0.0;
};

Quench quench(Configuration& work, Potential& potential, const VectorXd& x, const MinimizeParams& relax_params) {
  Positions(work.x.data(), x.size()) = x;
  const MinimizeResult r = relax(work, potential, relax_params);
  return {Positions(work.x.data(), x.size()), r.energy};
}

// The highest of a few points on the straight line a -> b (minimum image): the guess the
// refinement starts from. The straddling MD snapshots themselves are hot, far from the ridge's
// lowest point in every other coordinate.
VectorXd line_top(Configuration& work, Potential& potential, const VectorXd& a, const VectorXd& b) {
  const VectorXd d = displacement(work.box, a, b);
  VectorXd best = a + 0.5 * d;
  double top = -INFINITY;
  ForceResult fr;
  constexpr int points = 9;
  for (int k = 1; k <= points; ++k) {
    const VectorXd x = a + (static_cast<double>(k) / (points + 1)) * d;
    Positions(work.x.data(), x.size()) = x;
    potential.compute(work, fr);
    if (fr.energy > top) {
      top = fr.energy;
      best = x;
    }
  }
  return best;
}

}  // namespace

DynamicsSearch dynamics_search(const Configuration& start, Potential& potential, unsigned seed,
                               const DynamicsSearchParams& p, const std::vector<VectorXd>& home) {
  if (!(p.temperature > 0.0)) throw InputError("dynamics search: the temperature must be positive");
  if (!(p.dt > 0.0) || !(p.check_interval > 0.0) || !(p.max_time > 0.0))
    throw InputError("dynamics search: time step, check interval and longest time must be positive");
  DynamicsSearch out;
  const long c0 = potential.force_calls();
  const Box& box = start.box;
  std::vector<VectorXd> basins{Positions(const_cast<double*>(start.x.data()), start.x.size())};
  basins.insert(basins.end(), home.begin(), home.end());
  Configuration work = start;
  // Which of the home basins x is in; -1: none.
  auto home_basin = [&](const VectorXd& x) {
    for (std::size_t i = 0; i < basins.size(); ++i)
      if (max_atom_separation(box, x, basins[i], p.refine.rigid) < p.refine.same_state_tolerance)
        return static_cast<long>(i);
    return -1L;
  };

  Configuration hot = start;
  create_velocities(hot, p.temperature, seed);
  MdParams mp;
  mp.dt = p.dt;
  mp.thermostat = "langevin";
  mp.t_start = mp.t_stop = p.temperature;
  mp.t_damp = p.t_damp;
  mp.seed = seed;
  const long per_check = std::max(1L, std::lround(p.check_interval / p.dt));
  const long max_steps = std::max(per_check, std::lround(p.max_time / p.dt));
  MolecularDynamics md(hot, potential, mp, max_steps);
  // snapshots[0] quenched into home basin `inside`; the others are the steps since.
  std::vector<VectorXd> snapshots{basins[0]};
  long inside = 0;
  Quench beyond;
  while (md.steps_done() < max_steps) {
    snapshots.resize(1);
    for (long k = 0; k < per_check && md.steps_done() < max_steps; ++k) {
      md.step();
      snapshots.push_back(Positions(hot.x.data(), hot.x.size()));
    }
    beyond = quench(work, potential, snapshots.back(), p.refine.relax);
    const long b = home_basin(beyond.x);
    if (b < 0) break;
    inside = b;
    snapshots.front() = snapshots.back();
    beyond = Quench{};
  }
  if (beyond.x.size() == 0) {
    out.force_calls = potential.force_calls() - c0;
    return out;
  }
  // Bisection to two consecutive MD steps, one in a home basin and one beyond them all; the
  // basin beyond is then a neighbour of that home basin, not one reached through a third.
  std::size_t lo = 0, hi = snapshots.size() - 1;
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    Quench q = quench(work, potential, snapshots[mid], p.refine.relax);
    const long b = home_basin(q.x);
    if (b >= 0) {
      lo = mid;
      inside = b;
    } else {
      hi = mid;
      beyond = std::move(q);
    }
  }
  out.transition_time = static_cast<double>(md.steps_done() - static_cast<long>(snapshots.size() - 1 - hi)) * p.dt;
  out.from = static_cast<std::size_t>(inside);
  const VectorXd& a = basins[out.from];
  {
    Positions(work.x.data(), a.size()) = a;
    ForceResult fr;
    potential.compute(work, fr);
    out.initial_energy = fr.energy;
  }
  // The noise moves (and turns, for a cluster) the whole system: the neighbour is put back
  // onto the basin it left before the path between them is drawn.
  out.final_minimum = aligned_to(box, a, beyond.x, p.refine.rigid);
  out.final_energy = beyond.energy;
  const VectorXd guess = line_top(work, potential, a, out.final_minimum);
  const RefinedSaddle r = refine_saddle_between(start, potential, a, out.initial_energy, out.final_minimum, beyond.energy,
                                                guess, p.refine);
  out.saddle = r.saddle;
  out.refined_by = r.method;
  out.outcome = r.saddle.status == SaddleStatus::Converged ? "converged" : "not refined";
  out.force_calls = potential.force_calls() - c0;
  return out;
}

}  // namespace metabasin
