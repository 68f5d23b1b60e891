// SPDX-License-Identifier: BSD-3-Clause
#include "prefactor.hpp"

#include <algorithm>
#include <cmath>

#include "error.hpp"
#include "number_format.hpp"
#include "state_distance.hpp"
#include "units.hpp"

namespace metabasin {

Eigen::MatrixXd numerical_hessian(ObjectiveFunction& f, const VectorXd& x, const std::vector<Eigen::Index>& active,
                                  double h) {
  const Eigen::Index n = static_cast<Eigen::Index>(active.size());
  Eigen::MatrixXd hess(n, n);
  VectorXd fp(x.size()), fm(x.size()), y = x;
  for (Eigen::Index a = 0; a < n; ++a) {
    const Eigen::Index k = active[a];
    y[k] = x[k] + h;
    f.evaluate(y, fp);
    y[k] = x[k] - h;
    f.evaluate(y, fm);
    y[k] = x[k];
    for (Eigen::Index b = 0; b < n; ++b) hess(b, a) = -(fp[active[b]] - fm[active[b]]) / (2.0 * h);
  }
  return 0.5 * (hess + hess.transpose());
}

namespace {
/// Sorted eigenvalues of the mass-weighted Hessian, in (1/ps)^2, without the `zero_modes`
/// smallest in magnitude; positive ones raised to the soft-mode cap's floor.
std::vector<double> squared_frequencies(const Eigen::MatrixXd& h, const VectorXd& m, int zero_modes,
                                        const SoftModeCap& cap) {
  Eigen::MatrixXd w(h.rows(), h.cols());
  for (Eigen::Index i = 0; i < h.rows(); ++i)
    for (Eigen::Index j = 0; j < h.cols(); ++j) w(i, j) = h(i, j) / std::sqrt(m[i] * m[j]) * units::ftm2v;
  const bool capped = cap.amplitude > 0.0 && cap.temperature > 0.0;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(w, capped ? Eigen::ComputeEigenvectors : Eigen::EigenvaluesOnly);
  const Eigen::Index n = es.eigenvalues().size();
  // Per mode: its squared frequency and, with the cap, the floor it is raised to.
  std::vector<std::pair<double, double>> modes;
  for (Eigen::Index k = 0; k < n; ++k) {
    double floor = 0.0;
    if (capped) {
      // Largest per-atom displacement of the mode per unit normal coordinate: the atoms'
      // coordinates are consecutive groups of cap.dimension entries.
      double most = 0.0;
      for (Eigen::Index c = 0; c + cap.dimension <= n; c += cap.dimension) {
        double s = 0.0;
        for (int d = 0; d < cap.dimension; ++d) s += es.eigenvectors()(c + d, k) * es.eigenvectors()(c + d, k) / m[c + d];
        most = std::max(most, s);
      }
      // <q^2> = kT / omega^2 in amu A^2 (omega^2 in ps^-2 divided by ftm2v): the mode is
      // harmonic while sqrt(<q^2> most) stays below the amplitude.
      floor = units::boltz * cap.temperature * units::ftm2v * most / (cap.amplitude * cap.amplitude);
    }
    modes.emplace_back(es.eigenvalues()[k], floor);
  }
  for (int z = 0; z < zero_modes && !modes.empty(); ++z)
    modes.erase(std::min_element(modes.begin(), modes.end(),
                                 [](const auto& a, const auto& b) { return std::abs(a.first) < std::abs(b.first); }));
  std::vector<double> v;
  for (const auto& [w2, floor] : modes) v.push_back(w2 > 0.0 ? std::max(w2, floor) : w2);
  std::sort(v.begin(), v.end());
  return v;
}

/// Sum of ln(omega / (1/ps)) over the modes of a minimum.
double log_frequencies_at_minimum(const Eigen::MatrixXd& h, const VectorXd& m, int zero_modes, const SoftModeCap& cap) {
  const std::vector<double> w = squared_frequencies(h, m, zero_modes, cap);
  if (w.empty()) throw NumericalError("Vineyard prefactor: the minimum has no vibrational modes");
  if (w.front() <= 0.0)
    throw NumericalError("Vineyard prefactor: the minimum has a non-positive curvature (" + brief(w.front()) +
                     " ps^-2, next " + (w.size() > 1 ? brief(w[1]) : std::string("none")) + ")");
  double sum = 0.0;
  for (double x : w) sum += 0.5 * std::log(x);
  return sum;
}

/// The same over the real modes of a saddle (all but its one negative curvature).
double log_frequencies_at_saddle(const Eigen::MatrixXd& h, const VectorXd& m, int zero_modes, const SoftModeCap& cap) {
  const std::vector<double> w = squared_frequencies(h, m, zero_modes, cap);
  if (w.size() < 2 || w[0] >= 0.0 || w[1] <= 0.0)
    throw NumericalError("Vineyard prefactor: the saddle does not have exactly one negative curvature");
  double sum = 0.0;
  for (std::size_t k = 1; k < w.size(); ++k) sum += 0.5 * std::log(w[k]);
  return sum;
}

// nu = prod omega_min / prod omega_saddle / 2 pi, from the logs (omega in 1/ps; nu in 1/s).
double prefactor_from_logs(double log_min, double log_saddle) {
  return std::exp(log_min - log_saddle) / (2.0 * M_PI) * 1e12;
}
}  // namespace

double vineyard_prefactor(const Eigen::MatrixXd& h_min, const Eigen::MatrixXd& h_saddle, const VectorXd& masses,
                          int zero_modes) {
  const double at_min = log_frequencies_at_minimum(h_min, masses, zero_modes, {});
  return prefactor_from_logs(at_min, log_frequencies_at_saddle(h_saddle, masses, zero_modes, {}));
}

VineyardRegion vineyard_region(const Configuration& c, const Potential& potential, const VectorXd& at,
                               std::size_t core, double radius) {
  VineyardRegion r;
  std::vector<double> m;
  const MinimumImage image(c.box);
  const int d = c.box.dimension;
  const Vec3 rc = at.segment<3>(3 * static_cast<Eigen::Index>(core));
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (image(Vec3(at.segment<3>(3 * static_cast<Eigen::Index>(i))) - rc).norm() > radius) continue;
    const std::size_t type = static_cast<std::size_t>(c.types[i] - 1);
    if (type >= c.masses.size() || !(c.masses[type] > 0.0))
      throw InputError("a Vineyard prefactor needs the mass of atom type " + std::to_string(c.types[i]) +
                       " (the Masses section of system.data)");
    for (int k = 0; k < d; ++k) {
      r.coordinates.push_back(static_cast<Eigen::Index>(d * i + static_cast<std::size_t>(k)));
      m.push_back(c.masses[type]);
    }
  }
  r.masses = Eigen::Map<const VectorXd>(m.data(), static_cast<Eigen::Index>(m.size()));
  // With every atom free, rigid translations (and rotations of a cluster) are zero modes.
  r.whole_sample = r.coordinates.size() == c.size() * static_cast<std::size_t>(d);
  const RigidMotions free = free_rigid_motions(c.box, potential);
  if (r.whole_sample && free.translation) r.zero_modes = d + (free.rotation ? (d == 2 ? 1 : 3) : 0);
  return r;
}

