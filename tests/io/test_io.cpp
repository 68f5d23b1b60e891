// SPDX-License-Identifier: BSD-3-Clause
// LAMMPS data files: our writer and reader round-trip exactly, and we read what LAMMPS'
// write_data produces (Pair Coeffs, Velocities, image flags, tilted cells).
#include <gtest/gtest.h>

#include "error.hpp"
#include "lammps_data.hpp"
#include "lammps_reference.hpp"
#include "sample_builder.hpp"

using namespace metabasin;
using namespace metabasin::testing;

namespace {
Configuration tilted_sample() {
  LatticeSpec s;
  s.lattice = "bcc";
  s.a = 3.3;
  s.cells = {4, 3, 3};
  s.ntypes = 2;
  s.type_fraction = {0.4, 0.6};
  s.masses = {63.546, 91.224};
  s.displacement = 0.4;
  s.tilt_xy = 0.45;
  s.tilt_xz = -0.2;
  s.tilt_yz = 0.3;
  s.seed = 77;
  return build_lattice(s);
}
}  // namespace

TEST(LammpsData, RoundTripIsExact) {
  const std::string dir = scratch_dir("io_roundtrip");
  auto c = tilted_sample();
  c.v.assign(c.x.size(), 0.0);
  for (std::size_t k = 0; k < c.v.size(); ++k) c.v[k] = 1e-3 * static_cast<double>(k % 17) - 0.007;
  c.image[4] = -2;
  write_lammps_data(dir + "/a.data", c, "round trip");
  const auto r = read_lammps_data(dir + "/a.data", 3, {true, true, true});
  EXPECT_EQ(r.ids, c.ids);
  EXPECT_EQ(r.types, c.types);
  EXPECT_EQ(r.masses, c.masses);
  EXPECT_EQ(r.x, c.x);  // shortest round-trip formatting: bitwise equal
  EXPECT_EQ(r.v, c.v);
  EXPECT_EQ(r.image, c.image);
  EXPECT_EQ(r.box.xy, c.box.xy);
  EXPECT_EQ(r.box.yz, c.box.yz);
  for (int d = 0; d < 3; ++d) EXPECT_NEAR(r.box.len[d], c.box.len[d], 1e-12);
}

TEST(LammpsData, ReadsLammpsWriteData) {
  const std::string dir = scratch_dir("io_lammps_write_data");
  const auto c = tilted_sample();
  write_lammps_data(dir + "/in.data", c, "for LAMMPS");
  write_text(dir + "/in.lmp",
             "units metal\natom_style atomic\nboundary p p p\nread_data in.data\n"
             "pair_style lj/cut 6.0\npair_coeff * * 0.1 2.5\nvelocity all create 300 4928 dist gaussian\n"
             "displace_atoms all move 7.0 -5.0 3.0\n"  // pushes atoms across faces: image flags change
             "write_data out.data\n");
  std::string out;
  ASSERT_EQ(run_command("cd '" + dir + "' && lmp -nocite -log none -screen none -in in.lmp", out), 0) << out;
  const auto r = read_lammps_data(dir + "/out.data", 3, {true, true, true});
  ASSERT_EQ(r.size(), c.size());
  EXPECT_EQ(r.types, c.types);
  ASSERT_EQ(r.v.size(), r.x.size());
  double vmax = 0.0;
  for (double v : r.v) vmax = std::max(vmax, std::abs(v));
  EXPECT_GT(vmax, 0.0);
  // Unwrapped positions (x + image shifts) are the displaced originals.
  for (std::size_t i = 0; i < r.size(); ++i) {
    const Vec3 unwrapped = r.position(i) + r.box.lattice_shift(r.image[3 * i], r.image[3 * i + 1], r.image[3 * i + 2]);
    const Vec3 original = c.position(i) + c.box.lattice_shift(c.image[3 * i], c.image[3 * i + 1], c.image[3 * i + 2]) +
                          Vec3(7.0, -5.0, 3.0);
    ASSERT_NEAR((unwrapped - original).norm(), 0.0, 1e-9) << "atom " << c.ids[i];
  }
}

TEST(LammpsData, AcceptsZeroTopologyHeadersAndRejectsBonds) {
  const std::string dir = scratch_dir("io_topology_headers");
  const std::string body =
      "2 atom types\n0 bond types\n\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nAtoms\n\n"
      "2 2 5 5 5\n1 1 1 1 1\n";
  write_text(dir + "/ok.data", "title\n\n2 atoms\n0 bonds\n" + body);
  const auto c = read_lammps_data(dir + "/ok.data", 3, {true, true, true});
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c.ids[0], 1);  // sorted by ID
  EXPECT_EQ(c.types[1], 2);
  write_text(dir + "/bonds.data", "title\n\n2 atoms\n1 bonds\n" + body);
  EXPECT_THROW(read_lammps_data(dir + "/bonds.data", 3, {true, true, true}), InputError);
}

TEST(LammpsData, RejectsOtherAtomStylesWhereverTheAtomsSectionIs) {
  const std::string dir = scratch_dir("io_atom_style");
  const std::string head = "title\n\n1 atoms\n1 atom types\n\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\n";
  // Atoms first, and Atoms after Masses (the usual order of LAMMPS write_data).
  write_text(dir + "/first.data", head + "Atoms # charge\n\n1 1 0.5 1 1 1\n");
  write_text(dir + "/after.data", head + "Masses\n\n1 63.546\n\nAtoms # charge\n\n1 1 0.5 1 1 1\n");
  for (const char* f : {"/first.data", "/after.data"}) {
    try {
      read_lammps_data(dir + f, 3, {true, true, true});
      ADD_FAILURE() << f << " was accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("atom_style charge"), std::string::npos) << e.what();
    }
  }
}
