// SPDX-License-Identifier: BSD-3-Clause
#include "hdf5_atoms.hpp"

#include <cmath>

#include "error.hpp"
#include "number_format.hpp"

namespace metabasin {

void write_atoms_and_cell(Hdf5Writer& h, const Configuration& c) {
  h.group("/atoms");
  std::vector<long long> ids(c.ids.begin(), c.ids.end()), types(c.types.begin(), c.types.end());
  h.write("/atoms/ids", ids, {c.size()});
  h.write("/atoms/types", types, {c.size()});
  const Mat3 cell = c.box.cell();
  std::vector<double> rows;
  for (int col = 0; col < 3; ++col)
    for (int d = 0; d < 3; ++d) rows.push_back(cell(d, col));  // edge vectors a, b, c as rows
  h.write("/atoms/cell", rows, {3, 3});
  h.write("/atoms/origin", std::vector<double>{c.box.lo[0], c.box.lo[1], c.box.lo[2]}, {3});
  h.integer_attribute("/atoms", "dimension", c.box.dimension);
  std::string pbc;
  for (int d = 0; d < 3; ++d) pbc += std::string(d ? " " : "") + (c.box.periodic[d] ? "p" : "f");
  h.attribute("/atoms", "boundary", pbc);
}

Configuration read_atoms_and_cell(const Hdf5Reader& r) {
  Configuration c;
  const auto ids = r.integers("/atoms/ids"), types = r.integers("/atoms/types");
  const auto cell = r.doubles("/atoms/cell"), origin = r.doubles("/atoms/origin");
  if (types.size() != ids.size() || cell.size() != 9 || origin.size() != 3)
    throw InputError("HDF5 file '" + r.path() + "': /atoms has inconsistent shapes");
  c.ids.assign(ids.begin(), ids.end());
  c.types.assign(types.begin(), types.end());
  c.ntypes = 0;
  for (int t : c.types) c.ntypes = std::max(c.ntypes, t);
  c.x.assign(3 * ids.size(), 0.0);
  c.box.lo = Vec3(origin[0], origin[1], origin[2]);
  c.box.len = Vec3(cell[0], cell[4], cell[8]);
  c.box.xy = cell[3];
  c.box.xz = cell[6];
  c.box.yz = cell[7];
  // Checked before the cast to int, which a huge or NaN value would make undefined.
  const double dimension = r.double_attribute("/atoms", "dimension");
  if (dimension != 2.0 && dimension != 3.0)
    throw InputError("HDF5 file '" + r.path() + "': /atoms dimension " + shortest(dimension) + " is not 2 or 3");
  c.box.dimension = static_cast<int>(dimension);
  const std::string pbc = r.string_attribute("/atoms", "boundary");
  if (pbc.size() != 5) throw InputError("HDF5 file '" + r.path() + "': /atoms boundary '" + pbc + "' is not 'p p p'-like");
  for (int d = 0; d < 3; ++d) c.box.periodic[d] = pbc[2 * d] == 'p';
  // The cell is checked as a data file's is (cell_defect: finite, positive, within 1e6 A, no
  // denser than matter, periodic widths of 0.1 A at least), which also keeps the
  // minimum-image searches' image counts small.
  if (const std::string defect = cell_defect(c.box, c.size()); !defect.empty())
    throw InputError("HDF5 file '" + r.path() + "': /atoms/cell: " + defect);
  return c;
}

void write_positions(Hdf5Writer& h, const std::string& name, const std::vector<VectorXd>& sets, std::size_t natoms) {
  std::vector<double> flat;
  for (const auto& v : sets) {
    if (v.size() == static_cast<Eigen::Index>(3 * natoms))
      flat.insert(flat.end(), v.data(), v.data() + v.size());
    else
      flat.insert(flat.end(), 3 * natoms, std::nan(""));
  }
  h.write(name, flat, {sets.size(), natoms, 3});
}

std::vector<VectorXd> read_positions(const Hdf5Reader& r, const std::string& name, std::size_t natoms) {
  const auto dims = r.shape(name);
  if (dims.size() != 3 || dims[1] != natoms || dims[2] != 3)
    throw InputError("HDF5 file '" + r.path() + "': " + name + " is not [sets, " + std::to_string(natoms) + ", 3]");
  const auto flat = r.doubles(name);
  std::vector<VectorXd> out;
  const std::size_t n = 3 * natoms;
  for (std::size_t s = 0; s < dims[0]; ++s)
    out.push_back(Eigen::Map<const VectorXd>(flat.data() + s * n, static_cast<Eigen::Index>(n)));
  return out;
}

}  // namespace metabasin
