// SPDX-License-Identifier: BSD-3-Clause
#include "abc.hpp"

#include <cmath>
#include <random>

#include "error.hpp"
#include "saddle_refinement.hpp"

namespace metabasin {

PenalizedObjective::PenalizedObjective(Configuration& config, Potential& potential, PenaltyParams p)
    : config_(config), potential_(potential), p_(std::move(p)) {
  if (p_.form != "gaussian" && p_.form != "quartic")
    throw InputError("abc.penalty '" + p_.form + "' is not known; use gaussian or quartic");
  quartic_ = p_.form == "quartic";
  if (p_.atoms.empty())
    for (std::size_t i = 0; i < config_.size(); ++i) p_.atoms.push_back(i);
}

double PenalizedObjective::evaluate(const VectorXd& x, VectorXd& force) {
  ++evaluations_;
  set_coordinates(config_, x);
  potential_.compute(config_, last_);
  const int dim = dimension();
  force = to_coordinates(Eigen::Map<const VectorXd>(last_.forces.data(), static_cast<Eigen::Index>(last_.forces.size())),
                         dim);
  true_energy_ = last_.energy;
  double e = last_.energy;
  const double s2 = p_.width * p_.width;
  std::vector<Vec3> d(p_.atoms.size());
  const MinimumImage image(config_.box);
  for (const VectorXd& c : centres_) {
    Vec3 mean = Vec3::Zero();
    for (std::size_t k = 0; k < p_.atoms.size(); ++k) {
      const std::size_t i = p_.atoms[k];
      Vec3 r = Vec3::Zero();
      for (int a = 0; a < dim; ++a) r[a] = x[dim * i + a] - c[dim * i + a];
      d[k] = image(r);
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
    if (!quartic_) {
      value = p_.height * std::exp(-0.5 * r2 / s2);
      coeff = value / s2;
    } else if (r2 < s2) {
      const double u = 1.0 - r2 / s2;
      value = p_.height * u * u;
      coeff = 4.0 * p_.height * u / s2;
    }
    if (value == 0.0) continue;
    e += value;
    for (std::size_t k = 0; k < p_.atoms.size(); ++k)
      for (int a = 0; a < dim; ++a) force[dim * p_.atoms[k] + a] += coeff * d[k][a];
  }
  return e;
}

AbcRun abc_run(const Configuration& start, Potential& potential, const AbcParams& p,
               const std::function<bool(const AbcEvent&)>& on_event) {
  const long calls0 = potential.force_calls();
  Configuration c = start;
  const Box& box = start.box;
  const RigidMotions free = free_rigid_motions(box, potential);
  PenaltyParams pen = p.penalty;
  pen.remove_translation = pen.remove_translation || free.rotation;  // a cluster drifts as a whole
  SaddleRefinementParams refinement;
  refinement.refine = p.refine;
  refinement.relax = p.relax;
  refinement.side_step = p.side_step;
  refinement.same_state_tolerance = p.same_state_tolerance;
  refinement.neb_images = p.neb_images;
  refinement.rigid = free;
  PenalizedObjective penalized(c, potential, pen);
  // Only the penalized atoms are kicked: the rest of the sample should not be stirred into
  // its own soft rearrangements.
  std::vector<std::size_t> kicked = pen.atoms;
  if (kicked.empty())
    for (std::size_t i = 0; i < start.size(); ++i) kicked.push_back(i);
  std::mt19937_64 rng(p.seed);
  std::normal_distribution<double> gauss(0.0, 1.0);

  // Sample vectors (3 per atom) for the states, the minimizers' coordinates (coordinates_of)
  // for the walk.
  const int dim = box.dimension;
  VectorXd minimum = positions_of(start);
  ForceResult fr;
  potential.compute(start, fr);
  double minimum_energy = fr.energy;
  double lowest_energy = fr.energy;
  VectorXd x = to_coordinates(minimum, dim);
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
      for (int d = 0; d < dim; ++d) x[dim * i + d] += p.kick * gauss(rng);
    mover->minimize(penalized, x);
    penalized.evaluate(x, scratch);
    if (penalized.true_energy() > crossing_energy) {
      crossing_energy = penalized.true_energy();
      crossing = to_sample(x, dim);
    }
    // Where the true surface takes this point.
    set_coordinates(c, x);
    const MinimizeResult quench = relax(c, potential, p.relax);
    const VectorXd quenched = positions_of(c);
    if (max_atom_separation(box, quenched, minimum, free) < p.same_state_tolerance) continue;
    AbcEvent ev;
    ev.initial_minimum = minimum;
    ev.initial_energy = minimum_energy;
    ev.final_minimum = quenched;
    ev.final_energy = quench.energy;
    ev.crossing_energy = crossing_energy;
    const RefinedSaddle refined = p.refine_saddles ? refine_saddle_between(start, potential, minimum, minimum_energy,
                                                                           quenched, quench.energy, crossing, refinement)
                                                   : RefinedSaddle{};
    ev.saddle = refined.saddle;
    ev.refined_by = refined.method.empty() ? "none" : refined.method;
    if (refined.method.empty()) {  // keep the crossing point as the best estimate
      ev.saddle.energy = crossing_energy;
      ev.saddle.positions = crossing;
    }
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
    // The climb is measured from the deepest minimum met before this saddle: a walk that drops
    // into a deeper basin has not climbed that basin's way back out.
    const double climb = p.q0_from_lowest ? ev.saddle.energy - lowest_energy : ev.barrier;
    lowest_energy = std::min(lowest_energy, ev.final_energy);
    run.highest_climb = std::max(run.highest_climb, climb);
    if (climb > p.q0) {
      run.stop_reason = "barrier above q0";
      break;
    }
    // Climb on from the new minimum; the penalties stay where they are.
    minimum = quenched;
    minimum_energy = ev.final_energy;
    x = to_coordinates(quenched, dim);
    crossing = quenched;
    crossing_energy = -std::numeric_limits<double>::infinity();
  }
  run.force_calls = potential.force_calls() - calls0;
  return run;
}

}  // namespace metabasin
