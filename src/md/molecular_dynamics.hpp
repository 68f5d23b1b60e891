// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Velocity-Verlet molecular dynamics in LAMMPS metal units, with a Nose-Hoover chain or
// Langevin thermostat, a stochastic cell-rescaling barostat, and homogeneous simple shear at
// a constant engineering rate. Under shear the velocities are peculiar (relative to the
// streaming profile u_x = gdot (y - ylo)): atoms move affinely with the cell plus their
// peculiar motion, with the SLLOD coupling term, as LAMMPS fix deform (remap v) with
// nvt/sllod. Tilt flips keep the cell compact at any strain.
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "barostat.hpp"
#include "potential.hpp"
#include "shear_stress.hpp"
#include "thermostat.hpp"

namespace metabasin {

struct MdParams {
  double dt = 0.002;                   // ps
  std::string thermostat = "none";     // none | nose-hoover | langevin
  double t_start = 0.0, t_stop = 0.0;  // K, linear ramp over the run
  double t_damp = 0.1;                 // ps
  int chain = 3;
  BarostatParams barostat;
  double shear_rate = 0.0;  // engineering gamma_xy per ps
  unsigned seed = 12345;
  /// 0: every atom moves. n > 0: only the first n atoms move; the others are held where they
  /// are, with zero velocity and no thermostat (a region's frozen shell, as LAMMPS users hold
  /// a group with fix setforce 0 0 0). The temperature is then that of the n atoms, d n
  /// degrees of freedom (the held atoms pin the centre of mass).
  std::size_t moving = 0;
};

struct Thermo {
  long step = 0;
  double time = 0.0;                                    // ps
  double temperature = 0.0;                             // K
  double potential_energy = 0.0, kinetic_energy = 0.0;  // eV
  std::array<double, 6> pressure{};                     // GPa, LAMMPS sign (xx yy zz xy xz yz)
  double volume = 0.0;                                  // A^3 (A^2 in 2D)
  double shear_strain = 0.0;                            // accumulated engineering gamma_xy of the run
  double conserved = 0.0;                               // E + thermostat energy (NVE/NVT-NH drift checks)
  double shear_stress() const { return shear_stress_from_pressure_xy(pressure[3]); }  // tau = -P_xy, GPa
};

/// Per-atom masses (amu) from the per-type masses; throws InputError if any is missing.
std::vector<double> atom_masses(const Configuration& c);
/// Maxwell-Boltzmann velocities at temperature T, zero total momentum, exact T.
void create_velocities(Configuration& c, double temperature, unsigned seed);
/// Degrees of freedom as LAMMPS compute temp: d N - d.
double degrees_of_freedom(const Configuration& c);
double temperature_of(const Configuration& c, const std::vector<double>& mass);

/// What a run carries from one step to the next besides the configuration: with the
/// positions, velocities and cell it continues the run exactly (a restart file holds it).
struct MdState {
  long step = 0, ramp_begin = 0;
  double strain = 0.0;
  double temperature = 0.0;                // K, of the velocities as the thermostat last saw them
  std::vector<double> thermostat;          // Nose-Hoover chain variables
  std::string thermostat_random, barostat_random;  // random streams (Langevin, barostat)
};

class MolecularDynamics {
 public:
  MolecularDynamics(Configuration& c, Potential& p, MdParams params, long total_steps);
  /// Advances one step. The target temperature ramps linearly over `total_steps`.
  /// `observed`: thermo() will be read after this step. An unobserved step computes forces
  /// only (no energy, no virial), unless a barostat needs the pressure; thermo() after it
  /// reports NaN potential energy and pressure.
  void step(bool observed = true);
  /// Starts a new linear ramp of the target temperature over the next `steps` steps,
  /// keeping the thermostat's state (quench protocols chain several).
  void set_temperature_ramp(double t_start, double t_stop, long steps);
  Thermo thermo() const;
  long steps_done() const { return step_; }
  const ForceResult& forces() const { return f_; }
  double target_temperature() const;
  MdState state() const;
  /// Continues from `s`; the configuration (positions, velocities, cell) must already be the
  /// one saved with it. InputError when `s` was saved with another thermostat.
  void restore(const MdState& s);

 private:
  Configuration& c_;
  Potential& p_;
  MdParams prm_;
  long total_steps_;
  long step_ = 0;
  long ramp_begin_ = 0;
  std::vector<double> mass_;
  ForceResult f_;
  double dof_;
  double strain_ = 0.0;
  double t_current_ = 0.0;
  std::optional<NoseHooverChain> nhc_;
  std::optional<LangevinBath> langevin_;
  CellRescaleBarostat barostat_;
  std::size_t moving_ = 0;  // atoms [0, moving_) move
  void kick(double dt_half);
  double current_temperature() const;
  void sllod(double dt_half);
  void deform();
};

}  // namespace metabasin
