// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The Mueller-Brown surface (Mueller & Brown, Theor. Chim. Acta 53, 75 (1979)), a standard
// two-coordinate test for minimizers and saddle searches. Each atom feels V(x, y)
// independently; units are the surface's own (energy, length), z is ignored.
#include "potential.hpp"

namespace metabasin {

class MullerBrown : public Potential {
 public:
  std::string style() const override { return "muller-brown"; }
  void check(const Configuration& c) const override;
  double overlap_distance(int, int) const override { return 0.0; }
  double cutoff() const override { return 0.0; }
  std::unique_ptr<Potential> clone() const override { return std::make_unique<MullerBrown>(); }
  /// Value and gradient at one point.
  static double value(double x, double y, double* dvdx = nullptr, double* dvdy = nullptr);

 protected:
  void compute_impl(const Configuration& c, ForceResult& out, const ForceRequest& request) override;
};

}  // namespace metabasin
