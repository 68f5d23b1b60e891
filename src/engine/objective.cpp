// SPDX-License-Identifier: BSD-3-Clause
#include "objective.hpp"

#include <algorithm>
#include <cmath>

namespace metabasin {

namespace {
template <int D>
double max_squared_norm(const VectorXd& v) {
  double m2 = 0.0;
  for (Eigen::Index k = 0; k + D - 1 < v.size(); k += D) {
    double s2 = 0.0;
    for (int d = 0; d < D; ++d) s2 += v[k + d] * v[k + d];
    m2 = std::max(m2, s2);
  }
  return m2;
}
}  // namespace

double ObjectiveFunction::max_particle_norm(const VectorXd& v, int dimension) {
  // Fixed group sizes for atoms: called on every step, it should cost no more than a copy.
  switch (dimension) {
    case 1: {
      double m = 0.0;
      for (Eigen::Index k = 0; k < v.size(); ++k) m = std::max(m, std::abs(v[k]));
      return m;
    }
    case 2:
      return std::sqrt(max_squared_norm<2>(v));
    case 3:
      return std::sqrt(max_squared_norm<3>(v));
  }
  double m2 = 0.0;
  for (Eigen::Index k = 0; k + dimension - 1 < v.size(); k += dimension)
    m2 = std::max(m2, v.segment(k, dimension).squaredNorm());
  return std::sqrt(m2);
}

VectorXd to_coordinates(const Eigen::Ref<const VectorXd>& sample, int dimension) {
  if (dimension == 3) return sample;
  const Eigen::Index n = sample.size() / 3;
  VectorXd x(n * dimension);
  for (Eigen::Index i = 0; i < n; ++i)
    for (int d = 0; d < dimension; ++d) x[dimension * i + d] = sample[3 * i + d];
  return x;
}

VectorXd to_sample(const VectorXd& x, int dimension) {
  if (dimension == 3) return x;
  VectorXd sample = VectorXd::Zero(x.size() / dimension * 3);
  write_coordinates(x, dimension, sample.data());
  return sample;
}

void write_coordinates(const VectorXd& x, int dimension, double* sample) {
  const Eigen::Index n = x.size() / dimension;
  for (Eigen::Index i = 0; i < n; ++i)
    for (int d = 0; d < dimension; ++d) sample[3 * i + d] = x[dimension * i + d];
}

namespace {
Eigen::Map<const VectorXd> sample_vector(const std::vector<double>& v) {
  return Eigen::Map<const VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}
}  // namespace

VectorXd AtomsObjective::positions() const { return coordinates_of(config_); }

double AtomsObjective::evaluate(const VectorXd& x, VectorXd& force) {
  ++evaluations_;
  set_coordinates(config_, x);
  potential_.compute(config_, last_);
  force = to_coordinates(sample_vector(last_.forces), dimension());
  return last_.energy;
}

void AtomsObjective::evaluate_force(const VectorXd& x, VectorXd& force) {
  ++evaluations_;
  set_coordinates(config_, x);
  potential_.compute_forces(config_, last_);
  force = to_coordinates(sample_vector(last_.forces), dimension());
}

}  // namespace metabasin
