// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Task reevaluate: recompute the catalog's barriers at a sequence of shear strains.
#include <nlohmann/json.hpp>

#include "input.hpp"
#include "strain_response.hpp"

namespace metabasin {

nlohmann::json run_reevaluate(const Input& in);

/// The reevaluate.* keys (and minimize.* for the minima) as re-convergence settings.
ReevaluationParams reevaluation_params(const Input& in);

}  // namespace metabasin
