// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// libhdf5 1.10 itself divides by zero (SIGFPE, H5D__chunk_set_info) or follows wild offsets on
// some corrupt files, inside H5Fopen/H5Dopen, before it can return an error (found by
// tests/fuzz), or loops for ever in its global heap. While an HDF5 read is in progress, a fatal
// signal, or more user CPU time than the read could need (10 s + 1 s per 8 MB of file), is
// reported as one sentence naming the file and the program exits 1, as for any other bad
// input, instead of dumping core or hanging.
#include <string>

namespace metabasin {

/// Marks an HDF5 read of `path` in progress for as long as it lives (nests).
class Hdf5ReadGuard {
 public:
  explicit Hdf5ReadGuard(const std::string& path);
  ~Hdf5ReadGuard();
  Hdf5ReadGuard(const Hdf5ReadGuard&) = delete;
  Hdf5ReadGuard& operator=(const Hdf5ReadGuard&) = delete;
};

/// Installs the handlers (SIGFPE, SIGSEGV, SIGBUS, SIGVTALRM for the CPU watchdog) once, at
/// program start; without them no watchdog is armed. Outside a guarded read they re-raise the
/// signal with its default action, so our own faults stay faults.
void report_hdf5_read_crashes();

}  // namespace metabasin
