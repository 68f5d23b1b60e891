// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Synthetic tables of task age with a known ageing rate, for the ageing-map tests: at each
// temperature T, E_IS falls linearly at r(T) without load and at f r(T) under strain 0.04,
// with f = kappa cosh(tau V / k_B T) (Eq. 1) at a constant stress tau per sample and T. The
// strained run starts `elastic` eV/atom above the unstrained one (its elastic energy). Two
// samples sit 0.05 eV/atom apart, so no energy bin holds both. Replica k of a condition adds
// noise * (-1)^(i + k) to every point but the first: the mean of two replicas is exact.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "activation_volume.hpp"
#include "lammps_reference.hpp"

namespace metabasin::testing {

struct SyntheticAgeing {
  double kappa = 1.2, volume = 60.0;  // Eq. 1's kappa* and V_act (A^3)
  std::vector<double> temperatures{300.0, 400.0, 500.0, 600.0};
  int samples = 2, replicas = 1;
  double noise = 0.0;                        // eV/atom, alternating over points and replicas
  double elastic = 0.002;                    // eV/atom, strained start above unstrained
  double duration = 100.0, interval = 10.0;  // ps
  double residual_stress = 0.05;             // GPa, of the unstrained runs

  double rate(double t) const { return 2e-6 * t / 300.0; }  // eV/atom/ps, unstrained
  double start(int sample) const { return -4.95 + 0.05 * sample; }
  double stress(int sample, double t) const { return 0.1 + 0.05 * sample + 0.02 * (t / 100.0 - 3.0); }
  double boost(int sample, double t) const { return cosh_boost(stress(sample, t), t, kappa, volume); }
};

inline std::string synthetic_age_table(const SyntheticAgeing& a, int sample, double t, int replica) {
  std::string text = "# ageing at " + std::to_string(t) + " K; inherent structure every " + std::to_string(a.interval) +
                     " ps; sample s" + std::to_string(sample) + ", md.seed " + std::to_string(replica) +
                     "\n# strain time_ps E_IS_per_atom_eV shear_stress_IS_GPa "
                     "pe_per_atom_eV T_K T_target_K\n";
  const int n = static_cast<int>(std::lround(a.duration / a.interval));
  for (const double strain : {0.04, 0.0}) {
    const double rate = strain != 0.0 ? a.boost(sample, t) * a.rate(t) : a.rate(t);
    const double e0 = a.start(sample) + (strain != 0.0 ? a.elastic : 0.0);
    const double tau = strain != 0.0 ? a.stress(sample, t) : a.residual_stress;
    for (int i = 0; i <= n; ++i) {
      const double time = i * a.interval;
      const double wiggle = i == 0 ? 0.0 : a.noise * (((i + replica) % 2) ? -1.0 : 1.0);
      char row[256];
      std::snprintf(row, sizeof row, "%.17g %.17g %.17g %.17g %.17g %.17g %.17g\n", strain, time,
                    e0 - rate * time + wiggle, tau, e0 + 0.06, t + 3.0, t);
      text += row;
    }
  }
  return text;
}

/// Writes one table per sample, temperature and replica into dir; returns their names.
inline std::vector<std::string> write_synthetic_age_tables(const std::string& dir, const SyntheticAgeing& a) {
  std::vector<std::string> names;
  for (int s = 0; s < a.samples; ++s)
    for (double t : a.temperatures)
      for (int k = 0; k < a.replicas; ++k) {
        const std::string name = "age-s" + std::to_string(s) + "-" + std::to_string(static_cast<int>(t)) + "K-r" +
                                 std::to_string(k) + ".dat";
        write_text(dir + "/" + name, synthetic_age_table(a, s, t, k));
        names.push_back(name);
      }
  return names;
}

}  // namespace metabasin::testing
