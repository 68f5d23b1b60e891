// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Trajectory writers for formats users open elsewhere: LAMMPS text dumps (OVITO, VMD,
// LAMMPS rerun) and extended XYZ (ASE, OVITO). Each frame is flushed when written, so an
// interrupted run keeps every frame it reported.
#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "configuration.hpp"

namespace metabasin {

struct FrameData {
  long step = 0;
  double energy = 0.0;
  const std::vector<double>* forces = nullptr;  // optional, 3 per atom
  // Optional per-atom scalars (one value per atom), written after the forces under their names.
  std::vector<std::pair<std::string, const std::vector<double>*>> columns;
  // Write the image flags ix iy iz after x y z (dumps only), so the wrapped positions unwrap
  // exactly (OVITO's unwrap modifier, metabasin's readers) however far atoms travel.
  bool image_flags = false;
};

class TrajectoryWriter {
 public:
  virtual ~TrajectoryWriter() = default;
  virtual void write(const Configuration& c, const FrameData& frame) = 0;
};

class LammpsDumpWriter : public TrajectoryWriter {
 public:
  /// With `keep`, continues the dump a restart point left (its first `keep` bytes).
  explicit LammpsDumpWriter(const std::string& path, std::optional<std::uintmax_t> keep = std::nullopt);
  void write(const Configuration& c, const FrameData& frame) override;

 private:
  std::string path_;
  std::ofstream out_;
};

class ExtendedXyzWriter : public TrajectoryWriter {
 public:
  /// ASE's symbol of a dummy atom (atomic number 0).
  static constexpr const char* kNoElement = "X";
  /// `elements[t-1]` is the species written for type t. A type without an element (model
  /// surfaces such as Mueller-Brown have none) is written as kNoElement, so every species
  /// column holds a symbol that ASE and OVITO read.
  ExtendedXyzWriter(const std::string& path, std::vector<std::string> elements,
                    std::optional<std::uintmax_t> keep = std::nullopt);
  void write(const Configuration& c, const FrameData& frame) override;

 private:
  std::string path_;
  std::vector<std::string> elements_;
  std::ofstream out_;
};

}  // namespace metabasin
