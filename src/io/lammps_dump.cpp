// SPDX-License-Identifier: BSD-3-Clause
#include "lammps_dump.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string_view>

#include "error.hpp"
#include "number_format.hpp"

namespace metabasin {

namespace {

constexpr long kMaxAtomTypes = 10000;  // as the data reader
// The shortest atom line ("1 1 0 0 0") has 10 bytes: a header announcing more atoms than
// the file has room for is corrupt, and must not size an allocation.
constexpr std::uintmax_t kMinAtomLineBytes = 10;
// An atom a million cells from home is a corrupt flag (positions beyond CellLimits::max_length
// are refused anyway); the bound keeps the flag inside an int.
constexpr long kMaxImageCount = 1000000;

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    const std::size_t b = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

class DumpLines {
 public:
  /// `context` follows the file's name in every error (e.g. " frame 2 column 'p_hop'").
  DumpLines(const std::string& path, std::uintmax_t offset, long line, std::string context = "")
      : path_(path), context_(std::move(context)), in_(path), line_(line) {
    if (!in_) throw InputError("dump file '" + path + "' cannot be opened");
    in_.seekg(static_cast<std::streamoff>(offset));
    offset_ = offset;
  }
  bool next(std::string& s) {
    if (!std::getline(in_, s)) return false;
    offset_ += s.size() + 1;
    ++line_;
    if (!s.empty() && s.back() == '\r') s.pop_back();
    return true;
  }
  std::string expect(const std::string& what) {
    std::string s;
    if (!next(s)) fail("the file ends where " + what + " should be");
    return s;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError("dump file '" + path_ + "'" + context_ + " line " + std::to_string(line_) + ": " + what);
  }
  double number(std::string_view w) const {
    double v = 0.0;
    const auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
    if (ec != std::errc() || end != w.data() + w.size() || !std::isfinite(v))
      fail("'" + std::string(w) + "' is not a finite number");
    return v;
  }
  long integer(std::string_view w) const {
    long v = 0;
    const auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
    if (ec != std::errc() || end != w.data() + w.size()) fail("'" + std::string(w) + "' is not an integer");
    return v;
  }
  std::uintmax_t offset() const { return offset_; }
  long line() const { return line_; }

 private:
  std::string path_, context_;
  std::ifstream in_;
  std::uintmax_t offset_ = 0;
  long line_ = 0;
};

// The order that sorts a frame's atoms by ID; InputError for an ID listed twice.
std::vector<std::size_t> id_order(const std::vector<long>& ids, const std::string& path, std::size_t frame) {
  std::vector<std::size_t> order(ids.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ids[a] < ids[b]; });
  for (std::size_t k = 1; k < order.size(); ++k)
    if (ids[order[k]] == ids[order[k - 1]])
      throw InputError("dump file '" + path + "' frame " + std::to_string(frame) + " has atom ID " +
                       std::to_string(ids[order[k]]) + " twice");
  return order;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// "ITEM: BOX BOUNDS [xy xz yz] [bc bc bc]" and its three lines, as LAMMPS writes them: for a
// tilted cell, the bounds of the box around it and the tilts, from which the cell follows.
Box read_box(DumpLines& in, std::string_view header, std::size_t natoms) {
  const auto w = words(header);
  const bool tilted = std::find(w.begin(), w.end(), "xy") != w.end();
  if (std::find(w.begin(), w.end(), "abc") != w.end())
    in.fail(
        "general triclinic boxes ('BOX BOUNDS abc origin') are not supported; dump with a restricted triclinic cell");
  Box b;
  // The last three words are the boundary flags when present ("pp", "ff", "sm", ...).
  if (w.size() >= 6 && !tilted) {
    for (int d = 0; d < 3; ++d) b.periodic[d] = w[w.size() - 3 + d] == "pp";
  } else if (w.size() >= 9 && tilted) {
    for (int d = 0; d < 3; ++d) b.periodic[d] = w[w.size() - 3 + d] == "pp";
  }
  double lo[3], hi[3], tilt[3] = {0.0, 0.0, 0.0};
  for (int d = 0; d < 3; ++d) {
    const std::string v_line = in.expect("a box bounds line");
    const auto v = words(v_line);
    if (v.size() != (tilted ? 3u : 2u))
      in.fail(std::string("a box bounds line needs ") + (tilted ? "'lo hi tilt'" : "'lo hi'"));
    lo[d] = in.number(v[0]);
    hi[d] = in.number(v[1]);
    if (tilted) tilt[d] = in.number(v[2]);
  }
  b.xy = tilt[0];
  b.xz = tilt[1];
  b.yz = tilt[2];
  const double x_under = std::min({0.0, b.xy, b.xz, b.xy + b.xz}), x_over = std::max({0.0, b.xy, b.xz, b.xy + b.xz});
  lo[0] -= x_under;
  hi[0] -= x_over;
  lo[1] -= std::min(0.0, b.yz);
  hi[1] -= std::max(0.0, b.yz);
  for (int d = 0; d < 3; ++d) {
    if (!(hi[d] > lo[d]))
      in.fail(std::string("the cell is empty along ") + "xyz"[d] + " (lo " + shortest(lo[d]) + ", hi " +
              shortest(hi[d]) + ")");
    b.lo[d] = lo[d];
    b.len[d] = hi[d] - lo[d];
  }
  if (const std::string defect = cell_defect(b, natoms); !defect.empty()) in.fail(defect);
  return b;
}

// Where positions are in the columns: x y z (or xu yu zu), or scaled xs ys zs (xsu ysu zsu).
struct PositionColumns {
  std::size_t id = 0, type = 0, x = 0;
  bool scaled = false;
  bool images = false;    // ix iy iz present (with wrapped positions)
  std::size_t image = 0;  // the column of ix; iy iz follow
};

PositionColumns position_columns(const DumpLines& in, const std::vector<std::string>& cols) {
  auto find = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(cols.begin(), cols.end(), name) - cols.begin());
  };
  PositionColumns p;
  p.id = find("id");
  p.type = find("type");
  if (p.id == cols.size()) in.fail("the ATOMS columns have no 'id'");
  if (p.type == cols.size()) in.fail("the ATOMS columns have no 'type'");
  const char* const sets[4][4] = {
      {"x", "y", "z", ""}, {"xu", "yu", "zu", ""}, {"xs", "ys", "zs", "s"}, {"xsu", "ysu", "zsu", "s"}};
  for (const auto& set : sets) {
    const std::size_t ix = find(set[0]), iy = find(set[1]), iz = find(set[2]);
    if (ix == cols.size()) continue;
    if (iy != ix + 1 || iz != ix + 2)
      in.fail(std::string("the ATOMS columns have ") + set[0] + " but not " + set[1] + " " + set[2] + " after it");
    p.x = ix;
    p.scaled = set[3][0] == 's';
    // Image flags only go with wrapped positions: unwrapped ones have travelled already.
    const std::size_t image = find("ix");
    const bool wrapped = std::string(set[0]).back() != 'u';
    p.images = wrapped && image + 2 < cols.size() && cols[image + 1] == "iy" && cols[image + 2] == "iz";
    p.image = image;
    return p;
  }
  in.fail("the ATOMS columns have no positions (x y z, xu yu zu, xs ys zs or xsu ysu zsu)");
}

}  // namespace

