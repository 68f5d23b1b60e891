// SPDX-License-Identifier: BSD-3-Clause
#include "fits.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace metabasin {

LinearFit linear_fit(const std::vector<double>& x, const std::vector<double>& y) {
  LinearFit f;
  f.points = static_cast<int>(std::min(x.size(), y.size()));
  if (f.points < 2) return f;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (int k = 0; k < f.points; ++k) {
    sx += x[k];
    sy += y[k];
    sxx += x[k] * x[k];
    sxy += x[k] * y[k];
  }
  const double n = f.points, den = n * sxx - sx * sx;
  if (den == 0.0) return f;
  f.slope = (n * sxy - sx * sy) / den;
  f.intercept = (sy - f.slope * sx) / n;
  // Ordinary least squares: var(slope) = s^2 / Sxx with s^2 = SSR / (n - 2).
  if (f.points > 2) {
    double ssr = 0.0;
    for (int k = 0; k < f.points; ++k) {
      const double r = y[k] - f.intercept - f.slope * x[k];
      ssr += r * r;
    }
    f.slope_standard_error = std::sqrt(ssr / (n - 2.0) / (den / n));
  }
  return f;
}

double flow_stress(const std::vector<double>& strain, const std::vector<double>& stress, double from) {
  double sum = 0.0;
  long n = 0;
  for (std::size_t k = 0; k < strain.size(); ++k)
    if (strain[k] >= from) {
      sum += stress[k];
      ++n;
    }
  return n ? sum / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
}

double peak_stress(const std::vector<double>& strain, const std::vector<double>& stress, double bin) {
  std::map<long, std::pair<double, long>> bins;  // bin index -> (sum, count)
  for (std::size_t k = 0; k < std::min(strain.size(), stress.size()); ++k) {
    if (!std::isfinite(stress[k])) continue;
    // A strain a rounding error short of a bin's edge (0.0039999 of steps of 0.001) is on it.
    auto& b = bins[static_cast<long>(std::floor(strain[k] / bin + 1e-6))];
    b.first += stress[k];
    ++b.second;
  }
  double peak = std::numeric_limits<double>::quiet_NaN();
  for (const auto& [index, b] : bins) {
    const double mean = b.first / static_cast<double>(b.second);
    if (std::isnan(peak) || mean > peak) peak = mean;
  }
  return peak;
}

double two_line_break_point(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = std::min(x.size(), y.size());
  if (n < 6) return std::numeric_limits<double>::quiet_NaN();
  const auto [lo, hi] = std::minmax_element(x.begin(), x.begin() + n);
  double best = std::numeric_limits<double>::infinity(), best_b = std::numeric_limits<double>::quiet_NaN();
  const int candidates = 200;
  for (int c = 1; c < candidates; ++c) {
    const double b = *lo + (*hi - *lo) * c / candidates;
    // y = a + s1 min(x - b, 0) + s2 max(x - b, 0): continuous at b.
    Eigen::MatrixXd A(n, 3);
    Eigen::VectorXd v(n);
    int below = 0, above = 0;
    for (std::size_t k = 0; k < n; ++k) {
      A(k, 0) = 1.0;
      A(k, 1) = std::min(x[k] - b, 0.0);
      A(k, 2) = std::max(x[k] - b, 0.0);
      v[k] = y[k];
      (x[k] < b ? below : above)++;
    }
    if (below < 3 || above < 3) continue;
    const Eigen::VectorXd coef = A.colPivHouseholderQr().solve(v);
    const double r = (A * coef - v).squaredNorm();
    if (r < best) {
      best = r;
      best_b = b;
    }
  }
  return best_b;
}

double median(std::vector<double> values) {
  if (values.empty()) return std::nan("");
  const std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<long>(mid), values.end());
  if (values.size() % 2 == 1) return values[mid];
  const double upper = values[mid];
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<long>(mid));
  return 0.5 * (lower + upper);
}

}  // namespace metabasin
