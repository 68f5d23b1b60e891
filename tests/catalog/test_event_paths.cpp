// SPDX-License-Identifier: BSD-3-Clause
// The minimum energy path of a catalog event (Liu & Fan's C and L): on the Mueller-Brown
// surface the band through each saddle has the end-to-end length of its minima and the
// contour length of the steepest-descent path from that saddle, integrated here
// independently, to within the band's shortfall, which halves as the images double; the
// states of an event stored moved by a rigid motion give the same path as unmoved ones; a
// band cut short is reported as such, with L still the distance of its minima.
#include <gtest/gtest.h>

#include <cmath>

#include "catalog.hpp"
#include "event_paths.hpp"
#include "muller_brown.hpp"
#include "pair_lj.hpp"
#include "test_systems.hpp"

using namespace metabasin;
using metabasin::testing::mb_particle;

namespace {

// SPEC section 5.
const double kMinA[2] = {-0.558224, 1.441726}, kMinB[2] = {0.623499, 0.028038}, kMinC[2] = {-0.050011, 0.466694};
const double kSaddleAC[2] = {-0.822002, 0.624313}, kSaddleCB[2] = {0.212487, 0.292988};

Eigen::Vector2d gradient(MullerBrown& mb, const Eigen::Vector2d& p) {
  ForceResult r;
  mb.compute(mb_particle(p[0], p[1]), r);
  return Eigen::Vector2d(-r.forces[0], -r.forces[1]);
}

// The unstable direction at a saddle: lowest eigenvector of the Hessian by central differences.
Eigen::Vector2d unstable_mode(MullerBrown& mb, const Eigen::Vector2d& s) {
  const double h = 1e-5;
  Eigen::Matrix2d hess;
  for (int k = 0; k < 2; ++k) {
    const Eigen::Vector2d d = h * Eigen::Vector2d::Unit(k);
    hess.col(k) = (gradient(mb, s + d) - gradient(mb, s - d)) / (2 * h);
  }
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(0.5 * (hess + hess.transpose()));
  return eig.eigenvectors().col(0);
}

// Length of the steepest-descent path from saddle s, leaving along `dir`, down to `minimum`:
// the unit-speed gradient flow dx/ds = -g/|g| by RK4 in steps of ds, the last stretch straight.
double descent_length(MullerBrown& mb, const Eigen::Vector2d& s, const Eigen::Vector2d& dir,
                      const Eigen::Vector2d& minimum) {
  const double ds = 2e-5;
  auto flow = [&](const Eigen::Vector2d& p) { return Eigen::Vector2d(-gradient(mb, p).normalized()); };
  Eigen::Vector2d p = s + ds * dir;
  double length = ds;
  while ((p - minimum).norm() > 1e-3) {
    const Eigen::Vector2d k1 = flow(p), k2 = flow(p + 0.5 * ds * k1), k3 = flow(p + 0.5 * ds * k2),
                          k4 = flow(p + ds * k3);
    p += ds / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
    length += ds;
    if (length > 10.0) return NAN;  // lost
  }
  return length + (p - minimum).norm();
}

VectorXd at(const double xy[2]) {
  VectorXd v(3);
  v << xy[0], xy[1], 0.0;
  return v;
}

// A catalog of minima `a` and `b` and the saddle between them, all at strain 0.
Catalog one_event(const double a[2], const double b[2], const double s[2], MullerBrown& mb) {
  StateTolerances tol;
  tol.energy = 1e-4;
  tol.distance = 1e-3;
  Catalog c(mb_particle(a[0], a[1]), "muller-brown", tol);
  ForceResult r;
  double e[3];
  const double* xy[3] = {a, b, s};
  for (int k = 0; k < 3; ++k) {
    mb.compute(mb_particle(xy[k][0], xy[k][1]), r);
    e[k] = r.energy;
  }
  const auto from = c.add_minimum({e[0], at(a), 0.0, "test", 0});
  const auto to = c.add_minimum({e[1], at(b), 0.0, "test", 0});
  Transition t;
  t.from = from.index;
  t.to = to.index;
  t.energy = e[2];
  t.positions = at(s);
  c.add_saddle(t);
  return c;
}

NebParams fine_band() {
  NebParams p;
  p.images = 21;
  p.spring = 50.0;
  p.fmax = 1e-6;
  p.climb_fmax = 5.0;
  p.max_move = 0.01;
  p.max_iterations = 40000;
  p.optimizer = "lbfgs";
  return p;
}

}  // namespace

