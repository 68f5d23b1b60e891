// SPDX-License-Identifier: BSD-3-Clause
// ART nouveau on the LJ38 global minimum, the benchmark eOn's saddle searches are quoted on
// (issue 23): force calls per converged saddle (true median and mean), success rate, outcomes,
// and the distinct saddles found, counted modulo permutations of the identical atoms and rigid
// motions (symmetry-equivalent saddles of the O_h cluster are one saddle).
//
// The cluster is built here: the 38 fcc sites closest to an octahedral interstitial site (shells
// of 6, 8 and 24 sites: the truncated octahedron), relaxed with L-BFGS, and checked against the
// Cambridge Cluster Database energy -173.928427 (epsilon = sigma = 1, no cutoff). The potential
// is 12-6 LJ with epsilon = 1 eV, sigma = 1 A (so eV and A read as LJ units), cut at 15 sigma
// and NOT shifted: every pair of the cluster (< 4 sigma wide) lies inside the cutoff, so the
// energy is the untruncated LJ energy.
//
// Each search k = 1..N uses seed k: the centre atom is drawn from std::mt19937_64(k), and ART
// pushes it and its neighbours within 1.5 sigma (art.push_radius; the first shell is at
// 2^(1/6) = 1.12 sigma, the second at 1.59), saddles to fmax 0.01 eV/A, the two sides relaxed
// with L-BFGS to fmax 0.01 eV/A (eOn's one converged_force). Every other ART setting is the
// default of ArtParams.
//
// Identity of saddles: each converged saddle is refined by Newton steps to the stationary point
// nearest it (force < 1e-8 eV/A, not counted in the costs); two refined first-order saddles are
// one when their energies agree within 1e-5 epsilon and their sorted lists of the 703 pair
// distances agree within 1e-3 sigma, entry by entry. ART's saddles whose nearest stationary
// point is of higher index, or which Newton does not bring to one, are counted apart.
//
//   build/bench/lj38_saddles [searches, 100]
// prints one JSON object on stdout and a table on stderr.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include <Kokkos_Core.hpp>
#include <nlohmann/json.hpp>

#include "art.hpp"
#include "fits.hpp"
#include "minimizer.hpp"
#include "pair_lj.hpp"
#include "saddle_search.hpp"
#include "state_distance.hpp"

using namespace metabasin;

namespace {

constexpr double kCcdEnergy = -173.928427;  // Cambridge Cluster Database, LJ38 global minimum

/// The 38 fcc sites nearest an octahedral interstitial site, nearest neighbours 2^(1/6) apart,
/// centred in a non-periodic 40 sigma box. In units of half the cubic lattice constant, fcc
/// sites are the integer points with an even coordinate sum; the site (1,0,0) is octahedral, and
/// its shells at squared distances 1, 3, 5 hold 6, 8 and 24 sites: 38, a closed shape.
Configuration lj38_truncated_octahedron() {
  const double half_a = std::pow(2.0, 1.0 / 6.0) / std::sqrt(2.0);
  Configuration c;
  c.box.dimension = 3;
  c.box.periodic = {false, false, false};
  c.box.lo = Vec3(-20, -20, -20);
  c.box.len = Vec3(40, 40, 40);
  c.masses = {1.0};
  long id = 1;
  for (int i = -2; i <= 4; ++i)
    for (int j = -3; j <= 3; ++j)
      for (int k = -3; k <= 3; ++k) {
        if (((i + j + k) % 2 + 2) % 2 != 0) continue;
        const int d2 = (i - 1) * (i - 1) + j * j + k * k;
        if (d2 > 5) continue;
        c.ids.push_back(id++);
        c.types.push_back(1);
        c.x.insert(c.x.end(), {half_a * (i - 1), half_a * j, half_a * k});
        c.image.insert(c.image.end(), {0, 0, 0});
      }
  return c;
}

PairLJ lj38_potential() { return PairLJ({"A"}, {{"A", "A", 1.0, 1.0, 15.0}}, false, 1.0); }

/// Sorted pair distances: invariant under permutations of identical atoms, rotations,
/// translations and reflections (the cluster's O_h group holds the inversion, so a saddle's
/// mirror image is a symmetry copy of it).
std::vector<double> pair_distances(const VectorXd& x) {
  std::vector<double> d;
  const Eigen::Index n = x.size() / 3;
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = i + 1; j < n; ++j) d.push_back((x.segment<3>(3 * i) - x.segment<3>(3 * j)).norm());
  std::sort(d.begin(), d.end());
  return d;
}

struct Fingerprint {
  double energy;
  std::vector<double> distances;
};

/// Representatives of the distinct saddles: same when the energies agree within energy_tol and
/// every sorted pair distance within distance_tol (distance_tol < 0: energy alone).
std::size_t distinct(const std::vector<Fingerprint>& all, double energy_tol, double distance_tol) {
  std::vector<const Fingerprint*> reps;
  for (const Fingerprint& f : all) {
    const bool seen = std::any_of(reps.begin(), reps.end(), [&](const Fingerprint* r) {
      if (std::abs(r->energy - f.energy) > energy_tol) return false;
      if (distance_tol < 0.0) return true;
      for (std::size_t k = 0; k < f.distances.size(); ++k)
        if (std::abs(r->distances[k] - f.distances[k]) > distance_tol) return false;
      return true;
    });
    if (!seen) reps.push_back(&f);
  }
  return reps.size();
}

