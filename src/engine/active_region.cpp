// SPDX-License-Identifier: BSD-3-Clause
#include "active_region.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <unordered_map>
#include <stdexcept>

namespace metabasin {

namespace {

/// Indices sorted into bins at least `width` wide in fractional coordinates, wrapping along
/// periodic directions (one bin along open ones): every point within `width` of r lies in r's
/// bin or a neighbouring one, whatever the size of the cell.
class BoxBins {
 public:
  BoxBins(const Box& box, double width) : box_(box), inverse_(box.cell_inverse()) {
    const Vec3 widths = box.face_distances();
    for (int d = 0; d < box.dimension; ++d)
      if (box.periodic[d]) nb_[d] = std::clamp(static_cast<int>(std::floor(widths[d] / width)), 1, 1 << 10);
    bins_.resize(static_cast<std::size_t>(nb_[0]) * nb_[1] * nb_[2]);
  }
  void add(const Vec3& r, std::size_t value) {
    const auto b = bin_of(r);
    bins_[index(b[0], b[1], b[2])].push_back(value);
  }
  /// Whether f(value) holds for a value in the bins around r (each bin visited once).
  template <class F>
  bool any_around(const Vec3& r, F&& f) const {
    const auto b = bin_of(r);
    // Bins first..last along each direction: all of them when there are fewer than three.
    std::array<int, 3> first{}, last{};
    for (int d = 0; d < 3; ++d) {
      first[d] = nb_[d] >= 3 ? b[d] - 1 : 0;
      last[d] = nb_[d] >= 3 ? b[d] + 1 : nb_[d] - 1;
    }
    for (int a = first[0]; a <= last[0]; ++a)
      for (int bb = first[1]; bb <= last[1]; ++bb)
        for (int z = first[2]; z <= last[2]; ++z)
          for (std::size_t k : bins_[index(a, bb, z)])
            if (f(k)) return true;
    return false;
  }

 private:
  std::array<int, 3> bin_of(const Vec3& r) const {
    const Vec3 f = inverse_ * (r - box_.lo);
    std::array<int, 3> b{0, 0, 0};
    for (int d = 0; d < box_.dimension; ++d)
      if (nb_[d] > 1) b[d] = std::min(static_cast<int>((f[d] - std::floor(f[d])) * nb_[d]), nb_[d] - 1);
    return b;
  }
  std::size_t index(int a, int b, int z) const {
    const auto wrap = [](int v, int n) { return ((v % n) + n) % n; };
    return (static_cast<std::size_t>(wrap(z, nb_[2])) * nb_[1] + wrap(b, nb_[1])) * nb_[0] + wrap(a, nb_[0]);
  }
  const Box& box_;
  Mat3 inverse_;
  std::array<int, 3> nb_{1, 1, 1};
  std::vector<std::vector<std::size_t>> bins_;
};

}  // namespace

std::vector<std::size_t> atoms_near(const Configuration& c, const Vec3& centre, double radius) {
  const MinimumImage image(c.box);
  const double r2 = radius * radius;
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < c.size(); ++i)
    if (image(c.position(i) - centre).squaredNorm() <= r2) out.push_back(i);
  return out;
}

std::vector<char> near_flagged(const Configuration& c, const std::vector<char>& flagged, double radius) {
  if (!(radius > 0.0)) throw std::invalid_argument("near_flagged: the radius must be positive");
  BoxBins bins(c.box, radius);
  for (std::size_t i = 0; i < c.size(); ++i)
    if (flagged.at(i)) bins.add(c.position(i), i);
  const MinimumImage image(c.box);
  const double r2 = radius * radius;
  std::vector<char> out(c.size(), 0);
  for (std::size_t i = 0; i < c.size(); ++i) {
    const Vec3 r = c.position(i);
    out[i] = bins.any_around(r, [&](std::size_t k) { return image(r - c.position(k)).squaredNorm() <= r2; }) ? 1 : 0;
  }
  return out;
}

