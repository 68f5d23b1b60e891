#include "strain_response.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "saddle_refinement.hpp"
#include "units.hpp"

namespace metabasin {

namespace {

Configuration at(const Catalog& c, double strain, const VectorXd& x) {
  Configuration k = c.atoms();
  k.box = c.box_at(strain);
  Eigen::Map<VectorXd>(k.x.data(), x.size()) = x;
  return k;
}

VectorXd as_vector(const Configuration& c) {
  return Eigen::Map<const VectorXd>(c.x.data(), static_cast<Eigen::Index>(c.x.size()));
}

}  // namespace

VectorXd shear_map(const VectorXd& x, double d_gamma, double ylo) {
  VectorXd y = x;
  for (Eigen::Index i = 0; i + 2 < x.size(); i += 3) y[i] += d_gamma * (x[i + 1] - ylo);
  return y;
}

double shear_stress(const Configuration& atoms, const Box& cell, const VectorXd& x, Potential& potential) {
  Configuration k = atoms;
  k.box = cell;
  Eigen::Map<VectorXd>(k.x.data(), x.size()) = x;
  ForceResult r;
  potential.compute(k, r);
  return r.virial[3] / cell.volume() * units::ev_per_a3_to_gpa;
}

long reevaluation_substeps(double from, double to, double max_increment) {
  if (!(max_increment > 0.0)) throw std::invalid_argument("reevaluation: max_increment must be positive");
  const double ratio = std::abs(to - from) / max_increment;
  return std::max(1L, static_cast<long>(std::ceil(ratio - 1e-9)));
}

ReevaluationReport reevaluate_at_strain(Catalog& catalog, Potential& potential, double from, double to,
                                        const ReevaluationParams& p, const std::vector<std::size_t>* only) {
  ReevaluationReport rep;
  rep.from_strain = from;
  rep.to_strain = to;
  const long calls0 = potential.force_calls();
  const double ylo = catalog.atoms().box.lo[1];
  const StateTolerances& tol = catalog.tolerances();
  const Box old_box = catalog.box_at(from);
  rep.substeps = reevaluation_substeps(from, to, p.max_increment);
  const double step = (to - from) / static_cast<double>(rep.substeps);

  // The minima at `from` to track, and the live saddles between them.
  struct TrackedMinimum {
    std::size_t origin;  // vertex at `from`
    VectorXd x;
    double energy = 0.0, stress = 0.0;
    long force_calls = 0;
    bool jumped = false;
  };
  std::vector<TrackedMinimum> minima;
  std::map<std::size_t, std::size_t> slot;  // vertex at `from` -> index in minima
  for (std::size_t v = 0; v < catalog.minima(); ++v) {
    if (std::abs(catalog.minimum(v).strain - from) > tol.strain) continue;
    if (only && std::find(only->begin(), only->end(), v) == only->end()) continue;
    if (std::isnan(catalog.minimum(v).shear_stress))
      catalog.minimum_mutable(v).shear_stress = shear_stress(catalog.atoms(), old_box, catalog.minimum(v).positions, potential);
    slot[v] = minima.size();
    minima.push_back({v, catalog.minimum(v).positions, catalog.minimum(v).energy});
  }
  struct TrackedSaddle {
    std::size_t origin = 0;  // saddle at `from`
    std::size_t a = 0, b = 0;  // indices in minima
    VectorXd x;
    double energy = 0.0, eigenvalue = 0.0;
    std::string method;  // of the last sub-step
    long force_calls = 0;
    bool alive = true;
  };
  std::vector<TrackedSaddle> saddles;
  const std::size_t ne = catalog.saddles();
  std::vector<bool> has_child(ne, false);
  for (std::size_t e = 0; e < ne; ++e) {
    const Transition& t = catalog.saddle(e);
    if (t.parent >= 0 && std::abs(t.strain - to) <= tol.strain) has_child[static_cast<std::size_t>(t.parent)] = true;
  }
  for (std::size_t e = 0; e < ne; ++e) {
    const Transition& old = catalog.saddle(e);
    if (old.vanished || std::abs(old.strain - from) > tol.strain) continue;
    if (!slot.count(old.from) || !slot.count(old.to)) continue;
    if (has_child[e]) {
      ++rep.reused;
      continue;
    }
    TrackedSaddle s;
    s.origin = e;
    s.a = slot[old.from];
    s.b = slot[old.to];
    s.x = old.positions;
    s.energy = old.energy;
    s.eigenvalue = old.eigenvalue;
    saddles.push_back(std::move(s));
  }

  // Sub-step by sub-step: minima first, then the saddles still alive between them.
  SaddleRefinementParams refinement = p;
  refinement.rigid = tol.rigid;
  for (long k = 1; k <= rep.substeps; ++k) {
    const double g = k == rep.substeps ? to : from + static_cast<double>(k) * step;
    const Box box = catalog.box_at(g);
    Catalog here(catalog.atoms(), catalog.potential(), tol);  // which tracked minima are one state now
    std::vector<std::size_t> state(minima.size());
    for (std::size_t i = 0; i < minima.size(); ++i) {
      TrackedMinimum& m = minima[i];
      const VectorXd mapped = shear_map(m.x, step, ylo);
      Configuration c = at(catalog, g, mapped);
      const long c0 = potential.force_calls();
      relax(c, potential, p.relax);
      ForceResult r;
      potential.compute(c, r);
      m.force_calls += potential.force_calls() - c0;
      m.x = as_vector(c);
      m.energy = r.energy;
      m.stress = r.virial[3] / box.volume() * units::ev_per_a3_to_gpa;
      if (max_atom_separation(box, mapped, m.x, tol.rigid) > p.same_state_tolerance) m.jumped = true;
      state[i] = here.add_minimum({m.energy, m.x, g, "strain", 0}).index;
    }
    for (TrackedSaddle& s : saddles) {
      if (!s.alive) continue;
      if (state[s.a] == state[s.b]) {  // minima that merged under strain leave no event between them
        s.alive = false;
        continue;
      }
      const VectorXd mapped = shear_map(s.x, step, ylo);
      const TrackedMinimum &ma = minima[s.a], &mb = minima[s.b];
      const long c0 = potential.force_calls();
      const RefinedSaddle r = refine_saddle_between(at(catalog, g, mapped), potential, ma.x, ma.energy, mb.x,
                                                    mb.energy, mapped, refinement);
      s.force_calls += potential.force_calls() - c0;
      if (r.method.empty()) {
        s.alive = false;
        continue;
      }
      s.x = r.saddle.positions;
      s.energy = r.saddle.energy;
      s.eigenvalue = r.saddle.eigenvalue;
      s.method = r.method;
    }
  }

  // Only the end strain enters the catalog.
  std::map<std::size_t, std::size_t> image;
  for (const TrackedMinimum& m : minima) {
    image[m.origin] =
        catalog.add_minimum({m.energy, m.x, to, "strain", m.force_calls, m.stress}).index;
    ++rep.minima;
    if (m.jumped) rep.jumps.insert(m.origin);
  }
  rep.jumped = static_cast<long>(rep.jumps.size());
  double shift = 0.0, dtau = 0.0;
  for (const TrackedSaddle& s : saddles) {
    const Transition old = catalog.saddle(s.origin);
    const std::size_t a = image[old.from], b = image[old.to];
    ++rep.events;
    Transition t;
    t.from = a;
    t.to = b;
    t.strain = to;
    t.prefactor = old.prefactor;
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
      dtau += catalog.minimum(a).shear_stress - catalog.minimum(old.from).shear_stress;
    } else {
      t.vanished = true;
      t.energy = old.energy;
      t.positions = shear_map(old.positions, to - from, ylo);
      ++rep.vanished;
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
  rep.force_calls = potential.force_calls() - calls0;
  rep.images = std::move(image);
  return rep;
}

}  // namespace metabasin
