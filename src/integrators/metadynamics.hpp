// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Strain-rate-controlled metadynamics (Cao, Short & Yip, PNAS 2019; Kushima et al.): from the
// current minimum, ABC samples activation pathways until it meets a barrier larger than Q0;
// a minimum is chosen among the sampled ones by the Metropolis rule at temperature T; a
// shear increment is applied and the system is minimized; repeat to the target strain.
// The strain rate this emulates is gdot = gdot0 exp(-(1 - a(T)) Q0 / kT): each strain step
// lasts d_gamma / gdot.
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "abc.hpp"
#include "configuration.hpp"
#include "minimizer.hpp"
#include "potential.hpp"

namespace metabasin {

struct MetadynamicsParams {
  AbcParams abc;                  // the sampler; abc.q0 is Q0
  MinimizeParams relax;           // minimization after each strain increment
  double temperature = 0.0;       // K, of the Metropolis choice
  double strain_increment = 1e-4; // shear increment per step
  double max_strain = 0.1;        // stop here (total gamma_xy, counted from the start strain)
  double strain_rate = 0.0;       // 1/s, the rate Q0 stands for (labels the time axis)
  double region_radius = 0.0;     // A: > 0 penalizes only the atoms this close to a random atom, drawn anew each step
  bool require_minima = true;     // an unconverged minimization is an error (short mode: a warning)
  int regions_per_step = 1;       // with region_radius: sampling rounds (each a new region, then a Metropolis choice) per step
  int metropolis_sweeps = 1;      // Metropolis proposals per sampled minimum
  bool q0_from_deepest = true;    // Q0 against the climb above the deepest minimum met; false: a single hop's barrier
  /// The Metropolis rule compares harmonic free energies E + kT sum ln omega (whole-sample
  /// Hessians) instead of energies: the local equilibrium it stands for then has the
  /// vibrational entropy (false: the study's energies).
  bool harmonic_weights = false;
  unsigned long seed = 1;
  int reach_steps = 10;           // if none of the first this many steps meets Q0, Q0 is out of reach: error (0: never)
};

/// A Metropolis chain over sampled minima from the current one (index 0): uniform proposals
/// of any other, acceptance min(1, exp(-dw/kT)) on their weights (energies, or harmonic free
/// energies; +inf: never entered, always left). `sweeps` proposals per other minimum; long
/// chains approach the Boltzmann weights of the set, one sweep is the study's single choice.
std::size_t metropolis_choice(const std::vector<double>& weights, double kT, int sweeps, std::mt19937_64& rng);

/// gdot = gdot0 exp(-(1 - a) Q0 / kT) and its inverse.
double metadynamics_strain_rate(double q0, double rate_prefactor, double a, double temperature);
double metadynamics_q0(double strain_rate, double rate_prefactor, double a, double temperature);

struct MetadynamicsStep {
  long step = 0;
  double strain = 0.0;        // gamma_xy after the increment
  double time = 0.0;          // s
  double energy = 0.0;        // eV, inherent structure after the increment
  double shear_stress = 0.0;  // tau = -p_xy (GPa), positive for forward shear
  int sampled_minima = 0;     // distinct minima ABC offered to the Metropolis choices (starts included), over the rounds
  bool hopped = false;        // a Metropolis choice left the current minimum
  int abc_events = 0;
  std::string abc_stop;       // barrier above q0 (every round met Q0) | max penalties
  double highest_climb = 0.0; // eV, the largest barrier ABC met (Q0 when it stopped there)
  long force_calls = 0;       // spent in this step (sampling and minimization)
  int unstable_minima = 0;    // harmonic weights: sampled minima with a non-positive curvature (never chosen)
};

/// Runs from `state` (a minimum at strain `start_strain`; updated in place) to
/// start_strain + max_strain. `on_step` sees the configuration after each step; returning false stops.
/// `first_step` numbers the steps (a resumed run continues the count) and seeds the sampler.
std::vector<MetadynamicsStep> run_metadynamics(
    Configuration& state, Potential& potential, const MetadynamicsParams& p, double start_strain,
    double start_time, long first_step,
    const std::function<bool(const MetadynamicsStep&, const Configuration&)>& on_step = {});

}  // namespace metabasin
