// SPDX-License-Identifier: BSD-3-Clause
#include "stress_drops.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "error.hpp"
#include "fits.hpp"

namespace metabasin {

std::vector<double> running_median(const std::vector<double>& strain, const std::vector<double>& stress, double bin) {
  std::vector<double> out(stress.size());
  std::size_t lo = 0, hi = 0;  // the window [lo, hi) of the samples within bin/2
  std::vector<double> window;
  for (std::size_t i = 0; i < stress.size(); ++i) {
    while (lo < i && strain[lo] < strain[i] - 0.5 * bin) ++lo;
    while (hi < stress.size() && strain[hi] <= strain[i] + 0.5 * bin) ++hi;
    window.assign(stress.begin() + static_cast<long>(lo), stress.begin() + static_cast<long>(std::max(hi, i + 1)));
    out[i] = median(window);
  }
  return out;
}

StressDrops stress_drops(const std::vector<double>& strain, const std::vector<double>& stress, double bin) {
  if (strain.size() != stress.size()) throw InputError("stress drops: strain and stress differ in length");
  for (std::size_t k = 1; k < strain.size(); ++k)
    if (!(strain[k] >= strain[k - 1])) throw InputError("stress drops: the strains must ascend");
  StressDrops d;
  d.smoothed = bin > 0.0 ? running_median(strain, stress, bin) : stress;
  const auto& s = d.smoothed;
  for (std::size_t k = 0; k + 1 < s.size();) {
    if (!(s[k + 1] < s[k])) {
      ++k;
      continue;
    }
    std::size_t end = k + 1;
    while (end + 1 < s.size() && s[end + 1] < s[end]) ++end;
    d.sizes.push_back(s[k] - s[end]);
    d.at_strain.push_back(strain[k]);
    k = end;
  }
  return d;
}

namespace {

// The ML exponent of the sizes from index `from` on (sorted ascending) and its KS distance.
std::pair<double, double> fit_from(const std::vector<double>& x, std::size_t from) {
  const double x_min = x[from];
  const double n = static_cast<double>(x.size() - from);
  double logs = 0.0;
  for (std::size_t k = from; k < x.size(); ++k) logs += std::log(x[k] / x_min);
  if (!(logs > 0.0)) return {NAN, INFINITY};
  const double alpha = 1.0 + n / logs;
  double ks = 0.0;
  for (std::size_t k = from; k < x.size(); ++k) {
    const double fit = std::pow(x[k] / x_min, 1.0 - alpha);  // P(X >= x_k)
    const double above = (static_cast<double>(x.size() - k)) / n, beyond = static_cast<double>(x.size() - k - 1) / n;
    ks = std::max({ks, std::abs(fit - above), std::abs(fit - beyond)});
  }
  return {alpha, ks};
}

}  // namespace

PowerLawTail fit_power_law_tail(std::vector<double> sizes, std::size_t min_tail) {
  sizes.erase(std::remove_if(sizes.begin(), sizes.end(), [](double v) { return !(v > 0.0) || !std::isfinite(v); }),
              sizes.end());
  min_tail = std::max<std::size_t>(min_tail, 2);
  PowerLawTail best;
  if (sizes.size() < min_tail) {
    best.why_not = std::to_string(sizes.size()) + " positive sizes, at least " + std::to_string(min_tail) + " needed";
    return best;
  }
  std::sort(sizes.begin(), sizes.end());
  best.ks_distance = INFINITY;
  for (std::size_t from = 0; from + min_tail <= sizes.size(); ++from) {
    if (from > 0 && sizes[from] == sizes[from - 1]) continue;
    const auto [alpha, ks] = fit_from(sizes, from);
    if (!(ks < best.ks_distance)) continue;
    best.alpha = alpha;
    best.ks_distance = ks;
    best.x_min = sizes[from];
    best.tail = sizes.size() - from;
  }
  if (!std::isfinite(best.ks_distance)) {
    best = PowerLawTail{};
    best.why_not = "the sizes are all equal: no power law to fit";
    return best;
  }
  best.fitted = true;
  best.x_max = sizes.back();
  best.alpha_error = (best.alpha - 1.0) / std::sqrt(static_cast<double>(best.tail));
  best.ccdf_exponent = -(best.alpha - 1.0);
  return best;
}

}  // namespace metabasin
