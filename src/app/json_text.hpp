// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The one way metabasin turns JSON into text (the last stdout line, error objects, records).
// Strings we print quote what users gave us: paths in Latin-1, bytes of a garbage data file.
// nlohmann::json::dump throws on invalid UTF-8, which turned an error message into an abort;
// here every invalid byte becomes U+FFFD, so printing never fails whatever bytes a string holds.
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

namespace metabasin {

/// `j` as JSON text (compact, or indented by `indent` spaces), invalid UTF-8 replaced.
inline std::string json_text(const nlohmann::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// A number, or null when it is NaN or infinite (JSON has no such numbers).
inline nlohmann::json json_number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

}  // namespace metabasin
