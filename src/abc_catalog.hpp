#pragma once
// An ABC event into the catalog: its two minima, and its saddle when it was refined.
#include <string>

#include "abc.hpp"
#include "catalog.hpp"

namespace metabasin {

struct CatalogedEvent {
  Catalog::Insert initial, final;
  bool new_saddle = false;
};

/// `sampler` names who found it ("abc", "kmc/abc"); the saddle's found_by adds how it was refined.
CatalogedEvent add_abc_event(Catalog& catalog, const AbcEvent& ev, double strain, const std::string& sampler);

}  // namespace metabasin
