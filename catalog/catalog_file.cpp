// SPDX-License-Identifier: BSD-3-Clause
#include "catalog_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "error.hpp"
#include "hdf5_atoms.hpp"
#include "hdf5_writer.hpp"
#include "number_format.hpp"
#include "output_path.hpp"

namespace metabasin {

namespace {

const char* const kGroups[] = {"/minima", "/saddles"};

// The per-row columns of a group (one value per minimum or saddle), with their types; the
// reader takes the rows all of them hold. `energy` is appended last.
struct Column {
  const char* name;
  ColumnType type;
};
std::vector<Column> row_columns(const std::string& group) {
  std::vector<Column> out = {{"base", ColumnType::int64},       {"first_atom", ColumnType::int64},
                             {"atom_count", ColumnType::int64}, {"force_calls", ColumnType::int64},
                             {"found_by", ColumnType::string32}, {"strain", ColumnType::float64}};
  if (group == "/minima") {
    out.push_back({"shear_stress", ColumnType::float64});
  } else {
    for (const char* i : {"from", "to", "times_found", "vanished", "parent"}) out.push_back({i, ColumnType::int64});
    for (const char* f : {"eigenvalue", "forward_barrier", "backward_barrier", "prefactor", "backward_prefactor",
                          "contour_ratio"})
      out.push_back({f, ColumnType::float64});
  }
  out.push_back({"energy", ColumnType::float64});
  return out;
}

std::string col(const char* group, const char* name) { return std::string(group) + "/" + name; }

void write_header(Hdf5Writer& h, const Catalog& c) {
  h.attribute("/", "format", "metabasin-catalog");
  h.integer_attribute("/", "version", kCatalogVersion);
  h.attribute("/", "potential", c.potential());
  h.attribute("/", "energy_tolerance", c.tolerances().energy);
  h.attribute("/", "distance_tolerance", c.tolerances().distance);
  h.attribute("/", "rigid_motion",
              c.tolerances().rigid.rotation ? "translation rotation"
                                               : (c.tolerances().rigid.translation ? "translation" : "none"));
  write_atoms_and_cell(h, c.atoms());
  const std::size_t n = c.atoms().size();
  h.write("/atoms/reference_positions", std::vector<double>(c.atoms().x.begin(), c.atoms().x.end()), {n, 3});
  for (const char* g : kGroups) {
    h.group(g);
    for (const Column& c : row_columns(g)) h.column(col(g, c.name), c.type);
    h.column(col(g, "atom_index"), ColumnType::int64);
    h.column(col(g, "atom_positions"), ColumnType::float64, 3);
  }
}

// The stored positions of rows [first, last) of a group: their atoms, then each row's base and
// atom range, so that a row is never on disk before the atoms it points to.
void append_positions(Hdf5Appender& a, const char* group, std::size_t first, std::size_t last,
                      const std::function<const StoredPositions&(std::size_t)>& stored) {
  std::vector<long long> base, first_atom, atom_count, index;
  std::vector<double> xyz;
  const auto row0 = static_cast<long long>(a.rows(col(group, "atom_index")));
  for (std::size_t k = first; k < last; ++k) {
    const StoredPositions& p = stored(k);
    base.push_back(p.base);
    first_atom.push_back(row0 + static_cast<long long>(index.size()));
    atom_count.push_back(static_cast<long long>(p.atoms.size()));
    index.insert(index.end(), p.atoms.begin(), p.atoms.end());
    xyz.insert(xyz.end(), p.xyz.begin(), p.xyz.end());
  }
  a.append(col(group, "atom_index"), index);
  a.append(col(group, "atom_positions"), xyz);
  a.append(col(group, "base"), base);
  a.append(col(group, "first_atom"), first_atom);
  a.append(col(group, "atom_count"), atom_count);
}

void append_minima(Hdf5Appender& a, const Catalog& c, std::size_t first) {
  const std::size_t last = c.minima();
  if (first >= last) return;
  append_positions(a, "/minima", first, last, [&](std::size_t v) -> const StoredPositions& { return c.stored_minimum(v); });
  std::vector<double> energy, strain, tau;
  std::vector<long long> calls;
  std::vector<std::string> found_by;
  for (std::size_t v = first; v < last; ++v) {
    const InherentStructure& s = c.minimum(v);
    energy.push_back(s.energy);
    strain.push_back(s.strain);
    tau.push_back(s.pressure_xy);
    calls.push_back(s.force_calls);
    found_by.push_back(s.found_by);
  }
  a.append("/minima/force_calls", calls);
  a.append("/minima/found_by", found_by);
  a.append("/minima/strain", strain);
  a.append("/minima/shear_stress", tau);
  a.append("/minima/energy", energy);
}

void append_saddles(Hdf5Appender& a, const Catalog& c, std::size_t first) {
  const std::size_t last = c.saddles();
  if (first >= last) return;
  append_positions(a, "/saddles", first, last, [&](std::size_t e) -> const StoredPositions& { return c.stored_saddle(e); });
  std::vector<long long> from, to, times, vanished, calls, parent;
  std::vector<double> energy, eig, fb, bb, nu, nub, cl, strain;
  std::vector<std::string> found_by;
  for (std::size_t e = first; e < last; ++e) {
    const Transition& t = c.saddle(e);
    from.push_back(static_cast<long long>(t.from));
    to.push_back(static_cast<long long>(t.to));
    energy.push_back(t.energy);
    eig.push_back(t.eigenvalue);
    fb.push_back(t.forward_barrier);
    bb.push_back(t.backward_barrier);
    nu.push_back(t.prefactor);
    nub.push_back(t.backward_prefactor);
    cl.push_back(t.contour_ratio);
    strain.push_back(t.strain);
    calls.push_back(t.force_calls);
    times.push_back(t.times_found);
    vanished.push_back(t.vanished ? 1 : 0);
    parent.push_back(t.parent);
    found_by.push_back(t.found_by);
  }
  a.append("/saddles/from", from);
  a.append("/saddles/to", to);
  a.append("/saddles/force_calls", calls);
  a.append("/saddles/times_found", times);
  a.append("/saddles/vanished", vanished);
  a.append("/saddles/parent", parent);
  a.append("/saddles/found_by", found_by);
  a.append("/saddles/eigenvalue", eig);
  a.append("/saddles/forward_barrier", fb);
  a.append("/saddles/backward_barrier", bb);
  a.append("/saddles/prefactor", nu);
  a.append("/saddles/backward_prefactor", nub);
  a.append("/saddles/contour_ratio", cl);
  a.append("/saddles/strain", strain);
  a.append("/saddles/energy", energy);
}

// The rows of stored states whose mutable fields changed.
void rewrite_changed(Hdf5Appender& a, const Catalog& c, const Catalog::Changes& changes, std::size_t minima,
                     std::size_t saddles) {
  for (std::size_t v : changes.minima)
    if (v < minima) a.overwrite("/minima/shear_stress", v, std::vector<double>{c.minimum(v).pressure_xy});
  for (std::size_t e : changes.saddles) {
    if (e >= saddles) continue;
    const Transition& t = c.saddle(e);
    a.overwrite("/saddles/prefactor", e, std::vector<double>{t.prefactor});
    a.overwrite("/saddles/backward_prefactor", e, std::vector<double>{t.backward_prefactor});
    a.overwrite("/saddles/force_calls", e, std::vector<long long>{t.force_calls});
    a.overwrite("/saddles/times_found", e, std::vector<long long>{t.times_found});
  }
}

}  // namespace

void save_catalog(const std::string& path, const Catalog& c) {
  // Built whole under another name and renamed: `path` is never half written.
  const std::string fresh = path + ".new";
  {
    Hdf5Writer h(fresh, true);
    write_header(h, c);
    h.close();
  }
  try {
    Hdf5Appender a(fresh, false);
    append_minima(a, c, 0);
    append_saddles(a, c, 0);
    a.flush();
  } catch (...) {
    std::remove(fresh.c_str());
    throw;
  }
  replace_file(fresh, path);
}

CatalogFile::CatalogFile(std::string path, Catalog& catalog) : path_(std::move(path)), catalog_(catalog) {
  const std::string lock = path_ + ".lock";
  const auto parent = std::filesystem::path(path_).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);  // as the writer does
  lock_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_ < 0) throw InputError("catalog '" + path_ + "': cannot create its lock file '" + lock + "'");
  // Only a lock held elsewhere refuses the run: a file system without flock (ENOLCK) goes on
  // unguarded, as HDF5 itself does there.
  if (::flock(lock_, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
    ::close(lock_);
    throw InputError("catalog '" + path_ + "' is being extended by another run (it holds '" + lock +
                     "'); wait for it or use another output.catalog");
  }
  try {
    save_catalog(path_, catalog_);
    file_ = std::make_unique<Hdf5Appender>(path_, true);
  } catch (...) {
    std::remove(lock.c_str());
    ::close(lock_);
    throw;
  }
  catalog_.take_changes();
  minima_ = catalog_.minima();
  saddles_ = catalog_.saddles();
}

