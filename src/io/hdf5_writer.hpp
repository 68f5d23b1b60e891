// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Minimal HDF5 output through the C API: groups, numeric datasets of any rank, string
// datasets and attributes. The file is written under a temporary name and renamed when
// closed, so a reader never sees half a file.
#include <hdf5.h>

#include <string>
#include <vector>

namespace metabasin {

class Hdf5Writer {
 public:
  explicit Hdf5Writer(const std::string& path);
  ~Hdf5Writer();
  Hdf5Writer(const Hdf5Writer&) = delete;
  Hdf5Writer& operator=(const Hdf5Writer&) = delete;

  void group(const std::string& name);
  void write(const std::string& name, const std::vector<double>& data, const std::vector<hsize_t>& dims);
  void write(const std::string& name, const std::vector<long long>& data, const std::vector<hsize_t>& dims);
  void write_strings(const std::string& name, const std::vector<std::string>& data);
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

}  // namespace metabasin
