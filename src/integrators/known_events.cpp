// SPDX-License-Identifier: BSD-3-Clause
#include "known_events.hpp"

#include "active_region.hpp"
#include "error.hpp"
#include "path_geometry.hpp"

namespace metabasin {

std::vector<std::size_t> live_saddles(const Catalog& catalog, std::size_t state) {
  std::vector<std::size_t> out;
  const auto& g = catalog.graph();
  for (auto [e, end] = boost::out_edges(state, g); e != end; ++e) {
    const std::size_t k = g[*e];
    const Transition& t = catalog.saddle(k);
    if (!t.vanished && t.from != t.to) out.push_back(k);
  }
  return out;
}

std::vector<std::size_t> KnownEvents::take_over(std::size_t state, std::optional<std::size_t> neighbour) {
  const double strain = catalog_.minimum(state).strain;
  const VectorXd x = catalog_.minimum_positions(state);
  const Configuration c = catalog_.atoms_at(strain, x);
  std::vector<std::size_t> sources;
  for (std::size_t m : known_)
    if (m != state && catalog_.minimum(m).strain == strain) sources.push_back(m);
  if (neighbour && !known_.count(*neighbour)) sources.push_back(*neighbour);
  // Each event is judged against the minimum it was found in: estimates passed on from minimum
  // to minimum stay estimates of that event, whatever small moves the hops between made.
  std::map<std::size_t, std::vector<char>> changed;  // by minimum: atoms near one that moved from there to here
  auto changed_from = [&](std::size_t m) -> const std::vector<char>& {
    auto it = changed.find(m);
    if (it == changed.end()) it = changed.emplace(m, moved_near(c, catalog_.minimum_positions(m), x)).first;
    return it->second;
  };
  auto take = [&](std::size_t saddle, std::size_t origin, std::size_t centre) {
    if (changed_from(origin)[centre]) return;  // its surroundings changed: the searches there find it again
    const Estimate e{state, saddle, origin, centre, false};
    if (estimated(e)) return;  // the same event, through another minimum
    estimates_of_[state].push_back(estimates_.size());
    estimates_.push_back(e);
    ++taken_;
  };
  std::vector<char> covered(c.size(), 0);
  for (std::size_t m : sources) {
    const std::vector<char>& moved = changed_from(m);
    for (std::size_t i = 0; i < c.size(); ++i)
      if (!moved[i]) covered[i] = 1;
    for (std::size_t k : live_saddles(catalog_, m)) {
      const Transition& t = catalog_.saddle(k);
      if ((t.from == m ? t.to : t.from) == state) continue;  // the way here
      if (const std::optional<std::size_t> centre = event_centre(k, m)) take(k, m, *centre);
    }
    if (auto it = estimates_of_.find(m); it != estimates_of_.end()) {
      const std::vector<std::size_t> ids = it->second;  // take may add to the map
      for (std::size_t id : ids) {
        const Estimate e = estimates_[id];
        if (!e.done) take(e.saddle, e.origin, e.centre);
      }
    }
  }
  std::vector<std::size_t> unknown;
  for (std::size_t i = 0; i < c.size(); ++i)
    if (!covered[i]) unknown.push_back(i);
  return unknown;
}

std::vector<std::size_t> KnownEvents::pending(std::size_t state) {
  std::vector<std::size_t> out;
  const auto it = estimates_of_.find(state);
  if (it == estimates_of_.end()) return out;
  for (std::size_t id : it->second) {
    Estimate& e = estimates_[id];
    if (e.done) continue;
    if (found_since(e)) {
      e.done = true;
      ++duplicates_;
      continue;
    }
    out.push_back(id);
  }
  return out;
}

std::size_t KnownEvents::pending_count(std::size_t state) const {
  std::size_t n = 0;
  if (auto it = estimates_of_.find(state); it != estimates_of_.end())
    for (std::size_t id : it->second) n += estimates_[id].done ? 0 : 1;
  return n;
}

KnownEvents::Estimate KnownEvents::take(std::size_t state, std::size_t id) {
  if (id >= estimates_.size() || estimates_[id].state != state || estimates_[id].done)
    throw NumericalError("kmc: the walk drew an exit of state " + std::to_string(state) + " the catalog never estimated");
  estimates_[id].done = true;
  return estimates_[id];
}

std::vector<std::size_t> KnownEvents::judged_atoms(const Configuration& c, std::size_t centre) const {
  if (!(judging_radius_ > 0.0)) return {};
  return atoms_near(c, c.position(centre), judging_radius_);
}

std::vector<char> KnownEvents::moved_near(const Configuration& c, const VectorXd& a, const VectorXd& b) const {
  // No drift taken out: forces sum to zero, so relaxations do not move a sample's centre, and in
  // a sample of free clusters a hop's drift would move the others.
  const VectorXd d = displacement(c.box, a, b);
  std::vector<char> moved(c.size(), 0);
  for (std::size_t i = 0; i < c.size(); ++i)
    moved[i] = d.segment<3>(3 * static_cast<Eigen::Index>(i)).norm() > tolerance_ ? 1 : 0;
  return near_flagged(c, moved, reach_);
}

std::optional<std::size_t> KnownEvents::event_centre(std::size_t saddle, std::size_t leaving) {
  const Transition& t = catalog_.saddle(saddle);
  const std::size_t key = 2 * saddle + (t.from == leaving ? 0 : 1);
  if (auto it = centres_.find(key); it != centres_.end()) return it->second;
  const VectorXd positions = catalog_.saddle_positions(saddle);
  if (positions.size() == 0) return std::nullopt;  // positions not kept
  const std::size_t centre =
      most_moving_atom(displacement(catalog_.box_at(t.strain), catalog_.minimum_positions(leaving), positions));
  centres_.emplace(key, centre);
  return centre;
}

bool KnownEvents::same_event(std::size_t saddle_a, std::size_t leaving_a, std::size_t saddle_b, std::size_t leaving_b,
                             std::size_t centre) const {
  if (saddle_a == saddle_b && leaving_a == leaving_b) return true;
  const Transition& t = catalog_.saddle(saddle_a);
  const Configuration c = catalog_.atoms_at(t.strain, catalog_.minimum_positions(leaving_a));
  const VectorXd a = displacement(c.box, catalog_.minimum_positions(leaving_a), catalog_.saddle_positions(saddle_a));
  const VectorXd b = displacement(c.box, catalog_.minimum_positions(leaving_b), catalog_.saddle_positions(saddle_b));
  std::vector<std::size_t> atoms = judged_atoms(c, centre);
  if (atoms.empty())
    for (std::size_t i = 0; i < c.size(); ++i) atoms.push_back(i);
  for (std::size_t i : atoms) {
    const auto r = 3 * static_cast<Eigen::Index>(i);
    if ((a.segment<3>(r) - b.segment<3>(r)).norm() > tolerance_) return false;
  }
  return true;
}

bool KnownEvents::estimated(const Estimate& e) const {
  const auto it = estimates_of_.find(e.state);
  if (it == estimates_of_.end()) return false;
  for (std::size_t id : it->second) {
    const Estimate& o = estimates_[id];
    if (o.centre == e.centre && same_event(o.saddle, o.origin, e.saddle, e.origin, e.centre)) return true;
  }
  return false;
}

bool KnownEvents::found_since(Estimate& e) {
  const std::size_t since = e.compared;
  e.compared = catalog_.saddles();
  for (std::size_t k : live_saddles(catalog_, e.state)) {
    if (k < since) continue;
    const std::optional<std::size_t> centre = event_centre(k, e.state);
    if (centre && *centre == e.centre && same_event(k, e.state, e.saddle, e.origin, e.centre)) return true;
  }
  return false;
}

}  // namespace metabasin
