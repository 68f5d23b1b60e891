// SPDX-License-Identifier: BSD-3-Clause
// The KMC engine on toy landscapes with analytic answers: equilibrium and transient occupations
// against the master equation, strain windows under a constant strain rate, superbasins against
// the absorbing Markov chain, and the parameter checks. Statistical checks use 5 standard errors
// estimated from independent runs, so a correct engine fails them with probability ~1e-6 each.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <stdexcept>
#include <unsupported/Eigen/MatrixFunctions>
#include <utility>
#include <vector>

#include "abc_catalog.hpp"
#include "catalog_kmc.hpp"
#include "error.hpp"
#include "kmc.hpp"
#include "path_geometry.hpp"
#include "soft_mode_cache.hpp"
#include "test_systems.hpp"

using namespace metabasin;

namespace {

// Minima joined by saddles, harmonic TST rates k = nu0 exp(-Ea/kT) with one prefactor for every
// transition (detailed balance then gives the Boltzmann distribution). A barrier may soften
// linearly with strain. Records what the engine asks.
class Landscape : public RateModel {
 public:
  Landscape(std::vector<double> energies, double kT, double nu0 = 1e12)
      : energy_(std::move(energies)), kT_(kT), nu0_(nu0) {}

  // A saddle at `saddle_energy` between i and j; both barriers fall by softening * strain.
  void join(std::size_t i, std::size_t j, double saddle_energy, double softening = 0.0) {
    links_.push_back({i, j, saddle_energy - energy_[i], softening});
    links_.push_back({j, i, saddle_energy - energy_[j], softening});
  }
  double rate(std::size_t i, std::size_t j, double strain = 0.0) const {
    double k = 0.0;
    for (const Link& l : links_)
      if (l.from == i && l.to == j) k += nu0_ * std::exp(-(l.barrier - l.softening * strain) / kT_);
    return k;
  }
  double total_rate(std::size_t i) const {
    double k = 0.0;
    for (std::size_t j = 0; j < energy_.size(); ++j) k += rate(i, j);
    return k;
  }
  // dP/dt = K P.
  Eigen::MatrixXd generator() const {
    const auto n = static_cast<Eigen::Index>(energy_.size());
    Eigen::MatrixXd k = Eigen::MatrixXd::Zero(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j < n; ++j)
        if (i != j) {
          k(j, i) += rate(i, j);
          k(i, i) -= rate(i, j);
        }
    return k;
  }
  std::vector<double> boltzmann() const {
    std::vector<double> p;
    double z = 0.0;
    for (double e : energy_) z += std::exp(-e / kT_);
    for (double e : energy_) p.push_back(std::exp(-e / kT_) / z);
    return p;
  }

  std::vector<Exit> exits(std::size_t state, double strain) override {
    asked.emplace_back(state, strain);
    std::vector<Exit> out;
    for (const Link& l : links_)
      if (l.from == state) {
        const double barrier = l.barrier - l.softening * strain;
        out.push_back({l.to, nu0_ * std::exp(-barrier / kT_), barrier, -1});
      }
    return out;
  }
  std::size_t strain_to(std::size_t state, double strain) override {
    moved_to.push_back(strain);
    states_at_boundaries.push_back(state);
    return basin_after_strain ? basin_after_strain(state, strain) : state;
  }

  std::vector<std::pair<std::size_t, double>> asked;  // (state, strain) of every exits() call
  std::vector<double> moved_to;                        // strains passed to strain_to
  std::vector<std::size_t> states_at_boundaries;
  std::function<std::size_t(std::size_t, double)> basin_after_strain;

 private:
  struct Link {
    std::size_t from, to;
    double barrier, softening;
  };
  std::vector<double> energy_;
  double kT_, nu0_;
  std::vector<Link> links_;
};

// Sample mean and its standard error.
struct Sample {
  double n = 0, sum = 0, sum2 = 0;
  void add(double x) {
    n += 1;
    sum += x;
    sum2 += x * x;
  }
  double mean() const { return sum / n; }
  double standard_error() const {
    const double var = (sum2 - sum * sum / n) / (n - 1);
    return std::sqrt(std::max(var, 0.0) / n);
  }
};

constexpr double kT300 = 8.617343e-5 * 300.0;  // eV

// Four minima in a chain; rates span 1e7..1e9 1/s.
Landscape four_state_chain() {
  Landscape chain({0.00, 0.04, -0.02, 0.06}, kT300);
  chain.join(0, 1, 0.25);
  chain.join(1, 2, 0.22);
  chain.join(2, 3, 0.28);
  return chain;
}

}  // namespace

TEST(Kmc, ChainOccupationIsBoltzmannAndResidenceTimesAreInverseTotalRates) {
  Landscape chain = four_state_chain();
  const std::vector<double> pi = chain.boltzmann();
  const int runs = 500;
  const double run_time = 2e-5;  // s: ~3000 hops, ~1000 relaxation times of the chain
  std::vector<Sample> occupation(4), residence(4);
  std::mt19937 pick_start(99);
  std::discrete_distribution<int> from_pi(pi.begin(), pi.end());
  for (int r = 0; r < runs; ++r) {
    // Started from the stationary distribution, so the time average has no start-up bias.
    const std::size_t start = static_cast<std::size_t>(from_pi(pick_start));
    KmcParams p;
    p.max_time = run_time;
    p.seed = 1000 + r;
    std::vector<double> occupied(4, 0.0);
    std::size_t here = start;
    double arrived = 0.0;
    const KmcRun run = run_kmc(chain, start, p, [&](const KmcEvent& ev) {
      EXPECT_EQ(ev.from, here);
      occupied[here] += ev.time - arrived;
      residence[here].add(ev.time - arrived);
      here = ev.to;
      arrived = ev.time;
      return true;
    });
    ASSERT_EQ(run.stop_reason, "max time");
    EXPECT_DOUBLE_EQ(run.time, run_time);
    EXPECT_EQ(run.state, here);
    occupied[here] += run.time - arrived;  // the last stay is cut short: occupation only
    for (int s = 0; s < 4; ++s) occupation[s].add(occupied[s] / run_time);
  }
  for (int s = 0; s < 4; ++s) {
    EXPECT_NEAR(occupation[s].mean(), pi[s], 5 * occupation[s].standard_error()) << "state " << s;
    const double tau = 1.0 / chain.total_rate(s);
    EXPECT_NEAR(residence[s].mean(), tau, 5 * residence[s].standard_error()) << "state " << s;
    EXPECT_GT(residence[s].n, 1000) << "state " << s;
  }
}

TEST(Kmc, TransientOccupationFollowsTheMasterEquation) {
  Landscape chain = four_state_chain();
  const std::vector<double> times = {1e-8, 3e-8, 1e-7};  // s, around the chain's relaxation time
  const int runs = 40000;
  std::vector<std::vector<double>> count(times.size(), std::vector<double>(4, 0.0));
  for (int r = 0; r < runs; ++r) {
    KmcParams p;
    p.max_time = times.back();
    p.seed = 5000 + r;
    std::size_t here = 0, next_time = 0;
    run_kmc(chain, 0, p, [&](const KmcEvent& ev) {
      while (next_time < times.size() && times[next_time] < ev.time) count[next_time++][here] += 1;
      here = ev.to;
      return true;
    });
    while (next_time < times.size()) count[next_time++][here] += 1;
  }
  const Eigen::MatrixXd k = chain.generator();
  for (std::size_t t = 0; t < times.size(); ++t) {
    const Eigen::VectorXd p_t = (k * times[t]).exp().col(0);  // P(t) = exp(K t) P(0), P(0) = state 0
    for (int s = 0; s < 4; ++s) {
      const double sigma = std::sqrt(p_t[s] * (1 - p_t[s]) / runs);
      EXPECT_NEAR(count[t][s] / runs, p_t[s], 5 * sigma + 2.0 / runs) << "t = " << times[t] << ", state " << s;
    }
  }
  // Far from equilibrium at the first time, so the check tests the dynamics, not just pi.
  EXPECT_GT(count[0][0] / runs, 0.4);
}

