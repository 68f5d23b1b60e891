// SPDX-License-Identifier: BSD-3-Clause
#include "active_region.hpp"

#include <algorithm>
#include <stdexcept>

namespace metabasin {

std::vector<std::size_t> atoms_near(const Configuration& c, const Vec3& centre, double radius) {
  const MinimumImage image(c.box);
  const double r2 = radius * radius;
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < c.size(); ++i)
    if (image(c.position(i) - centre).squaredNorm() <= r2) out.push_back(i);
  return out;
}

ActiveRegion::ActiveRegion(const Configuration& sample, std::vector<std::size_t> moving, const Potential& potential,
                           double margin)
    : atoms_(std::move(moving)), moving_(atoms_.size()) {
  if (atoms_.empty()) throw std::invalid_argument("active region: no moving atoms");
  std::vector<char> member(sample.size(), 0);
  for (std::size_t i : atoms_) {
    if (i >= sample.size() || member[i]) throw std::invalid_argument("active region: moving atoms must be distinct sample atoms");
    member[i] = 1;
  }
  // The shell: atoms within reach of a moving atom. Candidates first by distance from one
  // moving atom (a single pass over the sample), then checked against each moving atom.
  const double reach = potential.interaction_reach() + margin;
  const MinimumImage image(sample.box);
  const Vec3 anchor = sample.position(atoms_[0]);
  double extent = 0.0;
  for (std::size_t i : atoms_) extent = std::max(extent, image(sample.position(i) - anchor).norm());
  const double reach2 = reach * reach;
  for (std::size_t j : atoms_near(sample, anchor, extent + reach)) {
    if (member[j]) continue;
    const Vec3 rj = sample.position(j);
    for (std::size_t k = 0; k < moving_; ++k)
      if (image(rj - sample.position(atoms_[k])).squaredNorm() <= reach2) {
        atoms_.push_back(j);
        member[j] = 1;
        break;
      }
  }
  cluster_.box = sample.box;
  cluster_.ntypes = sample.ntypes;
  cluster_.masses = sample.masses;
  cluster_.ids.reserve(atoms_.size());
  cluster_.types.reserve(atoms_.size());
  cluster_.x.reserve(3 * atoms_.size());
  for (std::size_t i : atoms_) {
    cluster_.ids.push_back(sample.ids[i]);
    cluster_.types.push_back(sample.types[i]);
    for (int d = 0; d < 3; ++d) cluster_.x.push_back(sample.x[3 * i + d]);
  }
  cluster_.image.assign(3 * atoms_.size(), 0);
}

VectorXd ActiveRegion::gather(const VectorXd& sample_x) const {
  VectorXd out(static_cast<Eigen::Index>(3 * moving_));
  for (std::size_t k = 0; k < moving_; ++k) out.segment<3>(3 * k) = sample_x.segment<3>(3 * atoms_[k]);
  return out;
}

void ActiveRegion::scatter(const VectorXd& moving_x, VectorXd& sample_x) const {
  for (std::size_t k = 0; k < moving_; ++k) sample_x.segment<3>(3 * atoms_[k]) = moving_x.segment<3>(3 * k);
}

RegionObjective::RegionObjective(const ActiveRegion& region, const Potential& potential, double sample_energy)
    : region_(region), potential_(potential.clone()), cluster_(region.cluster()) {
  potential_->compute(cluster_, last_);
  offset_ = sample_energy - last_.energy;
}

void RegionObjective::place(const VectorXd& x) {
  std::copy(x.data(), x.data() + x.size(), cluster_.x.begin());
}

double RegionObjective::evaluate(const VectorXd& x, VectorXd& force) {
  ++evaluations_;
  place(x);
  potential_->compute(cluster_, last_);
  force = Eigen::Map<const VectorXd>(last_.forces.data(), size());
  return last_.energy + offset_;
}

void RegionObjective::evaluate_force(const VectorXd& x, VectorXd& force) {
  ++evaluations_;
  place(x);
  potential_->compute_forces(cluster_, last_);
  force = Eigen::Map<const VectorXd>(last_.forces.data(), size());
}

FrozenForces frozen_forces(const Configuration& sample, const ActiveRegion& region, const VectorXd& moving_x,
                           const Potential& potential, double tolerance) {
  Configuration moved = sample;
  VectorXd x = Eigen::Map<const VectorXd>(moved.x.data(), static_cast<Eigen::Index>(moved.x.size()));
  region.scatter(moving_x, x);
  std::copy(x.data(), x.data() + x.size(), moved.x.begin());
  // The region's atoms all move in this wider region, so its shell holds everything their
  // forces depend on.
  const ActiveRegion wide(moved, region.atoms(), potential, 0.0);
  std::unique_ptr<Potential> p = potential.clone();
  Configuration cluster = wide.cluster();
  ForceResult r;
  p->compute_forces(cluster, r);
  FrozenForces out;
  out.atoms_evaluated = static_cast<long>(cluster.size());
  for (std::size_t k = region.moving_count(); k < region.atoms().size(); ++k) {
    const double f = Eigen::Map<const Eigen::Vector3d>(&r.forces[3 * k]).norm();
    out.max_force = std::max(out.max_force, f);
    if (f > tolerance) out.above.push_back(region.atoms()[k]);
  }
  // Atoms of the wide shell within reach of a moved atom were missing from the region.
  const MinimumImage image(moved.box);
  const double reach2 = potential.interaction_reach() * potential.interaction_reach();
  for (std::size_t k = region.atoms().size(); k < wide.atoms().size(); ++k) {
    const Vec3 rk = moved.position(wide.atoms()[k]);
    for (std::size_t m = 0; m < region.moving_count(); ++m)
      if (image(rk - moved.position(region.atoms()[m])).squaredNorm() <= reach2) {
        out.outside.push_back(wide.atoms()[k]);
        break;
      }
  }
  return out;
}

}  // namespace metabasin
