// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// What every reader harness shares: the fuzzed bytes become a file (the readers take paths,
// as users give them), and the verdict on one run. An InputError that names the file is the
// normal outcome for bad bytes; any other exception, or an InputError that does not say which
// file is wrong, is a finding and aborts so that libFuzzer saves the input.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>
#include <typeinfo>

#include "error.hpp"

namespace metabasin::fuzz {

/// A per-process scratch file named `name` (RAM-backed /dev/shm when there is one).
inline std::string scratch_path(const std::string& name) {
  const char* dir = std::getenv("METABASIN_FUZZ_TMP");
  std::string base = dir ? dir : (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
  return base + "/metabasin-fuzz-" + std::to_string(getpid()) + "-" + name;
}

inline std::string write_bytes(const uint8_t* data, std::size_t size, const std::string& name) {
  const std::string path = scratch_path(name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) {
    std::fprintf(stderr, "fuzz harness: cannot write scratch file %s\n", path.c_str());
    std::abort();
  }
  return path;
}

[[noreturn]] inline void finding(const char* kind, const std::string& what) {
  std::fprintf(stderr, "\n==== FINDING: %s: %s\n", kind, what.c_str());
  std::abort();
}

/// Runs one read of `path`; see the file comment for what counts as a finding.
template <class Read>
void expect_clean(const std::string& path, Read&& read) {
  try {
    read();
  } catch (const InputError& e) {
    const std::string msg = e.what();
    if (msg.find(path) == std::string::npos) finding("InputError not naming the file", msg);
  } catch (const std::exception& e) {
    finding(typeid(e).name(), e.what());
  } catch (...) {
    finding("non-std exception", "(unknown)");
  }
}

}  // namespace metabasin::fuzz
