// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Minimal HDF5 output through the C API: groups, numeric datasets of any rank, string
// datasets and attributes. The file is written under a temporary name and renamed when
// closed, so a reader never sees half a file.
#include <hdf5.h>

#include <memory>
#include <string>
#include <vector>

namespace metabasin {

/// How a dataset that grows along its first dimension stores its values.
enum class ColumnType { float64, int64, string32 };

class Hdf5Writer {
 public:
  /// `appendable`: the file format (HDF5 1.10 and later) that Hdf5Appender can extend in
  /// single-writer/multiple-reader mode.
  explicit Hdf5Writer(const std::string& path, bool appendable = false);
  ~Hdf5Writer();
  Hdf5Writer(const Hdf5Writer&) = delete;
  Hdf5Writer& operator=(const Hdf5Writer&) = delete;

  void group(const std::string& name);
  void write(const std::string& name, const std::vector<double>& data, const std::vector<hsize_t>& dims);
  void write(const std::string& name, const std::vector<long long>& data, const std::vector<hsize_t>& dims);
  void write_strings(const std::string& name, const std::vector<std::string>& data);
  /// An empty dataset of rows of `width` values that Hdf5Appender extends (string32: one
  /// string of up to 31 bytes per row, width 1).
  void column(const std::string& name, ColumnType type, hsize_t width = 1);
  void attribute(const std::string& object, const std::string& name, const std::string& value);
  void attribute(const std::string& object, const std::string& name, double value);
  /// An int64 attribute (format versions, counts). Readers may read it as a double:
  /// HDF5 converts on read, so double_attribute reads files written either way.
  void integer_attribute(const std::string& object, const std::string& name, long long value);
  /// Flushes, closes and renames into place.
  void close();

 private:
  std::string path_, tmp_;
  hid_t file_ = -1;
};

/// Extends the columns (Hdf5Writer::column) of an existing file. With `swmr` the file is
/// held in HDF5's single-writer/multiple-reader mode, whose ordered metadata writes leave the
/// file readable, with everything flushed before, wherever the process is killed. Readers of
/// such a file must be HDF5 1.10 or later (and open it in SWMR mode, or run `h5clear -s` on
/// it, if the writer was killed).
class Hdf5Appender {
 public:
  Hdf5Appender(const std::string& path, bool swmr);
  ~Hdf5Appender();
  Hdf5Appender(const Hdf5Appender&) = delete;
  Hdf5Appender& operator=(const Hdf5Appender&) = delete;

  /// Appends rows (values.size() / width of them) to a column.
  void append(const std::string& name, const std::vector<double>& values);
  void append(const std::string& name, const std::vector<long long>& values);
  /// Strings are cut to 31 bytes.
  void append(const std::string& name, const std::vector<std::string>& values);
  /// Rewrites row `row` of a column (width values).
  void overwrite(const std::string& name, hsize_t row, const std::vector<double>& values);
  void overwrite(const std::string& name, hsize_t row, const std::vector<long long>& values);
  /// Rows a column holds.
  hsize_t rows(const std::string& name) const;
  void flush();
  const std::string& path() const { return path_; }
  /// The open file, for datasets the column calls do not cover (rank 3, hyperslab reads).
  hid_t id() const { return file_; }

 private:
  void write_rows(const std::string& name, hid_t type, hsize_t first, hsize_t count, const void* data, bool extend);
  std::string path_;
  hid_t file_ = -1;
};

}  // namespace metabasin
