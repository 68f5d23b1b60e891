// SPDX-License-Identifier: BSD-3-Clause
#pragma once
#include <optional>
#include <string>

namespace metabasin {

/// Standard atomic weight (amu) of a chemical element symbol, or nothing for other names
/// (model species such as "A" or "B").
std::optional<double> standard_atomic_mass(const std::string& symbol);

}  // namespace metabasin
