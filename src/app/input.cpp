// SPDX-License-Identifier: BSD-3-Clause
#include "input.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "error.hpp"
#include "input_schema.hpp"

namespace metabasin {

namespace {

std::string section_of(const std::string& key) {
  const auto dot = key.find('.');
  return dot == std::string::npos ? "" : key.substr(0, dot);
}

std::string describe(const YAML::Node& n) {
  if (n.IsScalar()) return "'" + n.Scalar() + "'";
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a mapping";
  return "nothing";  // a key with no value
}

template <class V>
bool convert_scalar(const YAML::Node& n, V& out) {
  if (!n.IsScalar()) return false;
  try {
    out = n.as<V>();
    return true;
  } catch (const YAML::Exception&) {
    return false;
  }
}

}  // namespace

Input Input::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError("input file '" + path + "' cannot be opened");
  std::stringstream ss;
  ss << in.rdbuf();
  const auto dir = std::filesystem::path(path).parent_path().string();
  return parse(ss.str(), path, dir.empty() ? "." : dir);
}

Input Input::parse(const std::string& text, const std::string& name, const std::string& base_dir) {
  Input in;
  in.name_ = name;
  in.base_dir_ = base_dir;
  try {
    in.root_ = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw InputError("input file '" + name + "' is not valid YAML: line " + std::to_string(e.mark.line + 1) +
                     ", column " + std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  if (!in.root_.IsMap())
    throw InputError("input file '" + name + "' must be a YAML mapping of sections (system:, potential:, task:, ...), got " +
                     (in.root_.IsNull() || !in.root_.IsDefined() ? std::string("an empty document") : describe(in.root_)));
  in.validate();
  return in;
}

namespace {
/// yaml-cpp keeps both entries of a repeated key; a user almost never means that.
void reject_duplicate_keys(const YAML::Node& map, const std::string& where, const std::string& file) {
  std::set<std::string> seen;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar())
      throw InputError("input file '" + file + "': " + (where.empty() ? std::string("the top level") : "'" + where + "'") +
                       " has a key that is " + describe(kv.first) + ", not a name");
    const std::string k = kv.first.Scalar();
    if (!seen.insert(k).second)
      throw InputError("input file '" + file + "': key '" + (where.empty() ? k : where + "." + k) + "' is given twice");
    if (kv.second.IsMap()) reject_duplicate_keys(kv.second, where.empty() ? k : where + "." + k, file);
    if (kv.second.IsSequence())
      for (std::size_t i = 0; i < kv.second.size(); ++i)
        if (kv.second[i].IsMap())
          reject_duplicate_keys(kv.second[i], (where.empty() ? k : where + "." + k) + "[" + std::to_string(i) + "]",
                                file);
  }
}
}  // namespace

void Input::validate() const {
  reject_duplicate_keys(root_, "", name_);
  std::set<std::string> sections;
  for (const auto& o : input_schema())
    if (!section_of(o.key).empty()) sections.insert(section_of(o.key));
  for (const auto& top : root_) {
    const std::string k = top.first.as<std::string>();
    if (sections.count(k)) {
      if (!top.second.IsMap())
        throw InputError("input file '" + name_ + "': section '" + k + "' must be a mapping of keys");
      for (const auto& sub : top.second) {
        const std::string full = k + "." + sub.first.as<std::string>();
        if (!find_option(full)) throw InputError("input file '" + name_ + "': unknown key '" + full + "'");
      }
    } else if (!find_option(k)) {
      throw InputError("input file '" + name_ + "': unknown key '" + k + "'");
    }
  }
  for (const auto& o : input_schema()) {
    const YAML::Node n = node(o.key);
    if (!n) {
      if (o.required) throw InputError("input file '" + name_ + "': missing required key '" + o.key + "'");
      continue;
    }
    check_value(o, n);
  }
}

namespace {
bool finite_number(const YAML::Node& n) {
  double v;
  return convert_scalar(n, v) && std::isfinite(v);
}
bool integer(const YAML::Node& n) {
  long v;
  return convert_scalar(n, v);
}
bool non_empty_string(const YAML::Node& n) {
  std::string s;
  return convert_scalar(n, s) && !s.empty();
}
}  // namespace

