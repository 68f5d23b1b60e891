// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Small configurations shared by several test suites.
#include "abc.hpp"
#include "art.hpp"
#include "configuration.hpp"
#include "lammps_data.hpp"
#include "minimizer.hpp"
#include "pair_lj.hpp"
#include "sample_builder.hpp"

namespace metabasin::testing {

/// One particle on the Mueller-Brown surface at (x, y), in a 2D open cell.
inline Configuration mb_particle(double x, double y) {
  Configuration c;
  c.box.dimension = 2;
  c.box.periodic = {false, false, true};
  c.box.lo = Vec3(-3, -3, -0.5);
  c.box.len = Vec3(6, 6, 1);
  c.ids = {1};
  c.types = {1};
  c.masses = {1.0};
  c.x = {x, y, 0.0};
  c.image = {0, 0, 0};
  return c;
}

/// ART settings that find the Mueller-Brown saddles of SPEC section 5 to 1e-5.
inline ArtParams mb_art_params() {
  ArtParams p;
  p.push_radius = 1.0;
  p.push_step = 0.02;
  p.max_push_steps = 60;
  p.perpendicular_steps = 0;
  p.eigenvalue_threshold = -1.0;
  p.saddle.fmax = 1e-7;
  p.saddle.max_move = 0.01;
  p.saddle.dt = 0.002;
  p.saddle.lanczos.finite_difference = 1e-5;
  p.relax.method = "lbfgs";
  p.relax.fmax = 1e-7;
  p.relax.max_move = 0.02;
  p.side_step = 0.02;
  p.same_state_tolerance = 0.01;
  return p;
}

/// The 2D LJ7 cluster (reduced units) in its centred hexagon (SPEC section 5), and its potential.
inline Configuration lj7_hexagon() {
  return read_lammps_data(METABASIN_SOURCE_DIR "/inputs/data/lj7-2d-hexagon.data", 2, {false, false, true});
}
inline PairLJ lj7_potential() { return PairLJ({"A"}, {{"A", "A", 1.0, 1.0, 50.0}}, false, 1.0); }

/// The hexagon relaxed tightly (1e-10) under `lj`; returns its energy (SPEC: -12.534867).
inline double relax_lj7(Configuration& c, PairLJ& lj) {
  MinimizeParams mp;
  mp.method = "lbfgs";
  mp.fmax = 1e-10;
  return relax(c, lj, mp).energy;
}

/// The 2D Cu-Zr Lennard-Jones model of inputs/ (kCuZrLjPotential), and a glass of it from
/// inputs/data (a 2D periodic sample, e.g. "lj2d-cuzr-1024-glass-0.01Kps-315K.data").
inline PairLJ cuzr_lj2d_potential() {
  return PairLJ({"Cu", "Zr"},
                {{"Cu", "Cu", 0.128, 2.338, 5.845}, {"Cu", "Zr", 0.128, 2.5718, 6.4295},
                 {"Zr", "Zr", 0.128, 2.8056, 7.014}},
                true, 1.0);
}
inline Configuration cuzr_lj2d_glass(const std::string& data) {
  return read_lammps_data(METABASIN_SOURCE_DIR "/inputs/data/" + data, 2, {true, true, true});
}

/// ART settings of the 2D glass studies (docs/studies/local-search.md): saddles to 1e-3 eV/A,
/// minima with L-BFGS to 1e-4 eV/A.
inline ArtParams cuzr_lj2d_art_params() {
  ArtParams p;
  p.saddle.fmax = 1e-3;
  p.relax.method = "lbfgs";
  p.relax.fmax = 1e-4;
  return p;
}
/// The annealed 1024-atom 2D glass of inputs/data, relaxed with `relax_params`.
inline Configuration relaxed_cuzr_lj2d_glass(Potential& potential, const MinimizeParams& relax_params) {
  Configuration glass = cuzr_lj2d_glass("lj2d-cuzr-1024-glass-0.01Kps-315K.data");
  relax(glass, potential, relax_params);
  return glass;
}

/// That glass replicated n x n (2D: 4096 atoms for n = 2), with the same environment around each
/// copy of an atom, and its energy. `glass` is the relaxed 1024-atom original.
struct CuZrReplica {
  Configuration glass, sample;
  double energy = 0.0;
};
inline CuZrReplica relaxed_cuzr_lj2d_replica(Potential& potential, const MinimizeParams& relax_params, int n) {
  CuZrReplica out;
  out.glass = relaxed_cuzr_lj2d_glass(potential, relax_params);
  out.sample = replicate(out.glass, {n, n, 1});
  ForceResult r;
  potential.compute(out.sample, r);
  out.energy = r.energy;
  return out;
}

/// An ART event of `sample` converged again on the whole sample: min-mode following from its
/// saddle (translations projected out), and a relaxation from its final minimum. `tight`: to a
/// tenth of the search's force, or until the energy has settled to 1e-5 eV, for the saddle's
/// energy; at the search's own force the re-convergence stops next to where it began, whatever
/// the energy still has to fall (meV on the 2D glass at 1e-3 eV/A,
/// docs/studies/local-search.md).
struct WholeSampleEvent {
  SaddlePoint saddle;
  double final_energy = 0.0;
};
inline WholeSampleEvent reconverge_on_whole_sample(const Configuration& sample, Potential& potential,
                                                   const ArtSearch& s, const ArtParams& p, bool tight) {
  Configuration whole = sample;
  AtomsObjective f(whole, potential);
  const int dim = f.dimension();
  const VectorXd saddle = to_coordinates(s.saddle.positions, dim);
  MinModeParams mp = p.saddle;
  if (tight) {
    mp.fmax *= 0.1;
    mp.settled_energy = 1e-5;
    mp.max_iterations = 20000;
  }
  mp.lanczos.zero_modes = rigid_body_modes(saddle, dim, true, false);
  WholeSampleEvent e;
  e.saddle = converge_saddle(f, saddle, to_coordinates(s.saddle.eigenvector, dim), mp);
  e.saddle.positions = to_sample(e.saddle.positions, dim);
  e.saddle.eigenvector = to_sample(e.saddle.eigenvector, dim);
  VectorXd y = to_coordinates(s.final_minimum, dim);
  e.final_energy = make_minimizer(p.relax)->minimize(f, y).energy;
  return e;
}

/// ART settings for the LJ7 cluster (reduced units), shared by the LJ7 tests.
inline ArtParams lj7_art_params() {
  ArtParams p;
  p.push_radius = 1.2;
  p.push_step = 0.05;
  p.eigenvalue_threshold = -0.5;
  p.saddle.fmax = 1e-8;
  p.saddle.max_move = 0.05;
  p.saddle.lanczos.finite_difference = 1e-4;
  p.relax.method = "lbfgs";
  p.relax.fmax = 1e-9;
  p.side_step = 0.05;
  p.same_state_tolerance = 0.05;
  return p;
}

/// ABC settings that climb from Mueller-Brown minimum A to C and B.
inline AbcParams mb_abc_params() {
  AbcParams p;
  p.penalty.height = 10.0;
  p.penalty.width = 0.1;
  p.max_penalties = 200;
  p.relax.method = "lbfgs";
  p.relax.fmax = 1e-7;
  p.relax.max_move = 0.02;
  p.same_state_tolerance = 0.01;
  p.kick = 0.002;
  p.refine.fmax = 1e-7;
  p.refine.max_move = 0.01;
  p.refine.dt = 0.002;
  p.refine.lanczos.finite_difference = 1e-5;
  return p;
}

/// Two LJ7 hexagons side by side, `gap` sigma between their centres (LJ cut at 3 sigma), relaxed:
/// 20 apart they do not interact, so an event of one is the same event whatever the other does.
struct TwoClusters {
  Configuration start;
  PairLJ lj{{"A"}, {{"A", "A", 1.0, 1.0, 3.0}}, false, 1.0};
  double energy = 0.0;
  explicit TwoClusters(double gap) {
    start = replicate(metabasin::testing::lj7_hexagon(), {2, 1, 1});  // the copy 20 sigma along x
    for (std::size_t i = 7; i < 14; ++i) start.x[3 * i] -= 20.0 - gap;
    MinimizeParams mp;
    mp.method = "lbfgs";
    mp.fmax = 1e-10;
    energy = relax(start, lj, mp).energy;
  }
  /// The first converged ART event pushed around an atom of the cluster starting at atom `first`
  /// (seeds from `seed` on).
  ArtSearch event_of(std::size_t first, unsigned seed = 1) {
    const ArtParams p = lj7_art_params();
    for (const unsigned last = seed + 39; seed <= last; ++seed) {
      ArtSearch s = art_search(start, energy, lj, first + seed % 7, seed, p);
      if (s.saddle.status == SaddleStatus::Converged && s.start_side.size() == 0) return s;
    }
    return {};
  }
};


}  // namespace metabasin::testing
