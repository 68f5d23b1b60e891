// SPDX-License-Identifier: BSD-3-Clause
#include "pair_lj.hpp"

#include <algorithm>
#include <cmath>

#include "error.hpp"
#include "half_list_kernel.hpp"
#include "number_format.hpp"

namespace metabasin {

namespace {
double max_cutoff(const std::vector<LJPair>& pairs) {
  double c = 0.0;
  for (const auto& p : pairs) c = std::max(c, p.cutoff);
  return c;
}
}  // namespace

PairLJ::PairLJ(std::vector<std::string> elements, const std::vector<LJPair>& pairs, bool shift, double skin)
    : PairPotential(std::move(elements), max_cutoff(pairs), skin),
      pairs_(pairs),
      shift_(shift),
      ntypes_(static_cast<int>(elements_.size())) {
  auto index_of = [&](const std::string& e) {
    return static_cast<int>(std::find(elements_.begin(), elements_.end(), e) - elements_.begin());
  };
  std::vector<const LJPair*> table(ntypes_ * ntypes_, nullptr);
  for (const auto& p : pairs) {
    const int a = index_of(p.a), b = index_of(p.b);
    if (a == ntypes_ || b == ntypes_)
      throw InputError("potential.pairs names element " + (a == ntypes_ ? p.a : p.b) +
                       ", which is not in potential.elements");
    // Written so that NaN fails too; sigma^12 must stay finite (it overflows above ~1e25).
    const bool finite = std::isfinite(p.epsilon) && std::isfinite(p.cutoff) &&
                        std::isfinite(4.0 * p.epsilon * std::pow(p.sigma, 12.0));
    if (!finite || !(p.epsilon >= 0.0) || !(p.sigma > 0.0) || !(p.cutoff > 0.0))
      throw InputError("potential.pairs entry " + p.a + "-" + p.b + " needs finite epsilon >= 0, sigma > 0 and cutoff > 0 (got epsilon " +
                       brief(p.epsilon) + ", sigma " + brief(p.sigma) + ", cutoff " + brief(p.cutoff) + ")");
    if (table[a * ntypes_ + b]) throw InputError("potential.pairs gives the pair " + p.a + "-" + p.b + " twice");
    table[a * ntypes_ + b] = table[b * ntypes_ + a] = &p;
  }
  // Several data-file types may map to one element; pairs are keyed by element.
  coeff_ = Kokkos::View<LJCoeff**>("lj_coeff", ntypes_, ntypes_);
  auto h = Kokkos::create_mirror_view(coeff_);
  sigma_.assign(ntypes_ * ntypes_, 0.0);
  std::vector<double> pair_cutoffs(ntypes_ * ntypes_, 0.0);
  for (int i = 0; i < ntypes_; ++i)
    for (int j = 0; j < ntypes_; ++j) {
      const int ei = index_of(elements_[i]), ej = index_of(elements_[j]);
      const LJPair* p = table[ei * ntypes_ + ej];
      if (!p)
        throw InputError("potential.pairs has no entry for the pair " + elements_[i] + "-" + elements_[j] +
                         "; every unordered pair of elements needs epsilon, sigma and cutoff");
      const double s6 = std::pow(p->sigma, 6.0), s12 = s6 * s6;
      LJCoeff k{p->cutoff * p->cutoff,  48.0 * p->epsilon * s12, 24.0 * p->epsilon * s6,
                4.0 * p->epsilon * s12, 4.0 * p->epsilon * s6,   0.0};
      if (shift) {
        const double ratio = p->sigma / p->cutoff;
        k.offset = 4.0 * p->epsilon * (std::pow(ratio, 12.0) - std::pow(ratio, 6.0));
      }
      h(i, j) = k;
      sigma_[i * ntypes_ + j] = p->sigma;
      pair_cutoffs[i * ntypes_ + j] = p->cutoff;
    }
  Kokkos::deep_copy(coeff_, h);
  nlist_.set_pair_cutoffs(ntypes_, pair_cutoffs);
}

double PairLJ::overlap_distance(int type_a, int type_b) const {
  // At half of sigma the pair energy is 16000 epsilon: no physical configuration gets there.
  return 0.5 * sigma_[(type_a - 1) * ntypes_ + (type_b - 1)];
}

double PairLJ::cutoff_force_jump() const {
  double jump = 0.0;
  for (const LJPair& q : pairs_) {
    const double s6 = std::pow(q.sigma / q.cutoff, 6);
    jump = std::max(jump, std::abs(24.0 * q.epsilon * (2.0 * s6 * s6 - s6) / q.cutoff));
  }
  return jump;
}

double PairLJ::compute_extended(const NeighborView& nl, const ForceRequest& request) {
  auto type = type_ext_;
  auto coeff = coeff_;
  return half_list_forces(
      "lj_forces", HalfListRows::of(nl), x_ext_, f_ext_, eatom_ext_, request,
      KOKKOS_LAMBDA(const int i, const int j, const double rsq, double& fpair, double& epair)
          __attribute__((always_inline)) {
            const LJCoeff& c = coeff(type(i), type(j));
            if (rsq >= c.cutsq) return false;
            const double r2inv = 1.0 / rsq;
            const double r6inv = r2inv * r2inv * r2inv;
            fpair = r6inv * (c.lj1 * r6inv - c.lj2) * r2inv;
            epair = r6inv * (c.lj3 * r6inv - c.lj4) - c.offset;
            return true;
          });
}

}  // namespace metabasin
