// SPDX-License-Identifier: BSD-3-Clause
#include "objective.hpp"

namespace metabasin {

double max_norm3(const VectorXd& v) {
  double m2 = 0.0;
  for (Eigen::Index k = 0; k + 2 < v.size(); k += 3)
    m2 = std::max(m2, v[k] * v[k] + v[k + 1] * v[k + 1] + v[k + 2] * v[k + 2]);
  return std::sqrt(m2);
}

double AtomsObjective::evaluate(const VectorXd& x, VectorXd& force) {
  ++evaluations_;
  Eigen::Map<VectorXd>(config_.x.data(), size()) = x;
  potential_.compute(config_, last_);
  force = Eigen::Map<const VectorXd>(last_.forces.data(), size());
  return last_.energy;
}

void AtomsObjective::evaluate_force(const VectorXd& x, VectorXd& force) {
  ++evaluations_;
  Eigen::Map<VectorXd>(config_.x.data(), size()) = x;
  potential_.compute_forces(config_, last_);
  force = Eigen::Map<const VectorXd>(last_.forces.data(), size());
}

double AtomsObjective::max_force(const VectorXd& force) const { return max_norm3(force); }

double AtomsObjective::max_displacement(const VectorXd& step) const { return max_norm3(step); }

}  // namespace metabasin
