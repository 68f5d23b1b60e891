// SPDX-License-Identifier: BSD-3-Clause
// Frames from every file the analyses read: LAMMPS text dumps (ours and LAMMPS' own, in
// every position convention), data files and inherent-structure sequences, with the shear
// strain of each frame's cell; and one clear error for each kind of broken dump.
#include <gtest/gtest.h>

#include <cmath>

#include "atom_frames.hpp"
#include "error.hpp"
#include "inherent_sequence.hpp"
#include "lammps_data.hpp"
#include "lammps_dump.hpp"
#include "lammps_reference.hpp"
#include "sample_builder.hpp"
#include "trajectory.hpp"

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
  s.seed = 78;
  return build_lattice(s);
}

void expect_same_atoms(const Configuration& a, const Configuration& b, double tol) {
  ASSERT_EQ(a.ids, b.ids);
  EXPECT_EQ(a.types, b.types);
  for (int d = 0; d < 3; ++d) {
    EXPECT_NEAR(a.box.lo[d], b.box.lo[d], tol);
    EXPECT_NEAR(a.box.len[d], b.box.len[d], tol);
  }
  EXPECT_NEAR(a.box.xy, b.box.xy, tol);
  EXPECT_NEAR(a.box.xz, b.box.xz, tol);
  EXPECT_NEAR(a.box.yz, b.box.yz, tol);
  for (std::size_t i = 0; i < a.size(); ++i) {
    // Positions may differ by a lattice vector (LAMMPS wraps its dumps).
    const Vec3 d = a.box.minimum_image(a.position(i) - b.position(i));
    ASSERT_LT(d.norm(), tol) << "atom " << a.ids[i];
  }
}

// Where atom i has travelled: its position and image flags, as LAMMPS unwraps them.
Vec3 travelled_position(const Configuration& c, std::size_t i) {
  return c.position(i) + c.box.lattice_shift(c.image[3 * i], c.image[3 * i + 1], c.image[3 * i + 2]);
}

std::string write_dump(const std::string& path, const std::vector<Configuration>& frames) {
  LammpsDumpWriter w(path);
  long step = 0;
  for (const auto& c : frames) {
    FrameData f;
    f.step = step;
    step += 100;
    w.write(c, f);
  }
  return path;
}

// The broken dump's message, or "" when it reads.
std::string dump_error(const std::string& dir, const std::string& text) {
  write_text(dir + "/bad.dump", text);
  try {
    const AtomFrames frames(dir + "/bad.dump");
    for (std::size_t k = 0; k < frames.size(); ++k) frames.frame(k);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

const char* const kHeader =
    "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\n";

}  // namespace

TEST(LammpsDump, OurDumpsReadBackExactlyWithAtomsSortedById) {
  const std::string dir = scratch_dir("dump");
  Configuration a = tilted_sample();
  Configuration b = a;
  apply_shear_xy(b, 0.01);
  for (std::size_t k = 0; k < b.x.size(); ++k) b.x[k] += 1e-3 * std::sin(static_cast<double>(k));
  write_dump(dir + "/two.dump", {a, b});
  const LammpsDumpReader r(dir + "/two.dump");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r.step(1), 100);
  expect_same_atoms(r.frame(0), a, 1e-12);
  expect_same_atoms(r.frame(1), b, 1e-12);
  EXPECT_EQ(r.frame(1).x, b.x);  // the shortest round-trip text: bit for bit
}

