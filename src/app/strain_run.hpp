// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// What a run under a constant shear strain rate gives back, whichever method drove it: MD
// (task shear), metadynamics or catalog KMC. Typed, so a caller (the strain-rate sweep) reads
// the series and the numbers it needs without parsing the task's JSON report back.
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "input.hpp"
#include "options.hpp"

namespace metabasin {

class SearchRunner;

struct StrainRunResult {
  std::string method;                 // the task: "shear", "metadynamics", "kmc"
  double nominal_rate = std::nan(""); // 1/s: the strain rate asked for (metadynamics: the one Q0 stands for)
  double q0 = std::nan("");           // eV, metadynamics only
  std::vector<double> strain, stress; // the table's samples: shear stress tau = -P_xy (GPa) vs strain
  std::vector<double> inherent_strain, inherent_stress;  // inherent structures (MD: its quenched copies)
  double strain_reached = 0.0;        // KMC may stop short of the target (no exits, kmc.max_steps)
  double flow_from_strain = 0.0;      // the flow stress is the mean stress from this strain on
  double flow_stress = std::nan("");  // GPa
  double peak_stress = std::nan("");  // GPa: the largest stress sampled
  long force_calls = 0;
  double wall_seconds = 0.0;
  std::string stop_reason;            // KMC's reason to stop; empty for the others
  nlohmann::json report;              // the task's JSON report (what `metabasin <task>` prints)
};

/// What a run under a constant shear strain rate is asked to do, whichever method drives it:
/// the loading, the replica and the files. A task fills it from its own keys (the *_request
/// functions of options_rate.hpp); the sweep fills one per point, so it never rewrites the
/// input. Every other setting (the sample, the potential, md.*, abc.*) the run reads from its Input.
struct StrainRunRequest {
  double rate = std::nan("");         // 1/s; metadynamics: NaN when q0 is given instead
  double q0 = std::nan("");           // eV, metadynamics only: ABC's threshold (NaN: from the rate)
  double max_strain = std::nan("");   // the strain to reach
  double temperature = std::nan("");  // K
  unsigned replica = 0;               // added to every seed; an MD replica > 0 draws new velocities
  bool resume = false;                // go on from what an earlier run of the same request left
  double table_strain = 0.0;          // MD: strain between table rows (0: every output.thermo_every steps)
  std::string restart;                // MD: the restart file ("" for none)
  OutputFiles out;
};

/// Task shear (md.*, shear.*): MD at the request's rate to its strain.
StrainRunResult run_shear_run(const Input& in, const StrainRunRequest& rq);
/// Task metadynamics (metadynamics.*, abc.*): the Cao-Short-Yip integrator.
StrainRunResult run_metadynamics_run(const Input& in, const StrainRunRequest& rq);
/// Task kmc (kmc.*): catalog-driven KMC; the request's out.catalog is required.
/// `runner`: where its searches run (task kmc under MPI: spread over the ranks); null: here.
StrainRunResult run_kmc_run(const Input& in, const StrainRunRequest& rq, SearchRunner* runner = nullptr);

/// The largest value of a series (NaN for none): the peak of a stress-strain curve.
double largest(const std::vector<double>& v);

}  // namespace metabasin
