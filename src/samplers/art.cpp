// SPDX-License-Identifier: BSD-3-Clause
#include "art.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

#include "minimizer.hpp"
#include "neb.hpp"
#include "path_geometry.hpp"
#include "search_space.hpp"

namespace metabasin {

namespace {

constexpr int kPushLanczosIterations = 6;  // per push increment

// The band that tests whether a side of a saddle lies in the start's state (joined_by_band):
// 7 images, NEB's spring and FIRE steps, relaxed to 0.003 eV/A at most (0.01 left two Cu-Zr
// and LJ glass sides at 5.0-5.5 meV, docs/studies/speed.md). On those glasses the sides it
// proves have straight paths rising at most 19 same_state_barrier; bands whose straight path
// rises 200 or more (LJ38, one Cu-Zr side) slide their few images into intermediate minima and
// "prove" rises they do not sample: sides above kStateBandReach are not tried.
constexpr int kStateBandImages = 7;
constexpr double kStateBandSpring = 5.0;  // eV/A^2
constexpr double kStateBandFmax = 0.003;  // eV/A
constexpr double kStateBandMaxMove = 0.1;  // A
constexpr double kStateBandDt = 0.05;
constexpr double kStateBandReach = 25.0;  // in same_state_barrier

VectorXd local_push(const Configuration& c, std::size_t centre, double radius, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  VectorXd d = VectorXd::Zero(static_cast<Eigen::Index>(c.x.size()));
  for (std::size_t i : atoms_near(c, c.position(centre), radius))
    for (int k = 0; k < c.box.dimension; ++k) d[3 * i + k] = u(rng);
  return d.normalized();
}

// Lanczos on the coordinates of `start` (coordinates_of), the rigid-body motions the potential
// leaves free projected out.
LanczosParams free_lanczos(const Configuration& start, Potential& potential, const ArtParams& p) {
  const RigidMotions free = free_rigid_motions(start.box, potential);
  LanczosParams lp = p.saddle.lanczos;
  lp.zero_modes = rigid_body_modes(coordinates_of(start), start.box.dimension, free.translation, free.rotation);
  return lp;
}

/// The atoms an event is made of (art.event_radius): the mode moves only them, and "back at the
/// start" is judged on them. Empty: all moving atoms.
struct EventAtoms {
  std::vector<std::size_t> atoms;
  VectorXd mask;   // whole-sample: 1 on their free coordinates
  VectorXd start;  // whole-sample start positions
};

EventAtoms event_atoms(const Configuration& start, std::size_t centre, double radius) {
  EventAtoms ev;
  ev.start = positions_of(start);
  if (radius <= 0.0) return ev;
  ev.atoms = atoms_near(start, start.position(centre), radius);
  if (ev.atoms.size() == start.size()) ev.atoms.clear();  // every atom: nothing is held
  ev.mask = VectorXd::Zero(ev.start.size());
  for (std::size_t i : ev.atoms)
    for (int k = 0; k < start.box.dimension; ++k) ev.mask[3 * static_cast<Eigen::Index>(i) + k] = 1.0;
  return ev;
}

/// Lanczos for the space's current coordinates, confined to the event's atoms. The rest of the
/// sample holds a confined mode in place, so it has no rigid-body zero modes. `basin_modes`
/// (whole-sample): unstable directions of saddles inside the start's basin found before in
/// this search, which the mode must not take again.
LanczosParams event_lanczos(const SearchSpace& space, const LanczosParams& base, const EventAtoms& ev,
                            const std::vector<VectorXd>& basin_modes) {
  LanczosParams lp = space.lanczos(base);
  if (!ev.atoms.empty()) {
    lp.moving = space.from_sample(ev.mask);
    lp.zero_modes.resize(0, 0);
  }
  if (basin_modes.empty()) return lp;
  std::vector<VectorXd> lower;
  for (const VectorXd& m : basin_modes) {
    lower.push_back(space.from_sample(m));
    if (lp.moving.size() > 0) lower.back() = lower.back().cwiseProduct(lp.moving);
  }
  return deflated(std::move(lp), lower, space.start().size());
}

/// A saddle converged to art.fmax can still be meV above the stationary point and a few tenths
/// of an A from it along soft directions: on the 2D glass at 1e-3 eV/A, 1.4-9.4 meV and up to
/// 0.44 A, as much as the change between two region growths that confirmation reads, and more
/// than the tolerances that tell two finds of one saddle apart (unrefined, LJ38's 46 distinct
/// saddles count as 110; docs/studies/local-search.md). Its energy counts once refined to a
/// tenth of that force (the error falls as the force squared), or, where a pair at the cutoff
/// keeps the force up, once the energy has settled to a hundredth of the region tolerance.
SaddlePoint refined_for_energy(ObjectiveFunction& f, const SaddlePoint& s, MinModeParams mp, const ArtParams& p) {
  mp.fmax *= 0.1;
  mp.settled_energy = 0.01 * p.region_energy_tolerance;
  SaddlePoint r = converge_saddle(f, s.positions, s.eigenvector, mp);
  r.refinement_calls = r.force_calls;
  r.iterations += s.iterations;
  r.force_calls += s.force_calls;
  return r;
}

/// Min-mode following from the end of the push, in regions grown until the saddle energy has
/// converged. Freed atoms let the saddle relax a little; a saddle that moves by more than a
/// third of its largest displacement from the start was made by the frozen shell, or the grown
/// region's softest mode belongs to another event: unconfirmed. So is one whose energy does not
/// settle when refined (refined_for_energy): its energy is not known to the tolerance.
SaddlePoint converge_confirmed(SearchSpace& space, const VectorXd& x, const VectorXd& mode, const ArtParams& p,
                               const EventAtoms& ev, const std::vector<VectorXd>& basin_modes,
                               double& error_estimate) {
  SaddlePoint s;
  VectorXd mode_sample = space.direction_to_sample(mode), last_sample;
  bool moved = false, unsettled = false;
  long refinement_calls = 0;  // over the regions
  VectorXd xs = x;
  const SearchSpace::Confirmation c =
      space.converge_confirmed(xs, p.region_energy_tolerance, [&](VectorXd& y) -> std::optional<double> {
        MinModeParams mp = p.saddle;
        // The coordinates change as the region grows.
        mp.lanczos = event_lanczos(space, p.saddle.lanczos, ev, basin_modes);
        s = converge_saddle(space.objective(), y, space.from_sample(mode_sample), mp);
        if (s.status == SaddleStatus::Converged) {
          s = refined_for_energy(space.objective(), s, mp, p);
          refinement_calls += s.refinement_calls;
          unsettled = s.status != SaddleStatus::Converged;
        }
        if (s.status != SaddleStatus::Converged) return std::nullopt;
        // Compared on the moving atoms only: the others are where they started in both.
        if (last_sample.size() > 0) {
          const VectorXd last = space.atom_positions(space.from_sample(last_sample));
          moved = 3.0 * max_atom_separation(space.box(), last, space.atom_positions(s.positions)) >
                  max_atom_separation(space.box(), space.atom_positions(space.start()), last);
        }
        if (moved) return std::nullopt;
        last_sample = space.positions_to_sample(s.positions);
        y = s.positions;
        mode_sample = space.direction_to_sample(s.eigenvector);
        return s.energy;
      });
  error_estimate = c.error_estimate;
  s.refinement_calls = refinement_calls;
  if (moved || unsettled || c.diverged) s.status = SaddleStatus::Unconfirmed;
  return s;
}

/// Relaxes from `y` (current coordinates) to a minimum whose energy has converged in growing
/// regions; returns it as whole-sample positions, or nothing when it did not converge.
std::optional<VectorXd> relax_confirmed(SearchSpace& space, VectorXd y, const MinimizeParams& mp, double tolerance,
                                        double& energy) {
  const SearchSpace::Confirmation c = space.converge_confirmed(y, tolerance, [&](VectorXd& z) -> std::optional<double> {
    return make_minimizer(mp)->minimize(space.objective(), z).energy;
  });
  energy = c.energy;
  if (!c.converged) return std::nullopt;
  return space.positions_to_sample(y);
}

/// Where the push phase ended: the point, the lowest mode there, whether its curvature went
/// below the threshold, and the push increments it took.
struct PushEnd {
  VectorXd x, mode;
  Eigenpair eigenpair;
  bool negative = false;
  int steps = 0;
};

/// Push: from x (current coordinates), grow a displacement along d until the landscape curves
/// downward, relaxing perpendicular to d after each increment; at most max_steps increments.
PushEnd push_until_negative(SearchSpace& space, const VectorXd& x, const VectorXd& d, double push_step,
                            int max_steps, const LanczosParams& lp, unsigned seed, const ArtParams& p) {
  ObjectiveFunction& f = space.objective();
  PushEnd e{x, d, {}, false, 0};
  VectorXd force(e.x.size());
  // The push asks Lanczos only whether the curvature is below the threshold. A Ritz value
  // bounds the lowest eigenvalue from above, so a short run never claims a negative
  // curvature that is not there; it can only see it one increment late. Each run starts from
  // the last one's mode. On LJ38 this halves the push's calls (docs/studies/speed.md).
  LanczosParams push_lp = lp;
  push_lp.stop_below = p.eigenvalue_threshold;
  push_lp.max_iterations = std::min(lp.max_iterations, kPushLanczosIterations);
  for (; e.steps < max_steps && !e.negative; ++e.steps) {
    e.x += push_step * d;
    // The push needs forces only (no energy, no virial).
    for (int k = 0; k < p.perpendicular_steps; ++k) {
      f.evaluate_force(e.x, force);
      VectorXd perp = force - force.dot(d) * d;
      const double moved = f.max_displacement(perp);
      if (moved > 0.0) e.x += perp * std::min(1.0, 0.5 * p.push_step / moved) * 0.5;
    }
    f.evaluate_force(e.x, force);
    e.eigenpair = lowest_eigenpair(f, e.x, force, e.mode, push_lp, seed + static_cast<unsigned>(e.steps));
    e.mode = e.eigenpair.vector.dot(d) < 0.0 ? VectorXd(-e.eigenpair.vector) : e.eigenpair.vector;
    e.negative = e.eigenpair.value < p.eigenvalue_threshold;
  }
  return e;
}

/// The push, then min-mode following up to the saddle. When the curvature is lost on the way
/// (the climb slid back into a basin), the push goes on along the same direction from where it
/// was lost, on what is left of the push phase's max_push_steps (pARTn's "new chance"): on the
/// 4096-atom 2D glass this converges 23 % more searches (docs/studies/art-reach.md). The
/// convergence phases share art.max_iterations. `d` is a whole-sample direction; the saddle is
/// returned in whole-sample vectors.
SaddlePoint activate_and_converge(SearchSpace& space, const VectorXd& d, double push_step, const EventAtoms& ev,
                                  const std::vector<VectorXd>& basin_modes, unsigned seed, ArtParams p,
                                  double& region_error) {
  VectorXd from = space.start();
  int pushes = 0;
  for (;;) {
    const PushEnd e = push_until_negative(space, from, space.from_sample(d), push_step, p.max_push_steps - pushes,
                                          event_lanczos(space, p.saddle.lanczos, ev, basin_modes), seed + pushes, p);
    pushes += e.steps;
    SaddlePoint s;
    if (!e.negative) {
      s.status = SaddleStatus::NoNegativeCurvature;
      s.positions = space.positions_to_sample(e.x);
      s.eigenvalue = e.eigenpair.value;
      return s;
    }
    s = converge_confirmed(space, e.x, e.mode, p, ev, basin_modes, region_error);
    p.saddle.max_iterations -= s.iterations;
    if (s.status != SaddleStatus::LostCurvature || pushes >= p.max_push_steps || p.saddle.max_iterations <= 0) {
      s.eigenvector = space.direction_to_sample(s.eigenvector);
      s.positions = space.positions_to_sample(s.positions);
      return s;
    }
    from = s.positions;
  }
}

/// straight_path_rise from the start to y (current coordinates). Region energies are
/// whole-sample energies up to a constant: both ends and the path on one objective.
double rise_from_start(SearchSpace& space, const VectorXd& y) {
  ObjectiveFunction& f = space.objective();
  const VectorXd& a = space.start();
  VectorXd force(a.size());
  return straight_path_rise(a, y, y - a, [&](const VectorXd& x) { return f.evaluate(x, force); });
}

/// A band of images between two minima a and b on one objective, its force the NEB force without
/// a climbing image; its value is the highest image energy.
class StateBand : public ObjectiveFunction {
 public:
  StateBand(ObjectiveFunction& f, const Box& box, const VectorXd& a, const VectorXd& b, int images, double spring)
      : f_(f), box_(box), a_(a), b_(b), images_(images), spring_(spring), energies_(images + 2), forces_(images) {
    VectorXd force(a.size());
    energies_.front() = f_.evaluate(a, force);
    energies_.back() = f_.evaluate(b, force);
  }
  Eigen::Index size() const override { return a_.size() * images_; }
  int dimension() const override { return f_.dimension(); }
  bool force_is_gradient() const override { return false; }
  double evaluate(const VectorXd& x, VectorXd& force) override {
    ++evaluations_;
    const Eigen::Index n = a_.size();
    double highest = -std::numeric_limits<double>::infinity();
    for (int k = 0; k < images_; ++k) {
      energies_[k + 1] = f_.evaluate(x.segment(k * n, n), forces_[k]);
      highest = std::max(highest, energies_[k + 1]);
    }
    band_forces(box_, dimension(), a_, b_, x, energies_, forces_, spring_, -1, force);
    return highest;
  }
  /// The higher of the two ends.
  double ends() const { return std::max(energies_.front(), energies_.back()); }
  /// The energies of the last band evaluated, ends included.
  const std::vector<double>& energies() const { return energies_; }
  VectorXd straight() const {
    VectorXd x(size());
    const Eigen::Index n = a_.size();
    for (int k = 0; k < images_; ++k) x.segment(k * n, n) = a_ + (b_ - a_) * ((k + 1.0) / (images_ + 1));
    return x;
  }

