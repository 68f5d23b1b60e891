// SPDX-License-Identifier: BSD-3-Clause
// What fuzzing the readers found (tests/fuzz), each fed back as the corrupt file that broke a
// reader: it must now be one clear InputError naming the file, never undefined behaviour, a
// crash or an allocation the size a corrupt header claims.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "error.hpp"
#include "inherent_sequence.hpp"
#include "lammps_data.hpp"
#include "lammps_reference.hpp"
#include "../fuzz/seed_atoms.hpp"

using namespace metabasin;

namespace {

using fuzz::four_atoms;

/// A real three-frame sequence written by our writer.
std::string good_sequence(const std::string& name) {
  // Each test its own folder: scratch_dir empties it, and ctest -j runs tests side by side.
  const std::string path = metabasin::testing::scratch_dir("fuzz_findings_" + name) + "/" + name + ".h5";
  const Configuration atoms = four_atoms();
  InherentSequenceWriter w(path, atoms, false);
  for (int k = 0; k < 3; ++k) {
    SequenceFrame f;
    f.strain = 0.01 * k;
    f.positions = Eigen::Map<const VectorXd>(atoms.x.data(), 12);
    w.append(f);
  }
  return path;
}

void set_double_attribute(const std::string& path, const char* object, const char* name, double value) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  if (H5Aexists_by_name(f, object, name, H5P_DEFAULT) > 0) H5Adelete_by_name(f, object, name, H5P_DEFAULT);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate_by_name(f, object, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(H5Awrite(a, H5T_NATIVE_DOUBLE, &value), 0);
  H5Aclose(a);
  H5Sclose(space);
  H5Fclose(f);
}

void overwrite_doubles(const std::string& path, const char* name, const std::vector<double>& values) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  const hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
  ASSERT_GE(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
  H5Dclose(d);
  H5Fclose(f);
}

/// The message of the InputError `read` throws; fails the test for anything else.
template <class F>
std::string input_error(F read) {
  try {
    read();
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not an InputError: " << e.what();
    return "";
  }
  ADD_FAILURE() << "no error";
  return "";
}

}  // namespace

// Found by fuzz_hdf5_structured: a version attribute of 7.6e18 was cast to int for the message
// (undefined behaviour); NaN slipped past the version check.
TEST(FuzzFindings, SequenceWithAnAbsurdVersionIsAnInputError) {
  for (double version : {7.56605e18, std::nan(""), std::numeric_limits<double>::infinity()}) {
    const std::string path = good_sequence("version");
    set_double_attribute(path, "/", "version", version);
    const std::string m = input_error([&] { InherentSequenceReader r(path); });
    EXPECT_NE(m.find(path), std::string::npos) << m;
    EXPECT_NE(m.find("layout version"), std::string::npos) << m;
  }
}

// Same class as the version: the /atoms dimension attribute was cast to int unchecked.
TEST(FuzzFindings, SequenceWithAnAbsurdDimensionIsAnInputError) {
  for (double dimension : {1e300, std::nan(""), 4.0, 2.5}) {
    const std::string path = good_sequence("dimension");
    set_double_attribute(path, "/atoms", "dimension", dimension);
    const std::string m = input_error([&] { InherentSequenceReader r(path); });
    EXPECT_NE(m.find(path), std::string::npos) << m;
    EXPECT_NE(m.find("dimension"), std::string::npos) << m;
  }
}

// A cell with NaN, infinite or non-positive edges went straight into the Box every distance is
// computed in (minimum images of a zero-length or NaN cell).
TEST(FuzzFindings, SequenceWithABrokenCellIsAnInputError) {
  const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
  for (const std::vector<double>& cell : {std::vector<double>{4, 0, 0, 0, 4, 0, 0, 0, 0},
                                          std::vector<double>{-4, 0, 0, 0, 4, 0, 0, 0, 1},
                                          std::vector<double>{4, 0, 0, nan, 4, 0, 0, 0, 1},
                                          std::vector<double>{4, 0, 0, 0, inf, 0, 0, 0, 1},
                                          // flat or absurdly tilted (found by fuzz_catalog_file)
                                          std::vector<double>{1e-300, 0, 0, 0, 4, 0, 0, 0, 1},
                                          std::vector<double>{4, 0, 0, 1e12, 4, 0, 0, 0, 1}}) {
    const std::string path = good_sequence("cell");
    overwrite_doubles(path, "/atoms/cell", cell);
    const std::string m = input_error([&] { InherentSequenceReader r(path); });
    EXPECT_NE(m.find(path), std::string::npos) << m;
    EXPECT_NE(m.find("/atoms/cell"), std::string::npos) << m;
  }
}

// A few hundred bytes of file whose headers declare 2^40 frames (chunked datasets read the
// unwritten frames as fill values): the reader allocated what the header claimed.
TEST(FuzzFindings, SequenceDeclaringFarMoreFramesThanItStoresIsAnInputError) {
  const std::string path = good_sequence("extent");
  {
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    H5Adelete_by_name(f, "/sequence", "frames", H5P_DEFAULT);
    for (const char* name : {"/sequence/strain", "/sequence/time", "/sequence/energy", "/sequence/shear_stress",
                             "/sequence/positions"}) {
      const hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
      const hsize_t dims[3] = {hsize_t{1} << 40, 4, 3};
      ASSERT_GE(H5Dset_extent(d, dims), 0);
      H5Dclose(d);
    }
    H5Fclose(f);
  }
  const std::string m = input_error([&] { InherentSequenceReader(path).strains(); });
  EXPECT_NE(m.find(path), std::string::npos) << m;
  EXPECT_NE(m.find("declares"), std::string::npos) << m;
}

