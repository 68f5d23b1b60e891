// SPDX-License-Identifier: BSD-3-Clause
#include "trajectory.hpp"

#include <algorithm>
#include <stdexcept>

#include "error.hpp"
#include "number_format.hpp"
#include "text_output.hpp"

namespace metabasin {

LammpsDumpWriter::LammpsDumpWriter(const std::string& path, std::optional<std::uintmax_t> keep)
    : path_(path), out_(open_text_output(path, keep, "dump file")) {
  out_.precision(17);
}

void LammpsDumpWriter::write(const Configuration& c, const FrameData& frame) {
  const Box& b = c.box;
  out_ << "ITEM: TIMESTEP\n" << frame.step << "\nITEM: NUMBER OF ATOMS\n" << c.size() << "\n";
  std::string bc;
  for (int d = 0; d < 3; ++d) bc += b.periodic[d] || (b.dimension == 2 && d == 2) ? " pp" : " ff";
  const Vec3 hi = b.hi();
  if (b.triclinic()) {
    // LAMMPS writes the bounding box of the tilted cell plus the tilt factors.
    const double xlo = b.lo[0] + std::min({0.0, b.xy, b.xz, b.xy + b.xz});
    const double xhi = hi[0] + std::max({0.0, b.xy, b.xz, b.xy + b.xz});
    const double ylo = b.lo[1] + std::min(0.0, b.yz), yhi = hi[1] + std::max(0.0, b.yz);
    out_ << "ITEM: BOX BOUNDS xy xz yz" << bc << "\n"
         << xlo << " " << xhi << " " << b.xy << "\n"
         << ylo << " " << yhi << " " << b.xz << "\n"
         << b.lo[2] << " " << hi[2] << " " << b.yz << "\n";
  } else {
    out_ << "ITEM: BOX BOUNDS" << bc << "\n";
    for (int d = 0; d < 3; ++d) out_ << b.lo[d] << " " << hi[d] << "\n";
  }
  const bool f = frame.forces && frame.forces->size() == c.x.size();
  out_ << "ITEM: ATOMS id type x y z" << (frame.image_flags ? " ix iy iz" : "") << (f ? " fx fy fz" : "");
  for (const auto& [name, values] : frame.columns) {
    if (!values || values->size() != c.size())
      throw std::logic_error("dump column " + name + " has " + std::to_string(values ? values->size() : 0) +
                             " values for " + std::to_string(c.size()) + " atoms");
    out_ << " " << name;
  }
  out_ << "\n";
  for (std::size_t i = 0; i < c.size(); ++i) {
    // x y z are positions in the cell, as LAMMPS writes them (its unwrapped ones are xu yu zu):
    // OVITO draws atoms where the columns put them, so unwrapped positions would scatter them
    // outside the box.
    std::array<int, 3> image{0, 0, 0};
    if (c.image.size() == 3 * c.size()) image = {c.image[3 * i], c.image[3 * i + 1], c.image[3 * i + 2]};
    const Vec3 r = b.wrap(c.position(i), image);
    out_ << c.ids[i] << " " << c.types[i] << " " << shortest(r[0]) << " " << shortest(r[1]) << " " << shortest(r[2]);
    if (frame.image_flags) out_ << " " << image[0] << " " << image[1] << " " << image[2];
    if (f)
      for (int d = 0; d < 3; ++d) out_ << " " << shortest((*frame.forces)[3 * i + d]);
    for (const auto& column : frame.columns) out_ << " " << shortest((*column.second)[i]);
    out_ << "\n";
  }
  out_.flush();
  if (!out_) throw InputError("writing dump file '" + path_ + "' failed");
}

ExtendedXyzWriter::ExtendedXyzWriter(const std::string& path, std::vector<std::string> elements,
                                     std::optional<std::uintmax_t> keep)
    : path_(path), elements_(std::move(elements)), out_(open_text_output(path, keep, "extended XYZ file")) {
  out_.precision(17);
}

void ExtendedXyzWriter::write(const Configuration& c, const FrameData& frame) {
  const Mat3 h = c.box.cell();
  const bool f = frame.forces && frame.forces->size() == c.x.size();
  out_ << c.size() << "\nLattice=\"";
  for (int col = 0; col < 3; ++col)
    for (int d = 0; d < 3; ++d) out_ << (col || d ? " " : "") << h(d, col);
  out_ << "\" Origin=\"" << c.box.lo[0] << " " << c.box.lo[1] << " " << c.box.lo[2] << "\"";
  out_ << " Properties=species:S:1:pos:R:3:id:I:1" << (f ? ":forces:R:3" : "");
  out_ << " energy=" << frame.energy << " step=" << frame.step << " pbc=\"";
  for (int d = 0; d < 3; ++d)
    out_ << (d ? " " : "") << (c.box.periodic[d] && !(c.box.dimension == 2 && d == 2) ? "T" : "F");
  out_ << "\"\n";
  for (std::size_t i = 0; i < c.size(); ++i) {
    const int t = c.types[i];
    out_ << (t >= 1 && t <= static_cast<int>(elements_.size()) ? elements_[t - 1] : kNoElement) << " "
         << shortest(c.x[3 * i]) << " " << shortest(c.x[3 * i + 1]) << " " << shortest(c.x[3 * i + 2]) << " "
         << c.ids[i];
    if (f)
      for (int d = 0; d < 3; ++d) out_ << " " << shortest((*frame.forces)[3 * i + d]);
    out_ << "\n";
  }
  out_.flush();
  if (!out_) throw InputError("writing extended XYZ file '" + path_ + "' failed");
}

}  // namespace metabasin