TEST(EventPath, MullerBrownBandHasTheLengthOfTheSteepestDescentPath) {
  MullerBrown mb;
  struct Case {
    const double *a, *b, *s;
  };
  for (const Case& k : {Case{kMinA, kMinC, kSaddleAC}, Case{kMinC, kMinB, kSaddleCB}}) {
    const Eigen::Vector2d a(k.a[0], k.a[1]), b(k.b[0], k.b[1]), s(k.s[0], k.s[1]);
    Eigen::Vector2d mode = unstable_mode(mb, s);
    if (mode.dot(a - s) < 0) mode = -mode;
    const double reference = descent_length(mb, s, mode, a) + descent_length(mb, s, -mode, b);
    ASSERT_TRUE(std::isfinite(reference));
    const Catalog c = one_event(k.a, k.b, k.s, mb);
    ASSERT_EQ(saddles_up_to(c, 0.0, 1e3), std::vector<std::size_t>{0});
    // The improved tangent is one-sided, so a converged band lies off the curved path by
    // O(spacing): C falls short of the steepest-descent length by O(1 / images).
    double shortfall[2];
    for (int n : {21, 41}) {
      NebParams band = fine_band();
      band.images = n;
      const EventPath p = event_path(c, mb, 0, band);
      std::printf("  saddle (%.3f, %.3f), %d images: C = %.5f (steepest descent %.5f), L = %.5f, C/L = %.4f\n", k.s[0],
                  k.s[1], n, p.geometry.contour_length, reference, p.geometry.end_to_end, p.geometry.ratio);
      EXPECT_EQ(p.outcome, PathOutcome::converged);
      EXPECT_TRUE(p.through_saddle);
      EXPECT_EQ(p.geometry.intermediate_minima, 0);
      EXPECT_NEAR(p.band_barrier, p.barrier, 1e-4);  // the climbing image is the catalog's saddle
      EXPECT_NEAR(p.geometry.end_to_end, (b - a).norm(), 1e-9);
      shortfall[n == 41] = (reference - p.geometry.contour_length) / reference;
    }
    EXPECT_GT(shortfall[0], 0.0);
    EXPECT_LT(shortfall[0], 0.02);
    EXPECT_LT(shortfall[1], 0.6 * shortfall[0]);  // halves with the spacing
    EXPECT_GT(reference / (b - a).norm(), 1.05);  // both paths bend: a straight band would fail
  }
}

TEST(EventPath, ABandCutShortIsNotConvergedAndKeepsTheMinimaDistance) {
  // L belongs to the minima: a band stopped (or run away) mid-way does not change it.
  MullerBrown mb;
  const Catalog c = one_event(kMinA, kMinC, kSaddleAC, mb);
  NebParams band = fine_band();
  band.max_iterations = 3;
  const EventPath p = event_path(c, mb, 0, band);
  EXPECT_EQ(p.outcome, PathOutcome::not_converged);
  EXPECT_STREQ(to_string(p.outcome), "not converged");
  EXPECT_EQ(path_outcome("not converged"), PathOutcome::not_converged);
  EXPECT_NEAR(p.geometry.end_to_end, std::hypot(kMinC[0] - kMinA[0], kMinC[1] - kMinA[1]), 1e-12);
  EXPECT_NEAR(p.geometry.ratio, p.geometry.contour_length / p.geometry.end_to_end, 1e-12);
}

TEST(EventPath, StatesStoredMovedByARigidMotionGiveTheSamePath) {
  // The LJ7 hexagon and its lowest exit, then the same event with the saddle and the end
  // minimum translated and rotated as a cluster may store them: one path, one C and one L.
  Configuration hex = metabasin::testing::lj7_hexagon();
  PairLJ lj = metabasin::testing::lj7_potential();
  metabasin::testing::relax_lj7(hex, lj);
  const ArtParams ap = metabasin::testing::lj7_art_params();
  ArtSearch art;
  for (unsigned seed = 1; seed < 40 && art.saddle.status != SaddleStatus::Converged; ++seed)
    art = art_search(hex, lj, 0, seed, ap);
  ASSERT_EQ(art.saddle.status, SaddleStatus::Converged);
  auto moved = [](const VectorXd& x) {
    const double th = 0.7;
    VectorXd y = x;
    for (Eigen::Index i = 0; i + 2 < x.size(); i += 3) {
      y[i] = std::cos(th) * x[i] - std::sin(th) * x[i + 1] + 3.0;
      y[i + 1] = std::sin(th) * x[i] + std::cos(th) * x[i + 1] - 2.0;
    }
    return y;
  };
  NebParams np;
  np.images = 11;
  np.fmax = 1e-5;
  np.max_move = 0.02;
  np.max_iterations = 20000;
  PathGeometry g[2];
  for (int k = 0; k < 2; ++k) {
    StateTolerances tol;
    tol.rigid = free_rigid_motions(hex.box, lj);
    Catalog c(hex, lj.style(), tol);
    const VectorXd x0 = Eigen::Map<const VectorXd>(hex.x.data(), static_cast<Eigen::Index>(hex.x.size()));
    const auto from = c.add_minimum({art.initial_energy, x0, 0.0, "art", 0});
    const auto to = c.add_minimum({art.final_energy, k ? moved(art.final_minimum) : art.final_minimum, 0.0, "art", 0});
    Transition t;
    t.from = from.index;
    t.to = to.index;
    t.energy = art.saddle.energy;
    t.positions = k ? moved(art.saddle.positions) : art.saddle.positions;
    c.add_saddle(t);
    const EventPath p = event_path(c, lj, 0, np);
    EXPECT_EQ(p.outcome, PathOutcome::converged) << "case " << k;
    g[k] = p.geometry;
  }
  std::printf("  LJ7 exit: C = %.6f / %.6f, L = %.6f / %.6f\n", g[0].contour_length, g[1].contour_length,
              g[0].end_to_end, g[1].end_to_end);
  EXPECT_NEAR(g[1].end_to_end, g[0].end_to_end, 1e-6);
  EXPECT_NEAR(g[1].contour_length, g[0].contour_length, 1e-4);
  EXPECT_LT(g[0].ratio, 1.2);
}

