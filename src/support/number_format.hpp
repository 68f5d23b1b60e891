// SPDX-License-Identifier: BSD-3-Clause
#pragma once
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

namespace metabasin {

/// Shortest text that reads back as exactly the same double (63.546, not 63.545999999999999).
inline std::string shortest(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

/// The k-th step of a strain ladder, rounded to 1e-12: 0.009, not 0.009000000000000001 (9 x 0.001).
inline double strain_step(double first, long k, double increment) {
  return std::round((first + static_cast<double>(k) * increment) * 1e12) / 1e12;
}

/// Six significant digits, for numbers inside messages.
inline std::string brief(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace metabasin
