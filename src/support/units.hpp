// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// LAMMPS `metal` unit constants, with LAMMPS' own values so that trajectories agree.
namespace metabasin::units {

constexpr double boltz = 8.617343e-5;         // eV/K
constexpr double mvv2e = 1.0364269e-4;        // amu (A/ps)^2 -> eV
constexpr double ftm2v = 1.0 / 1.0364269e-4;  // (eV/A)/amu -> A/ps^2
constexpr double nktv2p = 1.6021765e6;        // eV/A^3 -> bar
constexpr double ev_per_a3_to_gpa = nktv2p / 1.0e4;

}  // namespace metabasin::units
