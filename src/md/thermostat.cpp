// SPDX-License-Identifier: BSD-3-Clause
#include "thermostat.hpp"

#include <algorithm>
#include <cmath>

#include "error.hpp"
#include "random_state.hpp"
#include "units.hpp"

namespace metabasin {

NoseHooverChain::NoseHooverChain(int chain_length, double t_damp, double dt)
    : m_(chain_length),
      t_freq_(1.0 / t_damp),
      dt_(dt),
      eta_(m_, 0.0),
      eta_dot_(m_ + 1, 0.0),
      eta_dotdot_(m_, 0.0),
      eta_mass_(m_, 0.0) {}

void NoseHooverChain::setup(double t_target, double dof) {
  const double kt = units::boltz * t_target;
  eta_mass_[0] = dof * kt / (t_freq_ * t_freq_);
  for (int i = 1; i < m_; ++i) eta_mass_[i] = kt / (t_freq_ * t_freq_);
  for (int i = 1; i < m_; ++i)
    eta_dotdot_[i] = (eta_mass_[i - 1] * eta_dot_[i - 1] * eta_dot_[i - 1] - kt) / eta_mass_[i];
}

double NoseHooverChain::half_step(double t_current, double t_target, double dof) {
  const double kt = units::boltz * t_target;
  const double ke_target = dof * kt;
  const double dt4 = 0.25 * dt_, dt8 = 0.125 * dt_, dthalf = 0.5 * dt_;
  // Masses follow the target so the chain keeps its frequency during ramps (LAMMPS eta_mass_flag).
  eta_mass_[0] = dof * kt / (t_freq_ * t_freq_);
  for (int i = 1; i < m_; ++i) eta_mass_[i] = kt / (t_freq_ * t_freq_);
  double ke_current = dof * units::boltz * t_current;
  eta_dotdot_[0] = eta_mass_[0] > 0.0 ? (ke_current - ke_target) / eta_mass_[0] : 0.0;
  for (int i = m_ - 1; i > 0; --i) {
    const double e = std::exp(-dt8 * eta_dot_[i + 1]);
    eta_dot_[i] = (eta_dot_[i] * e + eta_dotdot_[i] * dt4) * e;
  }
  double e = std::exp(-dt8 * eta_dot_[1]);
  eta_dot_[0] = (eta_dot_[0] * e + eta_dotdot_[0] * dt4) * e;
  const double factor = std::exp(-dthalf * eta_dot_[0]);
  t_current *= factor * factor;
  ke_current = dof * units::boltz * t_current;
  eta_dotdot_[0] = eta_mass_[0] > 0.0 ? (ke_current - ke_target) / eta_mass_[0] : 0.0;
  for (int i = 0; i < m_; ++i) eta_[i] += dthalf * eta_dot_[i];
  eta_dot_[0] = (eta_dot_[0] * e + eta_dotdot_[0] * dt4) * e;
  for (int i = 1; i < m_; ++i) {
    e = std::exp(-dt8 * eta_dot_[i + 1]);
    eta_dot_[i] *= e;
    eta_dotdot_[i] = (eta_mass_[i - 1] * eta_dot_[i - 1] * eta_dot_[i - 1] - kt) / eta_mass_[i];
    eta_dot_[i] = (eta_dot_[i] + eta_dotdot_[i] * dt4) * e;
  }
  return factor;
}

double NoseHooverChain::energy(double t_target, double dof) const {
  const double kt = units::boltz * t_target;
  double e = dof * kt * eta_[0] + 0.5 * eta_mass_[0] * eta_dot_[0] * eta_dot_[0];
  for (int i = 1; i < m_; ++i) e += kt * eta_[i] + 0.5 * eta_mass_[i] * eta_dot_[i] * eta_dot_[i];
  return e;
}

std::vector<double> NoseHooverChain::state() const {
  std::vector<double> s;
  for (const auto* v : {&eta_, &eta_dot_, &eta_dotdot_, &eta_mass_}) s.insert(s.end(), v->begin(), v->end());
  return s;
}

void NoseHooverChain::restore(const std::vector<double>& s) {
  if (s.size() != static_cast<std::size_t>(4 * m_ + 1))
    throw InputError("Nose-Hoover chain state of " + std::to_string(s.size()) + " numbers does not fit a chain of " +
                     std::to_string(m_));
  auto it = s.begin();
  for (auto* v : {&eta_, &eta_dot_, &eta_dotdot_, &eta_mass_}) {
    std::copy(it, it + static_cast<long>(v->size()), v->begin());
    it += static_cast<long>(v->size());
  }
}

std::string LangevinBath::state() const { return random_state(rng_, normal_); }

void LangevinBath::restore(const std::string& s) { restore_random_state(s, rng_, normal_, "Langevin thermostat"); }

void LangevinBath::half_step(std::vector<double>& v, const std::vector<double>& atom_mass, double t_target,
                             int dimension, std::size_t atoms) {
  const double c = std::exp(-0.5 * dt_ / t_damp_);
  const double s = std::sqrt(1.0 - c * c);
  for (std::size_t i = 0; i < std::min(atoms, atom_mass.size()); ++i) {
    const double sigma = s * std::sqrt(units::boltz * t_target / (atom_mass[i] * units::mvv2e));
    for (int d = 0; d < dimension; ++d) v[3 * i + d] = c * v[3 * i + d] + sigma * normal_(rng_);
  }
}

}  // namespace metabasin
