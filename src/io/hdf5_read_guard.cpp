// SPDX-License-Identifier: BSD-3-Clause
#include "hdf5_read_guard.hpp"

#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>

namespace metabasin {

namespace {

// Only what a signal handler may touch: a fixed buffer and a flag.
char g_path[1024];
volatile std::sig_atomic_t g_depth = 0;
bool g_installed = false;  // the handlers are in place, so the watchdog may be armed

// CPU seconds one outermost HDF5 read may take before it counts as a hang: libhdf5 1.10 loops
// for ever in its global heap on some corrupt files. Legitimate reads run at hundreds of MB/s;
// the allowance is 10 s plus 1 s per 8 MB of file.
long cpu_allowance(const char* path) {
  struct stat st {};
  const double bytes = ::stat(path, &st) == 0 ? static_cast<double>(st.st_size) : 0.0;
  return 10 + static_cast<long>(bytes / 8e6);
}

void arm_watchdog(long seconds) {
  itimerval t{};
  t.it_value.tv_sec = seconds;
  ::setitimer(ITIMER_VIRTUAL, &t, nullptr);  // user CPU time: a busy machine does not trip it
}

void write_all(int fd, const char* text) {
  std::size_t n = std::strlen(text);
  while (n > 0) {
    const ssize_t w = ::write(fd, text, n);
    if (w <= 0) return;
    text += w;
    n -= static_cast<std::size_t>(w);
  }
}

extern "C" void on_fatal_signal(int sig) {
  if (g_depth <= 0) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  write_all(2, "metabasin: error: HDF5 file '");
  write_all(2, g_path);
  if (sig == SIGVTALRM) {
    write_all(2, "' is corrupt: the HDF5 library did not finish reading it (a loop in libhdf5)\n");
  } else {
    write_all(2, "' is corrupt: the HDF5 library failed reading it (");
    write_all(2, sig == SIGFPE ? "SIGFPE" : sig == SIGSEGV ? "SIGSEGV" : "SIGBUS");
    write_all(2, ")\n");
  }
  // The path is not quoted into the JSON: escaping it is no work for a signal handler.
  write_all(1, "{\"error\":\"an HDF5 file is corrupt: the HDF5 library failed reading it\"}\n");
  _exit(1);
}

}  // namespace

Hdf5ReadGuard::Hdf5ReadGuard(const std::string& path) {
  if (g_depth == 0) {
    const std::size_t n = std::min(path.size(), sizeof g_path - 1);
    std::memcpy(g_path, path.data(), n);
    g_path[n] = '\0';
    if (g_installed) arm_watchdog(cpu_allowance(g_path));
  }
  g_depth = g_depth + 1;
}

Hdf5ReadGuard::~Hdf5ReadGuard() {
  g_depth = g_depth - 1;
  if (g_depth == 0 && g_installed) arm_watchdog(0);
}

void report_hdf5_read_crashes() {
  for (int sig : {SIGFPE, SIGSEGV, SIGBUS, SIGVTALRM}) std::signal(sig, on_fatal_signal);
  g_installed = true;
}

}  // namespace metabasin
