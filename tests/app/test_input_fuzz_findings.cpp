// SPDX-License-Identifier: BSD-3-Clause
// What fuzzing the input reader found (tests/fuzz): a malformed input file is one clear
// InputError naming the file, never a yaml-cpp exception escaping validation.
#include <gtest/gtest.h>

#include <fstream>

#include "error.hpp"
#include "input.hpp"
#include "lammps_reference.hpp"

using namespace metabasin;

namespace {

std::string load_error(const std::string& path) {
  try {
    const Input in = Input::load(path);
    in.get_pairs("potential.pairs");  // what the potential's setup asks of a validated input
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not an InputError: " << e.what();
    return "";
  }
  ADD_FAILURE() << "loaded " << path;
  return "";
}

std::string write_input(const std::string& name, const std::string& text) {
  const std::string path = metabasin::testing::scratch_dir("input_fuzz_findings") + "/" + name + ".yaml";
  std::ofstream(path) << text;
  return path;
}

}  // namespace

// Found by fuzz_input_yaml: in a flow mapping "{types: C, [uZr]: ...}" the key is a list, and
// yaml-cpp's bad-conversion exception escaped the duplicate-key check.
TEST(InputFuzzFindings, AListOrMappingAsAKeyIsAnInputError) {
  const std::string found = METABASIN_SOURCE_DIR "/tests/fuzz/regressions/input_yaml-sequence-as-key.yaml";
  std::string m = load_error(found);
  EXPECT_NE(m.find(found), std::string::npos) << m;
  EXPECT_NE(m.find("not a name"), std::string::npos) << m;
  for (const char* text : {"[task]: minimize\n", "{a: 1}: 2\n", "task: minimize\nminimize:\n  {x: 1}: 3\n"}) {
    const std::string path = write_input("key", text);
    m = load_error(path);
    EXPECT_NE(m.find(path), std::string::npos) << m;
    EXPECT_NE(m.find("not a name"), std::string::npos) << m;
  }
}

// Same class, found reading the validation the fuzzer pointed at: pair types that are lists
// passed validation and broke the accessor.
TEST(InputFuzzFindings, PairTypesThatAreNotNamesAreAnInputError) {
  const std::string good = "system:\n  data: a.data\n  dimension: 2\npotential:\n  style: lj\n  elements: [Cu, Zr]\n"
                           "  pairs:\n    - {types: [Cu, Zr], epsilon: 0.1, sigma: 2.0, cutoff: 5.0}\ntask: eval\n";
  EXPECT_EQ(Input::load(write_input("good", good)).get_pairs("potential.pairs").size(), 1u);
  std::string bad = good;
  bad.replace(bad.find("[Cu, Zr], eps"), 8, "[[Cu], Zr]");
  const std::string path = write_input("types", bad);
  const std::string m = load_error(path);
  EXPECT_NE(m.find(path), std::string::npos) << m;
  EXPECT_NE(m.find("types"), std::string::npos) << m;
}
