// SPDX-License-Identifier: BSD-3-Clause
#include "search_space.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace metabasin {

namespace {
// A state whose energy still changes after this many growths (R + 8 cutoffs: 2500 atoms of
// the 2D glass from R = 25 A) is no local event: a bound on a search's cost that does not
// depend on the sample. The events of the 2D glass that converged needed at most 7.
constexpr int kMaxGrowths = 8;
}  // namespace

SearchSpace::SearchSpace(const Configuration& start, double start_energy, Potential& potential)
    : start_config_(start),
      start_energy_(start_energy),
      potential_(potential),
      start_x_(positions_of(start)),
      free_(free_rigid_motions(start.box, potential)),
      whole_(start) {
  objective_ = std::make_unique<AtomsObjective>(whole_, potential_);
}

SearchSpace::SearchSpace(const Configuration& start, double start_energy, Potential& potential, std::size_t centre,
                         double radius)
    : start_config_(start),
      start_energy_(start_energy),
      potential_(potential),
      start_x_(positions_of(start)),
      free_(free_rigid_motions(start.box, potential)),
      radius_(radius) {
  build_near(centre);
  build_region(atoms_near(near_, near_.position(centre_), radius));
}

double SearchSpace::shell_reach() const {
  return potential_.interaction_reach() + ActiveRegion::default_margin(potential_);
}

void SearchSpace::build_near(std::size_t centre) {
  // The largest region kMaxGrowths growths from here (and a growth to spare), and its shell.
  near_reach_ = radius_ + (kMaxGrowths + 1) * potential_.cutoff() + shell_reach();
  near_index_ = atoms_near(start_config_, start_config_.position(centre), near_reach_);
  near_ = Configuration();
  near_.box = start_config_.box;
  near_.ntypes = start_config_.ntypes;
  near_.masses = start_config_.masses;
  for (std::size_t i : near_index_) {
    if (i == centre) centre_ = near_.ids.size();
    near_.ids.push_back(start_config_.ids[i]);
    near_.types.push_back(start_config_.types[i]);
    for (int d = 0; d < 3; ++d) {
      near_.x.push_back(start_config_.x[3 * i + d]);
      near_.image.push_back(0);
    }
  }
}

void SearchSpace::build_region(std::vector<std::size_t> moving) {
  if (objective_) {
    retired_calls_ += objective_->evaluations();
    retired_atom_evaluations_ += atoms_per_call() * static_cast<double>(objective_->evaluations());
  }
  objective_.reset();  // it refers to the region
  region_ = std::make_unique<ActiveRegion>(near_, std::move(moving), potential_,
                                           ActiveRegion::default_margin(potential_));
  // Every region is built at the start positions, so its values are sample energies.
  auto f = std::make_unique<RegionObjective>(*region_, potential_, start_energy_);
  retired_atom_evaluations_ += static_cast<double>(f->atoms_per_call());  // the call that set its offset
  ++retired_calls_;
  objective_ = std::move(f);
}

double SearchSpace::atoms_per_call() const {
  if (!region_) return static_cast<double>(start_config_.size());
  return static_cast<double>(static_cast<const RegionObjective&>(*objective_).atoms_per_call());
}

VectorXd SearchSpace::from_sample(const VectorXd& v) const {
  if (!region_) return to_coordinates(v, dimension());
  const int dim = dimension();
  VectorXd out(static_cast<Eigen::Index>(region_->moving_count()) * dim);
  for (std::size_t k = 0; k < region_->moving_count(); ++k)
    for (int d = 0; d < dim; ++d)
      out[dim * static_cast<Eigen::Index>(k) + d] = v[3 * static_cast<Eigen::Index>(near_index_[region_->atoms()[k]]) + d];
  return out;
}

VectorXd SearchSpace::to_sample(const VectorXd& v, VectorXd base) const {
  const int dim = dimension();
  // A vector of an earlier (smaller) region: its coordinates are not this region's.
  if (v.size() != objective_->size())
    throw std::logic_error("SearchSpace: a vector of " + std::to_string(v.size()) + " coordinates where the space has " +
                           std::to_string(objective_->size()));
  if (!region_) {
    write_coordinates(v, dim, base.data());
    return base;
  }
  for (std::size_t k = 0; k < region_->moving_count(); ++k)
    for (int d = 0; d < dim; ++d)
      base[3 * static_cast<Eigen::Index>(near_index_[region_->atoms()[k]]) + d] = v[dim * static_cast<Eigen::Index>(k) + d];
  return base;
}

