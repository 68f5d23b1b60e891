// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// A random stream (engine and normal distribution) saved as text and read back, so a
// restarted run draws exactly the numbers the uninterrupted one would have drawn.
#include <random>
#include <sstream>
#include <string>

#include "error.hpp"

namespace metabasin {

inline std::string random_state(const std::mt19937_64& engine, const std::normal_distribution<double>& normal) {
  std::ostringstream o;
  o << engine << ' ' << normal;
  return o.str();
}

inline void restore_random_state(const std::string& text, std::mt19937_64& engine,
                                 std::normal_distribution<double>& normal, const std::string& what) {
  std::istringstream i(text);
  std::mt19937_64 e;
  std::normal_distribution<double> n;
  i >> e >> n;
  if (!i) throw InputError(what + ": the saved random-number state cannot be read");
  engine = e;
  normal = n;
}

}  // namespace metabasin
