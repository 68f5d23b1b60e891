// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The event catalog as a KMC rate model: the exits of a minimum are its live saddles at the
// current strain, with harmonic-TST rates k = nu0 exp(-Ea / kT); a minimum with too few known
// exits is searched (ABC, ART or dynamics) on the fly; when the strain moves on, the minimum and its neighbours
// are mapped and re-relaxed and their saddles re-converged (reevaluate_at_strain), reusing
// what an earlier run already re-converged at that strain. Optionally, minima about to vanish
// (a way down below kmc.marginal_barrier) are no states: exits into them end where the system
// settles from there.
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "abc.hpp"
#include "art.hpp"
#include "dynamics_search.hpp"
#include "catalog.hpp"
#include "kmc.hpp"
#include "known_events.hpp"
#include "saddle_ridge.hpp"
#include "soft_mode_cache.hpp"
#include "strain_response.hpp"

namespace metabasin {

struct CatalogKmcParams {
  double temperature = 0.0;   // K
  double prefactor = 1e13;    // 1/s, for saddles stored without one
  int min_exits = 1;          // search a minimum with fewer live exits than this
  int window_searches = 0;    // searches of the minimum the walk holds at each new strain window
  bool search_confined = true;  // search the states of a closed flickering group (once each)
  // A search of a minimum is up to `searches` sampling runs (ABC, each with
  // search_region_radius > 0 penalizing the atoms near a random atom; one ART search around a
  // random atom; or one dynamics search), so that one search maps exits all over a large sample;
  // it stops early after `search_patience` runs in a row add no live exit (0: never).
  int searches = 1;
  double search_region_radius = 0.0;  // A; 0: the atoms abc.* names (all by default)
  int search_patience = 0;
  // > 0: each saddle's rates use local Vineyard prefactors, both ways, from the Hessians of the
  // atoms within this distance (A) of the atom that moves most in the event (computed once,
  // kept in the catalog; local_vineyard says what happens at a flat saddle). 0: the stored
  // prefactor, else `prefactor`.
  double vineyard_radius = 0.0;
  double vineyard_soft_amplitude = 0.0;  // A: soft-mode cap of the Vineyard entropy at `temperature` (0: off)
  // eV: a minimum with a known way down (to a lower minimum) over a barrier below this is
  // marginal: it holds the system for about one vibration, so it is not a KMC state. An exit
  // into it ends where the system settles from there (0: off).
  double marginal_barrier = 0.0;
  // > 0 (dynamics searches only): a state, or a flickering group, the walk is about to have
  // held for longer than this times the MD time its dynamics searches covered is searched again
  // before the walk goes on (at most search_time_rounds times per state): exits too slow for
  // the searches so far may well be taken in that time, as thermal MD keeps exploring.
  double search_time_ratio = 0.0;
  int search_time_rounds = 10;
  // md | art | softmode: the method of the searches the time criterion starts. Dynamics searches meet the
  // exits MD takes within a few ps; a walk held for ns also needs the higher barriers ART finds
  // (ART has no clock: its rounds credit no MD time, so a held state gets all its rounds).
  std::string search_time_method = "md";
  // A: > 0 (art or softmode searches), a minimum about to be searched first takes over the
  // events of every minimum at its strain whose surroundings the walk knows (take_over): each
  // event no atom within this distance of whose most-moving atom moved (by more than
  // art.same_state_tolerance) between the minimum it was found in and this one is taken over
  // unrefined, its barrier and prefactor as found there (a pending exit). Only when the walk
  // draws it is it carried (carry_event: its saddle refined from this minimum) and thinned
  // (RateModel::resolve). ART's first search then pushes only where no known minimum shares the
  // surroundings, its runs scaled by the share of the sample there (none for a recombination of
  // known events). A hop of the 2D glass leaves 49 of 62 events beyond 10 A the same saddles,
  // barriers a few meV off (docs/studies/local-search.md). 0: every new minimum is searched
  // from scratch.
  double carry_reach = 0.0;
  AbcParams search;           // the on-the-fly sampler (its seed seeds ART's searches too)
  // abc | art (one ART search per run) | md (one dynamics search per run) | softmode (one ART
  // search per run, pushed along the minimum's next softest mode, both ways in turn)
  std::string search_method = "abc";
  ArtParams art;
  DynamicsSearchParams dynamics;
  ReevaluationParams reevaluation;
};

/// One ART search of a batch from one minimum: a random local push around atom `centre`, or,
/// when `push` is not empty, a push along it (a soft mode).
struct ArtJob {
  std::size_t centre = 0;
  unsigned seed = 0;
  VectorXd push;
};

/// The atoms an event is judged on when it is carried: within art.event_radius of the atom it
/// moves most, else within kmc.carry_reach; 0: every atom.
double carry_judging_radius(const CatalogKmcParams& p);

/// `job` from the minimum `start` on a fresh clone of `potential` (see SearchRunner), with its
/// start-side carry (carry_start_side, on the same clone): on the 1024-atom glass most events of
/// a search start from a side (the start with a soft spot elsewhere flipped, or a meV
/// neighbour), and stored from the side alone a walk in the start never sees them. The carry
/// goes with its search, wherever that runs.
ArtRun run_art_job(const Configuration& start, const Potential& potential, const ArtJob& job, const CatalogKmcParams& p);

/// Runs a batch of searches (ART, or dynamics), each from the minimum `start` on a fresh clone
/// of the walk's potential: a neighbor list built elsewhere orders its pairs differently, so a
/// search's bits then depend on its job alone. The searches of a batch are independent (each
/// has its own seed), so whoever runs them, in whatever order, they are the same searches: an
/// MPI team spreads a batch over ranks and gives the walk what one rank would. The walk charges
/// each search's force calls to its own potential.
class SearchRunner {
 public:
  virtual ~SearchRunner() = default;
  /// The ART searches (with their start-side carries), in the order of `jobs`.
  virtual std::vector<ArtRun> run_art(const Configuration& start, const std::vector<ArtJob>& jobs) = 0;
  /// Dynamics searches from `start`, one per seed, in that order; `home`: further minima that
  /// count as not yet left (dynamics_search).
  virtual std::vector<DynamicsSearch> run_dynamics(const Configuration& start, const std::vector<unsigned>& seeds,
                                                   const std::vector<VectorXd>& home) = 0;
};

/// The searches run here, one after another.
class LocalSearchRunner : public SearchRunner {
 public:
  LocalSearchRunner(const Potential& potential, const CatalogKmcParams& p) : potential_(potential), p_(p) {}
  std::vector<ArtRun> run_art(const Configuration& start, const std::vector<ArtJob>& jobs) override;
  std::vector<DynamicsSearch> run_dynamics(const Configuration& start, const std::vector<unsigned>& seeds,
                                           const std::vector<VectorXd>& home) override;

