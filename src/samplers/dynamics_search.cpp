// SPDX-License-Identifier: BSD-3-Clause
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

}  // namespace

MdParams search_md_params(double temperature, double dt, double t_damp, unsigned seed) {
  MdParams mp;
  mp.dt = dt;
  mp.thermostat = "langevin";
  mp.t_start = mp.t_stop = temperature;
  mp.t_damp = t_damp;
  mp.seed = seed;
  return mp;
}

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
  Configuration hot = start;
  create_velocities(hot, p.temperature, seed);
  const MdParams mp = search_md_params(p.temperature, p.dt, p.t_damp, seed);
  const long per_check = std::max(1L, std::lround(p.check_interval / p.dt));
  const long max_steps = std::max(per_check, std::lround(p.max_time / p.dt));
  MolecularDynamics md(hot, potential, mp, max_steps);

  // Which basin x is in. Until the first exit: the start or a home basin (its index), and
  // `inside` is the one the MD was last seen in; after it: the basin reached last, `here` (0).
  // -1: none.
  bool first = true;
  long inside = 0;
  VectorXd here;
  auto in_here = [&](const VectorXd& x) {
    if (!first) return max_atom_separation(box, x, here, p.refine.rigid) < p.refine.same_state_tolerance ? 0L : -1L;
    for (std::size_t i = 0; i < basins.size(); ++i)
      if (max_atom_separation(box, x, basins[i], p.refine.rigid) < p.refine.same_state_tolerance)
        return static_cast<long>(i);
    return -1L;
  };
  // snapshots[0] lies in the current basin; the others are the MD steps since.
  std::vector<VectorXd> snapshots{basins[0]};
  // MD in intervals of check_interval until the quench of an interval's last step lies outside
  // the current basin: that quench (empty when max_time came first).
  auto run_until_left = [&]() {
    while (md.steps_done() < max_steps) {
      snapshots.resize(1);
      for (long k = 0; k < per_check && md.steps_done() < max_steps; ++k) {
        md.step(false);  // only positions are kept: forces only
        snapshots.push_back(Positions(hot.x.data(), hot.x.size()));
      }
      Quench q = quench(work, potential, snapshots.back(), p.refine.relax);
      const long b = in_here(q.x);
      if (b < 0) return q;
      if (first) inside = b;
      snapshots.front() = snapshots.back();
    }
    return Quench{};
  };
  Quench beyond = run_until_left();  // the quench of snapshots.back()
  if (beyond.x.size() == 0) {
    out.force_calls = potential.force_calls() - c0;
    return out;
  }
  // Bisection to two consecutive MD steps, one in the current basin and one beyond it; the
  // basin beyond is then a neighbour, not one reached through a third. With follow the MD goes
  // on and every further basin change in the snapshots and after them is resolved the same way.
  std::vector<VectorXd> met;  // basins this search has been in, put back onto the start's frame
  std::vector<std::pair<std::size_t, std::size_t>> pairs;  // (met index, met index) recorded
  auto met_index = [&](const VectorXd& x) {
    for (std::size_t i = 0; i < met.size(); ++i)
      if (max_atom_separation(box, x, met[i], p.refine.rigid) < p.refine.same_state_tolerance) return i;
    met.push_back(x);
    return met.size() - 1;
  };
  std::size_t lo_start = 0;  // snapshots[lo_start] is in the current basin
  while (true) {
    std::size_t lo = lo_start, hi = snapshots.size() - 1;
    Quench next = beyond;
    while (hi - lo > 1) {
      const std::size_t mid = (lo + hi) / 2;
      Quench q = quench(work, potential, snapshots[mid], p.refine.relax);
      const long b = in_here(q.x);
      if (b >= 0) {
        lo = mid;
        if (first) inside = b;
      } else {
        hi = mid;
        next = std::move(q);
      }
    }
    if (first) here = basins[static_cast<std::size_t>(inside)];
    DynamicsSearch hop;
    hop.transition_time = static_cast<double>(md.steps_done() - static_cast<long>(snapshots.size() - 1 - hi)) * p.dt;
    hop.from = first ? static_cast<std::size_t>(inside) : 0;
    hop.initial_minimum = here;
    {
      Positions(work.x.data(), here.size()) = here;
      ForceResult fr;
      potential.compute(work, fr);
      hop.initial_energy = fr.energy;
    }
    // The noise moves (and turns, for a cluster) the whole system: the neighbour is put back
    // onto the basin it left before the path between them is drawn.
    hop.final_minimum = aligned_to(box, here, next.x, p.refine.rigid);
    hop.final_energy = next.energy;
    const std::pair<std::size_t, std::size_t> pair{met_index(here), met_index(hop.final_minimum)};
    const bool fresh = std::find(pairs.begin(), pairs.end(), pair) == pairs.end() &&
                       std::find(pairs.begin(), pairs.end(), std::pair{pair.second, pair.first}) == pairs.end();
    if (fresh) {
      pairs.push_back(pair);
      ForceResult fr;
      const VectorXd guess = straight_path_top(here, displacement(box, here, hop.final_minimum), [&](const VectorXd& x) {
        Positions(work.x.data(), x.size()) = x;
        potential.compute(work, fr);
        return fr.energy;
      });
      const RefinedSaddle r = refine_saddle_between(start, potential, here, hop.initial_energy, hop.final_minimum,
                                                    next.energy, guess, p.refine);
      hop.saddle = r.saddle;
      hop.refined_by = r.method;
      hop.outcome = r.saddle.status == SaddleStatus::Converged ? "converged" : "not refined";
    }
    if (first) {
      out = hop;
    } else if (fresh) {
      out.then.push_back(std::move(hop));
    }
    first = false;
    if (!p.follow) break;
    here = met[pair.second];
    // More basin changes later in this interval? The quench of its last step says.
    if (in_here(beyond.x) < 0) {
      lo_start = hi;
      continue;
    }
    snapshots.front() = snapshots.back();
    beyond = run_until_left();
    if (beyond.x.size() == 0) break;
    lo_start = 0;
  }
  out.force_calls = potential.force_calls() - c0;
  return out;
}

}  // namespace metabasin