std::vector<std::size_t> covering_centres(const Configuration& c, double spacing, unsigned seed) {
  if (!(spacing > 0.0)) throw std::invalid_argument("covering centres: the spacing must be positive");
  BoxBins bins(c.box, spacing);
  std::vector<std::size_t> order(c.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  const MinimumImage image(c.box);
  const double s2 = spacing * spacing;
  std::vector<std::size_t> centres;
  for (std::size_t i : order) {
    const Vec3 r = c.position(i);
    if (bins.any_around(r, [&](std::size_t k) { return image(r - c.position(k)).squaredNorm() < s2; })) continue;
    centres.push_back(i);
    bins.add(r, i);
  }
  return centres;
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
  // moving atom (a single pass over the sample), then matched to the moving atoms in the bins
  // around them (time linear in the candidates, however wide the region is against the cell).
  const double reach = potential.interaction_reach() + margin;
  const double reach2 = reach * reach;
  const MinimumImage image(sample.box);
  const Vec3 anchor = sample.position(atoms_[0]);
  BoxBins bins(sample.box, reach);
  double extent = 0.0;
  for (std::size_t i : atoms_) {
    extent = std::max(extent, image(sample.position(i) - anchor).norm());
    bins.add(sample.position(i), i);
  }
  for (std::size_t j : atoms_near(sample, anchor, extent + reach)) {
    const Vec3 r = sample.position(j);
    if (!member[j] && bins.any_around(r, [&](std::size_t i) { return image(r - sample.position(i)).squaredNorm() <= reach2; })) {
      atoms_.push_back(j);
      member[j] = 1;
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
  const int dim = dimension();
  VectorXd out(static_cast<Eigen::Index>(moving_) * dim);
  for (std::size_t k = 0; k < moving_; ++k)
    for (int d = 0; d < dim; ++d) out[dim * static_cast<Eigen::Index>(k) + d] = sample_x[3 * static_cast<Eigen::Index>(atoms_[k]) + d];
  return out;
}

void ActiveRegion::scatter(const VectorXd& moving_x, VectorXd& sample_x) const {
  const int dim = dimension();
  for (std::size_t k = 0; k < moving_; ++k)
    for (int d = 0; d < dim; ++d) sample_x[3 * static_cast<Eigen::Index>(atoms_[k]) + d] = moving_x[dim * static_cast<Eigen::Index>(k) + d];
}

RegionObjective::RegionObjective(const ActiveRegion& region, const Potential& potential, double sample_energy)
    : region_(region), potential_(potential.clone()), cluster_(region.cluster()) {
  potential_->only_first_atoms_move(region.moving_count());
  potential_->compute(cluster_, last_);
  offset_ = sample_energy - last_.energy;
}

// The moving atoms come first in the cluster.
void RegionObjective::place(const VectorXd& x) { write_coordinates(x, dimension(), cluster_.x.data()); }

void RegionObjective::moving_forces(VectorXd& force) const {
  force = to_coordinates(Eigen::Map<const VectorXd>(last_.forces.data(), static_cast<Eigen::Index>(3 * region_.moving_count())),
                         dimension());
}

double RegionObjective::evaluate(const VectorXd& x, VectorXd& force) {
  ++evaluations_;
  place(x);
  potential_->compute(cluster_, last_);
  moving_forces(force);
  return last_.energy + offset_;
}

void RegionObjective::evaluate_force(const VectorXd& x, VectorXd& force) {
  ++evaluations_;
  place(x);
  potential_->compute_forces(cluster_, last_);
  moving_forces(force);
}

namespace {
/// `sample` with the region's moving atoms at `moving_x`.
Configuration moved_sample(const Configuration& sample, const ActiveRegion& region, const VectorXd& moving_x) {
  Configuration moved = sample;
  const int dim = region.dimension();
  for (std::size_t k = 0; k < region.moving_count(); ++k)
    for (int d = 0; d < dim; ++d) moved.x[3 * region.atoms()[k] + d] = moving_x[static_cast<Eigen::Index>(dim * k + d)];
  return moved;
}

std::vector<std::size_t> left_out(const Configuration& moved, const ActiveRegion& region, const Potential& potential) {
  const std::vector<std::size_t> moving(region.atoms().begin(),
                                        region.atoms().begin() + static_cast<long>(region.moving_count()));
  const ActiveRegion now(moved, moving, potential, 0.0);
  std::vector<std::size_t> held(region.atoms());
  std::sort(held.begin(), held.end());
  std::vector<std::size_t> out;
  for (std::size_t k = now.moving_count(); k < now.atoms().size(); ++k)
    if (!std::binary_search(held.begin(), held.end(), now.atoms()[k])) out.push_back(now.atoms()[k]);
  return out;
}
}  // namespace

std::vector<std::size_t> atoms_left_out(const Configuration& sample, const ActiveRegion& region,
                                        const VectorXd& moving_x, const Potential& potential) {
  return left_out(moved_sample(sample, region, moving_x), region, potential);
}

FrozenForces frozen_forces(const Configuration& sample, const ActiveRegion& region, const VectorXd& moving_x,
                           const Potential& potential, double tolerance) {
  const Configuration moved = moved_sample(sample, region, moving_x);
  // The region's atoms all move in this wider region, so its shell holds everything their
  // forces depend on.
  const ActiveRegion wide(moved, region.atoms(), potential, 0.0);
  std::unique_ptr<Potential> p = potential.clone();
  ForceResult r;
  p->compute_forces(wide.cluster(), r);
  FrozenForces out;
  out.atoms_evaluated = static_cast<long>(wide.cluster().size());
  for (std::size_t k = region.moving_count(); k < region.atoms().size(); ++k) {
    const double f = Eigen::Map<const Eigen::Vector3d>(&r.forces[3 * k]).norm();
    out.max_force = std::max(out.max_force, f);
    if (f > tolerance) out.above.push_back(region.atoms()[k]);
  }
  out.outside = left_out(moved, region, potential);
  return out;
}

}  // namespace metabasin
