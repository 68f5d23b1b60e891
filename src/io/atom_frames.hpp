// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The configurations of one file, whatever wrote it: a LAMMPS data file (one frame), a LAMMPS
// text dump (a frame per timestep) or an inherent-structure sequence (HDF5, a frame per
// inherent structure). The analyses read frames through this and never care which it was.
#include <memory>
#include <string>
#include <vector>

#include "configuration.hpp"

namespace metabasin {

class InherentSequenceReader;
class LammpsDumpReader;

class AtomFrames {
 public:
  /// Told apart by content: the HDF5 signature (a sequence), a first line "ITEM:" (a dump),
  /// anything else a data file. InputError naming the file for anything unreadable.
  explicit AtomFrames(const std::string& path);
  ~AtomFrames();
  AtomFrames(const AtomFrames&) = delete;
  AtomFrames& operator=(const AtomFrames&) = delete;

  std::size_t size() const { return strains_.size(); }
  /// Frame k, atoms sorted by ID, as a 3D configuration (every file can be read so; see
  /// planar() for 2D).
  Configuration frame(std::size_t k) const;
  /// Shear strain gamma_xy of every frame: the sequence's own, or for dumps and data files
  /// the cell's xy tilt over ly with LAMMPS' tilt flips (jumps of a whole lx) undone.
  const std::vector<double>& strains() const { return strains_; }
  /// "sequence", "dump" or "data".
  const std::string& kind() const { return kind_; }
  const std::string& path() const { return path_; }
  /// Whether every atom of frame k has z = 0 (a 2D sample written as 3D).
  bool planar(std::size_t k) const;

 private:
  std::string path_, kind_;
  std::vector<double> strains_;
  std::unique_ptr<LammpsDumpReader> dump_;
  std::unique_ptr<InherentSequenceReader> sequence_;
  std::unique_ptr<Configuration> data_;
};

/// `c` as a 2D configuration (dimension 2, z periodic as the 2D code expects); InputError
/// naming `where` when an atom has z != 0 or the cell is tilted out of the plane.
Configuration as_planar(Configuration c, const std::string& where);

/// Frame `k` of `frames` in `dimension` (2 or 3).
Configuration frame_in(const AtomFrames& frames, std::size_t k, int dimension);

}  // namespace metabasin
