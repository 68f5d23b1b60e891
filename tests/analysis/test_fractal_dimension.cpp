// SPDX-License-Identifier: BSD-3-Clause
// Box-counting dimensions against constructed fractals of known dimension. Sets whose
// self-similarity is dyadic (Pascal's triangle mod 2, a square, a line on a 2^k grid) line up
// with the boxes and come out exact; triadic ones (Sierpinski carpet, Cantor dust) and graphs
// (Weierstrass functions, a random walk) do not, and the tolerances are their measured bias
// plus a margin. A slope against ln s instead of ln(1/s), or cells counted instead of boxes,
// fails every one of them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "error.hpp"
#include "fractal_dimension.hpp"

namespace metabasin {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

long power(long base, int k) {
  long p = 1;
  while (k-- > 0) p *= base;
  return p;
}

bool has_digit_one(long i) {  // in base 3
  for (; i > 0; i /= 3)
    if (i % 3 == 1) return true;
  return false;
}

bool share_digit_one(long i, long j) {  // at one place of their base-3 expansions
  for (; i > 0 && j > 0; i /= 3, j /= 3)
    if (i % 3 == 1 && j % 3 == 1) return true;
  return false;
}

// Sierpinski carpet: of every 3 x 3 block the centre removed, at every level; ln 8 / ln 3.
CellSet sierpinski_carpet(int levels) {
  const long n = power(3, levels);
  CellSet c(n, n);
  for (long i = 0; i < n; ++i)
    for (long j = 0; j < n; ++j) c(i, j) = !share_digit_one(i, j);
  return c;
}

// Cantor dust, the middle-thirds Cantor set squared: ln 4 / ln 3.
CellSet cantor_dust(int levels) {
  const long n = power(3, levels);
  CellSet c(n, n);
  for (long i = 0; i < n; ++i)
    for (long j = 0; j < n; ++j) c(i, j) = !has_digit_one(i) && !has_digit_one(j);
  return c;
}

// Pascal's triangle mod 2, binomial(i, j) odd iff the bits of j are among those of i: the
// Sierpinski triangle, ln 3 / ln 2.
CellSet pascal_mod_2(int levels) {
  const long n = power(2, levels);
  CellSet c(n, n);
  for (long i = 0; i < n; ++i)
    for (long j = 0; j < n; ++j) c(i, j) = (i & j) == j;
  return c;
}

CellSet diagonal(long n) {
  CellSet c = CellSet::Constant(n, n, false);
  for (long i = 0; i < n; ++i) c(i, i) = true;
  return c;
}

// W(x) = sum_m a^m cos(b^m pi x) at x = k / (n - 1), every term down to a^m < 1e-12, the
// phase b^m k mod 2 (n - 1) in integers so that no term loses its precision. Its graph has
// box dimension 2 + ln a / ln b for a b > 1 (Kaplan, Mallet-Paret & Yorke, Ergod. Th. Dynam.
// Sys. 4, 261 (1984)).
std::vector<double> weierstrass(double a, long b, long n) {
  std::vector<double> w(static_cast<std::size_t>(n), 0.0);
  const long period = 2 * (n - 1);
  long frequency = 1;  // b^m mod period
  for (double amplitude = 1.0; amplitude > 1e-12; amplitude *= a, frequency = frequency * b % period)
    for (long k = 0; k < n; ++k)
      w[static_cast<std::size_t>(k)] +=
          amplitude * std::cos(M_PI * static_cast<double>(frequency * k % period) / static_cast<double>(n - 1));
  return w;
}

// A walk of +-1 steps (bits of mt19937_64, the same everywhere): a Brownian graph, 3/2.
std::vector<double> coin_walk(long n, unsigned seed) {
  std::mt19937_64 bits(seed);
  std::vector<double> y(static_cast<std::size_t>(n), 0.0);
  for (std::size_t k = 1; k < y.size(); ++k) y[k] = y[k - 1] + ((bits() >> 63) ? 1.0 : -1.0);
  return y;
}

TEST(FractalDimension, DyadicSetsComeOutExact) {
  const BoxCounting pascal = box_counting_dimension(pascal_mod_2(9));
  ASSERT_EQ(pascal.status, BoxCountStatus::Fitted);
  EXPECT_NEAR(pascal.dimension, std::log(3.0) / std::log(2.0), 1e-12);
  EXPECT_NEAR(pascal.standard_error, 0.0, 1e-12);
  ASSERT_EQ(pascal.box_sizes.size(), 10u);  // 1, 2, ..., 512
  for (std::size_t m = 0; m < 10; ++m) {
    EXPECT_EQ(pascal.box_sizes[m], std::pow(2.0, m));
    EXPECT_EQ(pascal.counts[m], std::pow(3.0, 9 - m));
  }
  EXPECT_EQ(pascal.fit_from, 4.0);
  EXPECT_EQ(pascal.fit_to, 64.0);

  EXPECT_NEAR(box_counting_dimension(CellSet::Constant(512, 512, true)).dimension, 2.0, 1e-12);
  EXPECT_NEAR(box_counting_dimension(diagonal(512)).dimension, 1.0, 1e-12);
}

// A side that is not a power of two leaves partial boxes at the far edge, counted whole:
// measured 1.9795 for a square and 0.9897 for a line of 1000 cells.
TEST(FractalDimension, PartialEdgeBoxesBiasALittleLow) {
  const BoxCounting square = box_counting_dimension(CellSet::Constant(1000, 1000, true));
  EXPECT_EQ(square.fit_to, 64.0);
  EXPECT_NEAR(square.dimension, 2.0, 0.03);
  EXPECT_NEAR(box_counting_dimension(diagonal(1000)).dimension, 1.0, 0.015);
}

// Triadic sets under dyadic boxes: measured 1.8727 for the carpet (exact 1.8928) and 1.3170
// for the dust (exact 1.2619) on 729 x 729 cells, fitted over s = 4 ... 64.
TEST(FractalDimension, TriadicSetsWithinTheirMeasuredBias) {
  const BoxCounting carpet = box_counting_dimension(sierpinski_carpet(6));
  EXPECT_NEAR(carpet.dimension, std::log(8.0) / std::log(3.0), 0.03);
  const BoxCounting dust = box_counting_dimension(cantor_dust(6));
  EXPECT_NEAR(dust.dimension, std::log(4.0) / std::log(3.0), 0.07);
  EXPECT_GT(dust.standard_error, 0.0);
}

TEST(FractalDimension, EmptySetsAndSmallGridsAreNotFitted) {
  EXPECT_EQ(box_counting_dimension(CellSet::Constant(200, 200, false)).status, BoxCountStatus::EmptySet);
  // 127 cells across hold the sizes 4 and 8 only.
  const BoxCounting small = box_counting_dimension(CellSet::Constant(127, 127, true));
  EXPECT_EQ(small.status, BoxCountStatus::TooFewScales);
  EXPECT_TRUE(std::isnan(small.dimension));
  EXPECT_EQ(small.counts.front(), 127.0 * 127.0);  // still counted, for a figure
  EXPECT_EQ(box_counting_dimension(CellSet::Constant(128, 128, true)).status, BoxCountStatus::Fitted);
  EXPECT_EQ(to_string(BoxCountStatus::TooFewScales), "too few scales");
}

// The cells below the median: a matrix that is low on Pascal's triangle and high elsewhere.
TEST(FractalDimension, BelowTheMedianOfAMatrix) {
  const CellSet pascal = pascal_mod_2(8);
  const Eigen::MatrixXd values =
      pascal.select(Eigen::ArrayXXd::Constant(256, 256, 0.5), Eigen::ArrayXXd::Constant(256, 256, 2.0)).matrix();
  const MatrixDimension d = below_median_dimension(values);
  EXPECT_EQ(d.level, 2.0);
  EXPECT_NEAR(d.boxes.dimension, std::log(3.0) / std::log(2.0), 1e-12);

  const MatrixDimension flat = below_median_dimension(Eigen::MatrixXd::Constant(200, 200, 1.0));
  EXPECT_EQ(flat.boxes.status, BoxCountStatus::EmptySet);
  Eigen::MatrixXd holed = values;
  holed(3, 4) = kNaN;
  EXPECT_THROW(below_median_dimension(holed), InputError);
}

TEST(FractalDimension, SmoothGraphsHaveDimensionOne) {
  std::vector<double> line(4097), flat(4097, 2.5), sine(4097);
  for (std::size_t k = 0; k < line.size(); ++k) {
    line[k] = 3.0 * static_cast<double>(k) - 7.0;
    sine[k] = std::sin(4.0 * M_PI * static_cast<double>(k) / 4096.0);
  }
  EXPECT_NEAR(graph_dimension(line).dimension, 1.0, 1e-12);
  EXPECT_NEAR(graph_dimension(flat).dimension, 1.0, 1e-12);
  EXPECT_NEAR(graph_dimension(sine).dimension, 1.0, 0.005);  // measured 1.0032
}

// Rough graphs come out low: from 16385 samples, fitted over s = 4 ... 2048, measured
// W(a = 0.5, b = 3) 1.3304 (exact 1.3691), W(0.7, 2) 1.4359 (1.4854), W(0.8, 2) 1.5890
// (1.6781), the walk 1.4780 (1.5; 1.449 to 1.481 over seeds 1 to 10). From 1025 samples
// (s = 4 ... 128) the first two give 1.2963 and 1.4004. The order of the dimensions is kept.
TEST(FractalDimension, RoughGraphsWithinTheirMeasuredBias) {
  const long n = 16385;
  const double w1 = graph_dimension(weierstrass(0.5, 3, n)).dimension;
  const double w2 = graph_dimension(weierstrass(0.7, 2, n)).dimension;
  const double w3 = graph_dimension(weierstrass(0.8, 2, n)).dimension;
  EXPECT_NEAR(w1, 2.0 + std::log(0.5) / std::log(3.0), 0.05);
  EXPECT_NEAR(w2, 2.0 + std::log(0.7) / std::log(2.0), 0.06);
  EXPECT_NEAR(w3, 2.0 + std::log(0.8) / std::log(2.0), 0.10);
  EXPECT_NEAR(graph_dimension(coin_walk(n, 7)).dimension, 1.5, 0.06);
  EXPECT_LT(w1, w2);
  EXPECT_LT(w2, w3);
}

// An ASNaD is NaN within its half lag of either end: those samples are dropped.
TEST(FractalDimension, NanEndsAreDroppedAndInteriorGapsRefused) {
  const std::vector<double> w = weierstrass(0.5, 3, 1025);
  std::vector<double> padded(3, kNaN);
  padded.insert(padded.end(), w.begin(), w.end());
  padded.insert(padded.end(), 3, kNaN);
  const BoxCounting plain = graph_dimension(w), dropped = graph_dimension(padded);
  EXPECT_EQ(dropped.counts, plain.counts);
  EXPECT_EQ(dropped.dimension, plain.dimension);

  padded[500] = kNaN;
  EXPECT_THROW(graph_dimension(padded), InputError);
  EXPECT_EQ(graph_dimension(std::vector<double>(50, kNaN)).status, BoxCountStatus::TooFewScales);
  // 128 samples are 127 steps: the sizes 4 and 8 only.
  EXPECT_EQ(graph_dimension(std::vector<double>(w.begin(), w.begin() + 128)).status, BoxCountStatus::TooFewScales);
  EXPECT_EQ(graph_dimension(std::vector<double>(w.begin(), w.begin() + 129)).status, BoxCountStatus::Fitted);
}

}  // namespace
}  // namespace metabasin
