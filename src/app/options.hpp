// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The options layer: every algorithm's typed Params built from a validated Input, in one
// place. Outside the schema (input_schema.cpp) this is where the YAML keys of the algorithms
// are spelled; the samplers, the catalog and the integrators see only their Params.
// A range one key can violate is the schema's (the parser rejects it, naming the key); what
// is checked here spans keys or the atoms (an atom ID the data file lacks, keys that go
// together). KMC, metadynamics and sweep settings are in options_rate.hpp.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "abc.hpp"
#include "art.hpp"
#include "catalog.hpp"
#include "input.hpp"
#include "minimizer.hpp"
#include "molecular_dynamics.hpp"
#include "neb.hpp"
#include "setup.hpp"
#include "strain_response.hpp"

namespace metabasin {

/// A temperature key (K) the task needs: present and not negative.
double temperature_key(const Input& in, const std::string& key);

/// output.*: the files a task writes, as paths ("" where the input asks for none).
struct OutputFiles {
  std::string table, sequence, catalog, data, thermo, dump, xyz;
};
OutputFiles output_files(const Input& in);

/// minimize.*: the relaxations of every task (capped iterations in short mode).
MinimizeParams minimize_params(const Input& in);

/// md.*: dynamics settings shared by every MD task; the caller sets the temperature schedule.
/// `need_thermostat`: the task (quench, shear, age) cannot run NVE.
MdParams md_params(const Input& in, bool need_thermostat);

/// art.* (and minimize.* for the two relaxations): one ART nouveau search. Without art.fmax
/// the saddles converge to 0.001 eV/A, or to twice the force jump at the cutoff of s's
/// potential when that is larger (an energy-shifted LJ: next to a pair at the cutoff no point
/// has a smaller force, and such searches would only run out of steps).
ArtParams art_params(const Input& in, const System& s);

/// art.*: a batch of ART searches from one minimum (task art).
/// Searches until the events found hold `coverage` of the chance of finding an event with a
/// barrier up to `up_to`, by missing_share_bound (catalog queries).
struct CoverageTarget {
  double up_to = 0.0;     // eV
  double coverage = 0.9;  // in (0, 1)
};
struct ArtBatchParams {
  long searches = 10;                // capped at Input::kShortSearches in short mode
  unsigned seed = 1;                 // search k uses seed + k
  std::vector<std::size_t> centres;  // atom indices pushed around in turn; empty: random atoms
  double minimum_fmax = 0.01;        // eV/A: the start must be a minimum this tight
  double prefactor = 1e13;           // 1/s: nu0 when no Vineyard prefactor is computed
  double vineyard_radius = 0.0;      // A: > 0 gives each distinct saddle its Vineyard prefactor
  StateTolerances duplicate;         // two saddles within these are one event
  bool resume = false;               // run only the searches the journals do not hold
  std::optional<CoverageTarget> until;  // stop once met (checked after each round); searches is then the most
};
ArtBatchParams art_batch_params(const Input& in, const System& s);

/// neb.* (and minimize.* for the end points, when neb.relax_ends).
NebParams neb_params(const Input& in);

/// abc.* (and minimize.* for the quenches) as sampler settings for the atoms of `s`.
AbcParams abc_params(const Input& in, const System& s);

/// reevaluate.* (and minimize.* for the minima) as re-convergence settings.
ReevaluationParams reevaluation_params(const Input& in);

/// reevaluate.*: the strains task reevaluate visits, from_strain + k increment, k = 1..steps.
struct StrainSteps {
  double increment = 0.02;        // shear strain gamma_xy per step (non-zero, either sign)
  long steps = 1;
  std::optional<double> from;     // empty: the lowest strain in the catalog
};
StrainSteps reevaluation_steps(const Input& in);

/// tortuosity.* and neb.*: the minimum energy paths task tortuosity maps.
struct TortuosityParams {
  NebParams neb;                     // the band of each path (neb.max_iterations capped in short mode)
  double max_barrier = 1.0;          // eV: saddles with a forward barrier up to this (the study's E_A < 1 eV)
  std::vector<double> strains;       // strains of the paths; empty: the catalog's lowest and highest
  std::optional<long> max_paths;     // per strain, the first by saddle index (short mode); none: all
  double moving_displacement = 0.3;  // A: an atom that moves this far between an event's minima takes part in it
};
TortuosityParams tortuosity_params(const Input& in);

/// catalog.*: the state tolerances; rigid motions count as the same state for
/// translation-invariant potentials (and rotations for clusters).
StateTolerances catalog_tolerances(const Input& in, const System& s);

}  // namespace metabasin
