#include "abc.hpp"

#include <cmath>
#include <random>

#include "art.hpp"
#include "error.hpp"
#include "neb.hpp"
#include "path_geometry.hpp"

namespace metabasin {

PenalizedObjective::PenalizedObjective(Configuration& config, Potential& potential, PenaltyParams p)
    : config_(config), potential_(potential), p_(std::move(p)) {
  if (p_.form != "gaussian" && p_.form != "quartic")
    throw InputError("abc.penalty '" + p_.form + "' is not known; use gaussian or quartic");
  if (p_.atoms.empty())
    for (std::size_t i = 0; i < config_.size(); ++i) p_.atoms.push_back(i);
}

double PenalizedObjective::evaluate(const VectorXd& x, VectorXd& force) {
  ++evaluations_;
  Eigen::Map<VectorXd>(config_.x.data(), size()) = x;
  potential_.compute(config_, last_);
  force = Eigen::Map<const VectorXd>(last_.forces.data(), size());
  true_energy_ = last_.energy;
  double e = last_.energy;
  const double s2 = p_.width * p_.width;
  std::vector<Vec3> d(p_.atoms.size());
  for (const VectorXd& c : centres_) {
    Vec3 mean = Vec3::Zero();
    for (std::size_t k = 0; k < p_.atoms.size(); ++k) {
      const std::size_t i = p_.atoms[k];
      d[k] = config_.box.minimum_image(Vec3(x[3 * i] - c[3 * i], x[3 * i + 1] - c[3 * i + 1], x[3 * i + 2] - c[3 * i + 2]));
      mean += d[k];
    }
    // The projection that removes the mean is symmetric and idempotent, so the force keeps
    // the form coeff * (projected displacement).
    if (p_.remove_translation) mean /= static_cast<double>(p_.atoms.size());
    else mean = Vec3::Zero();
    double r2 = 0.0;
    for (Vec3& dk : d) {
      dk -= mean;
      r2 += dk.squaredNorm();
    }
    double value = 0.0, coeff = 0.0;  // force on atom k = coeff * d[k]
    if (p_.form == "gaussian") {
      value = p_.height * std::exp(-0.5 * r2 / s2);
      coeff = value / s2;
    } else if (r2 < s2) {
      const double u = 1.0 - r2 / s2;
      value = p_.height * u * u;
      coeff = 4.0 * p_.height * u / s2;
    }
    if (value == 0.0) continue;
    e += value;
    for (std::size_t k = 0; k < p_.atoms.size(); ++k) force.segment<3>(3 * p_.atoms[k]) += coeff * d[k];
  }
  if (config_.box.dimension == 2)
    for (Eigen::Index k = 2; k < force.size(); k += 3) force[k] = 0.0;
  return e;
}

namespace {

VectorXd as_vector(const Configuration& c) {
  return Eigen::Map<const VectorXd>(c.x.data(), static_cast<Eigen::Index>(c.x.size()));
}

/// Saddle between minima a and b from the highest point crossed: Lanczos refinement, accepted
/// only if it lies above both minima and relaxes back to them; else the CI-NEB climbing image.
void refine_event(AbcEvent& ev, const Configuration& start, Potential& pot, const AbcParams& p,
                  const VectorXd& crossing, bool rigid, bool cluster) {
  Configuration c = start;
  AtomsObjective f(c, pot);
  const Box& box = start.box;
  VectorXd guess = displacement(box, ev.initial_minimum, crossing);
  if (guess.norm() > 0.0) guess.normalize();
  SaddlePoint s = converge_saddle(f, crossing, guess, p.refine);
  bool connected = false;
  if (s.status == SaddleStatus::Converged && s.energy > std::max(ev.initial_energy, ev.final_energy)) {
    // Down both sides of the unstable mode: one side must be each minimum.
    const double step = 0.05 * std::max(1.0, p.same_state_tolerance / 0.1);
    VectorXd side[2] = {s.positions + step * s.eigenvector, s.positions - step * s.eigenvector};
    bool hits[2][2] = {{false, false}, {false, false}};
    for (int k = 0; k < 2; ++k) {
      Eigen::Map<VectorXd>(c.x.data(), side[k].size()) = side[k];
      relax(c, pot, p.relax);
      side[k] = as_vector(c);
      hits[k][0] = max_atom_separation(box, side[k], ev.initial_minimum, rigid, cluster) < p.same_state_tolerance;
      hits[k][1] = max_atom_separation(box, side[k], ev.final_minimum, rigid, cluster) < p.same_state_tolerance;
    }
    connected = (hits[0][0] && hits[1][1]) || (hits[0][1] && hits[1][0]);
  }
  if (connected) {
    ev.saddle = s;
    ev.refined_by = "lanczos";
    return;
  }
  NebParams np;
  np.images = p.neb_images;
  np.fmax = std::max(p.refine.fmax, 1e-6);
  np.optimizer = "lbfgs";
  np.max_move = p.refine.max_move;
  Configuration a = start;
  Eigen::Map<VectorXd>(a.x.data(), ev.initial_minimum.size()) = ev.initial_minimum;
  const NebResult r = run_neb(a, ev.final_minimum, pot, np, crossing);
  if (r.converged) {
    ev.saddle.status = SaddleStatus::Converged;
    ev.saddle.energy = r.saddle_energy;
    ev.saddle.positions = r.images[r.climbing_image];
    ev.saddle.fmax = r.fmax;
    ev.refined_by = "neb";
  } else {
    ev.saddle.status = s.status;
    ev.saddle.energy = ev.crossing_energy;
    ev.saddle.positions = crossing;
    ev.refined_by = "none";
  }
}

}  // namespace

AbcRun abc_run(const Configuration& start, Potential& potential, const AbcParams& p,
               const std::function<bool(const AbcEvent&)>& on_event) {
  const long calls0 = potential.force_calls();
  Configuration c = start;
  const Box& box = start.box;
  const bool rigid = potential.cutoff() > 0.0;
  const bool cluster = rigid && !(box.periodic[0] || box.periodic[1] || (box.dimension == 3 && box.periodic[2]));
  PenaltyParams pen = p.penalty;
  pen.remove_translation = pen.remove_translation || cluster;
  PenalizedObjective penalized(c, potential, pen);
  // Only the penalized atoms are kicked: the rest of the sample should not be stirred into
  // its own soft rearrangements.
  std::vector<std::size_t> kicked = pen.atoms;
  if (kicked.empty())
    for (std::size_t i = 0; i < start.size(); ++i) kicked.push_back(i);
  std::mt19937_64 rng(p.seed);
  std::normal_distribution<double> gauss(0.0, 1.0);

  VectorXd minimum = as_vector(start);
  ForceResult fr;
  potential.compute(start, fr);
  double minimum_energy = fr.energy;
  VectorXd x = minimum;
  VectorXd crossing = minimum;
  double crossing_energy = -std::numeric_limits<double>::infinity();
  long calls_at_last_event = potential.force_calls();
  AbcRun run;
  run.stop_reason = "max penalties";
  MinimizeParams loose = p.relax;
  loose.fmax = std::max(p.relax.fmax, p.penalized_fmax);
  const auto mover = make_minimizer(loose);
  VectorXd scratch;
  for (int k = 0; k < p.max_penalties; ++k) {
    penalized.add_penalty(x);
    ++run.penalties;
    for (std::size_t i : kicked)
      for (int d = 0; d < box.dimension; ++d) x[3 * i + d] += p.kick * gauss(rng);
    mover->minimize(penalized, x);
    penalized.evaluate(x, scratch);
    if (penalized.true_energy() > crossing_energy) {
      crossing_energy = penalized.true_energy();
      crossing = x;
    }
    // Where the true surface takes this point.
    Eigen::Map<VectorXd>(c.x.data(), x.size()) = x;
    relax(c, potential, p.relax);
    const VectorXd quenched = as_vector(c);
    if (max_atom_separation(box, quenched, minimum, rigid, cluster) < p.same_state_tolerance) continue;
    AbcEvent ev;
    ev.initial_minimum = minimum;
    ev.initial_energy = minimum_energy;
    ev.final_minimum = quenched;
    potential.compute(c, fr);
    ev.final_energy = fr.energy;
    ev.crossing_energy = crossing_energy;
    refine_event(ev, start, potential, p, crossing, rigid, cluster);
    ev.barrier = ev.saddle.energy - ev.initial_energy;
    ev.penalties = run.penalties;
    ev.force_calls = potential.force_calls() - calls_at_last_event;
    calls_at_last_event = potential.force_calls();
    run.events.push_back(ev);
    const bool go_on = !on_event || on_event(ev);
    if (!go_on) {
      run.stop_reason = "interrupted";
      break;
    }
    if (ev.barrier > p.q0) {
      run.stop_reason = "barrier above q0";
      break;
    }
    // Climb on from the new minimum; the penalties stay where they are.
    minimum = quenched;
    minimum_energy = ev.final_energy;
    x = quenched;
    crossing = quenched;
    crossing_energy = -std::numeric_limits<double>::infinity();
  }
  run.force_calls = potential.force_calls() - calls0;
  return run;
}

}  // namespace metabasin
