// SPDX-License-Identifier: BSD-3-Clause
// Structure-aware HDF5 fuzzing: the fuzzed bytes choose which of the catalog's and the
// sequence's objects exist, their types, shapes (including extents declared far beyond what
// is stored), values (NaN, infinities, huge counts) and attributes; the harness writes that
// file through the HDF5 C API and reads it as a catalog and as a sequence. Byte mutation of a
// real file mostly breaks HDF5's own checksums and headers; this reaches our readers' logic.
#include <fuzzer/FuzzedDataProvider.h>
#include <hdf5.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "fuzz_catalog.hpp"

using namespace metabasin;

namespace {

const char* const kGroups[] = {"/atoms", "/minima", "/saddles", "/sequence"};
const char* const kDoubles[] = {"/atoms/cell", "/atoms/origin", "/atoms/reference_positions",
                                "/minima/energy", "/minima/strain", "/minima/shear_stress", "/minima/positions",
                                "/saddles/energy", "/saddles/eigenvalue", "/saddles/forward_barrier",
                                "/saddles/backward_barrier", "/saddles/prefactor", "/saddles/backward_prefactor",
                                "/saddles/contour_ratio", "/saddles/strain", "/saddles/positions",
                                "/minima/atom_positions", "/saddles/atom_positions",
                                "/sequence/strain", "/sequence/time", "/sequence/energy", "/sequence/shear_stress",
                                "/sequence/positions"};
const char* const kIntegers[] = {"/atoms/ids", "/atoms/types", "/minima/force_calls", "/saddles/from", "/saddles/to",
                                 "/saddles/force_calls", "/saddles/times_found", "/saddles/vanished",
                                 "/saddles/parent", "/minima/base", "/minima/first_atom", "/minima/atom_count",
                                 "/minima/atom_index", "/saddles/base", "/saddles/first_atom", "/saddles/atom_count",
                                 "/saddles/atom_index"};
const char* const kStrings[] = {"/minima/found_by", "/saddles/found_by"};

double fuzzed_double(FuzzedDataProvider& p) {
  switch (p.ConsumeIntegralInRange<int>(0, 7)) {
    case 0: return std::numeric_limits<double>::quiet_NaN();
    case 1: return std::numeric_limits<double>::infinity();
    case 2: return -std::numeric_limits<double>::infinity();
    case 3: return p.ConsumeIntegralInRange<int>(-4, 4);
    case 4: return p.ConsumeFloatingPoint<double>();
    default: return p.ConsumeFloatingPointInRange<double>(-10.0, 10.0);
  }
}

long long fuzzed_integer(FuzzedDataProvider& p) {
  return p.ConsumeBool() ? p.ConsumeIntegralInRange<long long>(-2, 8) : p.ConsumeIntegral<long long>();
}

/// A shape of rank 0..3 whose stored part is small; with `huge` the first extent may be
/// declared (chunked, unwritten, read back as fill values) far beyond it.
struct Shape {
  std::vector<hsize_t> dims, stored;
  bool chunked = false;
};

Shape fuzzed_shape(FuzzedDataProvider& p) {
  Shape s;
  const int rank = p.ConsumeIntegralInRange<int>(0, 3);
  for (int d = 0; d < rank; ++d) s.stored.push_back(p.ConsumeIntegralInRange<hsize_t>(0, 6));
  s.dims = s.stored;
  if (rank > 0 && p.ConsumeProbability<float>() < 0.1f) {
    s.chunked = true;
    s.dims[0] = p.ConsumeBool() ? p.ConsumeIntegralInRange<hsize_t>(0, 1000)
                                : p.ConsumeIntegralInRange<hsize_t>(0, hsize_t{1} << 40);
  }
  return s;
}

std::size_t count(const std::vector<hsize_t>& dims) {
  std::size_t n = 1;
  for (hsize_t d : dims) n *= d;
  return n;
}

template <class T, class Make>
void fuzzed_dataset(hid_t file, const char* name, hid_t file_type, hid_t mem_type, FuzzedDataProvider& p,
                    Make make) {
  const Shape s = fuzzed_shape(p);
  const int rank = static_cast<int>(s.dims.size());
  std::vector<hsize_t> maxdims = s.dims;
  if (s.chunked) maxdims[0] = H5S_UNLIMITED;
  const hid_t space = rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, s.dims.data(), maxdims.data());
  const hid_t props = H5Pcreate(H5P_DATASET_CREATE);
  if (s.chunked) {
    std::vector<hsize_t> chunk(rank, 1);
    for (int d = 1; d < rank; ++d) chunk[d] = std::max<hsize_t>(1, s.dims[d]);
    H5Pset_chunk(props, rank, chunk.data());
  }
  const hid_t set = H5Dcreate2(file, name, file_type, space, H5P_DEFAULT, props, H5P_DEFAULT);
  if (set >= 0) {
    std::vector<T> values(rank == 0 ? 1 : count(s.stored));
    for (auto& v : values) v = make(p);
    if (!values.empty()) {
      const hid_t file_space = H5Dget_space(set);
      if (rank > 0) {
        const std::vector<hsize_t> start(rank, 0);
        H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, s.stored.data(), nullptr);
      }
      const hsize_t n = values.size();
      const hid_t mem = H5Screate_simple(1, &n, nullptr);
      H5Dwrite(set, mem_type, mem, file_space, H5P_DEFAULT, values.data());
      H5Sclose(mem);
      H5Sclose(file_space);
    }
    H5Dclose(set);
  }
  H5Pclose(props);
  H5Sclose(space);
}

