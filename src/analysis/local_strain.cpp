// SPDX-License-Identifier: BSD-3-Clause
#include "local_strain.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "error.hpp"
#include "number_format.hpp"

namespace metabasin {

// A grid of cells at least `cutoff` wide in fractional coordinates, each atom checked against
// the atoms of its cell and the cells around it (each cell once, however few there are along
// a direction).
std::vector<std::vector<std::size_t>> neighbours_within(const Configuration& c, double cutoff) {
  const Box& b = c.box;
  const int dim = b.dimension;
  const Vec3 widths = b.face_distances();
  std::array<int, 3> n{1, 1, 1};
  for (int d = 0; d < dim; ++d) n[d] = std::max(1, static_cast<int>(std::floor(widths[d] / cutoff)));
  auto cell_of = [&](const Vec3& s) {
    std::array<int, 3> k{0, 0, 0};
    for (int d = 0; d < dim; ++d) {
      const double f = s[d] - std::floor(s[d]);
      k[d] = std::min(n[d] - 1, static_cast<int>(f * n[d]));
    }
    return k;
  };
  auto index = [&](const std::array<int, 3>& k) {
    return (static_cast<std::size_t>(k[2]) * n[1] + k[1]) * n[0] + k[0];
  };
  const Mat3 inverse = b.cell_inverse();
  std::vector<std::vector<std::size_t>> cells(static_cast<std::size_t>(n[0]) * n[1] * n[2]);
  std::vector<std::array<int, 3>> home(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) {
    home[i] = cell_of(inverse * (c.position(i) - b.lo));
    cells[index(home[i])].push_back(i);
  }
  // The offsets to visit along each direction: -1, 0, 1, or fewer when there are fewer cells.
  std::array<std::vector<int>, 3> offsets;
  for (int d = 0; d < 3; ++d)
    offsets[d] = n[d] >= 3 ? std::vector<int>{-1, 0, 1} : n[d] == 2 ? std::vector<int>{0, 1} : std::vector<int>{0};
  const MinimumImage image(b);
  const double cut2 = cutoff * cutoff;
  std::vector<std::vector<std::size_t>> out(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) {
    const Vec3 xi = c.position(i);
    for (int oz : offsets[2])
      for (int oy : offsets[1])
        for (int ox : offsets[0]) {
          const std::array<int, 3> k{(home[i][0] + ox + n[0]) % n[0], (home[i][1] + oy + n[1]) % n[1],
                                     (home[i][2] + oz + n[2]) % n[2]};
          for (std::size_t j : cells[index(k)])
            if (j != i && image(c.position(j) - xi).squaredNorm() < cut2) out[i].push_back(j);
        }
  }
  return out;
}

namespace {

void check_pair(const Configuration& reference, const Configuration& current, double cutoff) {
  if (!(cutoff > 0.0) || !std::isfinite(cutoff)) throw InputError("strain: the cutoff must be a positive number");
  if (reference.box.dimension != current.box.dimension)
    throw InputError("strain: the reference is " + std::to_string(reference.box.dimension) + "D, the current " +
                     std::to_string(current.box.dimension) + "D configuration");
  if (reference.ids != current.ids || reference.types != current.types)
    throw InputError("strain: the two configurations do not hold the same atoms (IDs and types must match)");
  const int dim = reference.box.dimension;
  for (const Configuration* c : {&reference, &current}) {
    const Vec3 w = c->box.face_distances();
    for (int d = 0; d < dim; ++d)
      if (c->box.periodic[d] && !(cutoff < 0.5 * w[d]))
        throw InputError("strain: the cutoff " + brief(cutoff) + " A is not below half the cell's width " +
                         brief(w[d]) + " A along " + "xyz"[d] + " (" + (c == &reference ? "reference" : "current") +
                         "): a neighbour would have two images");
  }
}

}  // namespace

LocalStrain local_strain(const Configuration& reference, const Configuration& current, double cutoff) {
  check_pair(reference, current, cutoff);
  const int dim = reference.box.dimension;
  const std::size_t n = reference.size();
  const auto near = neighbours_within(reference, cutoff);
  const MinimumImage ref_image(reference.box), cur_image(current.box);
  LocalStrain s;
  s.shear.assign(n, 0.0);
  s.volumetric.assign(n, 0.0);
  s.d2min.assign(n, 0.0);
  s.green.assign(n, {0, 0, 0, 0, 0, 0});
  s.neighbours.assign(n, 0);
  s.invalid.assign(n, false);
  std::vector<Vec3> d0s, ds;  // atom i's separations, reused from atom to atom
  for (std::size_t i = 0; i < n; ++i) {
    Eigen::MatrixXd v = Eigen::MatrixXd::Zero(dim, dim), w = Eigen::MatrixXd::Zero(dim, dim);
    d0s.clear();
    ds.clear();
    for (std::size_t j : near[i]) {
      d0s.push_back(ref_image(reference.position(j) - reference.position(i)));
      ds.push_back(cur_image(current.position(j) - current.position(i)));
      v += d0s.back().head(dim) * d0s.back().head(dim).transpose();
      w += ds.back().head(dim) * d0s.back().head(dim).transpose();
    }
    s.neighbours[i] = static_cast<int>(near[i].size());
    // F is undefined when the neighbours do not span the space (as OVITO: |det V| tiny).
    const double scale = std::pow(v.trace() / dim, dim);
    if (near[i].size() < static_cast<std::size_t>(dim) || !(std::abs(v.determinant()) > 1e-12 * scale)) {
      s.invalid[i] = true;
      ++s.invalid_count;
      continue;
    }
    const Eigen::MatrixXd f = w * v.inverse();
    const Eigen::MatrixXd e = 0.5 * (f.transpose() * f - Eigen::MatrixXd::Identity(dim, dim));
    for (std::size_t k = 0; k < d0s.size(); ++k) s.d2min[i] += (ds[k].head(dim) - f * d0s[k].head(dim)).squaredNorm();
    if (dim == 2) {
      s.green[i] = {e(0, 0), e(1, 1), 0.0, e(0, 1), 0.0, 0.0};
      s.shear[i] = std::sqrt(e(0, 1) * e(0, 1) + 0.5 * (e(0, 0) - e(1, 1)) * (e(0, 0) - e(1, 1)));
      s.volumetric[i] = 0.5 * (e(0, 0) + e(1, 1));
    } else {
      s.green[i] = {e(0, 0), e(1, 1), e(2, 2), e(0, 1), e(0, 2), e(1, 2)};
      const double xx = e(0, 0), yy = e(1, 1), zz = e(2, 2);
      s.shear[i] = std::sqrt(e(0, 1) * e(0, 1) + e(0, 2) * e(0, 2) + e(1, 2) * e(1, 2) +
                             ((xx - yy) * (xx - yy) + (xx - zz) * (xx - zz) + (yy - zz) * (yy - zz)) / 6.0);
      s.volumetric[i] = (xx + yy + zz) / 3.0;
    }
  }
  return s;
}

}  // namespace metabasin
