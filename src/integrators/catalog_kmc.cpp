// SPDX-License-Identifier: BSD-3-Clause
#include "catalog_kmc.hpp"

#include <cmath>
#include <memory>
#include <random>

#include "abc_catalog.hpp"
#include "active_region.hpp"
#include "error.hpp"
#include "path_geometry.hpp"
#include "prefactor.hpp"
#include "saddle_refinement.hpp"

#include "units.hpp"

namespace metabasin {

namespace {

/// b - a by the minimum image, the mean displacement (a drift of the whole sample) taken out.
VectorXd displacement_without_drift(const Box& box, const VectorXd& a, const VectorXd& b) {
  VectorXd d = displacement(box, a, b);
  const auto n = static_cast<Eigen::Index>(d.size() / 3);
  Vec3 drift = Vec3::Zero();
  for (Eigen::Index i = 0; i < n; ++i) drift += d.segment<3>(3 * i);
  drift /= static_cast<double>(n);
  for (Eigen::Index i = 0; i < n; ++i) d.segment<3>(3 * i) -= drift;
  return d;
}

}  // namespace

CatalogRateModel::CatalogRateModel(Catalog& catalog, Potential& potential, CatalogKmcParams p,
                                   std::function<void()> changed)
    : catalog_(catalog), potential_(potential), p_(std::move(p)), changed_(std::move(changed)),
      ridge_(catalog, potential, p_.art.same_state_barrier), saddles_seen_(catalog.saddles()) {}

std::vector<std::size_t> CatalogRateModel::take_changed() {
  std::vector<std::size_t> out;
  for (; saddles_seen_ < catalog_.saddles(); ++saddles_seen_) {
    const Transition& t = catalog_.saddle(saddles_seen_);
    out.push_back(t.from);
    out.push_back(t.to);
  }
  return out;
}

std::vector<std::size_t> CatalogRateModel::live_saddles(std::size_t state) const {
  return metabasin::live_saddles(catalog_, state);
}

// One sampling run from the minimum (ABC, one ART or one dynamics search): every event joins the catalog,
// so the search also maps the neighbourhood the walk passes through.
void CatalogRateModel::sample_from(std::size_t state, const std::string& method) {
  if (method == "md") {
    // Thermal MD meets each exit about as often as it takes it: the exits that carry the
    // escape rate come first, whatever their height.
    dynamics_from(state, {});
    return;
  }
  if (method == "art" || method == "softmode") {
    absorb_art(state, runner_->run_art(configuration(state), {art_job(state, method, 0)}).front(), method);
    return;
  }
  const InherentStructure m = catalog_.minimum(state);
  Configuration c = catalog_.atoms_at(m.strain, catalog_.minimum_positions(state));
  AbcParams a = p_.search;
  a.seed = p_.search.seed + static_cast<unsigned>(searches_);
  const long c0 = potential_.force_calls();
  if (p_.search_region_radius > 0.0) {
    // The centre follows the run count, so a resumed or repeated run draws the same regions.
    std::mt19937_64 rng(a.seed);
    a.penalty.atoms = atoms_near(c, c.position(std::uniform_int_distribution<std::size_t>(0, c.size() - 1)(rng)),
                                 p_.search_region_radius);
  }
  const AbcRun run = abc_run(c, potential_, a);
  for (const AbcEvent& ev : run.events) add_abc_event(catalog_, ev, m.strain, "kmc/abc");
  ++searches_;
  search_calls_ += potential_.force_calls() - c0;
}

ArtJob CatalogRateModel::art_job(std::size_t state, const std::string& method, int offset) {
  ArtJob job;
  job.seed = p_.search.seed + static_cast<unsigned>(searches_ + offset);
  if (method == "softmode") {
    // The minimum's softest modes in turn, each pushed both ways: the load lowers the saddles
    // along them first, long before a dynamics search meets them at a low temperature or
    // before a slow rate has held the minimum for long.
    const int k = soft_pushes_[state]++;
    // A minimum dropped from the cache has its modes solved again (the same modes, up to sign).
    std::vector<VectorXd>& modes = soft_modes_.modes(state);
    const std::size_t j = static_cast<std::size_t>(k / 2);
    if (modes.size() <= j) {
      const Configuration c = configuration(state);
      const long c0 = potential_.force_calls();
      while (modes.size() <= j) modes.push_back(soft_mode(c, potential_, modes, p_.art, job.seed).vector);
      search_calls_ += potential_.force_calls() - c0;
    }
    job.push = (k % 2 ? -1.0 : 1.0) * modes[j];
    return job;
  }
  // ART climbs from a random push to whatever saddle is nearby, high or low; ABC climbs out
  // over the lowest saddles first (9 in 10 below 0.1 eV on the 2D glass). The centre follows
  // the run count, so a resumed or repeated run draws the same ones; a minimum that took over
  // its neighbour's events (kmc.carry_reach) is searched near the hop.
  std::mt19937_64 rng(job.seed);
  const auto centres = search_centres_.find(state);
  const bool near_hop = centres != search_centres_.end() && !centres->second.empty();
  std::uniform_int_distribution<std::size_t> draw(0, (near_hop ? centres->second.size() : catalog_.atoms().size()) - 1);
  job.centre = near_hop ? centres->second[draw(rng)] : draw(rng);
  return job;
}

double carry_judging_radius(const CatalogKmcParams& p) {
  return p.art.event_radius > 0.0 ? p.art.event_radius : p.carry_reach;
}

ArtRun run_art_job(const Configuration& start, const Potential& potential, const ArtJob& job, const CatalogKmcParams& p) {
  const std::unique_ptr<Potential> own = potential.clone();
  ArtRun r;
  r.art = art_search(start, *own, job.centre, job.seed, p.art, job.push);
  carry_start_side(r, start, r.art.initial_energy, *own, p.art, carry_judging_radius(p));
  return r;
}

std::vector<ArtRun> LocalSearchRunner::run_art(const Configuration& start, const std::vector<ArtJob>& jobs) {
  std::vector<ArtRun> out;
  for (const ArtJob& job : jobs) out.push_back(run_art_job(start, potential_, job, p_));
  return out;
}

std::vector<DynamicsSearch> LocalSearchRunner::run_dynamics(const Configuration& start,
                                                            const std::vector<unsigned>& seeds,
                                                            const std::vector<VectorXd>& home) {
  std::vector<DynamicsSearch> out;
  for (unsigned seed : seeds) out.push_back(dynamics_search(start, *potential_.clone(), seed, p_.dynamics, home));
  return out;
}

Configuration CatalogRateModel::configuration(std::size_t state) const {
  return catalog_.atoms_at(catalog_.minimum(state).strain, catalog_.minimum_positions(state));
}

void CatalogRateModel::absorb_art(std::size_t state, const ArtRun& r, const std::string& method) {
  const InherentStructure m = catalog_.minimum(state);
  add_art_event(catalog_, catalog_.minimum_positions(state), r.art, m.strain, "kmc/" + method);
  store_start_side_event(state, r);
  ++searches_;
  potential_.add_force_calls(r.art.force_calls + r.carry_force_calls);  // wherever they ran
  search_calls_ += r.art.force_calls;
  carry_calls_ += r.carry_force_calls;
}

void CatalogRateModel::dynamics_from(std::size_t state, const std::vector<std::size_t>& home) {
  std::vector<VectorXd> others;
  for (std::size_t h : home) others.push_back(catalog_.minimum_positions(h));
  const unsigned seed = p_.search.seed + static_cast<unsigned>(searches_);
  absorb_dynamics(state, home, runner_->run_dynamics(configuration(state), {seed}, others).front());
}

void CatalogRateModel::absorb_dynamics(std::size_t state, const std::vector<std::size_t>& home,
                                       const DynamicsSearch& s) {
  const double strain = catalog_.minimum(state).strain;
  if (s.transition_time >= 0.0) {
    ++dynamics_exits_;
    dynamics_time_ += s.transition_time;
  }
  // The MD time this search vouches for: until it left, or all of it. A group search does not
  // say how it was shared among the members: each gets an equal part.
  const double covered = s.transition_time >= 0.0 ? s.transition_time : p_.dynamics.max_time;
  md_covered_[state] += covered / static_cast<double>(1 + home.size());
  for (std::size_t h : home) md_covered_[h] += covered / static_cast<double>(1 + home.size());
  if (s.outcome == "converged") {
    ++dynamics_refined_;
    const std::size_t from = s.from == 0 ? state : home[s.from - 1];
    const VectorXd left = catalog_.minimum_positions(from);  // a copy: adding the event may move the catalog's minima
    add_dynamics_event(catalog_, left, s, strain, "kmc/md");
  }
  // kmc.md_search_follow: the basin changes after the first, each from where the one before led.
  for (const DynamicsSearch& later : s.then) {
    ++dynamics_followed_;
    if (later.outcome != "converged") continue;
    ++dynamics_refined_;
    add_dynamics_event(catalog_, later.initial_minimum, later, strain, "kmc/md");
  }
  ++searches_;
  dynamics_group_ += home.empty() ? 0 : 1;
  potential_.add_force_calls(s.force_calls);
  search_calls_ += s.force_calls;
}

// A flickering group confined by what is known: MD from its minima in turn, each run going on
// until the system has left the whole group, finds the group's own exits (the ones MD takes
// after many flickers), which a search of one member at a time keeps missing for the flickers.
bool CatalogRateModel::search_group(const std::vector<std::size_t>& states) {
  bool fresh = false;
  for (std::size_t s : states) fresh = confinement_searched_.insert(s).second || fresh;
  if (!fresh || states.empty()) return false;
  return group_round(states, "md");
}

bool CatalogRateModel::group_round(const std::vector<std::size_t>& states, const std::string& method) {
  const std::set<std::size_t> group(states.begin(), states.end());
  auto ways_out = [&]() {
    std::size_t n = 0;
    for (std::size_t s : states)
      for (std::size_t k : live_saddles(s)) {
        const Transition& t = catalog_.saddle(k);
        n += group.count(t.from == s ? t.to : t.from) ? 0 : 1;
      }
    return n;
  };
  const std::size_t before = ways_out();
  std::size_t known = before;
  int idle = 0;
  for (int k = 0; k < std::max(1, p_.searches); ++k) {
    const std::size_t start = states[static_cast<std::size_t>(k) % states.size()];
    if (method == "md") {
      std::vector<std::size_t> home;
      for (std::size_t s : states)
        if (s != start) home.push_back(s);
      dynamics_from(start, home);
    } else {
      sample_from(start, method);
    }
    const std::size_t now = ways_out();
    idle = now > known ? 0 : idle + 1;
    known = now;
    if (p_.search_patience > 0 && idle >= p_.search_patience) break;
  }
  if (changed_) changed_();
  return known > before;
}

bool CatalogRateModel::search_from(std::size_t state, const std::string& method) {
  searched_.insert(state);
  const std::size_t before = live_saddles(state).size();
  std::size_t known = before;
  int idle = 0;
  int runs = std::max(1, p_.searches);
  // A minimum that took over the events of known minima lacks only those where none of them
  // shares its surroundings (near the hop that made it): ART pushes there, and its share of the
  // runs is the share of the sample there, none for a recombination of known events.
  // (Soft-mode pushes follow the minimum's modes wherever they lie: all their runs.)
  if (auto it = search_centres_.find(state); it != search_centres_.end() && method == "art") {
    const double share = static_cast<double>(it->second.size()) / static_cast<double>(catalog_.atoms().size());
    runs = it->second.empty() ? 0 : std::max(1, static_cast<int>(std::ceil(runs * share)));
    if (runs == 0) ++known_minima_;
  }
  const bool art = method == "art" || method == "softmode", md = method == "md";
  for (int k = 0; k < runs;) {
    // A batch of the runs the search is sure to make (patience can only stop it after
    // search_patience - idle more idle runs): spread over a runner's ranks, none wasted, and
    // the same runs, seeds and catalog as one at a time.
    int batch = 1;
    if (art || md) batch = p_.search_patience > 0 ? std::min(runs - k, p_.search_patience - idle) : runs - k;
    std::vector<ArtRun> found;
    std::vector<DynamicsSearch> ran;
    if (art) {
      std::vector<ArtJob> jobs;
      for (int b = 0; b < batch; ++b) jobs.push_back(art_job(state, method, b));
      found = runner_->run_art(configuration(state), jobs);
    } else if (md) {
      std::vector<unsigned> seeds;
      for (int b = 0; b < batch; ++b) seeds.push_back(p_.search.seed + static_cast<unsigned>(searches_ + b));
      ran = runner_->run_dynamics(configuration(state), seeds, {});
    }
    bool stop = false;
    for (int b = 0; b < batch && !stop; ++b, ++k) {
      if (art)
        absorb_art(state, found[static_cast<std::size_t>(b)], method);
      else if (md)
        absorb_dynamics(state, {}, ran[static_cast<std::size_t>(b)]);
      else
        sample_from(state, method);
      const std::size_t now = live_saddles(state).size();
      idle = now > known ? 0 : idle + 1;
      known = now;
      stop = p_.search_patience > 0 && idle >= p_.search_patience;
    }
    if (stop) break;
  }
  // Only the first search after a carry stays near the hop: a later one (a confined walk, a new
  // window) looks for what neither the neighbour's catalog nor that search holds.
  // Its events are now known wherever it differs from the minima it took events over from.
  if (p_.carry_reach > 0.0) known_.mark_known(state);
  search_centres_.erase(state);
  if (changed_) changed_();
  return known > before;
}

std::optional<std::size_t> CatalogRateModel::carry_source(std::size_t state) const {
  if (!(p_.carry_reach > 0.0) || p_.search_method == "md") return std::nullopt;
  const double strain = catalog_.minimum(state).strain;
  std::optional<std::size_t> best;
  std::size_t most = 1;  // the way back to `state` carries nothing
  for (std::size_t k : live_saddles(state)) {
    const Transition& t = catalog_.saddle(k);
    const std::size_t n = t.from == state ? t.to : t.from;
    if (catalog_.minimum(n).strain != strain) continue;
    const std::size_t exits = live_saddles(n).size() + known_.pending_count(n);
    if (exits > most) {
      best = n;
      most = exits;
    }
  }
  return best;
}

std::optional<std::size_t> CatalogRateModel::store_carried(const CarriedEvent& e, std::size_t to, const VectorXd& x_to) {
  if (e.refined.saddle.status != SaddleStatus::Converged) return std::nullopt;
  const InherentStructure& m = catalog_.minimum(to);
  return add_carried_event(catalog_, x_to, m.energy, e, m.strain, "kmc/carried").saddle;
}

void CatalogRateModel::store_start_side_event(std::size_t state, const ArtRun& r) {
  if (!r.carried) return;
  const ArtSearch& s = r.art;
  const InherentStructure m = catalog_.minimum(state);
  // A side within the catalog's tolerances of the minimum is the minimum: its event is stored
  // from it. (The carry was made anyway: the rank that ran it cannot ask the catalog.)
  if (catalog_.find_minimum(s.start_side, s.start_side_energy, m.strain) == state) return;
  (store_carried(*r.carried, state, catalog_.minimum_positions(state)) ? start_side_carried_ : start_side_refused_)++;
}

double CatalogRateModel::prefactor_from(const Transition& t, std::size_t state) const {
  // Each direction its own prefactor; a catalog with the forward one alone (ART) uses it both ways.
  const double own = t.from == state ? t.prefactor : t.backward_prefactor;
  const double other = t.from == state ? t.backward_prefactor : t.prefactor;
  return own > 0.0 ? own : other > 0.0 ? other : p_.prefactor;
}

Exit CatalogRateModel::estimate_exit(std::size_t id) {
  const KnownEvents::Estimate& e = known_.estimate(id);
  vineyard(e.saddle);
  const Transition& t = catalog_.saddle(e.saddle);
  const double barrier = std::max(0.0, t.energy - catalog_.minimum(e.origin).energy);
  const double kT = units::boltz * p_.temperature;
  Exit out{id, prefactor_from(t, e.origin) * std::exp(-barrier / kT), barrier, -1};
  out.pending = true;
  return out;
}

std::optional<std::size_t> CatalogRateModel::carry_estimate(const KnownEvents::Estimate& e) {
  const Transition t = catalog_.saddle(e.saddle);
  const std::size_t beyond = t.from == e.origin ? t.to : t.from;
  const InherentStructure m = catalog_.minimum(e.state);
  const VectorXd x_origin = catalog_.minimum_positions(e.origin), x_to = catalog_.minimum_positions(e.state);
  const Configuration c = catalog_.atoms_at(m.strain, x_to);
  SaddlePoint s;
  s.positions = catalog_.saddle_positions(e.saddle);
  const VectorXd d = displacement(c.box, x_origin, s.positions);
  // Mode guess: the event's own displacement on its atoms (not the sample's elastic far field).
  const std::vector<std::size_t> atoms = known_.judged_atoms(catalog_.atoms_at(m.strain, x_origin), e.centre);
  s.eigenvector = VectorXd::Zero(d.size());
  for (std::size_t i : atoms)
    s.eigenvector.segment<3>(3 * static_cast<Eigen::Index>(i)) = d.segment<3>(3 * static_cast<Eigen::Index>(i));
  const CarriedEvent carried = carry_event(c, potential_, x_origin, s, catalog_.minimum_positions(beyond), x_to,
                                           m.energy, art_carry_refinement(p_.art, c, potential_, atoms));
  return store_carried(carried, e.state, x_to);
}

std::optional<Exit> CatalogRateModel::resolve(std::size_t state, const Exit& e) {
  const KnownEvents::Estimate drawn = known_.take(state, e.to);
  const long c0 = potential_.force_calls();
  const std::optional<std::size_t> saddle = carry_estimate(drawn);
  carry_calls_ += potential_.force_calls() - c0;
  (saddle ? carried_ : carry_refused_)++;
  if (changed_) changed_();
  if (!saddle) return std::nullopt;
  for (const Exit& x : htst_exits(state))
    if (x.saddle == static_cast<long>(*saddle) && !marginal(x.to)) return x;
  return std::nullopt;
}

void CatalogRateModel::vineyard(std::size_t k) {
  const Transition& t = catalog_.saddle(k);
  if (!(p_.vineyard_radius > 0.0) || (t.prefactor > 0.0 && t.backward_prefactor > 0.0) || vineyard_failed_.count(k))
    return;
  const VectorXd a = catalog_.minimum_positions(t.from);
  const VectorXd b = catalog_.minimum_positions(t.to);
  const VectorXd saddle = catalog_.saddle_positions(k);
  Configuration c = catalog_.atoms();
  c.box = catalog_.box_at(t.strain);
  // The region is centred on the atom the event moves most, the same for both directions.
  const std::size_t core = most_moving_atom(displacement_without_drift(c.box, a, b));
  const long c0 = potential_.force_calls();
  try {
    const VineyardRegion region = vineyard_region(c, potential_, saddle, core, p_.vineyard_radius);
    // Over the whole sample a minimum's modes are the same for each of its saddles: its
    // sum ln omega is kept (per vertex: one minimum at one strain) and its Hessian done once.
    MinimumLogFrequencies logs;
    if (region.whole_sample) {
      if (auto it = log_frequencies_.find(t.from); it != log_frequencies_.end()) logs.from = it->second;
      if (auto it = log_frequencies_.find(t.to); it != log_frequencies_.end()) logs.to = it->second;
    }
    const VineyardPair nu = local_vineyard(c, potential_, a, saddle, b, region, p_.prefactor, 1e-5,
                                           {p_.temperature, p_.vineyard_soft_amplitude, c.box.dimension}, &logs);
    if (region.whole_sample) {
      log_frequencies_[t.from] = logs.from;
      log_frequencies_[t.to] = logs.to;
    }
    catalog_.set_prefactors(k, nu.forward, nu.backward);
    ++vineyard_done_;
    if (!nu.from_saddle_modes) ++vineyard_split_;
  } catch (const NumericalError& e) {
    if (vineyard_failed_.empty()) first_vineyard_failure_ = "saddle " + std::to_string(k) + ": " + e.what();
    vineyard_failed_.insert(k);  // a minimum with a non-positive curvature there: the fixed prefactor
  }
  vineyard_calls_ += potential_.force_calls() - c0;
}

bool CatalogRateModel::marginal(std::size_t state) const {
  if (!(p_.marginal_barrier > 0.0)) return false;
  const double e0 = catalog_.minimum(state).energy;
  for (std::size_t k : live_saddles(state)) {
    const Transition& t = catalog_.saddle(k);
    const std::size_t other = t.from == state ? t.to : t.from;
    if (t.energy - e0 < p_.marginal_barrier && catalog_.minimum(other).energy < e0) return true;
  }
  return false;
}

std::vector<Exit> CatalogRateModel::htst_exits(std::size_t state) {
  const double kT = units::boltz * p_.temperature;
  const double e0 = catalog_.minimum(state).energy;
  std::vector<Exit> out;
  for (std::size_t k : live_saddles(state)) {
    vineyard(k);
    const Transition& t = catalog_.saddle(k);
    const double barrier = std::max(0.0, t.energy - e0);
    out.push_back({t.from == state ? t.to : t.from, prefactor_from(t, state) * std::exp(-barrier / kT), barrier,
                   static_cast<long>(k)});
  }
  return out;
}

std::map<std::size_t, double> CatalogRateModel::settling(std::size_t entered) {
  // The marginal minima reachable from `entered` through marginal minima are the transient
  // states of an absorbing chain (jump probabilities from their HTST rates); the first true
  // states met absorb. Every marginal minimum has a way down, and energy falls along such
  // ways, so the chain is absorbed with certainty and I - Q is invertible.
  constexpr std::size_t kMaxTransient = 64;  // beyond that the cluster's rim counts as absorbing
  std::vector<std::size_t> transient{entered};
  std::map<std::size_t, std::size_t> index{{entered, 0}};
  std::vector<std::vector<Exit>> out_of;
  for (std::size_t i = 0; i < transient.size(); ++i) {
    marginal_.insert(transient[i]);
    out_of.push_back(htst_exits(transient[i]));
    for (const Exit& e : out_of.back())
      if (!index.count(e.to) && transient.size() < kMaxTransient && marginal(e.to)) {
        index[e.to] = transient.size();
        transient.push_back(e.to);
      }
  }
  std::map<std::size_t, std::size_t> column;  // absorbing state -> column of R
  for (const auto& exits : out_of)
    for (const Exit& e : exits)
      if (!index.count(e.to)) column.emplace(e.to, column.size());
  const auto n = static_cast<Eigen::Index>(transient.size());
  Eigen::MatrixXd a = Eigen::MatrixXd::Identity(n, n);
  Eigen::MatrixXd r = Eigen::MatrixXd::Zero(n, static_cast<Eigen::Index>(column.size()));
  for (Eigen::Index i = 0; i < n; ++i) {
    double total = 0.0;
    for (const Exit& e : out_of[static_cast<std::size_t>(i)]) total += e.rate;
    for (const Exit& e : out_of[static_cast<std::size_t>(i)]) {
      if (auto t = index.find(e.to); t != index.end()) a(i, static_cast<Eigen::Index>(t->second)) -= e.rate / total;
      else r(i, static_cast<Eigen::Index>(column.at(e.to))) += e.rate / total;
    }
  }
  const Eigen::RowVectorXd p = a.partialPivLu().solve(r).row(0);
  std::map<std::size_t, double> ends;
  for (const auto& [state, c] : column) ends[state] = p(static_cast<Eigen::Index>(c));
  return ends;
}

std::vector<Exit> CatalogRateModel::exits(std::size_t state, double /*strain*/) {
  // A marginal minimum (see kmc.marginal_barrier) has no search of its own: it is left at once.
  if (static_cast<int>(live_saddles(state).size()) < p_.min_exits && !searched_.count(state) && !marginal(state)) {
    if (p_.carry_reach > 0.0) search_centres_[state] = known_.take_over(state, carry_source(state));
    search_from(state, p_.search_method);
  }
  const long computed = vineyard_done_;
  std::vector<Exit> out;
  for (const Exit& e : htst_exits(state)) {
    if (!marginal(e.to)) {
      out.push_back(e);
      continue;
    }
    // Through a marginal minimum, which holds the system for about one vibration (harmonic TST
    // would count its near-zero mode as a diverging entropy and make it a trap): the exit ends
    // in each true state the system settles into, at its rate times that probability. Settling
    // back here is no transition. This keeps detailed balance among the true states.
    for (const auto& [end, probability] : settling(e.to))
      if (end != state && probability > 0.0) out.push_back({end, e.rate * probability, e.barrier, e.saddle});
  }
  for (std::size_t id : known_.pending(state)) out.push_back(estimate_exit(id));
  if (vineyard_done_ > computed && changed_) changed_();
  return out;
}

std::size_t CatalogRateModel::strain_to(std::size_t state, double strain) {
  const double from = catalog_.minimum(state).strain;
  // A held walk's window ended: nothing moved, the exits stand (no window searches either,
  // which would tie the searching to the window's length).
  if (std::abs(strain - from) <= catalog_.tolerances().strain) return state;
  std::vector<std::size_t> near{state};
  for (std::size_t k : live_saddles(state)) {
    const Transition& t = catalog_.saddle(k);
    near.push_back(t.from == state ? t.to : t.from);
  }
  const ReevaluationReport r = reevaluate_at_strain(catalog_, potential_, from, strain, p_.reevaluation, &near);
  reevaluation_calls_ += r.force_calls;
  reused_ += r.reused;
  vanished_ += r.vanished;
  if (changed_) changed_();
  const std::size_t now = r.images.at(state);
  // One basin when the minimum stayed the affine image of itself at every sub-step.
  if (!r.jumps.count(state)) continued_.insert({state, now});
  // The exits carried over from the last window are the ones found at lower strain: the
  // load lowers other barriers, which only a new search at this strain can find.
  for (int k = 0; k < p_.window_searches; ++k) search_from(now, p_.search_method);
  return now;
}

bool CatalogRateModel::search_more(const std::vector<std::size_t>& states) {
  bool found = false;
  if (!p_.search_confined) return false;
  if (p_.search_method == "md") return search_group(states);
  for (std::size_t s : states) {
    if (!confinement_searched_.insert(s).second) continue;
    found = search_from(s, p_.search_method) || found;
  }
  return found;
}

bool CatalogRateModel::will_stay(const std::vector<std::size_t>& states, const std::vector<double>& seconds) {
  if (!(p_.search_time_ratio > 0.0) || states.empty()) return false;
  double held = 0.0, covered = 0.0;  // s
  for (std::size_t i = 0; i < states.size(); ++i) {
    held += resided_[states[i]] + seconds[i];
    covered += md_covered_[states[i]] * 1e-12;
  }
  const std::size_t current = states[0];
  if (held > p_.search_time_ratio * covered && !marginal(current)) {
    if (time_rounds_[current] < p_.search_time_rounds) {
      for (std::size_t s : states) ++time_rounds_[s];
      ++time_searches_;
      const std::string& method = p_.search_time_method;
      if (states.size() == 1 ? search_from(current, method) : group_round(states, method)) return true;  // asked again
    } else {
      time_capped_.insert(current);
    }
  }
  for (std::size_t i = 0; i < states.size(); ++i) resided_[states[i]] += seconds[i];
  return false;
}

bool CatalogRateModel::same_basin(std::size_t before, std::size_t after) const {
  return before == after || continued_.count({before, after}) > 0;
}

}  // namespace metabasin
