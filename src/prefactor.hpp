#pragma once
// Harmonic transition-state theory prefactors: the Vineyard prefactor from the Hessians at
// the minimum and at the saddle (Vineyard 1957), nu = prod_i nu_i(min) / prod_i nu_i'(saddle),
// the saddle product over its real (positive-curvature) modes.
#include <Eigen/Dense>
#include <vector>

#include "objective.hpp"

namespace metabasin {

/// Hessian over the `active` coordinates (indices into x) by central differences of the
/// forces with step h: 2 force calls per active coordinate. Symmetrized.
Eigen::MatrixXd numerical_hessian(ObjectiveFunction& f, const VectorXd& x, const std::vector<Eigen::Index>& active,
                                  double h);

/// Vineyard prefactor in 1/s (metal units: Hessians in eV/A^2, masses in amu, one mass per
/// active coordinate). The `zero_modes` smallest-magnitude modes (rigid-body motions) are
/// left out at both points, and the negative mode at the saddle.
double vineyard_prefactor(const Eigen::MatrixXd& h_min, const Eigen::MatrixXd& h_saddle, const VectorXd& masses,
                          int zero_modes);

}  // namespace metabasin