 private:
  const Potential& potential_;
  const CatalogKmcParams& p_;
};

class CatalogRateModel : public RateModel {
 public:
  /// `changed` is called whenever the catalog grew (the task saves it there).
  CatalogRateModel(Catalog& catalog, Potential& potential, CatalogKmcParams p, std::function<void()> changed = {});
  /// ART, soft-mode and dynamics searches go to `runner` (e.g. spread over MPI ranks), a
  /// minimum's in batches of the runs its search is sure to make; null: here (ABC always).
  void set_search_runner(SearchRunner* runner) { runner_ = runner ? runner : &local_; }
  std::vector<Exit> exits(std::size_t state, double strain) override;
  std::size_t strain_to(std::size_t state, double strain) override;
  /// The minimum, tracked to the new strain, stayed within the same-state tolerance of its
  /// affine image at every sub-step (else the strain destroyed the basin: an athermal jump).
  bool same_basin(std::size_t before, std::size_t after) const override;
  /// Searches each of `states` not searched for confinement before (once each).
  bool search_more(const std::vector<std::size_t>& states) override;
  /// kmc.search_time_ratio: searches `states` again when the walk would hold them longer than
  /// their dynamics searches covered.
  bool will_stay(const std::vector<std::size_t>& states, const std::vector<double>& seconds) override;
  /// The minima of every saddle added to the catalog since the last call.
  std::vector<std::size_t> take_changed() override;
  /// kmc.carry_reach: carries the event the pending exit `e` estimates to `state`, and returns
  /// its exit (nothing when it did not converge as an event of `state`, or leads into a
  /// marginal minimum, whose settling the next exits() gives).
  std::optional<Exit> resolve(std::size_t state, const Exit& e) override;