namespace {

// A landscape whose exits (those `pending` picks) are first given as pending estimates,
// `factor` times their true rate, optionally with a phantom estimate 0 -> n-1 that is no exit
// at all; a drawn estimate resolves to the true exit (or to nothing). Pending ids are s * n + t,
// colliding with state numbers on purpose: the engine must never take them for states.
class Estimated : public RateModel {
 public:
  Estimated(Landscape landscape, std::size_t states, double factor, bool phantom,
            std::function<bool(std::size_t, std::size_t)> pending = {})
      : landscape_(std::move(landscape)), n_(states), factor_(factor), phantom_(phantom), pending_(std::move(pending)) {}
  std::vector<Exit> exits(std::size_t s, double strain) override {
    std::vector<Exit> out;
    for (const Exit& e : landscape_.exits(s, strain)) {
      if (resolved_.count(s * n_ + e.to) || (pending_ && !pending_(s, e.to))) {
        out.push_back(e);
        continue;
      }
      Exit guess = e;
      guess.to = s * n_ + e.to;
      guess.rate *= factor_;
      guess.pending = true;
      out.push_back(guess);
    }
    if (phantom_ && s == 0 && !resolved_.count(n_ - 1)) out.push_back({n_ - 1, 5e8, 0.2, -1, true});
    return out;
  }
  std::optional<Exit> resolve(std::size_t s, const Exit& e) override {
    EXPECT_TRUE(e.pending);
    EXPECT_EQ(e.to / n_, s);
    EXPECT_TRUE(resolved_.insert(e.to).second) << "resolved twice: " << e.to;
    for (const Exit& real : landscape_.exits(s, 0.0))
      if (real.to == e.to % n_) return real;
    return std::nullopt;
  }

 private:
  Landscape landscape_;
  std::size_t n_;
  double factor_;
  bool phantom_;
  std::function<bool(std::size_t, std::size_t)> pending_;
  std::set<std::size_t> resolved_;
};

}  // namespace

// Pending exits are thinned: an estimate at or above the true rate leaves the walk exact, and
// the estimates the walk never draws cost nothing.
TEST(Kmc, PendingEstimatesAboveTheTrueRatesLeaveTheMasterEquationExact) {
  const std::vector<double> times = {1e-8, 3e-8, 1e-7};
  const int runs = 20000;
  for (double factor : {1.0, 3.0}) {
    std::vector<std::vector<double>> count(times.size(), std::vector<double>(4, 0.0));
    long resolved = 0, null_events = 0;
    for (int r = 0; r < runs; ++r) {
      Estimated model(four_state_chain(), 4, factor, true);
      KmcParams p;
      p.max_time = times.back();
      p.seed = 9000 + r;
      std::size_t here = 0, next_time = 0;
      const KmcRun run = run_kmc(model, 0, p, [&](const KmcEvent& ev) {
        EXPECT_LT(ev.to, 4u);
        EXPECT_NE(ev.to, ev.from);
        while (next_time < times.size() && times[next_time] < ev.time) count[next_time++][here] += 1;
        here = ev.to;
        return true;
      });
      while (next_time < times.size()) count[next_time++][here] += 1;
      EXPECT_LE(run.resolved, 7);  // six ways and the phantom, each once
      resolved += run.resolved;
      null_events += run.null_events;
    }
    EXPECT_GT(resolved, runs);  // the phantom alone is drawn in most runs
    EXPECT_GT(null_events, factor > 1 ? runs : 0);
    const Eigen::MatrixXd k = four_state_chain().generator();
    for (std::size_t t = 0; t < times.size(); ++t) {
      const Eigen::VectorXd p_t = (k * times[t]).exp().col(0);
      for (int s = 0; s < 4; ++s) {
        const double sigma = std::sqrt(p_t[s] * (1 - p_t[s]) / runs);
        EXPECT_NEAR(count[t][s] / runs, p_t[s], 5 * sigma + 2.0 / runs)
            << "estimates x" << factor << ", t = " << times[t] << ", state " << s;
      }
    }
  }
}

// A walk held at its strain is cut into windows of time: the model hears each end as a move to
// the same strain, and the state there follows the master equation whatever the windows' length
// (time consistency: the windows cut the walk, they do not change it).
TEST(Kmc, AHeldWalkFollowsTheMasterEquationWhateverItsWindows) {
  const std::vector<double> times = {1e-8, 3e-8, 1e-7};  // s, window ends of both lengths
  const int runs = 20000;
  const Eigen::MatrixXd k = four_state_chain().generator();
  for (double window : {5e-9, 1e-8}) {
    std::vector<std::vector<double>> count(times.size(), std::vector<double>(4, 0.0));
    for (int r = 0; r < runs; ++r) {
      Landscape chain = four_state_chain();
      KmcParams p;
      p.hold_window = window;
      p.max_time = times.back();
      p.seed = 7000 + r;
      const KmcRun run = run_kmc(chain, 0, p);
      ASSERT_EQ(run.stop_reason, "max time");
      ASSERT_EQ(run.strain, 0.0);
      ASSERT_EQ(chain.moved_to, std::vector<double>(static_cast<std::size_t>(std::lround(times.back() / window)), 0.0));
      for (std::size_t t = 0; t < times.size(); ++t)
        count[t][chain.states_at_boundaries.at(static_cast<std::size_t>(std::lround(times[t] / window)) - 1)] += 1;
    }
    for (std::size_t t = 0; t < times.size(); ++t) {
      const Eigen::VectorXd p_t = (k * times[t]).exp().col(0);
      for (int s = 0; s < 4; ++s) {
        const double sigma = std::sqrt(p_t[s] * (1 - p_t[s]) / runs);
        EXPECT_NEAR(count[t][s] / runs, p_t[s], 5 * sigma + 2.0 / runs)
            << "window " << window << " s, t = " << times[t] << ", state " << s;
      }
    }
  }
}

