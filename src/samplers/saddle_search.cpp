// SPDX-License-Identifier: BSD-3-Clause
#include "saddle_search.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <memory>

namespace metabasin {

std::string to_string(SaddleStatus s) {
  switch (s) {
    case SaddleStatus::Converged:
      return "converged";
    case SaddleStatus::LostCurvature:
      return "lost curvature";
    case SaddleStatus::TooManySteps:
      return "too many steps";
    case SaddleStatus::NoNegativeCurvature:
      return "no negative curvature";
    case SaddleStatus::Disconnected:
      return "disconnected";
    case SaddleStatus::InStartBasin:
      return "in the start basin";
    case SaddleStatus::Unconfirmed:
      return "unconfirmed";
  }
  return "unknown";
}

namespace {

/// The objective a minimizer sees during min-mode following: its "force" is the modified one.
/// Convergence is judged on the true force, and only where the curvature is negative.
class MinModeObjective : public ObjectiveFunction {
 public:
  /// uphill_force > 0: where the curvature is positive the modified force has this length
  /// along the mode (a quasi-Newton optimizer's first step is then a whole max_move), Lanczos
  /// stops after one call while the previous mode holds, and its tolerance loosens with the
  /// force above fmax (climb_lanczos_tolerance; fmax 0: not). 0: -F_parallel there, and Lanczos to its own
  /// tolerance at every step (FIRE accelerates on its own).
  MinModeObjective(ObjectiveFunction& base, VectorXd mode, const LanczosParams& lp, double uphill_force, double fmax)
      : base_(base), mode_(std::move(mode)), lp_(lp), uphill_force_(uphill_force), fmax_(fmax) {}
  Eigen::Index size() const override { return base_.size(); }
  int dimension() const override { return base_.dimension(); }
  double evaluate(const VectorXd& x, VectorXd& force) override {
    ++evaluations_;
    energy_ = base_.evaluate(x, true_force_);
    LanczosParams lp = lp_;
    if (uphill_force_ > 0.0) {
      if (evaluations_ > 1) lp.held_value = eigenvalue_;  // mode_: the last point's eigenvector
      lp.tolerance = climb_lanczos_tolerance(lp_.tolerance, base_.max_force(true_force_), fmax_);
    }
    const Eigenpair ep = lowest_eigenpair(base_, x, true_force_, mode_, lp, static_cast<unsigned>(evaluations_));
    if (ep.vector.dot(mode_) < 0.0)
      mode_ = -ep.vector;  // keep a consistent orientation
    else
      mode_ = ep.vector;
    eigenvalue_ = ep.value;
    const VectorXd parallel = true_force_.dot(mode_) * mode_;
    if (eigenvalue_ < 0.0) {
      force = true_force_ - 2.0 * parallel;
    } else if (uphill_force_ == 0.0) {
      force = -parallel;
    } else {
      // No saddle to converge to here yet: climb along the mode by the largest step. (Scaled
      // as -F_parallel, a quasi-Newton step would crawl: going uphill along a positive
      // curvature its curvature pairs have s.y < 0 and are dropped, and the step stays the
      // tiny first one.)
      const double along = true_force_.dot(mode_);
      force = (along > 0.0 ? -uphill_force_ : uphill_force_) * mode_;
    }
    positive_streak_ = eigenvalue_ < 0.0 ? 0 : positive_streak_ + 1;
    // Across a change of sign the modified force changes its nature (uphill along the mode
    // only, or the full reflected force): curvature pairs from the other side are void.
    if (evaluations_ > 1 && (eigenvalue_ < 0.0) != was_negative_) ++revision_;
    was_negative_ = eigenvalue_ < 0.0;
    return energy_;
  }
  double max_force(const VectorXd&) const override {
    return eigenvalue_ < 0.0 ? base_.max_force(true_force_) : std::numeric_limits<double>::infinity();
  }
  double max_displacement(const VectorXd& step) const override { return base_.max_displacement(step); }
  bool force_is_gradient() const override { return false; }  // the reflected force has no potential
  long revision() const override { return revision_; }
  double energy() const { return energy_; }
  double eigenvalue() const { return eigenvalue_; }
  const VectorXd& mode() const { return mode_; }
  double true_fmax() const { return base_.max_force(true_force_); }
  int positive_streak() const { return positive_streak_; }

 private:
  ObjectiveFunction& base_;
  VectorXd mode_;
  LanczosParams lp_;
  double uphill_force_;  // |modified force| where the curvature is positive
  double fmax_;          // the climb's convergence criterion (largest true force); 0: fixed tolerance
  VectorXd true_force_;
  double energy_ = 0.0, eigenvalue_ = 0.0;
  int positive_streak_ = 0;
  long revision_ = 0;
  bool was_negative_ = false;
};

}  // namespace

double climb_lanczos_tolerance(double tolerance, double largest_force, double fmax) {
  if (!(largest_force > fmax) || fmax <= 0.0) return tolerance;
  return tolerance * (1.0 + std::log10(largest_force / fmax));
}

SaddlePoint converge_saddle(ObjectiveFunction& f, const VectorXd& start, const VectorXd& mode_guess,
                            const MinModeParams& p) {
  const long calls0 = f.evaluations();
  const bool lbfgs = p.optimizer == MinModeOptimizer::lbfgs;
  MinimizeParams mp = fire_settings(p.fmax, p.max_iterations, p.max_move, p.dt);
  if (lbfgs) mp.method = "lbfgs";
  MinModeObjective mm(f, admissible_direction(mode_guess, p.lanczos), p.lanczos,
                      lbfgs ? p.max_move / mp.initial_inverse_curvature : 0.0,
                      lbfgs && p.force_scaled_lanczos ? p.fmax : 0.0);
  const std::unique_ptr<Minimizer> optimizer = make_minimizer(mp);
  VectorXd x = start;
  bool lost = false, settled = false;
  std::deque<double> recent;  // the last kSettleSteps energies
  const MinimizeResult r = optimizer->minimize(mm, x, [&](long it, double, double) {
    if (p.trace) p.trace(it, mm.energy(), mm.eigenvalue(), mm.true_fmax());
    lost = mm.positive_streak() > p.max_positive_steps;
    if (p.settled_energy > 0.0) {
      recent.push_back(mm.energy());
      if (recent.size() > static_cast<std::size_t>(kSettleSteps)) recent.pop_front();
      const auto [lo, hi] = std::minmax_element(recent.begin(), recent.end());
      settled = recent.size() == static_cast<std::size_t>(kSettleSteps) && *hi - *lo < p.settled_energy &&
                mm.true_fmax() < 10.0 * p.fmax && mm.eigenvalue() < 0.0;
    }
    return !lost && !settled;
  });
  SaddlePoint s;
  s.positions = x;
  s.energy = mm.energy();
  s.eigenvalue = mm.eigenvalue();
  s.eigenvector = mm.mode();
  s.fmax = mm.true_fmax();
  s.iterations = r.iterations;
  s.force_calls = f.evaluations() - calls0;
  if (r.reason == StopReason::ForceConverged || settled)
    s.status = SaddleStatus::Converged;
  else if (lost)
    s.status = SaddleStatus::LostCurvature;
  else
    s.status = SaddleStatus::TooManySteps;
  return s;
}

}  // namespace metabasin
