// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The four atoms of the fuzz seeds (a 2D Cu-Zr square in a 4 A cell), shared by the seed writer
// and the fuzz-finding tests, which corrupt files written from the same atoms. Header-only, so
// the fuzz tools build without the testing library.
#include "configuration.hpp"

namespace metabasin::fuzz {

inline Configuration four_atoms() {
  Configuration c;
  c.box.dimension = 2;
  c.box.periodic = {true, true, false};
  c.box.len = Vec3(4.0, 4.0, 1.0);
  c.ntypes = 2;
  c.ids = {1, 2, 3, 4};
  c.types = {1, 2, 1, 2};
  c.masses = {63.546, 91.224};
  c.x = {0.5, 0.5, 0, 2.5, 0.5, 0, 0.5, 2.5, 0, 2.5, 2.5, 0};
  c.image.assign(12, 0);
  return c;
}

}  // namespace metabasin::fuzz
