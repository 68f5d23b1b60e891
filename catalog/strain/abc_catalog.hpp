// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// A sampled event into the catalog: its two minima, and its saddle when it was refined (ABC)
// or converged and connected (ART).
#include <cstddef>
#include <optional>
#include <string>

#include "abc.hpp"
#include "art.hpp"
#include "catalog.hpp"
#include "dynamics_search.hpp"
#include "saddle_refinement.hpp"

namespace metabasin {

struct CatalogedEvent {
  Catalog::Insert initial, final;
  bool new_saddle = false;
  /// The stored saddle; none when the event has no saddle (an unrefined crossing point, an
  /// unconverged search) or both ends are one minimum.
  std::optional<std::size_t> saddle;
};

/// `sampler` names who found it ("abc", "kmc/abc"); the saddle's found_by adds how it was refined.
CatalogedEvent add_abc_event(Catalog& catalog, const AbcEvent& ev, double strain, const std::string& sampler);

/// An ART search from `start` (positions of a catalog minimum at `strain`); nothing when the
/// search did not converge to a saddle connected to another minimum. found_by = `sampler`;
/// `prefactor` (1/s, 0: unknown) is the saddle's forward one. A search whose saddle joins a
/// start side other than the start (ArtSearch::start_side) stores that side too, as a minimum
/// next to the start, and `initial` is it.
CatalogedEvent add_art_event(Catalog& catalog, const VectorXd& start, const ArtSearch& search, double strain,
                             const std::string& sampler, double prefactor = 0.0);

/// A dynamics search from `start` (as add_art_event): nothing without a refined saddle.
CatalogedEvent add_dynamics_event(Catalog& catalog, const VectorXd& start, const DynamicsSearch& search, double strain,
                                  const std::string& sampler);

/// An event carried to the minimum `to` (energy e_to; carry_event): nothing unless it converged
/// as an event of `to`. The saddle's found_by is `sampler`.
CatalogedEvent add_carried_event(Catalog& catalog, const VectorXd& to, double e_to, const CarriedEvent& event,
                                 double strain, const std::string& sampler);

}  // namespace metabasin
