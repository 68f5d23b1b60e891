// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Simulation cell in the LAMMPS convention: a lower-triangular cell matrix
// with edge vectors a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz) and origin lo.
#include <Eigen/Dense>
#include <array>

namespace metabasin {

using Vec3 = Eigen::Vector3d;
using Mat3 = Eigen::Matrix3d;

struct Box {
  Vec3 lo{0.0, 0.0, 0.0};
  Vec3 len{1.0, 1.0, 1.0};  // lx, ly, lz
  double xy = 0.0, xz = 0.0, yz = 0.0;
  std::array<bool, 3> periodic{true, true, true};
  int dimension = 3;

  bool triclinic() const { return xy != 0.0 || xz != 0.0 || yz != 0.0; }
  /// Cell matrix with the edge vectors as columns.
  Mat3 cell() const;
  Mat3 cell_inverse() const;
  Vec3 hi() const { return lo + len; }
  /// Fractional coordinates in [0,1) for a point inside the cell.
  Vec3 to_fractional(const Vec3& r) const;
  Vec3 to_cartesian(const Vec3& lambda) const;
  /// Distance between opposite faces along each cell direction.
  Vec3 face_distances() const;
  /// Volume in 3D, area (lx*ly) in 2D, as LAMMPS uses for pressure.
  double volume() const;
  /// Shortest periodic image of a separation vector. Exact for any tilt:
  /// rounding in fractional space is followed by a search of neighbouring images.
  Vec3 minimum_image(const Vec3& dr) const;
  /// Wraps a point into the cell along periodic directions; image counts change accordingly.
  Vec3 wrap(const Vec3& r, std::array<int, 3>& image) const;
  /// Lattice translation for integer image counts.
  Vec3 lattice_shift(int na, int nb, int nc) const;
  bool operator==(const Box& o) const;
  bool operator!=(const Box& o) const { return !(*this == o); }
};

/// Box::minimum_image with the cell's inverse and face widths computed once, for loops over
/// many separations in one fixed cell (penalties, state distances).
class MinimumImage {
 public:
  explicit MinimumImage(const Box& box);
  Vec3 operator()(const Vec3& dr) const;

 private:
  Box box_;
  Mat3 inverse_;
  Vec3 widths_;
  std::array<bool, 3> wraps_;
  double quarter_min_width2_ = 0.0;  // separations shorter than half of every width are their own image
};

}  // namespace metabasin
