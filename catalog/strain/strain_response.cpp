// SPDX-License-Identifier: BSD-3-Clause
#include "strain_response.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "active_region.hpp"
#include "number_format.hpp"
#include "path_geometry.hpp"
#include "progress.hpp"
#include "saddle_refinement.hpp"
#include "shear_stress.hpp"
#include "units.hpp"

namespace metabasin {

VectorXd shear_map(const VectorXd& x, double d_gamma, double ylo) {
  VectorXd y = x;
  for (Eigen::Index i = 0; i + 2 < x.size(); i += 3) y[i] += d_gamma * (x[i + 1] - ylo);
  return y;
}

double pressure_xy(const Configuration& atoms, const Box& cell, const VectorXd& x, Potential& potential) {
  Configuration k = atoms;
  k.box = cell;
  Eigen::Map<VectorXd>(k.x.data(), x.size()) = x;
  ForceResult r;
  potential.compute(k, r);
  return pressure_xy(r, cell);
}

namespace {

struct FollowedMinimum {
  VectorXd x;
  bool jumped = false;
};

// A minimum carried from strain g0 to g0 + dg: mapped affinely and re-relaxed. It has jumped
// basin when the relaxed positions end farther than the tolerance from the affine image. An
// elastic (nonaffine but continuous) response shrinks with the increment and a jump does not,
// so a large move is checked again in two halves, down to `halvings` levels, before it counts.
FollowedMinimum follow_minimum(const Catalog& catalog, Potential& potential, const VectorXd& x, double g0, double dg,
                               double ylo, const ReevaluationParams& p, int halvings) {
  const VectorXd mapped = shear_map(x, dg, ylo);
  Configuration c = catalog.atoms_at(g0 + dg, mapped);
  relax(c, potential, p.relax);
  FollowedMinimum out{positions_of(c), false};
  if (max_atom_separation(c.box, mapped, out.x, catalog.tolerances().rigid) <= p.same_state_tolerance) return out;
  if (halvings == 0) {
    out.jumped = true;
    return out;
  }
  const FollowedMinimum half = follow_minimum(catalog, potential, x, g0, 0.5 * dg, ylo, p, halvings - 1);
  FollowedMinimum rest = follow_minimum(catalog, potential, half.x, g0 + 0.5 * dg, 0.5 * dg, ylo, p, halvings - 1);
  rest.jumped = rest.jumped || half.jumped;
  return rest;
}

}  // namespace

long reevaluation_substeps(double from, double to, double max_increment) {
  if (!(max_increment > 0.0)) throw std::invalid_argument("reevaluation: max_increment must be positive");
  const double ratio = std::abs(to - from) / max_increment;
  return std::max(1L, static_cast<long>(std::ceil(ratio - 1e-9)));
}

namespace {

constexpr int kJumpHalvings = 3;  // a jump is a move above tolerance at 1/8 of a sub-step

// A state of a local event (stored against a minimum in full, its root, from which it differs
// only in `moving` atoms) is re-converged with those atoms alone moving and the rest held
// where its root went: root >= 0 is the root's index among the tracked states.
struct TrackedMinimum {
  std::size_t origin = 0;  // vertex at `from`
  VectorXd x;
  double energy = 0.0, stress = 0.0;  // stress: P_xy (GPa)
  long force_calls = 0;
  bool jumped = false;
  long root = -1;
  std::vector<std::size_t> moving;
};

struct TrackedSaddle {
  std::size_t origin = 0;    // saddle at `from`
  std::size_t a = 0, b = 0;  // indices in the tracked minima
  VectorXd x;
  double energy = 0.0, eigenvalue = 0.0;
  double barrier = 0.0;  // forward, at the last sub-step
  std::string method;    // of the last sub-step
  long force_calls = 0;
  bool alive = true;
  long root = -1;  // as for minima: re-converged in a region about `moving`
  std::vector<std::size_t> moving;
  bool after_jump = false;  // one of its minima jumped basin at the latest sub-step tried
};

// Plan: the minima at `from` to track (all, or those in `only`), with their P_xy known, and
// the map from their vertex to their index.
std::vector<TrackedMinimum> minima_to_track(Catalog& catalog, Potential& potential, double from,
                                            const std::vector<std::size_t>* only,
                                            std::map<std::size_t, std::size_t>& slot) {
  std::vector<TrackedMinimum> minima;
  const Box old_box = catalog.box_at(from);
  for (std::size_t v = 0; v < catalog.minima(); ++v) {
    if (std::abs(catalog.minimum(v).strain - from) > catalog.tolerances().strain) continue;
    if (only && std::find(only->begin(), only->end(), v) == only->end()) continue;
    const VectorXd x = catalog.minimum_positions(v);
    if (std::isnan(catalog.minimum(v).pressure_xy)) {
      // A local event's minimum: its root's stress plus the change its atoms make (O(local)).
      const auto d = catalog.minimum_difference(v);
      if (d && slot.count(d->root)) {
        const InherentStructure& root = catalog.minimum(d->root);
        HeldSample held(catalog.atoms_at(from, minima[slot.at(d->root)].x), root.energy, potential, d->atoms);
        catalog.set_pressure_xy(v, root.pressure_xy + held.pressure_xy_change(x));
      } else {
        catalog.set_pressure_xy(v, pressure_xy(catalog.atoms(), old_box, x, potential));
      }
    }
    slot[v] = minima.size();
    TrackedMinimum m;
    m.origin = v;
    m.x = x;
    m.energy = catalog.minimum(v).energy;
    minima.push_back(std::move(m));
  }
  return minima;
}

// Whether both minima of saddle s are, now, `root` or states of its local events.
bool both_of_root(const TrackedSaddle& s, long root, const std::vector<TrackedMinimum>& minima) {
  const auto of_root = [&](std::size_t k) { return static_cast<long>(k) == root || minima[k].root == root; };
  return root >= 0 && of_root(s.a) && of_root(s.b);
}

// Plan: which tracked states are states of local events of a tracked root.
// The region a local state is carried in: the atoms it differs from its root in, and a skin of
// one interaction reach around them, whose atoms follow the event's own response to the strain
// rather than the root's.
std::vector<std::size_t> with_skin(const Catalog& catalog, double strain, const VectorXd& root_x,
                                   std::vector<std::size_t> atoms, const Potential& potential) {
  const ActiveRegion skin(catalog.atoms_at(strain, root_x), std::move(atoms), potential, 0.0);
  std::vector<std::size_t> out = skin.atoms();
  std::sort(out.begin(), out.end());
  return out;
}

void find_local_states(const Catalog& catalog, const std::map<std::size_t, std::size_t>& slot, double from,
                       const Potential& potential, std::vector<TrackedMinimum>& minima,
                       std::vector<TrackedSaddle>& saddles) {
  for (TrackedMinimum& m : minima) {
    const auto d = catalog.minimum_difference(m.origin);
    if (!d || !slot.count(d->root)) continue;
    m.root = static_cast<long>(slot.at(d->root));
    m.moving = with_skin(catalog, from, minima[static_cast<std::size_t>(m.root)].x, d->atoms, potential);
  }
  for (TrackedSaddle& s : saddles) {
    const auto d = catalog.saddle_difference(s.origin);
    if (!d || !slot.count(d->root)) continue;
    const long root = static_cast<long>(slot.at(d->root));
    if (!both_of_root(s, root, minima)) continue;
    s.root = root;
    s.moving = with_skin(catalog, from, minima[static_cast<std::size_t>(root)].x, d->atoms, potential);
    for (std::size_t k : {s.a, s.b}) s.moving.insert(s.moving.end(), minima[k].moving.begin(), minima[k].moving.end());
    std::sort(s.moving.begin(), s.moving.end());
    s.moving.erase(std::unique(s.moving.begin(), s.moving.end()), s.moving.end());
  }
}

// Plan: the live saddles at `from` between tracked minima, less those an earlier run already
// re-converged at `to` (counted in `reused`).
std::vector<TrackedSaddle> saddles_to_track(const Catalog& catalog, double from, double to,
                                            const std::map<std::size_t, std::size_t>& slot, long& reused) {
  const double tol = catalog.tolerances().strain;
  const std::size_t ne = catalog.saddles();
  std::vector<bool> has_child(ne, false);
  for (std::size_t e = 0; e < ne; ++e) {
    const Transition& t = catalog.saddle(e);
    if (t.parent >= 0 && std::abs(t.strain - to) <= tol) has_child[static_cast<std::size_t>(t.parent)] = true;
  }
  std::vector<TrackedSaddle> saddles;
  for (std::size_t e = 0; e < ne; ++e) {
    const Transition& old = catalog.saddle(e);
    if (old.vanished || std::abs(old.strain - from) > tol) continue;
    if (!slot.count(old.from) || !slot.count(old.to)) continue;
    if (has_child[e]) {
      ++reused;
      continue;
    }
    TrackedSaddle s;
    s.origin = e;
    s.a = slot.at(old.from);
    s.b = slot.at(old.to);
    s.x = catalog.saddle_positions(e);
    s.energy = old.energy;
    s.eigenvalue = old.eigenvalue;
    s.barrier = old.energy - catalog.minimum(old.from).energy;
    saddles.push_back(std::move(s));
  }
  return saddles;
}

// Progress in states re-converged (a minimum or a saddle per sub-step).
class ReevaluationProgress {
 public:
  ReevaluationProgress(double from, double to, long substeps, std::size_t minima, std::size_t saddles, double every)
      : bar_("reevaluation " + brief(from) + " -> " + brief(to),
             static_cast<double>(substeps) * static_cast<double>(minima + saddles), every),
        substeps_(substeps), minima_(minima), saddles_(saddles) {}
  void tick(long substep) {
    done_ += 1.0;
    bar_.update(done_, "sub-step " + std::to_string(substep) + " of " + std::to_string(substeps_) + ", " +
                           std::to_string(minima_) + " minima, " + std::to_string(saddles_) + " events");
  }
  void finish() { bar_.finish(); }

