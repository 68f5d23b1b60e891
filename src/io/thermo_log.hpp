// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Whitespace-separated tables with a '#' header line (numpy.loadtxt, gnuplot and pandas read
// them as they are). Every row is flushed, so an interrupted run keeps what it reported.
#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "progress.hpp"

namespace metabasin {

class TableWriter {
 public:
  TableWriter() = default;
  /// A new table with its header; with `keep`, the table a restart point left (its first
  /// `keep` bytes, header included) continued instead.
  TableWriter(const std::string& path, const std::vector<std::string>& columns, const std::string& comment = "",
              std::optional<std::uintmax_t> keep = std::nullopt);
  void row(const std::vector<double>& values);
  bool open() const { return out_.is_open(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::ofstream out_;
  std::size_t ncol_ = 0;
};

/// The numeric rows of a table TableWriter wrote (comment lines skipped; a row cut short by
/// a kill, with fewer numbers than the row before it, is dropped). Empty when there is no file.
std::vector<std::vector<double>> read_table_rows(const std::string& path);
/// The column names of such a table: the words of the last comment line before the first row
/// ("# strain shear_stress_GPa ..."); empty when there is none.
std::vector<std::string> read_table_columns(const std::string& path);
/// The index of column `name` among `names` (read from `table`); an InputError naming the table
/// and its columns when it has none of that name.
std::size_t table_column(const std::vector<std::string>& names, const std::string& name, const std::string& table);

/// Progress of a run counted in steps: a line (support's Progress: fraction, elapsed, ETA)
/// every `every` steps and at the end; `every` 0 keeps stderr quiet.
class StepProgress {
 public:
  /// `first`: the step a resumed run starts from (the ETA counts this session's pace).
  StepProgress(std::string label, long total, long every, long first = 0);
  /// Prints when `done` is a multiple of `every` (and at the end); `detail` is appended.
  void update(long done, const std::string& detail);
  /// Whether update(done, ...) would print: the caller builds the detail only then.
  bool due(long done) const { return every_ > 0 && (done % every_ == 0 || done == total_); }

 private:
  Progress bar_;
  long total_, every_;
};
}  // namespace metabasin
