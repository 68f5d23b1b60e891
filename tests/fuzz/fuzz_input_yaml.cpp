// SPDX-License-Identifier: BSD-3-Clause
// Input files: YAML parsing, schema validation, then every typed accessor on every key the
// file sets (validation promises that they succeed).
#include <cstdint>

#include "fuzz_common.hpp"
#include "input.hpp"
#include "input_schema.hpp"

using namespace metabasin;

namespace {

void read_every_key(const Input& in) {
  for (const OptionSpec& o : input_schema()) {
    if (!in.has(o.key)) continue;
    switch (o.type) {
      case OptionType::String: in.get_string(o.key); break;
      case OptionType::Path: in.get_path(o.key); break;
      case OptionType::Integer: in.get_int(o.key); break;
      case OptionType::Real: in.get_real(o.key); break;
      case OptionType::Boolean: in.get_bool(o.key); break;
      case OptionType::StringList: in.get_strings(o.key); break;
      case OptionType::IntegerList: in.get_ints(o.key); break;
      case OptionType::RealList: in.get_reals(o.key); break;
      case OptionType::Boundary: in.get_boundary(o.key); break;
      case OptionType::PairList: in.get_pairs(o.key); break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string path = fuzz::write_bytes(data, size, "input.yaml");
  fuzz::expect_clean(path, [&] { read_every_key(Input::load(path)); });
  return 0;
}
