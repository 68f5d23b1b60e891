// SPDX-License-Identifier: BSD-3-Clause
#include "path_geometry.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace metabasin {

VectorXd displacement(const Box& box, const VectorXd& a, const VectorXd& b, int dimension) {
  VectorXd d(a.size());
  const MinimumImage image(box);
  if (dimension == 3) {
    for (Eigen::Index i = 0; i + 2 < a.size(); i += 3)
      d.segment<3>(i) = image(Vec3(b[i] - a[i], b[i + 1] - a[i + 1], b[i + 2] - a[i + 2]));
    return d;
  }
  for (Eigen::Index i = 0; i + dimension - 1 < a.size(); i += dimension) {
    Vec3 r = Vec3::Zero();
    for (int k = 0; k < dimension; ++k) r[k] = b[i + k] - a[i + k];
    r = image(r);
    for (int k = 0; k < dimension; ++k) d[i + k] = r[k];
  }
  return d;
}

std::size_t most_moving_atom(const VectorXd& d) {
  std::size_t most = 0;
  double largest = -1.0;
  for (Eigen::Index i = 0; i + 2 < d.size(); i += 3)
    if (const double m = d.segment<3>(i).norm(); m > largest) {
      largest = m;
      most = static_cast<std::size_t>(i / 3);
    }
  return most;
}

PathGeometry path_geometry(const Box& box, const std::vector<VectorXd>& images, const std::vector<double>& energies) {
  PathGeometry g;
  const std::size_t m = images.size();
  if (m < 2) return g;
  // Unwrap the path so that consecutive images differ by their minimum-image displacement.
  std::vector<VectorXd> p{images[0]};
  for (std::size_t k = 1; k < m; ++k) p.push_back(p.back() + displacement(box, images[k - 1], images[k]));
  for (std::size_t k = 1; k < m; ++k) g.polygon_length += (p[k] - p[k - 1]).norm();
  // Catmull-Rom through the images (end tangents from one-sided differences).
  const int sub = 16;
  for (std::size_t k = 0; k + 1 < m; ++k) {
    const VectorXd& p0 = k > 0 ? p[k - 1] : p[k];
    const VectorXd& p3 = k + 2 < m ? p[k + 2] : p[k + 1];
    const VectorXd m1 = 0.5 * (p[k + 1] - p0), m2 = 0.5 * (p3 - p[k]);
    VectorXd prev = p[k];
    for (int s = 1; s <= sub; ++s) {
      const double t = static_cast<double>(s) / sub, t2 = t * t, t3 = t2 * t;
      const VectorXd q =
          (2 * t3 - 3 * t2 + 1) * p[k] + (t3 - 2 * t2 + t) * m1 + (-2 * t3 + 3 * t2) * p[k + 1] + (t3 - t2) * m2;
      g.contour_length += (q - prev).norm();
      prev = q;
    }
  }
  g.end_to_end = (p.back() - p.front()).norm();
  g.ratio = g.end_to_end > 0.0 ? g.contour_length / g.end_to_end : 0.0;
  for (std::size_t k = 1; k + 1 < energies.size(); ++k)
    if (energies[k] < energies[k - 1] && energies[k] < energies[k + 1]) ++g.intermediate_minima;
  return g;
}

double straight_path_rise(const VectorXd& x, const VectorXd& y, const VectorXd& d,
                          const std::function<double(const VectorXd&)>& energy) {
  const double ends = std::max(energy(x), energy(y));
  double highest = ends;
  for (int i = 1; i < 10; ++i) highest = std::max(highest, energy(x + d * (i / 10.0)));
  return highest - ends;
}

bool straight_path_level(const VectorXd& x, const VectorXd& y, const VectorXd& d,
                         const std::function<double(const VectorXd&)>& energy, double bar) {
  const double ex = energy(x), ey = energy(y);
  if (!(std::abs(ex - ey) < bar)) return false;
  const double low = std::min(ex, ey) - bar, high = std::max(ex, ey) + bar;
  for (int i = 1; i < 10; ++i) {
    const double e = energy(x + d * (i / 10.0));
    if (!(e > low && e < high)) return false;  // stops at the first point off the level
  }
  return true;
}

VectorXd straight_path_top(const VectorXd& x, const VectorXd& d, const std::function<double(const VectorXd&)>& energy) {
  VectorXd best = x + 0.5 * d;
  double top = -std::numeric_limits<double>::infinity();
  constexpr int points = 9;
  for (int k = 1; k <= points; ++k) {
    const VectorXd p = x + (static_cast<double>(k) / (points + 1)) * d;
    const double e = energy(p);
    if (e > top) {
      top = e;
      best = p;
    }
  }
  return best;
}

}  // namespace metabasin
