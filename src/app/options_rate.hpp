// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Input -> Params builders of the strain-rate tasks (kmc; the sweep's own settings): every
// key read, ranged and cross-checked here, so the tasks and the integrators never spell a key.
#include "catalog_kmc.hpp"
#include "input.hpp"
#include "kmc.hpp"
#include "setup.hpp"

namespace metabasin {

/// kmc.rate, kmc.strain_increment, kmc.max_strain (capped in short mode), superbasins, seed.
KmcParams kmc_params(const Input& in);
/// The catalog model's settings: kmc.* (temperature, prefactor, searches, Vineyard), abc.*/art.*
/// for the searches, md.* for dynamics searches, the strain re-evaluation's keys.
CatalogKmcParams catalog_kmc_params(const Input& in, const System& s);

}  // namespace metabasin