// Atoms that travelled cells away: the dump holds them inside the cell (as LAMMPS' x y z, so
// OVITO draws them in the box) with image flags, and reads back where they travelled.
TEST(LammpsDump, PositionsAreWrittenInTheCellWithImageFlagsThatUnwrapThem) {
  const std::string dir = scratch_dir("images");
  Configuration c = tilted_sample();
  for (std::size_t i = 0; i < c.size(); ++i)
    c.set_position(i, c.position(i) + c.box.lattice_shift(static_cast<int>(i % 5) - 2, static_cast<int>(i % 3) - 1,
                                                          static_cast<int>(i % 7) - 3));
  {
    LammpsDumpWriter w(dir + "/far.dump");
    FrameData with_images;
    with_images.image_flags = true;
    w.write(c, with_images);
    w.write(c, FrameData{});
  }
  const LammpsDumpReader r(dir + "/far.dump");
  const Configuration unwrapped = r.frame(0), wrapped = r.frame(1);
  for (std::size_t i = 0; i < c.size(); ++i) {
    ASSERT_LT((unwrapped.position(i) - travelled_position(c, i)).norm(), 1e-9) << "atom " << c.ids[i];
    const Vec3 s = c.box.to_fractional(wrapped.position(i));
    for (int d = 0; d < 3; ++d) {
      EXPECT_GE(s[d], 0.0);
      EXPECT_LT(s[d], 1.0);
    }
    EXPECT_LT(c.box.minimum_image(wrapped.position(i) - c.position(i)).norm(), 1e-9);
  }
  EXPECT_NE(read_text(dir + "/far.dump").find("ITEM: ATOMS id type x y z ix iy iz\n"), std::string::npos);
}

TEST(LammpsDump, ReadsWhatLammpsWritesInEveryPositionConvention) {
  const std::string dir = scratch_dir("dump_lammps");
  const auto c = tilted_sample();
  write_lammps_data(dir + "/in.data", c, "for LAMMPS");
  write_text(dir + "/in.lmp",
             "units metal\natom_style atomic\nboundary p p p\nread_data in.data\n"
             "displace_atoms all move 7.0 -5.0 3.0\n"  // atoms cross faces: wrapped and unwrapped differ
             "dump a all custom 1 x.dump id type x y z\n"
             "dump b all custom 1 s.dump type id xs ys zs vx\n"
             "dump c all custom 1 u.dump id type xu yu zu\n"
             "dump d all atom 1 atom.dump\n"
             "dump e all custom 1 i.dump id type x y z ix iy iz\n"
             "run 0\n");
  std::string out;
  ASSERT_EQ(run_command("cd '" + dir + "' && lmp -nocite -log none -screen none -in in.lmp", out), 0) << out;
  Configuration moved = c;
  for (std::size_t i = 0; i < moved.size(); ++i) moved.set_position(i, c.position(i) + Vec3(7.0, -5.0, 3.0));
  for (const char* name : {"x.dump", "s.dump", "u.dump", "atom.dump"}) {
    SCOPED_TRACE(name);
    const AtomFrames frames(dir + "/" + name);
    EXPECT_EQ(frames.kind(), "dump");
    ASSERT_EQ(frames.size(), 1u);
    expect_same_atoms(frames.frame(0), moved, 2e-4);  // LAMMPS writes 6 significant digits
  }
  // With image flags, where each atom travelled (not only modulo the cell).
  const Configuration travelled = AtomFrames(dir + "/i.dump").frame(0);
  for (std::size_t i = 0; i < moved.size(); ++i)
    ASSERT_LT((travelled.position(i) - travelled_position(moved, i)).norm(), 2e-4) << "atom " << moved.ids[i];
}

TEST(AtomFrames, StrainOfEachFrameUndoesTiltFlips) {
  const std::string dir = scratch_dir("flips");
  Configuration c = tilted_sample();
  c.box.xy = 0.0;
  const double lx = c.box.len[0], ly = c.box.len[1];
  std::vector<Configuration> frames;
  for (double g : {0.0, 0.3, 0.6}) {
    Configuration f = c;
    f.box.xy = g * ly;
    frames.push_back(f);
  }
  // What LAMMPS does past xy = lx/2: the same lattice with the tilt less one lx.
  Configuration flipped = c;
  flipped.box.xy = 0.9 * ly - lx;
  frames.push_back(flipped);
  ASSERT_GT(0.9 * ly, 0.5 * lx);
  const AtomFrames read(write_dump(dir + "/flip.dump", frames));
  ASSERT_EQ(read.size(), 4u);
  EXPECT_NEAR(read.strains()[0], 0.0, 1e-12);
  EXPECT_NEAR(read.strains()[1], 0.3, 1e-12);
  EXPECT_NEAR(read.strains()[2], 0.6, 1e-12);
  EXPECT_NEAR(read.strains()[3], 0.9, 1e-12);
}

