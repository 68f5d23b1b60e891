#pragma once
// Whitespace-separated tables with a '#' header line (numpy.loadtxt, gnuplot and pandas read
// them as they are). Every row is flushed, so an interrupted run keeps what it reported.
#include <fstream>
#include <string>
#include <vector>

namespace metabasin {

class TableWriter {
 public:
  TableWriter() = default;
  TableWriter(const std::string& path, const std::vector<std::string>& columns, const std::string& comment = "");
  void row(const std::vector<double>& values);
  bool open() const { return out_.is_open(); }

 private:
  std::string path_;
  std::ofstream out_;
  std::size_t ncol_ = 0;
};

/// Progress on stderr: percent done and estimated time left.
class Progress {
 public:
  Progress(std::string label, long total, long every);
  /// Prints when `done` is a multiple of `every` (and at the end); `detail` is appended.
  void update(long done, const std::string& detail);

 private:
  std::string label_;
  long total_, every_;
  double start_;
};

}  // namespace metabasin
