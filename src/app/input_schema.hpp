// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Every option of an input file, its type, default and meaning, in one table. The parser
// validates against it, accessors take defaults from it, and `metabasin schema` prints it
// (docs/input.md is generated from that output and a test keeps the two equal).
#include <string>
#include <vector>

namespace metabasin {

enum class OptionType { String, Integer, Real, Boolean, Path, StringList, IntegerList, RealList, Boundary, PairList };

struct OptionSpec {
  std::string key;  // "section.name", or "name" at top level
  OptionType type;
  std::string default_value;  // empty: no default
  bool required;
  std::string doc;
  std::vector<std::string> choices;  // allowed values of a String option, empty = any
};

const std::vector<OptionSpec>& input_schema();
const OptionSpec* find_option(const std::string& key);
std::string type_name(OptionType t);
/// The schema as Markdown (the content of docs/input.md).
std::string schema_markdown();

}  // namespace metabasin
