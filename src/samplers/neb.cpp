// SPDX-License-Identifier: BSD-3-Clause
#include "neb.hpp"

#include <cmath>
#include <memory>

#include "minimizer.hpp"

namespace metabasin {

namespace {

/// The band as one objective: coordinates of all intermediate images (each an AtomsObjective's
/// coordinates, `dimension` per atom); the "force" is the NEB force; the value is the highest
/// image energy (reported only).
class Band : public ObjectiveFunction {
 public:
  Band(const Configuration& c, const VectorXd& a, const VectorXd& b, const Potential& pot, const NebParams& p)
      : p_(p), box_(c.box), dim_(c.box.dimension), ends_{a, b}, n_(a.size()) {
    for (int k = 0; k < p.images; ++k) {
      configs_.push_back(c);
      potentials_.push_back(pot.clone());
    }
    end_potential_ = pot.clone();
    Configuration ce = c;
    ForceResult r;
    for (int e = 0; e < 2; ++e) {
      set_coordinates(ce, ends_[e]);
      end_potential_->compute(ce, r);
      end_energy_[e] = r.energy;
    }
    energies_.assign(p.images + 2, 0.0);
    energies_.front() = end_energy_[0];
    energies_.back() = end_energy_[1];
  }
  Eigen::Index size() const override { return n_ * p_.images; }
  int dimension() const override { return dim_; }
  double evaluate(const VectorXd& x, VectorXd& force) override {
    ++evaluations_;
    const int m = p_.images;
    std::vector<VectorXd> f(m);
    ForceResult r;
    for (int k = 0; k < m; ++k) {
      set_coordinates(configs_[k], x.segment(k * n_, n_));
      potentials_[k]->compute(configs_[k], r);
      energies_[k + 1] = r.energy;
      f[k] = to_coordinates(Eigen::Map<const VectorXd>(r.forces.data(), static_cast<Eigen::Index>(r.forces.size())), dim_);
    }
    const int previous_highest = highest_;
    highest_ = 1;
    for (int k = 1; k <= m; ++k)
      if (energies_[k] > energies_[highest_]) highest_ = k;
    if (climbing_ && highest_ != previous_highest) ++revision_;
    fmax_ = band_forces(box_, dim_, ends_[0], ends_[1], x, energies_, f, p_.spring, climbing_ ? highest_ : -1, force);
    climbing_fmax_ = climbing_ ? max_particle_norm(force.segment((highest_ - 1) * n_, n_), dim_) : std::nan("");
    if (p_.climbing && !climbing_ && fmax_ < p_.climb_fmax) {
      climbing_ = true;
      ++revision_;
    }
    return energies_[highest_];
  }
  double max_force(const VectorXd& band_force) const override {
    // Converged only once the climbing image (when asked for) is on.
    if (p_.climbing && !climbing_) return std::max(fmax_, p_.fmax * 2.0);
    if (!climbing_ || !(p_.path_fmax > p_.fmax)) return fmax_;
    // The path images against path_fmax, the climbing one against fmax: one number on fmax's scale.
    double path = 0.0;
    for (int k = 1; k <= p_.images; ++k)
      if (k != highest_) path = std::max(path, max_particle_norm(band_force.segment((k - 1) * n_, n_), dim_));
    return std::max(climbing_fmax_, path * p_.fmax / p_.path_fmax);
  }
  double largest_force() const { return fmax_; }
  double climbing_force() const { return climbing_fmax_; }
  bool force_is_gradient() const override { return false; }
  long revision() const override { return revision_; }
  const std::vector<double>& energies() const { return energies_; }
  int highest() const { return highest_; }
  long force_calls() const {
    long c = end_potential_->force_calls();
    for (const auto& pot : potentials_) c += pot->force_calls();
    return c;
  }

