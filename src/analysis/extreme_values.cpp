// SPDX-License-Identifier: BSD-3-Clause
#include "extreme_values.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <random>

namespace metabasin {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Below this |xi| the Gumbel forms are used: (1 + xi z)^(-1/xi) and exp(-z) then agree to
// ~xi z^2 / 2, under round-off for the z of any sample.
constexpr double kGumbelShape = 1e-7;

// t(x) = (1 + xi z)^(-1/xi), the quantity G(x) = exp(-t) is built on; NaN outside the support.
double gev_t(double x, const GevParameters& p) {
  const double z = (x - p.location) / p.scale;
  if (std::abs(p.shape) < kGumbelShape) return std::exp(-z);
  const double base = 1.0 + p.shape * z;
  if (!(base > 0.0)) return kNaN;
  return std::pow(base, -1.0 / p.shape);
}

double negative_log_likelihood(const std::vector<double>& x, const GevParameters& p) {
  if (!(p.scale > 0.0)) return kInf;
  double sum = 0.0;
  for (double v : x) {
    const double l = gev_log_density(v, p);
    if (!std::isfinite(l)) return kInf;
    sum -= l;
  }
  return sum;
}

using Point = std::array<double, 3>;

// Nelder-Mead downhill simplex (standard coefficients 1, 2, 1/2, 1/2) from `start` with
// initial steps `step`; +infinity marks points outside the support, which the simplex
// contracts away from. Three variables need nothing heavier.
Point nelder_mead(const std::function<double(const Point&)>& f, const Point& start, const Point& step, int iterations) {
  std::array<Point, 4> v;
  std::array<double, 4> fv;
  for (int k = 0; k < 4; ++k) {
    v[k] = start;
    if (k > 0) v[k][k - 1] += step[k - 1];
    fv[k] = f(v[k]);
  }
  auto blend = [](const Point& a, const Point& b, double t) {  // a + t (b - a)
    Point r;
    for (int d = 0; d < 3; ++d) r[d] = a[d] + t * (b[d] - a[d]);
    return r;
  };
  for (int it = 0; it < iterations; ++it) {
    std::array<int, 4> order{0, 1, 2, 3};
    std::sort(order.begin(), order.end(), [&](int a, int b) { return fv[a] < fv[b]; });
    const int best = order[0], worst = order[3], second = order[2];
    if (std::abs(fv[worst] - fv[best]) <= 1e-12 * (1.0 + std::abs(fv[best]))) break;
    Point centroid{0, 0, 0};
    for (int k : {order[0], order[1], order[2]})
      for (int d = 0; d < 3; ++d) centroid[d] += v[k][d] / 3.0;
    const Point reflected = blend(centroid, v[worst], -1.0);
    const double fr = f(reflected);
    if (fr < fv[best]) {
      const Point expanded = blend(centroid, v[worst], -2.0);
      const double fe = f(expanded);
      v[worst] = fe < fr ? expanded : reflected;
      fv[worst] = std::min(fe, fr);
    } else if (fr < fv[second]) {
      v[worst] = reflected;
      fv[worst] = fr;
    } else {
      const Point contracted = blend(centroid, fr < fv[worst] ? reflected : v[worst], 0.5);
      const double fc = f(contracted);
      if (fc < std::min(fr, fv[worst])) {
        v[worst] = contracted;
        fv[worst] = fc;
      } else {
        for (int k : {order[1], order[2], order[3]}) {
          v[k] = blend(v[best], v[k], 0.5);
          fv[k] = f(v[k]);
        }
      }
    }
  }
  return v[std::min_element(fv.begin(), fv.end()) - fv.begin()];
}

// (mu, ln sigma, xi) keeps sigma positive without a constraint.
GevParameters from_point(const Point& q) { return {q[2], q[0], std::exp(q[1])}; }

// The maximum of the likelihood: Gumbel moment estimates to start, then the simplex, restarted
// from its own result until it stops improving (a simplex can stall on a ridge).
GevParameters maximize_likelihood(const std::vector<double>& x, double mean, double sd) {
  const double scale0 = std::sqrt(6.0) * sd / M_PI;
  const Point start{mean - 0.5772156649 * scale0, std::log(scale0), 0.0};
  auto f = [&](const Point& q) { return negative_log_likelihood(x, from_point(q)); };
  Point q = start;
  double fq = f(q);
  for (int restart = 0; restart < 6; ++restart) {
    const Point next = nelder_mead(f, q, {0.1 * scale0, 0.1, 0.1}, 2000);
    const double fn = f(next);
    const bool settled = !(fn < fq - 1e-10 * (1.0 + std::abs(fq)));
    if (fn <= fq) {
      q = next;
      fq = fn;
    }
    if (settled) break;
  }
  return from_point(q);
}

// Standard errors: the square roots of the diagonal of the inverse observed information,
// the Hessian of -log L in (mu, sigma, xi) by central differences.
GevParameters standard_errors(const std::vector<double>& x, const GevParameters& p) {
  const GevParameters none{kNaN, kNaN, kNaN};
  if (!(p.shape > -0.5)) return none;
  const std::array<double, 3> h{1e-4 * p.scale, 1e-4 * p.scale, 1e-4};
  auto at = [&](std::array<double, 3> d) {
    return negative_log_likelihood(x, {p.shape + d[2], p.location + d[0], p.scale + d[1]});
  };
  Eigen::Matrix3d hessian;
  for (int i = 0; i < 3; ++i)
    for (int j = i; j < 3; ++j) {
      auto shifted = [&](double si, double sj) {
        std::array<double, 3> d{0, 0, 0};
        d[i] += si * h[i];
        d[j] += sj * h[j];
        return at(d);
      };
      hessian(i, j) = hessian(j, i) =
          (shifted(1, 1) - shifted(1, -1) - shifted(-1, 1) + shifted(-1, -1)) / (4.0 * h[i] * h[j]);
    }
  const Eigen::LLT<Eigen::Matrix3d> llt(hessian);
  if (llt.info() != Eigen::Success || !hessian.allFinite()) return none;
  const Eigen::Matrix3d covariance = llt.solve(Eigen::Matrix3d::Identity());
  return {std::sqrt(covariance(2, 2)), std::sqrt(covariance(0, 0)), std::sqrt(covariance(1, 1))};
}

// A uniform in (0, 1) from the 53 high bits, the same on every platform (std's distributions
// are not specified bit for bit).
double unit_open(std::mt19937_64& engine) { return (static_cast<double>(engine() >> 11) + 0.5) * 0x1.0p-53; }

GevFit fit_without_bootstrap(const std::vector<double>& x) {
  GevFit fit;
  fit.n = x.size();
  if (x.size() < kMinGevSample) {
    fit.why_not = std::to_string(x.size()) + " values; a GEV fit needs at least " + std::to_string(kMinGevSample);
    return fit;
  }
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
  double var = 0.0;
  for (double v : x) var += (v - mean) * (v - mean);
  const double sd = std::sqrt(var / static_cast<double>(x.size() - 1));
  if (!(sd > 1e-12 * std::abs(mean))) {
    fit.status = GevFitStatus::no_spread;
    fit.why_not = "all values are equal: there is no scale to fit";
    return fit;
  }
  fit.parameters = maximize_likelihood(x, mean, sd);
  fit.log_likelihood = -negative_log_likelihood(x, fit.parameters);
  if (!std::isfinite(fit.log_likelihood)) {
    fit.status = GevFitStatus::not_converged;
    fit.why_not = "the likelihood's maximum was not found";
    return fit;
  }
  fit.status = GevFitStatus::fitted;
  fit.standard_error = standard_errors(x, fit.parameters);
  fit.ks_distance = gev_ks_distance(x, fit.parameters);
  fit.ks_p_value = kNaN;
  return fit;
}

}  // namespace

