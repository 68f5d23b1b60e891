// SPDX-License-Identifier: BSD-3-Clause
// The sweep's plan, aggregation, m fits and calibration driven by fake point runners with
// analytic stress(rate) laws: no MD, no files.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>

#include "error.hpp"
#include "metadynamics.hpp"
#include "sweep_analysis.hpp"
#include "sweep_task.hpp"

using namespace metabasin;

namespace {

// A run whose stress is tau(point) at every strain (a flat stress-strain curve, so the
// flow stress over any window is tau), inherent structures alike.
class FakeRunner : public SweepPointRunner {
 public:
  explicit FakeRunner(std::function<double(const SweepPoint&)> tau, double max_strain = 0.1)
      : tau_(std::move(tau)), max_strain_(max_strain) {}
  std::optional<SweepPointResult> finished(const SweepPoint& p) override {
    const auto it = done_.find(p.id);
    if (it == done_.end() || it->second.failed()) return std::nullopt;  // failed points run again
    return it->second;
  }
  SweepPointResult run(const SweepPoint& p) override {
    ++runs;
    SweepPointResult r;
    const double t = tau_(p);
    if (std::isnan(t)) {
      r.error = "fake failure";
    } else {
      for (int k = 0; k <= 10; ++k) {
        r.strain.push_back(max_strain_ * k / 10.0);
        r.stress.push_back(t);
      }
      r.inherent_strain = r.strain;
      r.inherent_stress = r.stress;
    }
    r.force_calls = 100;
    r.wall_seconds = 1.0;
    return done_[p.id] = r;
  }
  SweepPointResult recorded(const SweepPoint& p) override { return done_.at(p.id); }
  int runs = 0;

 private:
  std::function<double(const SweepPoint&)> tau_;
  double max_strain_;
  std::map<std::string, SweepPointResult> done_;
};

SweepPlanParams plan(std::vector<double> rates, std::vector<double> q0 = {}, int replicas = 1) {
  SweepPlanParams p;
  p.rates = std::move(rates);
  p.q0 = std::move(q0);
  p.md_above = 1e8;
  p.rate_prefactor = 1e12;
  p.a = 0.0;
  p.temperature = 315.0;
  p.replicas = replicas;
  return p;
}

SweepAnalysisParams analysis() {
  SweepAnalysisParams a;
  a.temperature = 315.0;
  a.steady_from = 0.07;
  a.peak_bin = 0.02;
  return a;
}

// plan -> run (fake) -> collect -> analyse, as run_sweep does.
SweepAnalysis sweep(const SweepPlanParams& p, FakeRunner& runner, const SweepAnalysisParams& a = analysis()) {
  const std::vector<SweepPoint> pts = plan_sweep(p);
  run_sweep_points(pts, runner, a.steady_from);
  return analyse_sweep(a, pts, collect_sweep_points(pts, runner));
}

const RegimeSensitivity& regime_of(const SweepAnalysis& a, const std::string& method) {
  for (const RegimeSensitivity& g : a.regimes)
    if (g.method == method) return g;
  throw std::runtime_error("no regime " + method);
}

}  // namespace

// tau = A gdot^m with one m for MD and another for metadynamics: each regime gives its m back.
TEST(SweepAnalysis, PowerLawGivesBackMPerRegime) {
  FakeRunner runner([](const SweepPoint& p) {
    return p.method == SweepMethod::md ? 0.02 * std::pow(p.rate, 0.12) : 0.3 * std::pow(p.rate, 0.03);
  });
  const SweepAnalysis a = sweep(plan({1e11, 3e10, 1e10, 3e9, 1e9, 1e7, 1e5, 1e3, 10.0}), runner);
  ASSERT_EQ(a.regimes.size(), 2u);
  EXPECT_NEAR(regime_of(a, "shear").flow.m, 0.12, 1e-9);
  EXPECT_EQ(regime_of(a, "shear").flow.points, 5);
  EXPECT_NEAR(regime_of(a, "metadynamics").flow.m, 0.03, 1e-9);
  EXPECT_NEAR(regime_of(a, "metadynamics").peak.m, 0.03, 1e-9);  // flat curves: peak = flow
  EXPECT_EQ(regime_of(a, "metadynamics").flow.points, 4);
  EXPECT_TRUE(regime_of(a, "shear").flow_left_out.empty());
  // Given rate boundaries instead, a range holds whatever method ran there.
  SweepAnalysisParams ranges = analysis();
  ranges.regimes = {1.0, 1e8, 1e12};
  FakeRunner again([](const SweepPoint& p) { return 0.5 * std::pow(p.rate, 0.05); });
  const SweepAnalysis b = sweep(plan({1e10, 1e9, 1e6, 1e3}), again, ranges);
  ASSERT_EQ(b.regimes.size(), 2u);
  EXPECT_TRUE(b.regimes[0].method.empty());
  EXPECT_NEAR(b.regimes[0].flow.m, 0.05, 1e-9);
  EXPECT_NEAR(b.regimes[1].flow.m, 0.05, 1e-9);
}

