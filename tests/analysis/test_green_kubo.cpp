// SPDX-License-Identifier: BSD-3-Clause
// The Green-Kubo viscosity on stress series whose answer is known: shear components drawn as
// Ornstein-Uhlenbeck processes (autocorrelation s^2 exp(-t/tc), integral s^2 tc) give
// eta = V s^2 tc / kT, in 2D and in 3D, whatever the pressure (the trace) does; and the
// command on a thermo table.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <vector>

#include "error.hpp"
#include "green_kubo.hpp"
#include "lammps_reference.hpp"
#include "units.hpp"

namespace metabasin {
namespace {

constexpr double kS = 0.2;      // GPa: each shear component's standard deviation
constexpr double kTc = 0.5;     // ps: its correlation time
constexpr double kDt = 0.01;    // ps between samples
constexpr double kT = 315.0;    // K
constexpr double kV = 8000.0;   // A^3

// eta = V s^2 tc / kT (GPa A^3 ps / eV -> GPa s).
double expected_viscosity() {
  return kV * kS * kS * kTc / (units::ev_per_a3_to_gpa * units::boltz * kT) * 1e-12;
}

struct Ou {
  double x = 0.0, decay, kick;
  Ou(double s, double tc, double dt) : decay(std::exp(-dt / tc)), kick(s * std::sqrt(1.0 - decay * decay)) {}
  double next(std::mt19937_64& rng, std::normal_distribution<double>& n) { return x = decay * x + kick * n(rng); }
};

// Pressure tensors [xx, yy, zz, xy, xz, yz] whose traceless part has, per shear component, the
// OU autocorrelation; the trace is a slow, large OU of its own, which must not count.
std::vector<std::array<double, 6>> isotropic_series(int dimension, std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<Ou> shear(5, Ou(kS, kTc, kDt));
  Ou pressure(2.0, 20.0, kDt);
  std::vector<std::array<double, 6>> out;
  for (std::size_t i = 0; i < n; ++i) {
    double u[5];
    for (int c = 0; c < 5; ++c) u[c] = shear[c].next(rng, normal);
    const double p = -0.3 + pressure.next(rng, normal);
    if (dimension == 2) {
      out.push_back({p + u[0], p - u[0], 0.0, u[1], 0.0, 0.0});  // (Pxx - Pyy)/2 = u0
    } else {
      // Two diagonal shear modes, (1,-1,0) and (1,1,-2)/sqrt(3), each with the variance s^2 of
      // an off-diagonal component (isotropy).
      const double b = u[1] / std::sqrt(3.0);
      out.push_back({p + u[0] + b, p - u[0] + b, p - 2.0 * b, u[2], u[3], u[4]});
    }
  }
  return out;
}

TEST(GreenKubo, ShearStressesWithAKnownAutocorrelationGiveTheirViscosityIn2DAnd3D) {
  for (int dimension : {2, 3}) {
    GreenKuboParams p;
    p.dimension = dimension;
    p.dt = kDt;
    p.blocks = 8;
    p.max_lag = 10.0;  // 20 correlation times
    const std::vector<StressRun> run{{isotropic_series(dimension, 400000, 7 + dimension), kT, kV}};
    const auto g = green_kubo_viscosity(run, p);
    const double eta = expected_viscosity();
    std::printf("  %dD: eta %.4e +- %.1e GPa s (OU: %.4e), cutoff %.2f ps, acf(0) %.4f GPa^2\n", dimension,
                g.viscosity, g.viscosity_error, eta, g.cutoff, g.acf[0]);
    EXPECT_NEAR(g.acf[0], kS * kS, 0.03 * kS * kS) << dimension;  // one shear component's variance
    EXPECT_NEAR(g.acf[static_cast<std::size_t>(kTc / kDt)], kS * kS * std::exp(-1.0), 0.05 * kS * kS);
    EXPECT_EQ(g.eta.front(), 0.0);
    // G(t) = V C(t) / kT, and eta its integral (the trapezoid rule over the samples).
    const double v_over_kt = kV / (units::ev_per_a3_to_gpa * units::boltz * kT);
    for (std::size_t k : {0, 50, 300})
      EXPECT_NEAR(g.modulus[k], v_over_kt * g.acf[k], 1e-12 * v_over_kt * kS * kS) << k;
    EXPECT_NEAR(g.eta[2] * 1e12, 0.5 * kDt * (g.modulus[0] + 2.0 * g.modulus[1] + g.modulus[2]),
                1e-9 * g.modulus[0] * kDt);
    EXPECT_EQ(g.lag.size(), 1001u);
    // The noise cutoff lies where the exponential has fallen below the noise: past 2 tc (what
    // is left beyond is < 14 % of the integral) and well before the longest lag.
    EXPECT_GT(g.cutoff, 2.0 * kTc);
    EXPECT_LT(g.cutoff, 8.0);
    EXPECT_FALSE(g.resolved_to_max_lag);
    EXPECT_GT(g.viscosity_error, 0.0);
    EXPECT_NEAR(g.viscosity, eta * (1.0 - std::exp(-g.cutoff / kTc)), 4.0 * g.viscosity_error) << dimension;
    EXPECT_NEAR(g.viscosity, eta, 0.15 * eta) << dimension;
    // Read at a fixed cutoff of 10 tc the integral holds all but e^-10 of it.
    p.cutoff = 5.0;
    const auto fixed = green_kubo_viscosity(run, p);
    EXPECT_DOUBLE_EQ(fixed.cutoff, 5.0);
    EXPECT_NEAR(fixed.viscosity, eta, 4.0 * fixed.viscosity_error + 0.02 * eta) << dimension;
  }
}

// Replicas count together: each run is cut into blocks of the shortest run's block length and
// each block integrates with its own run's volume and temperature.
TEST(GreenKubo, ReplicasAreBlocksOfOneEstimateEachWithItsVolumeAndTemperature) {
  GreenKuboParams p;
  p.dimension = 2;
  p.dt = kDt;
  p.blocks = 4;
  p.max_lag = 5.0;
  p.cutoff = 3.0;  // one lag for all (the noise cutoff moves as the error shrinks)
  const StressRun a{isotropic_series(2, 100000, 1), kT, kV};
  const auto one = green_kubo_viscosity({a}, p);
  // The same run twice: the same mean over twice the blocks, the error sqrt(7/3) times smaller
  // (each block's deviation counted twice, over 8 - 1 degrees of freedom instead of 4 - 1).
  const auto twice_error = green_kubo_viscosity({a, a}, p).viscosity_error;
  EXPECT_NEAR(twice_error, one.viscosity_error / std::sqrt(7.0 / 3.0), 1e-9 * one.viscosity_error);
  const auto twice = green_kubo_viscosity({a, a}, p);
  EXPECT_EQ(twice.blocks, 8u);
  EXPECT_NEAR(twice.viscosity, one.viscosity, 1e-12 * one.viscosity);
  // A run twice as long gives twice the blocks of the shortest run's length.
  const StressRun longer{isotropic_series(2, 200000, 2), kT, kV};
  const auto both = green_kubo_viscosity({a, longer}, p);
  EXPECT_EQ(both.blocks, 12u);
  EXPECT_EQ(both.samples_per_block, 25000u);
  // Twice the volume at twice the temperature: V / T is the same, so is each block's integral;
  // twice the volume alone doubles that run's blocks.
  StressRun scaled = a;
  scaled.volume *= 2.0;
  scaled.temperature *= 2.0;
  EXPECT_NEAR(green_kubo_viscosity({scaled}, p).viscosity, one.viscosity, 1e-12 * one.viscosity);
  scaled.temperature = kT;
  EXPECT_NEAR(green_kubo_viscosity({a, scaled}, p).viscosity, 1.5 * one.viscosity, 1e-9 * one.viscosity);
}

TEST(GreenKubo, SeriesTooShortOrNotFiniteAreRefused) {
  GreenKuboParams p;
  p.dimension = 2;
  p.dt = kDt;
  const std::vector<StressRun> runs{{isotropic_series(2, 1000, 1), kT, kV}};
  p.max_lag = 2.0;  // 200 lags, blocks of 200 samples
  EXPECT_THROW(green_kubo_viscosity(runs, p), InputError);
  p.max_lag = 0.5;
  EXPECT_NO_THROW(green_kubo_viscosity(runs, p));
  p.cutoff = 1.0;  // beyond the longest lag
  EXPECT_THROW(green_kubo_viscosity(runs, p), InputError);
  p.cutoff = 1e300;
  EXPECT_THROW(green_kubo_viscosity(runs, p), InputError);
  p.cutoff = 0.0;
  p.max_lag = 1e300;
  EXPECT_THROW(green_kubo_viscosity(runs, p), InputError);
  p.max_lag = 0.5;
  p.cutoff = 0.0;
  p.blocks = 1;  // no error without two blocks
  EXPECT_THROW(green_kubo_viscosity(runs, p), InputError);
  p.blocks = 5;
  auto bad = runs;
  bad[0].pressure[10][3] = std::nan("");
  EXPECT_THROW(green_kubo_viscosity(bad, p), InputError);
  bad = runs;
  bad[0].temperature = 0.0;
  EXPECT_THROW(green_kubo_viscosity(bad, p), InputError);
  EXPECT_THROW(green_kubo_viscosity({}, p), InputError);
}

// The command reads an MD thermo table (task md's output.thermo), finds the run planar from its
// zero z components, and gives the viscosity of the series in it; uneven rows are refused.
TEST(GreenKubo, ViscosityCommandReadsAThermoTable) {
  const std::string dir = testing::scratch_dir("green_kubo_cli");
  const auto series = isotropic_series(2, 100000, 3);
  std::ostringstream t;
  t.precision(12);
  t << "# md\n# step time_ps T_K pe_eV ke_eV pxx_GPa pyy_GPa pzz_GPa pxy_GPa pxz_GPa pyz_GPa volume shear_strain\n";
  for (std::size_t i = 0; i < series.size(); ++i) {
    t << 5 * i << " " << kDt * static_cast<double>(i) << " " << kT << " -350 27";
    for (double v : series[i]) t << " " << v;
    t << " " << kV << " 0\n";
  }
  testing::write_text(dir + "/md.thermo", t.str());
  const auto r = testing::run_metabasin("viscosity md.thermo --from 1 --blocks 4 --max-lag 5 --out eta.csv", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  EXPECT_EQ(r.last["dimension"], 2);
  EXPECT_EQ(r.last["tables"], nlohmann::json::array({"md.thermo"}));
  EXPECT_EQ(r.last["samples"], 100000 - 100);  // the first ps skipped
  EXPECT_NEAR(r.last["dt_ps"].get<double>(), kDt, 1e-12);
  EXPECT_NEAR(r.last["temperature_K"].get<double>(), kT, 1e-9);
  const double eta = expected_viscosity();
  EXPECT_NEAR(r.last["viscosity_GPa_s"].get<double>(), eta, 0.25 * eta) << r.stdout_text;
  std::ifstream csv(dir + "/eta.csv");
  std::string header, row;
  std::getline(csv, header);
  EXPECT_EQ(header, "lag_ps,acf_GPa2,acf_error_GPa2,modulus_GPa,modulus_error_GPa,eta_GPa_s,eta_error_GPa_s");
  std::size_t rows = 0;
  while (std::getline(csv, row)) ++rows;
  EXPECT_EQ(rows, 501u);
  // With the temperature doubled the same fluctuations mean half the viscosity.
  const auto hot = testing::run_metabasin("viscosity md.thermo --from 1 --blocks 4 --max-lag 5 --temperature 630", dir);
  ASSERT_EQ(hot.code, 0) << hot.stderr_text;
  EXPECT_NEAR(hot.last["viscosity_GPa_s"].get<double>(), 0.5 * r.last["viscosity_GPa_s"].get<double>(), 1e-6 * eta);
  // A row missing from the middle: the lags would be wrong.
  std::string text = t.str();
  const auto at = text.find("\n500 ");
  text.erase(at, text.find('\n', at + 1) - at);
  testing::write_text(dir + "/gap.thermo", text);
  const auto gap = testing::run_metabasin("viscosity gap.thermo", dir);
  EXPECT_EQ(gap.code, 1);
  EXPECT_NE(gap.stderr_text.find("gap.thermo"), std::string::npos) << gap.stderr_text;
  EXPECT_NE(gap.stderr_text.find("evenly spaced"), std::string::npos) << gap.stderr_text;
  // The table twice: two replicas alike, the same viscosity from twice the blocks.
  const auto replicas = testing::run_metabasin("viscosity md.thermo md.thermo --from 1 --blocks 4 --max-lag 5 --cutoff 3", dir);
  ASSERT_EQ(replicas.code, 0) << replicas.stderr_text;
  EXPECT_EQ(replicas.last["blocks"], 8);
  const auto single = testing::run_metabasin("viscosity md.thermo --from 1 --blocks 4 --max-lag 5 --cutoff 3", dir);
  ASSERT_EQ(single.code, 0) << single.stderr_text;
  EXPECT_NEAR(replicas.last["viscosity_GPa_s"].get<double>(), single.last["viscosity_GPa_s"].get<double>(), 1e-6 * eta);
  EXPECT_NE(testing::run_metabasin("viscosity md.thermo --out md.thermo", dir).code, 0);
  // A dimension that wraps to 2 as an int is still not 2.
  EXPECT_EQ(testing::run_metabasin("viscosity md.thermo --dimension 4294967298", dir).code, 2);
  const auto no_column = testing::run_metabasin("viscosity eta.csv", dir);
  EXPECT_EQ(no_column.code, 1);
}

}  // namespace
}  // namespace metabasin