 private:
  ObjectiveFunction& f_;
  Box box_;
  VectorXd a_, b_;
  int images_;
  double spring_;
  std::vector<double> energies_;
  std::vector<VectorXd> forces_;
};

/// Where a band that does not join y to the start first rises above the start: an image at the
/// band's first energy maximum from the start, and the band's tangent there (current
/// coordinates; empty when the band joins them).
struct BandSummit {
  VectorXd image, tangent;
};

/// Whether a band from the start to y (current coordinates) shows the two in one state: relaxed
/// by NEB forces (no climbing image), it stops as soon as all its images lie less than `barrier`
/// above the higher end. Any path's highest point bounds the barrier between its ends from
/// above (here to the sampling of its images), so the band need not converge where the barrier
/// is tiny, which is where the answer is yes. It gives up when it converges above that, or
/// after p.state_band_iterations. When it does not join them, `summit` (if given) receives its
/// first summit.
bool joined_by_band(SearchSpace& space, const VectorXd& y, double barrier, const ArtParams& p,
                    BandSummit* summit = nullptr) {
  StateBand band(space.objective(), space.box(), space.start(), y, kStateBandImages, kStateBandSpring);
  VectorXd x = band.straight();
  const MinimizeParams mp = fire_settings(kStateBandFmax, p.state_band_iterations, kStateBandMaxMove, kStateBandDt);
  bool joined = false;
  make_minimizer(mp)->minimize(band, x, [&](long, double highest, double) {
    joined = highest - band.ends() < barrier;
    return !joined;
  });
  if (joined || !summit) return joined;
  const std::vector<double>& e = band.energies();
  const Eigen::Index n = space.start().size();
  const auto point = [&](int k) -> VectorXd {  // k = 0 .. images + 1, the ends included
    if (k == 0) return space.start();
    if (k == kStateBandImages + 1) return y;
    return x.segment((k - 1) * n, n);
  };
  for (int k = 1; k <= kStateBandImages; ++k)
    if (e[k] >= e[k - 1] && e[k] >= e[k + 1] && e[k] - e[0] >= barrier) {
      summit->image = point(k);
      summit->tangent = (point(k + 1) - point(k - 1)).normalized();
      break;
    }
  return joined;
}

/// The start itself, on the moving atoms (the others are where they started); y whole-sample.
bool is_start(SearchSpace& space, const ArtParams& p, const VectorXd& y) {
  return max_atom_separation(space.box(), space.atom_positions(space.from_sample(y)),
                             space.atom_positions(space.start()), space.free_motions()) < p.same_state_tolerance;
}

/// Which sides of a saddle (relaxed minima, whole-sample) count as the start.
struct StartSides {
  bool plus = false, minus = false;
  BandSummit summit;  // of the band to the nearer side, when it ran and did not join them
};

/// A side counts as the start when it is the start on the event's atoms, or when a path joins
/// the two rising less than same_state_barrier above the higher: first the straight path; when
/// neither side passes, a band to the nearer side, whose relaxed path follows the valley the
/// straight path cuts across (on the glasses, minima of the start's basin joined by meV
/// barriers, docs/studies/speed.md).
StartSides start_sides(SearchSpace& space, const ArtParams& p, const EventAtoms& ev, const VectorXd& plus,
                       const VectorXd& minus) {
  const RigidMotions free = space.free_motions();
  const bool by_barrier = p.same_state_barrier > 0.0;
  double rise[2] = {0.0, 0.0};  // of the straight paths, where measured
  const auto counts_as_start = [&](const VectorXd& y, double& r) {
    const bool here = ev.atoms.empty() ? is_start(space, p, y)
                                       : max_atom_separation(space.box(), ev.start, y, ev.atoms, free) < p.same_state_tolerance;
    if (here || !by_barrier) return here;
    r = rise_from_start(space, space.from_sample(y));
    return r < p.same_state_barrier;
  };
  StartSides s{counts_as_start(plus, rise[0]), counts_as_start(minus, rise[1]), {}};
  if (s.plus || s.minus || !by_barrier || p.state_band_iterations <= 0) return s;
  const VectorXd x0 = space.start();
  const bool plus_nearer = (space.from_sample(plus) - x0).norm() <= (space.from_sample(minus) - x0).norm();
  // Beyond kStateBandReach the band's verdict is not trusted, but its first summit still shows
  // where the start's own way out lies.
  const bool within_reach = rise[plus_nearer ? 0 : 1] < kStateBandReach * p.same_state_barrier;
  if (!within_reach && !p.summit_climb) return s;
  const bool joined = joined_by_band(space, space.from_sample(plus_nearer ? plus : minus), p.same_state_barrier, p,
                                     p.summit_climb ? &s.summit : nullptr);
  (plus_nearer ? s.plus : s.minus) = joined && within_reach;
  return s;
}

/// Relaxes down both sides of the converged saddle in `out` and keeps the search only if one
/// side is back at the start (on the event's atoms; else disconnected, or unconfirmed when a
/// side did not converge). A start side back at the start only on the event's atoms is kept as
/// the minimum the saddle joins, and the barrier is measured from it.
BandSummit relax_both_sides(SearchSpace& space, const ArtParams& p, const EventAtoms& ev, ArtSearch& out) {
  auto relax_from = [&](double sign, double& energy) {
    const VectorXd y =
        space.from_sample(out.saddle.positions) + sign * p.side_step * space.from_sample(out.saddle.eigenvector);
    return relax_confirmed(space, y, p.relax, p.region_energy_tolerance, energy);
  };
  double e_plus = 0.0, e_minus = 0.0;
  const std::optional<VectorXd> plus_side = relax_from(1.0, e_plus);
  const std::optional<VectorXd> minus_side = plus_side ? relax_from(-1.0, e_minus) : std::nullopt;
  if (!plus_side || !minus_side) {
    out.saddle.status = SaddleStatus::Unconfirmed;
    return {};
  }
  const StartSides at_start = start_sides(space, p, ev, *plus_side, *minus_side);
  if (at_start.plus == at_start.minus) {
    out.saddle.status = at_start.plus ? SaddleStatus::InStartBasin : SaddleStatus::Disconnected;
    return at_start.summit;
  }
  const bool plus_is_start = at_start.plus;
  const VectorXd& start_side = plus_is_start ? *plus_side : *minus_side;
  const double start_side_energy = plus_is_start ? e_plus : e_minus;
  // A start side that is not the start itself (a minimum of its basin, or a soft spot flipped
  // elsewhere) is the minimum the saddle joins: stored as such, it keeps every stored saddle
  // relaxing to the two minima it joins.
  if (!is_start(space, p, start_side)) {
    out.start_side = start_side;
    out.start_side_energy = start_side_energy;
  }
  out.final_minimum = plus_is_start ? *minus_side : *plus_side;
  out.final_energy = plus_is_start ? e_minus : e_plus;
  out.barrier = out.saddle.energy - (out.start_side.size() > 0 ? start_side_energy : out.initial_energy);
  out.reverse_barrier = out.saddle.energy - out.final_energy;
  return {};
}

/// A saddle whose sides are both other states: the climb left the start's basin before it
/// converged (on the 2D Cu-Zr glass at its 315 K density the push ends inside the basin in 33
/// of 39 such searches, and the climb leaves it 10-180 steps later; docs/studies/art-reach.md). The band from
/// the start to the nearer side, relaxed by start_sides, first rises at the start's own way
/// out: one more climb from there, the mode guessed along the band, keeps its saddle if it
/// joins the start. Returns the climb's force calls.
long climb_from_band_summit(SearchSpace& space, const ArtParams& p, const EventAtoms& ev,
                            const std::vector<VectorXd>& basin_modes, const BandSummit& summit, ArtSearch& out) {
  const long before = space.force_calls();
  const SaddlePoint s = converge_confirmed(space, summit.image, summit.tangent, p, ev, basin_modes, out.region_error);
  const long climb_calls = space.force_calls() - before;
  if (s.status != SaddleStatus::Converged) return climb_calls;  // the first saddle's verdict stands
  out.saddle = s;
  out.saddle.eigenvector = space.direction_to_sample(s.eigenvector);
  out.saddle.positions = space.positions_to_sample(s.positions);
  ArtParams once = p;
  once.summit_climb = false;  // one second chance
  relax_both_sides(space, once, ev, out);
  return climb_calls;
}

std::unique_ptr<SearchSpace> search_space(const Configuration& start, double start_energy, Potential& potential,
                                          std::size_t centre, const ArtParams& p) {
  if (p.region_radius <= 0.0) return std::make_unique<SearchSpace>(start, start_energy, potential);
  if (p.region_radius < p.push_radius)
    throw std::invalid_argument("art: the region radius must be at least the push radius");
  return std::make_unique<SearchSpace>(start, start_energy, potential, centre, p.region_radius);
}

}  // namespace

ArtSearch art_search(const Configuration& start, Potential& potential, std::size_t centre_index, unsigned seed,
                     const ArtParams& p, const VectorXd& push) {
  ForceResult r;
  potential.compute(start, r);
  ArtSearch out = art_search(start, r.energy, potential, centre_index, seed, p, push);
  ++out.force_calls;
  ++out.saddle_force_calls;
  out.atom_evaluations += static_cast<double>(start.size());
  return out;
}

namespace {
ArtSearch search_from(const Configuration& start, double start_energy, Potential& potential, std::size_t centre_index,
                      unsigned seed, const ArtParams& p, const VectorXd& push);
}  // namespace

ArtSearch art_search(const Configuration& start, double start_energy, Potential& potential, std::size_t centre_index,
                     unsigned seed, const ArtParams& p, const VectorXd& push) {
  // On a fresh copy of the potential (its own neighbour list, first built at the start): the
  // search then depends on its settings and seed alone, not on where earlier searches left a
  // shared list, whose other order of the force sums grows from round-off into another
  // outcome. So a batch spread over any number of ranks, or resumed, gives the same searches.
  const std::unique_ptr<Potential> own = potential.clone();
  ArtSearch out = search_from(start, start_energy, *own, centre_index, seed, p, push);
  potential.add_force_calls(own->force_calls());
  return out;
}

namespace {
ArtSearch search_from(const Configuration& start, double start_energy, Potential& potential, std::size_t centre_index,
                      unsigned seed, const ArtParams& p, const VectorXd& push) {
  const auto t0 = std::chrono::steady_clock::now();
  ArtSearch out;
  out.centre_id = start.ids[centre_index];
  out.seed = seed;
  out.initial_energy = start_energy;
  const bool mode_push = push.size() == static_cast<Eigen::Index>(start.x.size());
  // A mode push is centred where the mode moves atoms most.
  VectorXd d;
  if (mode_push) {
    const int dim = start.box.dimension;
    d = to_sample(admissible_direction(to_coordinates(push, dim), free_lanczos(start, potential, p)), dim);
  }
  const std::size_t centre = mode_push ? most_moving_atom(d) : centre_index;
  std::mt19937_64 rng(seed);
  if (!mode_push) d = local_push(start, centre, p.push_radius, rng);
  if (d.norm() == 0.0) throw std::invalid_argument("art_search: a push direction with no admissible component");

  const std::unique_ptr<SearchSpace> space = search_space(start, start_energy, potential, centre, p);
  const EventAtoms ev = event_atoms(start, centre, p.event_radius);
  // A mode push spreads over the whole sample (a soft mode's far field): its increments are
  // scaled so that the atom it moves most moves by push_step at each (a unit vector over
  // hundreds of atoms moves each of them far less). A region keeps the mode's part in it.
  double push_step = p.push_step;
  if (mode_push) {
    out.centre_id = start.ids[centre];
    push_step /= d.segment<3>(3 * static_cast<Eigen::Index>(centre)).norm();
  }
  d = space->from_sample(d);
  if (mode_push && space->local()) {
    push_step *= d.norm();
    d.normalize();
  }
  // The push as a whole-sample vector: the region grows while a climb is confirmed, so a
  // second climb cannot read it in the first region's coordinates.
  const VectorXd push_sample = space->direction_to_sample(d);

  // A saddle inside the start's basin (a soft spot of the glass flickering between minima a
  // few meV apart, often far from the push) is no exit: the search climbs again from the start
  // along the same push, with that saddle's unstable mode projected out of Lanczos.
  std::vector<VectorXd> basin_modes;
  long side_calls = 0;  // relaxing the sides of earlier climbs' saddles
  for (;;) {
    out.saddle = activate_and_converge(*space, push_sample, push_step, ev, basin_modes, seed, p,
                                       out.region_error);
    out.saddle_force_calls = space->force_calls() - side_calls;
    if (out.saddle.status == SaddleStatus::Converged) {
      const BandSummit summit = relax_both_sides(*space, p, ev, out);
      if (summit.image.size() > 0)
        out.saddle_force_calls += climb_from_band_summit(*space, p, ev, basin_modes, summit, out);
      side_calls = space->force_calls() - out.saddle_force_calls;
    }
    const bool again = static_cast<int>(basin_modes.size()) < p.basin_retries;
    if (out.saddle.status != SaddleStatus::InStartBasin || !again) break;
    basin_modes.push_back(out.saddle.eigenvector);
  }
  out.force_calls = space->force_calls();
  out.atom_evaluations = space->atom_evaluations();
  out.moving_atoms = space->moving_atoms();
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}
}  // namespace

Eigenpair soft_mode(const Configuration& start, Potential& potential, const std::vector<VectorXd>& softer,
                    const ArtParams& p, unsigned seed) {
  Configuration work = start;
  AtomsObjective f(work, potential);
  const VectorXd x0 = f.positions();
  VectorXd force(x0.size());
  f.evaluate(x0, force);
  const int dim = f.dimension();
  std::vector<VectorXd> lower;
  for (const VectorXd& v : softer) lower.push_back(to_coordinates(v, dim));
  Eigenpair e = next_eigenpair(f, x0, force, lower, free_lanczos(start, potential, p), seed);
  e.vector = to_sample(e.vector, dim);
  ++e.force_calls;  // the force at the minimum
  return e;
}

}  // namespace metabasin