TEST(AtomFrames, DataFilesAndSequencesAreFramesToo) {
  const std::string dir = scratch_dir("kinds");
  Configuration c = tilted_sample();
  c.box.xz = c.box.yz = 0.0;
  write_lammps_data(dir + "/a.data", c, "one frame");
  const AtomFrames data(dir + "/a.data");
  EXPECT_EQ(data.kind(), "data");
  ASSERT_EQ(data.size(), 1u);
  expect_same_atoms(data.frame(0), c, 1e-12);

  Configuration zero = c;
  zero.box.xy = 0.0;
  {
    InherentSequenceWriter w(dir + "/seq.h5", zero, false);
    SequenceFrame f;
    f.positions = Eigen::Map<const VectorXd>(c.x.data(), static_cast<Eigen::Index>(c.x.size()));
    f.strain = 0.0;
    w.append(f);
    f.strain = 0.03;
    w.append(f);
  }
  const AtomFrames seq(dir + "/seq.h5");
  EXPECT_EQ(seq.kind(), "sequence");
  ASSERT_EQ(seq.size(), 2u);
  EXPECT_DOUBLE_EQ(seq.strains()[1], 0.03);
  const Configuration f1 = seq.frame(1);
  EXPECT_NEAR(f1.box.xy, 0.03 * c.box.len[1], 1e-12);
  EXPECT_EQ(f1.x, c.x);
  EXPECT_THROW(seq.frame(2), InputError);
}

TEST(AtomFrames, PlanarFramesReadAsTwoDimensionalAndOthersAreRefused) {
  Configuration c = tilted_sample();
  EXPECT_THROW(as_planar(c, "test"), InputError);  // xz, yz tilts and z != 0
  c.box.xz = c.box.yz = 0.0;
  for (std::size_t i = 0; i < c.size(); ++i) c.x[3 * i + 2] = 0.0;
  const Configuration p = as_planar(c, "test");
  EXPECT_EQ(p.box.dimension, 2);
}

TEST(LammpsDump, ATruncatedLastFrameIsDroppedAndEveryFrameBeforeItStands) {
  const std::string dir = scratch_dir("truncated");
  const auto c = tilted_sample();
  const std::string path = write_dump(dir + "/t.dump", {c, c, c});
  std::string text = read_text(path);
  text.resize(text.size() - 200);  // killed while writing the third frame
  write_text(path, text);
  const LammpsDumpReader r(path);
  EXPECT_EQ(r.size(), 2u);
  expect_same_atoms(r.frame(1), c, 1e-12);
}

