// SPDX-License-Identifier: BSD-3-Clause
#include "active_region.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <unordered_map>
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

std::vector<std::size_t> covering_centres(const Configuration& c, double spacing, unsigned seed) {
  if (!(spacing > 0.0)) throw std::invalid_argument("covering centres: the spacing must be positive");
  // Bins at least `spacing` wide in fractional coordinates (periodic directions wrap): a
  // centre within `spacing` of an atom lies in its bin or a neighbouring one.
  const Box& box = c.box;
  const Mat3 inverse = box.cell_inverse();
  const Vec3 widths = box.face_distances();
  std::array<int, 3> nb{1, 1, 1};  // one bin along open directions
  for (int d = 0; d < box.dimension; ++d)
    if (box.periodic[d]) nb[d] = std::clamp(static_cast<int>(std::floor(widths[d] / spacing)), 1, 1 << 10);
  auto bin_of = [&](std::size_t i) {
    const Vec3 f = inverse * (c.position(i) - box.lo);
    std::array<int, 3> b{0, 0, 0};
    for (int d = 0; d < box.dimension; ++d)
      if (nb[d] > 1) b[d] = std::min(static_cast<int>((f[d] - std::floor(f[d])) * nb[d]), nb[d] - 1);
    return b;
  };
  std::vector<std::vector<std::size_t>> bins(static_cast<std::size_t>(nb[0]) * nb[1] * nb[2]);
  auto index = [&](int a, int b, int z) {
    const auto wrap = [](int v, int n) { return ((v % n) + n) % n; };
    return (static_cast<std::size_t>(wrap(z, nb[2])) * nb[1] + wrap(b, nb[1])) * nb[0] + wrap(a, nb[0]);
  };
  std::vector<std::size_t> order(c.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  const MinimumImage image(box);
  const double s2 = spacing * spacing;
  std::vector<std::size_t> centres;
  for (std::size_t i : order) {
    const auto b = bin_of(i);
    bool covered = false;
    // The bin and its neighbours, each visited once however few bins a direction has.
    std::array<std::vector<int>, 3> offsets;
    for (int d = 0; d < 3; ++d)
      for (int v = nb[d] >= 3 ? b[d] - 1 : 0; v <= (nb[d] >= 3 ? b[d] + 1 : nb[d] - 1); ++v) offsets[d].push_back(v);
    for (int a : offsets[0])
      for (int bb : offsets[1])
        for (int z : offsets[2])
          for (std::size_t k : bins[index(a, bb, z)])
            covered = covered || image(c.position(i) - c.position(k)).squaredNorm() < s2;
    if (covered) continue;
    centres.push_back(i);
    bins[index(b[0], b[1], b[2])].push_back(i);
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
  // moving atom (a single pass over the sample), then matched to the moving atoms near them.
  const double reach = potential.interaction_reach() + margin;
  const MinimumImage image(sample.box);
  const Vec3 anchor = sample.position(atoms_[0]);
  std::vector<Vec3> from_anchor(moving_);
  double extent = 0.0;
  for (std::size_t k = 0; k < moving_; ++k) {
    from_anchor[k] = image(sample.position(atoms_[k]) - anchor);
    extent = std::max(extent, from_anchor[k].norm());
  }
  const double reach2 = reach * reach;
  const std::vector<std::size_t> candidates = atoms_near(sample, anchor, extent + reach);
  // Separations taken from the anchor's minimum images are true separations for pairs within
  // reach when no lattice vector is shorter than 3 reach + 2 extent: then a grid of cells one
  // reach wide finds the pairs in time linear in the candidates. Otherwise all pairs.
  const Vec3 widths = sample.box.face_distances();
  bool images_unique = true;
  for (int d = 0; d < sample.box.dimension; ++d)
    images_unique = images_unique && (!sample.box.periodic[d] || widths[d] > 3.0 * reach + 2.0 * extent);
  auto cell_of = [&](const Vec3& r) {
    return std::array<long, 3>{static_cast<long>(std::floor(r[0] / reach)), static_cast<long>(std::floor(r[1] / reach)),
                               static_cast<long>(std::floor(r[2] / reach))};
  };
  auto key = [](long a, long b, long c) { return ((a & 0x1fffff) << 42) | ((b & 0x1fffff) << 21) | (c & 0x1fffff); };
  std::unordered_map<long, std::vector<std::size_t>> grid;
  if (images_unique)
    for (std::size_t k = 0; k < moving_; ++k) {
      const auto c = cell_of(from_anchor[k]);
      grid[key(c[0], c[1], c[2])].push_back(k);
    }
  auto within_reach = [&](std::size_t j) {
    if (!images_unique) {
      for (std::size_t k = 0; k < moving_; ++k)
        if (image(sample.position(j) - sample.position(atoms_[k])).squaredNorm() <= reach2) return true;
      return false;
    }
    const Vec3 rj = image(sample.position(j) - anchor);
    const auto c = cell_of(rj);
    for (long a = c[0] - 1; a <= c[0] + 1; ++a)
      for (long b = c[1] - 1; b <= c[1] + 1; ++b)
        for (long z = c[2] - 1; z <= c[2] + 1; ++z) {
          const auto it = grid.find(key(a, b, z));
          if (it == grid.end()) continue;
          for (std::size_t k : it->second)
            if ((rj - from_anchor[k]).squaredNorm() <= reach2) return true;
        }
    return false;
  };
  for (std::size_t j : candidates)
    if (!member[j] && within_reach(j)) {
      atoms_.push_back(j);
      member[j] = 1;
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
  potential_->only_first_atoms_move(region.moving_count());
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

namespace {
/// `sample` with the region's moving atoms at `moving_x`.
Configuration moved_sample(const Configuration& sample, const ActiveRegion& region, const VectorXd& moving_x) {
  Configuration moved = sample;
  for (std::size_t k = 0; k < region.moving_count(); ++k)
    for (int d = 0; d < 3; ++d) moved.x[3 * region.atoms()[k] + d] = moving_x[static_cast<Eigen::Index>(3 * k + d)];
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
