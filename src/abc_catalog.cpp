#include "abc_catalog.hpp"

namespace metabasin {

CatalogedEvent add_abc_event(Catalog& catalog, const AbcEvent& ev, double strain, const std::string& sampler) {
  CatalogedEvent out;
  out.initial = catalog.add_minimum({ev.initial_energy, ev.initial_minimum, strain, sampler, 0});
  out.final = catalog.add_minimum({ev.final_energy, ev.final_minimum, strain, sampler, ev.force_calls});
  // An unrefined crossing point is not a saddle; a walk back into the same minimum is no event.
  if (ev.refined_by == "none" || out.initial.index == out.final.index) return out;
  Transition t;
  t.from = out.initial.index;
  t.to = out.final.index;
  t.energy = ev.saddle.energy;
  t.positions = ev.saddle.positions;
  t.eigenvalue = ev.saddle.eigenvalue;
  t.strain = strain;
  t.found_by = sampler + "/" + ev.refined_by;
  t.force_calls = ev.force_calls;
  out.new_saddle = catalog.add_saddle(std::move(t)).is_new;
  return out;
}

CatalogedEvent add_art_event(Catalog& catalog, const VectorXd& start, const ArtSearch& search, double strain,
                             const std::string& sampler) {
  CatalogedEvent out;
  if (search.saddle.status != SaddleStatus::Converged || search.final_minimum.size() == 0) return out;
  out.initial = catalog.add_minimum({search.initial_energy, start, strain, sampler, 0});
  out.final = catalog.add_minimum({search.final_energy, search.final_minimum, strain, sampler, search.force_calls});
  if (out.initial.index == out.final.index) return out;
  Transition t;
  t.from = out.initial.index;
  t.to = out.final.index;
  t.energy = search.saddle.energy;
  t.positions = search.saddle.positions;
  t.eigenvalue = search.saddle.eigenvalue;
  t.strain = strain;
  t.found_by = sampler;
  t.force_calls = search.force_calls;
  out.new_saddle = catalog.add_saddle(std::move(t)).is_new;
  return out;
}

}  // namespace metabasin
