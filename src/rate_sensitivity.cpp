#include "rate_sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "fits.hpp"

namespace metabasin {

RateSensitivity rate_sensitivity(const std::vector<double>& rate, const std::vector<double>& tau, double lo,
                                 double hi) {
  std::vector<double> x, y;
  for (std::size_t k = 0; k < rate.size(); ++k)
    if (rate[k] >= lo && rate[k] <= hi && tau[k] > 0.0) {
      x.push_back(std::log10(rate[k]));
      y.push_back(std::log10(tau[k]));
    }
  RateSensitivity r;
  r.points = static_cast<int>(x.size());
  r.m = r.points >= 2 ? linear_fit(x, y).slope : std::numeric_limits<double>::quiet_NaN();
  return r;
}

namespace {

// tau ~ scale * shape(gdot; p): for a given p the best scale is linear least squares; the
// remaining one-parameter problem in u = log10 p is scanned, then refined by golden section.
struct OneParameterFit {
  double scale = 0.0, u = 0.0, rms = std::numeric_limits<double>::infinity();
  bool at_bound = false;
};

OneParameterFit fit_scale_and_shape(const std::vector<double>& rate, const std::vector<double>& tau, double u_lo,
                                    double u_hi, const std::function<double(double, double)>& shape) {
  auto eval = [&](double u) {
    double sfs = 0.0, sft = 0.0;
    for (std::size_t k = 0; k < rate.size(); ++k) {
      const double f = shape(rate[k], u);
      sfs += f * f;
      sft += f * tau[k];
    }
    OneParameterFit r;
    r.u = u;
    if (!(sfs > 0.0) || !std::isfinite(sfs)) return r;
    r.scale = sft / sfs;
    double ss = 0.0;
    for (std::size_t k = 0; k < rate.size(); ++k) {
      const double d = tau[k] - r.scale * shape(rate[k], u);
      ss += d * d;
    }
    r.rms = std::sqrt(ss / static_cast<double>(rate.size()));
    return r;
  };
  const int n = 400;
  OneParameterFit best;
  int best_k = 0;
  for (int k = 0; k <= n; ++k) {
    const OneParameterFit r = eval(u_lo + (u_hi - u_lo) * k / n);
    if (r.rms < best.rms) {
      best = r;
      best_k = k;
    }
  }
  double a = u_lo + (u_hi - u_lo) * std::max(0, best_k - 1) / n, b = u_lo + (u_hi - u_lo) * std::min(n, best_k + 1) / n;
  const double g = (std::sqrt(5.0) - 1.0) / 2.0;
  for (int it = 0; it < 100; ++it) {
    const double c = b - g * (b - a), d = a + g * (b - a);
    if (eval(c).rms < eval(d).rms) b = d;
    else a = c;
  }
  OneParameterFit r = eval(0.5 * (a + b));
  if (!(r.rms < best.rms)) r = best;
  r.at_bound = best_k == 0 || best_k == n;
  return r;
}

}  // namespace

AsinhFit fit_asinh(const std::vector<double>& rate, const std::vector<double>& tau) {
  AsinhFit f;
  f.points = static_cast<int>(rate.size());
  if (f.points < 2) return {std::nan(""), std::nan(""), std::nan(""), f.points};
  const auto [lo, hi] = std::minmax_element(rate.begin(), rate.end());
  const OneParameterFit r = fit_scale_and_shape(rate, tau, std::log10(*lo) - 8.0, std::log10(*hi) + 8.0,
                                                [](double g, double u) { return std::asinh(g / std::pow(10.0, u)); });
  f.A = r.scale;
  f.B = std::pow(10.0, r.u);
  f.rms = r.rms;
  f.at_bound = r.at_bound;
  return f;
}

LogPowerFit fit_log_power(const std::vector<double>& rate, const std::vector<double>& tau) {
  LogPowerFit f;
  f.points = static_cast<int>(rate.size());
  if (f.points < 2) return {std::nan(""), std::nan(""), std::nan(""), f.points};
  const double top = std::log10(*std::max_element(rate.begin(), rate.end()));
  const OneParameterFit r = fit_scale_and_shape(rate, tau, top + 1e-3, top + 20.0, [](double g, double u) {
    return -std::pow(std::log(std::pow(10.0, u) / g), 2.0 / 3.0);
  });
  f.C = r.scale;
  f.D = std::pow(10.0, r.u);
  f.rms = r.rms;
  f.at_bound = r.at_bound;
  return f;
}

}  // namespace metabasin
