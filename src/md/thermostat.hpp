// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Thermostats as half-step hooks around the velocity-Verlet kicks.
#include <random>
#include <string>
#include <vector>

namespace metabasin {

/// Nose-Hoover chain exactly as LAMMPS fix nvt (fix_nh::nhc_temp_integrate, tchain 3,
/// tloop 1, no drag), so that short NVT trajectories agree with LAMMPS to round-off.
class NoseHooverChain {
 public:
  NoseHooverChain(int chain_length, double t_damp, double dt);
  /// First call: chain masses from the target temperature (LAMMPS setup()).
  void setup(double t_target, double dof);
  /// Half-step update; returns the factor by which all velocities must be scaled.
  /// `t_current` is the instantaneous temperature of the velocities it acts on.
  double half_step(double t_current, double t_target, double dof);
  /// Energy of the chain variables (conserved-quantity bookkeeping).
  double energy(double t_target, double dof) const;
  /// The chain's variables (eta, eta_dot, eta_dotdot, masses), to continue a run exactly.
  std::vector<double> state() const;
  /// Restores what state() returned; InputError when it is not a chain of this length.
  void restore(const std::vector<double>& s);

 private:
  int m_;
  double t_freq_, dt_;
  std::vector<double> eta_, eta_dot_, eta_dotdot_, eta_mass_;
};

/// Langevin dynamics as exact Ornstein-Uhlenbeck half steps (OBABO splitting).
class LangevinBath {
 public:
  LangevinBath(double t_damp, double dt, unsigned seed) : t_damp_(t_damp), dt_(dt), rng_(seed) {}
  /// v <- c v + sqrt((1 - c^2) kT/m) xi over half a step, per atom mass m (amu), for the
  /// first `atoms` atoms (all when larger than the mass list).
  void half_step(std::vector<double>& v, const std::vector<double>& atom_mass, double t_target, int dimension,
                 std::size_t atoms = static_cast<std::size_t>(-1));
  /// The random stream's state as text, to continue a run with the same noise.
  std::string state() const;
  void restore(const std::string& s);

 private:
  double t_damp_, dt_;
  std::mt19937_64 rng_;
  std::normal_distribution<double> normal_{0.0, 1.0};
};

}  // namespace metabasin
