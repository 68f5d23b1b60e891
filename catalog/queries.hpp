// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Questions asked of an event catalog, each answered as a typed struct: the CLI (or any
// program) formats the answer as it likes. Bad questions (a strain the catalog does not hold,
// a minimum that does not exist, a histogram too fine to hold) are InputErrors that say what
// the catalog does hold.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catalog.hpp"

namespace metabasin {

struct CatalogSummary {
  std::size_t natoms = 0;
  std::string potential;
  std::size_t minima = 0, saddles = 0, vanished_saddles = 0;
  std::vector<double> strains;  // ascending
  long force_calls = 0;         // minima and saddles together
  std::optional<std::pair<double, double>> minimum_energy_range;   // eV; none without minima
  std::optional<std::pair<double, double>> forward_barrier_range;  // eV, live saddles; none without any
};
CatalogSummary catalog_summary(const Catalog& c);

enum class MinimumOrder { energy, index };
struct MinimumRow {
  std::size_t index = 0;
  const InherentStructure* state = nullptr;  // into the catalog: valid while it is
  std::size_t degree = 0;                    // saddles that touch it
};
std::vector<MinimumRow> list_minima(const Catalog& c, MinimumOrder order = MinimumOrder::energy);

enum class SaddleOrder { barrier, energy, index };
struct SaddleFilter {
  std::optional<double> min_barrier, max_barrier;  // forward barrier bounds (eV), inclusive
  std::optional<double> strain;                     // only saddles at this strain
  SaddleOrder order = SaddleOrder::barrier;
};
struct SaddleRow {
  std::size_t index = 0;
  const Transition* saddle = nullptr;  // into the catalog: valid while it is
};
std::vector<SaddleRow> list_saddles(const Catalog& c, const SaddleFilter& filter = {});

/// The strains the catalog holds, as text for messages ("0, 0.01, 0.02").
std::string held_strains(const Catalog& c);
/// The catalog's own spelling of `strain` (within its strain tolerance); an InputError that
/// names the strains it holds when it holds none such.
double held_strain(const Catalog& c, double strain);

/// Histograms with more bins than this are refused: a bin width far below the barriers'
/// precision says nothing and would exhaust memory.
constexpr long kMaxSpectrumBins = 100000;

struct SpectrumParams {
  std::optional<double> strain;  // the catalog's lowest strain when not given
  double bin = 0.05;             // eV
};
struct SpectrumBin {
  double from = 0.0, to = 0.0;  // eV, [from, to)
  long count = 0;
};
/// Forward barriers of the live saddles at one strain, binned from 0 (or from below the
/// lowest barrier when one is negative) up to the highest.
struct BarrierSpectrum {
  double strain = 0.0;
  std::size_t saddles = 0;
  double bin = 0.0;
  std::vector<SpectrumBin> bins;
};
BarrierSpectrum barrier_spectrum(const Catalog& c, const SpectrumParams& p);

/// How complete the sampled events are, from how often each was found. The searches are taken
/// as random draws from the events there are to find (each event drawn with its own chance),
/// as species-richness estimators take them. Saddles carried to another strain by
/// re-evaluation (found_by "strain/...") and vanished ones are not draws and are left out.
struct CompletenessParams {
  std::optional<double> strain;     // the catalog's lowest strain when not given
  std::optional<std::size_t> from;  // only events out of this minimum, barriers from it
  std::vector<double> up_to = {0.1, 0.2, 0.3, 0.5, 0.75};  // eV: one row per bound, and one for all
};
struct CompletenessRow {
  std::optional<double> up_to;  // eV; none: every barrier
  long events = 0;              // distinct events with a barrier at or below up_to
  long finds = 0;               // times they were found
  long once = 0, twice = 0;     // events found exactly once, twice
  std::optional<double> coverage;          // Good-Turing; none without finds
  std::optional<double> estimated_events;  // Chao1; none without finds
};
struct SamplingCompleteness {
  double strain = 0.0;
  std::optional<std::size_t> from;
  std::vector<CompletenessRow> rows;  // ascending up_to, then all
};
/// InputError when `from` does not exist or is not at the strain asked, or a bound is not a
/// finite number.
SamplingCompleteness sampling_completeness(const Catalog& c, const CompletenessParams& p);
/// One distinct event and how many searches found it.
struct FoundEvent {
  double barrier = 0.0;  // eV
  long times_found = 1;
};
/// The rows of sampling_completeness for any list of found events: one per bound (sorted, each
/// once), then one for all. InputError when a bound is not a finite number.
std::vector<CompletenessRow> completeness_rows(const std::vector<FoundEvent>& events, std::vector<double> up_to);
/// Good-Turing's sample coverage 1 - once/finds: the share of the chance of finding an event
/// that the events found so far hold; the next find is a new event with chance once/finds.
double good_turing_coverage(long once, long finds);
/// An upper bound, at 97.5 % confidence, on the share of the chance of finding an event that
/// belongs to events not found yet (1 - coverage): the larger of Esty's normal bound on
/// Good-Turing's estimate, (once + 1.96 sqrt(once + 2 twice - once^2/finds)) / finds, and the
/// Poisson bound on the events seen once, which holds when few were (no event seen once in
/// `finds` gives 3.69 / finds, not 0). 1 without finds.
double missing_share_bound(long once, long twice, long finds);
/// Chao1's estimate of how many events there are (bias-corrected: events + once (once - 1) /
/// (2 (twice + 1))); a lower bound when some events are much harder to find than others.
double chao1_events(long events, long once, long twice);

/// Of all paths from minimum `from` to `to` through live saddles at their strain, the one
/// whose highest saddle is lowest.
struct BarrierPath {
  std::size_t from = 0, to = 0;
  double strain = 0.0;
  std::vector<std::size_t> minima;   // from ... to
  std::vector<std::size_t> saddles;  // one fewer than minima
  double highest_saddle_energy = 0.0;  // eV (the start's energy for a path of no step)
  double barrier = 0.0;                // highest saddle above the start (eV)
};
/// InputError when a minimum does not exist, the two are at different strains (naming each
/// one's strain), or no path of live saddles joins them.
BarrierPath lowest_barrier_path(const Catalog& c, std::size_t from, std::size_t to);

/// One sampled event followed through its re-convergences at later strains.
struct EventBarrier {
  double strain = 0.0;
  std::optional<double> barrier;  // forward (eV); none where the event vanished
};
struct EventResponse {
  std::size_t event = 0, from = 0, to = 0;  // the saddle where it was sampled and its minima
  std::vector<EventBarrier> barriers;       // from the sampled strain on
};
/// What happened at one strain to the events followed there.
struct StrainStepResponse {
  double strain = 0.0;
  long events = 0, survived = 0;
  double survival_fraction = 0.0;
  double mean_barrier_shift = 0.0;  // eV, over survivors
  double mean_stress_change = 0.0;  // GPa (P_xy of the initial minima), over survivors
  std::optional<double> activation_volume;  // A^3, -<dQ>/<d tau>; none without survivors or stress change
};
struct ActivationVolumeFit {
  long points = 0;                            // (event, strain) pairs
  std::optional<double> activation_volume;   // A^3: least-squares slope through the origin
  long events = 0;                            // events with a slope of their own
  std::optional<double> event_mean, event_sem;  // A^3: their mean and its standard error
};
struct StrainResponse {
  std::vector<double> strains;
  std::optional<double> min_barrier;              // the filter applied, if any
  std::vector<StrainStepResponse> steps;          // from the previous strain
  std::vector<StrainStepResponse> since_sampled;  // from each event's sampled strain (no volume)
  ActivationVolumeFit fit;
  std::vector<EventResponse> events;
};
/// Each sampled event's barrier vs strain; events whose forward barrier where they were
/// sampled is below `min_barrier` are left out.
StrainResponse barrier_strain_response(const Catalog& c, std::optional<double> min_barrier = std::nullopt);

enum class GraphFormat { graphml, dot };
/// The catalog's graph as a GraphML or DOT document.
std::string graph_document(const Catalog& c, GraphFormat format);

/// One stored state (a minimum or a saddle) as atoms in the cell at its strain, with the
/// element symbol of each type.
struct StateSnapshot {
  Configuration atoms;
  std::vector<std::string> elements;  // elements[t-1] for type t
  double energy = 0.0, strain = 0.0;
};
StateSnapshot minimum_snapshot(const Catalog& c, std::size_t v);
StateSnapshot saddle_snapshot(const Catalog& c, std::size_t e);

/// The element symbol of each atom type, read from the catalog's potential (potential.elements
/// in the order of the data file's types); "X" (a dummy atom) for each type of a model surface
/// that names none, such as muller-brown.
std::vector<std::string> catalog_elements(const Catalog& c);

}  // namespace metabasin
