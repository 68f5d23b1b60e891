// SPDX-License-Identifier: BSD-3-Clause
#include "box.hpp"

#include <cmath>
#include <limits>

#include "number_format.hpp"

namespace metabasin {

Mat3 Box::cell() const {
  Mat3 h;
  h << len[0], xy, xz, 0.0, len[1], yz, 0.0, 0.0, len[2];
  return h;
}

Mat3 Box::cell_inverse() const { return cell().inverse(); }

Vec3 Box::to_fractional(const Vec3& r) const { return cell_inverse() * (r - lo); }

Vec3 Box::to_cartesian(const Vec3& lambda) const { return lo + cell() * lambda; }

Vec3 Box::face_distances() const {
  // Row d of the inverse cell is the reciprocal vector normal to faces d; its length is 1/width.
  const Mat3 inv = cell_inverse();
  return Vec3(1.0 / inv.row(0).norm(), 1.0 / inv.row(1).norm(), 1.0 / inv.row(2).norm());
}

std::string cell_defect(const Box& b, std::size_t natoms) {
  const char* axis[3] = {"x", "y", "z"};
  const int dims = b.dimension == 2 ? 2 : 3;
  auto num = [](double v) { return shortest(v); };
  for (int d = 0; d < 3; ++d) {
    if (!std::isfinite(b.lo[d]) || std::abs(b.lo[d]) > CellLimits::max_length)
      return std::string("the cell origin ") + axis[d] + "lo = " + num(b.lo[d]) + " is not finite or beyond +-" +
             num(CellLimits::max_length);
    if (!std::isfinite(b.len[d]) || !(b.len[d] > 0.0))
      return std::string("the cell length along ") + axis[d] + " is " + num(b.len[d]) + ", not a finite positive number";
    if (b.len[d] > CellLimits::max_length)
      return std::string("the cell length along ") + axis[d] + " is " + num(b.len[d]) + ", beyond " +
             num(CellLimits::max_length) + " (a unit mistake?)";
  }
  const char* tilt_name[3] = {"xy", "xz", "yz"};
  const double tilt[3] = {b.xy, b.xz, b.yz};
  for (int k = 0; k < 3; ++k)
    if (!std::isfinite(tilt[k]) || std::abs(tilt[k]) > CellLimits::max_length)
      return std::string("the cell tilt ") + tilt_name[k] + " is " + num(tilt[k]) + ", not finite or beyond +-" +
             num(CellLimits::max_length);
  if (natoms > 0) {
    const double per_atom = b.volume() / static_cast<double>(natoms);
    const double floor = dims == 2 ? CellLimits::min_area_per_atom_2d : CellLimits::min_volume_per_atom_3d;
    if (!(per_atom >= floor))
      return std::string("the cell ") + (dims == 2 ? "area" : "volume") + " per atom is " + num(per_atom) +
             (dims == 2 ? " A^2" : " A^3") + " (lengths " + num(b.len[0]) + " x " + num(b.len[1]) +
             (dims == 2 ? "" : " x " + num(b.len[2])) + "), below " + num(floor) +
             ", far denser than any condensed matter";
  }
  const Vec3 w = b.face_distances();
  for (int d = 0; d < dims; ++d)
    if (b.periodic[d] && !(w[d] >= CellLimits::min_periodic_width))
      return std::string("the periodic cell is ") + num(w[d]) + " wide across the " + axis[d] +
             " faces, below " + num(CellLimits::min_periodic_width) + ": an atom would sit that close to its own image";
  return "";
}

double Box::volume() const { return dimension == 2 ? len[0] * len[1] : len[0] * len[1] * len[2]; }

Vec3 Box::lattice_shift(int na, int nb, int nc) const {
  return Vec3(na * len[0] + nb * xy + nc * xz, nb * len[1] + nc * yz, nc * len[2]);
}

Vec3 Box::minimum_image(const Vec3& dr) const { return MinimumImage(*this)(dr); }

MinimumImage::MinimumImage(const Box& box) : box_(box), inverse_(box.cell_inverse()) {
  for (int d = 0; d < 3; ++d) {
    widths_[d] = 1.0 / inverse_.row(d).norm();
    wraps_[d] = box.periodic[d] && !(box.dimension == 2 && d == 2);
  }
  double w = std::numeric_limits<double>::infinity();
  for (int d = 0; d < 3; ++d)
    if (wraps_[d]) w = std::min(w, widths_[d]);
  quarter_min_width2_ = 0.25 * w * w;
}

Vec3 MinimumImage::operator()(const Vec3& dr) const {
  if (dr.squaredNorm() < quarter_min_width2_) return dr;
  const Vec3 lambda = inverse_ * dr;
  int n[3] = {0, 0, 0};
  for (int d = 0; d < 3; ++d)
    if (wraps_[d]) n[d] = static_cast<int>(std::lround(lambda[d]));
  const Vec3 base = dr - box_.lattice_shift(n[0], n[1], n[2]);
  // For tilted cells the rounded image need not be the shortest one. A shorter image v has
  // |lambda_d(v)| <= |v| / width_d, which bounds the images worth trying along each direction.
  // When |base| is at most half of every periodic width no other image can be shorter.
  const double base2 = base.squaredNorm();
  bool surely_shortest = true;
  for (int d = 0; d < 3; ++d)
    if (wraps_[d] && 4.0 * base2 > widths_[d] * widths_[d]) surely_shortest = false;
  if (surely_shortest) return base;
  Vec3 best = base;
  double best2 = base2;
  int range[3];
  for (int d = 0; d < 3; ++d)
    range[d] = wraps_[d] ? static_cast<int>(std::ceil(0.5 + std::sqrt(best2) / widths_[d])) : 0;
  for (int a = -range[0]; a <= range[0]; ++a)
    for (int b = -range[1]; b <= range[1]; ++b)
      for (int c = -range[2]; c <= range[2]; ++c) {
        const Vec3 cand = base - box_.lattice_shift(a, b, c);
        const double c2 = cand.squaredNorm();
        if (c2 < best2) {
          best2 = c2;
          best = cand;
        }
      }
  return best;
}

Vec3 Box::wrap(const Vec3& r, std::array<int, 3>& image) const {
  Vec3 lambda = to_fractional(r);
  int n[3] = {0, 0, 0};
  for (int d = 0; d < 3; ++d) {
    if (!periodic[d] || (dimension == 2 && d == 2)) continue;
    n[d] = static_cast<int>(std::floor(lambda[d]));
    // floor(1 - tiny) can give a point exactly on the upper face after shifting; keep [0,1).
    if (lambda[d] - n[d] >= 1.0) ++n[d];
  }
  image[0] += n[0];
  image[1] += n[1];
  image[2] += n[2];
  return r - lattice_shift(n[0], n[1], n[2]);
}

bool Box::operator==(const Box& o) const {
  return lo == o.lo && len == o.len && xy == o.xy && xz == o.xz && yz == o.yz && periodic == o.periodic &&
         dimension == o.dimension;
}

}  // namespace metabasin
