// SPDX-License-Identifier: BSD-3-Clause
#include "rate_sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "fits.hpp"
#include "number_format.hpp"
#include "units.hpp"

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
  const LinearFit fit = linear_fit(x, y);
  r.m = r.points >= 2 ? fit.slope : std::numeric_limits<double>::quiet_NaN();
  r.standard_error = fit.slope_standard_error;
  return r;
}

namespace {

// tau ~ [offset +] scale * shape(gdot; p): for a given p the best scale (and offset) are
// linear least squares; the remaining one-parameter problem in u = log10 p is scanned, then
// refined by golden section.
struct OneParameterFit {
  double offset = 0.0, scale = 0.0, u = 0.0, rms = std::numeric_limits<double>::infinity();
  bool at_bound = false;
};

OneParameterFit fit_scale_and_shape(const std::vector<double>& rate, const std::vector<double>& tau, double u_lo,
                                    double u_hi, bool with_offset,
                                    const std::function<double(double, double)>& shape) {
  const double count = static_cast<double>(rate.size());
  auto eval = [&](double u) {
    double sf = 0.0, sfs = 0.0, sft = 0.0, st = 0.0;
    for (std::size_t k = 0; k < rate.size(); ++k) {
      const double f = shape(rate[k], u);
      sf += f;
      sfs += f * f;
      sft += f * tau[k];
      st += tau[k];
    }
    OneParameterFit r;
    r.u = u;
    if (with_offset) {  // 2x2 normal equations for (offset, scale)
      const double det = count * sfs - sf * sf;
      if (!(std::abs(det) > 1e-12 * count * sfs) || !std::isfinite(det)) return r;
      r.scale = (count * sft - sf * st) / det;
      r.offset = (st - r.scale * sf) / count;
    } else {
      if (!(sfs > 0.0) || !std::isfinite(sfs)) return r;
      r.scale = sft / sfs;
    }
    double ss = 0.0;
    for (std::size_t k = 0; k < rate.size(); ++k) {
      const double d = tau[k] - r.offset - r.scale * shape(rate[k], u);
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
  const OneParameterFit r = fit_scale_and_shape(rate, tau, std::log10(*lo) - 8.0, std::log10(*hi) + 8.0, false,
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
  if (f.points < 3) return {std::nan(""), std::nan(""), std::nan(""), std::nan(""), f.points};
  const double top = std::log10(*std::max_element(rate.begin(), rate.end()));
  const OneParameterFit r = fit_scale_and_shape(rate, tau, top + 1e-3, top + 20.0, true, [](double g, double u) {
    return -std::pow(std::log(std::pow(10.0, u) / g), 2.0 / 3.0);
  });
  f.tau_c = r.offset;
  f.C = r.scale;
  f.D = std::pow(10.0, r.u);
  f.rms = r.rms;
  f.at_bound = r.at_bound;
  return f;
}

RateLawCalibration calibrate_rate_law(const std::vector<double>& md_rate, const std::vector<double>& md_tau,
                                      const std::vector<double>& q0, const std::vector<double>& tau,
                                      double temperature) {
  RateLawCalibration c;
  c.rate_prefactor = c.a = c.rms_log10 = std::numeric_limits<double>::quiet_NaN();
  const LogPowerFit law = fit_log_power(md_rate, md_tau);
  if (law.points < 3 || !std::isfinite(law.C)) {
    c.why_not = "it needs at least 3 MD points for the 2/3 law (has " + std::to_string(md_rate.size()) + ")";
    return c;
  }
  if (!(law.C > 0.0)) {
    c.why_not = "the MD stress does not rise with rate (2/3-law C = " + brief(law.C) + " GPa)";
    return c;
  }
  c.md_law_at_bound = law.at_bound;
  const auto [lo, hi] = std::minmax_element(md_tau.begin(), md_tau.end());
  std::vector<double> x, y;
  for (std::size_t k = 0; k < q0.size(); ++k) {
    if (!(tau[k] >= *lo && tau[k] <= *hi && tau[k] < law.tau_c)) continue;
    const double ln_rate = std::log(law.D) - std::pow((law.tau_c - tau[k]) / law.C, 1.5);
    c.q0.push_back(q0[k]);
    c.effective_rate.push_back(std::exp(ln_rate));
    x.push_back(q0[k]);
    y.push_back(ln_rate);
  }
  c.points = static_cast<int>(x.size());
  const auto [qlo, qhi] = std::minmax_element(x.begin(), x.end());
  if (c.points < 2 || !(*qhi > *qlo)) {
    c.why_not = std::to_string(c.points) + " metadynamics point(s) with distinct Q0 have a stress inside the MD range [" +
                brief(*lo) + ", " + brief(*hi) + "] GPa; it needs 2";
    return c;
  }
  const LinearFit f = linear_fit(x, y);
  if (!(f.slope < 0.0)) {
    c.why_not = "the metadynamics stress does not fall as Q0 grows over the overlapping points";
    return c;
  }
  const double kT = units::boltz * temperature;
  c.rate_prefactor = std::exp(f.intercept);
  c.a = 1.0 + f.slope * kT;
  double ss = 0.0;
  for (std::size_t k = 0; k < x.size(); ++k) ss += std::pow((y[k] - f.intercept - f.slope * x[k]) / std::log(10.0), 2);
  c.rms_log10 = std::sqrt(ss / static_cast<double>(x.size()));
  return c;
}

}  // namespace metabasin