TEST(Kmc, StrainIsRateTimesTimeAndRatesChangeOnlyBetweenWindows) {
  Landscape chain({0.00, 0.04, -0.02, 0.06}, kT300);
  chain.join(0, 1, 0.25, 2.0);  // barriers soften by 2 eV per unit strain
  chain.join(1, 2, 0.22);
  chain.join(2, 3, 0.28, 1.0);
  KmcParams p;
  p.strain_rate = 2000.0;  // 1/s: a window of 1e-4 lasts 5e-8 s, a few hops
  p.strain_increment = 1e-4;
  p.target_strain = 0.01;
  double window_start = 0.0, last_time = 0.0;
  long events = 0;
  const KmcRun run = run_kmc(chain, 0, p, [&](const KmcEvent& ev) {
    ++events;
    EXPECT_EQ(ev.strain, p.strain_rate * ev.time);
    EXPECT_GE(ev.time, last_time);
    last_time = ev.time;
    // The event happens inside the window whose rates produced it.
    if (!chain.moved_to.empty()) window_start = chain.moved_to.back();
    EXPECT_GE(ev.strain, window_start * (1 - 1e-14));
    EXPECT_LE(ev.strain, (window_start + p.strain_increment) * (1 + 1e-14));
    return true;
  });
  EXPECT_EQ(run.stop_reason, "target strain");
  EXPECT_EQ(run.windows, 100);
  EXPECT_EQ(run.strain, p.strain_rate * run.time);
  EXPECT_NEAR(run.strain, p.target_strain, 1e-15);
  EXPECT_EQ(run.steps, events);
  EXPECT_GT(events, 300);  // hops happened in most windows
  // strain_to at every window end, in order; exits asked only at window starts, once per state.
  ASSERT_EQ(chain.moved_to.size(), 100u);
  for (std::size_t w = 0; w < chain.moved_to.size(); ++w)
    EXPECT_NEAR(chain.moved_to[w], (w + 1) * p.strain_increment, 1e-15);
  std::set<std::pair<std::size_t, double>> distinct;
  for (const auto& [state, strain] : chain.asked) {
    const double w = strain / p.strain_increment;
    EXPECT_NEAR(w, std::round(w), 1e-9) << "exits asked at strain " << strain;
    EXPECT_TRUE(distinct.insert({state, strain}).second) << "state " << state << " asked twice at " << strain;
  }
}

namespace {

// A glass reduced to one kind of shear transformation (Eyring's picture): state n has slipped n
// times by `slip`, so its shear stress at strain gamma is tau = G (gamma - n slip); a forward
// slip crosses Q0 - V tau, a backward one Q0 + V tau. In steady flow the net slip rate equals
// the strain rate, gdot = slip nu0 [exp(-(Q0 - V tau)/kT) - exp(-(Q0 + V tau)/kT)], so
// tau = A asinh(gdot / B) with A = kT / V and B = 2 slip nu0 exp(-Q0 / kT).
class TiltedChain : public RateModel {
 public:
  static constexpr std::size_t kOrigin = 1000000;  // state of n = 0: room to slip backwards
  double kT = 0.02714;     // eV (315 K)
  double q0 = 0.5;         // eV
  double nu0 = 1e13;       // 1/s
  double shear_modulus = 10.0;  // GPa
  double slip = 1e-5;
  double volume = 0.2714;  // eV/GPa: A = kT / V = 0.1 GPa
  double stress(std::size_t state, double strain) const {
    const double n = static_cast<double>(state) - static_cast<double>(kOrigin);
    return shear_modulus * (strain - n * slip);
  }
  std::vector<Exit> exits(std::size_t state, double strain) override {
    const double tau = stress(state, strain);
    const double forward = q0 - volume * tau, backward = q0 + volume * tau;
    return {{state + 1, nu0 * std::exp(-forward / kT), forward}, {state - 1, nu0 * std::exp(-backward / kT), backward}};
  }
  double a() const { return kT / volume; }
  double b() const { return 2.0 * slip * nu0 * std::exp(-q0 / kT); }
};

// The time average of the stress from strain `from` to `to` of one walk at strain rate `rate`.
double mean_flow_stress(TiltedChain& chain, double rate, double from, double to, unsigned long seed) {
  KmcParams p;
  p.strain_rate = rate;
  p.strain_increment = 1e-5;  // the stress moves by G * 1e-5 = 1e-4 GPa per window
  p.target_strain = to;
  p.superbasins = false;  // forward and backward slips are one state apart at every strain
  p.seed = seed;
  // tau(t) = G (rate t - n slip) between events: integrated exactly over [from, to].
  double integral = 0.0, last = from / rate;
  std::size_t state = TiltedChain::kOrigin;
  const auto add_until = [&](double t) {
    if (t <= last) return;
    const double n = static_cast<double>(state) - static_cast<double>(TiltedChain::kOrigin);
    integral += chain.shear_modulus * (rate * 0.5 * (t * t - last * last) - n * chain.slip * (t - last));
    last = t;
  };
  const KmcRun run = run_kmc(chain, TiltedChain::kOrigin, p, [&](const KmcEvent& ev) {
    add_until(ev.time);
    state = ev.to;
    return true;
  });
  EXPECT_EQ(run.stop_reason, "target strain");
  add_until(run.time);
  return integral / (run.time - from / rate);
}

}  // namespace

// The time-consistency check issue 25 asks of an integrator: the flow stress of the tilted
// chain follows Eyring's sinh law with the A and B it must give, from the linear regime
// (tau = A gdot / B) to the exponential one (A per e-fold of rate), over six decades.
TEST(Kmc, SteadyFlowStressOfATiltedChainFollowsTheSinhLaw) {
  TiltedChain chain;
  const std::vector<double> rates = {0.2, 20.0, 2e3, 2e5};  // 1/s; B = 2 1/s
  std::vector<double> measured;
  for (double rate : rates) {
    const double expected = chain.a() * std::asinh(rate / chain.b());
    // Past the transient: loaded elastically to about the flow stress, the walk then settles
    // over strains of A / G or less.
    const double from = (expected + 10.0 * chain.a()) / chain.shear_modulus;
    Sample runs;
    for (unsigned long seed = 1; seed <= 8; ++seed) runs.add(mean_flow_stress(chain, rate, from, from + 0.05, seed));
    // Windows lag the stress by up to G * strain_increment; hop noise (sd ~ sqrt(G slip A / 2)
    // = 2e-3 GPa) biases the mean of the convex rates by far less.
    EXPECT_NEAR(runs.mean(), expected, 5.0 * runs.standard_error() + 2e-4)
        << "at " << rate << " 1/s (A asinh(gdot/B) = " << expected << " GPa)";
    measured.push_back(runs.mean());
  }
  // A and B read back from the walks: the slope per e-fold of rate at the two fastest, and B
  // from the slowest, in the linear regime.
  const double a_fit = (measured[3] - measured[2]) / std::log(rates[3] / rates[2]);
  EXPECT_NEAR(a_fit, chain.a(), 0.03 * chain.a());
  const double b_fit = rates[0] / std::sinh(measured[0] / a_fit);
  EXPECT_NEAR(b_fit, chain.b(), 0.1 * chain.b());
}

TEST(Kmc, FirstEscapeStrainUnderASofteningBarrierMatchesTheSurvivalIntegral) {
  // One exit whose barrier falls linearly with strain: Ea = 0.6 - 10 gamma (eV), kT = 0.025 eV.
  const double kT = 0.025, nu0 = 1e13, ea0 = 0.6, softening = 10.0;
  Landscape well({0.0, -1.0}, kT, nu0);
  well.join(0, 1, ea0, softening);
  KmcParams p;
  p.strain_rate = 50.0;
  p.strain_increment = 1e-3;
  p.target_strain = 1.0;
  // Rates constant per window at the window's starting strain: survival to the end of window w
  // is S_w = exp(-sum_{m<w} k_m D / gdot), and E[gamma] = integral of S.
  auto mean_escape_strain = [&](double rate_strain_offset) {
    double mean = 0.0, survival = 1.0;
    for (int w = 0; survival > 1e-300 && w < 100000; ++w) {
      const double k = nu0 * std::exp(-(ea0 - softening * (w * p.strain_increment + rate_strain_offset)) / kT);
      const double a = k * p.strain_increment / p.strain_rate;
      mean += survival * (p.strain_rate / k) * -std::expm1(-a);
      survival *= std::exp(-a);
    }
    return mean;
  };
  const double expected = mean_escape_strain(0.0);
  const int runs = 4000;
  Sample escape;
  for (int r = 0; r < runs; ++r) {
    p.seed = 20000 + r;
    const KmcRun run = run_kmc(well, 0, p, [](const KmcEvent&) { return false; });
    ASSERT_EQ(run.stop_reason, "stopped by caller");
    ASSERT_EQ(run.steps, 1);
    escape.add(run.strain);
  }
  EXPECT_NEAR(escape.mean(), expected, 5 * escape.standard_error());
  // The check can tell rates taken at the window's end from rates at its start.
  EXPECT_GT(std::fabs(mean_escape_strain(p.strain_increment) - expected), 5 * escape.standard_error());
}

