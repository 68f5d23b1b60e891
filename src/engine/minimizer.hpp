// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Minimizers as interchangeable styles behind one small base class (as LAMMPS min_style),
// with a return code that says why a run stopped.
#include <functional>
#include <memory>
#include <string>

#include "objective.hpp"

namespace metabasin {

enum class StopReason {
  ForceConverged,   // max force below fmax
  EnergyConverged,  // relative energy change below etol
  MaxIterations,
  MaxForceCalls,
  LineSearchFailed,  // no downhill step found along any direction (round-off floor)
  Interrupted,       // the iteration observer asked to stop
};
std::string to_string(StopReason r);

struct MinimizeParams {
  std::string method = "fire";  // fire | lbfgs
  double fmax = 1e-6;           // eV/A, largest per-atom force norm
  double etol = 0.0;            // relative energy change between iterations (LAMMPS etol), 0 = off
  long max_iterations = 100000;
  long max_force_calls = 1000000;
  double max_move = 0.2;  // A, largest displacement of one atom per step
  // FIRE (Bitzek et al. 2006), time unit such that unit mass is implied.
  double dt = 0.05;
  double dt_max_factor = 10.0;
  int n_min = 5;
  double f_inc = 1.1, f_dec = 0.5, alpha_start = 0.1, f_alpha = 0.99;
  // L-BFGS
  int memory = 10;
  // Step per unit force (A^2/eV) of the steepest-descent step that starts, or restarts, an
  // L-BFGS run on an objective without line search (a NEB band).
  double initial_inverse_curvature = 0.01;
  // Same case: the memory is reset when cos(step, force) falls below this. On a 2000-atom
  // glass band 0.2-0.4 converged in 340-570 iterations; 0.1 or less let the band blow up.
  double min_step_cosine = 0.3;
};

struct MinimizeResult {
  StopReason reason = StopReason::MaxIterations;
  long iterations = 0;
  long force_calls = 0;
  double energy = 0.0;
  double fmax = 0.0;
  bool converged() const { return reason == StopReason::ForceConverged || reason == StopReason::EnergyConverged; }
};

/// Called at every iteration with (iteration, energy, fmax); used for progress and dumps.
/// Returning false stops the run (StopReason::Interrupted).
using IterationObserver = std::function<bool(long, double, double)>;

class Minimizer {
 public:
  explicit Minimizer(MinimizeParams p) : params_(std::move(p)) {}
  virtual ~Minimizer() = default;
  /// Minimizes from x (updated in place).
  virtual MinimizeResult minimize(ObjectiveFunction& f, VectorXd& x, const IterationObserver& observe = {}) = 0;
  const MinimizeParams& params() const { return params_; }

 protected:
  MinimizeParams params_;
  /// Shared stopping test; returns true and sets `reason` when the run must stop.
  bool should_stop(const ObjectiveFunction& f, long iteration, double e_new, double e_old, double fmax,
                   long calls_at_start, StopReason& reason) const;
};

class FireMinimizer : public Minimizer {
 public:
  using Minimizer::Minimizer;
  MinimizeResult minimize(ObjectiveFunction& f, VectorXd& x, const IterationObserver& observe = {}) override;
};

class LbfgsMinimizer : public Minimizer {
 public:
  using Minimizer::Minimizer;
  MinimizeResult minimize(ObjectiveFunction& f, VectorXd& x, const IterationObserver& observe = {}) override;
};

/// Relaxes `c` in place (cell fixed) with the minimizer `mp` names; returns why it stopped.
MinimizeResult relax(Configuration& c, Potential& p, const MinimizeParams& mp);

/// FIRE settings for drivers that run FIRE on an objective of their own (NEB band, min-mode).
MinimizeParams fire_settings(double fmax, long max_iterations, double max_move, double dt);

/// The minimizer named by params.method; throws InputError for an unknown method.
std::unique_ptr<Minimizer> make_minimizer(const MinimizeParams& p);

}  // namespace metabasin
