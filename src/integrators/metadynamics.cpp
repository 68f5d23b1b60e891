// SPDX-License-Identifier: BSD-3-Clause
#include "metadynamics.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <random>

#include "active_region.hpp"
#include "error.hpp"
#include "number_format.hpp"
#include "prefactor.hpp"
#include "shear_stress.hpp"
#include "state_distance.hpp"
#include "units.hpp"

namespace metabasin {

double metadynamics_strain_rate(double q0, double rate_prefactor, double a, double temperature) {
  return rate_prefactor * std::exp(-(1.0 - a) * q0 / (units::boltz * temperature));
}

double metadynamics_q0(double strain_rate, double rate_prefactor, double a, double temperature) {
  return units::boltz * temperature * std::log(rate_prefactor / strain_rate) / (1.0 - a);
}

std::size_t metropolis_choice(const std::vector<double>& weights, double kT, int sweeps, std::mt19937_64& rng) {
  std::size_t current = 0;
  if (weights.size() < 2) return current;
  std::uniform_int_distribution<std::size_t> pick(0, weights.size() - 2);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const long moves = static_cast<long>(sweeps) * static_cast<long>(weights.size() - 1);
  for (long m = 0; m < moves; ++m) {
    std::size_t j = pick(rng);
    if (j >= current) ++j;  // any minimum but the current one
    const double dw = weights[j] - weights[current];
    if (dw <= 0.0 || u(rng) < std::exp(-dw / kT)) current = j;
  }
  return current;
}

namespace {

struct Candidate {
  double energy;
  VectorXd positions;
};

// The minima ABC met, each once. The minimum behind the barrier above Q0 is not offered:
// the time a strain step lasts is too short to cross that barrier.
std::vector<Candidate> sampled_minima(const Configuration& start, double start_energy, const AbcRun& run,
                                      const RigidMotions& rigid, double tolerance) {
  std::vector<Candidate> c{{start_energy, Eigen::Map<const VectorXd>(start.x.data(), start.x.size())}};
  std::size_t usable = run.events.size();
  if (run.stop_reason == "barrier above q0" && usable > 0) --usable;
  for (std::size_t k = 0; k < usable; ++k) {
    const AbcEvent& ev = run.events[k];
    bool known = false;
    for (const Candidate& o : c)
      if (std::abs(o.energy - ev.final_energy) < 1e-3 &&
          max_atom_separation(start.box, o.positions, ev.final_minimum, rigid) < tolerance) {
        known = true;
        break;
      }
    if (!known) c.push_back({ev.final_energy, ev.final_minimum});
  }
  return c;
}

// What the Metropolis rule compares for each candidate: its energy, or with `harmonic` its
// harmonic free energy E + kT sum ln omega (whole sample, up to a constant the same for every
// minimum of this cell); a candidate with a non-positive curvature is no stable state and
// weighs +inf (never chosen, always left; counted in `unstable`). `known`: the weight of
// candidate 0 when the step already has it.
std::vector<double> weights_of(const std::vector<Candidate>& c, bool harmonic, const Configuration& at,
                               Potential& potential, double kT, std::optional<double> known, int& unstable) {
  std::vector<double> w;
  if (!harmonic) {
    for (const Candidate& m : c) w.push_back(m.energy);
    return w;
  }
  const VineyardRegion region =
      vineyard_region(at, potential, c[0].positions, 0, std::numeric_limits<double>::infinity());
  for (std::size_t k = 0; k < c.size(); ++k) {
    if (k == 0 && known) {
      w.push_back(*known);
      continue;
    }
    try {
      w.push_back(c[k].energy + kT * minimum_log_frequencies(at, potential, c[k].positions, region));
    } catch (const NumericalError&) {
      w.push_back(std::numeric_limits<double>::infinity());
      ++unstable;
    }
  }
  return w;
}

// The atoms within `radius` of a random atom: ABC fills a local basin in far fewer penalties
// than the basin of the whole sample (the sample-wide walk keeps finding small events elsewhere).
std::vector<std::size_t> random_region(const Configuration& c, double radius, std::mt19937_64& rng) {
  std::uniform_int_distribution<std::size_t> pick(0, c.size() - 1);
  return atoms_near(c, c.position(pick(rng)), radius);
}

// The penalties push the sampled atoms and nothing pulls the sample back, so a chosen minimum
// can be the old one rigidly translated: that translation is not deformation (it would show
// up in every nonaffine distance), so it is taken out.
void remove_drift(Configuration& c, const VectorXd& before, const RigidMotions& rigid) {
  if (!rigid.translation || c.size() == 0) return;
  const MinimumImage image(c.box);
  Vec3 mean = Vec3::Zero();
  for (std::size_t i = 0; i < c.size(); ++i)
    mean += image(c.position(i) - Vec3(before[3 * i], before[3 * i + 1], before[3 * i + 2]));
  mean /= static_cast<double>(c.size());
  if (c.box.dimension == 2) mean[2] = 0.0;
  for (std::size_t i = 0; i < c.size(); ++i) c.set_position(i, c.position(i) - mean);
}

}  // namespace

std::vector<MetadynamicsStep> run_metadynamics(
    Configuration& state, Potential& potential, const MetadynamicsParams& p, double start_strain,
    double start_time, long first_step,
    const std::function<bool(const MetadynamicsStep&, const Configuration&)>& on_step) {
  if (!(p.temperature > 0.0)) throw InputError("metadynamics needs a positive temperature");
  if (!(p.strain_increment > 0.0)) throw InputError("metadynamics needs a positive strain increment");
  if (!(p.strain_rate > 0.0)) throw InputError("metadynamics needs a positive strain rate");
  const double kT = units::boltz * p.temperature;
  const RigidMotions rigid = free_rigid_motions(state.box, potential);
  std::mt19937_64 rng(p.seed + static_cast<unsigned long>(first_step));
  const long steps = std::lround(p.max_strain / p.strain_increment);
  std::vector<MetadynamicsStep> out;
  double time = start_time;
  ForceResult fr;
  potential.compute(state, fr);
  double energy = fr.energy;
  bool met_q0 = false;
  double highest = 0.0;
  for (long k = 0; k < steps; ++k) {
    MetadynamicsStep s;
    s.step = first_step + k;
    const long calls0 = potential.force_calls();
    const VectorXd before = Eigen::Map<const VectorXd>(state.x.data(), state.x.size());
    // One region (or the whole sample) per sampling round; several rounds per step let
    // activation happen in several places of a large sample within one strain increment.
    const int rounds = p.region_radius > 0.0 ? std::max(1, p.regions_per_step) : 1;
    bool all_met = true;
    std::optional<double> current_weight;  // of the minimum held, once a round has weighed it
    for (int r = 0; r < rounds; ++r) {
      AbcParams abc = p.abc;
      abc.q0_from_lowest = p.q0_from_deepest;
      abc.seed = p.abc.seed + static_cast<unsigned>(s.step * rounds + r);
      if (p.region_radius > 0.0) abc.penalty.atoms = random_region(state, p.region_radius, rng);
      const AbcRun run = abc_run(state, potential, abc);
      const std::vector<Candidate> c = sampled_minima(state, energy, run, rigid, abc.same_state_tolerance);
      const std::vector<double> weights =
          weights_of(c, p.harmonic_weights, state, potential, kT, current_weight, s.unstable_minima);
      const std::size_t chosen = metropolis_choice(weights, kT, p.metropolis_sweeps, rng);
      current_weight = weights[chosen];
      s.sampled_minima += static_cast<int>(c.size());
      s.hopped = s.hopped || chosen != 0;
      s.abc_events += static_cast<int>(run.events.size());
      s.highest_climb = std::max(s.highest_climb, run.highest_climb);
      const bool met = run.stop_reason == "barrier above q0";
      all_met = all_met && met;
      met_q0 = met_q0 || met;
      highest = std::max(highest, run.highest_climb);
      if (chosen != 0) {
        Eigen::Map<VectorXd>(state.x.data(), state.x.size()) = c[chosen].positions;
        energy = c[chosen].energy;
      }
    }
    s.abc_stop = all_met ? "barrier above q0" : "max penalties";
    if (!met_q0 && p.reach_steps > 0 && k + 1 == p.reach_steps)
      throw NumericalError("key 'metadynamics.q0': Q0 = " + brief(p.abc.q0) + " eV (strain rate " + brief(p.strain_rate) +
                       " 1/s) is out of reach of this sampler: in each of the first " + std::to_string(p.reach_steps) +
                       " strain steps ABC used all abc.max_penalties (" + std::to_string(p.abc.max_penalties) +
                       ") and climbed at most " + brief(highest) +
                       " eV; raise abc.max_penalties or abc.height, or ask for a faster rate "
                       "(metadynamics.reach_steps: 0 runs it anyway)");
    remove_drift(state, before, rigid);
    apply_shear_xy(state, p.strain_increment);
    const MinimizeResult m = relax(state, potential, p.relax);
    if (!m.converged() && p.require_minima)
      throw NumericalError("metadynamics: the minimization after strain step " + std::to_string(s.step) +
                       " did not converge (" + to_string(m.reason) + "); raise minimize.max_iterations");
    s.strain = strain_step(start_strain, k + 1, p.strain_increment);
    time += p.strain_increment / p.strain_rate;
    s.time = time;
    potential.compute(state, fr);
    s.energy = energy = fr.energy;
    s.shear_stress = shear_stress(fr, state.box);
    s.force_calls = potential.force_calls() - calls0;
    out.push_back(s);
    if (on_step && !on_step(s, state)) break;
  }
  return out;
}

}  // namespace metabasin
