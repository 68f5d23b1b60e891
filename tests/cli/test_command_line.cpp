// SPDX-License-Identifier: BSD-3-Clause
// The shared argument parser: what every command's options go through.
#include <gtest/gtest.h>

#include "command_line.hpp"
#include "error.hpp"

using namespace metabasin;

namespace {

const CommandSyntax kSpectrum{"catalog spectrum", 1, 1, {"--bin", "--xi"}, {"--csv"}};

std::string error_of(const CommandSyntax& s, const std::vector<std::string>& args) {
  try {
    CommandLine(s, args);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(CommandLine, PositionalsOptionsAndFlags) {
  const CommandLine c(kSpectrum, {"cat.h5", "--bin", "0.1", "--csv", "--xi", "1e-3", "--xi", "-2e-3"});
  EXPECT_FALSE(c.help());
  EXPECT_EQ(c.positional(0), "cat.h5");
  EXPECT_DOUBLE_EQ(c.real("--bin", 0.05), 0.1);
  EXPECT_TRUE(c.has("--csv"));
  EXPECT_EQ(c.all("--xi"), (std::vector<std::string>{"1e-3", "-2e-3"}));  // a negative value is a value
  EXPECT_DOUBLE_EQ(CommandLine(kSpectrum, {"cat.h5"}).real("--bin", 0.05), 0.05);
}

TEST(CommandLine, HelpAnywhereSkipsEveryOtherCheck) {
  EXPECT_TRUE(CommandLine(kSpectrum, {"--help"}).help());
  EXPECT_TRUE(CommandLine(kSpectrum, {"--bogus", "-h"}).help());
}

TEST(CommandLine, ErrorsNameTheCommandAndTheArgument) {
  EXPECT_NE(error_of(kSpectrum, {"cat.h5", "--bogus"}).find("catalog spectrum: unknown option '--bogus'"),
            std::string::npos);
  EXPECT_NE(error_of(kSpectrum, {"cat.h5", "--bin"}).find("option --bin needs a value"), std::string::npos);
  EXPECT_NE(error_of(kSpectrum, {}).find("expected 1 argument"), std::string::npos);
  EXPECT_NE(error_of(kSpectrum, {"a.h5", "b.h5"}).find("got 2"), std::string::npos);
  for (const char* bad : {"abc", "1e400", "nan", "0.1x", ""}) {
    const CommandLine c(kSpectrum, {"cat.h5", "--bin", bad});
    EXPECT_THROW(c.real("--bin", 0.05), InputError) << bad;
  }
  const CommandLine zero(kSpectrum, {"cat.h5", "--bin", "0"});
  EXPECT_THROW(zero.positive_real("--bin", 0.05), InputError);
  const CommandSyntax path{"catalog path", 3, 3, {}, {}};
  EXPECT_THROW(CommandLine(path, {"c.h5", "-1", "2"}).positional_index(1, "FROM"), InputError);
  EXPECT_THROW(CommandLine(path, {"c.h5", "99999999999999999999", "2"}).positional_index(1, "FROM"), InputError);
  EXPECT_EQ(CommandLine(path, {"c.h5", "7", "2"}).positional_index(1, "FROM"), 7u);
}
