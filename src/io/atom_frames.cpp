// SPDX-License-Identifier: BSD-3-Clause
#include "atom_frames.hpp"

#include <cmath>
#include <cstring>
#include <fstream>

#include "error.hpp"
#include "inherent_sequence.hpp"
#include "lammps_data.hpp"
#include "lammps_dump.hpp"

namespace metabasin {

namespace {

bool has_hdf5_signature(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  in.read(head, 8);
  return in.gcount() == 8 && std::memcmp(head, "\x89HDF\r\n\x1a\n", 8) == 0;
}

// xy / ly along the frames, a tilt flip (xy jumping by a whole lx) undone by keeping each
// tilt the lattice-equivalent one nearest the frame before's.
std::vector<double> strains_of_cells(const std::vector<Box>& boxes) {
  std::vector<double> out;
  double previous = 0.0;
  for (std::size_t k = 0; k < boxes.size(); ++k) {
    const Box& b = boxes[k];
    double tilt = b.xy;
    if (k > 0 && b.periodic[0]) tilt += b.len[0] * std::round((previous - tilt) / b.len[0]);
    previous = tilt;
    out.push_back(tilt / b.len[1]);
  }
  return out;
}

}  // namespace

AtomFrames::AtomFrames(const std::string& path) : path_(path) {
  if (!std::ifstream(path)) throw InputError("configuration file '" + path + "' cannot be opened");
  if (has_hdf5_signature(path)) {
    kind_ = "sequence";
    sequence_ = std::make_unique<InherentSequenceReader>(path);
    strains_ = sequence_->strains();
    if (strains_.empty()) throw InputError("sequence file '" + path + "' holds no frame");
  } else if (looks_like_lammps_dump(path)) {
    kind_ = "dump";
    dump_ = std::make_unique<LammpsDumpReader>(path);
    std::vector<Box> boxes;
    for (std::size_t k = 0; k < dump_->size(); ++k) boxes.push_back(dump_->box(k));
    strains_ = strains_of_cells(boxes);
  } else {
    kind_ = "data";
    data_ = std::make_unique<Configuration>(read_lammps_data(path, 3, {true, true, true}));
    strains_ = strains_of_cells({data_->box});
  }
}

AtomFrames::~AtomFrames() = default;

Configuration AtomFrames::frame(std::size_t k) const {
  if (k >= size())
    throw InputError("configuration file '" + path_ + "' has " + std::to_string(size()) + " frame(s); frame " +
                     std::to_string(k) + " does not exist");
  if (data_) return *data_;
  if (dump_) return dump_->frame(k);
  Configuration c = sequence_->atoms();
  c.box.dimension = 3;
  c.box.xy += strains_[k] * c.box.len[1];
  const VectorXd x = sequence_->positions(k, 1).at(0);
  c.x.assign(x.data(), x.data() + x.size());
  return c;
}

bool AtomFrames::planar(std::size_t k) const {
  const Configuration c = frame(k);
  for (std::size_t i = 0; i < c.size(); ++i)
    if (c.x[3 * i + 2] != 0.0) return false;
  return c.box.xz == 0.0 && c.box.yz == 0.0;
}

Configuration as_planar(Configuration c, const std::string& where) {
  if (c.box.xz != 0.0 || c.box.yz != 0.0) throw InputError(where + " has xz or yz tilt, which a 2D system cannot have");
  for (std::size_t i = 0; i < c.size(); ++i)
    if (c.x[3 * i + 2] != 0.0)
      throw InputError(where + ": atom " + std::to_string(c.ids[i]) + " has z != 0 in a 2D system");
  c.box.dimension = 2;
  c.box.periodic[2] = true;
  return c;
}

Configuration frame_in(const AtomFrames& frames, std::size_t k, int dimension) {
  Configuration c = frames.frame(k);
  if (dimension == 2) return as_planar(std::move(c), "'" + frames.path() + "' frame " + std::to_string(k));
  c.box.dimension = 3;
  return c;
}

}  // namespace metabasin
