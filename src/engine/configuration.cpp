// SPDX-License-Identifier: BSD-3-Clause
#include "configuration.hpp"

#include <cmath>

#include "error.hpp"
#include "number_format.hpp"

namespace metabasin {

void remap_affine(Configuration& c, const Box& new_box) {
  const Mat3 inv = c.box.cell_inverse();
  const Mat3 h_new = new_box.cell();
  for (std::size_t i = 0; i < c.size(); ++i) {
    const Vec3 lambda = inv * (c.position(i) - c.box.lo);
    const double z = c.x[3 * i + 2];
    c.set_position(i, new_box.lo + h_new * lambda);
    if (new_box.dimension == 2) c.x[3 * i + 2] = z;  // 2D atoms stay exactly in the z = 0 plane
  }
  c.box = new_box;
}

void apply_shear_xy(Configuration& c, double d_gamma) {
  Box b = c.box;
  b.xy += d_gamma * b.len[1];
  // A strain that overflows the tilt (or tilts the cell beyond any sample) is a wrong input.
  if (!std::isfinite(b.xy) || std::abs(b.xy) > CellLimits::max_length)
    throw InputError("a shear strain of " + shortest(d_gamma) + " tilts the cell to xy = " + shortest(b.xy) +
                     " (a finite tilt below " + shortest(CellLimits::max_length) + " needed)");
  remap_affine(c, b);
}

void wrap_atoms(Configuration& c) {
  if (c.image.size() != c.x.size()) c.image.assign(c.x.size(), 0);
  for (std::size_t i = 0; i < c.size(); ++i) {
    std::array<int, 3> img{c.image[3 * i], c.image[3 * i + 1], c.image[3 * i + 2]};
    c.set_position(i, c.box.wrap(c.position(i), img));
    for (int d = 0; d < 3; ++d) c.image[3 * i + d] = img[d];
  }
}

}  // namespace metabasin