CatalogFile::~CatalogFile() {
  file_.reset();  // closed before the lock goes
  if (lock_ >= 0) {
    std::remove((path_ + ".lock").c_str());
    ::close(lock_);
  }
}

void CatalogFile::save() {
  // New minima before the saddles that join them; changed rows last.
  append_minima(*file_, catalog_, minima_);
  append_saddles(*file_, catalog_, saddles_);
  rewrite_changed(*file_, catalog_, catalog_.take_changes(), minima_, saddles_);
  file_->flush();
  minima_ = catalog_.minima();
  saddles_ = catalog_.saddles();
}

namespace {
// Positions feed minimum-image searches whose image counts are ints: an infinite or absurdly
// distant coordinate (more than a thousand cells away) is a corrupt file.
void check_positions(const std::string& path, const VectorXd& x, const Box& box, const std::string& what) {
  const double reach = 1e3 * (box.len.maxCoeff() + std::abs(box.xy) + std::abs(box.xz) + std::abs(box.yz)) +
                       box.lo.cwiseAbs().maxCoeff();
  if (!(x.array().abs() <= reach).all())
    throw InputError("catalog '" + path + "': " + what + " has a position that is not finite or lies far outside the cell");
}

// A stored state as the file holds it, before it enters the catalog.
struct FileState {
  long base = StoredPositions::kFull;
  std::vector<std::uint32_t> atoms;
  std::vector<double> xyz;
};

// What both versions read into: the states' fields, and their positions as stored.
struct FileContents {
  std::vector<InherentStructure> minima;
  std::vector<Transition> saddles;
  std::vector<FileState> minimum_x, saddle_x;
};

std::vector<long long> optional_integers(const Hdf5Reader& r, const std::string& name, std::size_t n, long long fill) {
  return r.exists(name) ? r.integers(name) : std::vector<long long>(n, fill);
}
std::vector<double> optional_doubles(const Hdf5Reader& r, const std::string& name, std::size_t n, double fill) {
  return r.exists(name) ? r.doubles(name) : std::vector<double>(n, fill);
}

// Rows of a dataset (its first dimension); InputError for a scalar one.
std::size_t rows_of(const Hdf5Reader& r, const std::string& name) {
  const auto dims = r.shape(name);
  if (dims.empty()) throw InputError("catalog '" + r.path() + "': " + name + " is not a column");
  return static_cast<std::size_t>(dims[0]);
}

// Rows every per-row column of a group holds: a run killed inside a save leaves some longer.
std::size_t common_rows(const Hdf5Reader& r, const char* group) {
  std::size_t n = std::numeric_limits<std::size_t>::max();
  for (const Column& c : row_columns(group)) n = std::min(n, rows_of(r, col(group, c.name)));
  return n;
}

void read_minimum_fields(const Hdf5Reader& r, std::size_t nv, FileContents& out) {
  const auto energy = r.doubles("/minima/energy"), strain = r.doubles("/minima/strain");
  // Optional dataset (absent in the earliest version-1 files): unknown stress.
  const auto tau = optional_doubles(r, "/minima/shear_stress", energy.size(), std::nan(""));
  const auto calls = r.integers("/minima/force_calls");
  const auto found_by = r.strings("/minima/found_by");
  for (const std::size_t len : {energy.size(), strain.size(), tau.size(), calls.size(), found_by.size()})
    if (len < nv) throw InputError("catalog '" + r.path() + "': the /minima datasets differ in length");
  for (std::size_t v = 0; v < nv; ++v)
    out.minima.push_back({energy[v], VectorXd(), strain[v], found_by[v], calls[v], tau[v]});
}

void read_saddle_fields(const Hdf5Reader& r, std::size_t ne, FileContents& out) {
  const auto from = r.integers("/saddles/from"), to = r.integers("/saddles/to");
  const auto se = r.doubles("/saddles/energy"), eig = r.doubles("/saddles/eigenvalue"),
             nu = r.doubles("/saddles/prefactor"), cl = r.doubles("/saddles/contour_ratio"),
             sstrain = r.doubles("/saddles/strain");
  const auto scalls = r.integers("/saddles/force_calls"), times = r.integers("/saddles/times_found"),
             vanished = r.integers("/saddles/vanished");
  // Optional datasets (absent in the earliest version-1 files): no parent, no backward prefactor.
  const auto parent = optional_integers(r, "/saddles/parent", vanished.size(), -1);
  const auto nub = optional_doubles(r, "/saddles/backward_prefactor", vanished.size(), 0.0);
  const auto sfound = r.strings("/saddles/found_by");
  for (const std::size_t len : {from.size(), to.size(), se.size(), eig.size(), nu.size(), nub.size(), cl.size(),
                                sstrain.size(), scalls.size(), times.size(), vanished.size(), parent.size(),
                                sfound.size()})
    if (len < ne) throw InputError("catalog '" + r.path() + "': the /saddles datasets differ in length");
  for (std::size_t e = 0; e < ne; ++e) {
    if (from[e] < 0 || to[e] < 0)
      throw InputError("catalog '" + r.path() + "': saddle " + std::to_string(e) + " joins a minimum that is not stored");
    Transition t;
    t.from = static_cast<std::size_t>(from[e]);
    t.to = static_cast<std::size_t>(to[e]);
    t.energy = se[e];
    t.eigenvalue = eig[e];
    t.prefactor = nu[e];
    t.backward_prefactor = nub[e];
    t.contour_ratio = cl[e];
    t.strain = sstrain[e];
    t.found_by = sfound[e];
    t.force_calls = scalls[e];
    t.times_found = static_cast<int>(times[e]);
    t.vanished = vanished[e] != 0;
    if (parent[e] >= static_cast<long long>(e))
      throw InputError("catalog '" + r.path() + "': saddle " + std::to_string(e) + " has a parent that is not before it");
    t.parent = parent[e];
    out.saddles.push_back(std::move(t));
  }
}

// Version 1: every state in full, [sets, N, 3]; saddles not kept are all NaN.
FileContents read_version1(const Hdf5Reader& r, std::size_t natoms) {
  FileContents out;
  read_minimum_fields(r, rows_of(r, "/minima/energy"), out);
  const auto x = read_positions(r, "/minima/positions", natoms);
  if (x.size() != out.minima.size())
    throw InputError("catalog '" + r.path() + "': the /minima datasets differ in length");
  read_saddle_fields(r, rows_of(r, "/saddles/energy"), out);
  const auto sx = read_positions(r, "/saddles/positions", natoms);
  if (sx.size() != out.saddles.size())
    throw InputError("catalog '" + r.path() + "': the /saddles datasets differ in length");
  auto full = [&](const VectorXd& v, bool unknown_allowed) {
    FileState s;
    if (unknown_allowed && v.array().isNaN().all()) {
      s.base = StoredPositions::kUnknown;
      return s;
    }
    for (std::size_t i = 0; i < natoms; ++i) s.atoms.push_back(static_cast<std::uint32_t>(i));
    s.xyz.assign(v.data(), v.data() + v.size());
    return s;
  };
  for (const VectorXd& v : x) out.minimum_x.push_back(full(v, false));
  for (const VectorXd& v : sx) out.saddle_x.push_back(full(v, true));
  return out;
}

// Version 2: the stored positions of rows [0, rows) of a group; InputError when one is not
// well formed (bases before the state, atoms ascending and in range, a full state complete).
std::vector<FileState> read_stored_positions(const Hdf5Reader& r, const char* group, std::size_t& rows,
                                             std::size_t natoms, bool minima) {
  const auto base = r.integers(col(group, "base")), first = r.integers(col(group, "first_atom")),
             count = r.integers(col(group, "atom_count")), index = r.integers(col(group, "atom_index"));
  const auto xyz = r.doubles(col(group, "atom_positions"));
  const std::size_t stored_atoms = std::min(index.size(), xyz.size() / 3);
  std::vector<FileState> out;
  const std::string where = "catalog '" + r.path() + "': " + (minima ? "minimum " : "saddle ");
  for (std::size_t k = 0; k < rows; ++k) {
    if (first[k] < 0 || count[k] < 0 || static_cast<std::size_t>(count[k]) > natoms)
      throw InputError(where + std::to_string(k) + " has a malformed atom range");
    const auto a0 = static_cast<std::size_t>(first[k]), n = static_cast<std::size_t>(count[k]);
    if (a0 + n > stored_atoms) {  // its atoms are not all on disk: a save the run did not finish
      rows = k;
      break;
    }
    FileState s;
    s.base = base[k];
    const bool ok_base = s.base == StoredPositions::kFull ? n == natoms
                         : s.base == StoredPositions::kUnknown ? !minima && n == 0
                                                               : s.base >= 0 && (!minima || s.base < static_cast<long>(k));
    if (!ok_base) throw InputError(where + std::to_string(k) + " has a base state that is not stored before it");
    for (std::size_t j = 0; j < n; ++j) {
      const long long i = index[a0 + j];
      if (i < 0 || static_cast<std::size_t>(i) >= natoms || (j > 0 && i <= index[a0 + j - 1]))
        throw InputError(where + std::to_string(k) + " lists atoms out of range or out of order");
      s.atoms.push_back(static_cast<std::uint32_t>(i));
    }
    s.xyz.assign(xyz.begin() + static_cast<std::ptrdiff_t>(3 * a0), xyz.begin() + static_cast<std::ptrdiff_t>(3 * (a0 + n)));
    out.push_back(std::move(s));
  }
  return out;
}

// A run may be appending to the file while it is read (SWMR): the saddles are read first, and
// within a group the rows before their atoms. Everything a row refers to was flushed before
// the row, so what is read later holds it.
FileContents read_version2(const Hdf5Reader& r, std::size_t natoms) {
  FileContents out;
  std::size_t ne = common_rows(r, "/saddles");
  out.saddle_x = read_stored_positions(r, "/saddles", ne, natoms, false);
  read_saddle_fields(r, ne, out);
  std::size_t nv = common_rows(r, "/minima");
  out.minimum_x = read_stored_positions(r, "/minima", nv, natoms, true);
  read_minimum_fields(r, nv, out);
  return out;
}

// The 3N positions of a stored state whose base, a minimum, is already in the catalog.
VectorXd positions_of(const Catalog& c, const FileState& s, std::size_t natoms) {
  if (s.base == StoredPositions::kUnknown) return VectorXd();
  VectorXd x = s.base >= 0 ? c.minimum_positions(static_cast<std::size_t>(s.base))
                           : VectorXd::Zero(static_cast<Eigen::Index>(3 * natoms));
  for (std::size_t j = 0; j < s.atoms.size(); ++j)
    for (int d = 0; d < 3; ++d) x[3 * static_cast<Eigen::Index>(s.atoms[j]) + d] = s.xyz[3 * j + d];
  return x;
}

}  // namespace

