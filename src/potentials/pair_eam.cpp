// SPDX-License-Identifier: BSD-3-Clause
#include "pair_eam.hpp"

#include <Kokkos_ScatterView.hpp>
#include <algorithm>
#include <cmath>

#include "error.hpp"
#include "half_list_kernel.hpp"

namespace metabasin {

namespace {

Kokkos::View<double** [7]> upload_splines(const std::vector<Spline>& splines, const char* label) {
  const std::size_t n = splines.empty() ? 0 : splines[0].size();
  Kokkos::View<double** [7]> d(std::string(label), splines.size(), n);
  auto h = Kokkos::create_mirror_view(d);
  for (std::size_t t = 0; t < splines.size(); ++t)
    for (std::size_t m = 0; m < n; ++m)
      for (int c = 0; c < 7; ++c) h(t, m, c) = splines[t][m][c];
  Kokkos::deep_copy(d, h);
  return d;
}

}  // namespace

PairEAM::PairEAM(const EamFile& file, std::vector<std::string> elements, double skin)
    : PairPotential(std::move(elements), file.cutoff, skin),
      file_(std::make_shared<const EamFile>(file)),
      flavor_(file.flavor),
      path_(file.path),
      nrho_(file.nrho),
      nr_(file.nr),
      rdr_(1.0 / file.dr),
      rdrho_(1.0 / file.drho),
      rhomax_((file.nrho - 1) * file.drho),
      cutforcesq_(file.cutoff * file.cutoff) {
  const int ne = static_cast<int>(file.elements.size());
  const int nt = static_cast<int>(elements_.size());
  std::vector<int> map(nt);
  for (int t = 0; t < nt; ++t) {
    auto it = std::find(file.elements.begin(), file.elements.end(), elements_[t]);
    if (it == file.elements.end()) {
      std::string have;
      for (const auto& e : file.elements) have += (have.empty() ? "" : " ") + e;
      throw InputError("potential.elements names " + elements_[t] + ", which potential.file '" + file.path +
                       "' does not contain (it has: " + have + ")");
    }
    map[t] = static_cast<int>(it - file.elements.begin());
    type_mass_.push_back(file.masses[map[t]]);
  }

  std::vector<Spline> frho, rhor, z2r;
  for (int e = 0; e < ne; ++e) frho.push_back(lammps_spline(file.frho[e], file.drho));
  for (int e = 0; e < ne; ++e)
    for (const auto& dens : file.rhor[e]) rhor.push_back(lammps_spline(dens, file.dr));
  for (int a = 0; a < ne; ++a)
    for (int b = 0; b <= a; ++b) z2r.push_back(lammps_spline(file.z2r[a][b], file.dr));
  frho_spline_ = upload_splines(frho, "eam_frho");
  rhor_spline_ = upload_splines(rhor, "eam_rhor");
  z2r_spline_ = upload_splines(z2r, "eam_z2r");

  type2frho_ = Kokkos::View<int*>("type2frho", nt);
  type2rhor_ = Kokkos::View<int**>("type2rhor", nt, nt);
  type2z2r_ = Kokkos::View<int**>("type2z2r", nt, nt);
  auto h_frho = Kokkos::create_mirror_view(type2frho_);
  auto h_rhor = Kokkos::create_mirror_view(type2rhor_);
  auto h_z2r = Kokkos::create_mirror_view(type2z2r_);
  for (int i = 0; i < nt; ++i) {
    h_frho(i) = map[i];
    for (int j = 0; j < nt; ++j) {
      // setfl: density depends on the contributing element only; FS: on both.
      h_rhor(i, j) = flavor_ == EamFlavor::Alloy ? map[i] : map[i] * ne + map[j];
      const int hi = std::max(map[i], map[j]), lo = std::min(map[i], map[j]);
      h_z2r(i, j) = hi * (hi + 1) / 2 + lo;
    }
  }
  Kokkos::deep_copy(type2frho_, h_frho);
  Kokkos::deep_copy(type2rhor_, h_rhor);
  Kokkos::deep_copy(type2z2r_, h_z2r);
}

void PairEAM::check(const Configuration& c) const {
  PairPotential::check(c);
  for (int t = 1; t <= c.ntypes; ++t) {
    const double m = c.masses.empty() ? 0.0 : c.masses[t - 1];
    if (m > 0.0 && std::abs(m - type_mass_[t - 1]) > 0.01 * type_mass_[t - 1])
      throw InputError("the data file gives atom type " + std::to_string(t) + " the mass " + std::to_string(m) +
                       " but potential.elements maps it to " + elements_[t - 1] + " (mass " +
                       std::to_string(type_mass_[t - 1]) + " in '" + path_ +
                       "'); the type order in potential.elements does not match the data file");
  }
}

double PairEAM::compute_extended(const NeighborView& nl, const ForceRequest& request) {
  const bool per_atom_energy = request.per_atom_energy;
  const int next = nl.nextended;
  if (rho_ext_.extent(0) != static_cast<std::size_t>(next)) {
    rho_ext_ = Kokkos::View<double*>("eam_rho", next);
    fp_ext_ = Kokkos::View<double*>("eam_fp", next);
  }
  if (cut_neighbors_.extent(0) != nl.neighbors.extent(0))
    cut_neighbors_ = Kokkos::View<int*>(
        Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string("eam_cut_neighbors")), nl.neighbors.extent(0));
  if (cut_end_.extent(0) != static_cast<std::size_t>(nl.nlocal))
    cut_end_ =
        Kokkos::View<int*>(Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string("eam_cut_end")), nl.nlocal);
  Kokkos::deep_copy(rho_ext_, 0.0);
  auto x = x_ext_;
  auto type = type_ext_;
  auto rhor = rhor_spline_;
  auto frho = frho_spline_;
  auto z2r = z2r_spline_;
  auto t2rhor = type2rhor_;
  auto t2frho = type2frho_;
  auto t2z2r = type2z2r_;
  auto rho = rho_ext_;
  auto fp = fp_ext_;
  auto cut_neighbors = cut_neighbors_;
  auto cut_end = cut_end_;
  const double rdr = rdr_, rdrho = rdrho_, rhomax = rhomax_, cutforcesq = cutforcesq_;
  const int nr = nr_, nrho = nrho_;

  // Pass 1: electron density at every atom, and the rows of pairs within the cutoff.
  {
    Kokkos::Experimental::ScatterView<double*> rho_scatter(rho);
    Kokkos::parallel_for(
        "eam_density", nl.nlocal, KOKKOS_LAMBDA(const int i) {
          auto acc = rho_scatter.access();
          const int ti = type(i);
          const double xi = x(i, 0), yi = x(i, 1), zi = x(i, 2);
          // The pairs within the cutoff, compacted without a branch: over 40 % of listed pairs
          // lie in the skin, unpredictably, and a mispredicted branch costs more than the test.
          int within = nl.offsets(i);
          for (int k = nl.offsets(i), end = nl.offsets(i + 1); k < end; ++k) {
            const int j = nl.neighbors(k);
            const double dx = xi - x(j, 0), dy = yi - x(j, 1), dz = zi - x(j, 2);
            cut_neighbors(within) = j;
            within += dx * dx + dy * dy + dz * dz < cutforcesq;
          }
          cut_end(i) = within;
          double rhoi = 0.0;
          for (int k = nl.offsets(i); k < within; ++k) {
            const int j = cut_neighbors(k);
            const double dx = xi - x(j, 0), dy = yi - x(j, 1), dz = zi - x(j, 2);
            const double rsq = dx * dx + dy * dy + dz * dz;
            const int tj = type(j);
            double p = Kokkos::Experimental::sqrt(rsq) * rdr + 1.0;
            int m = static_cast<int>(p);
            m = m < nr - 1 ? m : nr - 1;
            p -= m;
            p = p < 1.0 ? p : 1.0;
            const int c = m - 1;  // LAMMPS tables are 1-based
            const int a = t2rhor(tj, ti), b = t2rhor(ti, tj);
            rhoi += ((rhor(a, c, 3) * p + rhor(a, c, 4)) * p + rhor(a, c, 5)) * p + rhor(a, c, 6);
            acc(j) += ((rhor(b, c, 3) * p + rhor(b, c, 4)) * p + rhor(b, c, 5)) * p + rhor(b, c, 6);
          }
          acc(i) += rhoi;
        });
    Kokkos::Experimental::contribute(rho, rho_scatter);
  }
  fold_to_owners(nl, rho);

  // Pass 2: embedding energy and its derivative on local atoms, then copied to ghosts.
  auto eatom = eatom_ext_;
  double embed = 0.0;
  Kokkos::parallel_reduce(
      "eam_embedding", nl.nlocal,
      KOKKOS_LAMBDA(const int i, double& e) {
        const int f = t2frho(type(i));
        double p = rho(i) * rdrho + 1.0;
        int m = static_cast<int>(p);
        m = m > 1 ? m : 1;
        m = m < nrho - 1 ? m : nrho - 1;
        p -= m;
        p = p < 1.0 ? p : 1.0;
        const int c = m - 1;
        fp(i) = (frho(f, c, 0) * p + frho(f, c, 1)) * p + frho(f, c, 2);
        double phi = ((frho(f, c, 3) * p + frho(f, c, 4)) * p + frho(f, c, 5)) * p + frho(f, c, 6);
        if (rho(i) > rhomax) phi += fp(i) * (rho(i) - rhomax);
        e += phi;
        if (per_atom_energy) eatom(i) += phi;
      },
      embed);
  Kokkos::parallel_for(
      "eam_fp_to_ghosts", nl.nlocal, KOKKOS_LAMBDA(const int i) {
        for (int g = nl.ghost_offsets(i); g < nl.ghost_offsets(i + 1); ++g) fp(nl.ghosts(g)) = fp(i);
      });

  // Pass 3: forces and pair energy, over the pairs within the cutoff. always_inline: GCC 12
  // otherwise calls this function once per pair (17 % more instructions).
  const HalfListRows within_cutoff{Kokkos::subview(nl.offsets, std::make_pair(0, nl.nlocal)), cut_end_, cut_neighbors_,
                                   nl.nlocal, nl.dimension};
  const double pair = half_list_forces(
      "eam_forces", within_cutoff, x, f_ext_, eatom, request,
      KOKKOS_LAMBDA(const int i, const int j, const double rsq, double& fpair, double& epair)
          __attribute__((always_inline)) {
            const int ti = type(i), tj = type(j);
            const double r = Kokkos::Experimental::sqrt(rsq);
            double p = r * rdr + 1.0;
            int m = static_cast<int>(p);
            m = m < nr - 1 ? m : nr - 1;
            p -= m;
            p = p < 1.0 ? p : 1.0;
            const int c = m - 1;  // LAMMPS tables are 1-based
            const int a = t2rhor(ti, tj), b = t2rhor(tj, ti), z = t2z2r(ti, tj);
            const double rhoip = (rhor(a, c, 0) * p + rhor(a, c, 1)) * p + rhor(a, c, 2);
            const double rhojp = (rhor(b, c, 0) * p + rhor(b, c, 1)) * p + rhor(b, c, 2);
            const double z2p = (z2r(z, c, 0) * p + z2r(z, c, 1)) * p + z2r(z, c, 2);
            const double z2 = ((z2r(z, c, 3) * p + z2r(z, c, 4)) * p + z2r(z, c, 5)) * p + z2r(z, c, 6);
            const double recip = 1.0 / r;
            const double phi = z2 * recip;
            const double phip = z2p * recip - phi * recip;
            const double psip = fp(i) * rhojp + fp(j) * rhoip + phip;
            fpair = -psip * recip;
            epair = phi;
            return true;
          });
  return pair + embed;
}

}  // namespace metabasin
