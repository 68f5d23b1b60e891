// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Input -> Params builders of the strain-rate tasks (shear, metadynamics, kmc): every
// key read, ranged and cross-checked here, so the tasks and the integrators never spell a key.
#include "catalog_kmc.hpp"
#include "input.hpp"
#include "kmc.hpp"
#include "metadynamics.hpp"
#include "setup.hpp"
#include "strain_run.hpp"

namespace metabasin {

/// Task shear's request: shear.rate, shear.max_strain, md.temperature, shear.table_strain,
/// shear.restart and shear.resume, output.*.
StrainRunRequest shear_request(const Input& in);
/// Task metadynamics' request: one of metadynamics.q0 / metadynamics.rate, its max_strain,
/// temperature and resume, output.*.
StrainRunRequest metadynamics_request(const Input& in);
/// Task kmc's request: kmc.rate, kmc.max_strain, kmc.temperature, kmc.resume, output.*.
StrainRunRequest kmc_request(const Input& in);

/// The request's rate and strain (capped in short mode) and replica's seed; kmc.strain_increment,
/// superbasins, kmc.max_steps.
KmcParams kmc_params(const Input& in, const StrainRunRequest& rq);
/// The catalog model's settings at the request's temperature (the searches' seed offset by its
/// replica): kmc.* (prefactor, searches, Vineyard), abc.*/art.* for the searches, md.* for
/// dynamics searches, the strain re-evaluation's keys.
CatalogKmcParams catalog_kmc_params(const Input& in, const System& s, const StrainRunRequest& rq);

/// The request's Q0 or rate (metadynamics.rate_prefactor and .a convert one into the other),
/// temperature and strain (capped in short mode) and replica's seeds; metadynamics.* and abc.*
/// for the sampler, minimize.* for the relaxations.
MetadynamicsParams metadynamics_params(const Input& in, const System& s, const StrainRunRequest& rq);

}  // namespace metabasin
