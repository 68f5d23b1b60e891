// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// A validated input file: YAML parsed, checked against input_schema(), with typed access
// to every option (defaults come from the schema).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "input_schema.hpp"
#include "pair_lj.hpp"

namespace metabasin {

class Input {
 public:
  /// Parses and validates `path`; throws InputError naming the file or key on any problem.
  static Input load(const std::string& path);
  /// Same, from YAML text; `base_dir` resolves relative paths.
  static Input parse(const std::string& text, const std::string& name, const std::string& base_dir);

  bool has(const std::string& key) const;
  std::string get_string(const std::string& key) const;
  long get_int(const std::string& key) const;
  double get_real(const std::string& key) const;
  /// A number that must be > 0; InputError naming the key otherwise (or when required and absent).
  double get_positive(const std::string& key) const;
  bool get_bool(const std::string& key) const;
  /// A path option, resolved relative to the input file's directory.
  std::string get_path(const std::string& key) const;
  std::vector<std::string> get_strings(const std::string& key) const;
  std::vector<long> get_ints(const std::string& key) const;
  std::vector<double> get_reals(const std::string& key) const;
  std::array<bool, 3> get_boundary(const std::string& key) const;
  std::vector<LJPair> get_pairs(const std::string& key) const;
  const std::string& name() const { return name_; }
  /// The keys given in `section` and their values as one canonical line (keys sorted, flow
  /// style), those in `leave_out` left out: two inputs that ask the same of a section give
  /// the same text.
  std::string section_text(const std::string& section, const std::vector<std::string>& leave_out = {}) const;

  /// Short mode checks that an input runs: MD phases are capped at kShortSteps steps,
  /// minimizations at kShortIterations, art tasks at kShortSearches searches, metadynamics at
  /// 3 strain steps, kmc at 2 strain windows, kShortKmcSteps steps, kShortSearches runs per
  /// search and one search_time round, ABC at 20 penalties, sweeps at their fastest and
  /// slowest points; output.* and sweep.directory
  /// files go to the current directory
  /// (by file name) so the input's own results are never overwritten.
  void set_short_mode(bool on) { short_ = on; }
  bool short_mode() const { return short_; }
  long cap_steps(long steps) const { return short_ ? std::min(steps, kShortSteps) : steps; }
  static constexpr long kShortSteps = 200;
  static constexpr long kShortIterations = 1500;
  static constexpr long kShortSearches = 2;  // saddle searches of an art task, runs of a kmc search
  static constexpr long kShortKmcSteps = 50;

 private:
  YAML::Node root_;
  std::string name_, base_dir_;
  bool short_ = false;
  YAML::Node node(const std::string& key) const;
  YAML::Node required_node(const std::string& key) const;  // InputError naming the key when absent
  void validate() const;
  void check_value(const OptionSpec& o, const YAML::Node& n) const;  // InputError naming key[index]
  void check_pair_entry(const std::string& where, const YAML::Node& entry) const;
};

}  // namespace metabasin
