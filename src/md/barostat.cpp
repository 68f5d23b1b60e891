// SPDX-License-Identifier: BSD-3-Clause
#include "barostat.hpp"

#include <cmath>

#include "error.hpp"
#include "random_state.hpp"
#include "units.hpp"

namespace metabasin {

std::string CellRescaleBarostat::state() const { return random_state(rng_, normal_); }

void CellRescaleBarostat::restore(const std::string& s) { restore_random_state(s, rng_, normal_, "barostat"); }

void CellRescaleBarostat::apply(Configuration& c, const std::array<double, 6>& p, double temperature) {
  if (!active()) return;
  const int dim = c.box.dimension;
  const double kt_over_v = units::boltz * temperature / c.box.volume() * units::ev_per_a3_to_gpa;  // GPa
  const double drift = p_.compressibility / p_.damp * dt_;
  const double noise = std::sqrt(2.0 * kt_over_v * p_.compressibility / p_.damp * dt_);
  std::array<double, 3> scale{1.0, 1.0, 1.0};
  if (p_.style == "iso") {
    double p_inst = 0.0;
    for (int d = 0; d < dim; ++d) p_inst += p[d] / dim;
    const double d_eps = -drift * (p_.pressure - p_inst - kt_over_v) + noise * normal_(rng_);  // eps = ln V
    for (int d = 0; d < dim; ++d) scale[d] = std::exp(d_eps / dim);
  } else {
    for (int d = 0; d < dim; ++d)
      if (c.box.periodic[d]) scale[d] = std::exp(-drift * (p_.pressure - p[d]) + noise * normal_(rng_));
  }
  Box b = c.box;
  for (int d = 0; d < 3; ++d) b.len[d] *= scale[d];
  b.xy *= scale[0];
  b.xz *= scale[0];
  b.yz *= scale[1];
  // A box the barostat blows up or collapses (a huge pressure target or compressibility) is a
  // numerical failure, reported with the cell's fault instead of stresses of 1e14 GPa.
  if (const std::string defect = cell_defect(b, c.size()); !defect.empty())
    throw NumericalError("md.barostat: the cell left the range of condensed matter: " + defect +
                         "; lower md.compressibility or check md.pressure");
  remap_affine(c, b);
  if (!c.v.empty())
    for (std::size_t i = 0; i < c.size(); ++i)
      for (int d = 0; d < 3; ++d) c.v[3 * i + d] /= scale[d];
}

}  // namespace metabasin
