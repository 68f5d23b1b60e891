// SPDX-License-Identifier: BSD-3-Clause
#include "kmc.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <random>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "error.hpp"
#include "number_format.hpp"

namespace metabasin {

void check_kmc_params(const KmcParams& p) {
  auto fail = [](const std::string& key, const std::string& what) {
    throw InputError("key 'kmc." + key + "' " + what);
  };
  if (!std::isfinite(p.strain_rate)) fail("rate", "must be a finite number");
  if (p.strain_rate < 0) fail("rate", "must not be negative");
  if (!std::isfinite(p.strain_increment) || p.strain_increment <= 0)
    fail("strain_increment", "must be a finite positive number");
  if (!std::isfinite(p.target_strain)) fail("max_strain", "must be a finite number");
  if (p.target_strain < 0) fail("max_strain", "must not be negative");
  if (p.target_strain > 0 && p.strain_rate == 0) fail("max_strain", "needs a positive kmc.rate");
  if (std::isnan(p.max_time) || p.max_time <= 0) fail("max_time", "must be positive");
  if (p.strain_rate > 0 && p.target_strain == 0 && std::isinf(p.max_time))
    fail("max_strain", "must be set (or kmc.max_time) when kmc.rate is positive, or the run never ends");
  if (p.max_steps <= 0) fail("max_steps", "must be positive");
  if (!std::isfinite(p.flicker_barrier) || p.flicker_barrier < 0)
    fail("flicker_barrier", "must be a finite number >= 0");
  if (p.flicker_visits < 1) fail("flicker_visits", "must be at least 1");
  if (!(p.flicker_per_window >= 0) || std::isinf(p.flicker_per_window))
    fail("flicker_per_window", "must be a finite number >= 0");
  if (p.first_window < 0) fail("resume", "found a negative number of strain windows done");
  if (!(p.hold_window >= 0) || std::isinf(p.hold_window)) fail("hold_time", "gives windows that are not a finite length");
  if (p.hold_window > 0 && p.strain_rate > 0) fail("hold_time", "holds the strain: the walk cannot also be loaded");
  if (p.hold_window > 0 && std::isinf(p.max_time)) fail("hold_time", "must be set: a held walk needs an end");
  if (p.first_window > 0 && p.strain_rate == 0 && p.hold_window == 0)
    fail("resume", "continues a loaded or held walk; it needs a positive kmc.rate or kmc.hold_time");
}

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// Uniform in [0, 1) from the top 53 bits: the same stream for a seed on every platform
// (std::uniform_real_distribution is not specified bit for bit).
double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Exponential waiting time of the given mean; 1 - u lies in (0, 1], so the log is finite.
double exponential(std::mt19937_64& rng, double mean) { return -std::log1p(-uniform01(rng)) * mean; }

// Index i drawn with probability weight[i] / sum (the cumulative-sum search of BKL).
std::size_t pick(const std::vector<double>& weight, double sum, std::mt19937_64& rng) {
  const double r = uniform01(rng) * sum;
  double acc = 0.0;
  std::size_t last = 0;
  for (std::size_t i = 0; i < weight.size(); ++i) {
    if (weight[i] <= 0) continue;
    acc += weight[i];
    last = i;
    if (r < acc) return i;
  }
  return last;  // r landed past the rounded total
}

// E[min(T, horizon)] for T exponential with this mean: the time the walk expects to stay
// before it leaves or the window ends.
double expected_stay(double mean, double horizon) {
  if (std::isinf(mean)) return horizon;
  if (std::isinf(horizon)) return mean;
  return -mean * std::expm1(-horizon / mean);
}

struct StateExits {
  std::vector<Exit> exits;  // the model's exits with rate > 0
  std::vector<double> rates;
  double total = 0.0;  // 1/s
};

// The exits of every state asked about in the current strain window. Rates are constant inside
// a window, so each state is asked once per window, unless the model reports it changed.
class WindowExits {
 public:
  explicit WindowExits(RateModel& model) : model_(model) {}

  void start_window(double strain) {
    strain_ = strain;
    cache_.clear();
  }
  const StateExits& of(std::size_t s) {
    auto it = cache_.find(s);
    if (it != cache_.end()) return it->second;
    StateExits here;
    for (const Exit& e : model_.exits(s, strain_)) {
      if (!(e.rate >= 0) || std::isinf(e.rate)) {
        std::ostringstream msg;
        msg << "kmc: the rate model gave state " << s << " an exit to " << e.to << " with rate " << e.rate
            << " (must be finite and >= 0)";
        throw NumericalError(msg.str());
      }
      if (e.rate == 0) continue;
      here.exits.push_back(e);
      here.rates.push_back(e.rate);
      here.total += e.rate;
    }
    return cache_.emplace(s, std::move(here)).first->second;
  }
  void forget(std::size_t s) { cache_.erase(s); }

