// SPDX-License-Identifier: BSD-3-Clause
#include "hdf5_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "error.hpp"
#include "hdf5_read_guard.hpp"

namespace metabasin {

Hdf5Reader::Hdf5Reader(const std::string& path) : path_(path) {
  if (!std::ifstream(path)) throw InputError("HDF5 file '" + path + "' does not exist");
  std::error_code ec;
  file_bytes_ = std::filesystem::file_size(path, ec);
  if (ec) throw InputError("HDF5 file '" + path + "': cannot read its size: " + ec.message());
  const Hdf5ReadGuard guard(path);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError("'" + path + "' is not an HDF5 file (or it is truncated)");
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file_ < 0) {
    // A file whose single-writer/multiple-reader writer was killed is still marked open for
    // writing; SWMR readers may open it (Hdf5Appender).
    const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
    file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, fapl);
    H5Pclose(fapl);
  }
  if (file_ < 0) throw InputError("cannot open HDF5 file '" + path + "' (corrupt or truncated)");
}

Hdf5Reader::~Hdf5Reader() {
  if (file_ >= 0) H5Fclose(file_);
}

void Hdf5Reader::fail(const std::string& what) const {
  throw InputError("HDF5 file '" + path_ + "': " + what + " (corrupt, truncated or not written by metabasin)");
}

bool Hdf5Reader::exists(const std::string& name) const {
  const Hdf5ReadGuard guard(path_);
  // Check each level: H5Lexists on a path whose parent is missing is an error.
  std::size_t pos = 0;
  while ((pos = name.find('/', pos + 1)) != std::string::npos)
    if (H5Lexists(file_, name.substr(0, pos).c_str(), H5P_DEFAULT) <= 0) return false;
  return H5Lexists(file_, name.c_str(), H5P_DEFAULT) > 0;
}

std::vector<hsize_t> Hdf5Reader::shape(const std::string& name) const {
  const Hdf5ReadGuard guard(path_);
  if (!exists(name)) fail("missing dataset " + name);
  const hid_t set = H5Dopen2(file_, name.c_str(), H5P_DEFAULT);
  if (set < 0) fail("cannot open dataset " + name);
  const hid_t space = H5Dget_space(set);
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(rank > 0 ? rank : 0);
  if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  H5Sclose(space);
  H5Dclose(set);
  if (rank < 0) fail("unreadable dataset " + name);
  return dims;
}

std::size_t Hdf5Reader::elements(const std::string& name) const {
  const auto dims = shape(name);
  std::size_t n = 1;
  for (hsize_t d : dims)
    if (__builtin_mul_overflow(n, static_cast<std::size_t>(d), &n)) fail("dataset " + name + " has an impossible shape");
  // A corrupt header can declare any extent while the file stores a few bytes (unwritten
  // chunks read back as fill values); reading it would allocate that extent. Our datasets are
  // written in full, and even deflate packs at most ~1000:1, so a dataset declaring far more
  // than its stored bytes can hold is corrupt.
  const hid_t set = H5Dopen2(file_, name.c_str(), H5P_DEFAULT);
  const hsize_t stored = std::min<hsize_t>(set >= 0 ? H5Dget_storage_size(set) : 0, file_bytes_);
  if (set >= 0) H5Dclose(set);
  if (n > kMaxElementsPerStoredByte * stored + kSmallDataset)
    fail("dataset " + name + " declares " + std::to_string(n) + " values but stores only " + std::to_string(stored) +
         " bytes");
  return n;
}

namespace {
template <class T>
std::vector<T> read_numeric(hid_t file, const std::string& name, hid_t type, std::size_t count, bool& ok) {
  std::vector<T> out(count);
  const hid_t set = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  ok = set >= 0 && (count == 0 || H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) >= 0);
  if (set >= 0) H5Dclose(set);
  return out;
}
}  // namespace

