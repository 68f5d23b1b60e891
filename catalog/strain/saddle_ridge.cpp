// SPDX-License-Identifier: BSD-3-Clause
#include "saddle_ridge.hpp"

#include "path_geometry.hpp"

namespace metabasin {

SaddleRidgeRule::SaddleRidgeRule(Catalog& catalog, Potential& potential, double bar) : catalog_(catalog) {
  if (!(bar > 0.0)) return;
  Catalog* c = &catalog;
  Potential* v = &potential;
  Catalog::SaddleRidge ridge;
  ridge.energy = bar;
  ridge.one_ridge = [c, v, bar](const VectorXd& a, const VectorXd& b, double strain) {
    Configuration at = c->atoms_at(strain, a);
    ForceResult r;
    const auto energy = [&](const VectorXd& x) {
      Eigen::Map<VectorXd>(at.x.data(), x.size()) = x;
      v->compute(at, r);
      return r.energy;
    };
    return straight_path_level(a, b, displacement(at.box, a, b), energy, bar);
  };
  catalog.set_saddle_ridge(std::move(ridge));
}

SaddleRidgeRule::~SaddleRidgeRule() { catalog_.set_saddle_ridge({}); }

}  // namespace metabasin
