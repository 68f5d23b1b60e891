// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The loop every pairwise force shares: over a half neighbor list, apply each pair force to
// both partners and sum the energy (half to each atom when per-atom energies are asked for).
// A style supplies only the physics of one pair, as a functor
//   bool pair(int i, int j, double rsq, double& fpair, double& epair)
// returning false for pairs beyond its cutoff; force on i is (x_i - x_j) * fpair.
#include <Kokkos_Core.hpp>
#include <Kokkos_ScatterView.hpp>
#include <utility>

#include "neighbor_list.hpp"
#include "potential.hpp"

namespace metabasin {

/// The pairs a force loop visits: local atom i's partners are neighbors(first(i)) ..
/// neighbors(last(i) - 1). The whole neighbor list, or a style's own shorter rows (EAM keeps
/// the pairs within its cutoff, found in its density pass).
struct HalfListRows {
  Kokkos::View<const int*> first, last, neighbors;
  int nlocal = 0;
  int dimension = 3;  // 2: z is 0 for every atom, and the loop skips it
  /// Every listed pair.
  static HalfListRows of(const NeighborView& nl) {
    return {Kokkos::subview(nl.offsets, std::make_pair(0, nl.nlocal)),
            Kokkos::subview(nl.offsets, std::make_pair(1, nl.nlocal + 1)), nl.neighbors, nl.nlocal, nl.dimension};
  }
};

// Energy: the total pair energy is summed (a reduction); without it the loop is a plain
// parallel_for and the compiler drops the pair energies. PerAtomEnergy implies Energy.
// Planar: every z is 0, so the z terms (0 in rsq, 0 forces) are left out, which changes no
// bit of the result and saves a sixth of the instructions.
template <bool Energy, bool PerAtomEnergy, bool Planar, class PairFunction>
double half_list_forces(const char* label, const HalfListRows& nl, Kokkos::View<double* [3]> x,
                        Kokkos::View<double* [3]> f_ext, Kokkos::View<double*> eatom, const PairFunction& pair) {
  Kokkos::Experimental::ScatterView<double* [3]> f_scatter(f_ext);
  Kokkos::Experimental::ScatterView<double*> e_scatter(eatom);
  // The forces of atom i's half list, added to both partners; its pair energies are summed
  // into `e` one by one (the reduction's own order, so the total does not depend on Energy).
  auto atom = KOKKOS_LAMBDA(const int i, double& e) {
    auto f = f_scatter.access();
    const double xi = x(i, 0), yi = x(i, 1), zi = Planar ? 0.0 : x(i, 2);
    double fxi = 0.0, fyi = 0.0, fzi = 0.0, ei = 0.0;
    for (int k = nl.first(i), end = nl.last(i); k < end; ++k) {
      const int j = nl.neighbors(k);
      const double dx = xi - x(j, 0), dy = yi - x(j, 1), dz = Planar ? 0.0 : zi - x(j, 2);
      double fpair, epair;
      if (!pair(i, j, Planar ? dx * dx + dy * dy : dx * dx + dy * dy + dz * dz, fpair, epair)) continue;
      fxi += dx * fpair;
      fyi += dy * fpair;
      f(j, 0) -= dx * fpair;
      f(j, 1) -= dy * fpair;
      if constexpr (!Planar) {
        fzi += dz * fpair;
        f(j, 2) -= dz * fpair;
      }
      if constexpr (Energy) e += epair;
      if constexpr (PerAtomEnergy) {
        ei += 0.5 * epair;
        e_scatter.access()(j) += 0.5 * epair;
      }
    }
    f(i, 0) += fxi;
    f(i, 1) += fyi;
    if constexpr (!Planar) f(i, 2) += fzi;
    if constexpr (PerAtomEnergy) e_scatter.access()(i) += ei;
  };
  double energy = 0.0;
  if constexpr (Energy)
    Kokkos::parallel_reduce(
        label, nl.nlocal, KOKKOS_LAMBDA(const int i, double& e) { atom(i, e); }, energy);
  else
    Kokkos::parallel_for(
        label, nl.nlocal, KOKKOS_LAMBDA(const int i) {
          double unused = 0.0;
          atom(i, unused);
        });
  Kokkos::Experimental::contribute(f_ext, f_scatter);
  if constexpr (PerAtomEnergy) Kokkos::Experimental::contribute(eatom, e_scatter);
  return energy;
}

/// Dispatches on the request to the compiled variants: forces only, with the energy, with
/// per-atom energies too; each in 3D and in the plane.
template <bool Planar, class PairFunction>
double half_list_forces(const char* label, const HalfListRows& nl, Kokkos::View<double* [3]> x,
                        Kokkos::View<double* [3]> f_ext, Kokkos::View<double*> eatom, const ForceRequest& request,
                        const PairFunction& pair) {
  if (request.per_atom_energy) return half_list_forces<true, true, Planar>(label, nl, x, f_ext, eatom, pair);
  if (request.energy) return half_list_forces<true, false, Planar>(label, nl, x, f_ext, eatom, pair);
  return half_list_forces<false, false, Planar>(label, nl, x, f_ext, eatom, pair);
}

template <class PairFunction>
double half_list_forces(const char* label, const HalfListRows& nl, Kokkos::View<double* [3]> x,
                        Kokkos::View<double* [3]> f_ext, Kokkos::View<double*> eatom, const ForceRequest& request,
                        const PairFunction& pair) {
  if (nl.dimension == 2) return half_list_forces<true>(label, nl, x, f_ext, eatom, request, pair);
  return half_list_forces<false>(label, nl, x, f_ext, eatom, request, pair);
}

}  // namespace metabasin
