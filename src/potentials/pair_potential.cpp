// SPDX-License-Identifier: BSD-3-Clause
#include "pair_potential.hpp"

#include "error.hpp"

namespace metabasin {

namespace {
using HostConstAtoms = Kokkos::View<const double* [3], Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>>;
using HostAtoms = Kokkos::View<double* [3], Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>>;
using HostConstInts = Kokkos::View<const int*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>>;
using HostScalars = Kokkos::View<double*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>>;
}  // namespace

PairPotential::PairPotential(std::vector<std::string> elements, double cutoff, double skin)
    : elements_(std::move(elements)), cutoff_(cutoff), nlist_(cutoff, skin) {}

void PairPotential::check(const Configuration& c) const {
  if (c.ntypes != static_cast<int>(elements_.size()))
    throw InputError("potential.elements lists " + std::to_string(elements_.size()) +
                     " elements but the data file has " + std::to_string(c.ntypes) +
                     " atom types; give one element per atom type");
  for (int t : c.types)
    if (t < 1 || t > c.ntypes)
      throw InputError("the data file has an atom of type " + std::to_string(t) + " outside 1.." +
                       std::to_string(c.ntypes));
}

void PairPotential::compute_impl(const Configuration& c, ForceResult& out, const ForceRequest& request) {
  nlist_.update(c);
  const NeighborView& nl = nlist_.device();
  const int n = nl.nlocal, next = nl.nextended;
  if (x_local_.extent(0) != static_cast<std::size_t>(n)) {
    x_local_ = Kokkos::View<double* [3]>(Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string("x_local")), n);
    t_local_ = Kokkos::View<int*>(Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string("t_local")), n);
  }
  if (x_ext_.extent(0) != static_cast<std::size_t>(next)) {
    x_ext_ = Kokkos::View<double* [3]>(Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string("x_ext")), next);
    f_ext_ = Kokkos::View<double* [3]>("f_ext", next);
    type_ext_ = Kokkos::View<int*>(Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string("type_ext")), next);
    eatom_ext_ = Kokkos::View<double*>("eatom_ext", next);
  }
  // Local positions and types to the device (a plain copy for host backends), then ghosts.
  Kokkos::deep_copy(x_local_, HostConstAtoms(c.x.data(), n));
  Kokkos::deep_copy(t_local_, HostConstInts(c.types.data(), n));
  auto x_local = x_local_;
  auto t_local = t_local_;
  auto x_ext = x_ext_;
  auto f_ext = f_ext_;
  auto type_ext = type_ext_;
  Kokkos::parallel_for(
      "gather_extended", next, KOKKOS_LAMBDA(const int k) {
        const int o = nl.owner(k);
        for (int d = 0; d < 3; ++d) {
          x_ext(k, d) = x_local(o, d) + nl.shift(k, d);
          f_ext(k, d) = 0.0;
        }
        type_ext(k) = t_local(o) - 1;
      });
  if (request.per_atom_energy) Kokkos::deep_copy(eatom_ext_, 0.0);

  out.energy = compute_extended(nl, request);
  if (request.virial) out.virial = virial(next);

  Kokkos::parallel_for(
      "fold_forces", n, KOKKOS_LAMBDA(const int i) {
        for (int g = nl.ghost_offsets(i); g < nl.ghost_offsets(i + 1); ++g) {
          const int k = nl.ghosts(g);
          for (int d = 0; d < 3; ++d) f_ext(i, d) += f_ext(k, d);
        }
      });
  Kokkos::deep_copy(HostAtoms(out.forces.data(), n), Kokkos::subview(f_ext_, std::make_pair(0, n), Kokkos::ALL));
  if (request.per_atom_energy) {
    fold_to_owners(nl, eatom_ext_);
    Kokkos::deep_copy(HostScalars(out.atom_energy.data(), n), Kokkos::subview(eatom_ext_, std::make_pair(0, n)));
  }
}

// As LAMMPS' fdotr: the sum over local and ghost atoms of x (x) f before folding, which equals
// the sum over pairs of (x_i - x_j) (x) f_ij at O(N) cost.
std::array<double, 6> PairPotential::virial(int next) const {
  auto x_ext = x_ext_;
  auto f_ext = f_ext_;
  VirialSum w;
  Kokkos::parallel_reduce(
      "virial_fdotr", next,
      KOKKOS_LAMBDA(const int k, VirialSum& acc) {
        acc.v[0] += x_ext(k, 0) * f_ext(k, 0);
        acc.v[1] += x_ext(k, 1) * f_ext(k, 1);
        acc.v[2] += x_ext(k, 2) * f_ext(k, 2);
        acc.v[3] += x_ext(k, 1) * f_ext(k, 0);
        acc.v[4] += x_ext(k, 2) * f_ext(k, 0);
        acc.v[5] += x_ext(k, 2) * f_ext(k, 1);
      },
      w);
  std::array<double, 6> v;
  for (int k = 0; k < 6; ++k) v[k] = w.v[k];
  return v;
}

void PairPotential::fold_to_owners(const NeighborView& nl, Kokkos::View<double*> values) {
  Kokkos::parallel_for(
      "fold_scalar", nl.nlocal, KOKKOS_LAMBDA(const int i) {
        for (int g = nl.ghost_offsets(i); g < nl.ghost_offsets(i + 1); ++g) values(i) += values(nl.ghosts(g));
      });
}

}  // namespace metabasin