// A list key names its bad element with its index and value ("sweep.rates[0]: expected a
// finite number, got '.nan'"), not just "got a list".
void Input::check_value(const OptionSpec& o, const YAML::Node& n) const {
  auto reject = [&](const std::string& where, const std::string& expected, const YAML::Node& got) {
    throw InputError("input file '" + name_ + "': " + where + ": expected " + expected + ", got " + describe(got));
  };
  auto check_list = [&](const std::string& expected, auto&& element_ok) {
    if (!n.IsSequence() || n.size() == 0) reject(o.key, "a non-empty list of " + expected, n);
    for (std::size_t k = 0; k < n.size(); ++k)
      if (!element_ok(n[k])) reject(o.key + "[" + std::to_string(k) + "]", expected, n[k]);
  };
  auto out_of_range = [&]() {
    throw InputError("input file '" + name_ + "': key '" + o.key + "' must be " + o.range.describe() + ", got " +
                     describe(n));
  };
  switch (o.type) {
    case OptionType::String:
    case OptionType::Path: {
      if (!non_empty_string(n)) reject(o.key, "a non-empty string", n);
      const std::string s = n.Scalar();
      if (!o.choices.empty() && std::find(o.choices.begin(), o.choices.end(), s) == o.choices.end()) {
        std::string list;
        for (const auto& c : o.choices) list += (list.empty() ? "" : ", ") + c;
        throw InputError("input file '" + name_ + "': key '" + o.key + "' is '" + s + "'; allowed: " + list);
      }
      break;
    }
    case OptionType::Integer:
      if (!integer(n)) reject(o.key, "an integer", n);
      if (!o.range.contains(static_cast<double>(n.as<long>()))) out_of_range();
      break;
    case OptionType::Real:
      if (!finite_number(n)) reject(o.key, "a finite number", n);
      if (!o.range.contains(n.as<double>())) out_of_range();
      break;
    case OptionType::Boolean: {
      bool v;
      if (!convert_scalar(n, v)) reject(o.key, "true or false", n);
      break;
    }
    case OptionType::StringList:
      check_list("non-empty strings", non_empty_string);
      break;
    case OptionType::IntegerList:
      check_list("integers", integer);
      break;
    case OptionType::RealList:
      check_list("finite numbers", finite_number);
      break;
    case OptionType::Boundary: {
      if (!n.IsSequence() || n.size() != 3) reject(o.key, "a list of three of p or f", n);
      for (std::size_t k = 0; k < 3; ++k) {
        std::string s;
        if (!convert_scalar(n[k], s) || (s != "p" && s != "f"))
          reject(o.key + "[" + std::to_string(k) + "]", "p or f", n[k]);
      }
      break;
    }
    case OptionType::PairList:
      if (!n.IsSequence() || n.size() == 0) reject(o.key, "a non-empty list of {types, epsilon, sigma, cutoff} entries", n);
      for (std::size_t k = 0; k < n.size(); ++k) check_pair_entry(o.key + "[" + std::to_string(k) + "]", n[k]);
      break;
  }
}

void Input::check_pair_entry(const std::string& where, const YAML::Node& e) const {
  auto reject = [&](const std::string& at, const std::string& expected, const YAML::Node& got) {
    throw InputError("input file '" + name_ + "': " + at + ": expected " + expected + ", got " + describe(got));
  };
  if (!e.IsMap()) reject(where, "a mapping {types, epsilon, sigma, cutoff}", e);
  for (const auto& kv : e) {
    const std::string sub = kv.first.Scalar();
    if (sub != "types" && sub != "epsilon" && sub != "sigma" && sub != "cutoff")
      throw InputError("input file '" + name_ + "': unknown key '" + where + "." + sub + "'");
  }
  const auto t = e["types"];
  if (!t) throw InputError("input file '" + name_ + "': missing key '" + where + ".types'");
  if (!t.IsSequence() || t.size() != 2) reject(where + ".types", "a list of two element names", t);
  for (std::size_t j = 0; j < 2; ++j)
    if (!non_empty_string(t[j])) reject(where + ".types[" + std::to_string(j) + "]", "an element name", t[j]);
  for (const char* num : {"epsilon", "sigma", "cutoff"}) {
    if (!e[num]) throw InputError("input file '" + name_ + "': missing key '" + where + "." + num + "'");
    if (!finite_number(e[num])) reject(where + "." + num, "a finite number", e[num]);
  }
}

YAML::Node Input::node(const std::string& key) const {
  const std::string sec = section_of(key);
  if (sec.empty()) return root_[key];
  const YAML::Node s = root_[sec];
  if (!s) return YAML::Node(YAML::NodeType::Undefined);
  return s[key.substr(sec.size() + 1)];
}

