// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Reading back what Hdf5Writer wrote. Every failure (not an HDF5 file, truncated, a missing
// dataset, a wrong shape) is an InputError naming the file and the object.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace metabasin {

class Hdf5Reader {
 public:
  explicit Hdf5Reader(const std::string& path);
  ~Hdf5Reader();
  Hdf5Reader(const Hdf5Reader&) = delete;
  Hdf5Reader& operator=(const Hdf5Reader&) = delete;

  bool exists(const std::string& name) const;
  /// Dimensions of a dataset.
  std::vector<hsize_t> shape(const std::string& name) const;
  /// Values a dataset holds (the product of its dimensions); InputError when that product
  /// overflows or is far more than the bytes the file stores for it can hold (a corrupt
  /// header), so that reading never allocates what a tiny file merely claims. The stored bytes
  /// are the header's, but never more than the file's own size (a header can lie about both).
  std::size_t elements(const std::string& name) const;
  /// The bound elements() applies: values per stored byte, plus an allowance for small sets.
  static constexpr std::size_t kMaxElementsPerStoredByte = 256;
  static constexpr std::size_t kSmallDataset = std::size_t{1} << 20;
  std::vector<double> doubles(const std::string& name) const;
  std::vector<long long> integers(const std::string& name) const;
  std::vector<std::string> strings(const std::string& name) const;
  std::string string_attribute(const std::string& object, const std::string& name) const;
  double double_attribute(const std::string& object, const std::string& name) const;
  const std::string& path() const { return path_; }

  /// The open file (read-only; SWMR-read when a writer holds it), for hyperslab reads.
  hid_t id() const { return file_; }

 private:
  [[noreturn]] void fail(const std::string& what) const;
  std::string path_;
  hid_t file_ = -1;
  std::uintmax_t file_bytes_ = 0;  // the file's size on disk: no dataset stores more
};

}  // namespace metabasin