double minimum_log_frequencies(const Configuration& c, Potential& potential, const VectorXd& at,
                               const VineyardRegion& region, double h, const SoftModeCap& cap) {
  Configuration work = c;
  AtomsObjective f(work, potential);
  return log_frequencies_at_minimum(numerical_hessian(f, to_coordinates(at, f.dimension()), region.coordinates, h),
                                    region.masses, region.zero_modes, cap);
}

VineyardPair local_vineyard(const Configuration& c, Potential& potential, const VectorXd& from, const VectorXd& saddle,
                            const VectorXd& to, const VineyardRegion& region, double nu0, double h,
                            const SoftModeCap& cap, MinimumLogFrequencies* minima) {
  Configuration work = c;
  AtomsObjective f(work, potential);
  auto hessian = [&](const VectorXd& x) {
    return numerical_hessian(f, to_coordinates(x, f.dimension()), region.coordinates, h);
  };
  MinimumLogFrequencies known;
  if (minima == nullptr) minima = &known;
  if (std::isnan(minima->from)) minima->from = log_frequencies_at_minimum(hessian(from), region.masses, region.zero_modes, cap);
  const double at_from = minima->from;
  VineyardPair out;
  if (to.size() == 0) {
    out.forward = prefactor_from_logs(at_from, log_frequencies_at_saddle(hessian(saddle), region.masses, region.zero_modes, cap));
    out.from_saddle_modes = true;
    return out;
  }
  if (std::isnan(minima->to)) minima->to = log_frequencies_at_minimum(hessian(to), region.masses, region.zero_modes, cap);
  const double at_to = minima->to;
  try {
    const double at_saddle = log_frequencies_at_saddle(hessian(saddle), region.masses, region.zero_modes, cap);
    out.forward = prefactor_from_logs(at_from, at_saddle);
    out.backward = prefactor_from_logs(at_to, at_saddle);
    out.from_saddle_modes = true;
  } catch (const NumericalError&) {
    // An unconverged or very flat saddle: nu0 on average, split so that the ratio still is
    // prod omega(from) / prod omega(to), which needs the minima alone.
    out.forward = nu0 * std::exp(0.5 * (at_from - at_to));
    out.backward = nu0 * std::exp(0.5 * (at_to - at_from));
  }
  return out;
}

}  // namespace metabasin