// Replicas of a rate: their mean and the standard error of that mean; a failed replica is
// left out of both, and a rerun keeps finished points.
TEST(SweepAnalysis, ReplicasAverageWithTheStandardErrorOfTheMean) {
  const std::vector<double> offset = {0.0, 0.03, -0.01, 0.05};
  FakeRunner runner([&](const SweepPoint& p) {
    if (p.rate < 1e9 && p.replica == 3) return std::nan("");  // one failed run at the slow rate
    return 1.0 + offset[p.replica];
  });
  const SweepAnalysis a = sweep(plan({1e10, 5e8}, {}, 4), runner);
  ASSERT_EQ(a.rates.size(), 2u);
  auto check = [](const RateRow& r, std::vector<double> v) {
    double mean = 0.0, var = 0.0;
    for (double x : v) mean += x / v.size();
    for (double x : v) var += (x - mean) * (x - mean) / (v.size() - 1);
    EXPECT_EQ(r.replicas, static_cast<int>(v.size()));
    EXPECT_NEAR(r.flow, mean, 1e-12);
    EXPECT_NEAR(r.flow_sem, std::sqrt(var / v.size()), 1e-12);
  };
  check(a.rates[0], {1.0, 1.03, 0.99, 1.05});
  check(a.rates[1], {1.0, 1.03, 0.99});
  EXPECT_EQ(a.rates[0].force_calls, 400);
  EXPECT_EQ(runner.runs, 8);
  run_sweep_points(plan_sweep(plan({1e10, 5e8}, {}, 4)), runner, 0.07);
  EXPECT_EQ(runner.runs, 9);  // only the failed point runs again
}

// MD on a known 2/3 law; metadynamics points whose Q0 stand, under the true gdot0 = 2e11 1/s
// and a = 0.3, for rates on that same law: the sweep's calibration recovers gdot0 and a.
TEST(SweepAnalysis, CalibrationRecoversTheRateLawFromSyntheticPoints) {
  const double T = 315.0, gdot0 = 2e11, a = 0.3;
  auto law = [](double g) { return 1.2 - 0.15 * std::pow(std::log(3e12 / g), 2.0 / 3.0); };
  FakeRunner runner([&](const SweepPoint& p) {
    if (p.method == SweepMethod::md) return law(p.rate);
    return law(metadynamics_strain_rate(p.q0, gdot0, a, T));  // the rate the barrier really stands for
  });
  std::vector<double> q0;
  for (double g : {2e8, 1e9, 5e9}) q0.push_back(metadynamics_q0(g, gdot0, a, T));
  const SweepAnalysis s = sweep(plan({1e10, 3e9, 1e9, 3e8, 1e8}, q0), runner);
  ASSERT_TRUE(s.calibration.why_not.empty()) << s.calibration.why_not;
  EXPECT_EQ(s.calibration.points, 3);
  EXPECT_NEAR(std::log10(s.calibration.rate_prefactor), std::log10(gdot0), 1e-3);
  EXPECT_NEAR(s.calibration.a, a, 1e-3);
  // The 2/3 law fitted to the MD points is the law itself.
  EXPECT_NEAR(s.high.tau_c, 1.2, 1e-3);
  EXPECT_EQ(s.high.points, 5);
}

