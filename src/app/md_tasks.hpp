// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Tasks built on molecular dynamics: md (NVE/NVT/NPT runs), quench (glass preparation),
// shear (constant strain rate), age (the Liu-Fan annealing protocol under fixed strain).
#include <nlohmann/json.hpp>

#include "input.hpp"
#include "task_style.hpp"

namespace metabasin {

nlohmann::json run_md(const Input& in);
nlohmann::json run_quench(const Input& in);
nlohmann::json run_shear(const Input& in);
nlohmann::json run_age(const Input& in);

}  // namespace metabasin

METABASIN_TASK("md", run_md, "thermo dump xyz data", "molecular dynamics: NVE, NVT (nose-hoover, langevin), NPT (md.barostat)")
METABASIN_TASK("quench", run_quench, "table thermo dump xyz data", "melt, cool at quench.rate and minimize: glass preparation")
METABASIN_TASK("shear", run_shear, "table thermo dump xyz sequence data", "constant shear strain rate MD: stress-strain, modulus, inherent structures")
METABASIN_TASK("age", run_age, "table sequence", "anneal under a fixed shear strain, quenching to inherent structures")