 private:
  Progress bar_;
  long substeps_;
  std::size_t minima_, saddles_;
  double done_ = 0.0;
};

// What one sub-step did to the tracked minima.
struct MinimaAtSubstep {
  std::vector<std::size_t> state;        // which of them are one state now
  std::vector<bool> jumped;              // jumped basin at this sub-step
  std::vector<VectorXd> relaxation;      // relaxed minus affine image, per minimum
};

// What the states of local events cost: the calls of their regions, and the atoms those evaluated.
struct RegionCost {
  long force_calls = 0;
  double atom_evaluations = 0.0;
  long minima = 0, saddles = 0;  // re-converged in a region (at every sub-step)
  void add(const HeldSample& h) {
    force_calls += h.force_calls();
    atom_evaluations += h.atom_evaluations();
  }
};

// Run: minimum i carried from g - step to g on the whole sample (split into halves while it
// moves more than the tolerance, to tell an elastic response from a jump).
void follow_whole(const Catalog& catalog, Potential& potential, std::vector<TrackedMinimum>& minima, std::size_t i,
                  double g, double step, double ylo, const ReevaluationParams& p, MinimaAtSubstep& out) {
  const Box box = catalog.box_at(g);
  TrackedMinimum& m = minima[i];
  const long c0 = potential.force_calls();
  const FollowedMinimum f = follow_minimum(catalog, potential, m.x, g - step, step, ylo, p, kJumpHalvings);
  out.relaxation[i] = displacement(box, shear_map(m.x, step, ylo), f.x);
  Configuration c = catalog.atoms_at(g, f.x);
  ForceResult r;
  potential.compute(c, r);
  m.force_calls += potential.force_calls() - c0;
  m.x = f.x;
  m.energy = r.energy;
  m.stress = pressure_xy(r, box);
  out.jumped[i] = f.jumped;
  m.jumped = m.jumped || f.jumped;
}

// Run: minimum i of a local event carried to g with its moving atoms alone, the rest held where
// its root went (carried already): the affine image plus the root's relaxation, relaxed in the
// region. The root's own non-affine response is in the guess, so a move above the tolerance
// from it is the event's basin giving way: a jump, kept in the region. False, and nothing
// changed, when the relaxation does not converge: the whole sample then decides. Its stress
// is the root's plus the region's change.
bool follow_in_region(const Catalog& catalog, Potential& potential, std::vector<TrackedMinimum>& minima,
                      std::size_t i, double g, double step, double ylo, const ReevaluationParams& p,
                      MinimaAtSubstep& out, RegionCost& cost) {
  TrackedMinimum& m = minima[i];
  const TrackedMinimum& root = minima[static_cast<std::size_t>(m.root)];
  const Box box = catalog.box_at(g);
  const VectorXd guess = shear_map(m.x, step, ylo) + out.relaxation[static_cast<std::size_t>(m.root)];
  HeldSample held(catalog.atoms_at(g, root.x), root.energy, potential, m.moving);
  VectorXd x = guess;
  const std::optional<double> e = held.relax(x, p.relax);
  const double stress = e ? root.stress + held.pressure_xy_change(x) : std::nan("");
  cost.add(held);
  m.force_calls += held.force_calls();
  if (!e) return false;
  out.jumped[i] = max_atom_separation(box, guess, x, catalog.tolerances().rigid) > p.same_state_tolerance;
  m.jumped = m.jumped || out.jumped[i];
  out.relaxation[i] = displacement(box, shear_map(m.x, step, ylo), x);
  m.x = x;
  m.energy = *e;
  m.stress = stress;
  ++cost.minima;
  return true;
}

// Run: every tracked minimum carried from g - step to g: those on the whole sample first, then
// the states of local events in their regions about their (carried) roots.
MinimaAtSubstep follow_minima(const Catalog& catalog, Potential& potential, std::vector<TrackedMinimum>& minima,
                              double g, double step, double ylo, const ReevaluationParams& p,
                              ReevaluationProgress& progress, long substep, RegionCost& cost) {
  Catalog here(catalog.atoms(), catalog.potential(), catalog.tolerances());
  MinimaAtSubstep out{std::vector<std::size_t>(minima.size()), std::vector<bool>(minima.size(), false),
                      std::vector<VectorXd>(minima.size())};
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t i = 0; i < minima.size(); ++i) {
      TrackedMinimum& m = minima[i];
      if ((m.root >= 0) != (pass == 1)) continue;
      if (m.root >= 0 && !follow_in_region(catalog, potential, minima, i, g, step, ylo, p, out, cost)) {
        m.root = -1;  // from now on a whole-sample state
        m.moving.clear();
      }
      if (m.root < 0) follow_whole(catalog, potential, minima, i, g, step, ylo, p, out);
      out.state[i] = here.add_minimum({m.energy, m.x, g, "strain", 0}).index;
      progress.tick(substep);
    }
  return out;
}

// Run: one saddle carried to g against its two tracked minima, or marked dead.
void follow_saddle(TrackedSaddle& s, const std::vector<TrackedMinimum>& minima, const MinimaAtSubstep& here,
                   const Catalog& catalog, Potential& potential, double g, double step, double ylo,
                   const SaddleRefinementParams& refinement, double jump_barrier_tolerance, RegionCost& cost) {
  if (here.state[s.a] == here.state[s.b]) {  // minima that merged under strain leave no event between them
    s.alive = false;
    return;
  }
  s.after_jump = here.jumped[s.a] || here.jumped[s.b];
  if (here.jumped[s.a] != here.jumped[s.b]) {  // one end jumped, the other did not: the two
    s.alive = false;                            // no longer share an environment
    return;
  }
  // The saddle is rebuilt in its start minimum's new environment: the affine image plus
  // that minimum's relaxation, which carries a jump elsewhere in the sample onto the
  // saddle (mapped alone, the saddle would stay in the old environment and its barrier
  // would include the jump's energy). An event whose own atoms took part in the jump no
  // longer re-converges between the two minima and vanishes.
  const VectorXd mapped = shear_map(s.x, step, ylo) + here.relaxation[s.a];
  const TrackedMinimum &ma = minima[s.a], &mb = minima[s.b];
  // A local event whose two minima are still states of its root's region is re-converged there
  // first; the whole sample (with the NEB fallback) decides when that fails.
  RefinedSaddle r;
  if (both_of_root(s, s.root, minima)) {
    const TrackedMinimum& root = minima[static_cast<std::size_t>(s.root)];
    HeldSample held(catalog.atoms_at(g, root.x), root.energy, potential, s.moving);
    r = held.refine_saddle_between(ma.x, ma.energy, mb.x, mb.energy, mapped, refinement);
    cost.add(held);
    s.force_calls += held.force_calls();
    if (!r.method.empty()) ++cost.saddles;
  }
  if (r.method.empty()) {
    s.root = -1;
    s.moving.clear();
    const long c0 = potential.force_calls();
    r = refine_saddle_between(catalog.atoms_at(g, mapped), potential, ma.x, ma.energy, mb.x, mb.energy, mapped, refinement);
    s.force_calls += potential.force_calls() - c0;
  }
  const double barrier = r.saddle.energy - ma.energy;
  if (r.method.empty() || (s.after_jump && std::abs(barrier - s.barrier) > jump_barrier_tolerance)) {
    s.alive = false;
    return;
  }
  s.barrier = barrier;
  s.x = r.saddle.positions;
  s.energy = r.saddle.energy;
  s.eigenvalue = r.saddle.eigenvalue;
  s.method = r.method;
}

// Write: only the end strain enters the catalog: the minima, then each event once (its parent
// the saddle at `from`; a vanished one with its saddle at `from` mapped affinely to `to`).
void store_at_end(Catalog& catalog, const std::vector<TrackedMinimum>& minima, const std::vector<TrackedSaddle>& saddles,
                  double from, double to, double ylo, ReevaluationReport& rep) {
  for (const TrackedMinimum& m : minima) {
    rep.images[m.origin] = catalog.add_minimum({m.energy, m.x, to, "strain", m.force_calls, m.stress}).index;
    ++rep.minima;
    if (m.jumped) rep.jumps.insert(m.origin);
  }
  rep.jumped = static_cast<long>(rep.jumps.size());
  double shift = 0.0, dtau = 0.0;
  for (const TrackedSaddle& s : saddles) {
    const Transition old = catalog.saddle(s.origin);
    const std::size_t a = rep.images[old.from], b = rep.images[old.to];
    ++rep.events;
    Transition t;
    t.from = a;
    t.to = b;
    t.strain = to;
    // Carried over: the Hessians barely change over one strain step, and recomputing them is
    // several hundred force calls per event.
    t.prefactor = old.prefactor;
    t.backward_prefactor = old.backward_prefactor;
    t.parent = static_cast<long>(s.origin);
    t.force_calls = s.force_calls;
    if (s.alive && a != b) {
      t.energy = s.energy;
      t.positions = s.x;
      t.eigenvalue = s.eigenvalue;
      t.found_by = "strain/" + s.method;
      rep.by_neb += s.method == "neb" ? 1 : 0;
      ++rep.survived;
      shift += (t.energy - catalog.minimum(a).energy) - old.forward_barrier;
      dtau += catalog.minimum(a).pressure_xy - catalog.minimum(old.from).pressure_xy;
    } else {
      t.vanished = true;
      t.energy = old.energy;
      t.positions = shear_map(catalog.saddle_positions(s.origin), to - from, ylo);
      ++rep.vanished;
      rep.vanished_with_jump += s.after_jump ? 1 : 0;
    }
    const bool survived = !t.vanished;
    if (!catalog.add_saddle(std::move(t)).is_new && survived) ++rep.merged;
  }
  if (rep.survived > 0) {
    rep.mean_barrier_shift = shift / rep.survived;
    rep.mean_stress_change = dtau / rep.survived;
    rep.activation_volume = std::abs(rep.mean_stress_change) > 1e-12
                                // tau = -p_xy is the stress that drives forward shear: V = -dQ/dtau = dQ/dp_xy
                                ? rep.mean_barrier_shift / rep.mean_stress_change * units::ev_per_a3_to_gpa
                                : std::nan("");
  }
}

}  // namespace

