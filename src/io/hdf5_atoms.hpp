// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The /atoms group every metabasin HDF5 file starts with (IDs, types, cell, dimension,
// periodicity), and stacks of positions, written and read back.
#include <string>
#include <vector>

#include "configuration.hpp"
#include "objective.hpp"
#include "hdf5_reader.hpp"
#include "hdf5_writer.hpp"

namespace metabasin {

void write_atoms_and_cell(Hdf5Writer& h, const Configuration& c);
/// IDs, types, cell, dimension and periodicity (positions zero); throws InputError when absent.
Configuration read_atoms_and_cell(const Hdf5Reader& r);

/// [sets, N, 3] positions; sets of the wrong size (e.g. empty) are stored as NaN.
void write_positions(Hdf5Writer& h, const std::string& name, const std::vector<VectorXd>& sets, std::size_t natoms);
std::vector<VectorXd> read_positions(const Hdf5Reader& r, const std::string& name, std::size_t natoms);

}  // namespace metabasin
