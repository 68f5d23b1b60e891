// SPDX-License-Identifier: BSD-3-Clause
#include "saddle_search.hpp"

#include <limits>

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
  MinModeObjective(ObjectiveFunction& base, VectorXd mode, const LanczosParams& lp)
      : base_(base), mode_(std::move(mode)), lp_(lp) {}
  Eigen::Index size() const override { return base_.size(); }
  double evaluate(const VectorXd& x, VectorXd& force) override {
    ++evaluations_;
    energy_ = base_.evaluate(x, true_force_);
    const Eigenpair ep = lowest_eigenpair(base_, x, true_force_, mode_, lp_, static_cast<unsigned>(evaluations_));
    if (ep.vector.dot(mode_) < 0.0)
      mode_ = -ep.vector;  // keep a consistent orientation
    else
      mode_ = ep.vector;
    eigenvalue_ = ep.value;
    const VectorXd parallel = true_force_.dot(mode_) * mode_;
    force = eigenvalue_ < 0.0 ? VectorXd(true_force_ - 2.0 * parallel) : VectorXd(-parallel);
    positive_streak_ = eigenvalue_ < 0.0 ? 0 : positive_streak_ + 1;
    return energy_;
  }
  double max_force(const VectorXd&) const override {
    return eigenvalue_ < 0.0 ? base_.max_force(true_force_) : std::numeric_limits<double>::infinity();
  }
  double max_displacement(const VectorXd& step) const override { return base_.max_displacement(step); }
  double energy() const { return energy_; }
  double eigenvalue() const { return eigenvalue_; }
  const VectorXd& mode() const { return mode_; }
  double true_fmax() const { return base_.max_force(true_force_); }
  int positive_streak() const { return positive_streak_; }

 private:
  ObjectiveFunction& base_;
  VectorXd mode_;
  LanczosParams lp_;
  VectorXd true_force_;
  double energy_ = 0.0, eigenvalue_ = 0.0;
  int positive_streak_ = 0;
};

}  // namespace

SaddlePoint converge_saddle(ObjectiveFunction& f, const VectorXd& start, const VectorXd& mode_guess,
                            const MinModeParams& p) {
  const long calls0 = f.evaluations();
  MinModeObjective mm(f, admissible_direction(mode_guess, p.lanczos), p.lanczos);
  FireMinimizer fire(fire_settings(p.fmax, p.max_iterations, p.max_move, p.dt));
  VectorXd x = start;
  bool lost = false;
  const MinimizeResult r = fire.minimize(mm, x, [&](long it, double, double) {
    if (p.trace) p.trace(it, mm.energy(), mm.eigenvalue(), mm.true_fmax());
    lost = mm.positive_streak() > p.max_positive_steps;
    return !lost;
  });
  SaddlePoint s;
  s.positions = x;
  s.energy = mm.energy();
  s.eigenvalue = mm.eigenvalue();
  s.eigenvector = mm.mode();
  s.fmax = mm.true_fmax();
  s.iterations = r.iterations;
  s.force_calls = f.evaluations() - calls0;
  if (r.reason == StopReason::ForceConverged)
    s.status = SaddleStatus::Converged;
  else if (lost)
    s.status = SaddleStatus::LostCurvature;
  else
    s.status = SaddleStatus::TooManySteps;
  return s;
}

}  // namespace metabasin
