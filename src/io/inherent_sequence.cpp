// SPDX-License-Identifier: BSD-3-Clause
#include "inherent_sequence.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "error.hpp"
#include "hdf5_atoms.hpp"
#include "hdf5_read_guard.hpp"
#include "hdf5_writer.hpp"
#include "output_path.hpp"
#include "number_format.hpp"

namespace metabasin {

namespace {

const char* const kColumns[] = {"/sequence/strain", "/sequence/time", "/sequence/energy", "/sequence/shear_stress"};
const char* const kPositions = "/sequence/positions";
const char* const kGroup = "/sequence";

void check(herr_t status, const std::string& path, const std::string& what) {
  if (status < 0) throw InputError("HDF5 file '" + path + "': " + what + " failed");
}

// Scalars of ~256 frames per chunk; positions one frame per chunk, so a block read touches
// only the frames it needs and each append compresses one frame. Unwritten values read NaN.
void create_extendable(hid_t file, const std::string& path, const std::string& name, std::size_t natoms) {
  const bool frames = name == kPositions;
  const int rank = frames ? 3 : 1;
  const hsize_t dims[3] = {0, natoms, 3};
  const hsize_t maxdims[3] = {H5S_UNLIMITED, natoms, 3};
  const hsize_t chunk[3] = {frames ? hsize_t{1} : hsize_t{256}, natoms, 3};
  const hid_t space = H5Screate_simple(rank, dims, maxdims);
  const hid_t props = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(props, rank, chunk);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  H5Pset_fill_value(props, H5T_NATIVE_DOUBLE, &nan);
  if (frames && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
    H5Pset_shuffle(props);  // byte-shuffling first lets deflate find the repeated exponents
    H5Pset_deflate(props, 4);
  }
  const hid_t set = H5Dcreate2(file, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, props, H5P_DEFAULT);
  H5Pclose(props);
  H5Sclose(space);
  check(set, path, "creating " + name);
  H5Dclose(set);
}

hsize_t length(hid_t file, const std::string& path, const std::string& name) {
  const hid_t set = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  check(set, path, "opening " + name);
  const hid_t space = H5Dget_space(set);
  hsize_t dims[3] = {0, 0, 0};
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank >= 1 && rank <= 3) H5Sget_simple_extent_dims(space, dims, nullptr);
  H5Sclose(space);
  H5Dclose(set);
  if (rank < 1 || rank > 3) throw InputError("HDF5 file '" + path + "': " + name + " has an unexpected shape");
  return dims[0];
}

// The count the writer committed after its last complete append (absent: no limit).
hsize_t committed_frames(hid_t file) {
  if (H5Aexists_by_name(file, kGroup, "frames", H5P_DEFAULT) <= 0) return std::numeric_limits<hsize_t>::max();
  const hid_t attr = H5Aopen_by_name(file, kGroup, "frames", H5P_DEFAULT, H5P_DEFAULT);
  long long n = 0;
  const herr_t st = H5Aread(attr, H5T_NATIVE_LLONG, &n);
  H5Aclose(attr);
  return st < 0 || n < 0 ? 0 : static_cast<hsize_t>(n);
}

// The number of frames every dataset holds: a kill between two extends leaves some longer.
std::size_t common_length(hid_t file, const std::string& path) {
  hsize_t n = committed_frames(file);
  for (const char* name : kColumns) n = std::min(n, length(file, path, name));
  return static_cast<std::size_t>(std::min(n, length(file, path, kPositions)));
}

// Rows first, first + stride, ... of a dataset whose rows hold `row` doubles each.
void read_rows(hid_t file, const std::string& path, const std::string& name, std::size_t first, std::size_t count,
               std::size_t stride, std::size_t row, double* out) {
  if (count == 0) return;
  const hid_t set = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  check(set, path, "opening " + name);
  const hid_t space = H5Dget_space(set);
  hsize_t dims[3] = {0, 0, 0};  // a 1-D column fills dims[0] only; the rest is unused
  H5Sget_simple_extent_dims(space, dims, nullptr);
  const hsize_t start[3] = {first, 0, 0};
  const hsize_t step[3] = {stride, 1, 1};
  const hsize_t counts[3] = {count, dims[1], dims[2]};
  herr_t st = H5Sselect_hyperslab(space, H5S_SELECT_SET, start, step, counts, nullptr);
  const hsize_t mem_dims[1] = {count * row};
  const hid_t mem = H5Screate_simple(1, mem_dims, nullptr);
  if (st >= 0) st = H5Dread(set, H5T_NATIVE_DOUBLE, mem, space, H5P_DEFAULT, out);
  H5Sclose(mem);
  H5Sclose(space);
  H5Dclose(set);
  check(st, path, "reading " + name);
}

// Extends a dataset by one row and writes it.
void append_row(hid_t file, const std::string& path, const std::string& name, std::size_t at, const double* data) {
  const hid_t set = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  check(set, path, "opening " + name);
  hid_t space = H5Dget_space(set);
  const int rank = H5Sget_simple_extent_ndims(space);
  hsize_t dims[3] = {0, 0, 0};
  H5Sget_simple_extent_dims(space, dims, nullptr);
  H5Sclose(space);
  dims[0] = at + 1;
  herr_t st = H5Dset_extent(set, dims);
  space = H5Dget_space(set);
  const hsize_t start[3] = {at, 0, 0};
  const hsize_t counts[3] = {1, dims[1], dims[2]};
  if (st >= 0) st = H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, counts, nullptr);
  const hsize_t mem_dims[1] = {rank == 3 ? dims[1] * dims[2] : 1};
  const hid_t mem = H5Screate_simple(1, mem_dims, nullptr);
  if (st >= 0) st = H5Dwrite(set, H5T_NATIVE_DOUBLE, mem, space, H5P_DEFAULT, data);
  H5Sclose(mem);
  H5Sclose(space);
  H5Dclose(set);
  check(st, path, "appending to " + name);
}

