// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Ageing-rate maps of Liu & Fan (PRL 2021, Figs. 1-2): from the inherent-structure energy
// curves E_IS(t) of many isothermal ageing runs (task age), the rate
//   Phi = (E_IS^{i+1} - E_IS^i) / (t^{i+1} - t^i)        (eV/atom/ps, < 0 while the glass ages)
// between each pair of neighbouring inherent structures, binned in (E_IS, T) for the runs
// under a fixed shear strain (loaded, L) and without it (0); the boost f = Phi^L / Phi^0 of a
// bin, the mean inherent-structure shear stress tau of its loaded entries, and the fit of
// Eq. 1, f = kappa* cosh(tau V_act / k_B T), over the bins that have both.
//
// The averaging follows the study: the runs of one sample at one condition (replicas that
// differ only in md.seed, recognised by their common starting inherent structure) are
// averaged point by point into one curve first ("5 runs for each sample ... the averaged
// results"); every neighbouring pair of every curve is one entry; a bin's Phi is the mean of
// its entries. An entry is binned at the midpoint (E^i + E^{i+1}) / 2 of its pair: binned at
// E^i, the noise of E^i would enter Phi with the opposite sign and make high-E_IS bins age
// faster than they do. A loaded curve's E_IS is shifted down by its sample's elastic energy
// at t = 0 (E_IS^L(0) - E_IS^0(0) of the same table), so that pixels compare glasses of the
// same structural energy, as the study adjusts the initial offset in Fig. 1-b2.
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "activation_volume.hpp"

namespace metabasin {

/// One run of an age table: one strain at one temperature, E_IS and tau every interval.
struct AgeingRun {
  std::string table;           // the file it was read from
  double temperature = 0.0;    // thermostat target, K
  double strain = 0.0;         // imposed shear strain (0: unloaded)
  std::vector<double> time;    // ps, increasing
  std::vector<double> energy;  // E_IS per atom, eV
  std::vector<double> stress;  // inherent-structure shear stress tau = -P_xy, GPa
};

/// The runs of a table written by task age (columns strain, time_ps, E_IS_per_atom_eV,
/// shear_stress_IS_GPa, T_target_K; older tables without T_target_K give the temperature in
/// their comment line "ageing at T K"). A new run starts where the strain changes or the time
/// does not increase. InputError naming the file for a missing file or column.
std::vector<AgeingRun> read_age_table(const std::string& path);

enum class ReplicaAveraging {
  curves,    // the study's: replicas averaged into one curve before the differences
  separate,  // every run its own curve
};

enum class ElasticOffset {
  start,  // loaded E_IS shifted by E_IS^L(0) - E_IS^0(0) of its table
  none,   // loaded E_IS as recorded (elastic energy included)
};

struct AgeingMapParams {
  std::size_t energy_bins = 10;  // equal bins over the range of all entries' E_IS
  std::size_t min_count = 1;     // fewest entries of each map for a bin to get a boost
  ReplicaAveraging replicas = ReplicaAveraging::curves;
  ElasticOffset offset = ElasticOffset::start;
  bool weighted = false;  // fit with the boosts' standard errors (bins without one left out)
};

/// One entry: a neighbouring pair of inherent structures of a curve.
struct AgeingStep {
  std::size_t curve = 0;
  bool loaded = false;
  double temperature = 0.0;  // K
  double time = 0.0;         // start of the pair, ps
  double energy = 0.0;       // midpoint E_IS per atom (offset applied), eV
  double rate = 0.0;         // Phi, eV/atom/ps
  double stress = 0.0;       // midpoint tau, GPa
};

/// A curve: the mean of its replicas.
struct AgeingCurve {
  bool loaded = false;
  double temperature = 0.0, strain = 0.0;
  double offset = 0.0;              // elastic energy subtracted from E_IS, eV/atom
  std::vector<std::string> tables;  // of its replicas
  std::size_t points = 0;           // inherent structures averaged (the shortest replica's)
};

/// Mean of a bin's entries with its standard error (NaN for fewer than 2).
struct BinMean {
  std::size_t count = 0;
  double mean = std::numeric_limits<double>::quiet_NaN();
  double error = std::numeric_limits<double>::quiet_NaN();
};

/// Why a bin's boost is or is not among the fitted points.
enum class BoostUse {
  fitted,      // both rates negative, enough entries (and an error, when weighted)
  missing,     // a map has fewer than min_count entries here
  not_ageing,  // a mean rate >= 0: E_IS did not fall on average, the ratio is no boost
  no_error,    // weighted fit, but a rate has fewer than 2 entries
};
const char* to_string(BoostUse use);

struct AgeingBin {
  std::size_t temperature_index = 0, energy_index = 0;
  double temperature = 0.0;                                 // K
  double energy_low = 0.0, energy_high = 0.0;               // eV/atom
  BinMean rate_loaded, rate_unloaded;                       // Phi^L, Phi^0, eV/atom/ps
  BinMean stress_loaded, stress_unloaded;                   // tau, GPa
  double boost = std::numeric_limits<double>::quiet_NaN();  // f = Phi^L / Phi^0
  double boost_error = std::numeric_limits<double>::quiet_NaN();
  BoostUse use = BoostUse::missing;
};

struct AgeingMaps {
  std::vector<AgeingCurve> curves;
  std::vector<AgeingStep> steps;
  double strain = 0.0;                   // of the loaded runs
  std::vector<double> temperatures;      // distinct, ascending, K
  std::vector<double> energy_edges;      // energy_bins + 1, eV/atom
  std::vector<AgeingBin> bins;           // temperature-major: bins[t * energy_bins + e]
  std::vector<BoostPoint> boost_points;  // the fitted bins' (tau, T, f[, error])
  BoostFit fit;
};

/// The maps and the fit. InputError for loaded runs at different strains, a loaded run
/// without an unloaded one in its table (offset start), replicas whose times differ, or no
/// pair of inherent structures at all.
AgeingMaps ageing_maps(const std::vector<AgeingRun>& runs, const AgeingMapParams& params = {});

}  // namespace metabasin
