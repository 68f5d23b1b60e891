// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// EAM tables from DYNAMO setfl (`eam/alloy`) and Finnis-Sinclair (`eam/fs`) files, and the
// cubic interpolation LAMMPS builds from them (pair_eam's 7-coefficient splines), so that
// our energies match LAMMPS to round-off.
#include <array>
#include <string>
#include <vector>

namespace metabasin {

enum class EamFlavor { Alloy, FinnisSinclair };

struct EamFile {
  std::string path;
  EamFlavor flavor;
  std::vector<std::string> elements;
  std::vector<double> masses;
  int nrho = 0, nr = 0;
  double drho = 0.0, dr = 0.0, cutoff = 0.0;
  std::vector<std::vector<double>> frho;               // [element][nrho]
  std::vector<std::vector<std::vector<double>>> rhor;  // [element][1 or nelements][nr]
  std::vector<std::vector<std::vector<double>>> z2r;   // [i][j <= i][nr], r*phi
};

/// Reads a setfl or FS file; throws InputError naming the file when it is missing or malformed.
EamFile read_eam_file(const std::string& path, EamFlavor flavor);

/// One tabulated function as LAMMPS interpolates it: per grid point m, coefficients
/// c[0..2] of the derivative and c[3..6] of the value in p = fractional position in the cell.
using Spline = std::vector<std::array<double, 7>>;
Spline lammps_spline(const std::vector<double>& f, double delta);

}  // namespace metabasin