// Found by fuzz_lammps_data: a line holding only a vertical tab (or form feed) was not blank to
// the comment stripper but had no words to the splitter, and the reader took word 0 of none.
// Found by fuzz_inherent_sequence: a corrupt header claims gigabytes of stored bytes for an
// /atoms dataset of a 30 kB file, so the declared-extent bound let a 24 GB read through. The
// stored bytes are now capped by the file's own size.
TEST(FuzzFindings, SequenceWhoseHeaderClaimsMoreStorageThanTheFileHoldsIsAnInputError) {
  const std::string bad = METABASIN_SOURCE_DIR "/tests/fuzz/regressions/sequence-atoms-storage-size-lies.h5.bin";
  const std::string m = input_error([&] { InherentSequenceReader r(bad); });
  EXPECT_NE(m.find("sequence-atoms-storage-size-lies.h5.bin"), std::string::npos) << m;
}

TEST(FuzzFindings, DataFileLinesOfOtherWhitespaceAreBlank) {
  const std::string dir = metabasin::testing::scratch_dir("fuzz_findings_whitespace");
  const std::string body = "2 atoms\n1 atom types\n0 4 xlo xhi\n0 4 ylo yhi\n-0.5 0.5 zlo zhi\n\nAtoms # atomic\n\n"
                           "1 1 0.5 0.5 0\n2 1 2.5 0.5 0\n";
  const std::string plain = dir + "/plain.data", odd = dir + "/whitespace.data";
  std::ofstream(plain) << "title\n\n" << body;
  std::string with_tabs = body;
  with_tabs.insert(with_tabs.find("0 4 xlo"), "\v\n");
  with_tabs.insert(with_tabs.find("1 1 0.5"), " \f \n");
  std::ofstream(odd) << "title\n\n" << with_tabs << "\v\n";
  const Configuration a = read_lammps_data(plain, 2, {true, true, false});
  const Configuration b = read_lammps_data(odd, 2, {true, true, false});
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.ids, b.ids);
  // The fuzzer's own file: a clear error or a read, nothing else.
  const std::string found = METABASIN_SOURCE_DIR "/tests/fuzz/regressions/lammps_data-vertical-tab-line.data";
  for (int dimension : {2, 3}) {
    try {
      read_lammps_data(found, dimension, {true, true, dimension == 3});
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(found), std::string::npos) << e.what();
    }
  }
}

// Found running a hand-made header through fuzz_lammps_data: "2000000000 atom types" made the
// reader allocate 16 GB of masses before reading a single atom; near 70000 types the PairIJ
// line count overflowed int. (1e8 here: a reader that regresses allocates 800 MB, not 16 GB.)
TEST(FuzzFindings, DataFileWithAbsurdlyManyAtomTypesIsAnInputError) {
  const std::string dir = metabasin::testing::scratch_dir("fuzz_findings_data");
  for (const char* count : {"100000000", "70000", "0", "-3"}) {
    const std::string path = dir + "/types.data";
    std::ofstream(path) << "title\n\n2 atoms\n" << count << " atom types\n0 4 xlo xhi\n0 4 ylo yhi\n-0.5 0.5 zlo zhi\n\n"
                        << "Atoms # atomic\n\n1 1 0.5 0.5 0\n2 1 2.5 0.5 0\n";
    try {
      read_lammps_data(path, 2, {true, true, false});
      ADD_FAILURE() << count << " atom types were accepted";
    } catch (const InputError& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find(path), std::string::npos) << m;
      EXPECT_NE(m.find("atom types"), std::string::npos) << m;
    }
  }
}

// A corrupt sequence on which libhdf5 1.10 itself divides by zero inside H5Dopen (its chunk
// layout holds a zero): the program must still end with one sentence naming the file and
// exit 1, not die of SIGFPE. Run through the binary, whose handler reports it.
TEST(FuzzFindings, ACorruptFileThatCrashesLibhdf5IsAnErrorNamingIt) {
  const std::string bad = METABASIN_SOURCE_DIR "/tests/fuzz/regressions/libhdf5-sequence-chunk-fpe.h5.bin";
  const std::string dir = metabasin::testing::scratch_dir("fuzz_libhdf5_fpe");
  const auto r = metabasin::testing::run_metabasin("nadm '" + bad + "' --out '" + dir + "/nadm.h5'", dir);
  EXPECT_EQ(r.code, 1) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("libhdf5-sequence-chunk-fpe.h5.bin' is corrupt"), std::string::npos) << r.stderr_text;
  EXPECT_TRUE(r.last.is_object() && r.last.contains("error")) << r.stdout_text;
  // The catalog reader given the same file: one error too.
  const auto other = metabasin::testing::run_metabasin("catalog summary '" + bad + "'", dir);
  EXPECT_EQ(other.code, 1) << other.stderr_text;
}

// A corrupt catalog on which libhdf5 1.10 loops for ever in its global heap (reading the
// variable-length strings of /minima/found_by): the read's CPU watchdog (10 s for a small
// file) ends it with one sentence naming the file and exit 1, instead of a hang.
TEST(FuzzFindings, ACorruptFileThatHangsLibhdf5IsAnErrorNamingIt) {
  const std::string bad = METABASIN_SOURCE_DIR "/tests/fuzz/regressions/libhdf5-catalog-global-heap-loop.h5.bin";
  const std::string dir = metabasin::testing::scratch_dir("fuzz_libhdf5_loop");
  const auto r = metabasin::testing::run_metabasin("catalog summary '" + bad + "'", dir);
  EXPECT_EQ(r.code, 1) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("libhdf5-catalog-global-heap-loop.h5.bin' is corrupt: the HDF5 library did not finish"),
            std::string::npos)
      << r.stderr_text;
}
