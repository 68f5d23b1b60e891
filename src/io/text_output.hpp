// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Opening the text outputs (tables, dumps, extended XYZ): fresh, or cut back to what a
// restart point had written and appended to, so a resumed run's files read as one run.
#include <cstdint>
#include <fstream>
#include <optional>
#include <string>

namespace metabasin {

/// Opens `path` for writing, creating its directory. Without `keep` the file is emptied.
/// With `keep` it must exist and hold at least that many bytes; it is cut there and opened
/// for appending. `what` names the file in errors ("table", "dump file", ...).
std::ofstream open_text_output(const std::string& path, std::optional<std::uintmax_t> keep, const std::string& what);

/// Bytes in `path` (0 when it does not exist); the restart point of a flushed text output.
std::uintmax_t text_output_size(const std::string& path);

}  // namespace metabasin
