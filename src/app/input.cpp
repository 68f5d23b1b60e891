// SPDX-License-Identifier: BSD-3-Clause
#include "input.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
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
  return "nothing";
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
  if (!in.root_.IsMap()) throw InputError("input file '" + name + "' must be a YAML mapping of sections");
  in.validate();
  return in;
}

Input Input::with(const std::string& key, const std::string& yaml_value) const {
  Input out = *this;
  out.root_ = YAML::Clone(root_);
  const auto dot = key.find('.');
  if (dot == std::string::npos) {
    if (yaml_value.empty()) out.root_.remove(key);
    else out.root_[key] = YAML::Load(yaml_value);
  } else {
    const std::string section = key.substr(0, dot), sub = key.substr(dot + 1);
    if (yaml_value.empty()) {
      if (out.root_[section]) out.root_[section].remove(sub);
    } else {
      if (!out.root_[section]) out.root_[section] = YAML::Node(YAML::NodeType::Map);
      out.root_[section][sub] = YAML::Load(yaml_value);
    }
  }
  out.validate();
  return out;
}

namespace {
/// yaml-cpp keeps both entries of a repeated key; a user almost never means that.
void reject_duplicate_keys(const YAML::Node& map, const std::string& where, const std::string& file) {
  std::set<std::string> seen;
  for (const auto& kv : map) {
    // YAML allows a list or a mapping as a key ("[a, b]: 1"); no option is named that way.
    if (!kv.first.IsScalar())
      throw InputError("input file '" + file + "': a key " + (where.empty() ? "" : "in '" + where + "' ") + "is " +
                       describe(kv.first) + ", not a name");
    const std::string k = kv.first.as<std::string>();
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
    auto bad = [&](const std::string& expected) {
      throw InputError("input file '" + name_ + "': key '" + o.key + "' must be " + expected + ", got " + describe(n));
    };
    switch (o.type) {
      case OptionType::String:
      case OptionType::Path: {
        std::string s;
        if (!convert_scalar(n, s) || s.empty()) bad("a non-empty string");
        if (!o.choices.empty() && std::find(o.choices.begin(), o.choices.end(), s) == o.choices.end()) {
          std::string list;
          for (const auto& c : o.choices) list += (list.empty() ? "" : ", ") + c;
          throw InputError("input file '" + name_ + "': key '" + o.key + "' is '" + s + "'; allowed: " + list);
        }
        break;
      }
      case OptionType::Integer: {
        long v;
        if (!convert_scalar(n, v)) bad("an integer");
        break;
      }
      case OptionType::Real: {
        double v;
        if (!convert_scalar(n, v) || !std::isfinite(v)) bad("a number");
        break;
      }
      case OptionType::Boolean: {
        bool v;
        if (!convert_scalar(n, v)) bad("true or false");
        break;
      }
      case OptionType::StringList:
        if (!n.IsSequence() || n.size() == 0) bad("a non-empty list of strings");
        for (const auto& e : n) {
          std::string s;
          if (!convert_scalar(e, s) || s.empty()) bad("a list of strings");
        }
        break;
      case OptionType::IntegerList:
        if (!n.IsSequence() || n.size() == 0) bad("a non-empty list of integers");
        for (const auto& e : n) {
          long v;
          if (!convert_scalar(e, v)) bad("a list of integers");
        }
        break;
      case OptionType::RealList:
        if (!n.IsSequence() || n.size() == 0) bad("a non-empty list of numbers");
        for (const auto& e : n) {
          double v;
          if (!convert_scalar(e, v) || !std::isfinite(v)) bad("a list of numbers");
        }
        break;
      case OptionType::Boundary:
        if (!n.IsSequence() || n.size() != 3) bad("a list of three of p or f");
        for (const auto& e : n) {
          std::string s;
          if (!convert_scalar(e, s) || (s != "p" && s != "f")) bad("a list of three of p or f");
        }
        break;
      case OptionType::PairList:
        if (!n.IsSequence() || n.size() == 0) bad("a non-empty list of {types, epsilon, sigma, cutoff} entries");
        for (std::size_t k = 0; k < n.size(); ++k) {
          const auto e = n[k];
          const std::string where = o.key + "[" + std::to_string(k) + "]";
          if (!e.IsMap()) throw InputError("input file '" + name_ + "': '" + where + "' must be a mapping");
          for (const auto& kv : e) {
            const std::string sub = kv.first.as<std::string>();
            if (sub != "types" && sub != "epsilon" && sub != "sigma" && sub != "cutoff")
              throw InputError("input file '" + name_ + "': unknown key '" + where + "." + sub + "'");
          }
          const auto t = e["types"];
          if (!t || !t.IsSequence() || t.size() != 2 || !t[0].IsScalar() || !t[1].IsScalar())
            throw InputError("input file '" + name_ + "': '" + where + ".types' must list two elements");
          for (const char* num : {"epsilon", "sigma", "cutoff"}) {
            double v;
            if (!e[num]) throw InputError("input file '" + name_ + "': missing key '" + where + "." + num + "'");
            if (!convert_scalar(e[num], v) || !std::isfinite(v))
              throw InputError("input file '" + name_ + "': key '" + where + "." + num + "' must be a number");
          }
        }
        break;
    }
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
  if (!(v > 0.0)) throw InputError("key '" + key + "' must be positive, got " + node(key).as<std::string>());
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
