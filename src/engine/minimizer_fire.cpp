// SPDX-License-Identifier: BSD-3-Clause
// FIRE, Bitzek et al., PRL 97, 170201 (2006), with the semi-implicit Euler step of LAMMPS
// `min_style fire/old` and a cap on the largest atomic displacement per step.
#include "minimizer.hpp"

namespace metabasin {

MinimizeResult FireMinimizer::minimize(ObjectiveFunction& f, VectorXd& x, const IterationObserver& observe) {
  const MinimizeParams& p = params_;
  const long calls0 = f.evaluations();
  VectorXd force(x.size()), v = VectorXd::Zero(x.size());
  double e = f.evaluate(x, force), e_old = e;
  double dt = p.dt, alpha = p.alpha_start;
  const double dt_max = p.dt * p.dt_max_factor;
  int n_positive = 0;
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
    const double power = force.dot(v);
    if (power > 0.0) {
      v = (1.0 - alpha) * v + (alpha * v.norm() / force.norm()) * force;
      if (n_positive > p.n_min) {
        dt = std::min(dt * p.f_inc, dt_max);
        alpha *= p.f_alpha;
      }
      ++n_positive;
    } else {
      v.setZero();
      dt *= p.f_dec;
      alpha = p.alpha_start;
      n_positive = 0;
    }
    v += dt * force;
    VectorXd step = dt * v;
    const double moved = f.max_displacement(step);
    if (moved > p.max_move) step *= p.max_move / moved;
    x += step;
    e_old = e;
    e = f.evaluate(x, force);
  }
  r.energy = e;
  r.force_calls = f.evaluations() - calls0;
  return r;
}

}  // namespace metabasin