bool looks_like_lammps_dump(const std::string& path) {
  std::ifstream in(path);
  std::string s;
  while (std::getline(in, s)) {
    const auto w = words(s);
    if (!w.empty()) return w[0] == "ITEM:";
  }
  return false;
}

LammpsDumpReader::LammpsDumpReader(const std::string& path) : path_(path) {
  std::error_code ec;
  const std::uintmax_t bytes = std::filesystem::file_size(path, ec);
  if (ec) throw InputError("dump file '" + path + "' cannot be opened");
  DumpLines in(path, 0, 0);
  std::string s;
  while (in.next(s)) {
    if (words(s).empty()) continue;
    if (!starts_with(s, "ITEM: TIMESTEP")) in.fail("expected 'ITEM: TIMESTEP', got '" + s.substr(0, 60) + "'");
    FrameIndex f;
    const std::string step_line = in.expect("the timestep");
    const auto step = words(step_line);
    if (step.size() != 1) in.fail("the timestep line needs one integer");
    f.step = in.integer(step[0]);
    bool have_count = false, have_box = false, complete = false;
    while (in.next(s)) {
      if (starts_with(s, "ITEM: NUMBER OF ATOMS")) {
        const std::string n_line = in.expect("the number of atoms");
        const auto n = words(n_line);
        if (n.size() != 1) in.fail("the number of atoms line needs one integer");
        const long count = in.integer(n[0]);
        if (count < 1 || static_cast<std::uintmax_t>(count) > bytes / kMinAtomLineBytes)
          in.fail("the number of atoms " + std::string(n[0]) + " is not positive or more than the file can hold");
        f.natoms = static_cast<std::size_t>(count);
        have_count = true;
      } else if (starts_with(s, "ITEM: BOX BOUNDS")) {
        if (!have_count) in.fail("'ITEM: BOX BOUNDS' comes before 'ITEM: NUMBER OF ATOMS'");
        f.box = read_box(in, std::string_view(s).substr(16), f.natoms);
        have_box = true;
      } else if (starts_with(s, "ITEM: ATOMS")) {
        if (!have_count || !have_box) in.fail("'ITEM: ATOMS' comes before the number of atoms and the box");
        std::vector<std::string> columns;
        for (const auto w : words(std::string_view(s).substr(11))) columns.emplace_back(w);
        const PositionColumns pc = position_columns(in, columns);
        f.columns = columns.size();
        f.names = columns;
        f.id_column = pc.id;
        f.type_column = pc.type;
        f.x_column = pc.x;
        f.scaled = pc.scaled;
        f.has_images = pc.images;
        f.image_column = pc.image;
        f.atoms_offset = in.offset();
        f.atoms_line = in.line();
        std::size_t read = 0;
        while (read < f.natoms && in.next(s)) ++read;
        complete = read == f.natoms;
        break;
      } else if (starts_with(s, "ITEM: TIMESTEP")) {
        in.fail("a frame without 'ITEM: ATOMS'");
      }
      // Other items (TIME, UNITS) and their values are skipped.
    }
    // A run killed while writing leaves its last frame short: every frame before it stands.
    if (!complete) break;
    frames_.push_back(std::move(f));
  }
  if (frames_.empty()) throw InputError("dump file '" + path + "' holds no complete frame");
}

