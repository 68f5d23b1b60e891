// SPDX-License-Identifier: BSD-3-Clause
#include "catalog.hpp"

#include <algorithm>
#include <cmath>

#include "error.hpp"

namespace metabasin {

Catalog::Catalog(Configuration atoms, std::string potential, StateTolerances tol)
    : atoms_(std::move(atoms)), potential_(std::move(potential)), tol_(tol) {}

Box Catalog::box_at(double strain) const {
  Box b = atoms_.box;
  b.xy += strain * b.len[1];
  return b;
}

Configuration Catalog::atoms_at(double strain, const VectorXd& x) const {
  Configuration c = atoms_;
  c.box = box_at(strain);
  Eigen::Map<VectorXd>(c.x.data(), x.size()) = x;
  return c;
}

Catalog::Fingerprint Catalog::fingerprint(const VectorXd& x, double strain) const {
  // Displacements from the (affinely sheared) reference positions. By the triangle inequality
  // two states whose largest displacement, or whose displacement norm, differ by more than the
  // tolerance (times sqrt(N) for the norm) cannot be within the tolerance of each other.
  // With rigid translations allowed the mean displacement is removed first, which keeps the
  // bound; with rotations the fingerprint rules nothing out.
  Fingerprint f;
  if (tol_.rigid.rotation) return f;
  const MinimumImage image(box_at(strain));
  std::vector<Vec3> d(atoms_.size());
  Vec3 mean = Vec3::Zero();
  for (std::size_t i = 0; i < atoms_.size(); ++i) {
    Vec3 r0 = atoms_.position(i);
    r0[0] += strain * (r0[1] - atoms_.box.lo[1]);
    d[i] = image(Vec3(x[3 * i], x[3 * i + 1], x[3 * i + 2]) - r0);
    mean += d[i];
  }
  if (!tol_.rigid.translation || d.empty()) mean = Vec3::Zero();
  else mean /= static_cast<double>(d.size());
  double sum = 0.0;
  for (const Vec3& di : d) {
    const double len = (di - mean).norm();
    f.max_displacement = std::max(f.max_displacement, len);
    sum += len * len;
  }
  f.norm = std::sqrt(sum);
  return f;
}

bool Catalog::same_positions(const VectorXd& a, const VectorXd& b, double strain) const {
  return max_atom_separation(box_at(strain), a, b, tol_.rigid) <= tol_.distance;
}

std::optional<std::size_t> Catalog::find_minimum(const VectorXd& x, double energy, double strain) const {
  if (x.size() != static_cast<Eigen::Index>(3 * atoms_.size()))
    throw InputError("catalog: a state with " + std::to_string(x.size() / 3) + " atoms cannot enter a catalog of " +
                     std::to_string(atoms_.size()));
  const Fingerprint f = fingerprint(x, strain);
  const double norm_slack = tol_.distance * std::sqrt(static_cast<double>(atoms_.size()));
  for (auto it = by_energy_.lower_bound(energy - tol_.energy); it != by_energy_.end(); ++it) {
    if (it->first > energy + tol_.energy) break;
    const std::size_t v = it->second;
    const InherentStructure& s = graph_[v];
    if (std::abs(s.strain - strain) > tol_.strain) continue;
    const Fingerprint& g = minimum_prints_[v];
    if (std::abs(g.max_displacement - f.max_displacement) > tol_.distance || std::abs(g.norm - f.norm) > norm_slack)
      continue;
    if (same_positions(minimum_positions(v), x, strain)) return v;
  }
  return std::nullopt;
}

StoredPositions Catalog::sparse(const VectorXd& x, std::optional<std::size_t> base) const {
  const std::size_t n = atoms_.size();
  StoredPositions p;
  if (base && minimum_depth_[*base] < kMaxDepth) {
    const VectorXd b = minimum_positions(*base);
    for (std::size_t i = 0; i < n && p.atoms.size() <= n / 4; ++i) {
      const auto k = static_cast<Eigen::Index>(3 * i);
      if (x[k] == b[k] && x[k + 1] == b[k + 1] && x[k + 2] == b[k + 2]) continue;  // exactly: lossless
      p.atoms.push_back(static_cast<std::uint32_t>(i));
      p.xyz.insert(p.xyz.end(), {x[k], x[k + 1], x[k + 2]});
    }
    // Sparse pays while a quarter of the atoms or fewer moved; beyond, a full state is as cheap.
    if (p.atoms.size() <= n / 4) {
      p.base = static_cast<long>(*base);
      return p;
    }
  }
  p.base = StoredPositions::kFull;
  p.atoms.resize(n);
  for (std::size_t i = 0; i < n; ++i) p.atoms[i] = static_cast<std::uint32_t>(i);
  p.xyz.assign(x.data(), x.data() + x.size());
  return p;
}

VectorXd Catalog::rebuild(const StoredPositions& p) const {
  const auto n3 = static_cast<Eigen::Index>(3 * atoms_.size());
  if (p.base == StoredPositions::kUnknown) return VectorXd::Constant(n3, std::nan(""));
  // The chain of bases down to a full state, applied from the full state up.
  std::vector<const StoredPositions*> chain{&p};
  while (chain.back()->base >= 0) chain.push_back(&minimum_x_[static_cast<std::size_t>(chain.back()->base)]);
  VectorXd x(n3);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    for (std::size_t k = 0; k < (*it)->atoms.size(); ++k)
      for (int d = 0; d < 3; ++d) x[3 * static_cast<Eigen::Index>((*it)->atoms[k]) + d] = (*it)->xyz[3 * k + d];
  return x;
}

std::optional<Catalog::RootDifference> Catalog::difference(const StoredPositions& p) const {
  if (p.base < 0) return std::nullopt;
  RootDifference d;
  for (const StoredPositions* q = &p; q->base >= 0; q = &minimum_x_[static_cast<std::size_t>(q->base)]) {
    d.atoms.insert(d.atoms.end(), q->atoms.begin(), q->atoms.end());
    d.root = static_cast<std::size_t>(q->base);
  }
  std::sort(d.atoms.begin(), d.atoms.end());
  d.atoms.erase(std::unique(d.atoms.begin(), d.atoms.end()), d.atoms.end());
  return d;
}

std::optional<Catalog::RootDifference> Catalog::minimum_difference(std::size_t v) const {
  if (v >= minima()) throw InputError("catalog: there is no minimum " + std::to_string(v));
  return difference(minimum_x_[v]);
}

std::optional<Catalog::RootDifference> Catalog::saddle_difference(std::size_t e) const {
  if (e >= saddles()) throw InputError("catalog: there is no saddle " + std::to_string(e));
  return difference(saddle_x_[e]);
}

VectorXd Catalog::minimum_positions(std::size_t v) const {
  if (v >= minima()) throw InputError("catalog: there is no minimum " + std::to_string(v));
  return rebuild(minimum_x_[v]);
}

VectorXd Catalog::saddle_positions(std::size_t e) const {
  if (e >= saddles()) throw InputError("catalog: there is no saddle " + std::to_string(e));
  return rebuild(saddle_x_[e]);
}

Catalog::Insert Catalog::add_minimum(InherentStructure s, std::optional<std::size_t> near) {
  if (auto v = find_minimum(s.positions, s.energy, s.strain)) return {*v, false};
  const Fingerprint f = fingerprint(s.positions, s.strain);
  // The base: `near`, else the first minimum at this strain (events of one batch share a start).
  if (near && (*near >= minima() || std::abs(graph_[*near].strain - s.strain) > tol_.strain)) near.reset();
  const auto root = std::find_if(first_at_strain_.begin(), first_at_strain_.end(),
                                 [&](const auto& r) { return std::abs(r.first - s.strain) <= tol_.strain; });
  if (!near && root != first_at_strain_.end()) near = root->second;
  StoredPositions x = sparse(s.positions, near);
  s.positions = VectorXd();
  const double e = s.energy;
  const double strain = s.strain;
  const std::size_t v = boost::add_vertex(std::move(s), graph_);
  if (root == first_at_strain_.end()) first_at_strain_.emplace_back(strain, v);
  minima_.push_back(v);
  minimum_prints_.push_back(f);
  minimum_depth_.push_back(x.base >= 0 ? minimum_depth_[static_cast<std::size_t>(x.base)] + 1 : 0);
  minimum_x_.push_back(std::move(x));
  by_energy_.emplace(e, v);
  return {v, true};
}

std::optional<std::size_t> Catalog::find_saddle(const Transition& t) const {
  // Positions not kept (a vanished event) match no stored saddle.
  if (t.positions.size() != static_cast<Eigen::Index>(3 * atoms_.size())) return std::nullopt;
  const auto ends = std::minmax(t.from, t.to);
  // The first stored saddle between the same two minima, at t's strain, with positions, within
  // `window` of t's energy, that `same` takes for t.
  const auto first = [&](double window, const auto& same) -> std::optional<std::size_t> {
    for (auto it = saddles_by_energy_.lower_bound(t.energy - window); it != saddles_by_energy_.end(); ++it) {
      if (it->first > t.energy + window) break;
      const Transition& u = saddles_[it->second];
      if (std::minmax(u.from, u.to) != ends || std::abs(u.strain - t.strain) > tol_.strain) continue;
      if (saddle_x_[it->second].base == StoredPositions::kUnknown) continue;
      if (same(saddle_positions(it->second))) return it->second;
    }
    return std::nullopt;
  };
  if (auto e = first(tol_.energy, [&](const VectorXd& x) { return same_positions(x, t.positions, t.strain); })) return e;
  if (!ridge_.one_ridge) return std::nullopt;
  return first(ridge_.energy, [&](const VectorXd& x) { return ridge_.one_ridge(x, t.positions, t.strain); });
}

Catalog::Insert Catalog::add_saddle(Transition t) {
  if (t.from >= minima() || t.to >= minima())
    throw InputError("catalog: a saddle must join two stored minima (got " + std::to_string(t.from) + " and " +
                     std::to_string(t.to) + " of " + std::to_string(minima()) + ")");
  if (auto e = find_saddle(t)) {
    Transition& u = saddles_[*e];
    u.times_found += t.times_found;
    u.force_calls += t.force_calls;
    changes_.saddles.push_back(*e);
    return {*e, false};
  }
  StoredPositions x;
  if (t.positions.size() == static_cast<Eigen::Index>(3 * atoms_.size())) x = sparse(t.positions, t.from);
  else x.base = StoredPositions::kUnknown;
  t.positions = VectorXd();
  // A vanished event has no saddle at this strain: no barrier.
  t.forward_barrier = t.vanished ? std::nan("") : t.energy - graph_[t.from].energy;
  t.backward_barrier = t.vanished ? std::nan("") : t.energy - graph_[t.to].energy;
  const std::size_t index = saddles_.size();
  boost::add_edge(t.from, t.to, index, graph_);
  saddles_by_energy_.emplace(t.energy, index);
  saddles_.push_back(std::move(t));
  saddle_x_.push_back(std::move(x));
  return {index, true};
}

void Catalog::set_pressure_xy(std::size_t v, double p_xy) {
  if (v >= minima()) throw InputError("catalog: there is no minimum " + std::to_string(v));
  graph_[v].pressure_xy = p_xy;
  changes_.minima.push_back(v);
}

void Catalog::set_prefactors(std::size_t e, double forward, double backward) {
  if (e >= saddles()) throw InputError("catalog: there is no saddle " + std::to_string(e));
  saddles_[e].prefactor = forward;
  saddles_[e].backward_prefactor = backward;
  changes_.saddles.push_back(e);
}

Catalog::Changes Catalog::take_changes() {
  Changes out = std::move(changes_);
  changes_ = {};
  for (auto* list : {&out.minima, &out.saddles}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  return out;
}

std::vector<double> Catalog::strains() const {
  std::vector<double> out;
  for (std::size_t v = 0; v < minima(); ++v) {
    const double g = graph_[v].strain;
    if (std::none_of(out.begin(), out.end(), [&](double h) { return std::abs(h - g) <= tol_.strain; }))
      out.push_back(g);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace metabasin
