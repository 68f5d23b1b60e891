// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Saddle searches as JSON: ART and dynamics searches between MPI ranks, ART searches in task
// art's journal. Doubles are written so that they read back to the same bits, so a search
// shipped from another rank is the search that rank ran.
#include <nlohmann/json.hpp>

#include "art.hpp"
#include "dynamics_search.hpp"
#include "saddle_refinement.hpp"

namespace metabasin {

nlohmann::json vec_json(const VectorXd& v);
VectorXd json_vec(const nlohmann::json& j);

/// The search's outcome, its costs, and (when it converged) its saddle, mode, far side and
/// start side: everything the catalog keeps of it.
nlohmann::json art_search_json(const ArtSearch& a);
ArtSearch art_search_from_json(const nlohmann::json& j);

/// A dynamics search: its outcome, exit time, both basins, the refined saddle, and the later
/// basin changes it followed.
nlohmann::json dynamics_search_json(const DynamicsSearch& d);
DynamicsSearch dynamics_search_from_json(const nlohmann::json& j);

/// A start-side event carried to the start (positions only when it converged).
nlohmann::json carried_json(const CarriedEvent& e, long force_calls);
CarriedEvent carried_from_json(const nlohmann::json& j);

/// An ART search (art_search_json) with its carry under "carried": a line of task art's journal
/// (which adds the search's number) and a KMC search team's reply.
nlohmann::json art_run_json(const ArtRun& r);
ArtRun art_run_from_json(const nlohmann::json& j);

}  // namespace metabasin
