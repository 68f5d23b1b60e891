// SPDX-License-Identifier: BSD-3-Clause
#include "parallel.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#ifdef METABASIN_WITH_MPI
#include <mpi.h>
#endif

namespace metabasin {

namespace {
Parallel g_parallel;
bool g_mpi = false;

bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
    if (std::getenv(v)) return true;
  return false;
}

#ifdef METABASIN_WITH_MPI
// Waits for a non-blocking collective without holding a core. MPI's blocking calls spin at
// full CPU, so a rank with nothing to do (a KMC team's helpers while rank 0 walks, a sweep's
// ranks once no point is left) would take the core a busy rank shares with it, and show as
// user time. It polls, sleeping twice as long each time up to a millisecond: a short wait
// costs a few microseconds, a long one ~1 ms of latency for a core given back.
void wait_patiently(MPI_Request& request) {
  auto pause = std::chrono::microseconds(1);
  for (int done = 0;;) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) return;
    std::this_thread::sleep_for(pause);
    pause = std::min(2 * pause, std::chrono::microseconds(1000));
  }
}

void barrier_patiently() {
  MPI_Request r;
  MPI_Ibarrier(MPI_COMM_WORLD, &r);
  wait_patiently(r);
}
#endif
}  // namespace

void parallel_init(int* argc, char*** argv) {
#ifdef METABASIN_WITH_MPI
  if (!launched_by_mpi()) return;
  MPI_Init(argc, argv);
  g_mpi = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &g_parallel.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_parallel.size);
#else
  (void)argc;
  (void)argv;
#endif
}

void parallel_finalize() {
#ifdef METABASIN_WITH_MPI
  if (g_mpi) MPI_Finalize();
  g_mpi = false;
#endif
}

const Parallel& parallel() { return g_parallel; }

std::vector<std::string> gather_on_root(const std::string& mine) {
  if (g_parallel.size == 1) return {mine};
#ifdef METABASIN_WITH_MPI
  int len = static_cast<int>(mine.size());
  std::vector<int> lens(g_parallel.size), offsets(g_parallel.size, 0);
  MPI_Request r;
  MPI_Igather(&len, 1, MPI_INT, lens.data(), 1, MPI_INT, 0, MPI_COMM_WORLD, &r);
  wait_patiently(r);
  std::string all;
  if (g_parallel.root()) {
    for (int r = 1; r < g_parallel.size; ++r) offsets[r] = offsets[r - 1] + lens[r - 1];
    all.resize(offsets.back() + lens.back());
  }
  MPI_Igatherv(mine.data(), len, MPI_CHAR, all.data(), lens.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD, &r);
  wait_patiently(r);
  std::vector<std::string> out;
  if (g_parallel.root())
    for (int r = 0; r < g_parallel.size; ++r) out.push_back(all.substr(offsets[r], lens[r]));
  return out;
#else
  return {mine};
#endif
}

bool broadcast_from_root(bool value) {
#ifdef METABASIN_WITH_MPI
  if (g_parallel.size == 1) return value;
  int v = value ? 1 : 0;
  MPI_Request r;
  MPI_Ibcast(&v, 1, MPI_INT, 0, MPI_COMM_WORLD, &r);
  wait_patiently(r);
  return v != 0;
#else
  return value;
#endif
}

std::string idle_ranks() {
  const int n = g_parallel.size - 1;
  return n == 1 ? "rank 1 stays idle" : "ranks 1-" + std::to_string(n) + " stay idle";
}

std::string broadcast_text_from_root(const std::string& value) {
#ifdef METABASIN_WITH_MPI
  if (g_parallel.size == 1) return value;
  long len = static_cast<long>(value.size());
  MPI_Request r;
  MPI_Ibcast(&len, 1, MPI_LONG, 0, MPI_COMM_WORLD, &r);
  wait_patiently(r);
  std::string out = g_parallel.root() ? value : std::string(static_cast<std::size_t>(len), '\0');
  // In chunks: MPI counts are ints.
  for (long at = 0; at < len; at += 1L << 30) {
    MPI_Ibcast(out.data() + at, static_cast<int>(std::min(len - at, 1L << 30)), MPI_CHAR, 0, MPI_COMM_WORLD, &r);
    wait_patiently(r);
  }
  return out;
#else
  return value;
#endif
}

#ifdef METABASIN_WITH_MPI
struct TaskDealer::Window {
  MPI_Win win = MPI_WIN_NULL;
  long* value = nullptr;  // on rank 0
};
#else
struct TaskDealer::Window {};
#endif

TaskDealer::TaskDealer(long first) : first_(first), next_(first) {
#ifdef METABASIN_WITH_MPI
  if (g_parallel.size == 1) return;
  window_ = std::make_unique<Window>();
  const MPI_Aint bytes = g_parallel.root() ? static_cast<MPI_Aint>(sizeof(long)) : 0;
  MPI_Win_allocate(bytes, sizeof(long), MPI_INFO_NULL, MPI_COMM_WORLD, &window_->value, &window_->win);
  if (g_parallel.root()) {
    MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, window_->win);
    *window_->value = first;
    MPI_Win_unlock(0, window_->win);
  }
  barrier_patiently();  // nobody draws before the first number is in place
#endif
}

TaskDealer::~TaskDealer() {
#ifdef METABASIN_WITH_MPI
  if (!window_) return;
  barrier_patiently();  // MPI_Win_free's own barrier spins while the last tasks run
  MPI_Win_free(&window_->win);
#endif
}

long TaskDealer::next() {
#ifdef METABASIN_WITH_MPI
  if (window_) {
    const long one = 1;
    long drawn = 0;
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, window_->win);
    MPI_Fetch_and_op(&one, &drawn, MPI_LONG, 0, 0, MPI_SUM, window_->win);
    MPI_Win_unlock(0, window_->win);
    return drawn;
  }
#endif
  return next_++;
}

long TaskDealer::finished_at_least(long drawn) const {
  return std::max(drawn - first_ + 1 - (g_parallel.size - 1), 1L);
}

}  // namespace metabasin
