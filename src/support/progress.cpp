// SPDX-License-Identifier: BSD-3-Clause
#include "progress.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>

#include "parallel.hpp"

namespace metabasin {

Progress::Progress(std::string label, double total, double every_seconds, double first)
    : label_(std::move(label)), total_(total), every_(every_seconds), first_(first),
      start_(std::chrono::steady_clock::now()), last_(start_), done_(first) {}

std::string Progress::duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%lds", s);
  return buf;
}

void Progress::update(double done, const std::string& detail) {
  done_ = done;
  const auto now = std::chrono::steady_clock::now();
  // The first line too waits every_ seconds: a run quicker than that needs none.
  if (std::chrono::duration<double>(now - last_).count() < every_) return;
  print(done, detail);
}

void Progress::finish(const std::string& detail) {
  if (printed_) print(done_ < total_ ? done_ : total_, detail);
}

void Progress::print(double done, const std::string& detail) {
  last_ = std::chrono::steady_clock::now();
  printed_ = true;
  if (!parallel().root()) return;
  const double elapsed = std::chrono::duration<double>(last_ - start_).count();
  const double fraction = total_ > 0 ? std::min(1.0, std::max(0.0, done / total_)) : 1.0;
  std::string line = label_ + ": " + std::to_string(static_cast<int>(std::floor(100.0 * fraction))) + "% done, " +
                     duration(elapsed) + " elapsed";
  // The pace of this session's work (a resumed run started at first_).
  const double since = done - first_;
  if (fraction < 1 && since > 0) line += ", ETA " + duration(elapsed * (total_ - done) / since);
  if (!detail.empty()) line += " (" + detail + ")";
  std::cerr << line << std::endl;
}

}  // namespace metabasin