VectorXd SearchSpace::positions_to_sample(const VectorXd& x) const { return to_sample(x, start_x_); }

VectorXd SearchSpace::direction_to_sample(const VectorXd& v) const {
  return to_sample(v, VectorXd::Zero(start_x_.size()));
}

LanczosParams SearchSpace::lanczos(const LanczosParams& base) const {
  LanczosParams lp = base;
  lp.zero_modes = local() ? Eigen::MatrixXd() : rigid_body_modes(start(), dimension(), free_.translation, free_.rotation);
  return lp;
}

bool SearchSpace::grow(VectorXd& x) {
  if (region_->moving_count() == near_.size()) return false;
  std::vector<std::size_t> moving(region_->atoms().begin(), region_->atoms().begin() + region_->moving_count());
  radius_ += potential_.cutoff();
  // Confirming several states (a saddle, then each side from it) can grow past the atoms
  // gathered at construction: gather again rather than build a shell with holes in it.
  if (near_.size() < start_config_.size() && radius_ + shell_reach() > near_reach_) {
    for (std::size_t& i : moving) i = near_index_[i];
    build_near(near_index_[centre_]);
    std::unordered_map<std::size_t, std::size_t> in_near;
    for (std::size_t i = 0; i < near_index_.size(); ++i) in_near[near_index_[i]] = i;
    for (std::size_t& i : moving) i = in_near.at(i);
  }
  const std::size_t kept = moving.size();
  std::vector<char> member(near_.size(), 0);
  for (std::size_t i : moving) member[i] = 1;
  for (std::size_t i : atoms_near(near_, near_.position(centre_), radius_))
    if (!member[i]) moving.push_back(i);
  build_region(std::move(moving));
  // The kept atoms where they are, the new ones where they started.
  const int dim = dimension();
  VectorXd grown(static_cast<Eigen::Index>(region_->moving_count()) * dim);
  grown.head(x.size()) = x;
  for (std::size_t k = kept; k < region_->moving_count(); ++k)
    for (int d = 0; d < dim; ++d) grown[static_cast<Eigen::Index>(dim * k + d)] = near_.x[3 * region_->atoms()[k] + d];
  x = grown;
  return true;
}

SearchSpace::Confirmation SearchSpace::converge_confirmed(
    VectorXd& x, double tolerance, const std::function<std::optional<double>(VectorXd&)>& converge) {
  Confirmation c;
  std::optional<double> e = converge(x);
  if (!e) return c;
  c.energy = *e;
  if (!region_) {
    c.converged = true;
    return c;
  }
  // A region whose moved atoms reach atoms outside it computed wrong forces: grow first.
  const auto reaches_outside = [&] { return !atoms_left_out(near_, *region_, x, potential_).empty(); };
  const double power = start_config_.box.dimension;
  double first_change = 0.0;
  bool settled = false;
  while (!settled) {
    const double r_before = radius_;
    if (!grow(x)) {  // the whole sample: exact
      c.error_estimate = 0.0;
      c.converged = !reaches_outside();
      return c;
    }
    ++c.growths;
    e = converge(x);
    if (!e) return c;
    const double change = std::abs(*e - c.energy);
    c.error_estimate = change / (std::pow(radius_ / r_before, power) - 1.0);
    c.energy = *e;
    // The far field's share falls as the region grows, if not smoothly (measured changes on the
    // 2D glass wander by up to ~1.5x from one growth to the next): a change more than twice the
    // first is the state sliding somewhere else (another saddle, a collapse the frozen atoms
    // held back), not a region converging.
    if (c.growths == 1) first_change = change;
    if (change > 2.0 * first_change) {
      c.diverged = true;
      return c;
    }
    settled = c.error_estimate < tolerance && !reaches_outside();
    if (!settled && c.growths == kMaxGrowths) {
      c.diverged = true;
      return c;
    }
  }
  c.converged = true;
  return c;
}

long SearchSpace::force_calls() const { return retired_calls_ + objective_->evaluations(); }

double SearchSpace::atom_evaluations() const {
  return retired_atom_evaluations_ + atoms_per_call() * static_cast<double>(objective_->evaluations());
}

}  // namespace metabasin