/// The stationary point nearest a converged saddle, by Newton steps on the finite-difference
/// Hessian (rigid motions projected out; 228 force calls per step, not counted), to 1e-8 eV/A.
/// Saddles found to 0.01 eV/A sit up to ~0.01 sigma and ~1e-4 epsilon from the exact one along
/// soft modes, too loose for a strict identity test; refined, two finds of one saddle agree to
/// round-off. Newton, unlike min-mode following, stays at the nearest stationary point, whose
/// index (negative curvatures) it reports.
struct Refined {
  bool converged = false;
  double energy = 0.0;
  VectorXd positions;
  int index = -1;
};

Refined refined(const Configuration& start, Potential& lj, const VectorXd& x0) {
  Configuration work = start;
  AtomsObjective f(work, lj);
  const Eigen::Index n = x0.size();
  const double h = 1e-5;
  Refined r;
  r.positions = x0;
  VectorXd force(n), fp(n), fm(n);
  for (int it = 0; it < 50; ++it) {
    r.energy = f.evaluate(r.positions, force);
    const Eigen::MatrixXd z = rigid_body_modes(r.positions, 3, true, true);
    const Eigen::MatrixXd project = Eigen::MatrixXd::Identity(n, n) - z * z.transpose();
    Eigen::MatrixXd hessian(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
      VectorXd y = r.positions;
      y[i] += h;
      f.evaluate_force(y, fp);
      y[i] -= 2 * h;
      f.evaluate_force(y, fm);
      hessian.col(i) = -(fp - fm) / (2 * h);
    }
    hessian = project * (0.5 * (hessian + hessian.transpose())) * project;
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(hessian);
    r.index = static_cast<int>((eig.eigenvalues().array() < -1e-6).count());
    if (f.max_force(force) < 1e-8) {
      r.converged = true;
      return r;
    }
    const VectorXd g = eig.eigenvectors().transpose() * (project * force);
    VectorXd step = VectorXd::Zero(n);
    for (Eigen::Index k = 0; k < n; ++k)
      if (std::abs(eig.eigenvalues()[k]) > 1e-6) step += g[k] / eig.eigenvalues()[k] * eig.eigenvectors().col(k);
    const double largest = f.max_displacement(step);
    if (largest > 0.05) step *= 0.05 / largest;
    r.positions += step;
  }
  return r;
}

double mean(const std::vector<double>& v) {
  double m = 0.0;
  for (double x : v) m += x / static_cast<double>(v.size());
  return v.empty() ? std::nan("") : m;
}

