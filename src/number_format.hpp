#pragma once
#include <charconv>
#include <cstdio>
#include <string>

namespace metabasin {

/// Shortest text that reads back as exactly the same double (63.546, not 63.545999999999999).
inline std::string shortest(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

/// Six significant digits, for numbers inside messages.
inline std::string brief(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace metabasin