void string_dataset(hid_t file, const char* name, FuzzedDataProvider& p) {
  const hsize_t n = p.ConsumeIntegralInRange<hsize_t>(0, 6);
  std::vector<std::string> text(n);
  std::vector<const char*> ptrs(n);
  for (hsize_t k = 0; k < n; ++k) {
    text[k] = p.ConsumeRandomLengthString(16);
    ptrs[k] = text[k].c_str();
  }
  // Variable-length (version 1) or fixed 32-byte (version 2) strings.
  const bool fixed = p.ConsumeBool();
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, fixed ? 32 : H5T_VARIABLE);
  std::vector<char> packed(32 * n, '\0');
  for (hsize_t k = 0; k < n; ++k) text[k].copy(packed.data() + 32 * k, 31);
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  const hid_t set = H5Dcreate2(file, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (set >= 0) {
    if (n > 0)
      H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT,
               fixed ? static_cast<const void*>(packed.data()) : static_cast<const void*>(ptrs.data()));
    H5Dclose(set);
  }
  H5Sclose(space);
  H5Tclose(type);
}

void string_attribute(hid_t file, const char* object, const char* name, const std::string& value, bool variable) {
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, variable ? H5T_VARIABLE : std::max<std::size_t>(1, value.size()));
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attr = H5Acreate_by_name(file, object, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (attr >= 0) {
    const char* c = value.c_str();
    H5Awrite(attr, type, variable ? static_cast<const void*>(&c) : static_cast<const void*>(c));
    H5Aclose(attr);
  }
  H5Sclose(space);
  H5Tclose(type);
}

void number_attribute(hid_t file, const char* object, const char* name, hid_t file_type, double value) {
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attr = H5Acreate_by_name(file, object, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (attr >= 0) {
    H5Awrite(attr, H5T_NATIVE_DOUBLE, &value);
    H5Aclose(attr);
  }
  H5Sclose(space);
}

void fuzzed_attribute(hid_t file, const char* object, const char* name, FuzzedDataProvider& p,
                      const std::vector<std::string>& likely) {
  switch (p.ConsumeIntegralInRange<int>(0, 5)) {
    case 0: return;  // absent
    case 1: number_attribute(file, object, name, H5T_IEEE_F64LE, fuzzed_double(p)); return;
    case 2: number_attribute(file, object, name, H5T_STD_I64LE, static_cast<double>(fuzzed_integer(p))); return;
    case 3: string_attribute(file, object, name, p.ConsumeRandomLengthString(24), p.ConsumeBool()); return;
    default:
      string_attribute(file, object, name, likely[p.ConsumeIntegralInRange<std::size_t>(0, likely.size() - 1)],
                       p.ConsumeBool() && p.ConsumeBool());
  }
}

void write_fuzzed_file(const std::string& path, FuzzedDataProvider& p) {
  // Built in memory and written out in one piece at close: many times faster than the
  // default driver's many small writes, and the file on disk is the same.
  const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_core(fapl, 1 << 16, 1);
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  H5Pclose(fapl);
  if (file < 0) fuzz::finding("harness", "cannot create " + path);
  for (const char* g : kGroups)
    if (p.ConsumeProbability<float>() < 0.9f) H5Gclose(H5Gcreate2(file, g, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  fuzzed_attribute(file, "/", "format", p, {"metabasin-catalog", "metabasin-sequence"});
  fuzzed_attribute(file, "/", "version", p, {"1", "2"});
  fuzzed_attribute(file, "/", "potential", p, {"lj/cut", "eam/alloy x"});
  fuzzed_attribute(file, "/", "energy_tolerance", p, {"0.001"});
  fuzzed_attribute(file, "/", "distance_tolerance", p, {"0.1"});
  fuzzed_attribute(file, "/", "rigid_motion", p, {"none", "translation", "translation rotation"});
  fuzzed_attribute(file, "/atoms", "dimension", p, {"2", "3"});
  fuzzed_attribute(file, "/atoms", "boundary", p, {"p p p", "p p f", "f f f"});
  fuzzed_attribute(file, "/sequence", "frames", p, {"1"});
  for (const char* name : kIntegers)
    if (p.ConsumeProbability<float>() < 0.9f)
      fuzzed_dataset<long long>(file, name, H5T_STD_I64LE, H5T_NATIVE_LLONG, p, fuzzed_integer);
  for (const char* name : kDoubles)
    if (p.ConsumeProbability<float>() < 0.9f)
      fuzzed_dataset<double>(file, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, p, fuzzed_double);
  for (const char* name : kStrings)
    if (p.ConsumeProbability<float>() < 0.9f) string_dataset(file, name, p);
  H5Fclose(file);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  FuzzedDataProvider p(data, size);
  const std::string path = fuzz::scratch_path("structured.h5");
  write_fuzzed_file(path, p);
  fuzz::expect_clean(path, [&] { fuzz::use_catalog(path); });
  fuzz::expect_clean(path, [&] { fuzz::use_sequence(path); });
  return 0;
}
