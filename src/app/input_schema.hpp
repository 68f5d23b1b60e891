// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Every option of an input file, its type, default and meaning, in one table. The parser
// validates against it, accessors take defaults from it, and `metabasin schema` prints it
// (docs/input.md is generated from that output and a test keeps the two equal).
#include <optional>
#include <string>
#include <vector>

namespace metabasin {

enum class OptionType { String, Integer, Real, Boolean, Path, StringList, IntegerList, RealList, Boundary, PairList };

/// The values a number option may take: an interval whose ends may be open or absent. The
/// parser rejects a value outside it, naming the key, so no task re-checks a single key.
struct ValueRange {
  std::optional<double> min, max;
  bool min_open = false, max_open = false;
  bool contains(double v) const;
  /// "positive", "at least 1", "not negative", "negative", or "in [a, b]".
  std::string describe() const;
};

struct OptionSpec {
  std::string key;  // "section.name", or "name" at top level
  OptionType type;
  std::string default_value;  // empty: no default
  bool required;
  std::string doc;
  std::vector<std::string> choices;  // allowed values of a String option, empty = any
  ValueRange range{};                // allowed values of an Integer or Real option (set from kRanges)
};

const std::vector<OptionSpec>& input_schema();
/// The task names, from the one list of tasks (task_style.hpp): the choices of key `task`.
std::vector<std::string> task_names();
const OptionSpec* find_option(const std::string& key);
std::string type_name(OptionType t);
/// The schema as Markdown (the content of docs/input.md).
std::string schema_markdown();

}  // namespace metabasin