  long searches() const { return searches_; }  // sampling runs (ABC, ART or dynamics)
  /// Minima searched (their first search), and of them the ones whose surroundings were all
  /// known (kmc.carry_reach), so that search made no run.
  long searched_minima() const { return static_cast<long>(searched_.size()); }
  long known_minima() const { return known_minima_; }
  /// Dynamics searches (kmc.search_method md) that left the basin, and the mean MD time they took.
  long dynamics_exits() const { return dynamics_exits_; }
  double dynamics_mean_exit_time() const { return dynamics_exits_ ? dynamics_time_ / dynamics_exits_ : 0.0; }
  long dynamics_refined() const { return dynamics_refined_; }
  /// kmc.md_search_follow: basin changes after the first one of a dynamics search (distinct pairs).
  long dynamics_followed() const { return dynamics_followed_; }
  /// Dynamics searches of a confined flickering group as a whole (home = the other members).
  long dynamics_group_searches() const { return dynamics_group_; }
  long search_force_calls() const { return search_calls_; }
  long reevaluation_force_calls() const { return reevaluation_calls_; }
  /// kmc.carry_reach: events taken over unrefined (pending exits), the ones the walk drew and
  /// carried into their minimum (converged from it), the ones that did not converge as an event
  /// of it, those dropped as copies of an exit the minimum's own searches found, and the force
  /// calls of every carry.
  long carry_estimates() const { return known_.taken_over(); }
  long carried_events() const { return carried_; }
  long carry_refused() const { return carry_refused_; }
  long carry_duplicates() const { return known_.duplicates(); }
  long carry_force_calls() const { return carry_calls_; }
  /// ART events found from a start side and carried to the searched minimum (converged, refused);
  /// their force calls count in carry_force_calls.
  long start_side_carried() const { return start_side_carried_; }
  long start_side_refused() const { return start_side_refused_; }
  long reused_saddles() const { return reused_; }
  long vanished_saddles() const { return vanished_; }
  long vineyard_prefactors() const { return vineyard_done_; }  // saddles given prefactors here
  long vineyard_from_minima_only() const { return vineyard_split_; }  // saddle Hessian unusable: nu0 split
  long vineyard_failures() const { return static_cast<long>(vineyard_failed_.size()); }
  long vineyard_force_calls() const { return vineyard_calls_; }
  /// Distinct marginal minima (kmc.marginal_barrier) the walk passed through or was led past.
  long marginal_minima() const { return static_cast<long>(marginal_.size()); }
  /// Search rounds started by kmc.search_time_ratio, and the states that reached
  /// kmc.search_time_rounds while still held longer than their searches covered.
  long time_searches() const { return time_searches_; }
  long time_search_capped() const { return static_cast<long>(time_capped_.size()); }
  const std::string& first_vineyard_failure() const { return first_vineyard_failure_; }

