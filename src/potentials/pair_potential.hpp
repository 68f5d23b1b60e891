// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Shared machinery of short-ranged potentials: the neighbor list, per-type mapping, and
// moving positions to the extended (local + ghost) arrays the Kokkos kernels work on and
// folding ghost forces back to their owners.
#include <Kokkos_Core.hpp>
#include <array>
#include <string>
#include <vector>

#include "neighbor_list.hpp"
#include "potential.hpp"

namespace metabasin {

/// The six virial components, summed in one Kokkos reduction.
struct VirialSum {
  double v[6] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  KOKKOS_INLINE_FUNCTION VirialSum() = default;
  KOKKOS_INLINE_FUNCTION VirialSum& operator+=(const VirialSum& o) {
    for (int k = 0; k < 6; ++k) v[k] += o.v[k];
    return *this;
  }
  KOKKOS_INLINE_FUNCTION void operator+=(const volatile VirialSum& o) volatile {
    for (int k = 0; k < 6; ++k) v[k] += o.v[k];
  }
};

class PairPotential : public Potential {
 public:
  /// `elements[t-1]` is the element of data-file type t.
  PairPotential(std::vector<std::string> elements, double cutoff, double skin);
  void check(const Configuration& c) const override;
  double cutoff() const override { return cutoff_; }
  /// Pair styles skip pairs of two atoms that do not move. Many-body styles (reach beyond the
  /// cutoff) keep them: a frozen atom's density enters its moving neighbours' forces.
  void only_first_atoms_move(std::size_t n) override {
    if (interaction_reach() == cutoff()) nlist_.set_needed_atoms(n);
  }
  const std::vector<std::string>& elements() const { return elements_; }
  const NeighborList& neighbor_list() const { return nlist_; }

 protected:
  /// Fills f_ext_ (and eatom_ext_ when asked) on extended atoms, each pair force applied to
  /// both partners; returns the energy when asked (else anything). The base class derives the
  /// virial from f_ext_.
  virtual double compute_extended(const NeighborView& nl, const ForceRequest& request) = 0;
  void compute_impl(const Configuration& c, ForceResult& out, const ForceRequest& request) override;

  /// The virial of the forces in f_ext_ on the first `next` extended atoms, before folding.
  std::array<double, 6> virial(int next) const;
  /// Sums each ghost's value into its owner (result in the first nlocal rows).
  static void fold_to_owners(const NeighborView& nl, Kokkos::View<double*> values);

  std::vector<std::string> elements_;
  double cutoff_;
  NeighborList nlist_;
  Kokkos::View<double*[3]> x_local_, f_local_, x_ext_, f_ext_;
  Kokkos::View<int*> t_local_;
  Kokkos::View<int*> type_ext_;  // 0-based element index of each extended atom
  Kokkos::View<double*> eatom_ext_;
};

}  // namespace metabasin

namespace Kokkos {
template <>
struct reduction_identity<metabasin::VirialSum> {
  KOKKOS_FORCEINLINE_FUNCTION static metabasin::VirialSum sum() { return metabasin::VirialSum(); }
};
}  // namespace Kokkos
