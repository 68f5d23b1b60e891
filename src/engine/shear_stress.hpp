// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The shear stress, once. metabasin's one sign convention: the shear stress is
// tau = -P_xy (GPa), P the pressure tensor (LAMMPS' pxy, positive in compression), so tau is
// positive when the sample resists a positive shear strain gamma_xy. Every task, table,
// sequence and sweep reports tau; the catalog stores P_xy itself (`InherentStructure::
// pressure_xy`), named so.
#include "box.hpp"
#include "potential.hpp"

namespace metabasin {

/// P_xy (GPa) of a static configuration: the virial's xy part over the volume (no kinetic part).
double pressure_xy(const ForceResult& r, const Box& box);

/// tau = -P_xy: the shear stress (GPa).
inline double shear_stress_from_pressure_xy(double pxy) { return -pxy; }

/// tau = -P_xy (GPa) of a static configuration from its force result.
inline double shear_stress(const ForceResult& r, const Box& box) {
  return shear_stress_from_pressure_xy(pressure_xy(r, box));
}

}  // namespace metabasin
