// SPDX-License-Identifier: BSD-3-Clause
#include "hdf5_writer.hpp"

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

Hdf5Writer::Hdf5Writer(const std::string& path) : path_(path), tmp_(path + ".tmp") {
  const auto parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become exceptions, not stderr dumps
  file_ = H5Fcreate(tmp_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
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

void Hdf5Writer::close() {
  check(H5Fflush(file_, H5F_SCOPE_GLOBAL), "flushing " + path_);
  H5Fclose(file_);
  file_ = -1;
  replace_file(tmp_, path_);
}

}  // namespace metabasin