Catalog load_catalog(const std::string& path) {
  Hdf5Reader r(path);
  if (r.string_attribute("/", "format") != "metabasin-catalog")
    throw InputError("'" + path + "' is not a metabasin catalog (format '" + r.string_attribute("/", "format") + "')");
  const double version = r.double_attribute("/", "version");
  if (!(version <= kCatalogVersion))  // NaN too; no cast to int, which a huge value would break
    throw InputError("catalog '" + path + "' has layout version " + shortest(version) +
                     "; this metabasin reads up to version " + std::to_string(kCatalogVersion));
  Configuration atoms = read_atoms_and_cell(r);
  const std::size_t n = atoms.size();
  const auto ref = r.doubles("/atoms/reference_positions");
  if (ref.size() != 3 * n) throw InputError("catalog '" + path + "': /atoms/reference_positions has the wrong size");
  atoms.x = ref;
  check_positions(path, Eigen::Map<const VectorXd>(ref.data(), static_cast<Eigen::Index>(ref.size())), atoms.box,
                  "the reference state");
  StateTolerances tol;
  tol.energy = r.double_attribute("/", "energy_tolerance");
  tol.distance = r.double_attribute("/", "distance_tolerance");
  const std::string rigid = r.string_attribute("/", "rigid_motion");
  tol.rigid.translation = rigid != "none";
  tol.rigid.rotation = rigid == "translation rotation";
  Catalog c(std::move(atoms), r.string_attribute("/", "potential"), tol);

  FileContents f = version < 2 ? read_version1(r, n) : read_version2(r, n);
  const std::size_t nv = f.minima.size();
  for (std::size_t v = 0; v < nv; ++v) {
    f.minima[v].positions = positions_of(c, f.minimum_x[v], n);
    check_positions(path, f.minima[v].positions, c.atoms().box, "minimum " + std::to_string(v));
    const long base = f.minimum_x[v].base;
    const Catalog::Insert ins =
        c.add_minimum(std::move(f.minima[v]), base >= 0 ? std::optional<std::size_t>(base) : std::nullopt);
    if (!ins.is_new || ins.index != v)
      throw InputError("catalog '" + path + "': minimum " + std::to_string(v) + " duplicates minimum " +
                       std::to_string(ins.index));
  }
  for (std::size_t e = 0; e < f.saddles.size(); ++e) {
    Transition& t = f.saddles[e];
    const long base = f.saddle_x[e].base;
    if (t.from >= nv || t.to >= nv || (base >= 0 && static_cast<std::size_t>(base) >= nv))
      throw InputError("catalog '" + path + "': saddle " + std::to_string(e) + " joins a minimum that is not stored");
    t.positions = positions_of(c, f.saddle_x[e], n);
    if (t.positions.size() > 0) check_positions(path, t.positions, c.atoms().box, "saddle " + std::to_string(e));
    const Catalog::Insert ins = c.add_saddle(std::move(t));
    if (!ins.is_new || ins.index != e)
      throw InputError("catalog '" + path + "': saddle " + std::to_string(e) + " duplicates saddle " +
                       std::to_string(ins.index));
  }
  c.take_changes();
  return c;
}

Catalog open_catalog(const std::string& path, const Configuration& atoms, const std::string& potential,
                     StateTolerances tol, const std::string& key) {
  if (!std::filesystem::exists(path)) return Catalog(atoms, potential, tol);
  Catalog c = load_catalog(path);
  if (c.atoms().size() != atoms.size())
    throw InputError("catalog '" + path + "' holds states of " + std::to_string(c.atoms().size()) +
                     " atoms, not " + std::to_string(atoms.size()) + "; use another " + key);
  if (c.atoms().ids != atoms.ids || c.atoms().types != atoms.types)
    throw InputError("catalog '" + path + "' holds other atoms (IDs or types differ); use another " + key);
  const Box &a = c.atoms().box, &b = atoms.box;
  if ((a.len - b.len).norm() > 1e-6 * b.len.norm() || std::abs(a.xz - b.xz) > 1e-6 || std::abs(a.yz - b.yz) > 1e-6)
    throw InputError("catalog '" + path + "' was made for another cell; use another " + key);
  if (c.potential() != potential)
    throw InputError("catalog '" + path + "' was made with another potential (" + c.potential() + ", not " +
                     potential + "); use another " + key);
  c.set_masses(atoms.masses);
  return c;
}

}  // namespace metabasin