// Issue 22, defect 3: regimes group points by the method that produced them. Metadynamics
// points given by Q0 at nominal rates above sweep.md_above (1.6e11, 2.5e10 1/s) are
// metadynamics points, not MD points.
TEST(SweepAnalysis, RegimesGroupPointsByMethodNotByMdAbove) {
  const double kT = 315.0 * 8.617333262e-5;
  const std::vector<double> q0 = {kT * std::log(1e12 / 1.6e11), kT * std::log(1e12 / 2.5e10),
                                  kT * std::log(1e12 / 6.3e8)};
  FakeRunner runner([](const SweepPoint& p) {
    return p.method == SweepMethod::md ? 0.1 * std::pow(p.rate, 0.1) : 0.5 * std::pow(p.rate, 0.02);
  });
  const SweepAnalysis a = sweep(plan({1e10, 1e9, 1e8}, q0), runner);
  int above = 0;
  for (const RateRow& r : a.rates)
    if (r.method == SweepMethod::metadynamics && r.rate > 1e8) ++above;
  ASSERT_EQ(above, 3);  // all three metadynamics points lie above md_above
  EXPECT_EQ(regime_of(a, "shear").flow.points, 3);
  EXPECT_EQ(regime_of(a, "metadynamics").flow.points, 3);
  EXPECT_NEAR(regime_of(a, "shear").flow.m, 0.1, 1e-9);
  EXPECT_NEAR(regime_of(a, "metadynamics").flow.m, 0.02, 1e-9);
  EXPECT_NEAR(regime_of(a, "metadynamics").to_rate, 1.6e11, 1e-3 * 1.6e11);
}

// Issue 22, defect 4: a negative flow stress cannot enter the log-log fit; the regime names
// it and says why, instead of dropping it silently.
TEST(SweepAnalysis, NegativeFlowStressesAreReportedNotSilentlyDropped) {
  FakeRunner runner([](const SweepPoint& p) {
    if (p.rate < 2e3) return -0.05;  // the slowest point flows backwards
    if (p.rate < 2e4) return std::nan("");  // and the next one failed
    return 0.3 * std::pow(p.rate, 0.04);
  });
  const SweepAnalysis a = sweep(plan({1e10, 1e9, 1e7, 1e5, 1e4, 1e3}), runner);
  const RegimeSensitivity& slow = regime_of(a, "metadynamics");
  EXPECT_EQ(slow.flow.points, 2);
  EXPECT_NEAR(slow.flow.m, 0.04, 1e-9);
  ASSERT_EQ(slow.flow_left_out.size(), 2u);
  EXPECT_DOUBLE_EQ(slow.flow_left_out[0].rate, 1e4);
  EXPECT_TRUE(std::isnan(slow.flow_left_out[0].stress));
  EXPECT_DOUBLE_EQ(slow.flow_left_out[1].rate, 1e3);
  EXPECT_DOUBLE_EQ(slow.flow_left_out[1].stress, -0.05);
  EXPECT_NE(slow.flow_left_out[1].reason.find("not positive"), std::string::npos);
  EXPECT_EQ(slow.peak_left_out.size(), 2u);
  EXPECT_TRUE(regime_of(a, "shear").flow_left_out.empty());
}

// The plan: fastest first, MD at and above md_above, replicas with their own file stems.
TEST(SweepAnalysis, PlanOrdersPointsAndNamesReplicas) {
  const std::vector<SweepPoint> pts = plan_sweep(plan({1e9, 1e10, 1e5}, {0.3}, 2));
  ASSERT_EQ(pts.size(), 8u);
  for (std::size_t k = 1; k < pts.size(); ++k) EXPECT_GE(pts[k - 1].rate, pts[k].rate);
  EXPECT_EQ(pts[0].method, SweepMethod::md);
  EXPECT_EQ(pts[1].replica, 1);
  EXPECT_NE(pts[1].id.find("-r1"), std::string::npos);
  EXPECT_EQ(pts[4].method, SweepMethod::metadynamics);
  EXPECT_THROW(plan_sweep(plan({1e9, 1e9})), InputError);
  EXPECT_THROW(plan_sweep(plan({}, {})), InputError);
}
