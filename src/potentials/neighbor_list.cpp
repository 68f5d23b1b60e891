// SPDX-License-Identifier: BSD-3-Clause
#include "neighbor_list.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace metabasin {

namespace {

template <class T>
Kokkos::View<T*> to_device(const std::vector<T>& v, const char* label) {
  Kokkos::View<T*> d(Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string(label)), v.size());
  Kokkos::View<const T*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> h(v.data(), v.size());
  Kokkos::deep_copy(d, h);
  return d;
}

bool lexicographically_positive(const std::array<int, 3>& s) {
  if (s[0] != 0) return s[0] > 0;
  if (s[1] != 0) return s[1] > 0;
  return s[2] > 0;
}

}  // namespace

NeighborList::NeighborList(double cutoff, double skin) : cutoff_(cutoff), skin_(skin) {
  if (cutoff <= 0.0) throw std::invalid_argument("neighbor list cutoff must be positive");
  if (skin < 0.0) throw std::invalid_argument("neighbor skin must not be negative");
}

void NeighborList::set_pair_cutoffs(int ntypes, std::vector<double> cutoffs) {
  if (ntypes < 1 || cutoffs.size() != static_cast<std::size_t>(ntypes) * ntypes)
    throw std::invalid_argument("pair cutoffs: one per ordered pair of types");
  pair_cut2_.clear();
  pair_reach2_.clear();
  for (double r : cutoffs) {
    if (!(r > 0.0) || r > cutoff_) throw std::invalid_argument("pair cutoffs must lie in (0, cutoff]");
    pair_cut2_.push_back(r * r);
    pair_reach2_.push_back((r + skin_) * (r + skin_));
  }
  pair_types_ = ntypes;
  nlocal_ = -1;  // rebuild
}

void NeighborList::set_needed_atoms(std::size_t n) {
  needed_ = static_cast<long>(n);
  nlocal_ = -1;  // rebuild
}

bool NeighborList::update(const Configuration& c) {
  const Box& b = c.box;
  if (nlocal_ != static_cast<int>(c.size()) || b.periodic != box_at_build_.periodic ||
      b.dimension != box_at_build_.dimension) {
    build(c);
    return true;
  }
  // A pair at separation d now had d_b = d - dH s - H_b (ds) at the build, with s the
  // fractional separation. It was listed if |d_b| <= cutoff + skin, which holds for every
  // pair within the cutoff when 2 max|H_b ds_i| + |dH| |H^-1| cutoff <= skin.
  double max_disp2 = 0.0, strain_term = 0.0;
  if (b == box_at_build_) {
    for (std::size_t k = 0; k < c.x.size(); k += 3) {
      const double dx = c.x[k] - x_at_build_[k], dy = c.x[k + 1] - x_at_build_[k + 1],
                   dz = c.x[k + 2] - x_at_build_[k + 2];
      max_disp2 = std::max(max_disp2, dx * dx + dy * dy + dz * dz);
    }
  } else {
    const Mat3 hb = box_at_build_.cell();
    const Mat3 map = hb * b.cell_inverse();  // current Cartesian -> build-cell frame
    for (std::size_t i = 0; i < c.size(); ++i) {
      const Vec3 d = map * (c.position(i) - b.lo) -
                     (Vec3(x_at_build_[3 * i], x_at_build_[3 * i + 1], x_at_build_[3 * i + 2]) - box_at_build_.lo);
      max_disp2 = std::max(max_disp2, d.squaredNorm());
    }
    // Frobenius norms bound the spectral norms from above.
    strain_term = (b.cell() - hb).norm() * b.cell_inverse().norm() * cutoff_;
  }
  if (2.0 * std::sqrt(max_disp2) + strain_term > skin_) {
    build(c);
    return true;
  }
  if (b != box_now_) {
    set_shifts(b);
    Kokkos::View<double* [3]> shift(Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string("nl_shift")),
                                    owner_.size());
    Kokkos::deep_copy(shift,
                      Kokkos::View<const double* [3], Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>>(
                          shift_.data(), owner_.size()));
    device_.shift = shift;
  }
  return false;
}

void NeighborList::set_shifts(const Box& box) {
  shift_.resize(3 * owner_.size());
  for (std::size_t k = 0; k < owner_.size(); ++k) {
    const Vec3 s = box.lattice_shift(images_[3 * k], images_[3 * k + 1], images_[3 * k + 2]);
    for (int d = 0; d < 3; ++d) shift_[3 * k + d] = s[d];
  }
  box_now_ = box;
}