 private:
  RateModel& model_;
  double strain_ = 0.0;
  std::unordered_map<std::size_t, StateExits> cache_;  // node-based: references stay valid
};

// What makes one way of a transition flicker: a barrier below the threshold (NaN barriers never
// are), or a rate at which it happens many times in one strain window.
struct FlickerRule {
  double barrier = 0.0;  // eV
  double rate = inf;     // 1/s
  bool fast(const Exit& e) const { return e.barrier < barrier || e.rate >= rate; }
};

// A flicker: fast both ways.
bool is_flicker(const Exit& e, std::size_t from, const StateExits& at_to, const FlickerRule& rule) {
  if (e.pending || !rule.fast(e)) return false;
  for (const Exit& back : at_to.exits)
    if (!back.pending && back.to == from && rule.fast(back)) return true;
  return false;
}

// The states joined to `start` by chains of flickers, following the model's exits at the current
// strain, among the states the trajectory has visited (so the set stays as small as the flicker
// network actually met; states never visited remain outside, as absorbing targets).
std::vector<std::size_t> flicker_cluster(std::size_t start, WindowExits& window, const FlickerRule& rule,
                                         const std::unordered_set<std::size_t>& visited) {
  std::vector<std::size_t> cluster{start};
  std::unordered_set<std::size_t> member{start};
  for (std::size_t k = 0; k < cluster.size(); ++k) {
    const std::size_t s = cluster[k];
    const StateExits& here = window.of(s);
    for (const Exit& e : here.exits) {
      if (e.pending || member.count(e.to) || !visited.count(e.to) || !rule.fast(e)) continue;
      if (!is_flicker(e, s, window.of(e.to), rule)) continue;
      member.insert(e.to);
      cluster.push_back(e.to);
    }
  }
  return cluster;
}

struct WayOut {
  std::size_t source = 0;  // the superbasin state the exit leaves
  Exit exit;
};

// A superbasin seen from the state the system is in: transitions leaving the set are absorbing.
struct Superbasin {
  std::vector<std::size_t> states;
  std::vector<double> time_in;  // expected time (s) spent in each state before escaping
  double mean_escape_time = 0.0;   // s, the sum of time_in
  double expected_transitions = 0.0;  // hops before and including the escape
  std::vector<WayOut> ways_out;
  std::vector<double> probability;  // of leaving through each way out
};

// The absorbing Markov chain of `states` started in `current`. With M = diag(R) - K the
// generator restricted to the set (R_i every rate out of i, K_ij the rates between members),
// M^-1 = N diag(1/R) where N = (I - Q)^-1 is the fundamental matrix of the jump chain. Row
// `current` of M^-1 is the expected time spent in each member before absorption, y; the
// expected visits are y_j R_j (row sum of N), and an exit e from j is the one taken with
// probability y_j k_e. Empty when the set has no way out or no move inside it.
std::optional<Superbasin> absorbing_chain(const std::vector<std::size_t>& states, std::size_t current,
                                          WindowExits& window) {
  const Eigen::Index n = static_cast<Eigen::Index>(states.size());
  std::unordered_map<std::size_t, Eigen::Index> index;
  for (Eigen::Index i = 0; i < n; ++i) index[states[i]] = i;
  Superbasin sb;
  sb.states = states;
  // Rates between members (k, off the diagonal) and out of the set (a): both non-negative.
  Eigen::MatrixXd k = Eigen::MatrixXd::Zero(n, n);
  Eigen::VectorXd a = Eigen::VectorXd::Zero(n);
  std::vector<Eigen::Index> way_source;
  double inside = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const StateExits& here = window.of(states[i]);
    for (const Exit& e : here.exits) {
      const auto to = e.pending ? index.end() : index.find(e.to);  // a pending exit leaves the set
      if (to != index.end() && to->second != i) {
        k(i, to->second) += e.rate;
        inside += e.rate;
      } else if (to == index.end()) {
        a[i] += e.rate;
        sb.ways_out.push_back({states[i], e});
        way_source.push_back(i);
      }
    }
  }
  if (inside == 0) return std::nullopt;
  if (sb.ways_out.empty()) {
    // A closed set (every known exit leads back in): the system stays until the window ends,
    // at local equilibrium. Detailed balance (harmonic TST through shared saddles) gives the
    // weights along a spanning tree: pi_j / pi_i = k_ij / k_ji.
    std::vector<double> pi(static_cast<std::size_t>(n), 0.0);
    std::vector<Eigen::Index> queue{index.at(current)};
    pi[static_cast<std::size_t>(queue[0])] = 1.0;
    for (std::size_t q = 0; q < queue.size(); ++q) {
      const Eigen::Index i = queue[q];
      for (Eigen::Index j = 0; j < n; ++j)
        if (pi[static_cast<std::size_t>(j)] == 0.0 && k(i, j) > 0.0 && k(j, i) > 0.0) {
          pi[static_cast<std::size_t>(j)] = pi[static_cast<std::size_t>(i)] * k(i, j) / k(j, i);
          queue.push_back(j);
        }
    }
    double total = 0.0;
    for (double w : pi) total += w;
    if (!(total > 0.0) || std::isinf(total)) return std::nullopt;
    for (double& w : pi) w /= total;
    sb.time_in = pi;  // fractions of the time, for the state at the window's end
    sb.mean_escape_time = inf;
    sb.expected_transitions = inf;
    return sb;
  }
  // M = diag(R) - k with R_i = sum_j k_ij + a_i. Flickers make R ~1e13 1/s and the ways out
  // ~1e3 1/s, so R - (rates inside) cancels to nothing in floating point. Gaussian elimination
  // in the GTH way keeps every pivot a sum of non-negative rates instead: eliminating p sends
  // i's flow through p on to p's targets (k_ij += k_ip k_pj / R_p) and out (a_i += k_ip a_p / R_p),
  // and R_i is summed again from those. The factors: M = L U with L unit lower triangular.
  Eigen::MatrixXd lower = Eigen::MatrixXd::Identity(n, n), upper = Eigen::MatrixXd::Zero(n, n);
  Eigen::VectorXd pivot(n);
  for (Eigen::Index p = 0; p < n; ++p) {
    double r = a[p];
    for (Eigen::Index j = p + 1; j < n; ++j) r += k(p, j);
    if (!(r > 0.0)) return std::nullopt;  // a member that cannot leave: no escape from it
    pivot[p] = r;
    upper(p, p) = r;
    for (Eigen::Index j = p + 1; j < n; ++j) upper(p, j) = -k(p, j);
    for (Eigen::Index i = p + 1; i < n; ++i) {
      if (k(i, p) == 0.0) continue;
      const double f = k(i, p) / r;  // the share of i's flow into p that goes on
      lower(i, p) = -f;
      for (Eigen::Index j = p + 1; j < n; ++j)
        if (j != i) k(i, j) += f * k(p, j);
      a[i] += f * a[p];
      // k(i, i) would be flow i -> p -> i: a return, which leaves R_i unchanged (not stored).
    }
  }
  // y^T M = e_current^T, i.e. U^T z = e_current, then L^T y = z.
  Eigen::VectorXd z = Eigen::VectorXd::Zero(n), y(n);
  const Eigen::Index c = index.at(current);
  for (Eigen::Index i = 0; i < n; ++i) {
    double rhs = i == c ? 1.0 : 0.0;
    for (Eigen::Index j = 0; j < i; ++j) rhs -= upper(j, i) * z[j];
    z[i] = rhs / pivot[i];
  }
  for (Eigen::Index i = n - 1; i >= 0; --i) {
    double rhs = z[i];
    for (Eigen::Index j = i + 1; j < n; ++j) rhs -= lower(j, i) * y[j];
    y[i] = rhs;
  }
  sb.time_in.assign(y.data(), y.data() + n);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!(y[i] >= 0) || std::isinf(y[i])) return std::nullopt;  // should not happen: every term is >= 0
    sb.mean_escape_time += y[i];
    sb.expected_transitions += y[i] * window.of(states[i]).total;
  }
  double sum = 0.0;
  for (std::size_t w = 0; w < sb.ways_out.size(); ++w) {
    sb.probability.push_back(y[way_source[w]] * sb.ways_out[w].exit.rate);
    sum += sb.probability.back();
  }
  if (!(sum > 0)) return std::nullopt;
  for (double& q : sb.probability) q /= sum;  // they sum to 1 up to rounding
  return sb;
}

