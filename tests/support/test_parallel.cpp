// SPDX-License-Identifier: BSD-3-Clause
#include <gtest/gtest.h>

#include <string>

#include "lammps_reference.hpp"

namespace {

std::string draws(const std::string& launcher) {
  std::string out;
  EXPECT_EQ(metabasin::testing::run_command(launcher + "'" TASK_DEALER_BIN "'", out), 0) << out;
  return out;
}

}  // namespace

// One rank draws every number in turn.
TEST(TaskDealer, OneRankDrawsEveryNumberInTurn) {
  EXPECT_EQ(draws(""), "rank 0: 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24\n");
}

// Rank 0 draws one number and waits: rank 1 gets all the others, each once, and rank 0's next
// draw is past the end (rank 1 drew the end itself when it stopped). Dealt k mod 2, rank 0
// would hold half of them.
TEST(TaskDealer, ARankThatIsFreeTakesTheNextNumber) {
  std::string out;
  ASSERT_EQ(metabasin::testing::run_command("command -v mpirun", out), 0) << "mpirun (openmpi-bin) is not installed";
  EXPECT_EQ(draws("mpirun --allow-run-as-root --oversubscribe -np 2 "),
            "rank 0: 5 26\nrank 1: 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24\n");
}
