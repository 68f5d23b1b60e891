// SPDX-License-Identifier: BSD-3-Clause
#include "molecular_dynamics.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "error.hpp"
#include "units.hpp"

namespace metabasin {

std::vector<double> atom_masses(const Configuration& c) {
  std::vector<double> m(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) {
    const int t = c.types[i];
    const double mt = t >= 1 && t <= static_cast<int>(c.masses.size()) ? c.masses[t - 1] : 0.0;
    if (!(mt > 0.0))
      throw InputError("atom type " + std::to_string(t) +
                       " has no mass: give a Masses section in the data file (or use an element the potential knows)");
    m[i] = mt;
  }
  return m;
}

double degrees_of_freedom(const Configuration& c) {
  const int d = c.box.dimension;
  return static_cast<double>(d) * static_cast<double>(c.size()) - d;
}

double temperature_of(const Configuration& c, const std::vector<double>& mass) {
  double mv2 = 0.0;
  for (std::size_t i = 0; i < c.size(); ++i)
    mv2 += mass[i] * (c.v[3 * i] * c.v[3 * i] + c.v[3 * i + 1] * c.v[3 * i + 1] + c.v[3 * i + 2] * c.v[3 * i + 2]);
  const double dof = degrees_of_freedom(c);
  return dof > 0.0 ? mv2 * units::mvv2e / (dof * units::boltz) : 0.0;
}

void create_velocities(Configuration& c, double temperature, unsigned seed) {
  const auto mass = atom_masses(c);
  const int dim = c.box.dimension;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  c.v.assign(3 * c.size(), 0.0);
  double momentum[3] = {0, 0, 0}, total_mass = 0.0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const double s = std::sqrt(units::boltz * temperature / (mass[i] * units::mvv2e));
    for (int d = 0; d < dim; ++d) {
      c.v[3 * i + d] = s * normal(rng);
      momentum[d] += mass[i] * c.v[3 * i + d];
    }
    total_mass += mass[i];
  }
  for (std::size_t i = 0; i < c.size(); ++i)
    for (int d = 0; d < dim; ++d) c.v[3 * i + d] -= momentum[d] / total_mass;
  const double t = temperature_of(c, mass);
  const double f = t > 0.0 ? std::sqrt(temperature / t) : 0.0;
  for (double& v : c.v) v *= f;
}

MolecularDynamics::MolecularDynamics(Configuration& c, Potential& p, MdParams params, long total_steps)
    : c_(c),
      p_(p),
      prm_(std::move(params)),
      total_steps_(std::max(1L, total_steps)),
      barostat_(prm_.barostat, prm_.dt, prm_.seed + 7) {
  mass_ = atom_masses(c_);
  if (c_.v.size() != c_.x.size()) c_.v.assign(c_.x.size(), 0.0);
  moving_ = prm_.moving > 0 ? std::min(prm_.moving, c_.size()) : c_.size();
  std::fill(c_.v.begin() + static_cast<std::ptrdiff_t>(3 * moving_), c_.v.end(), 0.0);
  dof_ = moving_ < c_.size() ? static_cast<double>(c_.box.dimension * moving_) : degrees_of_freedom(c_);
  p_.compute(c_, f_);
  t_current_ = current_temperature();
  if (prm_.thermostat == "nose-hoover") {
    nhc_.emplace(prm_.chain, prm_.t_damp, prm_.dt);
    nhc_->setup(prm_.t_start, dof_);  // LAMMPS setup(): the target at the first step of the ramp
  } else if (prm_.thermostat == "langevin") {
    langevin_.emplace(prm_.t_damp, prm_.dt, prm_.seed);
  }
}

double MolecularDynamics::target_temperature() const {
  // As LAMMPS compute_temp_target: the ramp fraction of the step being integrated.
  const long into = std::min(step_ - ramp_begin_ + 1, total_steps_);
  const double frac = static_cast<double>(into) / static_cast<double>(total_steps_);
  return prm_.t_start + frac * (prm_.t_stop - prm_.t_start);
}

void MolecularDynamics::set_temperature_ramp(double t_start, double t_stop, long steps) {
  prm_.t_start = t_start;
  prm_.t_stop = t_stop;
  total_steps_ = std::max(1L, steps);
  ramp_begin_ = step_;
}

double MolecularDynamics::current_temperature() const {
  if (moving_ == c_.size()) return temperature_of(c_, mass_);
  double mv2 = 0.0;
  for (std::size_t k = 0; k < 3 * moving_; ++k) mv2 += mass_[k / 3] * c_.v[k] * c_.v[k];
  return dof_ > 0.0 ? mv2 * units::mvv2e / (dof_ * units::boltz) : 0.0;
}

