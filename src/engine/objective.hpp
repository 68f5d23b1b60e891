// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// What a minimizer minimizes. Minimizers see only this interface, so that a penalty term
// (ABC) or a strain constraint can wrap an objective without touching any minimizer.
//
// The coordinates of an objective on atoms are the ones that move: `dimension` per atom, 2 in
// 2D (z never moves there, so it is not carried: minimizers, Lanczos and NEB work on 2N
// numbers, not 3N with zeros), 3 in 3D. Sample vectors (a configuration's positions, forces,
// events, modes) keep 3 per atom; to_coordinates / to_sample convert between the two.
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
  /// Coordinates per particle (2 or 3 for atoms; 1 when the coordinates are not grouped).
  virtual int dimension() const { return 1; }
  /// The convergence measure of a force vector: the largest per-particle force norm.
  virtual double max_force(const VectorXd& force) const { return max_particle_norm(force, dimension()); }
  /// Largest displacement of one particle in a step, used to cap steps.
  virtual double max_displacement(const VectorXd& step) const { return max_particle_norm(step, dimension()); }
  /// False when the force is not the gradient of the value (a NEB band): minimizers then must
  /// not line-search on the value.
  virtual bool force_is_gradient() const { return true; }
  /// Changes whenever the objective itself changes (a NEB climbing image switched on or moved):
  /// curvature remembered from before is then void.
  virtual long revision() const { return 0; }
  long evaluations() const { return evaluations_; }

  /// Largest Euclidean norm of consecutive groups of `dimension` entries.
  static double max_particle_norm(const VectorXd& v, int dimension);

 protected:
  long evaluations_ = 0;
};

/// Potential energy of a configuration as a function of the coordinates that move (cell fixed).
class AtomsObjective : public ObjectiveFunction {
 public:
  AtomsObjective(Configuration& config, Potential& potential) : config_(config), potential_(potential) {}
  Eigen::Index size() const override { return static_cast<Eigen::Index>(config_.size()) * dimension(); }
  int dimension() const override { return config_.box.dimension; }
  double evaluate(const VectorXd& x, VectorXd& force) override;
  void evaluate_force(const VectorXd& x, VectorXd& force) override;
  /// The configuration's positions in these coordinates.
  VectorXd positions() const;
  const ForceResult& last() const { return last_; }

 private:
  Configuration& config_;
  Potential& potential_;
  ForceResult last_;
};

/// Largest Euclidean norm of consecutive 3-vectors (per-atom norms of a sample vector).
inline double max_norm3(const VectorXd& v) { return ObjectiveFunction::max_particle_norm(v, 3); }

/// A sample vector (3 per atom) in the coordinates that move (`dimension` per atom).
VectorXd to_coordinates(const Eigen::Ref<const VectorXd>& sample, int dimension);
/// Coordinates (`dimension` per atom) as a sample vector: z = 0 in 2D.
VectorXd to_sample(const VectorXd& x, int dimension);
/// Writes coordinates (`dimension` per atom) into a sample vector's storage, z left as it is.
void write_coordinates(const VectorXd& x, int dimension, double* sample);

/// The positions of `c` as one vector of 3N coordinates (a copy).
inline VectorXd positions_of(const Configuration& c) {
  return Eigen::Map<const VectorXd>(c.x.data(), static_cast<Eigen::Index>(c.x.size()));
}
/// The positions of `c` in the coordinates that move (c.box.dimension per atom).
inline VectorXd coordinates_of(const Configuration& c) {
  return to_coordinates(Eigen::Map<const VectorXd>(c.x.data(), static_cast<Eigen::Index>(c.x.size())), c.box.dimension);
}
/// Moves `c` to coordinates x (c.box.dimension per atom).
inline void set_coordinates(Configuration& c, const VectorXd& x) { write_coordinates(x, c.box.dimension, c.x.data()); }

}  // namespace metabasin
