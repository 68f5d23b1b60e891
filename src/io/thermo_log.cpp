// SPDX-License-Identifier: BSD-3-Clause
#include "thermo_log.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "error.hpp"
#include "number_format.hpp"
#include "text_output.hpp"

namespace metabasin {

TableWriter::TableWriter(const std::string& path, const std::vector<std::string>& columns, const std::string& comment,
                         std::optional<std::uintmax_t> keep)
    : path_(path), out_(open_text_output(path, keep, "table")), ncol_(columns.size()) {
  if (keep) return;
  if (!comment.empty()) out_ << "# " << comment << "\n";
  out_ << "#";
  for (const auto& c : columns) out_ << " " << c;
  out_ << "\n";
  out_.flush();
}

void TableWriter::row(const std::vector<double>& values) {
  if (!out_.is_open()) return;
  for (std::size_t k = 0; k < values.size(); ++k) out_ << (k ? " " : "") << shortest(values[k]);
  out_ << "\n";
  out_.flush();
  if (!out_) throw InputError("writing table '" + path_ + "' failed");
}

std::vector<std::vector<double>> read_table_rows(const std::string& path) {
  std::vector<std::vector<double>> rows;
  std::ifstream f(path);
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream s(line);
    std::vector<double> row;
    double v;
    while (s >> v) row.push_back(v);
    if (row.empty() || (!rows.empty() && row.size() < rows.back().size())) continue;
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {
double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
std::string duration(double s) {
  char buf[32];
  if (s < 120)
    std::snprintf(buf, sizeof buf, "%.0fs", s);
  else if (s < 7200)
    std::snprintf(buf, sizeof buf, "%.0fm%02.0fs", std::floor(s / 60), std::fmod(s, 60));
  else
    std::snprintf(buf, sizeof buf, "%.0fh%02.0fm", std::floor(s / 3600), std::fmod(s, 3600) / 60);
  return buf;
}
}  // namespace

Progress::Progress(std::string label, long total, long every, long first)
    : label_(std::move(label)), total_(std::max(1L, total)), every_(every), first_(first), start_(now()) {}

void Progress::update(long done, const std::string& detail) {
  if (every_ <= 0 || (done % every_ != 0 && done != total_)) return;
  const double elapsed = now() - start_;
  const double frac = static_cast<double>(done) / static_cast<double>(total_);
  // The rate of this session's steps (a resumed run started at `first_`).
  const double since = static_cast<double>(done - first_);
  const double eta = since > 0 ? elapsed * static_cast<double>(total_ - done) / since : 0.0;
  char head[96];
  std::snprintf(head, sizeof head, "%s: %ld/%ld (%.1f%%), ETA %s", label_.c_str(), done, total_, 100.0 * frac,
                duration(eta).c_str());
  std::cerr << head << "  " << detail << std::endl;
}

}  // namespace metabasin
