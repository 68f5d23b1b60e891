// SPDX-License-Identifier: BSD-3-Clause
// The statistics helpers of analysis/fits against values worked by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "fits.hpp"

namespace metabasin {
namespace {

// An even count has no middle value: the median is the mean of the two middle ones (the
// art task reported the upper one before).
TEST(Fits, MedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues) {
  EXPECT_EQ(median({7.0, 1.0, 3.0}), 3.0);
  EXPECT_EQ(median({400.0, 100.0, 300.0, 200.0}), 250.0);
  EXPECT_EQ(median({5.0}), 5.0);
  EXPECT_EQ(median({2.0, 2.0, 9.0, 2.0}), 2.0);
  EXPECT_TRUE(std::isnan(median({})));
}

// Least squares through points on a line recover it exactly.
TEST(Fits, LinearFitRecoversAnExactLine) {
  const LinearFit f = linear_fit({0.0, 1.0, 2.0, 3.0}, {1.0, 3.0, 5.0, 7.0});
  EXPECT_NEAR(f.slope, 2.0, 1e-12);
  EXPECT_EQ(f.points, 4);
}

}  // namespace
}  // namespace metabasin
