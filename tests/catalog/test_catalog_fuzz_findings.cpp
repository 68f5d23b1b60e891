// SPDX-License-Identifier: BSD-3-Clause
// What fuzzing the catalog reader found (tests/fuzz): corrupt catalogs are one clear
// InputError naming the file, never undefined behaviour or a huge allocation.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <limits>

#include "catalog_file.hpp"
#include "error.hpp"
#include "lammps_reference.hpp"

using namespace metabasin;

namespace {

std::string good_catalog(const std::string& name) {
  Configuration c;
  c.box.dimension = 2;
  c.box.periodic = {true, true, false};
  c.box.len = Vec3(4.0, 4.0, 1.0);
  c.ids = {1, 2};
  c.types = {1, 1};
  c.x = {0.5, 0.5, 0, 2.5, 0.5, 0};
  c.image.assign(6, 0);
  Catalog cat(c, "lj/cut", {});
  cat.add_minimum({-1.0, Eigen::Map<const VectorXd>(c.x.data(), 6), 0.0, "art", 1, 0.0});
  const std::string path = metabasin::testing::scratch_dir("catalog_fuzz_findings") + "/" + name + ".h5";
  save_catalog(path, cat);
  return path;
}

void set_version(const std::string& path, double value) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  H5Adelete_by_name(f, "/", "version", H5P_DEFAULT);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate_by_name(f, "/", "version", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(H5Awrite(a, H5T_NATIVE_DOUBLE, &value), 0);
  H5Aclose(a);
  H5Sclose(space);
  H5Fclose(f);
}

}  // namespace

// The sequence's version bug (found by fuzz_hdf5_structured) in the catalog's copy of the check.
TEST(CatalogFuzzFindings, AnAbsurdVersionIsAnInputError) {
  for (double version : {7.56605e18, std::nan("")}) {
    const std::string path = good_catalog("version");
    set_version(path, version);
    try {
      load_catalog(path);
      ADD_FAILURE() << "loaded a catalog of version " << version;
    } catch (const InputError& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find(path), std::string::npos) << m;
      EXPECT_NE(m.find("layout version"), std::string::npos) << m;
    }
  }
}

// Found by fuzz_catalog_file: an infinite coordinate reached the minimum-image search, whose
// image count became inf cast to int (undefined behaviour); a coordinate 1e300 cells away
// would make the same search run for ever.
TEST(CatalogFuzzFindings, PositionsNotFiniteOrFarOutsideTheCellAreAnInputError) {
  // The fuzzer's files: the second has finite positions in a cell 1e-300 A thin.
  for (const char* name : {"catalog-infinite-position.h5.bin", "catalog-flat-cell.h5.bin"}) {
    const std::string found = std::string(METABASIN_SOURCE_DIR "/tests/fuzz/regressions/") + name;
    try {
      load_catalog(found);
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(found), std::string::npos) << e.what();
    }
  }
  for (const char* set : {"/minima/atom_positions", "/atoms/reference_positions"})
    for (double bad : {std::numeric_limits<double>::infinity(), 1e300}) {
      const std::string path = good_catalog("position");
      const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
      const hid_t d = H5Dopen2(f, set, H5P_DEFAULT);
      const hid_t space = H5Dget_space(d);
      std::vector<double> x(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
      H5Sclose(space);
      ASSERT_GE(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x.data()), 0);
      x.at(1) = bad;  // the first stored atom of the first state
      ASSERT_GE(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x.data()), 0);
      H5Dclose(d);
      H5Fclose(f);
      try {
        load_catalog(path);
        ADD_FAILURE() << set << " holding " << bad << " was loaded";
      } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find(path), std::string::npos) << m;
        EXPECT_NE(m.find("far outside the cell"), std::string::npos) << m;
      }
    }
}
