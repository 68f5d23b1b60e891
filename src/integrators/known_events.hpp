// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// What a catalog walk knows of each minimum's events, and how a new minimum takes them over
// unrefined (kmc.carry_reach): k-ART's reuse of events across whole-sample minima that differ
// elsewhere, judged on each atom's surroundings (same atoms, moved by less than a tolerance)
// rather than on topologies, since one walk keeps one sample's atoms. Geometry only: carrying
// an estimate when the walk draws it is the rate model's.
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "catalog.hpp"

namespace metabasin {

/// The saddles of `state` a walk can cross (not vanished, not joining the minimum to itself).
std::vector<std::size_t> live_saddles(const Catalog& catalog, std::size_t state);

class KnownEvents {
 public:
  /// An event of one minimum taken over by another unrefined.
  struct Estimate {
    std::size_t state = 0;   // the minimum that took it over
    std::size_t saddle = 0;  // the catalog saddle it estimates
    std::size_t origin = 0;  // the end of that saddle the event leaves
    std::size_t centre = 0;  // the atom it moves most
    bool done = false;       // carried, or dropped as a copy of a known exit
    std::size_t compared = 0;  // catalog saddles below this index were compared with it (found_since)
  };

  /// `reach`: an atom's surroundings (A); `tolerance`: the largest move (A) that leaves them
  /// the same; `judging_radius`: the atoms two events are compared on (A; 0: every atom).
  KnownEvents(const Catalog& catalog, double reach, double tolerance, double judging_radius)
      : catalog_(catalog), reach_(reach), tolerance_(tolerance), judging_radius_(judging_radius) {}

  /// Before `state`'s first search: takes over the events of every known minimum at its strain
  /// and of `neighbour` (from the catalog the run started from: known everywhere), each where
  /// no atom within reach of its most-moving atom moved between the minimum it was found in and
  /// `state`, the same event through two minima once. Returns the atoms whose surroundings none
  /// of those minima shares: where `state` is still to be searched.
  std::vector<std::size_t> take_over(std::size_t state, std::optional<std::size_t> neighbour);
  /// `state`'s events are known everywhere now (searched where the minima it took events over
  /// from differ from it).
  void mark_known(std::size_t state) { known_.insert(state); }
  bool is_known(std::size_t state) const { return known_.count(state) > 0; }

  /// The ids of `state`'s estimates still pending; those a search of `state` has since found
  /// for real (a live saddle that is the same event) are dropped.
  std::vector<std::size_t> pending(std::size_t state);
  /// How many estimates of `state` are pending (without looking for copies).
  std::size_t pending_count(std::size_t state) const;
  /// Estimate `id` of `state`, marked done; throws NumericalError when `state` holds no such
  /// pending estimate.
  Estimate take(std::size_t state, std::size_t id);
  const Estimate& estimate(std::size_t id) const { return estimates_.at(id); }
  /// The atoms events centred on atom `centre` of `c` are judged on; empty: every atom.
  std::vector<std::size_t> judged_atoms(const Configuration& c, std::size_t centre) const;

  long taken_over() const { return taken_; }      // estimates made
  long duplicates() const { return duplicates_; }  // dropped as copies of exits found since

 private:
  /// The atoms within reach of an atom that moved by more than the tolerance from `a` to `b`.
  std::vector<char> moved_near(const Configuration& c, const VectorXd& a, const VectorXd& b) const;
  /// The atom saddle `saddle` moves most, leaving its end `leaving` (kept); none without positions.
  std::optional<std::size_t> event_centre(std::size_t saddle, std::size_t leaving);
  /// Whether two saddles, each leaving its own minimum, are one event centred on `centre`: their
  /// displacements from those minima agree within the tolerance on its judged atoms.
  bool same_event(std::size_t saddle_a, std::size_t leaving_a, std::size_t saddle_b, std::size_t leaving_b,
                  std::size_t centre) const;
  /// Whether the estimate's minimum already holds an estimate of the same event.
  bool estimated(const Estimate& e) const;
  /// Whether a live saddle of the estimate's minimum stored since it was last asked is the
  /// same event (saddles are only ever added, so each is compared once).
  bool found_since(Estimate& e);

  const Catalog& catalog_;
  double reach_, tolerance_, judging_radius_;
  std::vector<Estimate> estimates_;                               // a pending exit's id indexes it
  std::map<std::size_t, std::vector<std::size_t>> estimates_of_;  // by minimum
  std::map<std::size_t, std::size_t> centres_;                    // saddle x 2 + (leaving from its `to`) -> atom
  std::set<std::size_t> known_;
  long taken_ = 0, duplicates_ = 0;
};

}  // namespace metabasin
