// SPDX-License-Identifier: BSD-3-Clause
#include "abc_catalog.hpp"

namespace metabasin {

namespace {

// The saddle between the event's two stored minima; none when both ends are one minimum (a
// walk back into where it started is no event).
CatalogedEvent join(Catalog& catalog, CatalogedEvent out, const SaddlePoint& saddle, double strain,
                    std::string found_by, long force_calls, double prefactor = 0.0) {
  if (out.initial.index == out.final.index) return out;
  Transition t;
  t.from = out.initial.index;
  t.to = out.final.index;
  t.energy = saddle.energy;
  t.positions = saddle.positions;
  t.eigenvalue = saddle.eigenvalue;
  t.strain = strain;
  t.found_by = std::move(found_by);
  t.force_calls = force_calls;
  t.prefactor = prefactor;
  const Catalog::Insert ins = catalog.add_saddle(std::move(t));
  out.new_saddle = ins.is_new;
  out.saddle = ins.index;
  return out;
}

// A search that converged a saddle from `start` and relaxed its far side to `end`; `near`: a
// stored minimum `start` is stored against.
CatalogedEvent add_search(Catalog& catalog, const VectorXd& start, double e0, const VectorXd& end, double e1,
                          const SaddlePoint& saddle, double strain, const std::string& sampler, std::string found_by,
                          long force_calls, double prefactor = 0.0, std::optional<std::size_t> near = std::nullopt) {
  CatalogedEvent out;
  if (saddle.status != SaddleStatus::Converged || end.size() == 0) return out;
  out.initial = catalog.add_minimum({e0, start, strain, sampler, 0}, near);
  out.final = catalog.add_minimum({e1, end, strain, sampler, force_calls}, out.initial.index);
  return join(catalog, out, saddle, strain, std::move(found_by), force_calls, prefactor);
}

}  // namespace

CatalogedEvent add_abc_event(Catalog& catalog, const AbcEvent& ev, double strain, const std::string& sampler) {
  CatalogedEvent out;
  out.initial = catalog.add_minimum({ev.initial_energy, ev.initial_minimum, strain, sampler, 0});
  out.final = catalog.add_minimum({ev.final_energy, ev.final_minimum, strain, sampler, ev.force_calls}, out.initial.index);
  // An unrefined crossing point is not a saddle.
  if (ev.refined_by == "none") return out;
  return join(catalog, out, ev.saddle, strain, sampler + "/" + ev.refined_by, ev.force_calls);
}

CatalogedEvent add_art_event(Catalog& catalog, const VectorXd& start, const ArtSearch& search, double strain,
                             const std::string& sampler, double prefactor) {
  std::optional<std::size_t> origin;
  // A saddle that joins a start side (the start with a soft spot elsewhere flipped) starts
  // there: that side is a minimum of its own, stored next to the start.
  if (search.start_side.size() > 0)
    origin = catalog.add_minimum({search.initial_energy, start, strain, sampler, 0}).index;
  const bool from_start = !origin;
  return add_search(catalog, from_start ? start : search.start_side,
                    from_start ? search.initial_energy : search.start_side_energy, search.final_minimum,
                    search.final_energy, search.saddle, strain, sampler, sampler, search.force_calls, prefactor, origin);
}

CatalogedEvent add_dynamics_event(Catalog& catalog, const VectorXd& start, const DynamicsSearch& search, double strain,
                                  const std::string& sampler) {
  return add_search(catalog, start, search.initial_energy, search.final_minimum, search.final_energy, search.saddle,
                    strain, sampler, sampler + "/" + search.refined_by, search.force_calls);
}

CatalogedEvent add_carried_event(Catalog& catalog, const VectorXd& to, double e_to, const CarriedEvent& event,
                                 double strain, const std::string& sampler) {
  return add_search(catalog, to, e_to, event.beyond, event.beyond_energy, event.refined.saddle, strain, sampler,
                    sampler + "/" + event.refined.method, event.refined.saddle.force_calls);
}

}  // namespace metabasin
