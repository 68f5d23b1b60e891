// SPDX-License-Identifier: BSD-3-Clause
#include "saddle_refinement.hpp"

#include <algorithm>
#include <functional>

#include "active_region.hpp"
#include "neb.hpp"
#include "shear_stress.hpp"
#include "path_geometry.hpp"

namespace metabasin {

namespace {

/// Whether the two sides of saddle s (whole-sample vectors), each relaxed by `relax_side`
/// (false: it did not relax), end one at a and the other at b, up to `rigid` motions: within
/// same_state_tolerance, or joined to it by a straight path rising less than same_state_barrier
/// (`energy` evaluates a point).
bool joins(const SaddlePoint& s, const VectorXd& a, const VectorXd& b, const Box& box, const RigidMotions& rigid,
           const SaddleRefinementParams& p, const std::function<bool(VectorXd&)>& relax_side,
           const std::function<double(const VectorXd&)>& energy) {
  const auto same = [&](const VectorXd& x, const VectorXd& m) {
    if (max_atom_separation(box, x, m, p.judged_atoms, rigid) < p.same_state_tolerance) return true;
    return p.same_state_barrier > 0.0 &&
           straight_path_rise(x, m, displacement(box, x, m), energy) < p.same_state_barrier;
  };
  VectorXd side[2];
  for (int k = 0; k < 2; ++k) {
    side[k] = s.positions + (k ? -p.side_step : p.side_step) * s.eigenvector;
    if (!relax_side(side[k])) return false;
  }
  return (same(side[0], a) && same(side[1], b)) || (same(side[0], b) && same(side[1], a));
}

// Min-mode following in `work` (the cell, positions overwritten) from `start` with mode guess
// `direction` (whole-sample vectors in and out).
SaddlePoint min_mode_from(Configuration& work, Potential& potential, const VectorXd& start, const VectorXd& direction,
                          const SaddleRefinementParams& p) {
  AtomsObjective f(work, potential);
  const int dim = f.dimension();
  VectorXd mode = to_coordinates(direction, dim);
  if (mode.norm() > 0.0) mode.normalize();
  SaddlePoint saddle = converge_saddle(f, to_coordinates(start, dim), mode, p.refine);
  saddle.positions = to_sample(saddle.positions, dim);
  saddle.eigenvector = to_sample(saddle.eigenvector, dim);
  return saddle;
}

}  // namespace

RefinedSaddle refine_saddle_between(const Configuration& cell, Potential& potential, const VectorXd& a, double ea,
                                    const VectorXd& b, double eb, const VectorXd& guess,
                                    const SaddleRefinementParams& p, const VectorXd& mode) {
  RefinedSaddle out;
  Configuration work = cell;
  const double above = std::max(ea, eb);
  out.saddle = min_mode_from(work, potential, guess, mode.size() > 0 ? mode : displacement(cell.box, a, guess), p);
  if (out.saddle.status == SaddleStatus::Converged && out.saddle.energy > above &&
      joins(
          out.saddle, a, b, cell.box, p.rigid, p,
          [&](VectorXd& x) {
            Eigen::Map<VectorXd>(work.x.data(), x.size()) = x;
            relax(work, potential, p.relax);
            x = positions_of(work);
            return true;
          },
          [&](const VectorXd& x) {
            Eigen::Map<VectorXd>(work.x.data(), x.size()) = x;
            ForceResult r;
            potential.compute(work, r);
            return r.energy;
          })) {
    out.method = "lanczos";
    return out;
  }
  if (p.neb_images <= 0) {
    if (out.saddle.status == SaddleStatus::Converged) out.saddle.status = SaddleStatus::Disconnected;
    return out;
  }
  NebParams np;
  np.images = p.neb_images;
  np.fmax = std::max(p.refine.fmax, 1e-6);  // tighter bands rarely converge in max_iterations
  // The path's images need not meet refine.fmax, and next to a pair at the potential's cutoff
  // (shifted LJ) they cannot: one of several images meets such a pair far more often than the
  // top alone does.
  np.path_fmax = least_attainable_fmax(potential);
  np.optimizer = "lbfgs";
  np.max_move = p.refine.max_move;
  Eigen::Map<VectorXd>(work.x.data(), a.size()) = a;
  const NebResult r = run_neb(work, b, potential, np, guess);
  const int top = r.climbing_image, last = static_cast<int>(r.images.size()) - 1;
  // The climbing image stands only as a first-order saddle: min-mode following from it (along
  // the band's tangent; converged already, it stays) must converge with a negative curvature
  // and stay with it. A climbing image converges at any stationary point: issue 24's trace had
  // one at a shallow minimum inside the band, with no lower image to show it.
  if (r.converged && r.geometry.intermediate_minima == 0 && top > 0 && top < last && r.saddle_energy > above) {
    SaddlePoint s = min_mode_from(work, potential, r.images[top],
                                  displacement(cell.box, r.images[top - 1], r.images[top + 1]), p);
    if (s.status == SaddleStatus::Converged && s.energy > above &&
        max_atom_separation(cell.box, s.positions, r.images[top], p.judged_atoms, p.rigid) < p.same_state_tolerance) {
      out.saddle = std::move(s);
      out.method = "neb";
      return out;
    }
  }
  out.saddle.status = out.saddle.status == SaddleStatus::Converged ? SaddleStatus::Disconnected : out.saddle.status;
  return out;
}

CarriedEvent carry_event(const Configuration& cell, Potential& potential, const VectorXd& from, const SaddlePoint& saddle,
                         const VectorXd& beyond, const VectorXd& to, double e_to, const SaddleRefinementParams& p) {
  // Displacements by the minimum image: an atom wrapped across the cell between two states
  // moves by a lattice vector otherwise.
  const auto carried = [&](const VectorXd& x) -> VectorXd { return to + displacement(cell.box, from, x); };
  CarriedEvent out;
  Configuration work = cell;
  Eigen::Map<VectorXd>(work.x.data(), to.size()) = carried(beyond);
  out.beyond_energy = relax(work, potential, p.relax).energy;
  out.beyond = positions_of(work);
  if (max_atom_separation(cell.box, out.beyond, to, p.judged_atoms, p.rigid) < p.same_state_tolerance) {
    out.refined.saddle.status = SaddleStatus::InStartBasin;
    return out;
  }
  out.refined = refine_saddle_between(cell, potential, to, e_to, out.beyond, out.beyond_energy,
                                      carried(saddle.positions), p, saddle.eigenvector);
  return out;
}

SaddleRefinementParams art_carry_refinement(const ArtParams& art, const Configuration& cell, const Potential& potential,
                                            std::vector<std::size_t> judged) {
  SaddleRefinementParams rp;
  rp.refine = art.saddle;
  rp.refine.fmax *= 0.1;
  rp.refine.settled_energy = 0.01 * art.region_energy_tolerance;
  rp.relax = art.relax;
  rp.side_step = art.side_step;
  rp.same_state_tolerance = art.same_state_tolerance;
  rp.same_state_barrier = art.same_state_barrier;
  rp.rigid = free_rigid_motions(cell.box, potential);
  rp.neb_images = 0;
  rp.judged_atoms = std::move(judged);
  return rp;
}

CarriedEvent carry_from_start_side(const Configuration& cell, Potential& potential, const ArtSearch& search,
                                   const VectorXd& start, double e_start, const ArtParams& art, double radius) {
  Configuration side = cell;
  Eigen::Map<VectorXd>(side.x.data(), search.start_side.size()) = search.start_side;
  const std::size_t centre = most_moving_atom(displacement(cell.box, search.start_side, search.saddle.positions));
  std::vector<std::size_t> judged;
  if (radius > 0.0) judged = atoms_near(side, side.position(centre), radius);
  return carry_event(cell, potential, search.start_side, search.saddle, search.final_minimum, start, e_start,
                     art_carry_refinement(art, cell, potential, std::move(judged)));
}

void carry_start_side(ArtRun& r, const Configuration& start, double e_start, Potential& potential, const ArtParams& art,
                      double radius) {
  const ArtSearch& s = r.art;
  if (s.saddle.status != SaddleStatus::Converged || s.start_side.size() == 0 || s.final_minimum.size() == 0) return;
  const long c0 = potential.force_calls();
  r.carried = carry_from_start_side(start, potential, s, positions_of(start), e_start, art, radius);
  r.carry_force_calls = potential.force_calls() - c0;
}

struct HeldSample::Region {
  Configuration held;
  ActiveRegion region;
  RegionObjective objective;
  const Potential* potential;
  Region(const Configuration& c, double energy, const Potential& p, std::vector<std::size_t> moving)
      : held(c),
        region(c, std::move(moving), p, ActiveRegion::default_margin(p)),
        objective(region, p, energy),
        potential(&p) {}
  VectorXd whole(const VectorXd& y) const {
    VectorXd x = positions_of(held);
    region.scatter(y, x);
    return x;
  }
};

HeldSample::HeldSample(const Configuration& held, double held_energy, const Potential& potential,
                       std::vector<std::size_t> moving)
    : region_(std::make_unique<Region>(held, held_energy, potential, std::move(moving))) {}

HeldSample::~HeldSample() = default;

long HeldSample::force_calls() const { return region_->objective.evaluations() + extra_calls_; }

double HeldSample::atom_evaluations() const {
  return static_cast<double>(region_->objective.evaluations()) *
             static_cast<double>(region_->objective.atoms_per_call()) +
         extra_atoms_;
}

std::size_t HeldSample::moving_atoms() const { return region_->region.moving_count(); }

double HeldSample::pressure_xy_change(const VectorXd& x) {
  const std::unique_ptr<Potential> potential = region_->potential->clone();
  potential->only_first_atoms_move(region_->region.moving_count());
  Configuration cluster = region_->region.cluster();
  ForceResult held, moved;
  potential->compute(cluster, held);
  const VectorXd y = region_->region.gather(x);
  write_coordinates(y, region_->region.dimension(), cluster.x.data());  // the moving atoms come first
  potential->compute(cluster, moved);
  extra_calls_ += 2;
  extra_atoms_ += 2.0 * static_cast<double>(cluster.size());
  return pressure_xy(moved, cluster.box) - pressure_xy(held, cluster.box);
}

std::optional<double> HeldSample::relax(VectorXd& x, const MinimizeParams& p) {
  VectorXd y = region_->region.gather(x);
  const MinimizeResult r = make_minimizer(p)->minimize(region_->objective, y);
  if (!r.converged()) return std::nullopt;
  x = region_->whole(y);
  return r.energy;
}

double HeldSample::energy(const VectorXd& x) {
  VectorXd force(region_->objective.size());
  return region_->objective.evaluate(region_->region.gather(x), force);
}

const ActiveRegion& HeldSample::region() const { return region_->region; }

RefinedSaddle HeldSample::refine_saddle_between(const VectorXd& a, double ea, const VectorXd& b, double eb,
                                                const VectorXd& guess, const SaddleRefinementParams& p) {
  RefinedSaddle out;
  const Box& box = region_->held.box;
  VectorXd mode = region_->region.gather(displacement(box, a, guess));
  if (mode.norm() > 0.0) mode.normalize();
  MinModeParams mp = p.refine;
  mp.lanczos.zero_modes.resize(0, 0);  // the held atoms pin the region: no rigid motion is free
  out.saddle = converge_saddle(region_->objective, region_->region.gather(guess), mode, mp);
  // Whole-sample vectors from here on.
  out.saddle.positions = region_->whole(out.saddle.positions);
  VectorXd v = VectorXd::Zero(out.saddle.positions.size());
  if (out.saddle.eigenvector.size() > 0) region_->region.scatter(out.saddle.eigenvector, v);
  out.saddle.eigenvector = v;
  if (out.saddle.status == SaddleStatus::Converged && out.saddle.energy > std::max(ea, eb) &&
      // The held atoms pin the region: no rigid motion is free.
      joins(
          out.saddle, a, b, box, RigidMotions{}, p, [&](VectorXd& x) { return relax(x, p.relax).has_value(); },
          [&](const VectorXd& x) { return energy(x); }))
    out.method = "lanczos";
  return out;
}

}  // namespace metabasin
