// SPDX-License-Identifier: BSD-3-Clause
#include "potential.hpp"

#include <cmath>

#include "error.hpp"

namespace metabasin {

void Potential::check_finite(const ForceResult& out, const ForceRequest& request) const {
  bool ok = !request.energy || std::isfinite(out.energy);
  for (double f : out.forces) ok = ok && std::isfinite(f);
  if (!ok)
    throw NumericalError("the energy or forces of potential.style " + style() +
                     " are not finite for this configuration (overlapping atoms, or atoms outside the range "
                     "the potential describes)");
}

}  // namespace metabasin