TEST(Kmc, AStrainThatDestroysTheBasinIsAnAthermalJumpAtTheWindowEnd) {
  Landscape isolated({0.0, 0.0, -0.5}, kT300);  // no saddles: nothing thermal happens
  isolated.basin_after_strain = [](std::size_t state, double strain) -> std::size_t {
    return (state == 0 && strain >= 0.005 - 1e-12) ? 2 : state;
  };
  KmcParams p;
  p.strain_rate = 1.0;
  p.strain_increment = 1e-3;
  p.target_strain = 0.01;
  std::vector<KmcEvent> events;
  const KmcRun run = run_kmc(isolated, 0, p, [&](const KmcEvent& ev) {
    events.push_back(ev);
    return true;
  });
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].athermal);
  EXPECT_FALSE(events[0].through_superbasin);
  EXPECT_EQ(events[0].from, 0u);
  EXPECT_EQ(events[0].to, 2u);
  EXPECT_NEAR(events[0].strain, 0.005, 1e-15);
  EXPECT_EQ(run.athermal_jumps, 1);
  EXPECT_EQ(run.steps, 0);
  EXPECT_EQ(run.state, 2u);
  EXPECT_EQ(run.windows, 10);
  EXPECT_EQ(run.stop_reason, "target strain");
}

namespace {

// A flickering pair A (0) <-> B (1), barriers 0.05 / 0.04 eV, each with one high exit: A -> C (2),
// B -> D (3). kT = 0.025 eV.
Landscape flickering_pair(double exit_a, double exit_b) {
  Landscape pair({0.0, 0.01, -0.2, -0.2}, 0.025);
  pair.join(0, 1, 0.05);
  pair.join(0, 2, exit_a);
  pair.join(1, 3, 0.01 + exit_b);
  return pair;
}

// First passage out of the flickering pair {A = 0, B = 1} from A, from the two-state absorbing
// chain by hand: a = A->B, b = B->A, c = A->C, d = B->D.
struct PairEscape {
  double a, b, c, d, det, mean_time, p_c;
};
PairEscape pair_escape(const Landscape& pair) {
  PairEscape e{pair.rate(0, 1), pair.rate(1, 0), pair.rate(0, 2), pair.rate(1, 3), 0, 0, 0};
  e.det = (e.a + e.c) * (e.b + e.d) - e.a * e.b;
  e.mean_time = (e.a + e.b + e.d) / e.det;  // mean time to leave
  e.p_c = e.c * (e.b + e.d) / e.det;        // probability of leaving by C
  return e;
}

}  // namespace

TEST(Kmc, SuperbasinEscapeMatchesTheAbsorbingChainWithFarFewerSteps) {
  Landscape pair = flickering_pair(0.25, 0.23);
  const PairEscape esc = pair_escape(pair);
  const double a = esc.a, b = esc.b, c = esc.c, d = esc.d, det = esc.det, mean_time = esc.mean_time, p_c = esc.p_c;
  // And the number of transitions (escape included), by hand too.
  const double transitions = (2 * a + c) * (b + d) / det;
  const double transitions_from_b = (2 * b + d) * (a + c) / det;
  ASSERT_GT(transitions, 1000);  // flickers dominate

  const int runs = 4000;
  struct Tally {
    Sample time, left_by_c, steps, steps_with_saved;
    long escapes = 0;
  };
  auto run_all = [&](bool superbasins) {
    Tally t;
    for (int r = 0; r < runs; ++r) {
      KmcParams p;
      p.superbasins = superbasins;
      p.flicker_barrier = 0.1;
      p.flicker_visits = 5;
      p.seed = 40000 + r;
      std::size_t exit_to = 0, escaped_from = 0, here = 0;
      const KmcRun run = run_kmc(pair, 0, p, [&](const KmcEvent& ev) {
        exit_to = ev.to;
        escaped_from = here;
        here = ev.to;
        return ev.to != 2 && ev.to != 3;  // stop on leaving the pair
      });
      // One escape stands for exactly the expected transitions from where the superbasin
      // started, minus the escape itself.
      if (run.superbasin_escapes == 1) {
        const double replaced = (escaped_from == 0 ? transitions : transitions_from_b) - 1;
        EXPECT_NEAR(run.steps_saved, replaced, 1e-6 * replaced);
      }
      EXPECT_EQ(run.stop_reason, "stopped by caller");
      t.time.add(run.time);
      t.left_by_c.add(exit_to == 2 ? 1.0 : 0.0);
      t.steps.add(static_cast<double>(run.steps));
      t.steps_with_saved.add(run.steps + run.steps_saved);
      t.escapes += run.superbasin_escapes;
      if (!superbasins) {
        EXPECT_EQ(run.steps_saved, 0.0);
      }
    }
    return t;
  };
  const Tally on = run_all(true), off = run_all(false);
  for (const Tally* t : {&on, &off}) {
    EXPECT_NEAR(t->time.mean(), mean_time, 5 * t->time.standard_error());
    EXPECT_NEAR(t->left_by_c.mean(), p_c, 5 * std::sqrt(p_c * (1 - p_c) / runs));
  }
  // Without superbasins every transition is a step; with them an escape stands for the expected
  // transitions it replaced.
  EXPECT_EQ(off.escapes, 0);
  EXPECT_NEAR(off.steps.mean(), transitions, 5 * off.steps.standard_error());
  EXPECT_GT(on.escapes, 0.95 * runs);
  EXPECT_GT(on.steps_with_saved.mean() - on.steps.mean(), 0.9 * transitions);
  EXPECT_NEAR(on.steps_with_saved.mean(), transitions, 5 * on.steps_with_saved.standard_error() + 1e-6 * transitions);
  EXPECT_LT(on.steps.mean() * 50, off.steps.mean());
}

