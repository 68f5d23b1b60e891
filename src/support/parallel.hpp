// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Coarse-grained parallelism over MPI ranks (independent searches, sweep points). MPI is
// initialized only when the process was started by an MPI launcher, so a plain run never
// depends on MPI being usable.
#include <string>
#include <vector>

namespace metabasin {

struct Parallel {
  int rank = 0;
  int size = 1;
  bool root() const { return rank == 0; }
};

void parallel_init(int* argc, char*** argv);
void parallel_finalize();
const Parallel& parallel();
/// Every rank's string, in rank order, on rank 0 (empty elsewhere).
std::vector<std::string> gather_on_root(const std::string& mine);
/// Rank 0's value on every rank (a decision the root made from what it gathered).
bool broadcast_from_root(bool value);

}  // namespace metabasin
