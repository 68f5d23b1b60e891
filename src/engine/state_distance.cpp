// SPDX-License-Identifier: BSD-3-Clause
#include "state_distance.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <Eigen/Geometry>

namespace metabasin {

RigidMotions free_rigid_motions(const Box& box, const Potential& potential) {
  RigidMotions m;
  m.translation = potential.cutoff() > 0.0;
  m.rotation = m.translation && !(box.periodic[0] || box.periodic[1] || (box.dimension == 3 && box.periodic[2]));
  return m;
}

VectorXd aligned_to(const Box& box, const VectorXd& a, const VectorXd& b, RigidMotions free) {
  const Eigen::Index n = a.size() / 3;
  VectorXd out(a.size());
  if (n == 0) return out;
  // b unwrapped next to a, then moved by the rigid motions that do not count.
  std::vector<Vec3> pa(n), pb(n);
  Vec3 ca = Vec3::Zero(), cb = Vec3::Zero();
  const MinimumImage image(box);
  for (Eigen::Index i = 0; i < n; ++i) {
    pa[i] = a.segment<3>(3 * i);
    pb[i] = pa[i] - image(Vec3(pa[i] - b.segment<3>(3 * i)));
    ca += pa[i];
    cb += pb[i];
  }
  ca /= static_cast<double>(n);
  cb /= static_cast<double>(n);
  Mat3 r = Mat3::Identity();
  if (free.translation && free.rotation && n > 2) {
    if (box.dimension == 2) {
      // About z only: a 3D Kabsch could answer with a mirror image of the plane.
      double sin_sum = 0.0, cos_sum = 0.0;
      for (Eigen::Index i = 0; i < n; ++i) {
        const Vec3 u = pb[i] - cb, v = pa[i] - ca;
        sin_sum += u.x() * v.y() - u.y() * v.x();
        cos_sum += u.x() * v.x() + u.y() * v.y();
      }
      r = Eigen::AngleAxisd(std::atan2(sin_sum, cos_sum), Vec3::UnitZ()).toRotationMatrix();
    } else {
      Mat3 cov = Mat3::Zero();
      for (Eigen::Index i = 0; i < n; ++i) cov += (pb[i] - cb) * (pa[i] - ca).transpose();
      Eigen::JacobiSVD<Mat3> svd(cov, Eigen::ComputeFullU | Eigen::ComputeFullV);
      Mat3 corr = Mat3::Identity();
      corr(2, 2) = (svd.matrixV() * svd.matrixU().transpose()).determinant() < 0.0 ? -1.0 : 1.0;
      r = svd.matrixV() * corr * svd.matrixU().transpose();
    }
  }
  for (Eigen::Index i = 0; i < n; ++i)
    out.segment<3>(3 * i) = free.translation ? Vec3(ca + r * (pb[i] - cb)) : pb[i];
  return out;
}

double max_atom_separation(const Box& box, const VectorXd& a, const VectorXd& b, const std::vector<std::size_t>& atoms,
                           RigidMotions free) {
  if (atoms.empty()) return max_atom_separation(box, a, b, free);
  const VectorXd c = aligned_to(box, a, b, free);
  double m = 0.0;
  for (std::size_t i : atoms) {
    const Eigen::Index k = 3 * static_cast<Eigen::Index>(i);
    m = std::max(m, (a.segment<3>(k) - c.segment<3>(k)).norm());
  }
  return m;
}

double max_atom_separation(const Box& box, const VectorXd& a, const VectorXd& b, RigidMotions free) {
  const Eigen::Index n = a.size() / 3;
  const VectorXd c = aligned_to(box, a, b, free);
  double m = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) m = std::max(m, (a.segment<3>(3 * i) - c.segment<3>(3 * i)).norm());
  return m;
}

}  // namespace metabasin
