// SPDX-License-Identifier: BSD-3-Clause
#include "sample_builder.hpp"

#include <cmath>
#include <random>
#include <stdexcept>

namespace metabasin {

Configuration build_lattice(const LatticeSpec& s) {
  std::vector<Vec3> basis;
  std::vector<int> basis_type;
  Vec3 cell_len;
  int dim = 3;
  if (s.lattice == "b2" || s.lattice == "bcc") {
    basis = {Vec3(0, 0, 0), Vec3(0.5, 0.5, 0.5)};
    basis_type = {1, s.lattice == "b2" ? 2 : 1};
    cell_len = Vec3(s.a, s.a, s.a);
  } else if (s.lattice == "fcc") {
    basis = {Vec3(0, 0, 0), Vec3(0.5, 0.5, 0), Vec3(0.5, 0, 0.5), Vec3(0, 0.5, 0.5)};
    basis_type = {1, 1, 1, 1};
    cell_len = Vec3(s.a, s.a, s.a);
  } else if (s.lattice == "sc") {
    basis = {Vec3(0, 0, 0)};
    basis_type = {1};
    cell_len = Vec3(s.a, s.a, s.a);
  } else if (s.lattice == "hex") {
    dim = 2;
    basis = {Vec3(0, 0, 0), Vec3(0.5, 0.5, 0)};
    basis_type = {1, 1};
    cell_len = Vec3(s.a, s.a * std::sqrt(3.0), 1.0);
  } else {
    throw std::invalid_argument("unknown lattice '" + s.lattice + "'");
  }
  Configuration c;
  c.ntypes = s.ntypes;
  c.masses = s.masses;
  c.masses.resize(s.ntypes, 0.0);
  c.box.dimension = dim;
  const int nz = dim == 2 ? 1 : s.cells[2];
  c.box.len = Vec3(cell_len[0] * s.cells[0], cell_len[1] * s.cells[1], dim == 2 ? 2.0 * s.a : cell_len[2] * nz);
  c.box.lo = dim == 2 ? Vec3(0, 0, -s.a) : Vec3(0, 0, 0);
  std::mt19937_64 rng(s.seed);
  std::uniform_real_distribution<double> uni(-1.0, 1.0), u01(0.0, 1.0);
  long id = 1;
  for (int i = 0; i < s.cells[0]; ++i)
    for (int j = 0; j < s.cells[1]; ++j)
      for (int k = 0; k < nz; ++k)
        for (std::size_t b = 0; b < basis.size(); ++b) {
          Vec3 r((i + basis[b][0]) * cell_len[0], (j + basis[b][1]) * cell_len[1],
                 dim == 2 ? 0.0 : (k + basis[b][2]) * cell_len[2]);
          int type = std::min(basis_type[b], s.ntypes);
          if (!s.type_fraction.empty()) {
            double u = u01(rng), acc = 0.0;
            type = static_cast<int>(s.type_fraction.size());
            for (std::size_t t = 0; t < s.type_fraction.size(); ++t) {
              acc += s.type_fraction[t];
              if (u < acc) {
                type = static_cast<int>(t) + 1;
                break;
              }
            }
          }
          for (int d = 0; d < dim; ++d) r[d] += s.displacement * uni(rng);
          c.ids.push_back(id++);
          c.types.push_back(type);
          for (int d = 0; d < 3; ++d) c.x.push_back(r[d]);
        }
  c.image.assign(c.x.size(), 0);
  Box tilted = c.box;
  tilted.xy = s.tilt_xy * c.box.len[1];
  if (dim == 3) {
    tilted.xz = s.tilt_xz * c.box.len[2];
    tilted.yz = s.tilt_yz * c.box.len[2];
  }
  if (const std::string defect = cell_defect(tilted, c.x.size() / 3); !defect.empty())
    throw std::invalid_argument("build_lattice: " + defect);
  remap_affine(c, tilted);
  wrap_atoms(c);
  return c;
}

Configuration replicate(const Configuration& c, const std::array<int, 3>& n) {
  if (n[0] < 1 || n[1] < 1 || n[2] < 1) throw std::invalid_argument("replicate: counts must be at least 1");
  if (c.box.dimension == 2 && n[2] != 1) throw std::invalid_argument("replicate: a 2D sample repeats in x and y only");
  Configuration out;
  out.box = c.box;
  out.box.len = Vec3(c.box.len[0] * n[0], c.box.len[1] * n[1], c.box.len[2] * n[2]);
  out.box.xy = c.box.xy * n[1];
  out.box.xz = c.box.xz * n[2];
  out.box.yz = c.box.yz * n[2];
  out.ntypes = c.ntypes;
  out.masses = c.masses;
  long id = 1;
  for (int a = 0; a < n[0]; ++a)
    for (int b = 0; b < n[1]; ++b)
      for (int k = 0; k < n[2]; ++k) {
        const Vec3 shift = c.box.lattice_shift(a, b, k);
        for (std::size_t i = 0; i < c.size(); ++i) {
          out.ids.push_back(id++);
          out.types.push_back(c.types[i]);
          for (int d = 0; d < 3; ++d) out.x.push_back(c.x[3 * i + d] + shift[d]);
          for (int d = 0; d < 3; ++d) out.image.push_back(0);
          if (!c.v.empty())
            for (int d = 0; d < 3; ++d) out.v.push_back(c.v[3 * i + d]);
        }
      }
  wrap_atoms(out);
  return out;
}

}  // namespace metabasin
