// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The one parser of every command's arguments: positionals, valued options (--bin 0.05,
// repeatable), flags (--csv), and --help / -h anywhere. Errors name the command and the
// argument, as UsageError (an InputError), so the CLI prints them as every other bad input
// and exits with the usage status 2.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "error.hpp"

namespace metabasin {

/// A command line that does not fit its command's syntax: an unknown option, a missing value,
/// the wrong number of arguments, a value that is not a number.
struct UsageError : InputError {
  using InputError::InputError;
};

struct CommandSyntax {
  std::string command;               // "catalog spectrum", named in errors
  std::size_t min_positionals = 0;   // files and indices, in order
  std::size_t max_positionals = 0;
  std::vector<std::string> valued;   // options that take a value
  std::vector<std::string> flags;    // options without one
};

class CommandLine {
 public:
  /// Parses `args` (the words after the command's name). With --help or -h anywhere, nothing
  /// else is checked: help() is true.
  CommandLine(const CommandSyntax& syntax, const std::vector<std::string>& args);

  bool help() const { return help_; }
  const std::vector<std::string>& positionals() const { return positionals_; }
  const std::string& positional(std::size_t i) const { return positionals_.at(i); }
  bool has(const std::string& option) const { return values_.count(option) > 0; }
  /// The option's last value, or `fallback` when it was not given.
  std::string text(const std::string& option, const std::string& fallback = "") const;
  /// Every value the option was given, in order (repeatable options such as --xi).
  std::vector<std::string> all(const std::string& option) const;
  /// A finite number; an error naming the option otherwise.
  double real(const std::string& option, double fallback) const;
  /// Every value of a repeatable option as a finite number, in order (none when not given).
  std::vector<double> reals(const std::string& option) const;
  /// A positive number.
  double positive_real(const std::string& option, double fallback) const;
  /// A non-negative integer that fits in an index.
  std::size_t index(const std::string& option, std::size_t fallback) const;

  /// A positional word as a non-negative integer (a minimum or saddle index), named `what`.
  std::size_t positional_index(std::size_t i, const std::string& what) const;

 private:
  CommandSyntax syntax_;
  bool help_ = false;
  std::vector<std::string> positionals_;
  std::map<std::string, std::vector<std::string>> values_;
  double finite_number(const std::string& option, const std::string& value) const;
};

}  // namespace metabasin
