// SPDX-License-Identifier: BSD-3-Clause
// The cosh fit of the stress boost (Liu & Fan, Eq. 1) recovers kappa* and V_act from synthetic
// data: exactly without noise, within 3 standard errors with noise of a known size, with
// standard errors that cover the truth as often as they should; too few points is a status.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "activation_volume.hpp"
#include "error.hpp"

namespace metabasin {
namespace {

constexpr double kKappa = 1.3, kVolume = 60.0;  // A^3, the study's

// tau = 0, 0.1, ..., tau_max GPa at each temperature; f = Eq. 1 times (1 + relative noise)
// plus absolute noise, errors given when `with_errors`.
std::vector<BoostPoint> synthetic(const std::vector<double>& temperatures, double tau_max, double relative,
                                  double absolute, bool with_errors, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> gauss(0.0, 1.0);
  std::vector<BoostPoint> points;
  for (double t : temperatures)
    for (int k = 0; k <= static_cast<int>(std::lround(tau_max / 0.1)); ++k) {
      BoostPoint p;
      p.stress = 0.1 * k;
      p.temperature = t;
      const double f = cosh_boost(p.stress, t, kKappa, kVolume);
      p.boost = f * (1.0 + relative * gauss(rng)) + absolute * gauss(rng);
      if (with_errors) p.error = std::hypot(relative * f, absolute);
      points.push_back(p);
    }
  return points;
}

TEST(BoostFit, Equation1InUnits) {
  // tau V / k T = 1 GPa * 60 A^3 / (160.21765 GPa A^3/eV * 8.617343e-5 eV/K * 300 K) = 14.48593.
  EXPECT_NEAR(cosh_boost(1.0, 300.0, 1.0, 60.0), std::cosh(14.485926), 1e-5 * std::cosh(14.485926));
  EXPECT_EQ(cosh_boost(-0.4, 450.0, 2.0, 60.0), cosh_boost(0.4, 450.0, 2.0, 60.0));
}

TEST(BoostFit, RecoversKappaAndVolumeFromExactData) {
  for (double t : {300.0, 600.0}) {
    const BoostFit fit = fit_activation_volume(synthetic({t}, 1.0, 0.0, 0.0, false, 1));
    ASSERT_EQ(fit.status, BoostFitStatus::fitted) << t << " K: " << to_string(fit.status);
    EXPECT_NEAR(fit.activation_volume, kVolume, 1e-8 * kVolume) << t << " K";
    EXPECT_NEAR(fit.prefactor, kKappa, 1e-8 * kKappa) << t << " K";
    EXPECT_LT(fit.reduced_chi_square, 1e-12) << t << " K";
    EXPECT_EQ(fit.points, 11u);
    EXPECT_FALSE(fit.weighted);
  }
  // Negative stresses fit the same |V|: cosh is even, V is reported >= 0.
  auto both_signs = synthetic({450.0}, 0.6, 0.0, 0.0, false, 1);
  for (auto& p : both_signs) p.stress = -p.stress;
  EXPECT_NEAR(fit_activation_volume(both_signs).activation_volume, kVolume, 1e-8 * kVolume);
}

// 5 % relative noise at 300, 400, 500 and 600 K, tau up to 1 GPa (f up to 2e6), the errors
// given: 44 points, 42 degrees of freedom, reduced chi-square 1 +- 0.22.
TEST(BoostFit, RecoversTheVolumeWithinThreeStandardErrorsFromNoisyData) {
  const BoostFit fit = fit_activation_volume(synthetic({300, 400, 500, 600}, 1.0, 0.05, 0.0, true, 3));
  ASSERT_EQ(fit.status, BoostFitStatus::fitted);
  EXPECT_TRUE(fit.weighted);
  EXPECT_GT(fit.activation_volume_error, 0.0);
  EXPECT_LT(fit.activation_volume_error, 1.0);  // A^3: large boosts pin V down
  EXPECT_NEAR(fit.activation_volume, kVolume, 3.0 * fit.activation_volume_error);
  EXPECT_NEAR(fit.prefactor, kKappa, 3.0 * fit.prefactor_error);
  EXPECT_NEAR(fit.reduced_chi_square, 1.0, 0.66);
}

// Absolute noise 0.05 on f up to 1.3 cosh(3.6) = 24 (600 K, tau <= 0.5 GPa), no errors given:
// the residual variance estimates the noise, and the errors scale with it.
TEST(BoostFit, WithoutErrorsTheResidualsSetTheScale) {
  const BoostFit fit = fit_activation_volume(synthetic({600}, 0.5, 0.0, 0.05, false, 4));
  ASSERT_EQ(fit.status, BoostFitStatus::fitted);
  EXPECT_FALSE(fit.weighted);
  EXPECT_NEAR(std::sqrt(fit.reduced_chi_square), 0.05, 0.025);
  EXPECT_NEAR(fit.activation_volume, kVolume, 3.0 * fit.activation_volume_error);
  EXPECT_NEAR(fit.prefactor, kKappa, 3.0 * fit.prefactor_error);
}

// Over 1000 noisy data sets (5 % noise, 300-600 K, tau <= 0.8 GPa) the truth lies within one
// standard error of V_act in 68.3 % of them if the errors are right (binomial spread 1.5 %,
// accepted within 2.5 of it; 70.1 % here), and within three in 99.7 % (99.5 % here).
TEST(BoostFit, StandardErrorsCoverTheTruthAsOftenAsTheyShould) {
  int within_one = 0, within_three = 0;
  const int sets = 1000;
  for (int s = 0; s < sets; ++s) {
    const BoostFit fit = fit_activation_volume(synthetic({300, 450, 600}, 0.8, 0.05, 0.0, true, 100 + s));
    ASSERT_EQ(fit.status, BoostFitStatus::fitted) << s;
    const double miss = std::abs(fit.activation_volume - kVolume) / fit.activation_volume_error;
    within_one += miss < 1.0;
    within_three += miss < 3.0;
  }
  EXPECT_NEAR(static_cast<double>(within_one) / sets, 0.683, 0.037) << within_one;
  EXPECT_GE(within_three, 990) << within_three;
}

TEST(BoostFit, NoStressDependenceGivesZeroVolumeWithoutABound) {
  std::vector<BoostPoint> flat;
  for (double tau : {0.0, 0.2, 0.4, 0.6}) flat.push_back({tau, 500.0, 1.7});
  const BoostFit fit = fit_activation_volume(flat);
  ASSERT_EQ(fit.status, BoostFitStatus::fitted);
  EXPECT_EQ(fit.activation_volume, 0.0);
  EXPECT_NEAR(fit.prefactor, 1.7, 1e-12);
  EXPECT_TRUE(std::isinf(fit.activation_volume_error));
}

TEST(BoostFit, TooFewPointsIsAStatusAndBadPointsAreInputErrors) {
  const std::vector<BoostPoint> two{{0.1, 300, 1.2}, {0.3, 300, 2.0}};
  BoostFit fit;
  EXPECT_NO_THROW(fit = fit_activation_volume(two));
  EXPECT_EQ(fit.status, BoostFitStatus::too_few_points);
  EXPECT_TRUE(std::isnan(fit.activation_volume));
  // Three points at one tau/T (the sign aside) fix kappa cosh(x) but not x.
  const std::vector<BoostPoint> one_x{{0.2, 300, 1.2}, {-0.2, 300, 1.3}, {0.4, 600, 1.25}};
  EXPECT_EQ(fit_activation_volume(one_x).status, BoostFitStatus::too_few_points);
  EXPECT_EQ(fit_activation_volume({}).status, BoostFitStatus::too_few_points);

  EXPECT_THROW(fit_activation_volume({{0.1, -300, 1.2}, {0.2, 300, 1.3}, {0.3, 300, 1.5}}), InputError);
  EXPECT_THROW(fit_activation_volume({{0.1, 300, 0.0}, {0.2, 300, 1.3}, {0.3, 300, 1.5}}), InputError);
  EXPECT_THROW(fit_activation_volume({{0.1, 300, 1.2, 0.1}, {0.2, 300, 1.3}, {0.3, 300, 1.5}}), InputError);
  EXPECT_THROW(fit_activation_volume({{0.1, 300, 1.2, -0.1}, {0.2, 300, 1.3, 0.1}, {0.3, 300, 1.5, 0.1}}), InputError);
  EXPECT_THROW(fit_activation_volume({{NAN, 300, 1.2}, {0.2, 300, 1.3}, {0.3, 300, 1.5}}), InputError);
}

}  // namespace
}  // namespace metabasin
