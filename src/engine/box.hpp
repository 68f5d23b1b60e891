// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Simulation cell in the LAMMPS convention: a lower-triangular cell matrix
// with edge vectors a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz) and origin lo.
#include <Eigen/Dense>
#include <array>
#include <string>

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

/// Limits of a cell that can hold condensed matter, in A (metal units) or sigma (reduced LJ
/// units; both put nearest neighbours at about 1 to 3 length units apart).
struct CellLimits {
  /// The densest solids hold an atom per ~5.7 A^3 (diamond); 1e-3 A^3 per atom (2D: 1e-2 A^2)
  /// means neighbours 0.1 A apart, some 10^4 times denser than any material at any pressure
  /// reached in a laboratory: such a cell is a unit mistake or a typo, never a sample.
  static constexpr double min_volume_per_atom_3d = 1e-3;
  static constexpr double min_area_per_atom_2d = 1e-2;
  /// An atom cannot be closer than 0.1 A to its own periodic image for the same reason.
  static constexpr double min_periodic_width = 0.1;
  /// Positions are doubles: at 1e6 A from the origin they resolve 1e-10 A, the scale of the
  /// minimizers' convergence; and 1e6 A is 4e5 atomic spacings, far beyond any atomistic sample.
  /// Lengths, tilts and the origin beyond it are a unit mistake or an overflow.
  static constexpr double max_length = 1e6;
};

/// Why `b` cannot hold `natoms` atoms as a sample (non-finite or non-positive lengths,
/// non-finite or huge tilts, a volume per atom no matter has, a periodic width below
/// CellLimits::min_periodic_width), naming the offending value; empty when it can.
std::string cell_defect(const Box& b, std::size_t natoms);

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
