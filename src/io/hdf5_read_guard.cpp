// SPDX-License-Identifier: BSD-3-Clause
#include "hdf5_read_guard.hpp"

#include <csignal>
#include <algorithm>
#include <cstring>
#include <unistd.h>

namespace metabasin {

namespace {

// Only what a signal handler may touch: a fixed buffer and a flag.
char g_path[1024];
volatile std::sig_atomic_t g_depth = 0;

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
  const char* name = sig == SIGFPE ? "SIGFPE" : sig == SIGSEGV ? "SIGSEGV" : "SIGBUS";
  write_all(2, "metabasin: error: HDF5 file '");
  write_all(2, g_path);
  write_all(2, "' is corrupt: the HDF5 library failed reading it (");
  write_all(2, name);
  write_all(2, ")\n");
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
  }
  g_depth = g_depth + 1;
}

Hdf5ReadGuard::~Hdf5ReadGuard() { g_depth = g_depth - 1; }

void report_hdf5_read_crashes() {
  for (int sig : {SIGFPE, SIGSEGV, SIGBUS}) std::signal(sig, on_fatal_signal);
}

}  // namespace metabasin
