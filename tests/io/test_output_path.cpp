// SPDX-License-Identifier: BSD-3-Clause
// Outputs never overwrite inputs, never replace another file unasked, and are written whole.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "error.hpp"
#include "lammps_reference.hpp"
#include "output_path.hpp"
#include "progress.hpp"

using namespace metabasin;
using namespace metabasin::testing;

TEST(OutputPath, AnOutputThatIsAnInputIsRefusedHoweverItIsSpelled) {
  const std::string dir = scratch_dir("output_path_input");
  const std::string in = dir + "/seq.h5";
  std::ofstream(in) << "x";
  std::filesystem::create_symlink(in, dir + "/link.h5");
  for (const std::string& out : {in, dir + "/./seq.h5", dir + "/sub/../seq.h5", dir + "/link.h5"})
    EXPECT_THROW(refuse_output_over_input(out, {in}, "NaDM file"), InputError) << out;
  EXPECT_NO_THROW(refuse_output_over_input(dir + "/nadm.h5", {in}, "NaDM file"));
}

TEST(OutputPath, AnExistingFileIsReplacedOnlyWithForce) {
  const std::string dir = scratch_dir("output_path_force");
  const std::string out = dir + "/graph.dot";
  EXPECT_NO_THROW(refuse_existing_output(out, false, "graph file"));
  std::ofstream(out) << "x";
  EXPECT_THROW(refuse_existing_output(out, false, "graph file"), InputError);
  EXPECT_NO_THROW(refuse_existing_output(out, true, "graph file"));
}

TEST(OutputPath, AFailedAtomicWriteLeavesTheOldFile) {
  const std::string dir = scratch_dir("output_path_atomic");
  const std::string out = dir + "/table.txt";
  write_atomically(out, [](const std::string& tmp) { std::ofstream(tmp) << "old\n"; });
  EXPECT_THROW(write_atomically(out,
                                [](const std::string& tmp) {
                                  std::ofstream(tmp) << "half";
                                  throw InputError("interrupted");
                                }),
               InputError);
  std::ifstream f(out);
  std::string line;
  std::getline(f, line);
  EXPECT_EQ(line, "old");
}

TEST(Progress, DurationsReadAsHoursMinutesSeconds) {
  EXPECT_EQ(Progress::duration(12.4), "12s");
  EXPECT_EQ(Progress::duration(185), "3m05s");
  EXPECT_EQ(Progress::duration(3720), "1h02m");
  EXPECT_EQ(Progress::duration(-1), "?");
}
