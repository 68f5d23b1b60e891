#pragma once
// Small configurations shared by several test suites.
#include "configuration.hpp"

namespace metabasin::testing {

/// One particle on the Mueller-Brown surface at (x, y), in a 2D open cell.
inline Configuration mb_particle(double x, double y) {
  Configuration c;
  c.box.dimension = 2;
  c.box.periodic = {false, false, true};
  c.box.lo = Vec3(-3, -3, -0.5);
  c.box.len = Vec3(6, 6, 1);
  c.ids = {1};
  c.types = {1};
  c.masses = {1.0};
  c.x = {x, y, 0.0};
  c.image = {0, 0, 0};
  return c;
}

}  // namespace metabasin::testing
