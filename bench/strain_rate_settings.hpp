// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The integrator settings that bench_strain_rate times and step_growth counts, in one place so
// that the two measure the same work.
#include <vector>

#include "abc.hpp"
#include "active_region.hpp"
#include "metadynamics.hpp"
#include "minimizer.hpp"

namespace metabasin::bench {

inline MinimizeParams tight() {
  MinimizeParams m;
  m.method = "lbfgs";
  m.fmax = 1e-4;
  m.max_iterations = 20000;
  return m;
}

inline AbcParams local_abc(int penalties) {
  AbcParams a;
  a.penalty.height = 0.3;
  a.penalty.width = 0.8;
  a.max_penalties = penalties;
  a.penalized_fmax = 0.01;
  a.relax = tight();
  return a;
}

/// One metadynamics strain step per run_metadynamics call, searches in 6 A regions.
inline MetadynamicsParams metadynamics_step(int penalties) {
  MetadynamicsParams p;
  p.abc = local_abc(penalties);
  p.abc.refine_saddles = false;
  p.abc.q0 = 0.2;
  p.relax = tight();
  p.temperature = 315.0;
  p.strain_increment = 1e-4;
  p.max_strain = 1e-4;
  p.strain_rate = 1e6;
  p.region_radius = 6.0;
  return p;
}

/// The atoms within 6 A of atom 0: the on-the-fly searches are local, as in the inputs.
inline std::vector<std::size_t> search_region(const Configuration& c) { return atoms_near(c, c.position(0), 6.0); }

}  // namespace metabasin::bench