// Which atoms take part in an event, on a hand-made one in a periodic LJ crystal (64 atoms,
// 6 A cube): the end minimum moves atom 5 by 0.8 A, atom 9 by 0.35 A, atom 12 by 0.25 A, atom
// 21 by 0.9 A and atom 30 by 0.1 A, the last two across the x face (stored wrapped), and the
// whole end state is shifted by a rigid translation. With the 0.3 A default the movers are
// 5, 9 and 21: the translation, which costs nothing, moves nobody, and the wrap is no jump.
TEST(EventPath, TheMovingAtomsAreThoseThatMoveAtLeastTheThresholdBetweenTheMinima) {
  Configuration c;
  c.box.len = Vec3(6.0, 6.0, 6.0);
  c.ntypes = 1;
  c.masses = {1.0};
  for (int i = 0; i < 64; ++i) {
    c.ids.push_back(i + 1);
    c.types.push_back(1);
    for (int d : {i % 4, (i / 4) % 4, i / 16}) c.x.push_back(0.75 + 1.5 * d);
  }
  c.image.assign(c.x.size(), 0);
  c.x[3 * 21] = 5.6;   // atom 21 and 30 sit near the upper x face
  c.x[3 * 30] = 5.95;
  PairLJ lj({"A"}, {{"A", "A", 0.1, 1.3, 2.9}}, false, 1.0);
  const VectorXd a = Eigen::Map<const VectorXd>(c.x.data(), static_cast<Eigen::Index>(c.x.size()));
  VectorXd b = a;
  b[3 * 5] += 0.8;
  b[3 * 9 + 1] += 0.35;
  b[3 * 12 + 2] -= 0.25;
  b[3 * 21] += 0.9;
  b[3 * 30] += 0.1;
  const VectorXd saddle = 0.5 * (a + b);  // a state between: only the minima decide who moves
  b[3 * 21] -= 6.0;  // 6.5 wrapped to 0.5
  b[3 * 30] -= 6.0;  // 6.05 wrapped to 0.05
  for (Eigen::Index i = 0; i < b.size(); i += 3) {
    b[i] = std::fmod(b[i] + 0.4 + 6.0, 6.0);  // the rigid translation, wrapped
    b[i + 1] = std::fmod(b[i + 1] - 0.3 + 6.0, 6.0);
    b[i + 2] = std::fmod(b[i + 2] + 0.2 + 6.0, 6.0);
  }
  StateTolerances tol;
  tol.rigid = free_rigid_motions(c.box, lj);
  ASSERT_TRUE(tol.rigid.translation);
  Catalog cat(c, lj.style(), tol);
  auto energy = [&](const VectorXd& x) {
    Configuration at = c;
    at.x.assign(x.data(), x.data() + x.size());
    ForceResult r;
    lj.compute(at, r);
    return r.energy;
  };
  const auto from = cat.add_minimum({energy(a), a, 0.0, "test", 0});
  const auto to = cat.add_minimum({energy(b), b, 0.0, "test", 0});
  Transition t;
  t.from = from.index;
  t.to = to.index;
  t.energy = std::max(energy(a), energy(b)) + 1.0;
  t.positions = saddle;
  cat.add_saddle(t);
  NebParams np;
  np.images = 3;
  np.max_iterations = 2;  // the band's fate does not matter here
  EXPECT_EQ(event_path(cat, lj, 0, np).moving_atoms, (std::vector<std::size_t>{5, 9, 21}));
  EXPECT_EQ(event_path(cat, lj, 0, np, 0.2).moving_atoms, (std::vector<std::size_t>{5, 9, 12, 21}));
  EXPECT_EQ(event_path(cat, lj, 0, np, 0.84).moving_atoms, (std::vector<std::size_t>{21}));
  EXPECT_TRUE(event_path(cat, lj, 0, np, 1.0).moving_atoms.empty());
}
