// SPDX-License-Identifier: BSD-3-Clause
#include "command_line.hpp"

#include <algorithm>
#include <cmath>
#include <limits>


namespace metabasin {

namespace {

bool listed(const std::vector<std::string>& list, const std::string& word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

std::string plural(std::size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

CommandLine::CommandLine(const CommandSyntax& syntax, const std::vector<std::string>& args) : syntax_(syntax) {
  if (listed(args, "--help") || listed(args, "-h")) {
    help_ = true;
    return;
  }
  const std::string& cmd = syntax.command;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (listed(syntax.flags, a)) {
      values_[a].push_back("");
    } else if (listed(syntax.valued, a)) {
      if (i + 1 >= args.size()) throw UsageError(cmd + ": option " + a + " needs a value");
      values_[a].push_back(args[++i]);
    } else if (a.size() > 1 && a[0] == '-' && !std::isdigit(static_cast<unsigned char>(a[1])) && a[1] != '.') {
      throw UsageError(cmd + ": unknown option '" + a + "' (" + cmd + " --help lists them)");
    } else {
      positionals_.push_back(a);
    }
  }
  if (positionals_.size() < syntax.min_positionals || positionals_.size() > syntax.max_positionals) {
    const std::string want = syntax.min_positionals == syntax.max_positionals
                                 ? plural(syntax.min_positionals, "argument")
                                 : std::to_string(syntax.min_positionals) + " to " +
                                       plural(syntax.max_positionals, "argument");
    throw UsageError(cmd + ": expected " + want + " besides options, got " + std::to_string(positionals_.size()) +
                     " (" + cmd + " --help shows the usage)");
  }
}

std::string CommandLine::text(const std::string& option, const std::string& fallback) const {
  const auto it = values_.find(option);
  return it == values_.end() ? fallback : it->second.back();
}

std::vector<std::string> CommandLine::all(const std::string& option) const {
  const auto it = values_.find(option);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

double CommandLine::real(const std::string& option, double fallback) const {
  if (!has(option)) return fallback;
  return finite_number(option, text(option));
}

std::vector<double> CommandLine::reals(const std::string& option) const {
  std::vector<double> out;
  for (const std::string& v : all(option)) out.push_back(finite_number(option, v));
  return out;
}

double CommandLine::finite_number(const std::string& option, const std::string& v) const {
  try {
    std::size_t used = 0;
    const double x = std::stod(v, &used);
    if (used == v.size() && std::isfinite(x)) return x;
  } catch (const std::exception&) {
  }
  throw UsageError(syntax_.command + ": option " + option + " needs a finite number, got '" + v + "'");
}

double CommandLine::positive_real(const std::string& option, double fallback) const {
  const double x = real(option, fallback);
  if (has(option) && !(x > 0.0))
    throw UsageError(syntax_.command + ": option " + option + " must be positive, got '" + text(option) + "'");
  return x;
}

namespace {

bool parse_index(const std::string& v, std::size_t& out) {
  if (v.empty() || v.size() > 18 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  out = static_cast<std::size_t>(std::stoull(v));
  return true;
}

}  // namespace

std::size_t CommandLine::index(const std::string& option, std::size_t fallback) const {
  if (!has(option)) return fallback;
  std::size_t k = 0;
  if (!parse_index(text(option), k))
    throw UsageError(syntax_.command + ": option " + option + " needs a non-negative integer, got '" + text(option) +
                     "'");
  return k;
}

std::size_t CommandLine::positional_index(std::size_t i, const std::string& what) const {
  std::size_t k = 0;
  if (!parse_index(positional(i), k))
    throw UsageError(syntax_.command + ": " + what + " must be a non-negative integer, got '" + positional(i) + "'");
  return k;
}

}  // namespace metabasin
