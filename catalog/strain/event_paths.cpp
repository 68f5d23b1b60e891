// SPDX-License-Identifier: BSD-3-Clause
#include "event_paths.hpp"

#include <stdexcept>

#include "path_geometry.hpp"
#include "queries.hpp"
#include "state_distance.hpp"

namespace metabasin {

const char* to_string(PathOutcome outcome) {
  switch (outcome) {
    case PathOutcome::converged:
      return "converged";
    case PathOutcome::not_converged:
      return "not converged";
  }
  return "?";
}

PathOutcome path_outcome(const std::string& name) {
  for (PathOutcome o : {PathOutcome::converged, PathOutcome::not_converged})
    if (name == to_string(o)) return o;
  throw std::invalid_argument("unknown path outcome '" + name + "'");
}

std::vector<std::size_t> saddles_up_to(const Catalog& c, double strain, double max_barrier) {
  SaddleFilter f;
  f.strain = strain;
  f.max_barrier = max_barrier;  // leaves out the vanished saddles too (no barrier)
  f.order = SaddleOrder::index;
  std::vector<std::size_t> out;
  for (const SaddleRow& r : list_saddles(c, f)) out.push_back(r.index);
  return out;
}

EventPath event_path(const Catalog& c, Potential& potential, std::size_t e, const NebParams& p,
                     double moving_displacement) {
  const Transition& t = c.saddle(e);
  EventPath out;
  out.saddle = e;
  out.strain = t.strain;
  out.barrier = t.forward_barrier;
  const VectorXd a = c.minimum_positions(t.from);
  Configuration initial = c.atoms_at(t.strain, a);
  VectorXd through = c.saddle_positions(e);
  // A saddle stored without positions rebuilds as NaN: start from the straight band then.
  out.through_saddle = through.size() == a.size() && through.allFinite();
  // The states of an event may be stored moved by a rigid motion (one state found twice is
  // one state modulo those): each is moved onto the one before it, so that no rigid motion,
  // which costs no energy, lengthens the path or L.
  const RigidMotions free = c.tolerances().rigid;
  if (out.through_saddle)
    through = aligned_to(initial.box, a, through, free);
  else
    through = VectorXd();
  const VectorXd b = aligned_to(initial.box, out.through_saddle ? through : a, c.minimum_positions(t.to), free);
  const NebResult band = run_neb(initial, b, potential, p, through);
  out.band_barrier = band.barrier;
  out.outcome = band.converged ? PathOutcome::converged : PathOutcome::not_converged;
  out.geometry = band.geometry;
  // L is the minima's distance: a band that ran away (not converged) must not change it, as
  // unwrapping its wild images atom by atom would.
  const VectorXd d = displacement(initial.box, a, b);
  out.geometry.end_to_end = d.norm();
  for (Eigen::Index i = 0; 3 * i + 2 < d.size(); ++i)
    if (d.segment<3>(3 * i).norm() >= moving_displacement) out.moving_atoms.push_back(static_cast<std::size_t>(i));
  out.geometry.ratio = out.geometry.end_to_end > 0.0 ? out.geometry.contour_length / out.geometry.end_to_end : 0.0;
  out.iterations = band.iterations;
  out.force_calls = band.force_calls;
  return out;
}

}  // namespace metabasin
