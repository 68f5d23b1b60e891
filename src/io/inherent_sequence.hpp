// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The inherent structures met along a strain-controlled run, in the order they were met:
// an HDF5 file (format "metabasin-sequence", version 1; layout in docs/formats.md) that grows
// by one frame per append and is flushed each time, so a run killed at any moment keeps every
// frame it appended before. The nonaffine distance matrix (nonaffine.hpp) is computed from it.
#include <hdf5.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "configuration.hpp"
#include "hdf5_reader.hpp"
#include "hdf5_writer.hpp"
#include "objective.hpp"

namespace metabasin {

/// 2: written in HDF5's 1.10 format and appended in single-writer/multiple-reader mode, with
/// no committed-frames attribute (version 1 files are read, and rewritten as 2 on resume).
constexpr int kSequenceVersion = 2;

struct SequenceFrame {
  double strain = 0.0;                   // shear strain gamma_xy of the cell
  double time = 0.0;                     // s (strain-rate runs span laboratory times)
  double energy = 0.0;                   // eV, of the inherent structure
  double shear_stress = std::nan("");    // sigma_xy = -P_xy (GPa); NaN when not computed
  VectorXd positions;                    // 3N, atom-ID order, in the cell at `strain`
};

class InherentSequenceReader;

class InherentSequenceWriter {
 public:
  /// Creates `path` (replacing any file there) for these atoms, whose cell is the one at
  /// strain 0. With `resume` and the file present, reopens it instead: it must hold the same
  /// atoms (IDs, types, cell), else InputError naming the file (which is left untouched).
  InherentSequenceWriter(const std::string& path, const Configuration& atoms, bool resume);
  ~InherentSequenceWriter();
  InherentSequenceWriter(const InherentSequenceWriter&) = delete;
  InherentSequenceWriter& operator=(const InherentSequenceWriter&) = delete;

  /// Extends every dataset by one frame and flushes the file to the operating system.
  void append(const SequenceFrame& f);
  std::size_t size() const { return size_; }
  /// Drops every frame after the first `frames` (a run resumed from an earlier restart
  /// point); InputError when the file holds fewer.
  void cut_to(std::size_t frames);
  /// The last frame appended (to resume a run from it); InputError when there is none.
  SequenceFrame last() const;
  const std::string& path() const { return path_; }

 private:
  /// Writes path_ anew (under another name, then renamed) with the first `frames` frames of `from`.
  void build(const InherentSequenceReader* from, std::size_t frames);
  std::string path_;
  std::size_t natoms_ = 0;
  Configuration atoms_;  // IDs, types and the cell at strain 0 (cut_to builds the file anew)
  std::size_t size_ = 0;
  std::unique_ptr<Hdf5Appender> file_;  // single-writer mode: a kill leaves every flushed frame readable
};

class InherentSequenceReader {
 public:
  /// InputError naming the file when it is missing, not HDF5, corrupt, or not a sequence.
  explicit InherentSequenceReader(const std::string& path);
  ~InherentSequenceReader();
  InherentSequenceReader(const InherentSequenceReader&) = delete;
  InherentSequenceReader& operator=(const InherentSequenceReader&) = delete;

  /// Frames held by every dataset (a run killed between two extends leaves one short).
  std::size_t size() const { return size_; }
  std::size_t natoms() const { return atoms_.size(); }
  /// IDs, types and the cell at strain 0 (positions are zero).
  const Configuration& atoms() const { return atoms_; }
  const std::string& path() const { return path_; }

  std::vector<double> strains() const;
  std::vector<double> energies() const;
  std::vector<double> shear_stresses() const;
  std::vector<double> times() const;
  /// Frames first, first + stride, ... (`count` of them), read as one hyperslab.
  std::vector<VectorXd> positions(std::size_t first, std::size_t count, std::size_t stride = 1) const;

 private:
  std::vector<double> column(const std::string& name) const;
  std::string path_;
  std::unique_ptr<Hdf5Reader> reader_;  // attributes, /atoms and the scalar columns
  hid_t file_ = -1;                      // a second read-only handle for hyperslab reads
  Configuration atoms_;
  std::size_t size_ = 0;
};

}  // namespace metabasin
