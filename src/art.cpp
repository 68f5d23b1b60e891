#include "art.hpp"

#include <chrono>
#include <random>
#include <vector>

namespace metabasin {

double max_atom_separation(const Box& box, const VectorXd& a, const VectorXd& b, bool translation, bool rotation) {
  const Eigen::Index n = a.size() / 3;
  if (n == 0) return 0.0;
  std::vector<Vec3> d(n);
  Vec3 mean = Vec3::Zero();
  for (Eigen::Index i = 0; i < n; ++i) {
    d[i] = box.minimum_image(Vec3(a[3 * i] - b[3 * i], a[3 * i + 1] - b[3 * i + 1], a[3 * i + 2] - b[3 * i + 2]));
    mean += d[i];
  }
  mean /= static_cast<double>(n);
  if (!translation) mean = Vec3::Zero();
  if (translation && rotation && n > 2) {
    // Kabsch: rotate b (unwrapped next to a) onto a about the centroids.
    std::vector<Vec3> pa(n), pb(n);
    Vec3 ca = Vec3::Zero(), cb = Vec3::Zero();
    for (Eigen::Index i = 0; i < n; ++i) {
      pa[i] = Vec3(a[3 * i], a[3 * i + 1], a[3 * i + 2]);
      pb[i] = pa[i] - d[i];
      ca += pa[i];
      cb += pb[i];
    }
    ca /= static_cast<double>(n);
    cb /= static_cast<double>(n);
    Mat3 cov = Mat3::Zero();
    for (Eigen::Index i = 0; i < n; ++i) cov += (pb[i] - cb) * (pa[i] - ca).transpose();
    Eigen::JacobiSVD<Mat3> svd(cov, Eigen::ComputeFullU | Eigen::ComputeFullV);
    Mat3 corr = Mat3::Identity();
    corr(2, 2) = (svd.matrixV() * svd.matrixU().transpose()).determinant() < 0.0 ? -1.0 : 1.0;
    const Mat3 r = svd.matrixV() * corr * svd.matrixU().transpose();
    double m = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) m = std::max(m, ((pa[i] - ca) - r * (pb[i] - cb)).norm());
    return m;
  }
  double m = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) m = std::max(m, (d[i] - mean).norm());
  return m;
}

namespace {

bool periodic_any(const Box& b) { return b.periodic[0] || b.periodic[1] || (b.dimension == 3 && b.periodic[2]); }

/// Pair potentials are translation invariant (rigid translations are zero modes); a free
/// cluster can also rotate. Model surfaces (external fields) have neither.
bool translation_invariant(const Potential& p) { return p.cutoff() > 0.0; }

VectorXd local_push(const Configuration& c, std::size_t centre, double radius, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  VectorXd d = VectorXd::Zero(static_cast<Eigen::Index>(c.x.size()));
  const Vec3 rc = c.position(centre);
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c.box.minimum_image(c.position(i) - rc).norm() > radius) continue;
    for (int k = 0; k < c.box.dimension; ++k) d[3 * i + k] = u(rng);
  }
  return d.normalized();
}

}  // namespace

ArtSearch art_search(const Configuration& start, Potential& potential, std::size_t centre_index, unsigned seed,
                     const ArtParams& p) {
  const auto t0 = std::chrono::steady_clock::now();
  ArtSearch out;
  out.centre_id = start.ids[centre_index];
  out.seed = seed;
  Configuration work = start;
  AtomsObjective f(work, potential);
  const long calls0 = f.evaluations();
  const VectorXd x0 = f.positions();
  VectorXd force(x0.size());
  out.initial_energy = f.evaluate(x0, force);

  LanczosParams lp = p.saddle.lanczos;
  lp.dimension = start.box.dimension;
  lp.zero_modes = rigid_body_modes(x0, start.box.dimension, translation_invariant(potential),
                                   translation_invariant(potential) && !periodic_any(start.box));
  MinModeParams mp = p.saddle;
  mp.lanczos = lp;

  // Push: grow a local random displacement until the landscape curves downward.
  std::mt19937_64 rng(seed);
  const VectorXd d = local_push(start, centre_index, p.push_radius, rng);
  VectorXd x = x0, mode = d;
  Eigenpair ep;
  bool negative = false;
  for (int step = 0; step < p.max_push_steps && !negative; ++step) {
    x += p.push_step * d;
    for (int k = 0; k < p.perpendicular_steps; ++k) {
      f.evaluate(x, force);
      VectorXd perp = force - force.dot(d) * d;
      const double moved = f.max_displacement(perp);
      if (moved > 0.0) x += perp * std::min(1.0, 0.5 * p.push_step / moved) * 0.5;
    }
    f.evaluate(x, force);
    ep = lowest_eigenpair(f, x, force, mode, lp, seed + step);
    mode = ep.vector.dot(d) < 0.0 ? VectorXd(-ep.vector) : ep.vector;
    negative = ep.value < p.eigenvalue_threshold;
  }
  if (!negative) {
    out.saddle.status = SaddleStatus::NoNegativeCurvature;
    out.saddle.positions = x;
    out.saddle.eigenvalue = ep.value;
  } else {
    out.saddle = converge_saddle(f, x, mode, mp);
  }
  out.saddle_force_calls = f.evaluations() - calls0;
  if (out.saddle.status == SaddleStatus::Converged) {
    // Relax down both sides of the saddle and check that one side is where we started.
    auto relax_from = [&](double sign, double& energy) {
      VectorXd y = out.saddle.positions + sign * p.side_step * out.saddle.eigenvector;
      const MinimizeResult r = make_minimizer(p.relax)->minimize(f, y);
      energy = r.energy;
      return y;
    };
    double e_plus = 0.0, e_minus = 0.0;
    const VectorXd plus = relax_from(1.0, e_plus), minus = relax_from(-1.0, e_minus);
    const bool rigid = translation_invariant(potential), cluster = rigid && !periodic_any(start.box);
    const bool plus_is_start = max_atom_separation(start.box, plus, x0, rigid, cluster) < p.same_state_tolerance;
    const bool minus_is_start = max_atom_separation(start.box, minus, x0, rigid, cluster) < p.same_state_tolerance;
    if (plus_is_start == minus_is_start) {
      out.saddle.status = SaddleStatus::Disconnected;
    } else {
      out.final_minimum = plus_is_start ? minus : plus;
      out.final_energy = plus_is_start ? e_minus : e_plus;
      out.barrier = out.saddle.energy - out.initial_energy;
      out.reverse_barrier = out.saddle.energy - out.final_energy;
    }
  }
  out.force_calls = f.evaluations() - calls0;
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace metabasin
