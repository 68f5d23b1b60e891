// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// LAMMPS text dumps (`dump custom` / `dump atom`, as LAMMPS, OVITO and our LammpsDumpWriter
// write them): frames of "ITEM: TIMESTEP", "ITEM: NUMBER OF ATOMS", "ITEM: BOX BOUNDS" (with
// "xy xz yz" tilts or without) and "ITEM: ATOMS" followed by named columns. Positions are
// read from x y z, xu yu zu, xs ys zs or xsu ysu zsu (the first of those present), and with
// image flags ix iy iz moved by them to where the atom has travelled (LAMMPS' unwrapped
// position); columns other than id, type, positions and image flags are skipped. Other ITEM
// blocks (TIME, UNITS) are skipped.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "configuration.hpp"

namespace metabasin {

class LammpsDumpReader {
 public:
  /// Finds every frame of the file (one pass, reading the headers and boxes, not the atoms).
  /// InputError naming the file and line when it cannot be opened, holds no frame, or a
  /// header is malformed.
  explicit LammpsDumpReader(const std::string& path);

  std::size_t size() const { return frames_.size(); }
  long step(std::size_t k) const { return frames_.at(k).step; }
  /// The frame's cell (3D; the dump does not say the dimension).
  const Box& box(std::size_t k) const { return frames_.at(k).box; }
  /// Frame k's atoms sorted by ID, types 1..max type, masses unknown (0), in its cell.
  /// InputError naming the file and line for malformed or missing atom lines, repeated IDs,
  /// non-finite positions.
  Configuration frame(std::size_t k) const;
  /// The named per-atom column of frame k (a dump's extra columns, e.g. p_hop or
  /// C_over_L_max), one value per atom in the order of frame(k): sorted by atom ID.
  /// InputError naming the file, frame and column when the frame has no such column or a value
  /// is not a finite number (and as frame() for malformed lines or repeated IDs).
  std::vector<double> column(std::size_t k, const std::string& name) const;
  /// The names of frame k's ATOMS columns, as the file gives them.
  const std::vector<std::string>& column_names(std::size_t k) const { return frames_.at(k).names; }
  const std::string& path() const { return path_; }

 private:
  struct FrameIndex {
    long step = 0;
    std::size_t natoms = 0;
    Box box;
    std::uintmax_t atoms_offset = 0;                           // byte offset of the first atom line
    long atoms_line = 0;                                       // its line number (1-based), for errors
    std::size_t columns = 0;                                   // values per atom line
    std::vector<std::string> names;                            // their names
    std::size_t id_column = 0, type_column = 0, x_column = 0;  // x y z follow x
    bool scaled = false;                                       // xs ys zs: fractions of the cell edges
    bool has_images = false;                                   // ix iy iz (with wrapped positions)
    std::size_t image_column = 0;                              // the column of ix; iy iz follow
  };
  std::string path_;
  std::vector<FrameIndex> frames_;
};

/// True when the file's first non-blank line starts with "ITEM:" (a LAMMPS text dump).
bool looks_like_lammps_dump(const std::string& path);

}  // namespace metabasin