 private:
  NebParams p_;
  Box box_;
  int dim_;
  VectorXd ends_[2];
  Eigen::Index n_;
  std::vector<Configuration> configs_;
  std::vector<std::unique_ptr<Potential>> potentials_;
  std::unique_ptr<Potential> end_potential_;
  double end_energy_[2] = {0.0, 0.0};
  std::vector<double> energies_;
  int highest_ = 1;
  bool climbing_ = false;
  double fmax_ = 0.0, climbing_fmax_ = std::nan("");
  long revision_ = 0;
};

}  // namespace

double band_forces(const Box& box, int dimension, const VectorXd& a, const VectorXd& b, const VectorXd& x,
                   const std::vector<double>& energies, const std::vector<VectorXd>& forces, double spring,
                   int climbing, VectorXd& band_force) {
  const int m = static_cast<int>(forces.size());
  const Eigen::Index n = a.size();
  band_force.resize(n * m);
  double fmax = 0.0;
  for (int k = 1; k <= m; ++k) {
    const VectorXd prev = k == 1 ? a : VectorXd(x.segment((k - 2) * n, n));
    const VectorXd next = k == m ? b : VectorXd(x.segment(k * n, n));
    const VectorXd here = x.segment((k - 1) * n, n);
    const VectorXd plus = displacement(box, here, next, dimension), minus = displacement(box, prev, here, dimension);
    const double e = energies[k], ep = energies[k + 1], em = energies[k - 1];
    VectorXd tau;
    if (ep > e && e > em)
      tau = plus;
    else if (ep < e && e < em)
      tau = minus;
    else {
      const double dmax = std::max(std::abs(ep - e), std::abs(em - e)),
                   dmin = std::min(std::abs(ep - e), std::abs(em - e));
      tau = ep > em ? VectorXd(plus * dmax + minus * dmin) : VectorXd(plus * dmin + minus * dmax);
    }
    tau.normalize();
    const VectorXd& ft = forces[k - 1];
    VectorXd fk;
    if (k == climbing)
      fk = ft - 2.0 * ft.dot(tau) * tau;
    else
      fk = ft - ft.dot(tau) * tau + spring * (plus.norm() - minus.norm()) * tau;
    band_force.segment((k - 1) * n, n) = fk;
    fmax = std::max(fmax, ObjectiveFunction::max_particle_norm(fk, dimension));
  }
  return fmax;
}

std::vector<VectorXd> interpolate_band(const Box& box, const VectorXd& a, const VectorXd& b, int images,
                                       const VectorXd& through) {
  std::vector<VectorXd> nodes{a};
  if (through.size() > 0) nodes.push_back(a + displacement(box, a, through));
  nodes.push_back(nodes.back() + displacement(box, nodes.back(), b));
  std::vector<double> length{0.0};
  for (std::size_t k = 1; k < nodes.size(); ++k) length.push_back(length.back() + (nodes[k] - nodes[k - 1]).norm());
  std::vector<VectorXd> band;
  std::size_t seg = 1;
  for (int k = 1; k <= images; ++k) {
    const double s = length.back() * k / (images + 1);
    while (seg + 1 < nodes.size() && s > length[seg]) ++seg;
    const double span = length[seg] - length[seg - 1];
    const double t = span > 0.0 ? (s - length[seg - 1]) / span : 0.0;
    band.push_back(nodes[seg - 1] + t * (nodes[seg] - nodes[seg - 1]));
  }
  return band;
}

NebResult run_neb(const Configuration& initial, const VectorXd& final_positions, Potential& potential,
                  const NebParams& p, const VectorXd& through) {
  // The ends and the starting band as sample vectors; the band optimizes the coordinates that
  // move (coordinates_of).
  const int dim = initial.box.dimension;
  const VectorXd a = positions_of(initial);
  const VectorXd b = a + displacement(initial.box, a, final_positions);
  const std::vector<VectorXd> start = interpolate_band(initial.box, a, b, p.images, through);
  const Eigen::Index n = static_cast<Eigen::Index>(initial.size()) * dim;
  VectorXd x(n * p.images);
  for (int k = 0; k < p.images; ++k) x.segment(k * n, n) = to_coordinates(start[k], dim);
  Band band(initial, to_coordinates(a, dim), to_coordinates(b, dim), potential, p);
  MinimizeParams mp = fire_settings(p.fmax, p.max_iterations, p.max_move, p.dt);
  mp.method = p.optimizer;
  const MinimizeResult r = make_minimizer(mp)->minimize(band, x);
  NebResult out;
  out.converged = r.reason == StopReason::ForceConverged;
  out.iterations = r.iterations;
  out.force_calls = band.force_calls();
  potential.add_force_calls(out.force_calls);  // the images ran on clones, on its behalf
  out.fmax = band.largest_force();
  out.climbing_fmax = band.climbing_force();
  out.energies = band.energies();
  out.images.push_back(a);
  for (int k = 0; k < p.images; ++k) out.images.push_back(to_sample(x.segment(k * n, n), dim));
  out.images.push_back(b);
  out.climbing_image = band.highest();
  out.saddle_energy = out.energies[out.climbing_image];
  out.barrier = out.saddle_energy - out.energies.front();
  out.reverse_barrier = out.saddle_energy - out.energies.back();
  out.geometry = path_geometry(initial.box, out.images, out.energies);
  return out;
}

}  // namespace metabasin
