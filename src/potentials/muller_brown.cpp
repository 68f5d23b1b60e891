// SPDX-License-Identifier: BSD-3-Clause
#include "muller_brown.hpp"

#include <cmath>

#include "error.hpp"

namespace metabasin {

namespace {
constexpr double kA[4] = {-200.0, -100.0, -170.0, 15.0};
constexpr double ka[4] = {-1.0, -1.0, -6.5, 0.7};
constexpr double kb[4] = {0.0, 0.0, 11.0, 0.6};
constexpr double kc[4] = {-10.0, -10.0, -6.5, 0.7};
constexpr double kx0[4] = {1.0, 0.0, -0.5, -1.0};
constexpr double ky0[4] = {0.0, 0.5, 1.5, 1.0};
}  // namespace

double MullerBrown::value(double x, double y, double* dvdx, double* dvdy) {
  double v = 0.0, gx = 0.0, gy = 0.0;
  for (int k = 0; k < 4; ++k) {
    const double dx = x - kx0[k], dy = y - ky0[k];
    const double term = kA[k] * std::exp(ka[k] * dx * dx + kb[k] * dx * dy + kc[k] * dy * dy);
    v += term;
    gx += term * (2.0 * ka[k] * dx + kb[k] * dy);
    gy += term * (kb[k] * dx + 2.0 * kc[k] * dy);
  }
  if (dvdx) *dvdx = gx;
  if (dvdy) *dvdy = gy;
  return v;
}

void MullerBrown::check(const Configuration& c) const {
  if (c.box.dimension != 2) throw InputError("potential.style muller-brown needs system.dimension 2");
  if (c.size() == 0) throw InputError("potential.style muller-brown needs at least one atom");
}

void MullerBrown::compute_impl(const Configuration& c, ForceResult& out, const ForceRequest& request) {
  for (std::size_t i = 0; i < c.size(); ++i) {
    double gx = 0.0, gy = 0.0;
    const double x = c.x[3 * i], y = c.x[3 * i + 1];
    const double v = value(x, y, &gx, &gy);
    out.energy += v;
    out.forces[3 * i] = -gx;
    out.forces[3 * i + 1] = -gy;
    // No pair interactions: the virial of an external field, sum of r (x) f.
    out.virial[0] += -x * gx;
    out.virial[1] += -y * gy;
    out.virial[3] += -x * gy;
    if (request.per_atom_energy) out.atom_energy[i] = v;
  }
}

}  // namespace metabasin
