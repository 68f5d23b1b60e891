// SPDX-License-Identifier: BSD-3-Clause
#include "output_path.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "error.hpp"

namespace metabasin {

namespace fs = std::filesystem;

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec) && !ec;
  const fs::path pa = fs::weakly_canonical(a, ec), pb = fs::weakly_canonical(b, ec);
  return !ec && pa == pb;
}

void refuse_output_over_input(const std::string& out, const std::vector<std::string>& inputs, const std::string& what) {
  for (const std::string& in : inputs)
    if (same_file(out, in))
      throw InputError(what + " '" + out + "' is also an input ('" + in + "'); choose another output file");
}

void refuse_existing_output(const std::string& out, bool force, const std::string& what) {
  std::error_code ec;
  if (!force && fs::exists(out, ec))
    throw InputError(what + " '" + out + "' exists; remove it or pass --force to replace it");
}

void write_text_atomically(const std::string& path, const std::string& text) {
  write_atomically(path, [&](const std::string& tmp) {
    std::ofstream o(tmp, std::ios::trunc);
    o << text;
    o.flush();
    if (!o) throw InputError("cannot write '" + tmp + "'");
  });
}

void replace_file(const std::string& tmp, const std::string& path) {
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw InputError("cannot move '" + tmp + "' to '" + path + "'");
}

}  // namespace metabasin