Configuration LammpsDumpReader::frame(std::size_t k) const {
  const FrameIndex& f = frames_.at(k);
  DumpLines in(path_, f.atoms_offset, f.atoms_line);
  std::vector<long> ids(f.natoms);
  std::vector<int> types(f.natoms);
  std::vector<double> x(3 * f.natoms);
  std::string s;
  for (std::size_t i = 0; i < f.natoms; ++i) {
    const std::string w_line = in.expect("atom line " + std::to_string(i + 1) + " of " + std::to_string(f.natoms));
    const auto w = words(w_line);
    if (w.size() != f.columns)
      in.fail("an atom line has " + std::to_string(w.size()) + " values for " + std::to_string(f.columns) + " columns");
    ids[i] = in.integer(w[f.id_column]);
    const long t = in.integer(w[f.type_column]);
    if (ids[i] < 1) in.fail("atom ID " + std::string(w[f.id_column]) + " is not positive");
    if (t < 1 || t > kMaxAtomTypes)
      in.fail("atom type " + std::string(w[f.type_column]) + " is outside 1.." + std::to_string(kMaxAtomTypes));
    types[i] = static_cast<int>(t);
    Vec3 r(in.number(w[f.x_column]), in.number(w[f.x_column + 1]), in.number(w[f.x_column + 2]));
    if (f.scaled) r = f.box.to_cartesian(r);
    if (f.has_images) {
      std::array<int, 3> n{};
      for (int d = 0; d < 3; ++d) {
        const long v = in.integer(w[f.image_column + d]);
        if (std::abs(v) > kMaxImageCount)
          in.fail("image flag " + std::to_string(v) + " is beyond +-" + std::to_string(kMaxImageCount));
        n[d] = static_cast<int>(v);
      }
      r += f.box.lattice_shift(n[0], n[1], n[2]);
    }
    if (r.cwiseAbs().maxCoeff() > CellLimits::max_length)
      in.fail("a position is beyond " + shortest(CellLimits::max_length) + " A");
    for (int d = 0; d < 3; ++d) x[3 * i + d] = r[d];
  }
  const std::vector<std::size_t> order = id_order(ids, path_, k);
  Configuration c;
  c.box = f.box;
  c.ids.resize(f.natoms);
  c.types.resize(f.natoms);
  c.x.resize(3 * f.natoms);
  c.image.assign(3 * f.natoms, 0);
  for (std::size_t k2 = 0; k2 < f.natoms; ++k2) {
    const std::size_t o = order[k2];
    c.ids[k2] = ids[o];
    c.types[k2] = types[o];
    for (int d = 0; d < 3; ++d) c.x[3 * k2 + d] = x[3 * o + d];
  }
  c.ntypes = *std::max_element(c.types.begin(), c.types.end());
  c.masses.assign(c.ntypes, 0.0);
  return c;
}

std::vector<double> LammpsDumpReader::column(std::size_t k, const std::string& name) const {
  const FrameIndex& f = frames_.at(k);
  const std::string where = " frame " + std::to_string(k) + " column '" + name + "'";
  const auto it = std::find(f.names.begin(), f.names.end(), name);
  if (it == f.names.end()) throw InputError("dump file '" + path_ + "'" + where + ": the frame has no such column");
  const std::size_t col = static_cast<std::size_t>(it - f.names.begin());
  DumpLines in(path_, f.atoms_offset, f.atoms_line, where);
  std::vector<long> ids(f.natoms);
  std::vector<double> values(f.natoms);
  for (std::size_t i = 0; i < f.natoms; ++i) {
    const std::string w_line = in.expect("atom line " + std::to_string(i + 1) + " of " + std::to_string(f.natoms));
    const auto w = words(w_line);
    if (w.size() != f.columns)
      in.fail("an atom line has " + std::to_string(w.size()) + " values for " + std::to_string(f.columns) + " columns");
    ids[i] = in.integer(w[f.id_column]);
    values[i] = in.number(w[col]);
  }
  std::vector<double> out(f.natoms);
  const std::vector<std::size_t> order = id_order(ids, path_, k);
  for (std::size_t i = 0; i < f.natoms; ++i) out[i] = values[order[i]];
  return out;
}

}  // namespace metabasin
