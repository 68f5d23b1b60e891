// SPDX-License-Identifier: BSD-3-Clause
// Diagnostic (issue 24): why the saddles of local events do not re-converge in their regions
// under a strain increment. The events of bench/reevaluate_local (same centres and seeds) in
// the n x n copy of the 1024-atom 2D glass; for each event stored sparse, its region at the
// new strain (as reevaluate_at_strain builds it) against the whole sample: how many atoms are
// stored and how many the whole-sample answer moves outside the region, the force on the
// region's frozen shell, where the region refinement stops, and where the whole sample's does.
//   build/bench/trace_reevaluation [searches] [increment] [n]
#include <cstdio>
#include <cstdlib>

#include <Kokkos_Core.hpp>

#include "abc_catalog.hpp"
#include "active_region.hpp"
#include "art.hpp"
#include "path_geometry.hpp"
#include "sample_builder.hpp"
#include "strain_response.hpp"
#include "../tests/common/test_systems.hpp"
#include "reevaluation_settings.hpp"

using namespace metabasin;

namespace {

std::vector<std::size_t> with_skin(const Configuration& held, std::vector<std::size_t> atoms, const Potential& p) {
  const ActiveRegion skin(held, std::move(atoms), p, 0.0);
  std::vector<std::size_t> out = skin.atoms();
  std::sort(out.begin(), out.end());
  return out;
}

// Atoms displaced by more than `cut` between a and b, and how many of them are not in `region`.
struct Moved {
  long all = 0, outside = 0;
  double largest_outside = 0.0;
};
Moved moved(const Box& box, const VectorXd& a, const VectorXd& b, const std::vector<std::size_t>& region, double cut) {
  const VectorXd d = displacement(box, a, b);
  std::vector<bool> in(static_cast<std::size_t>(a.size() / 3), false);
  for (std::size_t i : region) in[i] = true;
  Moved m;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const double r = d.segment<3>(3 * static_cast<Eigen::Index>(i)).norm();
    if (!in[i]) m.largest_outside = std::max(m.largest_outside, r);
    if (r <= cut) continue;
    ++m.all;
    if (!in[i]) ++m.outside;
  }
  return m;
}

// Share of |v|^2 on atoms outside `region`.
double weight_outside(const VectorXd& v, const std::vector<std::size_t>& region) {
  VectorXd w = v;
  for (std::size_t i : region) w.segment<3>(3 * static_cast<Eigen::Index>(i)).setZero();
  return w.squaredNorm() / std::max(1e-300, v.squaredNorm());
}

const char* status(SaddleStatus s) {
  static std::string t;
  t = to_string(s);
  return t.c_str();
}


SaddlePoint converge_saddle_whole(const Configuration& cell, Potential& lj, const VectorXd& guess, const VectorXd& a,
                                  const ReevaluationParams& p) {
  Configuration work = cell;
  AtomsObjective f(work, lj);
  const int dim = f.dimension();
  VectorXd mode = to_coordinates(displacement(cell.box, a, guess), dim);
  mode.normalize();
  SaddlePoint s = converge_saddle(f, to_coordinates(guess, dim), mode, p.refine);
  s.positions = to_sample(s.positions, dim);
  s.eigenvector = to_sample(s.eigenvector, dim);
  return s;
}