// At a slow strain rate a window is long: a pair whose barrier is far above flicker_barrier
// can still be crossed thousands of times per window. Counted by its rate (flicker_per_window)
// it is a superbasin, and the escape keeps the absorbing chain's mean time and exit odds.
TEST(Kmc, PairsCrossedManyTimesPerWindowAreSuperbasinsWhateverTheirBarrier) {
  Landscape pair = flickering_pair(0.25, 0.23);
  const PairEscape esc = pair_escape(pair);
  const double mean_time = esc.mean_time, p_c = esc.p_c;
  const double window = 10.0 * mean_time;  // most escapes happen in the first window
  ASSERT_GT(std::min(esc.a, esc.b) * window, 1000.0);
  ASSERT_LT(std::max(esc.c, esc.d) * window, 1000.0);  // the ways out are not flickers
  const int runs = 2000;
  auto run_all = [&](double per_window, long& escapes, Sample& time, Sample& left_by_c) {
    for (int r = 0; r < runs; ++r) {
      KmcParams p;
      p.flicker_barrier = 0.0;  // the barrier rule alone would never see a flicker here
      p.flicker_per_window = per_window;
      p.flicker_visits = 5;
      p.strain_rate = 1.0 / window;
      p.strain_increment = 1.0;
      p.target_strain = 1e6;
      p.seed = 70000 + r;
      std::size_t exit_to = 0;
      const KmcRun run = run_kmc(pair, 0, p, [&](const KmcEvent& ev) {
        exit_to = ev.to;
        return ev.to != 2 && ev.to != 3;
      });
      escapes += run.superbasin_escapes;
      time.add(run.time);
      left_by_c.add(exit_to == 2 ? 1.0 : 0.0);
    }
  };
  long on_escapes = 0, off_escapes = 0;
  Sample on_time, on_c, off_time, off_c;
  run_all(1000.0, on_escapes, on_time, on_c);
  run_all(0.0, off_escapes, off_time, off_c);
  EXPECT_EQ(off_escapes, 0);
  EXPECT_GT(on_escapes, 0.9 * runs);
  for (const auto& [time, left] : {std::pair<const Sample&, const Sample&>{on_time, on_c}, {off_time, off_c}}) {
    EXPECT_NEAR(time.mean(), mean_time, 5 * time.standard_error());
    EXPECT_NEAR(left.mean(), p_c, 5 * std::sqrt(p_c * (1 - p_c) / runs));
  }
}

// A flickering pair whose only known exits lead to each other: the system stays in it until
// the window ends, then sits in either state with the Boltzmann odds, in a handful of steps
// instead of a hop for every crossing. Unloaded, such a pair ends the run ("no exits").
TEST(Kmc, ClosedFlickeringPairHoldsItsLocalEquilibriumToTheWindowEnd) {
  Landscape pair({0.0, 0.01}, 0.025);
  pair.join(0, 1, 0.05);
  const double p1 = pair.boltzmann()[1];
  const double window = 1e-6;  // s: ~1e5 crossings each way
  ASSERT_GT(pair.rate(0, 1) * window, 1e4);
  const int runs = 4000;
  Sample in_1, steps;
  for (int r = 0; r < runs; ++r) {
    KmcParams p;
    p.flicker_barrier = 0.1;
    p.flicker_visits = 5;
    p.strain_rate = 1e-3 / window;
    p.strain_increment = 1e-3;
    p.target_strain = 1e-3;
    p.seed = 90000 + r;
    const KmcRun run = run_kmc(pair, 0, p);
    EXPECT_EQ(run.stop_reason, "target strain");
    in_1.add(run.state == 1 ? 1.0 : 0.0);
    steps.add(static_cast<double>(run.steps));
  }
  EXPECT_NEAR(in_1.mean(), p1, 5 * std::sqrt(p1 * (1 - p1) / runs));
  EXPECT_LT(steps.mean(), 20.0);
  KmcParams unloaded;
  unloaded.flicker_visits = 5;
  const KmcRun still = run_kmc(pair, 0, unloaded);
  EXPECT_EQ(still.stop_reason, "no exits");
  EXPECT_LT(still.steps, 20);
}

// A closed pair whose model can find more exits when asked: the engine asks once, then leaves
// by the new exit instead of holding the pair to the window's end.
TEST(Kmc, AConfinedWalkAsksTheModelForMoreExitsAndLeavesByThem) {
  struct Searchable : Landscape {
    Searchable() : Landscape({0.0, 0.01, -0.3}, 0.025) { join(0, 1, 0.05); }
    int searches = 0;
    bool search_more(const std::vector<std::size_t>& states) override {
      ++searches;
      if (searches > 1) return false;
      EXPECT_EQ(std::set<std::size_t>(states.begin(), states.end()), (std::set<std::size_t>{0, 1}));
      join(1, 2, 0.3);  // a way out, met only now
      return true;
    }
  } model;
  KmcParams p;
  p.flicker_barrier = 0.1;
  p.flicker_visits = 5;
  p.strain_rate = 1.0;
  p.strain_increment = 1.0;  // a window of 1 s: ample time for a 0.3 eV barrier
  p.target_strain = 1.0;
  std::size_t last = 0;
  const KmcRun run = run_kmc(model, 0, p, [&](const KmcEvent& ev) {
    last = ev.to;
    return ev.to != 2;
  });
  EXPECT_EQ(model.searches, 1);
  EXPECT_EQ(last, 2u);
  EXPECT_EQ(run.stop_reason, "stopped by caller");
  EXPECT_LT(run.time, 1.0);
}

// will_stay tells the model how long the walk expects to stay before each draw: summed over a
// run, that is the time spent in each state on average, hop by hop or through a superbasin.
// For the flickering pair left by C or D, the expected times in A and B before leaving are row
// A of M^-1 = [[b+d, a], [b, a+c]] / det.
TEST(Kmc, TheModelHearsTheExpectedTimeInEachStateBeforeEachDraw) {
  struct Listening : Landscape {
    Listening() : Landscape(flickering_pair(0.25, 0.23)) {}
    std::vector<double> heard = std::vector<double>(4, 0.0);
    bool will_stay(const std::vector<std::size_t>& states, const std::vector<double>& seconds) override {
      EXPECT_EQ(states.size(), seconds.size());
      for (std::size_t i = 0; i < states.size(); ++i) heard[states[i]] += seconds[i];
      return false;
    }
  };
  Listening model;
  const PairEscape esc = pair_escape(model);
  const double in_a = (esc.b + esc.d) / esc.det, in_b = esc.a / esc.det;
  for (const bool superbasins : {false, true}) {
    SCOPED_TRACE(superbasins);
    Sample a, b;
    long escapes = 0;
    for (int r = 0; r < 2000; ++r) {
      model.heard.assign(4, 0.0);
      KmcParams p;
      p.superbasins = superbasins;
      p.flicker_barrier = 0.1;
      p.flicker_visits = 5;
      p.seed = 70000 + r;
      escapes += run_kmc(model, 0, p, [](const KmcEvent& ev) { return ev.to < 2; }).superbasin_escapes;
      a.add(model.heard[0]);
      b.add(model.heard[1]);
      EXPECT_EQ(model.heard[2] + model.heard[3], 0.0);  // the run stops on arrival there
    }
    EXPECT_NEAR(a.mean(), in_a, 5 * a.standard_error());
    EXPECT_NEAR(b.mean(), in_b, 5 * b.standard_error());
    if (superbasins) EXPECT_GT(escapes, 1900);
  }
}

// A model that searches a state it would hold too long, finds a way out and says so: the engine
// asks that state's exits again before it draws, and the walk can leave by the new exit at once.
TEST(Kmc, AModelThatSearchesBeforeALongStayIsAskedAgain) {
  struct Searching : Landscape {
    Searching() : Landscape({0.0, -0.1, -0.3}, 0.025) { join(0, 1, 0.9); }  // ~1e-3 1/s: held for ever
    int searched = 0;
    bool will_stay(const std::vector<std::size_t>& states, const std::vector<double>& seconds) override {
      if (states[0] != 0 || seconds[0] < 0.5 || searched) return false;
      ++searched;
      join(0, 2, 0.2);  // met by the search: ~4e8 1/s
      return true;
    }
  } model;
  KmcParams p;
  p.strain_rate = 1e-3;
  p.strain_increment = 1e-3;  // one window of 1 s
  p.target_strain = 1e-3;
  std::size_t to = 0;
  const KmcRun run = run_kmc(model, 0, p, [&](const KmcEvent& ev) {
    to = ev.to;
    return false;
  });
  EXPECT_EQ(model.searched, 1);
  EXPECT_EQ(to, 2u);
  EXPECT_LT(run.time, 1e-6);
  long asked_for_0 = 0;
  for (const auto& [state, strain] : model.asked) asked_for_0 += state == 0 ? 1 : 0;
  EXPECT_EQ(asked_for_0, 2);  // before the search and after it
}

