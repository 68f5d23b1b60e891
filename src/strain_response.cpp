#include "strain_response.hpp"

#include <algorithm>
#include <cmath>
#include <map>

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

ReevaluationReport reevaluate_at_strain(Catalog& catalog, Potential& potential, double from, double to,
                                        const ReevaluationParams& p, const std::vector<std::size_t>* only) {
  ReevaluationReport rep;
  rep.from_strain = from;
  rep.to_strain = to;
  const long calls0 = potential.force_calls();
  const double dg = to - from, ylo = catalog.atoms().box.lo[1];
  const StateTolerances& tol = catalog.tolerances();
  const Box new_box = catalog.box_at(to), old_box = catalog.box_at(from);

  // Minima first: vertex at `from` -> re-relaxed vertex at `to`.
  std::map<std::size_t, std::size_t> image;
  const std::size_t nv = catalog.minima();
  for (std::size_t v = 0; v < nv; ++v) {
    if (std::abs(catalog.minimum(v).strain - from) > tol.strain) continue;
    if (only && std::find(only->begin(), only->end(), v) == only->end()) continue;
    if (std::isnan(catalog.minimum(v).shear_stress))
      catalog.minimum_mutable(v).shear_stress = shear_stress(catalog.atoms(), old_box, catalog.minimum(v).positions, potential);
    Configuration k = at(catalog, to, shear_map(catalog.minimum(v).positions, dg, ylo));
    const long c0 = potential.force_calls();
    relax(k, potential, p.relax);
    ForceResult r;
    potential.compute(k, r);
    InherentStructure s{r.energy, as_vector(k), to, "strain", potential.force_calls() - c0,
                        r.virial[3] / new_box.volume() * units::ev_per_a3_to_gpa};
    image[v] = catalog.add_minimum(std::move(s)).index;
    ++rep.minima;
  }

  // Then every live saddle at `from` between mapped minima.
  SaddleRefinementParams refinement = p;
  refinement.rigid = tol.rigid;
  double shift = 0.0, dtau = 0.0;
  const std::size_t ne = catalog.saddles();
  std::vector<bool> has_child(ne, false);
  for (std::size_t e = 0; e < ne; ++e) {
    const Transition& t = catalog.saddle(e);
    if (t.parent >= 0 && std::abs(t.strain - to) <= tol.strain) has_child[static_cast<std::size_t>(t.parent)] = true;
  }
  for (std::size_t e = 0; e < ne; ++e) {
    const Transition old = catalog.saddle(e);
    if (old.vanished || std::abs(old.strain - from) > tol.strain) continue;
    if (!image.count(old.from) || !image.count(old.to)) continue;
    if (has_child[e]) {
      ++rep.reused;
      continue;
    }
    ++rep.events;
    const std::size_t a = image[old.from], b = image[old.to];
    const InherentStructure &ma = catalog.minimum(a), &mb = catalog.minimum(b);
    const VectorXd mapped = shear_map(old.positions, dg, ylo);
    Transition t;
    t.from = a;
    t.to = b;
    t.strain = to;
    t.prefactor = old.prefactor;
    t.parent = static_cast<long>(e);
    const long c0 = potential.force_calls();
    bool ok = false;
    if (a != b) {  // minima that merged under strain leave no event between them
      const RefinedSaddle r = refine_saddle_between(at(catalog, to, mapped), potential, ma.positions, ma.energy,
                                                    mb.positions, mb.energy, mapped, refinement);
      ok = !r.method.empty();
      if (ok) {
        t.energy = r.saddle.energy;
        t.positions = r.saddle.positions;
        t.eigenvalue = r.saddle.eigenvalue;
        t.found_by = "strain/" + r.method;
        rep.by_neb += r.method == "neb" ? 1 : 0;
      }
    }
    t.force_calls = potential.force_calls() - c0;
    if (!ok) {
      t.vanished = true;
      t.energy = old.energy;
      t.positions = mapped;
      ++rep.vanished;
    } else {
      ++rep.survived;
      shift += (t.energy - ma.energy) - old.forward_barrier;
      dtau += ma.shear_stress - catalog.minimum(old.from).shear_stress;
    }
    catalog.add_saddle(std::move(t));
  }
  if (rep.survived > 0) {
    rep.mean_barrier_shift = shift / rep.survived;
    rep.mean_stress_change = dtau / rep.survived;
    rep.activation_volume = std::abs(rep.mean_stress_change) > 1e-12
                                ? -rep.mean_barrier_shift / rep.mean_stress_change * units::ev_per_a3_to_gpa
                                : std::nan("");
  }
  rep.force_calls = potential.force_calls() - calls0;
  rep.images = std::move(image);
  return rep;
}

}  // namespace metabasin