void MolecularDynamics::kick(double dt_half) {
  const double k = dt_half * units::ftm2v;
  for (std::size_t i = 0; i < moving_; ++i)
    for (int d = 0; d < 3; ++d) c_.v[3 * i + d] += k * f_.forces[3 * i + d] / mass_[i];
}

void MolecularDynamics::sllod(double dt_half) {
  // d v_x / dt = ... - gdot v_y: the peculiar velocity feels the streaming gradient.
  if (prm_.shear_rate == 0.0) return;
  for (std::size_t i = 0; i < c_.size(); ++i) c_.v[3 * i] -= prm_.shear_rate * dt_half * c_.v[3 * i + 1];
}

void MolecularDynamics::deform() {
  if (prm_.shear_rate == 0.0) return;
  const double dg = prm_.shear_rate * prm_.dt;
  apply_shear_xy(c_, dg);
  strain_ += dg;
  // Flip to the equivalent, less tilted cell as LAMMPS does, so the cell stays compact.
  Box& b = c_.box;
  if (b.xy > 0.5 * b.len[0])
    b.xy -= b.len[0];
  else if (b.xy < -0.5 * b.len[0])
    b.xy += b.len[0];
}

void MolecularDynamics::step(bool observed) {
  const double t_target = target_temperature();
  const double half = 0.5 * prm_.dt;
  if (nhc_) {
    const double s = nhc_->half_step(t_current_, t_target, dof_);
    for (double& v : c_.v) v *= s;
  }
  if (langevin_) langevin_->half_step(c_.v, mass_, t_target, c_.box.dimension, moving_);
  sllod(half);
  kick(half);
  for (std::size_t k = 0; k < 3 * moving_; ++k) c_.x[k] += prm_.dt * c_.v[k];
  deform();
  if (barostat_.active()) barostat_.apply(c_, thermo().pressure, t_target);
  if (observed || barostat_.active())
    p_.compute(c_, f_);
  else
    p_.compute_forces(c_, f_);
  kick(half);
  sllod(half);
  t_current_ = current_temperature();
  if (nhc_) {
    const double s = nhc_->half_step(t_current_, t_target, dof_);
    for (double& v : c_.v) v *= s;
    t_current_ *= s * s;
  }
  if (langevin_) {
    langevin_->half_step(c_.v, mass_, t_target, c_.box.dimension, moving_);
    t_current_ = current_temperature();
  }
  ++step_;
}

MdState MolecularDynamics::state() const {
  MdState s;
  s.step = step_;
  s.ramp_begin = ramp_begin_;
  s.strain = strain_;
  s.temperature = t_current_;
  if (nhc_) s.thermostat = nhc_->state();
  if (langevin_) s.thermostat_random = langevin_->state();
  if (barostat_.active()) s.barostat_random = barostat_.state();
  return s;
}

void MolecularDynamics::restore(const MdState& s) {
  if (nhc_.has_value() == s.thermostat.empty() || langevin_.has_value() == s.thermostat_random.empty() ||
      barostat_.active() == s.barostat_random.empty())
    throw InputError("the saved MD state was written with another thermostat or barostat than md.thermostat (" +
                     prm_.thermostat + ") / md.barostat (" + prm_.barostat.style + ")");
  step_ = s.step;
  ramp_begin_ = s.ramp_begin;
  strain_ = s.strain;
  if (nhc_) nhc_->restore(s.thermostat);
  if (langevin_) langevin_->restore(s.thermostat_random);
  if (barostat_.active()) barostat_.restore(s.barostat_random);
  t_current_ = s.temperature;
  p_.compute(c_, f_);
}

Thermo MolecularDynamics::thermo() const {
  Thermo t;
  t.step = step_;
  t.time = step_ * prm_.dt;
  t.potential_energy = f_.energy;
  double ke[6] = {0, 0, 0, 0, 0, 0};
  for (std::size_t i = 0; i < c_.size(); ++i) {
    const double m = mass_[i] * units::mvv2e;
    const double* v = &c_.v[3 * i];
    ke[0] += m * v[0] * v[0];
    ke[1] += m * v[1] * v[1];
    ke[2] += m * v[2] * v[2];
    ke[3] += m * v[0] * v[1];
    ke[4] += m * v[0] * v[2];
    ke[5] += m * v[1] * v[2];
  }
  t.kinetic_energy = 0.5 * (ke[0] + ke[1] + ke[2]);
  t.temperature = dof_ > 0 ? 2.0 * t.kinetic_energy / (dof_ * units::boltz) : 0.0;
  t.volume = c_.box.volume();
  for (int k = 0; k < 6; ++k) t.pressure[k] = (ke[k] + f_.virial[k]) / t.volume * units::ev_per_a3_to_gpa;
  t.shear_strain = strain_;
  t.conserved = t.potential_energy + t.kinetic_energy + (nhc_ ? nhc_->energy(target_temperature(), dof_) : 0.0);
  return t;
}

}  // namespace metabasin
