// SPDX-License-Identifier: BSD-3-Clause
// Flexible boundary conditions for a region (issue 24, docs/studies/local-search.md): how much
// of a clamped region's energy error a far field placed on the frozen atoms removes.
//
// A defect state is relaxed on the whole sample (the answer), in regions of radius R about its
// centre with every other atom clamped where it started, and in the same regions with every
// other atom displaced by the linear-elastic field of a force dipole Q in an isotropic 2D medium
// (u_i = -dG_ij/dx_k Q_jk, G the 2D Kelvin solution with the sample's relaxed Lame constants),
// Sinclair's scheme: Q is the dipole sum_s F_s (x) r_s of the forces the frozen atoms within
// reach of the region feel, accumulated over `iterations` relax-and-refit rounds. The field is
// tapered (cos^2) to zero between R + shell and taper * R + shell (FLEX_TAPER, default 3; 0: no
// taper, the field on every atom of the sample). Energies are whole-sample energies, exact:
// every atom is where the region or the field put it. Cases:
//   vacancy [copies n] [atom]   the 1024-atom glass copied n x n, atom removed (default 4, 500)
//   event [copies n] [seed]     the final minimum of the first ART event (25 A region, event
//                               radius 12 A) from that seed on, centred on its most-moved atom
//   crystal [cells]             a vacancy in a relaxed triangular Cu crystal, cells x cells
//                               (default 60; relaxations to 1e-7 eV/A, not 1e-4)
// FLEX_FINAL_SCALE=s scales the converged dipole by s for the last round (the amplitude test).
//   build/bench/flexible_boundary vacancy 4 500
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <Kokkos_Core.hpp>

#include "active_region.hpp"
#include "minimizer.hpp"
#include "../tests/common/test_systems.hpp"

using namespace metabasin;

