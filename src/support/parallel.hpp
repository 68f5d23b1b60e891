// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Coarse-grained parallelism over MPI ranks (independent searches, sweep points). MPI is
// initialized only when the process was started by an MPI launcher, so a plain run never
// depends on MPI being usable.
#include <memory>
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
std::string broadcast_text_from_root(const std::string& value);
/// "rank 1 stays idle", "ranks 1-3 stay idle": for the warning of work rank 0 does alone.
std::string idle_ranks();

/// Deals the numbers first, first + 1, ... to the ranks one at a time, to whichever asks
/// next: tasks whose costs differ (ART searches from 300 to 12 000 force calls, sweep points
/// from seconds to hours) keep every rank busy until none is left, where a fixed share per
/// rank leaves the ranks that drew cheap ones idle. Each rank's next() is an atomic
/// fetch-and-add on a number held by rank 0 (MPI one-sided), so nobody waits on a dispatcher.
/// Construction and destruction are collective: every rank makes one and lets it go together.
class TaskDealer {
 public:
  explicit TaskDealer(long first);
  ~TaskDealer();
  TaskDealer(const TaskDealer&) = delete;
  TaskDealer& operator=(const TaskDealer&) = delete;
  /// The next number no rank has drawn.
  long next();
  /// Tasks finished, at least, once this rank has finished the one numbered `drawn` (every
  /// earlier number is drawn; each other rank may hold one still running): for progress lines.
  long finished_at_least(long drawn) const;

 private:
  struct Window;
  std::unique_ptr<Window> window_;  // with MPI on more than one rank
  long first_ = 0;
  long next_ = 0;                   // without one
};

}  // namespace metabasin
