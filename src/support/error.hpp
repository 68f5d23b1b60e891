// SPDX-License-Identifier: BSD-3-Clause
#pragma once
#include <stdexcept>
#include <string>

namespace metabasin {

/// A problem with what the user gave us (input file, data file, table). The message is one
/// sentence naming the key or file and what is wrong; the CLI prints it and exits non-zero.
struct InputError : std::runtime_error {
  explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace metabasin