bool Input::has(const std::string& key) const { return static_cast<bool>(node(key)); }

namespace {
std::string canonical_text(const YAML::Node& n) {
  if (n.IsScalar()) return n.Scalar();
  std::string out;
  if (n.IsSequence()) {
    for (const YAML::Node& e : n) out += (out.empty() ? "" : ", ") + canonical_text(e);
    return "[" + out + "]";
  }
  if (!n.IsMap()) return "~";
  std::map<std::string, std::string> entries;
  for (const auto& kv : n) entries[kv.first.Scalar()] = canonical_text(kv.second);
  for (const auto& [k, v] : entries) out += (out.empty() ? "" : ", ") + k + ": " + v;
  return "{" + out + "}";
}
}  // namespace

std::string Input::section_text(const std::string& section, const std::vector<std::string>& leave_out) const {
  YAML::Node copy = YAML::Clone(root_[section]);
  for (const std::string& k : leave_out)
    if (copy.IsMap()) copy.remove(k);
  return section + ": " + canonical_text(copy);
}

namespace {
const OptionSpec& spec_of(const std::string& key) {
  const OptionSpec* o = find_option(key);
  if (!o) throw std::logic_error("option '" + key + "' is not in the schema");
  return *o;
}
}  // namespace

std::string Input::get_string(const std::string& key) const {
  const auto& o = spec_of(key);
  const auto n = node(key);
  if (n) return n.as<std::string>();
  if (o.default_value.empty()) throw InputError("input file '" + name_ + "': key '" + key + "' is required here");
  return o.default_value;
}

long Input::get_int(const std::string& key) const {
  const auto n = node(key);
  return n ? n.as<long>() : std::stol(get_string(key));
}

double Input::get_real(const std::string& key) const {
  const auto n = node(key);
  return n ? n.as<double>() : std::stod(get_string(key));
}

double Input::get_positive(const std::string& key) const {
  if (!has(key) && spec_of(key).default_value.empty())
    throw InputError("key '" + key + "' is required for task " + get_string("task"));
  const double v = get_real(key);
  if (!(v > 0.0))
    throw InputError("key '" + key + "' must be positive, got " + (has(key) ? node(key).Scalar() : std::to_string(v)));
  return v;
}

bool Input::get_bool(const std::string& key) const {
  const auto n = node(key);
  return n ? n.as<bool>() : get_string(key) == "true";
}

std::string Input::get_path(const std::string& key) const {
  const std::string p = get_string(key);
  // Everything a run writes (a restart file too) lands in the current directory in short mode.
  if (short_ && (key.rfind("output.", 0) == 0 || key == "sweep.directory" || key == "shear.restart"))
    return std::filesystem::path(p).filename().string();
  if (std::filesystem::path(p).is_absolute()) return p;
  return (std::filesystem::path(base_dir_) / p).lexically_normal().string();
}

YAML::Node Input::required_node(const std::string& key) const {
  const auto n = node(key);
  if (!n) throw InputError("input file '" + name_ + "': key '" + key + "' is required here");
  return n;
}

namespace {

// The elements of a YAML sequence as T (the schema has checked their type).
template <class T>
std::vector<T> sequence_of(const YAML::Node& n) {
  std::vector<T> v;
  for (const auto& e : n) v.push_back(e.as<T>());
  return v;
}

}  // namespace

std::vector<std::string> Input::get_strings(const std::string& key) const {
  return sequence_of<std::string>(required_node(key));
}

std::vector<long> Input::get_ints(const std::string& key) const { return sequence_of<long>(required_node(key)); }

std::vector<double> Input::get_reals(const std::string& key) const { return sequence_of<double>(required_node(key)); }

std::array<bool, 3> Input::get_boundary(const std::string& key) const {
  const auto n = node(key);
  std::array<bool, 3> p{true, true, true};
  if (n)
    for (int d = 0; d < 3; ++d) p[d] = n[d].as<std::string>() == "p";
  return p;
}

std::vector<LJPair> Input::get_pairs(const std::string& key) const {
  const auto n = node(key);
  if (!n) throw InputError("input file '" + name_ + "': key '" + key + "' is required for this potential style");
  std::vector<LJPair> pairs;
  for (const auto& e : n)
    pairs.push_back({e["types"][0].as<std::string>(), e["types"][1].as<std::string>(), e["epsilon"].as<double>(),
                     e["sigma"].as<double>(), e["cutoff"].as<double>()});
  return pairs;
}

}  // namespace metabasin
