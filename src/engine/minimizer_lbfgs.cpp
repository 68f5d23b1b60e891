// SPDX-License-Identifier: BSD-3-Clause
// Limited-memory BFGS (Nocedal 1980) with a backtracking line search on the energy.
// Steps are capped by the largest atomic displacement; an uphill direction or a failed
// line search resets the curvature memory to steepest descent. For objectives whose force is
// not a gradient (a NEB band) there is no value to search on: the quasi-Newton step is taken
// as it is (capped), as eOn does, and the memory is reset whenever that step strays too far
// from the force, or the objective changes (a NEB climbing image switched on or moved).
#include <algorithm>
#include <cmath>
#include <deque>

#include "minimizer.hpp"

namespace metabasin {

namespace {

struct CurvaturePair {
  VectorXd s, y;
  double rho;
};

VectorXd two_loop_direction(const std::deque<CurvaturePair>& mem, const VectorXd& g) {
  VectorXd q = g;
  std::vector<double> a(mem.size());
  for (int i = static_cast<int>(mem.size()) - 1; i >= 0; --i) {
    a[i] = mem[i].rho * mem[i].s.dot(q);
    q -= a[i] * mem[i].y;
  }
  const double gamma = mem.empty() ? 1.0 : mem.back().s.dot(mem.back().y) / mem.back().y.squaredNorm();
  VectorXd r = gamma * q;
  for (std::size_t i = 0; i < mem.size(); ++i) {
    const double b = mem[i].rho * mem[i].y.dot(r);
    r += (a[i] - b) * mem[i].s;
  }
  return -r;
}

}  // namespace

MinimizeResult LbfgsMinimizer::minimize(ObjectiveFunction& f, VectorXd& x, const IterationObserver& observe) {
  const MinimizeParams& p = params_;
  const long calls0 = f.evaluations();
  VectorXd force(x.size()), force_new(x.size()), x_new(x.size());
  double e = f.evaluate(x, force), e_old = e;
  std::deque<CurvaturePair> mem;
  long revision = f.revision();
  MinimizeResult r;
  for (long it = 0;; ++it) {
    const double fm = f.max_force(force);
    const bool go_on = !observe || observe(it, e, fm);
    if (!go_on) r.reason = StopReason::Interrupted;
    if (!go_on || should_stop(f, it, e, e_old, fm, calls0, r.reason)) {
      r.iterations = it;
      r.fmax = fm;
      break;
    }
    bool accepted = false;
    double e_new = e;
    if (!f.force_is_gradient()) {
      // A quasi-Newton step far from the force says the curvature model is wrong (eOn's angle
      // reset): restart from steepest descent.
      if (f.revision() != revision) mem.clear();
      revision = f.revision();
      VectorXd d = two_loop_direction(mem, -force);
      if (mem.empty() || force.dot(d) <= p.min_step_cosine * force.norm() * d.norm()) {
        mem.clear();
        d = force * p.initial_inverse_curvature;
      }
      const double moved = f.max_displacement(d);
      if (moved > p.max_move) d *= p.max_move / moved;
      x_new = x + d;
      e_new = f.evaluate(x_new, force_new);
      accepted = true;
    }
    for (int attempt = 0; attempt < 2 && !accepted; ++attempt) {
      if (attempt == 1) {
        if (mem.empty()) break;
        mem.clear();  // retry once along steepest descent
      }
      const VectorXd g = -force;
      VectorXd d = two_loop_direction(mem, g);
      double slope = g.dot(d);
      if (slope >= 0.0) {
        mem.clear();
        d = -g;
        slope = g.dot(d);
      }
      double alpha = 1.0;
      const double moved = f.max_displacement(d);
      if (moved > p.max_move) alpha = p.max_move / moved;
      // Energies of large systems carry round-off; do not reject steps below that floor.
      const double noise = 1e-12 * std::max(1.0, std::abs(e));
      for (int trial = 0; trial < 20; ++trial) {
        if (f.evaluations() - calls0 >= p.max_force_calls) break;
        x_new = x + alpha * d;
        e_new = f.evaluate(x_new, force_new);
        if (e_new <= e + 1e-4 * alpha * slope + noise) {
          accepted = true;
          break;
        }
        // Minimum of the quadratic through e, slope and e_new, kept within [0.1, 0.5] alpha.
        const double denom = 2.0 * (e_new - e - slope * alpha);
        double next = denom > 0.0 ? -slope * alpha * alpha / denom : 0.5 * alpha;
        alpha = std::clamp(next, 0.1 * alpha, 0.5 * alpha);
      }
    }
    if (!accepted) {
      ++it;
      r.iterations = it;
      r.fmax = f.max_force(force);
      r.reason =
          f.evaluations() - calls0 >= p.max_force_calls ? StopReason::MaxForceCalls : StopReason::LineSearchFailed;
      f.evaluate(x, force);  // leave the objective at the returned point
      break;
    }
    CurvaturePair c{x_new - x, force - force_new, 0.0};
    const double sy = c.s.dot(c.y);
    if (sy > 1e-16 * c.s.squaredNorm()) {
      c.rho = 1.0 / sy;
      mem.push_back(std::move(c));
      if (static_cast<int>(mem.size()) > p.memory) mem.pop_front();
    }
    x = x_new;
    force = force_new;
    e_old = e;
    e = e_new;
  }
  r.energy = e;
  r.force_calls = f.evaluations() - calls0;
  return r;
}

}  // namespace metabasin