// An event stored in full, as reevaluate_at_strain treats it: its minima followed on the whole
// sample (jumped: more than the tolerance from the affine image), its saddle refined on the
// whole sample from the affine image plus its start minimum's relaxation; then why it fails.
void trace_whole(const Catalog& c, Potential& lj, const Transition& t, std::size_t e, const VectorXd& x0,
                 double increment, const VectorXd& xr, double e_root, const VectorXd& root_relaxation,
                 const ReevaluationParams& p) {
  const double ylo = c.atoms().box.lo[1];
  const Box box = c.box_at(increment);
  VectorXd xm[2], relaxation[2];
  double em[2];
  for (int side = 0; side < 2; ++side) {
    const std::size_t v = side ? t.to : t.from;
    if (v == 0) {
      xm[side] = xr;
      em[side] = e_root;
      relaxation[side] = root_relaxation;
      continue;
    }
    const VectorXd mapped = shear_map(c.minimum_positions(v), increment, ylo);
    Configuration w = c.atoms_at(increment, mapped);
    em[side] = relax(w, lj, p.relax).energy;
    xm[side] = positions_of(w);
    relaxation[side] = displacement(box, mapped, xm[side]);
    std::printf("   minimum %zu (whole): moved %.3f A from its affine image\n", v,
                max_atom_separation(box, mapped, xm[side]));
  }
  std::printf("   minima now %.3f A apart\n", max_atom_separation(box, xm[0], xm[1], c.tolerances().rigid));
  const VectorXd guess = shear_map(c.saddle_positions(e), increment, ylo) + relaxation[0];
  const Configuration cell = c.atoms_at(increment, xm[0]);
  const long c0 = lj.force_calls();
  const RefinedSaddle ws = refine_saddle_between(cell, lj, xm[0], em[0], xm[1], em[1], guess, p);
  std::printf("   whole refinement: %s [%s] E-Ea %+.4f (was %+.4f) curv %.4f it %ld calls %ld, moved %.3f A from guess\n",
              ws.method.empty() ? "FAILED" : ws.method.c_str(), to_string(ws.saddle.status).c_str(),
              ws.saddle.energy - em[0], t.forward_barrier, ws.saddle.eigenvalue, ws.saddle.iterations,
              lj.force_calls() - c0, max_atom_separation(box, guess, ws.saddle.positions));
  if (!ws.method.empty() || ws.saddle.eigenvector.size() != ws.saddle.positions.size()) return;
  // Min-mode converged but did not join (or NEB failed): where do its sides go?
  SaddleRefinementParams q = p;
  q.neb_images = 0;
  const SaddlePoint s = converge_saddle_whole(cell, lj, guess, xm[0], p);
  std::printf("   min-mode alone: [%s] E-Ea %+.4f curv %.4f\n", to_string(s.status).c_str(), s.energy - em[0],
              s.eigenvalue);
  if (s.status != SaddleStatus::Converged) return;
  for (int side = 0; side < 2; ++side) {
    Configuration w = c.atoms_at(increment, s.positions + (side ? -p.side_step : p.side_step) * s.eigenvector);
    const double es = relax(w, lj, p.relax).energy;
    std::printf("     side %d: to a %.3f A, to b %.3f A, E-Ea %+.4f\n", side,
                max_atom_separation(box, positions_of(w), xm[0], c.tolerances().rigid),
                max_atom_separation(box, positions_of(w), xm[1], c.tolerances().rigid), es - em[0]);
  }
}
}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  const int searches = argc > 1 ? std::atoi(argv[1]) : 60;
  const double increment = argc > 2 ? std::atof(argv[2]) : 1e-3;
  const int n = argc > 3 ? std::atoi(argv[3]) : 8;
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  const ArtParams art = bench::local_art();
  const Configuration glass = metabasin::testing::relaxed_cuzr_lj2d_glass(lj, art.relax);
  ReevaluationParams p = bench::local_reevaluation(art);
  const Configuration sample = replicate(glass, {n, n, 1});
  ForceResult r;
  lj.compute(sample, r);
  const VectorXd x0 = positions_of(sample);
  Catalog c(sample, "bench");
  c.add_minimum({r.energy, x0, 0.0, "start", 0});
  for (int k = 0; k < searches; ++k) {
    const unsigned seed = 1000u + static_cast<unsigned>(k);
    try {
      const ArtSearch s = art_search(sample, r.energy, lj, (seed * 7919u) % glass.size(), seed, art);
      add_art_event(c, x0, s, 0.0, "art");
    } catch (const std::exception& e) {
      std::printf("search %u: %s\n", seed, e.what());
    }
  }
  p.rigid = c.tolerances().rigid;
  const double ylo = c.atoms().box.lo[1];
  // The root followed on the whole sample.
  Configuration root = c.atoms_at(increment, shear_map(x0, increment, ylo));
  const double e_root = relax(root, lj, p.relax).energy;
  const VectorXd xr = positions_of(root);
  const VectorXd root_relaxation = displacement(root.box, shear_map(x0, increment, ylo), xr);
  const Box box = root.box;
  std::printf("%zu atoms, %zu minima, %zu saddles; root relaxed at %g\n", sample.size(), c.minima(), c.saddles(),
              increment);

  for (std::size_t e = 0; e < c.saddles(); ++e) {
    const Transition t = c.saddle(e);
    const auto ds = c.saddle_difference(e);
    const auto da = c.minimum_difference(t.from), db = c.minimum_difference(t.to);
    std::printf("\n== event %zu: %zu -> %zu, barrier %.4f eV, stored: saddle %zu, minima %zu / %zu atoms\n", e,
                t.from, t.to, t.forward_barrier, ds ? ds->atoms.size() : sample.size(),
                da ? da->atoms.size() : (t.from == 0 ? 0 : sample.size()),
                db ? db->atoms.size() : sample.size());
    if (!ds || !db || (t.from != 0 && !da)) {
      trace_whole(c, lj, t, e, x0, increment, xr, e_root, root_relaxation, p);
      continue;
    }
    const Configuration held0 = c.atoms_at(0.0, x0);
    std::vector<std::size_t> region = with_skin(held0, ds->atoms, lj);
    for (const auto& d : {da, db})
      if (d) {
        const auto m = with_skin(held0, d->atoms, lj);
        region.insert(region.end(), m.begin(), m.end());
      }
    std::sort(region.begin(), region.end());
    region.erase(std::unique(region.begin(), region.end()), region.end());
    std::printf("   region: %zu moving atoms\n", region.size());

    // Control: the stored saddle in its region at strain 0.
    {
      HeldSample held(held0, c.minimum(0).energy, lj, region);
      const RefinedSaddle rs = held.refine_saddle_between(c.minimum_positions(t.from), c.minimum(t.from).energy,
                                                          c.minimum_positions(t.to), c.minimum(t.to).energy,
                                                          c.saddle_positions(e), p);
      std::printf("   strain 0 in region: %s [%s] dE %+.2e fmax %.1e curv %.3f it %ld\n",
                  rs.method.empty() ? "FAILED" : rs.method.c_str(), status(rs.saddle.status),
                  rs.saddle.energy - t.energy, rs.saddle.fmax, rs.saddle.eigenvalue, rs.saddle.iterations);
    }

    // Minima at the new strain: region (as reevaluate) and whole-sample relaxation from there.
    VectorXd xm[2];
    double em[2];
    const Configuration held = c.atoms_at(increment, xr);
    for (int side = 0; side < 2; ++side) {
      const std::size_t v = side ? t.to : t.from;
      if (v == 0) {
        xm[side] = xr;
        em[side] = e_root;
        continue;
      }
      const auto d = side ? db : da;
      const auto mr = with_skin(held0, d->atoms, lj);
      HeldSample h(held, e_root, lj, mr);
      const VectorXd guess = shear_map(c.minimum_positions(v), increment, ylo) + root_relaxation;
      VectorXd x = guess;
      const auto er = h.relax(x, p.relax);
      Configuration w = c.atoms_at(increment, x);
      const double ew = relax(w, lj, p.relax).energy;
      const Moved mv = moved(box, x, positions_of(w), mr, 1e-3);
      std::printf("   minimum %zu: region %s, jump %.3f A; whole relaxes %+.2e eV further, %ld atoms > 1e-3 A (%ld outside, "
                  "largest outside %.1e A)\n",
                  v, er ? "ok" : "FAILED", max_atom_separation(box, guess, x), er ? ew - *er : 0.0, mv.all, mv.outside,
                  mv.largest_outside);
      xm[side] = x;
      em[side] = er ? *er : 0.0;
    }

    const VectorXd guess = shear_map(c.saddle_positions(e), increment, ylo) + root_relaxation;
    ActiveRegion ar(held, region, lj, ActiveRegion::default_margin(lj));
    std::printf("   guess: largest force on the frozen shell %.2e eV/A\n",
                frozen_forces(held, ar, ar.gather(guess), lj, 1e-3).max_force);
    HeldSample hs(held, e_root, lj, region);
    const RefinedSaddle rs = hs.refine_saddle_between(xm[0], em[0], xm[1], em[1], guess, p);
    std::printf("   region refinement: %s [%s] E-E0 %+.4f fmax %.1e curv %.4f it %ld calls %ld, moved %.3f A from guess\n",
                rs.method.empty() ? "FAILED" : rs.method.c_str(), status(rs.saddle.status),
                rs.saddle.energy - e_root, rs.saddle.fmax, rs.saddle.eigenvalue, rs.saddle.iterations,
                hs.force_calls(), max_atom_separation(box, guess, rs.saddle.positions));
    if (rs.saddle.status == SaddleStatus::Converged) {
      std::printf("   frozen shell at the region saddle: %.2e eV/A; mode weight outside region 0 (by construction)\n",
                  frozen_forces(held, ar, ar.gather(rs.saddle.positions), lj, 1e-3).max_force);
      for (int side = 0; side < 2; ++side) {
        VectorXd x = rs.saddle.positions + (side ? -p.side_step : p.side_step) * rs.saddle.eigenvector;
        HeldSample hside(held, e_root, lj, region);
        const auto es = hside.relax(x, p.relax);
        std::printf("     side %d: %s, to a %.3f A, to b %.3f A, E %+.4f\n", side, es ? "relaxed" : "FAILED",
                    max_atom_separation(box, x, xm[0]), max_atom_separation(box, x, xm[1]),
                    es ? *es - e_root : 0.0);
      }
    }
    // The whole sample from the same guess.
    const long c0 = lj.force_calls();
    const RefinedSaddle ws = refine_saddle_between(held, lj, xm[0], em[0], xm[1], em[1], guess, p);
    std::printf("   whole refinement: %s [%s] E-E0 %+.4f curv %.4f it %ld calls %ld, moved %.3f A from guess\n",
                ws.method.empty() ? "FAILED" : ws.method.c_str(), status(ws.saddle.status), ws.saddle.energy - e_root,
                ws.saddle.eigenvalue, ws.saddle.iterations, lj.force_calls() - c0,
                max_atom_separation(box, guess, ws.saddle.positions));
    if (ws.saddle.status == SaddleStatus::Converged || !ws.method.empty()) {
      const Moved mv3 = moved(box, guess, ws.saddle.positions, region, 1e-3);
      const Moved mv2 = moved(box, guess, ws.saddle.positions, region, 1e-2);
      std::printf("     whole saddle vs guess: %ld atoms > 1e-3 A (%ld outside region), %ld > 1e-2 A (%ld outside), "
                  "largest outside %.1e A\n",
                  mv3.all, mv3.outside, mv2.all, mv2.outside, mv3.largest_outside);
      if (ws.saddle.eigenvector.size() == ws.saddle.positions.size())
        std::printf("     whole mode weight outside region %.2e\n", weight_outside(ws.saddle.eigenvector, region));
      if (rs.saddle.status == SaddleStatus::Converged)
        std::printf("     region vs whole saddle: %.3f A apart, dE %+.2e eV\n",
                    max_atom_separation(box, rs.saddle.positions, ws.saddle.positions),
                    rs.saddle.energy - ws.saddle.energy);
    }
    std::fflush(stdout);
  }
  return 0;
}
