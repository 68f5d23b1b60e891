// SPDX-License-Identifier: BSD-3-Clause
#include "saddle_ridge.hpp"

#include "path_geometry.hpp"

namespace metabasin {

SaddleRidgeRule::SaddleRidgeRule(Catalog& catalog, Potential& potential, double bar) : catalog_(catalog) {
  if (!(bar > 0.0)) return;
  Catalog* c = &catalog;
  Potential* v = &potential;
  // The straight path from a to b at `strain`, and the energy of a point of it.
  const auto path = [c, v](const VectorXd& a, const VectorXd& b, double strain, const auto& judge) {
    Configuration at = c->atoms_at(strain, a);
    ForceResult r;
    const auto energy = [&](const VectorXd& x) {
      Eigen::Map<VectorXd>(at.x.data(), x.size()) = x;
      v->compute(at, r);
      return r.energy;
    };
    return judge(displacement(at.box, a, b), energy);
  };
  Catalog::SaddleRidge ridge;
  ridge.energy = bar;
  ridge.one_ridge = [path, bar](const VectorXd& a, const VectorXd& b, double strain) {
    return path(a, b, strain, [&](const VectorXd& d, const auto& energy) {
      return straight_path_level(a, b, d, energy, bar);
    });
  };
  ridge.one_basin = [path, bar](const VectorXd& a, const VectorXd& b, double strain) {
    return path(a, b, strain, [&](const VectorXd& d, const auto& energy) {
      return straight_path_rise(a, b, d, energy) < bar;
    });
  };
  catalog.set_saddle_ridge(std::move(ridge));
}

SaddleRidgeRule::~SaddleRidgeRule() { catalog_.set_saddle_ridge({}); }

}  // namespace metabasin
