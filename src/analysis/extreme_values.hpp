// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The generalized extreme value (GEV) distribution of block maxima (Coles, An Introduction to
// Statistical Modeling of Extreme Values, 2001, ch. 3), as Cao, Short & Yip fit the largest
// local strains per strain block (PNAS 2019, Fig. 3C):
//   G(x) = exp(-[1 + xi (x - mu) / sigma]^(-1/xi))  where 1 + xi (x - mu) / sigma > 0,
//   G(x) = exp(-exp(-(x - mu) / sigma))             for xi = 0 (Gumbel),
// shape xi (> 0: heavy Frechet tail, < 0: bounded Weibull tail), location mu, scale sigma > 0.
// Fitted by maximum likelihood; standard errors from the observed information (the inverse
// Hessian of -log L), which Smith (1985) shows regular for xi > -0.5 only; the goodness of
// fit by the Kolmogorov-Smirnov distance and its p-value from a parametric bootstrap (the
// parameters are estimated from the same data, so the KS table does not apply).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace metabasin {

struct GevParameters {
  double shape = 0.0;     // xi
  double location = 0.0;  // mu
  double scale = 1.0;     // sigma
};

double gev_cdf(double x, const GevParameters& p);
/// log g(x); -infinity outside the support.
double gev_log_density(double x, const GevParameters& p);
/// The x with G(x) = u, for u in (0, 1).
double gev_quantile(double u, const GevParameters& p);
/// Where the density peaks: mu + sigma ((1 + xi)^-xi - 1) / xi (mu for xi = 0; for xi <= -1
/// the density has no interior peak and the upper end of the support is returned).
double gev_mode(const GevParameters& p);

enum class GevFitStatus {
  fitted,
  too_few,        // fewer than kMinGevSample values
  no_spread,      // all values equal: no scale to fit
  not_converged,  // the likelihood's maximum was not found
};
inline constexpr std::size_t kMinGevSample = 10;

struct GevFit {
  GevFitStatus status = GevFitStatus::too_few;
  std::string why_not;  // empty when fitted
  GevParameters parameters;
  GevParameters standard_error;  // NaN when xi <= -0.5 (not regular) or the Hessian is not positive
  double log_likelihood = 0.0;
  std::size_t n = 0;
  double ks_distance = 0.0;   // largest gap between the sample's CDF and the fit's
  double ks_p_value = 0.0;    // fraction of bootstrap samples of the fit at least as far; NaN without
  std::size_t bootstrap = 0;  // bootstrap samples drawn and fitted
};

/// Maximum-likelihood GEV fit of `x`, with `bootstrap` parametric bootstrap samples (drawn
/// from the fit with a generator seeded by `seed`, so the p-value is reproducible) for the KS
/// p-value; 0 for none.
GevFit fit_gev(const std::vector<double>& x, std::size_t bootstrap = 200, std::uint64_t seed = 1);

/// The sample's Kolmogorov-Smirnov distance to G.
double gev_ks_distance(std::vector<double> x, const GevParameters& p);

const char* to_string(GevFitStatus s);

}  // namespace metabasin
