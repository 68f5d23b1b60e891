// SPDX-License-Identifier: BSD-3-Clause
// The GEV distribution and its maximum-likelihood fit: closed forms against values worked by
// hand, parameters recovered from samples of known distributions within their standard
// errors, and a bootstrap goodness of fit that accepts GEV samples and rejects others.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "extreme_values.hpp"

namespace metabasin {
namespace {

std::vector<double> gev_sample(const GevParameters& p, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<double> u(1e-12, 1.0 - 1e-12);
  std::vector<double> x(n);
  for (double& v : x) v = gev_quantile(u(engine), p);
  return x;
}

TEST(ExtremeValues, DistributionMatchesItsClosedForms) {
  // Gumbel: G(mu) = e^-1, mode mu; Frechet-type xi = 0.5: G(mu + sigma) = exp(-1.5^-2).
  const GevParameters gumbel{0.0, 2.0, 0.5}, frechet{0.5, 1.0, 2.0}, weibull{-0.25, 0.0, 1.0};
  EXPECT_NEAR(gev_cdf(2.0, gumbel), std::exp(-1.0), 1e-15);
  EXPECT_NEAR(gev_cdf(3.0, frechet), std::exp(-std::pow(1.5, -2.0)), 1e-15);
  EXPECT_DOUBLE_EQ(gev_mode(gumbel), 2.0);
  EXPECT_NEAR(gev_mode(frechet), 1.0 + 2.0 * (std::pow(1.5, -0.5) - 1.0) / 0.5, 1e-14);
  // Outside the support: below the lower end of a Frechet, above the upper end of a Weibull.
  EXPECT_EQ(gev_cdf(1.0 - 2.0 / 0.5 - 0.1, frechet), 0.0);
  EXPECT_EQ(gev_cdf(4.1, weibull), 1.0);
  EXPECT_EQ(gev_log_density(4.1, weibull), -INFINITY);
  for (const GevParameters& p : {gumbel, frechet, weibull})
    for (double u : {0.01, 0.3, 0.9, 0.999}) EXPECT_NEAR(gev_cdf(gev_quantile(u, p), p), u, 1e-12);
  // The density integrates to one and is the CDF's derivative.
  double integral = 0.0;
  const double h = 1e-4;
  for (double x = -10.0; x < 200.0; x += h) integral += std::exp(gev_log_density(x + 0.5 * h, frechet)) * h;
  EXPECT_NEAR(integral, 1.0, 2e-3);  // the x^-3 tail beyond 200 holds ~1e-4
  EXPECT_NEAR(std::exp(gev_log_density(1.7, weibull)),
              (gev_cdf(1.7 + 1e-6, weibull) - gev_cdf(1.7 - 1e-6, weibull)) / 2e-6, 1e-7);
}

TEST(ExtremeValues, FitRecoversTheParametersOfKnownSamplesWithinTheirStandardErrors) {
  for (const GevParameters truth :
       {GevParameters{0.2, 5.0, 1.5}, GevParameters{0.0, 1.0, 0.3}, GevParameters{-0.3, 12.0, 2.0}}) {
    SCOPED_TRACE(truth.shape);
    const GevFit fit = fit_gev(gev_sample(truth, 2000, 7), 0);
    ASSERT_EQ(fit.status, GevFitStatus::fitted) << fit.why_not;
    EXPECT_EQ(fit.n, 2000u);
    EXPECT_NEAR(fit.parameters.shape, truth.shape, 3.0 * fit.standard_error.shape);
    EXPECT_NEAR(fit.parameters.location, truth.location, 3.0 * fit.standard_error.location);
    EXPECT_NEAR(fit.parameters.scale, truth.scale, 3.0 * fit.standard_error.scale);
    // The asymptotic errors at n = 2000 (Coles, Table 3.1 scale): about 0.02 in shape.
    EXPECT_GT(fit.standard_error.shape, 0.005);
    EXPECT_LT(fit.standard_error.shape, 0.04);
    // The maximum: no nearby parameters fit better.
    for (double d : {-0.01, 0.01}) {
      GevParameters q = fit.parameters;
      q.shape += d;
      double nll = 0.0;
      for (double v : gev_sample(truth, 2000, 7)) nll -= gev_log_density(v, q);
      EXPECT_LT(-nll, fit.log_likelihood);
    }
  }
}

TEST(ExtremeValues, BootstrapAcceptsAGevSampleAndRejectsABimodalOne) {
  const GevFit good = fit_gev(gev_sample({0.1, 3.0, 1.0}, 300, 11), 100, 5);
  ASSERT_EQ(good.status, GevFitStatus::fitted);
  EXPECT_EQ(good.bootstrap, 100u);
  EXPECT_GT(good.ks_p_value, 0.01);
  std::vector<double> twin = gev_sample({0.0, 0.0, 0.1}, 150, 12);
  for (double v : gev_sample({0.0, 3.0, 0.1}, 150, 13)) twin.push_back(v);
  const GevFit bad = fit_gev(twin, 100, 5);
  ASSERT_EQ(bad.status, GevFitStatus::fitted);
  EXPECT_LT(bad.ks_p_value, 0.02);  // 1/101: no bootstrap sample lies as far
  EXPECT_GT(bad.ks_distance, good.ks_distance);
  // The same seed gives the same p-value.
  EXPECT_EQ(fit_gev(twin, 100, 5).ks_p_value, bad.ks_p_value);
}

TEST(ExtremeValues, TooFewOrEqualValuesAreAStatusNotAFit) {
  EXPECT_EQ(fit_gev({1.0, 2.0, 3.0}).status, GevFitStatus::too_few);
  EXPECT_EQ(fit_gev(std::vector<double>(50, 0.3)).status, GevFitStatus::no_spread);
  EXPECT_FALSE(fit_gev(std::vector<double>(50, 0.3)).why_not.empty());
}

}  // namespace
}  // namespace metabasin
