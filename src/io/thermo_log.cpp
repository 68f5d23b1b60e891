// SPDX-License-Identifier: BSD-3-Clause
#include "thermo_log.hpp"

#include <algorithm>
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

std::vector<std::string> read_table_columns(const std::string& path) {
  std::ifstream f(path);
  std::string line, header;
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    if (line[0] != '#') break;
    header = line.substr(1);
  }
  std::istringstream s(header);
  std::vector<std::string> names;
  for (std::string w; s >> w;) names.push_back(w);
  return names;
}

std::size_t table_column(const std::vector<std::string>& names, const std::string& name, const std::string& table) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) return static_cast<std::size_t>(it - names.begin());
  std::string known;
  for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
  throw InputError("table '" + table + "' has no column '" + name + "'" +
                   (known.empty() ? " (it names no columns)" : " (its columns: " + known + ")"));
}

StepProgress::StepProgress(std::string label, long total, long every, long first)
    : bar_(std::move(label), static_cast<double>(std::max(1L, total)), 0.0, static_cast<double>(first)),
      total_(std::max(1L, total)), every_(every) {}

void StepProgress::update(long done, const std::string& detail) {
  if (!due(done)) return;
  bar_.update(static_cast<double>(done), detail);
}

}  // namespace metabasin