namespace {

double env_or(const char* name, double fallback) {
  const char* v = std::getenv(name);
  return v ? std::atof(v) : fallback;
}

double energy_of(Potential& p, const Configuration& c, ForceResult* out = nullptr) {
  ForceResult r;
  p.compute(c, r);
  if (out) *out = r;
  return r.energy;
}

// 2D Lame constants (eV/A^2) from the energies of copies strained by +-1e-4 (simple shear,
// isotropic expansion), relaxed ("relaxed") and not ("affine": the Born moduli).
struct Moduli {
  double lambda = 0.0, mu = 0.0, affine_lambda = 0.0, affine_mu = 0.0;
};
Moduli moduli(Potential& p, const Configuration& glass, const MinimizeParams& mp) {
  const double area = glass.box.len[0] * glass.box.len[1], e0 = energy_of(p, glass), g = 1e-4;
  double shear[2] = {0, 0}, expand[2] = {0, 0};  // affine, relaxed
  for (double s : {-1.0, 1.0}) {
    Configuration c = glass;
    apply_shear_xy(c, s * g);
    shear[0] += energy_of(p, c);
    shear[1] += relax(c, p, mp).energy;
    Configuration d = glass;
    Box b = glass.box;
    b.len[0] *= 1.0 + s * g;
    b.len[1] *= 1.0 + s * g;
    remap_affine(d, b);
    expand[0] += energy_of(p, d);
    expand[1] += relax(d, p, mp).energy;
  }
  // Energy per area: mu g^2 / 2 under simple shear g, 2 (lambda + mu) g^2 under expansion g.
  const auto mu = [&](int k) { return (0.5 * shear[k] - e0) / area * 2.0 / (g * g); };
  const auto bulk = [&](int k) { return (0.5 * expand[k] - e0) / area / (2.0 * g * g); };
  return {bulk(1) - mu(1), mu(1), bulk(0) - mu(0), mu(0)};
}

// The displacement at x (from the dipole) of a force dipole q in an isotropic 2D medium.
struct DipoleField {
  double lambda, mu;
  Eigen::Matrix2d q = Eigen::Matrix2d::Zero();
  Eigen::Vector2d at(const Eigen::Vector2d& x) const {
    const double r2 = x.squaredNorm();
    if (r2 < 1e-12) return Eigen::Vector2d::Zero();
    const double a = lambda + 3 * mu, b = lambda + mu, A = 1.0 / (4 * M_PI * mu * (lambda + 2 * mu));
    return -A * (-a * q * x / r2 + b * (q.transpose() * x / r2 + x * q.trace() / r2 - 2 * x * x.dot(q * x) / (r2 * r2)));
  }
};

struct Defect {
  std::string label;
  Configuration start;  // the atoms where they are clamped
  VectorXd state;       // the defect's state (whole-sample positions) to relax from
  Vec3 centre;
};

Defect vacancy(const Configuration& sample, std::size_t atom) {
  Defect d{"vacancy", sample, {}, sample.position(atom)};
  Configuration& v = d.start;
  v.ids.erase(v.ids.begin() + static_cast<long>(atom));
  v.types.erase(v.types.begin() + static_cast<long>(atom));
  v.x.erase(v.x.begin() + static_cast<long>(3 * atom), v.x.begin() + static_cast<long>(3 * atom + 3));
  v.image.erase(v.image.begin() + static_cast<long>(3 * atom), v.image.begin() + static_cast<long>(3 * atom + 3));
  d.state = positions_of(v);
  return d;
}

Defect art_event(const Configuration& sample, std::size_t centres_below, Potential& lj, ArtParams p, unsigned seed) {
  p.region_radius = 25.0;
  p.event_radius = 12.0;
  const double e0 = energy_of(lj, sample);
  const MinimumImage image(sample.box);
  for (;; ++seed) {
    const ArtSearch s = art_search(sample, e0, lj, (seed * 7919u) % centres_below, seed, p);
    if (s.saddle.status != SaddleStatus::Converged || s.final_minimum.size() == 0) continue;
    std::size_t most = 0;
    double moved = 0.0;
    for (std::size_t i = 0; i < sample.size(); ++i) {
      const Vec3 d = s.final_minimum.segment<3>(static_cast<Eigen::Index>(3 * i)) - sample.position(i);
      if (image(d).norm() > moved) moved = image(d).norm(), most = i;
    }
    std::printf("{\"event_seed\": %u, \"barrier\": %.4f, \"largest_move\": %.3f, \"region_moving_atoms\": %zu}\n", seed,
                s.barrier, moved, s.moving_atoms);
    return {"event", sample, s.final_minimum, sample.position(most)};
  }
}

// The whole sample's displacement field of the relaxed defect in rings about its centre:
// <r u_r> is constant for a 2D dilatation centre; its cos 2t and sin 2t parts carry the shear.
void print_field(const Defect& d, const VectorXd& relaxed) {
  const MinimumImage image(d.start.box);
  for (double r0 = 5.0; r0 < 0.5 * d.start.box.len[0]; r0 *= 1.4) {
    double s0 = 0, sc = 0, ss = 0, n = 0;
    for (std::size_t i = 0; i < d.start.size(); ++i) {
      const Vec3 x = image(d.start.position(i) - d.centre);
      const double r = std::hypot(x[0], x[1]), t = std::atan2(x[1], x[0]);
      if (r < r0 || r >= 1.4 * r0) continue;
      const Vec3 u = relaxed.segment<3>(static_cast<Eigen::Index>(3 * i)) - d.start.position(i);
      const double r_ur = u[0] * x[0] + u[1] * x[1];
      s0 += r_ur, sc += r_ur * std::cos(2 * t), ss += r_ur * std::sin(2 * t), n += 1;
    }
    std::printf("{\"ring\": [%.1f, %.1f], \"atoms\": %.0f, \"r_ur\": %.4f, \"r_ur_cos2t\": %.4f, \"r_ur_sin2t\": %.4f}\n",
                r0, 1.4 * r0, n, s0 / n, sc / n, ss / n);
  }
}

struct RegionAnswer {
  double energy;
  long calls;
  Eigen::Matrix2d dipole;  // of the forces on the frozen atoms within reach
  double largest_outside_force = 0.0;  // eV/A, on the atoms beyond the region's shell
};

// The defect relaxed with the atoms within R of its centre moving (from `x`, updated), every
// other atom at its start position displaced by `field` (tapered).
RegionAnswer relax_in_region(Potential& lj, const MinimizeParams& mp, const Defect& d, double R, const DipoleField& field,
                             VectorXd& x) {
  const MinimumImage image(d.start.box);
  const std::vector<std::size_t> moving = atoms_near(d.start, d.centre, R);
  std::vector<char> member(d.start.size(), 0);
  for (std::size_t i : moving) member[i] = 1;
  const double shell = lj.interaction_reach() + ActiveRegion::default_margin(lj), taper = env_or("FLEX_TAPER", 3.0);
  Configuration c = d.start;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (member[i]) {
      for (int k = 0; k < 3; ++k) c.x[3 * i + k] = x[static_cast<Eigen::Index>(3 * i + k)];
      continue;
    }
    const Vec3 r = image(d.start.position(i) - d.centre);
    Eigen::Vector2d u = field.at(Eigen::Vector2d(r[0], r[1]));
    const double r_in = R + shell, r_out = taper * R + shell, distance = std::hypot(r[0], r[1]);
    if (taper > 0.0 && distance > r_out) u.setZero();
    else if (taper > 0.0 && distance > r_in) u *= std::pow(std::cos(0.5 * M_PI * (distance - r_in) / (r_out - r_in)), 2);
    c.x[3 * i] += u[0];
    c.x[3 * i + 1] += u[1];
  }
  const ActiveRegion region(c, moving, lj, ActiveRegion::default_margin(lj));
  RegionObjective f(region, lj, energy_of(lj, c));
  VectorXd y = region.gather(positions_of(c));
  const MinimizeResult m = make_minimizer(mp)->minimize(f, y);
  x = positions_of(c);
  region.scatter(y, x);
  set_coordinates(c, to_coordinates(x, 2));
  ForceResult fr;
  RegionAnswer out{energy_of(lj, c, &fr), m.force_calls, Eigen::Matrix2d::Zero()};
  for (std::size_t k = region.moving_count(); k < region.atoms().size(); ++k) {
    const std::size_t i = region.atoms()[k];
    const Vec3 r = image(d.start.position(i) - d.centre);
    out.dipole += Eigen::Vector2d(fr.forces[3 * i], fr.forces[3 * i + 1]) * Eigen::Vector2d(r[0], r[1]).transpose();
  }
  std::vector<char> in_region(c.size(), 0);
  for (std::size_t i : region.atoms()) in_region[i] = 1;
  for (std::size_t i = 0; i < c.size(); ++i)
    if (!in_region[i])
      out.largest_outside_force = std::max(out.largest_outside_force, std::hypot(fr.forces[3 * i], fr.forces[3 * i + 1]));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  const std::string which = argc > 1 ? argv[1] : "vacancy";
  const int n = argc > 2 ? std::atoi(argv[2]) : (which == "crystal" ? 60 : 4);
  const int iterations = 3;
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  const ArtParams p = metabasin::testing::cuzr_lj2d_art_params();
  MinimizeParams mp = p.relax;
  if (which == "crystal") mp.fmax = 1e-7;  // its errors are 1e-5 eV: relaxations to match
  Configuration glass, sample;
  if (which == "crystal") {
    LatticeSpec spec;
    spec.lattice = "hex";
    spec.a = std::pow(2.0, 1.0 / 6.0) * 2.338;  // the Cu-Cu pair minimum
    spec.cells = {n, n, 1};
    spec.ntypes = 2;
    spec.masses = {63.546, 91.224};
    glass = build_lattice(spec);
    glass.box.periodic = {true, true, true};
    relax(glass, lj, mp);
    sample = glass;
  } else {
    const auto rep = metabasin::testing::relaxed_cuzr_lj2d_replica(lj, mp, n);
    glass = rep.glass;
    sample = rep.sample;
  }
  const Moduli m = moduli(lj, glass, mp);
  std::printf("{\"relaxed_lambda\": %.4f, \"relaxed_mu\": %.4f, \"affine_lambda\": %.4f, \"affine_mu\": %.4f}\n", m.lambda,
              m.mu, m.affine_lambda, m.affine_mu);
  const Defect d = which == "event" ? art_event(sample, glass.size(), lj, p, argc > 3 ? std::atoi(argv[3]) : 1000)
                                    : vacancy(sample, which == "crystal" ? sample.size() / 2 + n / 2
                                                                        : (argc > 3 ? std::atoi(argv[3]) : 500));
  Configuration whole = d.start;
  set_coordinates(whole, to_coordinates(d.state, 2));
  const double e_whole = relax(whole, lj, mp).energy;
  print_field(d, positions_of(whole));
  for (double R : {15.0, 20.0, 25.0, 30.0, 40.0}) {
    DipoleField field{m.lambda, m.mu};
    VectorXd x = d.state;
    const RegionAnswer clamped = relax_in_region(lj, mp, d, R, field, x);
    RegionAnswer flexible = clamped;
    long calls = 0;
    for (int it = 0; it < iterations; ++it) {
      field.q += 0.5 * (flexible.dipole + flexible.dipole.transpose());
      if (it + 1 == iterations) field.q *= env_or("FLEX_FINAL_SCALE", 1.0);
      flexible = relax_in_region(lj, mp, d, R, field, x);
      calls += flexible.calls;
    }
    std::printf("{\"case\": \"%s\", \"R\": %.0f, \"moving_atoms\": %zu, \"clamped_minus_whole\": %.3e, "
                "\"clamped_calls\": %ld, \"flexible_minus_whole\": %.3e, \"flexible_calls\": %ld, "
                "\"clamped_dipole_trace\": %.3f, \"last_dipole_trace\": %.3f, \"largest_force_outside\": %.1e}\n",
                d.label.c_str(), R, atoms_near(d.start, d.centre, R).size(), clamped.energy - e_whole, clamped.calls,
                flexible.energy - e_whole, calls, clamped.dipole.trace(), flexible.dipole.trace(), flexible.largest_outside_force);
    std::fflush(stdout);
  }
}