// Where the current window ends: the strain there and the time it is reached (inf: no window,
// rates constant to the end), and whether that is the target strain.
struct WindowEnd {
  double strain = inf, time = inf;
  bool at_target = false;
};
WindowEnd window_end(const KmcParams& p, const KmcRun& run) {
  WindowEnd end;
  if (p.strain_rate > 0) {
    end.strain = strain_step(0.0, run.windows + 1, p.strain_increment);
    if (p.target_strain > 0 && end.strain >= p.target_strain) {
      end.strain = p.target_strain;
      end.at_target = true;
    }
    end.time = end.strain / p.strain_rate;
  } else if (p.hold_window > 0) {
    end.strain = run.strain;
    end.time = static_cast<double>(run.windows + 1) * p.hold_window;
    // A hold of a whole number of windows ends at a window's end, rounding aside.
    if (std::abs(end.time - p.max_time) <= 1e-9 * p.hold_window) end.time = p.max_time;
  }
  return end;
}

}  // namespace

KmcRun run_kmc(RateModel& model, std::size_t start, const KmcParams& p,
               const std::function<bool(const KmcEvent&)>& on_event) {
  check_kmc_params(p);
  std::mt19937_64 rng(p.seed);
  if (p.first_window > 0) {
    std::seed_seq resumed{static_cast<unsigned long long>(p.seed), static_cast<unsigned long long>(p.first_window)};
    rng.seed(resumed);
  }
  const bool loading = p.strain_rate > 0, holding = p.hold_window > 0, windows = loading || holding;
  // A window lasts strain_increment / strain_rate (or hold_window): a pair crossed
  // flicker_per_window times in that time both ways is at local equilibrium long before it ends.
  FlickerRule flicker{p.flicker_barrier, inf};
  if (windows && p.flicker_per_window > 0)
    flicker.rate = loading ? p.flicker_per_window * p.strain_rate / p.strain_increment : p.flicker_per_window / p.hold_window;
  KmcRun run;
  run.state = start;
  run.windows = p.first_window;
  if (p.first_window > 0 && loading) {
    run.strain = strain_step(0.0, p.first_window, p.strain_increment);
    run.time = run.strain / p.strain_rate;
  }
  if (holding) run.time = static_cast<double>(p.first_window) * p.hold_window;
  WindowExits window(model);
  window.start_window(run.strain);
  if (p.target_strain > 0 && run.strain >= p.target_strain - 1e-12) {  // resumed at the target already
    run.stop_reason = "target strain";
    return run;
  }
  // Arrivals at each state through flickers. Kept across windows: whether a superbasin is
  // used depends only on the past, so any rule for it leaves the dynamics exact.
  std::unordered_map<std::size_t, int> flicker_arrivals;
  std::unordered_set<std::size_t> visited{start};

  auto report = [&](const KmcEvent& ev) { return !on_event || on_event(ev); };

  while (true) {
    // A search may have added exits to states met earlier in this window (the far end of each
    // new saddle): their cached exits are stale, and without the way back detailed balance breaks.
    for (std::size_t s : model.take_changed()) window.forget(s);
    // Rates are those at the window's starting strain until the strain reaches its end.
    const WindowEnd boundary = window_end(p, run);
    const double boundary_strain = boundary.strain, boundary_time = boundary.time;
    const bool at_target = boundary.at_target;
    const double stop_time = std::min(boundary_time, p.max_time);

    // One residence-time step: either a transition before stop_time, or none until then.
    std::optional<Superbasin> sb;
    if (p.superbasins) {
      const auto count = flicker_arrivals.find(run.state);
      if (count != flicker_arrivals.end() && count->second >= p.flicker_visits) {
        sb = absorbing_chain(flicker_cluster(run.state, window, flicker, visited), run.state, window);
        if (!sb) ++run.superbasins_refused;
        // Confined by what is known: let the model look for ways out before holding the set to
        // the window's end (slow rates give time for barriers no search has met yet).
        if (sb && sb->ways_out.empty() && model.search_more(sb->states)) {
          for (std::size_t s : sb->states) window.forget(s);
          continue;
        }
        // Every member flickers: whichever of them the system is in later starts a superbasin.
        if (sb)
          for (std::size_t s : sb->states) flicker_arrivals[s] = std::max(flicker_arrivals[s], p.flicker_visits);
      }
    }
    // Before the draw, the model hears how long the walk expects to stay (it may search there).
    {
      std::vector<std::size_t> held;
      std::vector<double> share;
      if (sb) {
        held = sb->states;
        share = sb->time_in;
        const double stay = sb->ways_out.empty() ? stop_time - run.time
                                                 : expected_stay(sb->mean_escape_time, stop_time - run.time);
        const double total = std::accumulate(share.begin(), share.end(), 0.0);
        for (double& t : share) t *= stay / total;
      } else {
        const double total = window.of(run.state).total;
        held = {run.state};
        share = {expected_stay(total > 0 ? 1.0 / total : inf, stop_time - run.time)};
      }
      const bool finite = std::all_of(share.begin(), share.end(), [](double t) { return std::isfinite(t); });
      if (finite && model.will_stay(held, share)) {
        for (std::size_t s : held) window.forget(s);
        continue;
      }
    }
    std::optional<WayOut> taken;
    double dt = inf;
    if (sb) {
      // Escape time: exponential with the exact mean time to absorption (the mean-rate method,
      // as eOn does), not the exact phase-type law; the exit is drawn independently with the
      // exact absorption probabilities.
      const bool closed = sb->ways_out.empty();
      if (closed && std::isinf(stop_time)) {  // confined for ever: nothing left to simulate
        run.stop_reason = "no exits";
        break;
      }
      dt = closed ? inf : exponential(rng, sb->mean_escape_time);
      if (run.time + dt <= stop_time) {
        taken = sb->ways_out[pick(sb->probability, 1.0, rng)];
      } else {
        // Still inside at stop_time: the state then is drawn from the expected time fractions
        // (the local equilibrium the mean-rate method assumes).
        double occupied = 0.0;
        for (double t : sb->time_in) occupied += t;
        run.state = sb->states[pick(sb->time_in, occupied, rng)];
      }
    } else {
      const StateExits& here = window.of(run.state);
      if (here.total == 0 && !windows) {
        run.stop_reason = "no exits";
        break;
      }
      if (here.total > 0) dt = exponential(rng, 1.0 / here.total);
      if (run.time + dt <= stop_time) taken = WayOut{run.state, here.exits[pick(here.rates, here.total, rng)]};
    }

    if (!taken) {
      // Nothing happens before stop_time; waiting there is exact (memoryless, constant rates).
      run.time = stop_time;
      if (loading) run.strain = p.strain_rate * run.time;
      if (windows && boundary_time <= p.max_time) {
        const std::size_t before = run.state;
        run.state = model.strain_to(run.state, boundary_strain);
        ++run.windows;
        window.start_window(boundary_strain);
        if (run.state != before) visited.insert(run.state);
        if (run.state != before && !model.same_basin(before, run.state)) {
          ++run.athermal_jumps;
          KmcEvent ev{run.steps, run.time, run.strain, before, run.state, false, true};
          if (!report(ev)) {
            run.stop_reason = "stopped by caller";
            break;
          }
        }
        if (at_target) {
          run.stop_reason = "target strain";
          break;
        }
      }
      if (run.time >= p.max_time) {
        run.stop_reason = "max time";
        break;
      }
      continue;
    }

    if (taken->exit.pending) {
      // Its far end and true rate are found now; the walk goes through with probability
      // rate / estimate, else the time passes where the exit starts (a null event). A new
      // saddle's minima come back through take_changed.
      const std::optional<Exit> known = model.resolve(taken->source, taken->exit);
      window.forget(taken->source);
      ++run.resolved;
      if (!known || known->pending || !(uniform01(rng) * taken->exit.rate < known->rate)) {
        ++run.null_events;
        run.time += dt;
        if (loading) run.strain = p.strain_rate * run.time;
        run.state = taken->source;
        continue;
      }
      taken->exit = *known;
    }
    run.time += dt;
    if (loading) run.strain = p.strain_rate * run.time;
    ++run.steps;
    if (sb) {
      ++run.superbasin_escapes;
      run.steps_saved += sb->expected_transitions - 1.0;
    } else {
      ++run.hops;
    }
    const std::size_t to = taken->exit.to;
    if (p.superbasins && is_flicker(taken->exit, taken->source, window.of(to), flicker))
      ++flicker_arrivals[to];
    run.state = to;
    visited.insert(to);
    KmcEvent ev{run.steps, run.time, run.strain, taken->source, to, sb.has_value(), false};
    if (!report(ev)) {
      run.stop_reason = "stopped by caller";
      break;
    }
    if (run.steps >= p.max_steps) {
      run.stop_reason = "max steps";
      break;
    }
  }
  return run;
}

}  // namespace metabasin
