#include "strain_response.hpp"

#include <cmath>
#include <map>

#include "art.hpp"
#include "neb.hpp"
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

/// Simple shear by d_gamma about the cell's lower y face (the affine map of the cell tilt).
VectorXd shear_map(const VectorXd& x, double d_gamma, double ylo) {
  VectorXd y = x;
  for (Eigen::Index i = 0; i + 2 < x.size(); i += 3) y[i] += d_gamma * (x[i + 1] - ylo);
  return y;
}

}  // namespace

double shear_stress(const Configuration& atoms, const Box& cell, const VectorXd& x, Potential& potential) {
  Configuration k = atoms;
  k.box = cell;
  Eigen::Map<VectorXd>(k.x.data(), x.size()) = x;
  ForceResult r;
  potential.compute(k, r);
  return r.virial[3] / cell.volume() * units::ev_per_a3_to_gpa;
}

ReevaluationReport reevaluate_at_strain(Catalog& catalog, Potential& potential, double from, double to,
                                        const ReevaluationParams& p) {
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

  // Then every live saddle at `from`.
  double shift = 0.0, dtau = 0.0;
  const std::size_t ne = catalog.saddles();
  for (std::size_t e = 0; e < ne; ++e) {
    const Transition old = catalog.saddle(e);
    if (old.vanished || std::abs(old.strain - from) > tol.strain) continue;
    if (!image.count(old.from) || !image.count(old.to)) continue;
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
    t.found_by = "strain/lanczos";
    const long c0 = potential.force_calls();
    bool ok = false;
    if (a != b) {
      Configuration k = at(catalog, to, mapped);
      AtomsObjective f(k, potential);
      VectorXd guess = displacement(new_box, ma.positions, mapped);
      if (guess.norm() > 0.0) guess.normalize();
      const SaddlePoint sp = converge_saddle(f, mapped, guess, p.refine);
      if (sp.status == SaddleStatus::Converged && sp.energy > std::max(ma.energy, mb.energy)) {
        bool hit[2][2] = {{false, false}, {false, false}};
        for (int side = 0; side < 2; ++side) {
          Configuration q = at(catalog, to, sp.positions + (side ? -1.0 : 1.0) * p.side_step * sp.eigenvector);
          relax(q, potential, p.relax);
          hit[side][0] = max_atom_separation(new_box, as_vector(q), ma.positions, tol.translation, tol.rotation) < p.same_state_tolerance;
          hit[side][1] = max_atom_separation(new_box, as_vector(q), mb.positions, tol.translation, tol.rotation) < p.same_state_tolerance;
        }
        if ((hit[0][0] && hit[1][1]) || (hit[0][1] && hit[1][0])) {
          ok = true;
          t.energy = sp.energy;
          t.positions = sp.positions;
          t.eigenvalue = sp.eigenvalue;
        }
      }
      if (!ok) {
        NebParams np;
        np.images = p.neb_images;
        np.fmax = p.refine.fmax;
        np.optimizer = "lbfgs";
        np.max_move = p.refine.max_move;
        const NebResult r = run_neb(at(catalog, to, ma.positions), mb.positions, potential, np, mapped);
        // A band whose top is one of its ends, or that passes other minima, is not this event.
        if (r.converged && r.geometry.intermediate_minima == 0 && r.climbing_image > 0 &&
            r.climbing_image + 1 < static_cast<int>(r.images.size()) &&
            r.saddle_energy > std::max(ma.energy, mb.energy)) {
          ok = true;
          t.energy = r.saddle_energy;
          t.positions = r.images[r.climbing_image];
          t.found_by = "strain/neb";
          ++rep.by_neb;
        }
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
  return rep;
}

}  // namespace metabasin
