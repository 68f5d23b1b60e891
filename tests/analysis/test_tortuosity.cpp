// SPDX-License-Identifier: BSD-3-Clause
// The tortuosity summary of paths (Liu & Fan, Fig. 3c): the fit C = a L^delta recovers the
// exponent and prefactor of synthetic paths, with a standard error that covers the truth
// when the paths scatter, and the C/L median and maximum; degenerate sets give no exponent.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "tortuosity.hpp"

using namespace metabasin;

TEST(Tortuosity, FitRecoversTheExponentOfExactPowerLawPaths) {
  std::vector<double> l, c;
  for (double x : {0.5, 0.8, 1.3, 2.0, 3.5, 6.0}) {
    l.push_back(x);
    c.push_back(1.3 * std::pow(x, 1.42));
  }
  const TortuositySummary s = tortuosity_summary(l, c);
  EXPECT_EQ(s.paths, 6);
  EXPECT_NEAR(s.delta, 1.42, 1e-12);
  EXPECT_NEAR(s.prefactor, 1.3, 1e-12);
  EXPECT_LT(s.delta_standard_error, 1e-10);
  // C/L = 1.3 L^0.42: median between the 3rd and 4th paths, maximum at the longest.
  EXPECT_NEAR(s.ratio_median, 0.5 * (1.3 * std::pow(1.3, 0.42) + 1.3 * std::pow(2.0, 0.42)), 1e-12);
  EXPECT_NEAR(s.ratio_max, 1.3 * std::pow(6.0, 0.42), 1e-12);
}

TEST(Tortuosity, ScatteredPathsGiveTheExponentWithinItsStandardError) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> length(std::log(0.3), std::log(5.0));
  std::normal_distribution<double> noise(0.0, 0.15);
  std::vector<double> l, c;
  for (int k = 0; k < 400; ++k) {
    l.push_back(std::exp(length(rng)));
    c.push_back(1.1 * std::pow(l.back(), 1.42) * std::exp(noise(rng)));
  }
  const TortuositySummary s = tortuosity_summary(l, c);
  std::printf("  delta = %.4f +- %.4f (true 1.42)\n", s.delta, s.delta_standard_error);
  EXPECT_GT(s.delta_standard_error, 0.005);
  EXPECT_LT(s.delta_standard_error, 0.05);
  EXPECT_NEAR(s.delta, 1.42, 3 * s.delta_standard_error);
}

TEST(Tortuosity, DegenerateSetsHaveNoExponent) {
  const TortuositySummary none = tortuosity_summary({}, {});
  EXPECT_EQ(none.paths, 0);
  EXPECT_TRUE(std::isnan(none.delta));
  EXPECT_TRUE(std::isnan(none.ratio_median));
  // One L, or paths of no length (their ends one state), or non-finite ones: no exponent.
  const TortuositySummary same = tortuosity_summary({1.0, 1.0, 0.0, NAN}, {1.5, 2.0, 0.3, 2.0});
  EXPECT_EQ(same.paths, 2);
  EXPECT_TRUE(std::isnan(same.delta));
  EXPECT_NEAR(same.ratio_median, 1.75, 1e-12);
  EXPECT_NEAR(same.ratio_max, 2.0, 1e-12);
  // Two paths fix a line but not its scatter.
  const TortuositySummary two = tortuosity_summary({1.0, 2.0}, {1.0, 4.0});
  EXPECT_NEAR(two.delta, 2.0, 1e-12);
  EXPECT_TRUE(std::isnan(two.delta_standard_error));
}
