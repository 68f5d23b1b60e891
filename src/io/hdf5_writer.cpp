// SPDX-License-Identifier: BSD-3-Clause
#include "hdf5_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "error.hpp"
#include "output_path.hpp"

namespace metabasin {

namespace {
void check(herr_t status, const std::string& what) {
  if (status < 0) throw InputError("HDF5: " + what + " failed");
}
}  // namespace

namespace {
// File access for the appendable format: SWMR needs the 1.10 superblock and chunk indexes.
hid_t latest_format_access() {
  const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
  return fapl;
}

hid_t string32_type() {
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, 32);
  H5Tset_strpad(type, H5T_STR_NULLTERM);
  return type;
}
}  // namespace

Hdf5Writer::Hdf5Writer(const std::string& path, bool appendable) : path_(path), tmp_(path + ".tmp") {
  const auto parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become exceptions, not stderr dumps
  const hid_t fapl = appendable ? latest_format_access() : H5P_DEFAULT;
  file_ = H5Fcreate(tmp_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  if (appendable) H5Pclose(fapl);
  if (file_ < 0) throw InputError("cannot create HDF5 file '" + path + "'");
}

Hdf5Writer::~Hdf5Writer() {
  if (file_ >= 0) {
    H5Fclose(file_);
    std::remove(tmp_.c_str());
  }
}

void Hdf5Writer::group(const std::string& name) {
  const hid_t g = H5Gcreate2(file_, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  check(g, "creating group " + name);
  H5Gclose(g);
}

namespace {
template <class T>
void write_numeric(hid_t file, const std::string& name, const std::vector<T>& data, const std::vector<hsize_t>& dims,
                   hid_t type) {
  const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
  const hid_t set = H5Dcreate2(file, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  check(set, "creating dataset " + name);
  if (!data.empty()) check(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), "writing " + name);
  H5Dclose(set);
  H5Sclose(space);
}
}  // namespace

void Hdf5Writer::write(const std::string& name, const std::vector<double>& data, const std::vector<hsize_t>& dims) {
  write_numeric(file_, name, data, dims, H5T_NATIVE_DOUBLE);
}

void Hdf5Writer::write(const std::string& name, const std::vector<long long>& data, const std::vector<hsize_t>& dims) {
  write_numeric(file_, name, data, dims, H5T_NATIVE_LLONG);
}

void Hdf5Writer::write_strings(const std::string& name, const std::vector<std::string>& data) {
  std::vector<const char*> ptrs;
  for (const auto& s : data) ptrs.push_back(s.c_str());
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  const hsize_t dims[1] = {data.size()};
  const hid_t space = H5Screate_simple(1, dims, nullptr);
  const hid_t set = H5Dcreate2(file_, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  check(set, "creating dataset " + name);
  if (!data.empty()) check(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), "writing " + name);
  H5Dclose(set);
  H5Sclose(space);
  H5Tclose(type);
}

void Hdf5Writer::column(const std::string& name, ColumnType type, hsize_t width) {
  const int rank = width == 1 ? 1 : 2;
  const hsize_t dims[2] = {0, width}, maxdims[2] = {H5S_UNLIMITED, width};
  // Chunks of ~32 kB: appends of a few rows touch one chunk, reads of all rows few.
  const hsize_t chunk[2] = {std::max<hsize_t>(64, 4096 / width), width};
  const hid_t space = H5Screate_simple(rank, dims, maxdims);
  const hid_t props = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(props, rank, chunk);
  const hid_t file_type = type == ColumnType::float64 ? H5Tcopy(H5T_IEEE_F64LE)
                          : type == ColumnType::int64 ? H5Tcopy(H5T_STD_I64LE)
                                                      : string32_type();
  const hid_t set = H5Dcreate2(file_, name.c_str(), file_type, space, H5P_DEFAULT, props, H5P_DEFAULT);
  H5Tclose(file_type);
  H5Pclose(props);
  H5Sclose(space);
  check(set, "creating dataset " + name);
  H5Dclose(set);
}

void Hdf5Writer::attribute(const std::string& object, const std::string& name, const std::string& value) {
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, value.size() + 1);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attr =
      H5Acreate_by_name(file_, object.c_str(), name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  check(attr, "creating attribute " + name);
  check(H5Awrite(attr, type, value.c_str()), "writing attribute " + name);
  H5Aclose(attr);
  H5Sclose(space);
  H5Tclose(type);
}

void Hdf5Writer::attribute(const std::string& object, const std::string& name, double value) {
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attr = H5Acreate_by_name(file_, object.c_str(), name.c_str(), H5T_NATIVE_DOUBLE, space, H5P_DEFAULT,
                                       H5P_DEFAULT, H5P_DEFAULT);
  check(attr, "creating attribute " + name);
  check(H5Awrite(attr, H5T_NATIVE_DOUBLE, &value), "writing attribute " + name);
  H5Aclose(attr);
  H5Sclose(space);
}

void Hdf5Writer::integer_attribute(const std::string& object, const std::string& name, long long value) {
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attr = H5Acreate_by_name(file_, object.c_str(), name.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT,
                                       H5P_DEFAULT, H5P_DEFAULT);
  check(attr, "creating attribute " + name);
  check(H5Awrite(attr, H5T_NATIVE_LLONG, &value), "writing attribute " + name);
  H5Aclose(attr);
  H5Sclose(space);
}

// ---------------------------------------------------------------------------------------------

Hdf5Appender::Hdf5Appender(const std::string& path, bool swmr) : path_(path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t fapl = latest_format_access();
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl);
  H5Pclose(fapl);
  if (file_ < 0) throw InputError("cannot open '" + path + "' for appending (is it open elsewhere, e.g. by another run?)");
  if (swmr && H5Fstart_swmr_write(file_) < 0) {
    H5Fclose(file_);
    throw InputError("cannot hold '" + path + "' in HDF5's single-writer mode");
  }
}

Hdf5Appender::~Hdf5Appender() {
  if (file_ >= 0) H5Fclose(file_);
}

hsize_t Hdf5Appender::rows(const std::string& name) const {
  const hid_t set = H5Dopen2(file_, name.c_str(), H5P_DEFAULT);
  check(set, "opening " + name + " in " + path_);
  const hid_t space = H5Dget_space(set);
  hsize_t dims[2] = {0, 0};
  H5Sget_simple_extent_dims(space, dims, nullptr);
  H5Sclose(space);
  H5Dclose(set);
  return dims[0];
}

void Hdf5Appender::write_rows(const std::string& name, hid_t type, hsize_t first, hsize_t count, const void* data,
                              bool extend) {
  if (count == 0) return;
  const hid_t set = H5Dopen2(file_, name.c_str(), H5P_DEFAULT);
  check(set, "opening " + name + " in " + path_);
  hid_t space = H5Dget_space(set);
  const int rank = H5Sget_simple_extent_ndims(space);
  hsize_t dims[2] = {0, 1};
  H5Sget_simple_extent_dims(space, dims, nullptr);
  H5Sclose(space);
  herr_t st = 0;
  if (extend) {
    dims[0] = first + count;
    st = H5Dset_extent(set, dims);
  }
  space = H5Dget_space(set);
  const hsize_t start[2] = {first, 0}, counts[2] = {count, rank == 2 ? dims[1] : 1};
  if (st >= 0) st = H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, counts, nullptr);
  const hsize_t mem_dims[1] = {counts[0] * counts[1]};
  const hid_t mem = H5Screate_simple(1, mem_dims, nullptr);
  if (st >= 0) st = H5Dwrite(set, type, mem, space, H5P_DEFAULT, data);
  H5Sclose(mem);
  H5Sclose(space);
  H5Dclose(set);
  check(st, "writing " + name + " in " + path_);
}

