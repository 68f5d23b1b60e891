// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Embedded-atom method, `eam/alloy` (setfl) and `eam/fs` (Finnis-Sinclair), evaluated exactly
// as LAMMPS pair_eam does (same tables, same splines, same cell lookup and cutoff).
#include <memory>
#include <string>
#include <vector>

#include "eam_tables.hpp"
#include "pair_potential.hpp"

namespace metabasin {

class PairEAM : public PairPotential {
 public:
  /// `elements[t-1]` names the element (as in the file) of data-file type t.
  PairEAM(const EamFile& file, std::vector<std::string> elements, double skin);
  std::string style() const override { return flavor_ == EamFlavor::Alloy ? "eam/alloy" : "eam/fs"; }
  void check(const Configuration& c) const override;
  double overlap_distance(int, int) const override { return overlap_; }
  double interaction_reach() const override { return 2.0 * cutoff(); }
  std::unique_ptr<Potential> clone() const override {
    return std::make_unique<PairEAM>(*file_, elements_, nlist_.skin());
  }
  /// Mass the file gives for the element of data-file type t.
  double mass_of_type(int t) const { return type_mass_[t - 1]; }

 protected:
  double compute_extended(const NeighborView& nl, const ForceRequest& request) override;

 private:
  std::shared_ptr<const EamFile> file_;  // kept for clone()
  EamFlavor flavor_;
  std::string path_;
  std::vector<double> type_mass_;
  // Metal atoms never come closer than ~1.5 A in any physical state; 1 A flags overlaps.
  double overlap_ = 1.0;
  int nrho_, nr_;
  double rdr_, rdrho_, rhomax_, cutforcesq_;
  Kokkos::View<double**[7]> frho_spline_, rhor_spline_, z2r_spline_;
  Kokkos::View<int*> type2frho_;
  Kokkos::View<int**> type2rhor_, type2z2r_;  // type2rhor(j, i): density at an i atom due to a j atom
  Kokkos::View<double*> rho_ext_, fp_ext_;
  // The pairs within the cutoff, found by the density pass, in the neighbor list's row slots:
  // atom i's partners are cut_neighbors_(offsets(i)) .. cut_neighbors_(cut_end_(i) - 1). The
  // force pass visits them without a cutoff test, whose unpredictable branch (over 40 % of
  // listed pairs lie in the skin) cost more time than its instructions.
  Kokkos::View<int*> cut_neighbors_, cut_end_;
};

}  // namespace metabasin
