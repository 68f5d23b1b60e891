// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// libhdf5 1.10 itself divides by zero (SIGFPE, H5D__chunk_set_info) or follows wild offsets on
// some corrupt files, inside H5Fopen/H5Dopen, before it can return an error (found by
// tests/fuzz). While an HDF5 read is in progress, a fatal signal is reported as one sentence
// naming the file and the program exits 1, as for any other bad input, instead of dumping core.
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

/// Installs the handlers (SIGFPE, SIGSEGV, SIGBUS) once, at program start. Outside a guarded
/// read they re-raise the signal with its default action, so our own faults stay faults.
void report_hdf5_read_crashes();

}  // namespace metabasin
