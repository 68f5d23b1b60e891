// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Multi-element 12-6 Lennard-Jones, identical to LAMMPS `pair_style lj/cut` with per-pair
// cutoffs and optionally `pair_modify shift yes`.
#include <string>
#include <vector>

#include "pair_potential.hpp"

namespace metabasin {

struct LJPair {
  std::string a, b;  // element names
  double epsilon = 0.0, sigma = 0.0, cutoff = 0.0;
};

struct LJCoeff {
  double cutsq, lj1, lj2, lj3, lj4, offset;
};

class PairLJ : public PairPotential {
 public:
  /// `pairs` must cover every unordered pair of `elements`.
  PairLJ(std::vector<std::string> elements, const std::vector<LJPair>& pairs, bool shift, double skin);
  std::string style() const override { return "lj"; }
  double overlap_distance(int type_a, int type_b) const override;
  /// The LJ force at the cutoff: the energy shift (shift: true) leaves it, as LAMMPS's lj/cut does.
  double cutoff_force_jump() const override;
  std::unique_ptr<Potential> clone() const override {
    return std::make_unique<PairLJ>(elements_, pairs_, shift_, nlist_.skin());
  }

 protected:
  double compute_extended(const NeighborView& nl, const ForceRequest& request) override;

 private:
  std::vector<LJPair> pairs_;
  bool shift_;
  int ntypes_;
  std::vector<double> sigma_;  // per type pair, for the overlap check
  Kokkos::View<LJCoeff**> coeff_;
};

}  // namespace metabasin
