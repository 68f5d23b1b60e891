// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// What a minimizer minimizes. Minimizers see only this interface, so that a penalty term
// (ABC) or a strain constraint can wrap an objective without touching any minimizer.
#include <Eigen/Dense>

#include "configuration.hpp"
#include "potential.hpp"

namespace metabasin {

using Eigen::VectorXd;

class ObjectiveFunction {
 public:
  virtual ~ObjectiveFunction() = default;
  virtual Eigen::Index size() const = 0;
  /// Value at x; writes the force (negative gradient) into `force`.
  virtual double evaluate(const VectorXd& x, VectorXd& force) = 0;
  /// The force at x when the value is not needed (finite differences of the force): as
  /// evaluate(), counted the same, but free to skip the energy and the virial.
  virtual void evaluate_force(const VectorXd& x, VectorXd& force) { evaluate(x, force); }
  /// The convergence measure of a force vector: the largest per-atom force norm for atoms.
  virtual double max_force(const VectorXd& force) const { return force.cwiseAbs().maxCoeff(); }
  /// Largest displacement of one particle in a step, used to cap steps.
  virtual double max_displacement(const VectorXd& step) const { return step.cwiseAbs().maxCoeff(); }
  /// False when the force is not the gradient of the value (a NEB band): minimizers then must
  /// not line-search on the value.
  virtual bool force_is_gradient() const { return true; }
  /// Changes whenever the objective itself changes (a NEB climbing image switched on or moved):
  /// curvature remembered from before is then void.
  virtual long revision() const { return 0; }
  long evaluations() const { return evaluations_; }

 protected:
  long evaluations_ = 0;
};

/// Potential energy of a configuration as a function of all 3N coordinates (cell fixed).
class AtomsObjective : public ObjectiveFunction {
 public:
  AtomsObjective(Configuration& config, Potential& potential) : config_(config), potential_(potential) {}
  Eigen::Index size() const override { return static_cast<Eigen::Index>(config_.x.size()); }
  double evaluate(const VectorXd& x, VectorXd& force) override;
  void evaluate_force(const VectorXd& x, VectorXd& force) override;
  double max_force(const VectorXd& force) const override;
  double max_displacement(const VectorXd& step) const override;
  VectorXd positions() const { return Eigen::Map<const VectorXd>(config_.x.data(), size()); }
  const ForceResult& last() const { return last_; }

 private:
  Configuration& config_;
  Potential& potential_;
  ForceResult last_;
};

/// Largest Euclidean norm of consecutive 3-vectors.
double max_norm3(const VectorXd& v);

/// The positions of `c` as one vector of 3N coordinates (a copy).
inline VectorXd positions_of(const Configuration& c) {
  return Eigen::Map<const VectorXd>(c.x.data(), static_cast<Eigen::Index>(c.x.size()));
}

}  // namespace metabasin