std::vector<double> Hdf5Reader::doubles(const std::string& name) const {
  const Hdf5ReadGuard guard(path_);
  bool ok = false;
  auto v = read_numeric<double>(file_, name, H5T_NATIVE_DOUBLE, elements(name), ok);
  if (!ok) fail("cannot read dataset " + name);
  return v;
}

std::vector<long long> Hdf5Reader::integers(const std::string& name) const {
  const Hdf5ReadGuard guard(path_);
  bool ok = false;
  auto v = read_numeric<long long>(file_, name, H5T_NATIVE_LLONG, elements(name), ok);
  if (!ok) fail("cannot read dataset " + name);
  return v;
}

std::vector<std::string> Hdf5Reader::strings(const std::string& name) const {
  const Hdf5ReadGuard guard(path_);
  const std::size_t n = elements(name);
  std::vector<char*> ptrs(n, nullptr);
  const hid_t set = H5Dopen2(file_, name.c_str(), H5P_DEFAULT);
  if (set >= 0) {  // fixed-length strings (Hdf5Writer::column) are read as they are stored
    const hid_t stored = H5Dget_type(set);
    const bool fixed = H5Tget_class(stored) == H5T_STRING && H5Tis_variable_str(stored) == 0;
    const std::size_t width = fixed ? H5Tget_size(stored) : 0;
    H5Tclose(stored);
    if (fixed) {
      std::vector<char> packed(n * width + 1, '\0');
      const hid_t type = H5Tcopy(H5T_C_S1);
      H5Tset_size(type, width);
      const bool ok = width > 0 && (n == 0 || H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, packed.data()) >= 0);
      H5Tclose(type);
      H5Dclose(set);
      if (!ok) fail("cannot read string dataset " + name);
      std::vector<std::string> out;
      for (std::size_t k = 0; k < n; ++k) {
        const char* p = packed.data() + k * width;
        out.emplace_back(p, std::find(p, p + width, '\0'));
      }
      return out;
    }
  }
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  const bool ok = set >= 0 && (n == 0 || H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) >= 0);
  std::vector<std::string> out;
  for (char* p : ptrs) out.emplace_back(p ? p : "");
  if (ok && n > 0) {
    const hid_t space = H5Dget_space(set);
    H5Dvlen_reclaim(type, space, H5P_DEFAULT, ptrs.data());
    H5Sclose(space);
  }
  H5Tclose(type);
  if (set >= 0) H5Dclose(set);
  if (!ok) fail("cannot read string dataset " + name);
  return out;
}

std::string Hdf5Reader::string_attribute(const std::string& object, const std::string& name) const {
  const Hdf5ReadGuard guard(path_);
  if (H5Aexists_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT) <= 0)
    fail("missing attribute '" + name + "' of " + object);
  const hid_t attr = H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
  const hid_t type = H5Aget_type(attr);
  if (H5Tget_class(type) != H5T_STRING || H5Tis_variable_str(type) > 0) {
    H5Tclose(type);
    H5Aclose(attr);
    fail("attribute '" + name + "' of " + object + " is not a fixed-length string");
  }
  std::string value(H5Tget_size(type), '\0');
  const herr_t st = H5Aread(attr, type, value.data());
  H5Tclose(type);
  H5Aclose(attr);
  if (st < 0) fail("cannot read attribute '" + name + "' of " + object);
  return value.substr(0, value.find('\0'));
}

double Hdf5Reader::double_attribute(const std::string& object, const std::string& name) const {
  const Hdf5ReadGuard guard(path_);
  if (H5Aexists_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT) <= 0)
    fail("missing attribute '" + name + "' of " + object);
  const hid_t attr = H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
  double v = 0.0;
  const herr_t st = H5Aread(attr, H5T_NATIVE_DOUBLE, &v);
  H5Aclose(attr);
  if (st < 0) fail("cannot read attribute '" + name + "' of " + object);
  return v;
}

}  // namespace metabasin