void NeighborList::build(const Configuration& c) {
  const Box& box = c.box;
  const int n = static_cast<int>(c.size());
  if (box.dimension == 2)  // the force kernels leave z out in 2D (NeighborView::dimension)
    for (int i = 0; i < n; ++i)
      if (c.x[3 * i + 2] != 0.0) throw std::invalid_argument("neighbor list: a 2D configuration has an atom off z = 0");
  const double reach = cutoff_ + skin_;
  const Mat3 inv = box.cell_inverse();
  const Vec3 widths = box.face_distances();
  std::array<bool, 3> pbc{};
  Vec3 margin;  // reach in fractional units
  for (int d = 0; d < 3; ++d) {
    pbc[d] = box.periodic[d] && !(box.dimension == 2 && d == 2);
    margin[d] = reach / widths[d];
  }

  // Local atoms, wrapped into the cell, then their ghosts.
  std::vector<Vec3> lambda;
  std::vector<std::array<int, 3>> img;
  owner_.clear();
  lambda.reserve(2 * n);
  img.reserve(2 * n);
  owner_.reserve(2 * n);
  for (int i = 0; i < n; ++i) {
    Vec3 l = inv * (c.position(i) - box.lo);
    std::array<int, 3> w{0, 0, 0};
    for (int d = 0; d < 3; ++d)
      if (pbc[d]) {
        w[d] = -static_cast<int>(std::floor(l[d]));
        l[d] += w[d];
        if (l[d] >= 1.0) {
          l[d] -= 1.0;
          --w[d];
        }
      }
    lambda.push_back(l);
    img.push_back(w);
    owner_.push_back(i);
  }
  std::vector<int> ghost_count(n, 0);
  std::array<std::vector<int>, 3> candidates;
  for (int i = 0; i < n; ++i) {
    const Vec3 l = lambda[i];
    for (int d = 0; d < 3; ++d) {
      candidates[d].clear();
      if (!pbc[d]) {
        candidates[d].push_back(0);
        continue;
      }
      const int kmax = static_cast<int>(std::ceil(margin[d])) + 1;
      for (int a = -kmax; a <= kmax; ++a) {
        const double s = l[d] + a;
        if (s >= -margin[d] && s < 1.0 + margin[d]) candidates[d].push_back(a);
      }
    }
    for (int a : candidates[0])
      for (int b : candidates[1])
        for (int cc : candidates[2]) {
          if (a == 0 && b == 0 && cc == 0) continue;
          lambda.push_back(l + Vec3(a, b, cc));
          img.push_back({img[i][0] + a, img[i][1] + b, img[i][2] + cc});
          owner_.push_back(i);
          ++ghost_count[i];
        }
  }
  const int next = static_cast<int>(owner_.size());
  images_.resize(3 * next);
  for (int k = 0; k < next; ++k)
    for (int d = 0; d < 3; ++d) images_[3 * k + d] = img[k][d];
  set_shifts(box);
  ghost_offsets_.assign(n + 1, 0);
  for (int i = 0; i < n; ++i) ghost_offsets_[i + 1] = ghost_offsets_[i] + ghost_count[i];
  ghosts_.resize(next - n);
  {
    std::vector<int> fill(ghost_offsets_.begin(), ghost_offsets_.end() - 1);
    for (int k = n; k < next; ++k) ghosts_[fill[owner_[k]]++] = k;
  }

  // Bins in fractional space, at least `margin` wide, so neighbours are in adjacent bins.
  Vec3 lo, hi;
  for (int d = 0; d < 3; ++d) {
    lo[d] = hi[d] = next ? lambda[0][d] : 0.0;
    for (int k = 0; k < next; ++k) {
      lo[d] = std::min(lo[d], lambda[k][d]);
      hi[d] = std::max(hi[d], lambda[k][d]);
    }
  }
  std::array<int, 3> nb{};
  Vec3 inv_w;
  long total_bins = 1;
  for (int d = 0; d < 3; ++d) {
    const double extent = std::max(hi[d] - lo[d], 1e-12);
    long count = static_cast<long>(std::floor(extent / margin[d]));
    count = std::clamp<long>(count, 1, 1L << 20);
    nb[d] = static_cast<int>(count);
    total_bins *= count;
  }
  // A sparse cluster in a huge cell would need more bins than atoms; coarser bins stay correct.
  while (total_bins > 8L * next + 64) {
    int d = static_cast<int>(std::max_element(nb.begin(), nb.end()) - nb.begin());
    nb[d] = std::max(1, nb[d] / 2);
    total_bins = static_cast<long>(nb[0]) * nb[1] * nb[2];
  }
  for (int d = 0; d < 3; ++d) inv_w[d] = nb[d] / std::max(hi[d] - lo[d], 1e-12);
  auto bin_of = [&](const Vec3& l, int d) {
    return std::clamp(static_cast<int>((l[d] - lo[d]) * inv_w[d]), 0, nb[d] - 1);
  };
  std::vector<int> bin_index(next), bin_start(total_bins + 1, 0), bin_atoms(next);
  for (int k = 0; k < next; ++k) {
    const int b = (bin_of(lambda[k], 2) * nb[1] + bin_of(lambda[k], 1)) * nb[0] + bin_of(lambda[k], 0);
    bin_index[k] = b;
    ++bin_start[b + 1];
  }
  for (long b = 0; b < total_bins; ++b) bin_start[b + 1] += bin_start[b];
  {
    std::vector<int> fill(bin_start.begin(), bin_start.end() - 1);
    for (int k = 0; k < next; ++k) bin_atoms[fill[bin_index[k]]++] = k;
  }

  std::vector<double> xe(3 * next);
  for (int k = 0; k < next; ++k)
    for (int d = 0; d < 3; ++d) xe[3 * k + d] = c.x[3 * owner_[k] + d] + shift_[3 * k + d];

  const double reach2 = reach * reach, cut2 = cutoff_ * cutoff_;
  const bool by_type = pair_types_ > 0;
  if (by_type)
    for (int t : c.types)
      if (t < 1 || t > pair_types_) throw std::invalid_argument("neighbor list: atom type outside its pair cutoffs");
  offsets_.assign(n + 1, 0);
  neighbors_.clear();
  std::vector<int> in_skin;  // this row's pairs beyond the cutoff, listed after those within
  for (int i = 0; i < n; ++i) {
    in_skin.clear();
    const std::size_t row_of_i = by_type ? static_cast<std::size_t>(c.types[i] - 1) * pair_types_ : 0;
    const int bx = bin_of(lambda[i], 0), by = bin_of(lambda[i], 1), bz = bin_of(lambda[i], 2);
    for (int z = std::max(bz - 1, 0); z <= std::min(bz + 1, nb[2] - 1); ++z)
      for (int y = std::max(by - 1, 0); y <= std::min(by + 1, nb[1] - 1); ++y)
        for (int x = std::max(bx - 1, 0); x <= std::min(bx + 1, nb[0] - 1); ++x) {
          const int b = (z * nb[1] + y) * nb[0] + x;
          for (int q = bin_start[b]; q < bin_start[b + 1]; ++q) {
            const int k = bin_atoms[q];
            const int o = owner_[k];
            if (o < i) continue;
            if (needed_ >= 0 && i >= needed_ && o >= needed_) continue;
            if (o == i) {
              const std::array<int, 3> s{img[k][0] - img[i][0], img[k][1] - img[i][1], img[k][2] - img[i][2]};
              if (!lexicographically_positive(s)) continue;  // also drops k == i
            }
            const double dx = xe[3 * k] - xe[3 * i], dy = xe[3 * k + 1] - xe[3 * i + 1],
                         dz = xe[3 * k + 2] - xe[3 * i + 2];
            const double rsq = dx * dx + dy * dy + dz * dz;
            if (rsq >= (by_type ? pair_reach2_[row_of_i + c.types[o] - 1] : reach2)) continue;
            (rsq < (by_type ? pair_cut2_[row_of_i + c.types[o] - 1] : cut2) ? neighbors_ : in_skin).push_back(k);
          }
        }
    neighbors_.insert(neighbors_.end(), in_skin.begin(), in_skin.end());
    offsets_[i + 1] = static_cast<int>(neighbors_.size());
  }

  nlocal_ = n;
  box_at_build_ = box;
  x_at_build_ = c.x;
  ++builds_;
  upload();
}

void NeighborList::upload() {
  device_.offsets = to_device(offsets_, "nl_offsets");
  device_.neighbors = to_device(neighbors_, "nl_neighbors");
  device_.owner = to_device(owner_, "nl_owner");
  device_.ghost_offsets = to_device(ghost_offsets_, "nl_ghost_offsets");
  device_.ghosts = to_device(ghosts_, "nl_ghosts");
  Kokkos::View<double* [3]> shift(Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string("nl_shift")),
                                  owner_.size());
  Kokkos::View<const double* [3], Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> h(shift_.data(),
                                                                                                owner_.size());
  Kokkos::deep_copy(shift, h);
  device_.shift = shift;
  device_.nlocal = nlocal_;
  device_.dimension = box_at_build_.dimension;
  device_.nextended = static_cast<int>(owner_.size());
}

std::vector<double> NeighborList::extended_positions(const std::vector<double>& x) const {
  std::vector<double> xe(shift_.size());
  for (std::size_t k = 0; k < owner_.size(); ++k)
    for (int d = 0; d < 3; ++d) xe[3 * k + d] = x[3 * owner_[k] + d] + shift_[3 * k + d];
  return xe;
}

}  // namespace metabasin