TEST(LammpsDump, BrokenDumpsAreOneErrorNamingTheFileAndLine) {
  const std::string dir = scratch_dir("broken");
  const std::string atoms = "ITEM: ATOMS id type x y z\n1 1 1 1 1\n2 1 2 2 2\n";
  EXPECT_EQ(dump_error(dir, std::string(kHeader) + atoms), "");
  EXPECT_NE(
      dump_error(dir, std::string(kHeader) + "ITEM: ATOMS id type x y z\n1 1 1 1 1\n").find("holds no complete frame"),
      std::string::npos);
  EXPECT_NE(dump_error(dir, "ITEM: TIMESTEP\nten\n").find("line 2"), std::string::npos);
  EXPECT_NE(dump_error(dir, std::string(kHeader) + "ITEM: ATOMS id type vx vy vz\n1 1 0 0 0\n2 1 0 0 0\n")
                .find("no positions"),
            std::string::npos);
  EXPECT_NE(dump_error(dir, std::string(kHeader) + "ITEM: ATOMS type x y z\n1 1 1 1\n1 2 2 2\n").find("no 'id'"),
            std::string::npos);
  EXPECT_NE(dump_error(dir, std::string(kHeader) + "ITEM: ATOMS id type x y z\n1 1 1 nan 1\n2 1 2 2 2\n")
                .find("line 10: 'nan' is not a finite number"),
            std::string::npos);
  EXPECT_NE(dump_error(dir, std::string(kHeader) + "ITEM: ATOMS id type x y z\n1 1 1 1 1\n1 1 2 2 2\n")
                .find("atom ID 1 twice"),
            std::string::npos);
  EXPECT_NE(dump_error(dir, std::string(kHeader) + "ITEM: ATOMS id type x y z\n1 1 1 1\n2 1 2 2 2\n").find("4 values"),
            std::string::npos);
  EXPECT_NE(
      dump_error(dir, "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n99999999999\n").find("more than the file can hold"),
      std::string::npos);
  EXPECT_NE(dump_error(dir, "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 10\n5 5\n0 1\n")
                .find("empty along y"),
            std::string::npos);
  EXPECT_NE(dump_error(dir, "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS abc origin\n")
                .find("general triclinic"),
            std::string::npos);
  for (const std::string& e :
       {dump_error(dir, "ITEM: TIMESTEP\nten\n"), dump_error(dir, std::string(kHeader) + "ITEM: ATOMS id x y z\n")})
    EXPECT_NE(e.find("bad.dump"), std::string::npos) << e;
}

// A named per-atom column comes back in frame()'s atom order (sorted by ID), whatever order the
// file lists the atoms in, for each frame on its own; a missing column or a value that is no
// number is one error naming the file, the frame and the column.
TEST(LammpsDump, ANamedColumnReadsBackInAtomIdOrder) {
  const std::string dir = scratch_dir("dump_column");
  const std::string frame0 = std::string(kHeader) + "ITEM: ATOMS id type x y z p_hop C_over_L_max\n" +
                             "7 1 1 1 1 0.5 2.25\n3 1 2 2 2 1.5 0\n";
  const std::string frame1 = "ITEM: TIMESTEP\n5\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 "
                             "10\nITEM: ATOMS id C_over_L_max type x y z\n3 4e-1 1 2 2 2\n7 1.75 1 1 1 1\n";
  write_text(dir + "/labels.dump", frame0 + frame1);
  const LammpsDumpReader r(dir + "/labels.dump");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r.frame(0).ids, (std::vector<long>{3, 7}));
  EXPECT_EQ(r.column(0, "C_over_L_max"), (std::vector<double>{0.0, 2.25}));
  EXPECT_EQ(r.column(0, "p_hop"), (std::vector<double>{1.5, 0.5}));
  EXPECT_EQ(r.column(1, "C_over_L_max"), (std::vector<double>{0.4, 1.75}));
  EXPECT_EQ(r.column(0, "x"), (std::vector<double>{2.0, 1.0}));
  auto error_of = [&](std::size_t k, const std::string& name) {
    try {
      r.column(k, name);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::string missing = error_of(1, "p_hop");
  EXPECT_NE(missing.find("labels.dump' frame 1 column 'p_hop'"), std::string::npos) << missing;
  write_text(dir + "/bad.dump", std::string(kHeader) + "ITEM: ATOMS id type x y z events\n1 1 1 1 1 2\n2 1 2 2 2 two\n");
  const LammpsDumpReader bad(dir + "/bad.dump");
  std::string message;
  try {
    bad.column(0, "events");
  } catch (const InputError& e) {
    message = e.what();
  }
  EXPECT_NE(message.find("bad.dump' frame 0 column 'events'"), std::string::npos) << message;
  EXPECT_NE(message.find("'two' is not a finite number"), std::string::npos) << message;
  EXPECT_EQ(bad.column(0, "type"), (std::vector<double>{1.0, 1.0}));
}
