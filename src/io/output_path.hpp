// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The rules every output file obeys: it never overwrites one of the run's inputs, and it
// never silently replaces a file of another kind. Checked before any work is done.
#include <string>
#include <vector>

namespace metabasin {

/// True when `a` and `b` name the same file (by identity when both exist, else by their
/// normalised absolute paths).
bool same_file(const std::string& a, const std::string& b);

/// Throws InputError naming `what` and the file when `out` is the same file as one of
/// `inputs` (by path and, when both exist, by identity: links and "./" spellings too).
void refuse_output_over_input(const std::string& out, const std::vector<std::string>& inputs, const std::string& what);

/// Throws InputError when `out` exists and `force` is false: a command that writes a file
/// the user named never replaces an existing one unless asked (--force).
void refuse_existing_output(const std::string& out, bool force, const std::string& what);

/// Writes through `path + ".tmp"` and a rename, so an interrupted write leaves either the old
/// file or the new one, never half of one. `write` fills the temporary file.
template <class Write>
void write_atomically(const std::string& path, Write&& write);

/// `text` written to `path` through write_atomically; an error naming the file when it fails.
void write_text_atomically(const std::string& path, const std::string& text);

/// The rename step of write_atomically, an error naming both files when it fails.
void replace_file(const std::string& tmp, const std::string& path);

template <class Write>
void write_atomically(const std::string& path, Write&& write) {
  const std::string tmp = path + ".tmp";
  write(tmp);
  replace_file(tmp, path);
}

}  // namespace metabasin
