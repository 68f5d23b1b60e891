// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Half neighbor list over "extended" atoms: every local atom wrapped into the cell, plus
// the periodic images (ghosts) that lie within cutoff + skin of the cell. A ghost is its
// owner's position plus a fixed lattice shift, so between rebuilds no wrapping is needed.
// Binning is done in fractional coordinates, which keeps it exact and O(N) for any tilt.
#include <Kokkos_Core.hpp>
#include <vector>

#include "configuration.hpp"

namespace metabasin {

/// What a kernel needs of the list; views live in the default memory space.
struct NeighborView {
  Kokkos::View<const int*> offsets;        // nlocal + 1
  // Extended indices j of pairs (i, j), each pair once. Each row lists the pairs that were
  // within the (pair) cutoff at the build first, those in the skin after: a kernel's cutoff
  // test then sees a run of true and a run of false, which a branch predictor follows, where
  // in index order it was a coin toss per pair (LJ 2D forces 20-25 % faster; speed study).
  Kokkos::View<const int*> neighbors;
  Kokkos::View<const int*> owner;          // local atom behind each extended atom
  Kokkos::View<const double* [3]> shift;   // Cartesian shift: x_ext = x[owner] + shift
  Kokkos::View<const int*> ghost_offsets;  // nlocal + 1, CSR of extended copies per local atom
  Kokkos::View<const int*> ghosts;
  int nlocal = 0;
  int nextended = 0;
  int dimension = 3;  // 2: every atom and ghost lies in the z = 0 plane
};

class NeighborList {
 public:
  NeighborList(double cutoff, double skin);
  /// Per type pair cutoffs (data-file types 1..ntypes, `cutoffs[(a-1) * ntypes + (b-1)]`, each
  /// at most the list's cutoff): a pair is listed within its own cutoff + skin, as LAMMPS'
  /// cutneighsq, so short-ranged pairs are not carried to the longest range.
  void set_pair_cutoffs(int ntypes, std::vector<double> cutoffs);
  /// Lists only pairs with at least one of the first `n` local atoms (an active region's
  /// moving atoms): pairs of two frozen atoms add a constant energy and forces nobody reads.
  /// The default lists every pair.
  void set_needed_atoms(std::size_t n);

  /// Rebuilds when the atom count or boundaries changed, or when atom motion and cell
  /// deformation since the last build could have brought an unlisted pair within the cutoff.
  /// A deformed cell without rebuild only moves the ghosts. Returns true if it rebuilt.
  bool update(const Configuration& c);
  void build(const Configuration& c);

  int nlocal() const { return nlocal_; }
  int nextended() const { return static_cast<int>(owner_.size()); }
  const std::vector<int>& offsets() const { return offsets_; }
  const std::vector<int>& neighbors() const { return neighbors_; }
  const std::vector<int>& owner() const { return owner_; }
  std::vector<double> extended_positions(const std::vector<double>& x) const;
  const NeighborView& device() const { return device_; }
  long builds() const { return builds_; }
  double cutoff() const { return cutoff_; }
  double skin() const { return skin_; }

 private:
  double cutoff_, skin_;
  int pair_types_ = 0;                 // 0: one cutoff for every pair
  long needed_ = -1;                   // pairs need one atom below this index; -1: every pair
  std::vector<double> pair_cut2_;      // cutoff^2 per type pair
  std::vector<double> pair_reach2_;    // (cutoff + skin)^2 per type pair
  int nlocal_ = -1;
  long builds_ = 0;
  Box box_at_build_, box_now_;
  std::vector<double> x_at_build_;
  std::vector<int> owner_;
  std::vector<int> images_;    // 3 per extended atom: lattice image of the owner
  std::vector<double> shift_;  // 3 per extended atom, Cartesian, for the current cell
  void set_shifts(const Box& box);
  std::vector<int> offsets_, neighbors_;
  std::vector<int> ghost_offsets_, ghosts_;
  NeighborView device_;
  void upload();
};

}  // namespace metabasin