ReevaluationReport reevaluate_at_strain(Catalog& catalog, Potential& potential, double from, double to,
                                        const ReevaluationParams& p, const std::vector<std::size_t>* only) {
  ReevaluationReport rep;
  rep.from_strain = from;
  rep.to_strain = to;
  const long calls0 = potential.force_calls();
  const double ylo = catalog.atoms().box.lo[1];
  rep.substeps = reevaluation_substeps(from, to, p.max_increment);
  const double step = (to - from) / static_cast<double>(rep.substeps);

  std::map<std::size_t, std::size_t> slot;  // vertex at `from` -> index in minima
  std::vector<TrackedMinimum> minima = minima_to_track(catalog, potential, from, only, slot);
  std::vector<TrackedSaddle> saddles = saddles_to_track(catalog, from, to, slot, rep.reused);
  find_local_states(catalog, slot, from, potential, minima, saddles);
  RegionCost cost;

  // Sub-step by sub-step: minima first, then the saddles still alive between them.
  SaddleRefinementParams refinement = p;
  refinement.rigid = catalog.tolerances().rigid;
  ReevaluationProgress progress(from, to, rep.substeps, minima.size(), saddles.size(), p.progress_seconds);
  for (long k = 1; k <= rep.substeps; ++k) {
    const double g = k == rep.substeps ? to : from + static_cast<double>(k) * step;
    const MinimaAtSubstep here = follow_minima(catalog, potential, minima, g, step, ylo, p, progress, k, cost);
    for (TrackedSaddle& s : saddles) {
      progress.tick(k);
      if (s.alive)
        follow_saddle(s, minima, here, catalog, potential, g, step, ylo, refinement, p.jump_barrier_tolerance, cost);
    }
  }
  progress.finish();

  store_at_end(catalog, minima, saddles, from, to, ylo, rep);
  const long whole_calls = potential.force_calls() - calls0;
  rep.force_calls = whole_calls + cost.force_calls;
  rep.atom_evaluations = static_cast<double>(whole_calls) * static_cast<double>(catalog.atoms().size()) +
                         cost.atom_evaluations;
  rep.region_force_calls = cost.force_calls;
  rep.region_atom_evaluations = cost.atom_evaluations;
  rep.region_minima = cost.minima;
  rep.region_saddles = cost.saddles;
  return rep;
}

}  // namespace metabasin