 private:
  std::vector<std::size_t> live_saddles(std::size_t state) const;
  /// Up to `searches` runs of `method` from `state`; true when it gained live exits.
  bool search_from(std::size_t state, const std::string& method);
  void sample_from(std::size_t state, const std::string& method);
  /// The next ART (method art) or soft-mode (softmode) search from `state`, `offset` runs
  /// after the ones made so far: its seed, and its centre or push.
  ArtJob art_job(std::size_t state, const std::string& method, int offset);
  /// `state`'s minimum in its cell.
  Configuration configuration(std::size_t state) const;
  /// A finished ART or soft-mode search from `state` into the catalog, and its start-side event
  /// carried to `state`; its force calls (the carry's too) charged to the walk's potential.
  void absorb_art(std::size_t state, const ArtRun& r, const std::string& method);
  /// kmc.carry_reach: the neighbour of `state` (same strain, a live saddle between) with the
  /// most exits (live and pending), if any has one beside the way back (searched here, or in the
  /// catalog the run started from).
  std::optional<std::size_t> carry_source(std::size_t state) const;
  /// The pending exit of estimate `id` (its saddle's barrier and prefactor from its origin).
  Exit estimate_exit(std::size_t id);
  /// Carries the estimated event into its minimum (carry_event from the origin); the saddle
  /// stored when it converged.
  std::optional<std::size_t> carry_estimate(const KnownEvents::Estimate& e);
  /// Stores a carried event of `to` (positions x_to) when it converged; the saddle stored.
  std::optional<std::size_t> store_carried(const CarriedEvent& e, std::size_t to, const VectorXd& x_to);
  /// The prefactor of saddle `t` leaving `state` (Vineyard, stored, else kmc.prefactor).
  double prefactor_from(const Transition& t, std::size_t state) const;
  /// An ART search from `state` whose saddle joins a start side stores the event from that side
  /// (add_art_event); its carry to `state` (ArtRun) is stored too, so that the walk there sees
  /// it: without it the searched minimum of the 1024-atom glass kept 4 of ~100 events.
  void store_start_side_event(std::size_t state, const ArtRun& r);
  /// A confined group: group_round once per member.
  bool search_group(const std::vector<std::size_t>& states);
  /// Up to `searches` runs from the group's members in turn (dynamics runs go on until the
  /// system has left them all); true when the group gained ways out.
  bool group_round(const std::vector<std::size_t>& states, const std::string& method);
  /// One dynamics search from `state`, with `home` counting as not yet left; its event joins.
  void dynamics_from(std::size_t state, const std::vector<std::size_t>& home);
  /// A finished dynamics search from `state` (with `home`) into the catalog and the MD time
  /// credited to the minima; its force calls charged to the walk's potential.
  void absorb_dynamics(std::size_t state, const std::vector<std::size_t>& home, const DynamicsSearch& s);
  void vineyard(std::size_t saddle);
  /// Whether `state` has a known way down (to a lower minimum) below marginal_barrier.
  bool marginal(std::size_t state) const;
  /// The harmonic-TST rates over `state`'s live saddles, as they are (no search).
  std::vector<Exit> htst_exits(std::size_t state);
  /// The true (not marginal) states the system settles into from the marginal minimum
  /// `entered`, each with its probability.
  std::map<std::size_t, double> settling(std::size_t entered);

  Catalog& catalog_;
  Potential& potential_;
  CatalogKmcParams p_;
  LocalSearchRunner local_{potential_, p_};
  SearchRunner* runner_ = &local_;
  std::function<void()> changed_;
  SaddleRidgeRule ridge_;  // one soft saddle found twice is one exit (art.same_state_barrier)
  std::set<std::size_t> searched_;
  std::set<std::size_t> confinement_searched_;  // searched because the walk was confined there
  std::set<std::pair<std::size_t, std::size_t>> continued_;  // (before, after) pairs that are one basin
  std::set<std::size_t> vineyard_failed_;  // saddles whose local Hessians are not a harmonic saddle
  std::set<std::size_t> marginal_;         // minima found marginal
  std::map<std::size_t, double> log_frequencies_;  // sum ln omega of minima over the whole sample
  std::map<std::size_t, double> md_covered_;  // ps of dynamics-search MD credited to each minimum
  std::map<std::size_t, double> resided_;     // s the walk expects to have spent in each minimum
  std::map<std::size_t, int> time_rounds_;    // search rounds kmc.search_time_ratio started there
  std::set<std::size_t> time_capped_;
  SoftModeCache soft_modes_{16};            // of the minima searched last (the walk flickers among them)
  std::map<std::size_t, int> soft_pushes_;  // soft-mode searches run, per minimum
  std::map<std::size_t, std::vector<std::size_t>> search_centres_;  // kmc.carry_reach: atoms whose surroundings are new
  KnownEvents known_{catalog_, p_.carry_reach, p_.art.same_state_tolerance, carry_judging_radius(p_)};  // kmc.carry_reach
  long time_searches_ = 0;
  std::size_t saddles_seen_ = 0;  // take_changed: saddles before this index were reported
  long dynamics_exits_ = 0, dynamics_refined_ = 0, dynamics_group_ = 0, dynamics_followed_ = 0;
  double dynamics_time_ = 0.0;  // ps, summed over the searches that left the basin
  long searches_ = 0, search_calls_ = 0, reevaluation_calls_ = 0, reused_ = 0, vanished_ = 0;
  long carried_ = 0, carry_refused_ = 0, carry_calls_ = 0, start_side_carried_ = 0, start_side_refused_ = 0;
  long known_minima_ = 0;
  long vineyard_done_ = 0, vineyard_split_ = 0, vineyard_calls_ = 0;
  std::string first_vineyard_failure_;
};

}  // namespace metabasin