// A search from one state can add a saddle to another whose exits the engine already holds:
// the model says which states changed, and the engine asks them again, so the way on from
// there (and the way back, for detailed balance) is there at once.
TEST(Kmc, ExitsAddedToAStateMetEarlierAreSeenAtOnce) {
  struct Growing : Landscape {
    Growing() : Landscape({0.0, 0.01, -0.3}, 0.025) { join(0, 1, 0.1); }
    int calls_in_0 = 0;
    std::vector<std::size_t> changed;
    bool will_stay(const std::vector<std::size_t>& states, const std::vector<double>&) override {
      if (states[0] == 0 && ++calls_in_0 == 2) {  // a search from 0, after 1 was visited, meets 1 -> 2
        join(1, 2, 0.11);
        changed = {1, 2};
      }
      return false;
    }
    std::vector<std::size_t> take_changed() override { return std::exchange(changed, {}); }
  };
  for (const bool report : {true, false}) {
    SCOPED_TRACE(report);
    Growing model;
    struct Silent : Growing {
      std::vector<std::size_t> take_changed() override { return {}; }
    } silent;
    KmcParams p;
    p.superbasins = false;
    p.max_steps = 200;
    std::set<std::size_t> reached;
    RateModel& m = report ? static_cast<RateModel&>(model) : static_cast<RateModel&>(silent);
    run_kmc(m, 0, p, [&](const KmcEvent& ev) {
      reached.insert(ev.to);
      return ev.to != 2;
    });
    // Without the report the engine keeps state 1's exits from before the search: no way to 2.
    EXPECT_EQ(reached.count(2), report ? 1u : 0u);
  }
}

namespace {

// A flickering chain 0 - 1 - 2 with one exit each to 3, 4, 5.
Landscape flickering_chain() {
  Landscape chain({0.0, 0.02, -0.01, -0.3, -0.3, -0.3}, 0.025);
  chain.join(0, 1, 0.06);
  chain.join(1, 2, 0.05);
  chain.join(0, 3, 0.22);
  chain.join(1, 4, 0.02 + 0.25);
  chain.join(2, 5, -0.01 + 0.23);
  return chain;
}

// Walks from state 0 of the flickering chain until they leave {0, 1, 2}, each on the model
// `make` gives: the time taken, which exit, and the engine's counts.
struct Escapes {
  Sample time;
  std::vector<Sample> left_by = std::vector<Sample>(3);
  long superbasin_escapes = 0, null_events = 0;
};
Escapes escape_the_chain(const std::function<std::unique_ptr<RateModel>()>& make, bool superbasins, int runs,
                         unsigned long seed) {
  Escapes out;
  for (int r = 0; r < runs; ++r) {
    const std::unique_ptr<RateModel> model = make();
    KmcParams p;
    p.superbasins = superbasins;
    p.flicker_visits = 5;
    p.seed = seed + static_cast<unsigned long>(r);
    std::size_t exit_to = 0;
    const KmcRun run = run_kmc(*model, 0, p, [&](const KmcEvent& ev) {
      EXPECT_LT(ev.to, 6u);
      exit_to = ev.to;
      return ev.to < 3;
    });
    out.time.add(run.time);
    for (int x = 0; x < 3; ++x) out.left_by[x].add(exit_to == std::size_t(3 + x) ? 1.0 : 0.0);
    out.superbasin_escapes += run.superbasin_escapes;
    out.null_events += run.null_events;
  }
  return out;
}

// The escapes against first passage out of {0, 1, 2} from 0: M T = 1 and M P = K_out, with
// M = diag(R) - K inside the set.
void expect_first_passage(const Landscape& chain, const Escapes& e, int runs, const std::string& label) {
  Eigen::Matrix3d m = Eigen::Matrix3d::Zero();
  Eigen::Matrix3d k_out = Eigen::Matrix3d::Zero();
  for (int i = 0; i < 3; ++i) {
    m(i, i) = chain.total_rate(i);
    for (int j = 0; j < 3; ++j)
      if (j != i) m(i, j) = -chain.rate(i, j);
    for (int x = 0; x < 3; ++x) k_out(i, x) = chain.rate(i, 3 + x);
  }
  const Eigen::Vector3d mean_time = m.lu().solve(Eigen::Vector3d::Ones());
  const Eigen::Matrix3d leave_by = m.lu().solve(k_out);
  EXPECT_NEAR(e.time.mean(), mean_time[0], 5 * e.time.standard_error()) << label;
  for (int x = 0; x < 3; ++x) {
    const double q = leave_by(0, x);
    EXPECT_NEAR(e.left_by[x].mean(), q, 5 * std::sqrt(q * (1 - q) / runs)) << "exit " << x << ", " << label;
  }
}

}  // namespace

TEST(Kmc, ThreeStateSuperbasinAgreesWithTheFirstPassageEquationsAndWithPlainKmc) {
  const Landscape chain = flickering_chain();
  const int runs = 4000;
  for (bool superbasins : {true, false}) {
    const Escapes e = escape_the_chain([&] { return std::make_unique<Landscape>(chain); }, superbasins, runs, 60000);
    expect_first_passage(chain, e, runs, superbasins ? "superbasins" : "hop by hop");
    if (superbasins) {
      EXPECT_GT(e.superbasin_escapes, 0.9 * runs);
    }
  }
}

// A superbasin's ways out given as pending estimates at 3x their true rates: an escape through
// one is thinned like a single hop (a null event leaves the system in the member it left from),
// so first-passage times and exits still match the first-passage equations.
TEST(Kmc, PendingWaysOutOfASuperbasinAreThinnedToTheFirstPassageAnswer) {
  const Landscape chain = flickering_chain();
  const int runs = 4000;
  const Escapes e = escape_the_chain(
      [&] {
        return std::make_unique<Estimated>(chain, 6, 3.0, false,
                                           [](std::size_t from, std::size_t to) { return from < 3 && to >= 3; });
      },
      true, runs, 61000);
  expect_first_passage(chain, e, runs, "pending ways out");
  EXPECT_GT(e.superbasin_escapes, 0.9 * runs);
  EXPECT_GT(e.null_events, runs / 2);  // thinning at 1/3 rejected most first draws
}

TEST(Kmc, SuperbasinCutByAWindowEndLeavesTheStateInLocalEquilibrium) {
  // Escapes are rare (rate ~40 1/s); windows of 1e-9 s hold ~160 flickers each. At every
  // window end the pair should be in its local equilibrium, P(A) = k_BA / (k_AB + k_BA).
  Landscape on_model = flickering_pair(0.6, 0.6), off_model = flickering_pair(0.6, 0.6);
  const double p_a = on_model.rate(1, 0) / (on_model.rate(0, 1) + on_model.rate(1, 0));
  KmcParams p;
  p.strain_rate = 1e5;
  p.strain_increment = 1e-4;
  p.target_strain = 0.1;  // 1000 windows
  p.flicker_visits = 5;
  p.seed = 3;
  const KmcRun on = run_kmc(on_model, 0, p);
  p.superbasins = false;
  const KmcRun off = run_kmc(off_model, 0, p);
  for (const Landscape* m : {&on_model, &off_model}) {
    ASSERT_EQ(m->states_at_boundaries.size(), 1000u);
    double in_a = 0;
    for (std::size_t s : m->states_at_boundaries) in_a += (s == 0);
    EXPECT_NEAR(in_a / 1000, p_a, 5 * std::sqrt(p_a * (1 - p_a) / 1000));
  }
  EXPECT_EQ(on.stop_reason, "target strain");
  EXPECT_LT(on.steps, 50);      // the flickers before the first superbasin only
  EXPECT_GT(off.steps, 100000);
}

