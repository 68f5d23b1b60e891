// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Stochastic cell rescaling (Bussi & Bernetti, J. Chem. Phys. 153, 114107 (2020)): a
// first-order barostat that samples the isothermal-isobaric ensemble (without the noise it
// is Berendsen's). Isotropic, or independent along each periodic axis ("aniso": x and y
// independently in 2D, x, y and z in 3D). Tilts are kept; the cell is scaled affinely.
#include <array>
#include <random>
#include <string>

#include "configuration.hpp"

namespace metabasin {

struct BarostatParams {
  std::string style = "none";     // none | iso | aniso
  double pressure = 0.0;          // GPa
  double damp = 1.0;              // ps, relaxation time of the volume
  double compressibility = 0.01;  // 1/GPa (metals: 1/bulk modulus ~ 0.005-0.02)
};

class CellRescaleBarostat {
 public:
  CellRescaleBarostat(BarostatParams p, double dt, unsigned seed) : p_(std::move(p)), dt_(dt), rng_(seed) {}
  /// Rescales cell, positions (affinely) and velocities given the current pressure tensor
  /// [xx yy zz xy xz yz] (GPa) and the target temperature.
  void apply(Configuration& c, const std::array<double, 6>& pressure_gpa, double temperature);
  bool active() const { return p_.style != "none"; }
  /// The random stream's state as text, to continue a run with the same noise.
  std::string state() const;
  void restore(const std::string& s);

 private:
  BarostatParams p_;
  double dt_;
  std::mt19937_64 rng_;
  std::normal_distribution<double> normal_{0.0, 1.0};
};

}  // namespace metabasin
