// SPDX-License-Identifier: BSD-3-Clause
#include "shear_stress.hpp"

#include "units.hpp"

namespace metabasin {

double pressure_xy(const ForceResult& r, const Box& box) { return r.virial[3] / box.volume() * units::ev_per_a3_to_gpa; }

}  // namespace metabasin