/// The q-quantile (nearest rank): q = 1 is the largest value.
double percentile(std::vector<double> v, double q) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::max<std::size_t>(rank, 1) - 1];
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  const int searches = argc > 1 ? std::atoi(argv[1]) : 100;
  if (searches < 1) {
    std::fprintf(stderr, "usage: lj38_saddles [searches >= 1]\n");
    return 2;
  }
  Configuration c = lj38_truncated_octahedron();
  PairLJ lj = lj38_potential();
  MinimizeParams tight;
  tight.method = "lbfgs";
  tight.fmax = 1e-10;
  const double e0 = relax(c, lj, tight).energy;
  if (c.size() != 38 || std::abs(e0 - kCcdEnergy) > 1e-4) {
    std::fprintf(stderr, "lj38_saddles: the relaxed cluster has %zu atoms and E = %.6f, not the global minimum %.6f\n",
                 c.size(), e0, kCcdEnergy);
    return 1;
  }

  ArtParams p;
  p.push_radius = 1.5;
  p.saddle.fmax = 0.01;
  p.relax.method = "lbfgs";
  p.relax.fmax = 0.01;

  const auto t0 = std::chrono::steady_clock::now();
  std::vector<double> saddle_calls, climb_calls, all_calls, calls_failed, min_mode_steps;
  double art_seconds = 0.0;  // the searches alone, without the refinements
  std::map<std::string, int> outcomes;
  std::vector<Fingerprint> raw, exact;
  int higher_index = 0, newton_unconverged = 0;  // converged by ART, not first-order saddles
  double refine_shift = 0.0;  // largest energy change of a refinement
  for (int k = 1; k <= searches; ++k) {
    const unsigned seed = static_cast<unsigned>(k);
    std::mt19937_64 rng(seed);
    const std::size_t centre = std::uniform_int_distribution<std::size_t>(0, c.size() - 1)(rng);
    const ArtSearch s = art_search(c, lj, centre, seed, p);
    art_seconds += s.wall_seconds;
    ++outcomes[to_string(s.saddle.status)];
    if (s.saddle.status != SaddleStatus::Converged) {
      calls_failed.push_back(static_cast<double>(s.force_calls));
      continue;
    }
    saddle_calls.push_back(static_cast<double>(s.saddle_force_calls));
    climb_calls.push_back(static_cast<double>(s.saddle_force_calls - s.saddle.refinement_calls));
    all_calls.push_back(static_cast<double>(s.force_calls));
    min_mode_steps.push_back(static_cast<double>(s.saddle.iterations));
    raw.push_back({s.saddle.energy, pair_distances(s.saddle.positions)});
    const Refined r = refined(c, lj, s.saddle.positions);
    if (r.converged && r.index == 1) {
      exact.push_back({r.energy, pair_distances(r.positions)});
      refine_shift = std::max(refine_shift, std::abs(r.energy - s.saddle.energy));
    } else {
      ++(r.converged ? higher_index : newton_unconverged);
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const auto converged = static_cast<long>(saddle_calls.size());
  nlohmann::json out = {
      {"system", "LJ38 truncated octahedron"},
      {"start_energy", e0},
      {"searches", searches},
      {"converged", converged},
      {"success_rate", static_cast<double>(converged) / searches},
      {"median_saddle_force_calls", median(saddle_calls)},
      {"mean_saddle_force_calls", mean(saddle_calls)},
      {"median_climb_force_calls", median(climb_calls)},  // without the refinement: eOn's work
      {"mean_climb_force_calls", mean(climb_calls)},
      {"median_force_calls", median(all_calls)},
      {"mean_force_calls", mean(all_calls)},
      {"saddle_force_calls_90th_percentile", percentile(saddle_calls, 0.9)},
      {"largest_saddle_force_calls", percentile(saddle_calls, 1.0)},
      {"median_min_mode_steps", median(min_mode_steps)},
      {"mean_force_calls_failed", mean(calls_failed)},
      {"force_calls_per_converged_saddle_all_searches",
       converged ? (std::accumulate(all_calls.begin(), all_calls.end(), 0.0) +
                    std::accumulate(calls_failed.begin(), calls_failed.end(), 0.0)) /
                       static_cast<double>(converged)
                 : std::nan("")},
      {"outcomes", outcomes},
      {"distinct_saddles", distinct(exact, 1e-5, 1e-3)},
      {"distinct_saddles_by_energy", distinct(exact, 1e-5, -1.0)},
      {"distinct_saddles_unrefined", distinct(raw, 1e-5, 1e-3)},
      {"distinct_saddles_loose", distinct(exact, 1e-3, 1e-2)},
      {"refined_largest_energy_change", refine_shift},
      {"refined_to_higher_index", higher_index},
      {"refinement_unconverged", newton_unconverged},
      {"art_seconds", art_seconds},
      {"wall_seconds", seconds}};
  std::printf("%s\n", out.dump().c_str());

  std::fprintf(stderr, "LJ38 (E0 = %.6f), %d ART searches, %.1f s (%.1f s in the searches)\n", e0, searches, seconds,
               art_seconds);
  std::fprintf(stderr, "  %-44s %d (%.0f %%)\n", "converged and connected", static_cast<int>(converged),
               100.0 * converged / searches);
  for (const auto& [status, n] : outcomes) std::fprintf(stderr, "  %-44s %d\n", ("outcome " + status).c_str(), n);
  std::fprintf(stderr, "  %-44s %8s %8s\n", "force calls per converged saddle", "median", "mean");
  std::fprintf(stderr, "  %-44s %8.1f %8.1f\n", "  push + climb + refinement (saddle phase)", median(saddle_calls),
               mean(saddle_calls));
  std::fprintf(stderr, "  %-44s %8.1f %8.1f\n", "  push + climb (eOn's saddle phase)", median(climb_calls),
               mean(climb_calls));
  std::fprintf(stderr, "  %-44s %8.0f %8.0f\n", "  saddle phase: 90th percentile, largest", percentile(saddle_calls, 0.9),
               percentile(saddle_calls, 1.0));
  std::fprintf(stderr, "  %-44s %8.1f %8.1f\n", "  whole search (+ relaxing both sides)", median(all_calls),
               mean(all_calls));
  std::fprintf(stderr, "  %-44s %zu\n", "distinct saddles (refined; E 1e-5, pairs 1e-3)", distinct(exact, 1e-5, 1e-3));
  std::fprintf(stderr, "  %-44s %zu\n", "distinct saddles by energy alone (1e-5)", distinct(exact, 1e-5, -1.0));
  std::fprintf(stderr, "  %-44s %zu\n", "distinct saddles unrefined (E 1e-5, 1e-3)", distinct(raw, 1e-5, 1e-3));
  std::fprintf(stderr, "  %-44s %zu\n", "distinct saddles (refined; E 1e-3, pairs 1e-2)", distinct(exact, 1e-3, 1e-2));
  std::fprintf(stderr, "  %-44s %d + %d\n", "not first-order: higher index + Newton failed", higher_index,
               newton_unconverged);
  return 0;
}
