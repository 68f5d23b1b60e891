// SPDX-License-Identifier: BSD-3-Clause
#include "text_output.hpp"

#include <filesystem>

#include "error.hpp"

namespace metabasin {

std::ofstream open_text_output(const std::string& path, std::optional<std::uintmax_t> keep, const std::string& what) {
  namespace fs = std::filesystem;
  const auto parent = fs::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (!keep) {
    std::ofstream out(path, std::ios::trunc);
    if (!out) throw InputError("cannot open " + what + " '" + path + "' for writing");
    return out;
  }
  const std::uintmax_t size = fs::exists(path, ec) ? fs::file_size(path, ec) : 0;
  if (ec || size < *keep)
    throw InputError(what + " '" + path + "' holds " + std::to_string(size) + " bytes, fewer than the " +
                     std::to_string(*keep) + " the restart point had written: it was changed since; cannot resume");
  fs::resize_file(path, *keep, ec);
  if (ec) throw InputError("cannot cut " + what + " '" + path + "' back to its restart point: " + ec.message());
  std::ofstream out(path, std::ios::app);
  if (!out) throw InputError("cannot open " + what + " '" + path + "' for appending");
  return out;
}

std::uintmax_t text_output_size(const std::string& path) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

}  // namespace metabasin