TEST(Kmc, TheSameSeedGivesTheSameTrajectory) {
  auto trajectory = [](unsigned long seed) {
    Landscape chain = four_state_chain();
    KmcParams p;
    p.max_steps = 200;
    p.seed = seed;
    std::vector<std::pair<double, std::size_t>> events;
    const KmcRun run = run_kmc(chain, 0, p, [&](const KmcEvent& ev) {
      events.emplace_back(ev.time, ev.to);
      return true;
    });
    EXPECT_EQ(run.stop_reason, "max steps");
    EXPECT_EQ(run.steps, 200);
    return events;
  };
  EXPECT_EQ(trajectory(7), trajectory(7));
  EXPECT_NE(trajectory(7), trajectory(8));
}

TEST(Kmc, AStateWithoutExitsEndsAnUnloadedRun) {
  // State 1 has no way out.
  struct OneWay : RateModel {
    std::vector<Exit> exits(std::size_t state, double) override {
      if (state == 0) return {{1, 1e6, 0.3, 0}};
      return {};
    }
  } one_way;
  KmcParams p;
  const KmcRun run = run_kmc(one_way, 0, p);
  EXPECT_EQ(run.stop_reason, "no exits");
  EXPECT_EQ(run.state, 1u);
  EXPECT_EQ(run.steps, 1);
  EXPECT_GT(run.time, 0.0);
  // Under load the same state waits for the next windows instead.
  p.strain_rate = 1.0;
  p.target_strain = 0.001;
  p.strain_increment = 1e-4;
  const KmcRun loaded = run_kmc(one_way, 0, p);
  EXPECT_EQ(loaded.stop_reason, "target strain");
  EXPECT_EQ(loaded.state, 1u);
  EXPECT_NEAR(loaded.time, 1e-3, 1e-15);
}

