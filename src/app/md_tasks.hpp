// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Tasks built on molecular dynamics: md (NVE/NVT/NPT runs), quench (glass preparation),
// shear (constant strain rate), age (the Liu-Fan annealing protocol under fixed strain).
#include <nlohmann/json.hpp>

#include "input.hpp"

namespace metabasin {

nlohmann::json run_md(const Input& in);
nlohmann::json run_quench(const Input& in);
nlohmann::json run_shear(const Input& in);
nlohmann::json run_age(const Input& in);

}  // namespace metabasin
