// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Tasks art (N ART nouveau searches from one minimum, spread over MPI ranks, each distinct
// event once) and neb (a climbing-image band between two given minima).
#include <nlohmann/json.hpp>

#include "input.hpp"
#include "queries.hpp"
#include "task_style.hpp"

namespace metabasin {

/// Completeness rows (catalog queries) as the JSON array the art task and `catalog
/// completeness --json` print.
nlohmann::json completeness_json(const std::vector<CompletenessRow>& rows);

nlohmann::json run_art(const Input& in);
nlohmann::json run_neb(const Input& in);

}  // namespace metabasin

METABASIN_TASK("art", run_art, "catalog table hdf5", "ART nouveau searches from one minimum (MPI ranks share them); each distinct saddle once")
METABASIN_TASK("neb", run_neb, "table xyz hdf5", "climbing-image nudged elastic band between system.data and neb.final")
