#include "state_distance.hpp"

#include <vector>

namespace metabasin {

RigidMotions free_rigid_motions(const Box& box, const Potential& potential) {
  RigidMotions m;
  m.translation = potential.cutoff() > 0.0;
  m.rotation = m.translation && !(box.periodic[0] || box.periodic[1] || (box.dimension == 3 && box.periodic[2]));
  return m;
}

double max_atom_separation(const Box& box, const VectorXd& a, const VectorXd& b, RigidMotions free) {
  const bool translation = free.translation, rotation = free.rotation;
  const Eigen::Index n = a.size() / 3;
  if (n == 0) return 0.0;
  std::vector<Vec3> d(n);
  Vec3 mean = Vec3::Zero();
  const MinimumImage image(box);
  for (Eigen::Index i = 0; i < n; ++i) {
    d[i] = image(Vec3(a[3 * i] - b[3 * i], a[3 * i + 1] - b[3 * i + 1], a[3 * i + 2] - b[3 * i + 2]));
    mean += d[i];
  }
  mean /= static_cast<double>(n);
  if (!translation) mean = Vec3::Zero();
  if (translation && rotation && n > 2) {
    // Kabsch: rotate b (unwrapped next to a) onto a about the centroids.
    std::vector<Vec3> pa(n), pb(n);
    Vec3 ca = Vec3::Zero(), cb = Vec3::Zero();
    for (Eigen::Index i = 0; i < n; ++i) {
      pa[i] = Vec3(a[3 * i], a[3 * i + 1], a[3 * i + 2]);
      pb[i] = pa[i] - d[i];
      ca += pa[i];
      cb += pb[i];
    }
    ca /= static_cast<double>(n);
    cb /= static_cast<double>(n);
    Mat3 cov = Mat3::Zero();
    for (Eigen::Index i = 0; i < n; ++i) cov += (pb[i] - cb) * (pa[i] - ca).transpose();
    Eigen::JacobiSVD<Mat3> svd(cov, Eigen::ComputeFullU | Eigen::ComputeFullV);
    Mat3 corr = Mat3::Identity();
    corr(2, 2) = (svd.matrixV() * svd.matrixU().transpose()).determinant() < 0.0 ? -1.0 : 1.0;
    const Mat3 r = svd.matrixV() * corr * svd.matrixU().transpose();
    double m = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) m = std::max(m, ((pa[i] - ca) - r * (pb[i] - cb)).norm());
    return m;
  }
  double m = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) m = std::max(m, (d[i] - mean).norm());
  return m;
}

}  // namespace metabasin