TEST(Kmc, BadParametersNameTheKey) {
  Landscape chain = four_state_chain();
  auto message = [&](const std::function<void(KmcParams&)>& set) -> std::string {
    KmcParams p;
    set(p);
    try {
      run_kmc(chain, 0, p);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  auto names = [&](const std::function<void(KmcParams&)>& set, const std::string& key) {
    EXPECT_NE(message(set).find("key '" + key + "'"), std::string::npos) << message(set);
  };
  names([](KmcParams& p) { p.strain_rate = -1; }, "kmc.rate");
  names([](KmcParams& p) { p.strain_rate = NAN; }, "kmc.rate");
  names([](KmcParams& p) { p.strain_increment = 0; }, "kmc.strain_increment");
  names([](KmcParams& p) { p.target_strain = 0.1; }, "kmc.max_strain");  // without a strain rate
  names([](KmcParams& p) { p.strain_rate = 1; }, "kmc.max_strain");      // loading that never ends
  names([](KmcParams& p) { p.max_time = 0; }, "kmc.max_time");
  names([](KmcParams& p) { p.max_steps = 0; }, "kmc.max_steps");
  names([](KmcParams& p) { p.flicker_barrier = -0.1; }, "kmc.flicker_barrier");
  names([](KmcParams& p) { p.flicker_visits = 0; }, "kmc.flicker_visits");
  names([](KmcParams& p) { p.flicker_per_window = -1; }, "kmc.flicker_per_window");
  names([](KmcParams& p) { p.hold_window = 1e-9; }, "kmc.hold_time");  // a hold without an end
  names([](KmcParams& p) { p.hold_window = NAN; }, "kmc.hold_time");
  names([](KmcParams& p) {  // held and loaded at once
    p.hold_window = 1e-9;
    p.max_time = 1e-8;
    p.strain_rate = 1;
  }, "kmc.hold_time");
  EXPECT_EQ(message([](KmcParams& p) { p.strain_rate = -1; }), "key 'kmc.rate' must not be negative");
  KmcParams time_limited;
  time_limited.strain_rate = 1;
  time_limited.max_time = 10;
  EXPECT_NO_THROW(check_kmc_params(time_limited));
}

// Soft-mode searches keep the modes of the minima searched last: a minimum still in use keeps
// its modes, the one used longest ago is dropped first, and the cache never grows past its
// capacity however many minima a walk meets.
TEST(Kmc, SoftModeCacheDropsTheMinimumUsedLongestAgo) {
  SoftModeCache cache(2);
  cache.modes(1).push_back(Eigen::VectorXd::Constant(4, 1.0));
  cache.modes(2).push_back(Eigen::VectorXd::Constant(4, 2.0));
  ASSERT_EQ(cache.modes(1).size(), 1u);  // used again: now 2 is the oldest
  cache.modes(3).push_back(Eigen::VectorXd::Constant(4, 3.0));
  EXPECT_TRUE(cache.holds(1));
  EXPECT_FALSE(cache.holds(2));
  EXPECT_TRUE(cache.holds(3));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_DOUBLE_EQ(cache.modes(1).front()[0], 1.0);  // what was kept is what was stored
  EXPECT_TRUE(cache.modes(2).empty());               // dropped: solved again by the caller
  EXPECT_FALSE(cache.holds(3));                       // 3 was used before 1 and 2 last
  for (std::size_t m = 10; m < 1000; ++m) cache.modes(m).push_back(Eigen::VectorXd::Zero(4));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_THROW(SoftModeCache(0), std::invalid_argument);
}

// kmc.carry_reach: a minimum entered by a hop of one cluster takes over the events of the other
// cluster (20 sigma away: none of them can change) as pending exits with their barriers, each
// carried when drawn to the same saddle, barrier to 1e-6, and is searched only around the
// cluster that hopped, with the runs scaled by its share of the atoms (events those searches
// find from a start side are carried to the minimum too).
TEST(CatalogKmc, AMinimumEnteredByAHopTakesOverTheEventsBeyondItsReach) {
  metabasin::testing::TwoClusters apart(20.0);
  Catalog catalog(apart.start, "lj");
  const VectorXd s0 = positions_of(apart.start);
  const std::size_t start = catalog.add_minimum({apart.energy, s0, 0.0, "start", 0}).index;
  std::map<std::size_t, double> far_barriers;  // saddle index -> barrier, events of cluster A
  for (unsigned seed = 1; far_barriers.size() < 3 && seed < 40; seed += 7) {
    const CatalogedEvent e = add_art_event(catalog, s0, apart.event_of(0, seed), 0.0, "art");
    if (e.saddle) far_barriers[*e.saddle] = catalog.saddle(*e.saddle).energy - apart.energy;
  }
  ASSERT_GE(far_barriers.size(), 2u);
  const ArtSearch hop = apart.event_of(7);
  const CatalogedEvent h = add_art_event(catalog, s0, hop, 0.0, "art");
  ASSERT_TRUE(h.saddle);
  const std::size_t entered = h.final.index;

  CatalogKmcParams p;
  p.temperature = 0.01;  // reduced units: rates do not matter here
  p.min_exits = 100;     // the entered minimum is searched
  p.search_method = "art";
  p.art = metabasin::testing::lj7_art_params();
  p.searches = 4;
  p.carry_reach = 5.0;
  CatalogRateModel model(catalog, apart.lj, p);
  const std::vector<Exit> first = model.exits(entered, 0.0);
  EXPECT_EQ(model.carry_estimates(), static_cast<long>(far_barriers.size()));
  EXPECT_EQ(model.carried_events(), 0);  // nothing refined before the walk draws it
  EXPECT_EQ(model.searches(), 2);        // 4 runs x 7 of 14 atoms near the hop
  // Taken over unrefined: the far events' own barriers, as pending exits; each one drawn is
  // carried, and its refined barrier is the estimate's.
  long pending = 0;
  for (const Exit& e : first) {
    if (!e.pending) continue;
    ++pending;
    bool matched = false;
    for (const auto& [k0, b0] : far_barriers) matched |= e.barrier == b0;
    EXPECT_TRUE(matched) << "estimated barrier " << e.barrier << " is none of the far events'";
    const std::optional<Exit> known = model.resolve(entered, e);
    ASSERT_TRUE(known);
    EXPECT_FALSE(known->pending);
    EXPECT_NEAR(known->barrier, e.barrier, 1e-6);
    EXPECT_THROW(model.resolve(entered, e), NumericalError);  // resolved once
  }
  EXPECT_EQ(pending, static_cast<long>(far_barriers.size()));
  EXPECT_EQ(model.carried_events(), static_cast<long>(far_barriers.size()));
  EXPECT_EQ(model.carry_refused(), 0);
  for (const Exit& e : model.exits(entered, 0.0)) EXPECT_FALSE(e.pending);
  // A second walk on this catalog takes the far events over again and finds each already an
  // exit of the minimum: none stays pending, so no event counts twice.
  CatalogRateModel again(catalog, apart.lj, p);
  for (const Exit& e : again.exits(entered, 0.0)) EXPECT_FALSE(e.pending);
  EXPECT_EQ(again.carry_estimates(), static_cast<long>(far_barriers.size()));
  EXPECT_EQ(again.carry_duplicates(), static_cast<long>(far_barriers.size()));
  std::multiset<long> carried;
  long from_start_sides = 0;
  const auto& g = catalog.graph();
  for (auto [e, end] = boost::out_edges(entered, g); e != end; ++e) {
    const std::size_t k = g[*e];
    const Transition& t = catalog.saddle(k);
    const VectorXd d = displacement(apart.start.box, catalog.minimum_positions(entered), catalog.saddle_positions(k));
    const std::size_t centre = most_moving_atom(d);
    if (t.found_by == "kmc/carried/lanczos" && centre >= 7) {
      ++from_start_sides;  // a search's event from a start side (its own cluster's flip), carried
    } else if (t.found_by == "kmc/carried/lanczos") {
      const double barrier = t.energy - catalog.minimum(entered).energy;
      bool matched = false;
      for (const auto& [k0, b0] : far_barriers) matched |= std::abs(barrier - b0) < 1e-6;
      EXPECT_TRUE(matched) << "carried barrier " << barrier << " is none of the far events'";
      carried.insert(static_cast<long>(k));
    } else if (t.found_by == "kmc/art") {
      EXPECT_GE(centre, 7u) << "a search pushed outside the hop's reach";
    }
  }
  EXPECT_EQ(carried.size(), far_barriers.size());
  EXPECT_EQ(from_start_sides, model.start_side_carried());
  EXPECT_GT(model.start_side_carried(), 0) << "these seeds' two searches met a start side";
}


// kmc.carry_reach: a minimum that recombines two local events, each met before in a minimum the
// walk searched (both clusters hopped, where each of two searched minima has one cluster hopped),
// takes each cluster's events over from the minimum that shares it, and is not searched at all.
// Among the estimates are the two ways back, each a known event of the other cluster: drawn,
// they lead to the minima with one cluster hopped.
TEST(CatalogKmc, AMinimumRecombiningKnownEventsTakesThemOverUnsearched) {
  metabasin::testing::TwoClusters apart(20.0);
  Catalog catalog(apart.start, "lj");
  const VectorXd s0 = positions_of(apart.start);
  const std::size_t start = catalog.add_minimum({apart.energy, s0, 0.0, "start", 0}).index;
  const CatalogedEvent a = add_art_event(catalog, s0, apart.event_of(0), 0.0, "art");  // cluster A hops
  const CatalogedEvent b = add_art_event(catalog, s0, apart.event_of(7), 0.0, "art");  // cluster B hops
  ASSERT_TRUE(a.saddle && b.saddle);
  const std::size_t only_a = a.final.index, only_b = b.final.index;

  CatalogKmcParams p;
  p.temperature = 0.01;  // reduced units: rates do not matter here
  p.min_exits = 100;     // every minimum asked is searched
  p.search_method = "art";
  p.art = metabasin::testing::lj7_art_params();
  p.searches = 4;
  p.carry_reach = 5.0;
  CatalogRateModel model(catalog, apart.lj, p);
  model.exits(start, 0.0);   // 4 runs anywhere
  model.exits(only_a, 0.0);  // 2 runs near cluster A
  model.exits(only_b, 0.0);  // 2 runs near cluster B
  EXPECT_EQ(model.searches(), 8);

  Configuration both = apart.start;
  const VectorXd x = catalog.minimum_positions(only_a) + catalog.minimum_positions(only_b) - s0;
  for (std::size_t i = 0; i < both.x.size(); ++i) both.x[i] = x[static_cast<Eigen::Index>(i)];
  MinimizeParams mp;
  mp.method = "lbfgs";
  mp.fmax = 1e-10;
  const double e = relax(both, apart.lj, mp).energy;
  const std::size_t ab = catalog.add_minimum({e, positions_of(both), 0.0, "both", 0}).index;
  const long estimated_before = model.carry_estimates();
  const std::vector<Exit> exits = model.exits(ab, 0.0);
  EXPECT_EQ(model.searches(), 8) << "a minimum whose surroundings are all known was searched";
  EXPECT_EQ(model.known_minima(), 1);
  EXPECT_EQ(model.searched_minima(), 4);

  const Transition& ta = catalog.saddle(*a.saddle);
  const Transition& tb = catalog.saddle(*b.saddle);
  const double back_a = ta.energy - catalog.minimum(only_a).energy;  // cluster A's way back
  const double back_b = tb.energy - catalog.minimum(only_b).energy;
  long pending = 0;
  bool to_b = false, to_a = false;
  for (const Exit& x_exit : exits) {
    if (!x_exit.pending) continue;
    ++pending;
    if (x_exit.barrier != back_a && x_exit.barrier != back_b) continue;
    const std::optional<Exit> known = model.resolve(ab, x_exit);
    ASSERT_TRUE(known);
    EXPECT_NEAR(known->barrier, x_exit.barrier, 1e-6);
    if (x_exit.barrier == back_a) to_b = known->to == only_b;
    if (x_exit.barrier == back_b) to_a = known->to == only_a;
  }
  EXPECT_TRUE(to_b) << "undoing cluster A's hop did not lead to the minimum with B's alone";
  EXPECT_TRUE(to_a) << "undoing cluster B's hop did not lead to the minimum with A's alone";
  EXPECT_EQ(pending, model.carry_estimates() - estimated_before);  // each once, all pending
  EXPECT_GT(pending, 2);  // more than the two ways back: the clusters' other events
}