double gev_cdf(double x, const GevParameters& p) {
  const double t = gev_t(x, p);
  if (std::isnan(t)) return p.shape > 0.0 ? 0.0 : 1.0;  // below a Frechet's support, above a Weibull's
  return std::exp(-t);
}

double gev_log_density(double x, const GevParameters& p) {
  const double t = gev_t(x, p);
  if (!(t > 0.0) || !std::isfinite(t)) return -kInf;
  // g = t^(xi + 1) e^-t / sigma
  return (p.shape + 1.0) * std::log(t) - t - std::log(p.scale);
}

double gev_quantile(double u, const GevParameters& p) {
  const double y = -std::log(u);  // t at the quantile
  if (std::abs(p.shape) < kGumbelShape) return p.location - p.scale * std::log(y);
  return p.location + p.scale * (std::pow(y, -p.shape) - 1.0) / p.shape;
}

double gev_mode(const GevParameters& p) {
  if (std::abs(p.shape) < kGumbelShape) return p.location;
  if (p.shape <= -1.0) return p.location - p.scale / p.shape;
  return p.location + p.scale * (std::pow(1.0 + p.shape, -p.shape) - 1.0) / p.shape;
}

double gev_ks_distance(std::vector<double> x, const GevParameters& p) {
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double g = gev_cdf(x[i], p);
    d = std::max({d, static_cast<double>(i + 1) / n - g, g - static_cast<double>(i) / n});
  }
  return d;
}

GevFit fit_gev(const std::vector<double>& x, std::size_t bootstrap, std::uint64_t seed) {
  GevFit fit = fit_without_bootstrap(x);
  if (fit.status != GevFitStatus::fitted || bootstrap == 0) return fit;
  std::mt19937_64 engine(seed);
  std::size_t at_least_as_far = 0;
  std::vector<double> sample(x.size());
  for (std::size_t b = 0; b < bootstrap; ++b) {
    for (double& v : sample) v = gev_quantile(unit_open(engine), fit.parameters);
    const GevFit refit = fit_without_bootstrap(sample);
    if (refit.status != GevFitStatus::fitted) continue;
    ++fit.bootstrap;
    if (refit.ks_distance >= fit.ks_distance) ++at_least_as_far;
  }
  if (fit.bootstrap > 0)
    fit.ks_p_value = static_cast<double>(at_least_as_far + 1) / static_cast<double>(fit.bootstrap + 1);
  return fit;
}

const char* to_string(GevFitStatus s) {
  switch (s) {
    case GevFitStatus::fitted:
      return "fitted";
    case GevFitStatus::too_few:
      return "too_few";
    case GevFitStatus::no_spread:
      return "no_spread";
    case GevFitStatus::not_converged:
      return "not_converged";
  }
  return "unknown";
}

}  // namespace metabasin