namespace {
hsize_t row_width(hid_t file, const std::string& name) {
  const hid_t set = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  check(set, "opening " + name);
  const hid_t space = H5Dget_space(set);
  hsize_t dims[2] = {0, 1};
  const int rank = H5Sget_simple_extent_ndims(space);
  H5Sget_simple_extent_dims(space, dims, nullptr);
  H5Sclose(space);
  H5Dclose(set);
  return rank == 2 ? dims[1] : 1;
}
}  // namespace

void Hdf5Appender::append(const std::string& name, const std::vector<double>& values) {
  const hsize_t width = row_width(file_, name);
  write_rows(name, H5T_NATIVE_DOUBLE, rows(name), values.size() / width, values.data(), true);
}

void Hdf5Appender::append(const std::string& name, const std::vector<long long>& values) {
  const hsize_t width = row_width(file_, name);
  write_rows(name, H5T_NATIVE_LLONG, rows(name), values.size() / width, values.data(), true);
}

void Hdf5Appender::append(const std::string& name, const std::vector<std::string>& values) {
  std::vector<char> packed(32 * values.size(), '\0');
  for (std::size_t k = 0; k < values.size(); ++k) values[k].copy(packed.data() + 32 * k, 31);
  const hid_t type = string32_type();
  try {
    write_rows(name, type, rows(name), values.size(), packed.data(), true);
  } catch (...) {
    H5Tclose(type);
    throw;
  }
  H5Tclose(type);
}

void Hdf5Appender::overwrite(const std::string& name, hsize_t row, const std::vector<double>& values) {
  write_rows(name, H5T_NATIVE_DOUBLE, row, 1, values.data(), false);
}

void Hdf5Appender::overwrite(const std::string& name, hsize_t row, const std::vector<long long>& values) {
  write_rows(name, H5T_NATIVE_LLONG, row, 1, values.data(), false);
}

void Hdf5Appender::flush() { check(H5Fflush(file_, H5F_SCOPE_GLOBAL), "flushing " + path_); }

void Hdf5Writer::close() {
  check(H5Fflush(file_, H5F_SCOPE_GLOBAL), "flushing " + path_);
  H5Fclose(file_);
  file_ = -1;
  replace_file(tmp_, path_);
}

}  // namespace metabasin
