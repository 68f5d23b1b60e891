// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// LAMMPS data files, atom_style atomic, 2D and 3D, orthogonal and tilted.
#include <string>

#include "configuration.hpp"

namespace metabasin {

/// Reads a data file; atoms come back sorted by ID. `dimension` and `periodic` are not part
/// of a data file (they are LAMMPS input-script settings) and are given by the caller.
/// Throws InputError naming the file and line for anything malformed.
Configuration read_lammps_data(const std::string& path, int dimension, const std::array<bool, 3>& periodic);

/// Writes a data file readable by LAMMPS `read_data` (write-then-rename, so a crash never
/// leaves a half-written file under the final name).
void write_lammps_data(const std::string& path, const Configuration& c, const std::string& title);

/// Writes `content` to `path` through a temporary file and a rename.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace metabasin
