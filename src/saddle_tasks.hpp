#pragma once
// Tasks art (N ART nouveau searches from one minimum, spread over MPI ranks) and neb.
#include <nlohmann/json.hpp>

#include "input.hpp"

namespace metabasin {

nlohmann::json run_art(const Input& in);
nlohmann::json run_neb(const Input& in);

}  // namespace metabasin