// True when another process holds HDF5's exclusive lock on the file (HDF5 takes it with
// flock() for as long as a writer has the file open).
bool held_by_writer(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return false;
  const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);  // also drops the shared lock if it was granted
  return held;
}

bool same_atoms(const Configuration& a, const Configuration& b) {
  return a.ids == b.ids && a.types == b.types && a.box == b.box;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Writer

namespace {

// Frames per block when a sequence is copied (positions of 64 frames of 1e5 atoms: 150 MB).
constexpr std::size_t kCopyBlock = 64;

}  // namespace

// Writes `path` anew under another name, holding the first `frames` frames of `from` (none
// without it), and renames it into place: `path` is never half made.
void InherentSequenceWriter::build(const InherentSequenceReader* from, std::size_t frames) {
  const std::string fresh = path_ + ".new";
  {
    Hdf5Writer h(fresh, /*appendable=*/true);
    h.attribute("/", "format", "metabasin-sequence");
    h.integer_attribute("/", "version", kSequenceVersion);
    write_atoms_and_cell(h, atoms_);
    h.group(kGroup);
    h.close();
  }
  try {
    Hdf5Appender a(fresh, /*swmr=*/false);
    for (const char* name : kColumns) create_extendable(a.id(), path_, name, natoms_);
    create_extendable(a.id(), path_, kPositions, natoms_);
    if (from) {
      const std::vector<double> columns[] = {from->strains(), from->times(), from->energies(), from->shear_stresses()};
      for (std::size_t k = 0; k < frames; k += kCopyBlock) {
        const std::size_t n = std::min(kCopyBlock, frames - k);
        const std::vector<VectorXd> x = from->positions(k, n);
        for (std::size_t j = 0; j < n; ++j) {
          append_row(a.id(), path_, kPositions, k + j, x[j].data());
          for (std::size_t c = 0; c < 4; ++c) append_row(a.id(), path_, kColumns[c], k + j, &columns[c][k + j]);
        }
      }
    }
  } catch (...) {
    std::remove(fresh.c_str());
    throw;
  }
  replace_file(fresh, path_);
}

InherentSequenceWriter::InherentSequenceWriter(const std::string& path, const Configuration& atoms, bool resume)
    : path_(path), natoms_(atoms.size()), atoms_(atoms) {
  if (natoms_ == 0) throw InputError("inherent-structure sequence '" + path + "': no atoms to record");
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  if (resume && std::filesystem::exists(path)) {
    // The frames every dataset holds, copied into a fresh file: a kill mid-frame leaves some
    // datasets a frame longer, and a file written by an earlier version or killed in SWMR
    // mode is rewritten in the current format.
    const InherentSequenceReader existing(path);  // refuses foreign or corrupt files
    if (!same_atoms(existing.atoms(), atoms))
      throw InputError("inherent-structure sequence '" + path +
                       "' holds other atoms (count, IDs, types or cell at strain 0) than this run; "
                       "remove it or choose another file");
    size_ = existing.size();
    build(&existing, size_);
  } else {
    build(nullptr, 0);
  }
  // Single-writer/multiple-reader mode orders HDF5's metadata writes, so a kill anywhere leaves
  // every flushed frame readable (appended in the default format without it, 1 kill -9 in ~250
  // lost the file: its B-tree chunk index is rewritten in place); readers may open it meanwhile.
  file_ = std::make_unique<Hdf5Appender>(path_, /*swmr=*/true);
}

InherentSequenceWriter::~InherentSequenceWriter() = default;

void InherentSequenceWriter::append(const SequenceFrame& f) {
  if (f.positions.size() != static_cast<Eigen::Index>(3 * natoms_))
    throw InputError("inherent-structure sequence '" + path_ + "': a frame of " + std::to_string(f.positions.size() / 3) +
                     " atoms cannot be appended to a sequence of " + std::to_string(natoms_));
  // Positions first, the strain column last, then the committed count: a reader takes the
  // shortest of them, so a kill anywhere in between only loses this frame.
  append_row(file_->id(), path_, kPositions, size_, f.positions.data());
  append_row(file_->id(), path_, "/sequence/time", size_, &f.time);
  append_row(file_->id(), path_, "/sequence/energy", size_, &f.energy);
  append_row(file_->id(), path_, "/sequence/shear_stress", size_, &f.shear_stress);
  append_row(file_->id(), path_, "/sequence/strain", size_, &f.strain);
  file_->flush();
  ++size_;
}

void InherentSequenceWriter::cut_to(std::size_t frames) {
  if (frames > size_)
    throw InputError("inherent-structure sequence '" + path_ + "' holds " + std::to_string(size_) +
                     " frames, fewer than the " + std::to_string(frames) + " of the restart point; cannot resume");
  if (frames == size_) return;
  // A single writer may only extend its datasets: the first `frames` frames are copied into a
  // fresh file, which replaces this one whole (a kill before the rename keeps the old file).
  file_.reset();
  {
    const InherentSequenceReader existing(path_);
    build(&existing, frames);
  }
  file_ = std::make_unique<Hdf5Appender>(path_, /*swmr=*/true);
  size_ = frames;
}

SequenceFrame InherentSequenceWriter::last() const {
  if (size_ == 0) throw InputError("inherent-structure sequence '" + path_ + "' holds no frame to resume from");
  SequenceFrame f;
  const std::size_t k = size_ - 1;
  const hid_t file = file_->id();
  read_rows(file, path_, "/sequence/strain", k, 1, 1, 1, &f.strain);
  read_rows(file, path_, "/sequence/time", k, 1, 1, 1, &f.time);
  read_rows(file, path_, "/sequence/energy", k, 1, 1, 1, &f.energy);
  read_rows(file, path_, "/sequence/shear_stress", k, 1, 1, 1, &f.shear_stress);
  f.positions.resize(static_cast<Eigen::Index>(3 * natoms_));
  read_rows(file, path_, kPositions, k, 1, 1, 3 * natoms_, f.positions.data());
  return f;
}

// ---------------------------------------------------------------------------------------------
// Reader

InherentSequenceReader::InherentSequenceReader(const std::string& path) : path_(path) {
  const Hdf5ReadGuard guard(path_);
  try {
    reader_ = std::make_unique<Hdf5Reader>(path);  // missing, not HDF5, unopenable: InputError
  } catch (const InputError&) {
    if (held_by_writer(path))
      throw InputError("inherent-structure sequence '" + path +
                       "' is locked by the process writing it; copy the file, or set HDF5_USE_FILE_LOCKING=FALSE "
                       "to read the frames flushed so far");
    throw;
  }
  const Hdf5Reader& r = *reader_;
  const std::string format = r.string_attribute("/", "format");
  if (format != "metabasin-sequence")
    throw InputError("'" + path + "' is not a metabasin inherent-structure sequence (format '" + format + "')");
  const double version = r.double_attribute("/", "version");
  if (!(version <= kSequenceVersion))  // NaN too; no cast to int, which a huge value would break
    throw InputError("inherent-structure sequence '" + path + "' has layout version " + shortest(version) +
                     "; this metabasin reads up to version " + std::to_string(kSequenceVersion));
  atoms_ = read_atoms_and_cell(r);
  for (const char* name : kColumns) {
    if (r.shape(name).size() != 1) throw InputError("inherent-structure sequence '" + path + "': " + name + " is not 1-D");
    r.elements(name);  // refuses an extent the file does not store, before anything is allocated
  }
  r.elements(kPositions);
  const auto dims = r.shape(kPositions);
  if (dims.size() != 3 || dims[1] != atoms_.size() || dims[2] != 3)
    throw InputError("inherent-structure sequence '" + path + "': " + kPositions + " is not [frames, " +
                     std::to_string(atoms_.size()) + ", 3]");
  file_ = H5Freopen(r.id());
  if (file_ < 0) throw InputError("cannot open HDF5 file '" + path + "' (corrupt or truncated)");
  size_ = common_length(file_, path_);
}

InherentSequenceReader::~InherentSequenceReader() {
  if (file_ >= 0) H5Fclose(file_);
}

std::vector<double> InherentSequenceReader::column(const std::string& name) const {
  const Hdf5ReadGuard guard(path_);
  std::vector<double> v(size_);
  read_rows(file_, path_, name, 0, size_, 1, 1, v.data());
  return v;
}

std::vector<double> InherentSequenceReader::strains() const { return column("/sequence/strain"); }
std::vector<double> InherentSequenceReader::energies() const { return column("/sequence/energy"); }
std::vector<double> InherentSequenceReader::shear_stresses() const { return column("/sequence/shear_stress"); }
std::vector<double> InherentSequenceReader::times() const { return column("/sequence/time"); }

std::vector<VectorXd> InherentSequenceReader::positions(std::size_t first, std::size_t count, std::size_t stride) const {
  const Hdf5ReadGuard guard(path_);
  if (stride == 0) stride = 1;
  if (count > 0 && first + (count - 1) * stride >= size_)
    throw InputError("inherent-structure sequence '" + path_ + "': frames " + std::to_string(first) + " to " +
                     std::to_string(first + (count - 1) * stride) + " asked for, it holds " + std::to_string(size_));
  const std::size_t row = 3 * natoms();
  std::vector<double> flat(count * row);
  read_rows(file_, path_, kPositions, first, count, stride, row, flat.data());
  std::vector<VectorXd> out;
  out.reserve(count);
  for (std::size_t k = 0; k < count; ++k)
    out.push_back(Eigen::Map<const VectorXd>(flat.data() + k * row, static_cast<Eigen::Index>(row)));
  return out;
}

}  // namespace metabasin
