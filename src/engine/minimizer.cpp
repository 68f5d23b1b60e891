// SPDX-License-Identifier: BSD-3-Clause
#include "minimizer.hpp"

#include <cmath>

#include "error.hpp"

namespace metabasin {

std::string to_string(StopReason r) {
  switch (r) {
    case StopReason::ForceConverged:
      return "force converged";
    case StopReason::EnergyConverged:
      return "energy converged";
    case StopReason::MaxIterations:
      return "max iterations";
    case StopReason::MaxForceCalls:
      return "max force calls";
    case StopReason::LineSearchFailed:
      return "line search failed";
    case StopReason::Interrupted:
      return "interrupted";
  }
  return "unknown";
}

bool Minimizer::should_stop(const ObjectiveFunction& f, long iteration, double e_new, double e_old, double fmax,
                            long calls_at_start, StopReason& reason) const {
  if (fmax <= params_.fmax) {
    reason = StopReason::ForceConverged;
    return true;
  }
  // The LAMMPS etol test: relative change between consecutive iterations.
  if (params_.etol > 0.0 && iteration > 0 &&
      std::abs(e_new - e_old) < params_.etol * 0.5 * (std::abs(e_new) + std::abs(e_old) + 1e-8)) {
    reason = StopReason::EnergyConverged;
    return true;
  }
  if (iteration >= params_.max_iterations) {
    reason = StopReason::MaxIterations;
    return true;
  }
  if (f.evaluations() - calls_at_start >= params_.max_force_calls) {
    reason = StopReason::MaxForceCalls;
    return true;
  }
  return false;
}

MinimizeResult relax(Configuration& c, Potential& p, const MinimizeParams& mp) {
  AtomsObjective f(c, p);
  VectorXd x = f.positions();
  const MinimizeResult r = make_minimizer(mp)->minimize(f, x);
  set_coordinates(c, x);
  return r;
}

MinimizeParams fire_settings(double fmax, long max_iterations, double max_move, double dt) {
  MinimizeParams mp;
  mp.method = "fire";
  mp.fmax = fmax;
  mp.max_iterations = max_iterations;
  mp.max_move = max_move;
  mp.dt = dt;
  return mp;
}

std::unique_ptr<Minimizer> make_minimizer(const MinimizeParams& p) {
  if (p.method == "fire") return std::make_unique<FireMinimizer>(p);
  if (p.method == "lbfgs") return std::make_unique<LbfgsMinimizer>(p);
  throw InputError("minimize.method '" + p.method + "' is not known; use fire or lbfgs");
}

}  // namespace metabasin
