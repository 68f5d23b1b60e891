#include "pair_lj.hpp"

#include <Kokkos_ScatterView.hpp>
#include <algorithm>
#include <cmath>

#include "error.hpp"

namespace metabasin {

namespace {
double max_cutoff(const std::vector<LJPair>& pairs) {
  double c = 0.0;
  for (const auto& p : pairs) c = std::max(c, p.cutoff);
  return c;
}
}  // namespace

PairLJ::PairLJ(std::vector<std::string> elements, const std::vector<LJPair>& pairs, bool shift, double skin)
    : PairPotential(std::move(elements), max_cutoff(pairs), skin), ntypes_(static_cast<int>(elements_.size())) {
  auto index_of = [&](const std::string& e) {
    return static_cast<int>(std::find(elements_.begin(), elements_.end(), e) - elements_.begin());
  };
  std::vector<const LJPair*> table(ntypes_ * ntypes_, nullptr);
  for (const auto& p : pairs) {
    const int a = index_of(p.a), b = index_of(p.b);
    if (a == ntypes_ || b == ntypes_)
      throw InputError("potential.pairs names element " + (a == ntypes_ ? p.a : p.b) +
                       ", which is not in potential.elements");
    if (p.epsilon < 0.0 || p.sigma <= 0.0 || p.cutoff <= 0.0)
      throw InputError("potential.pairs entry " + p.a + "-" + p.b +
                       " needs epsilon >= 0, sigma > 0 and cutoff > 0");
    if (table[a * ntypes_ + b])
      throw InputError("potential.pairs gives the pair " + p.a + "-" + p.b + " twice");
    table[a * ntypes_ + b] = table[b * ntypes_ + a] = &p;
  }
  // Several data-file types may map to one element; pairs are keyed by element.
  coeff_ = Kokkos::View<LJCoeff**>("lj_coeff", ntypes_, ntypes_);
  auto h = Kokkos::create_mirror_view(coeff_);
  sigma_.assign(ntypes_ * ntypes_, 0.0);
  for (int i = 0; i < ntypes_; ++i)
    for (int j = 0; j < ntypes_; ++j) {
      const int ei = index_of(elements_[i]), ej = index_of(elements_[j]);
      const LJPair* p = table[ei * ntypes_ + ej];
      if (!p)
        throw InputError("potential.pairs has no entry for the pair " + elements_[i] + "-" + elements_[j] +
                         "; every unordered pair of elements needs epsilon, sigma and cutoff");
      const double s6 = std::pow(p->sigma, 6.0), s12 = s6 * s6;
      LJCoeff k{p->cutoff * p->cutoff, 48.0 * p->epsilon * s12, 24.0 * p->epsilon * s6, 4.0 * p->epsilon * s12,
                4.0 * p->epsilon * s6, 0.0};
      if (shift) {
        const double ratio = p->sigma / p->cutoff;
        k.offset = 4.0 * p->epsilon * (std::pow(ratio, 12.0) - std::pow(ratio, 6.0));
      }
      h(i, j) = k;
      sigma_[i * ntypes_ + j] = p->sigma;
    }
  Kokkos::deep_copy(coeff_, h);
}

double PairLJ::overlap_distance(int type_a, int type_b) const {
  // At half of sigma the pair energy is 16000 epsilon: no physical configuration gets there.
  return 0.5 * sigma_[(type_a - 1) * ntypes_ + (type_b - 1)];
}

namespace {

template <bool PerAtomEnergy>
double lj_forces(const NeighborView& nl, Kokkos::View<double* [3]> x, Kokkos::View<int*> type,
                 Kokkos::View<LJCoeff**> coeff, Kokkos::View<double* [3]> f_ext, Kokkos::View<double*> eatom) {
  Kokkos::Experimental::ScatterView<double* [3]> f_scatter(f_ext);
  Kokkos::Experimental::ScatterView<double*> e_scatter(eatom);
  double energy = 0.0;
  Kokkos::parallel_reduce(
      "lj_forces", nl.nlocal,
      KOKKOS_LAMBDA(const int i, double& e) {
        auto f = f_scatter.access();
        const double xi = x(i, 0), yi = x(i, 1), zi = x(i, 2);
        const int ti = type(i);
        double fxi = 0.0, fyi = 0.0, fzi = 0.0, ei = 0.0;
        for (int k = nl.offsets(i); k < nl.offsets(i + 1); ++k) {
          const int j = nl.neighbors(k);
          const double dx = xi - x(j, 0), dy = yi - x(j, 1), dz = zi - x(j, 2);
          const double rsq = dx * dx + dy * dy + dz * dz;
          const LJCoeff& c = coeff(ti, type(j));
          if (rsq >= c.cutsq) continue;
          const double r2inv = 1.0 / rsq;
          const double r6inv = r2inv * r2inv * r2inv;
          const double fpair = r6inv * (c.lj1 * r6inv - c.lj2) * r2inv;
          const double epair = r6inv * (c.lj3 * r6inv - c.lj4) - c.offset;
          fxi += dx * fpair;
          fyi += dy * fpair;
          fzi += dz * fpair;
          f(j, 0) -= dx * fpair;
          f(j, 1) -= dy * fpair;
          f(j, 2) -= dz * fpair;
          e += epair;
          if constexpr (PerAtomEnergy) {
            ei += 0.5 * epair;
            e_scatter.access()(j) += 0.5 * epair;
          }
        }
        f(i, 0) += fxi;
        f(i, 1) += fyi;
        f(i, 2) += fzi;
        if constexpr (PerAtomEnergy) e_scatter.access()(i) += ei;
      },
      energy);
  Kokkos::Experimental::contribute(f_ext, f_scatter);
  if constexpr (PerAtomEnergy) Kokkos::Experimental::contribute(eatom, e_scatter);
  return energy;
}

}  // namespace

double PairLJ::compute_extended(const NeighborView& nl, bool per_atom_energy) {
  return per_atom_energy ? lj_forces<true>(nl, x_ext_, type_ext_, coeff_, f_ext_, eatom_ext_)
                         : lj_forces<false>(nl, x_ext_, type_ext_, coeff_, f_ext_, eatom_ext_);
}

}  // namespace metabasin
