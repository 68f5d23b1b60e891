// SPDX-License-Identifier: BSD-3-Clause
#include "lammps_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>
#include <vector>

#include "error.hpp"
#include "number_format.hpp"
#include "output_path.hpp"

namespace metabasin {

namespace {

// More types than any alloy model has; their type-pair tables stay small.
constexpr long kMaxAtomTypes = 10000;

std::string strip_comment(const std::string& s) {
  const auto hash = s.find('#');
  std::string t = hash == std::string::npos ? s : s.substr(0, hash);
  // All the whitespace split() separates words on: a line of only "\v" or "\f" is blank too.
  const char* const space = " \t\r\n\v\f";
  const auto b = t.find_first_not_of(space);
  if (b == std::string::npos) return "";
  const auto e = t.find_last_not_of(space);
  return t.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

class DataParser {
 public:
  explicit DataParser(const std::string& path) : path_(path), in_(path) {
    if (!in_) throw InputError("system.data '" + path + "' cannot be opened");
  }
  bool next(std::string& raw) {
    if (!std::getline(in_, raw)) return false;
    ++line_;
    return true;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError("data file '" + path_ + "' line " + std::to_string(line_) + ": " + what);
  }
  double number(const std::string& tok) const {
    try {
      std::size_t used = 0;
      const double d = std::stod(tok, &used);
      if (used != tok.size() || !std::isfinite(d)) throw std::invalid_argument(tok);
      return d;
    } catch (const std::exception&) {
      fail("'" + tok + "' is not a number");
    }
  }
  long integer(const std::string& tok) const {
    try {
      std::size_t used = 0;
      const long v = std::stol(tok, &used);
      if (used != tok.size()) throw std::invalid_argument(tok);
      return v;
    } catch (const std::exception&) {
      fail("'" + tok + "' is not an integer");
    }
  }
  /// Next non-blank line of a section body, split into words (comments dropped).
  std::vector<std::string> body_line(const char* section) {
    std::string raw;
    while (next(raw)) {
      const std::string s = strip_comment(raw);
      if (!s.empty()) return split(s);
    }
    fail(std::string("the ") + section + " section ends early");
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::ifstream in_;
  int line_ = 0;
};

bool ends_with(const std::vector<std::string>& w, const std::vector<std::string>& tail) {
  return w.size() >= tail.size() && std::equal(tail.rbegin(), tail.rend(), w.rbegin());
}

/// The section a keyword line opens, or "" for anything else. An Atoms section must be
/// atom_style atomic (LAMMPS writes the style as a comment after the keyword).
std::string section_keyword(const DataParser& p, const std::vector<std::string>& w, const std::string& raw) {
  std::string section;
  if (w[0] == "Masses" || w[0] == "Atoms" || w[0] == "Velocities")
    section = w[0];
  else if ((w[0] == "Pair" || w[0] == "PairIJ") && w.size() > 1 && w[1] == "Coeffs")
    section = w[0] + " Coeffs";
  if (section == "Atoms") {
    const auto hash = raw.find('#');
    if (hash != std::string::npos) {
      const auto style = split(raw.substr(hash + 1));
      if (!style.empty() && style[0] != "atomic")
        p.fail("Atoms section is atom_style " + style[0] + "; only atomic is supported");
    }
  }
  return section;
}

}  // namespace

Configuration read_lammps_data(const std::string& path, int dimension, const std::array<bool, 3>& periodic) {
  DataParser p(path);
  Configuration c;
  c.box.dimension = dimension;
  c.box.periodic = periodic;
  long natoms = -1;
  int ntypes = -1;
  double lo[3] = {0, 0, 0}, hi[3] = {0, 0, 0};
  bool have[3] = {false, false, false};
  std::string raw;
  p.next(raw);  // title line
  std::string section;
  // Header: counts and box, up to the first section keyword.
  while (p.next(raw)) {
    const std::string s = strip_comment(raw);
    if (s.empty()) continue;
    const auto w = split(s);
    if (ends_with(w, {"atoms"}) && w.size() == 2)
      natoms = p.integer(w[0]);
    else if (ends_with(w, {"atom", "types"}) && w.size() == 3) {
      // Per-type and per-pair tables are sized by it: a corrupt count must not size them.
      const long n = p.integer(w[0]);
      if (n < 1 || n > kMaxAtomTypes)
        p.fail("'" + w[0] + " atom types' is outside 1.." + std::to_string(kMaxAtomTypes));
      ntypes = static_cast<int>(n);
    }
    else if (w.size() == 4 && (w[2] == "xlo" || w[2] == "ylo" || w[2] == "zlo")) {
      const int d = w[2][0] - 'x';
      lo[d] = p.number(w[0]);
      hi[d] = p.number(w[1]);
      have[d] = true;
    } else if (ends_with(w, {"xy", "xz", "yz"}) && w.size() == 6) {
      c.box.xy = p.number(w[0]);
      c.box.xz = p.number(w[1]);
      c.box.yz = p.number(w[2]);
    } else if (w.size() == 2 && (w[1] == "bonds" || w[1] == "angles" || w[1] == "dihedrals" || w[1] == "impropers")) {
      if (p.integer(w[0]) != 0) p.fail("has " + w[1] + "; only atom_style atomic is supported");
    } else if (w.size() == 3 && w[2] == "types") {
      // bond/angle/dihedral/improper types: harmless when there are none of those
      p.integer(w[0]);
    } else if (std::isalpha(static_cast<unsigned char>(w[0][0]))) {
      section = section_keyword(p, w, raw);
      if (section.empty()) p.fail("unknown section or header line '" + s + "'");
      break;
    } else {
      p.fail("cannot read header line '" + s + "'");
    }
  }
  if (natoms < 0) p.fail("the header has no 'N atoms' line");
  if (ntypes < 1) p.fail("the header has no 'N atom types' line");
  for (int d = 0; d < 3; ++d) {
    if (!have[d])
      throw InputError("data file '" + path + "' has no " + std::string(1, char('x' + d)) + "lo " +
                       std::string(1, char('x' + d)) + "hi line");
    const std::string axis(1, char('x' + d));
    if (!(hi[d] > lo[d]))
      throw InputError("data file '" + path + "' has an empty box along " + axis + " (" + axis + "lo " +
                       shortest(lo[d]) + ", " + axis + "hi " + shortest(hi[d]) + ")");
    c.box.lo[d] = lo[d];
    c.box.len[d] = hi[d] - lo[d];
  }
  // A cell no matter fills (1e-12 A wide, 1e300 A long, an overflowing tilt) would give
  // stresses of 1e14 GPa or 0 without a word: refuse it here, naming the value.
  if (const std::string defect = cell_defect(c.box, static_cast<std::size_t>(natoms)); !defect.empty())
    throw InputError("data file '" + path + "': " + defect);
  if (dimension == 2 && (c.box.xz != 0.0 || c.box.yz != 0.0))
    throw InputError("data file '" + path + "' has xz or yz tilt, which a 2D system cannot have");
  c.ntypes = ntypes;
  c.masses.assign(ntypes, 0.0);

  std::vector<long> ids;
  std::vector<int> types;
  std::vector<double> x, v;
  std::vector<int> image;
  std::map<long, std::array<double, 3>> velocities;
  bool have_atoms = false;
  while (!section.empty()) {
    if (section == "Masses") {
      for (int k = 0; k < ntypes; ++k) {
        const auto w = p.body_line("Masses");
        if (w.size() < 2) p.fail("a Masses line needs 'type mass'");
        const long t = p.integer(w[0]);
        if (t < 1 || t > ntypes) p.fail("Masses names type " + w[0] + " outside 1.." + std::to_string(ntypes));
        c.masses[t - 1] = p.number(w[1]);
        if (c.masses[t - 1] <= 0.0) p.fail("mass of type " + w[0] + " is not positive");
      }
    } else if (section == "Pair Coeffs") {
      // Coefficients written by LAMMPS write_data; the potential comes from the input file.
      for (int k = 0; k < ntypes; ++k) p.body_line("Pair Coeffs");
    } else if (section == "PairIJ Coeffs") {
      for (long k = 0; k < long{ntypes} * (ntypes + 1) / 2; ++k) p.body_line("PairIJ Coeffs");
    } else if (section == "Atoms") {
      have_atoms = true;
      for (long k = 0; k < natoms; ++k) {
        const auto w = p.body_line("Atoms");
        if (w.size() != 5 && w.size() != 8) p.fail("an atomic Atoms line needs 'id type x y z [ix iy iz]'");
        const long id = p.integer(w[0]);
        const long t = p.integer(w[1]);
        if (id < 1) p.fail("atom ID " + w[0] + " is not positive");
        if (t < 1 || t > ntypes) p.fail("atom " + w[0] + " has type " + w[1] + " outside 1.." + std::to_string(ntypes));
        ids.push_back(id);
        types.push_back(static_cast<int>(t));
        for (int d = 0; d < 3; ++d) x.push_back(p.number(w[2 + d]));
        for (int d = 0; d < 3; ++d) image.push_back(w.size() == 8 ? static_cast<int>(p.integer(w[5 + d])) : 0);
        if (dimension == 2 && x.back() != 0.0) p.fail("atom " + w[0] + " has z != 0 in a 2D system");
      }
    } else if (section == "Velocities") {
      for (long k = 0; k < natoms; ++k) {
        const auto w = p.body_line("Velocities");
        if (w.size() != 4) p.fail("a Velocities line needs 'id vx vy vz'");
        velocities[p.integer(w[0])] = {p.number(w[1]), p.number(w[2]), p.number(w[3])};
      }
    }
    section.clear();
    while (p.next(raw)) {
      const std::string s = strip_comment(raw);
      if (s.empty()) continue;
      section = section_keyword(p, split(s), raw);
      if (section.empty())
        p.fail("unexpected line '" + s + "' (more lines than the header announces, or an unknown section)");
      break;
    }
  }
  if (!have_atoms && natoms > 0) throw InputError("data file '" + path + "' has no Atoms section");

  // Sort by atom ID so that every output is in ID order.
  std::vector<std::size_t> order(ids.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ids[a] < ids[b]; });
  for (std::size_t k = 1; k < order.size(); ++k)
    if (ids[order[k]] == ids[order[k - 1]])
      throw InputError("data file '" + path + "' has atom ID " + std::to_string(ids[order[k]]) + " twice");
  c.ids.resize(ids.size());
  c.types.resize(ids.size());
  c.x.resize(3 * ids.size());
  c.image.resize(3 * ids.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t o = order[k];
    c.ids[k] = ids[o];
    c.types[k] = types[o];
    for (int d = 0; d < 3; ++d) {
      c.x[3 * k + d] = x[3 * o + d];
      c.image[3 * k + d] = image[3 * o + d];
    }
  }
  if (!velocities.empty()) {
    c.v.resize(3 * c.size());
    for (std::size_t k = 0; k < c.size(); ++k) {
      auto it = velocities.find(c.ids[k]);
      if (it == velocities.end())
        throw InputError("data file '" + path + "' has no velocity for atom " + std::to_string(c.ids[k]));
      for (int d = 0; d < 3; ++d) c.v[3 * k + d] = it->second[d];
    }
  }
  return c;
}

void write_file_atomically(const std::string& path, const std::string& content) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  write_atomically(path, [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError("cannot write '" + path + "'");
    out << content;
    out.flush();
    if (!out) throw InputError("writing '" + path + "' failed");
  });
}

void write_lammps_data(const std::string& path, const Configuration& c, const std::string& title) {
  std::ostringstream o;
  const Box& b = c.box;
  o << "LAMMPS data file: " << title << "\n\n";
  o << c.size() << " atoms\n" << c.ntypes << " atom types\n\n";
  const char* axes[3] = {"x", "y", "z"};
  for (int d = 0; d < 3; ++d)
    o << shortest(b.lo[d]) << " " << shortest(b.lo[d] + b.len[d]) << " " << axes[d] << "lo " << axes[d] << "hi\n";
  if (b.triclinic()) o << shortest(b.xy) << " " << shortest(b.xz) << " " << shortest(b.yz) << " xy xz yz\n";
  if (std::all_of(c.masses.begin(), c.masses.end(), [](double m) { return m > 0.0; }) && !c.masses.empty()) {
    o << "\nMasses\n\n";
    for (int t = 0; t < c.ntypes; ++t) o << t + 1 << " " << shortest(c.masses[t]) << "\n";
  }
  o << "\nAtoms # atomic\n\n";
  for (std::size_t i = 0; i < c.size(); ++i) {
    o << c.ids[i] << " " << c.types[i] << " " << shortest(c.x[3 * i]) << " " << shortest(c.x[3 * i + 1]) << " "
      << shortest(c.x[3 * i + 2]);
    if (c.image.size() == c.x.size())
      o << " " << c.image[3 * i] << " " << c.image[3 * i + 1] << " " << c.image[3 * i + 2];
    o << "\n";
  }
  if (c.v.size() == c.x.size()) {
    o << "\nVelocities\n\n";
    for (std::size_t i = 0; i < c.size(); ++i)
      o << c.ids[i] << " " << shortest(c.v[3 * i]) << " " << shortest(c.v[3 * i + 1]) << " " << shortest(c.v[3 * i + 2])
        << "\n";
  }
  write_file_atomically(path, o.str());
}

}  // namespace metabasin
