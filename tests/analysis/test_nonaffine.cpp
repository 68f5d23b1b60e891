// SPDX-License-Identifier: BSD-3-Clause
// The inherent-structure sequence file (append, resume, truncated files, refusals) and the
// nonaffine distance matrix: zero for affine shear across large tilts, |d|^2/N for one
// displaced atom, equal to a brute-force sum on unwrapped positions, ASNaD as the matrix's
// band, independent of the block size; and `metabasin nadm` end to end.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "catalog.hpp"
#include "catalog_file.hpp"
#include "error.hpp"
#include "fractal_dimension.hpp"
#include "hdf5_reader.hpp"
#include "inherent_sequence.hpp"
#include "lammps_reference.hpp"
#include "nonaffine.hpp"

using namespace metabasin;
using namespace metabasin::testing;
using nlohmann::json;

namespace {

/// Random atoms in a periodic cell (lower corner away from the origin, a small initial tilt);
/// the first 20 sit within 0.1 % of a face so that they wrap as the cell shears.
Configuration random_atoms(int n, int dimension, unsigned seed) {
  Configuration c;
  c.box.dimension = dimension;
  c.box.lo = Vec3(-3.0, 2.0, dimension == 2 ? -0.5 : 1.0);
  c.box.len = Vec3(30.0, 40.0, dimension == 2 ? 1.0 : 20.0);
  c.box.xy = 1.7;
  if (dimension == 3) {
    c.box.xz = -2.0;
    c.box.yz = 1.5;
  }
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  c.ntypes = 2;
  for (int i = 0; i < n; ++i) {
    c.ids.push_back(10 + 3 * i);
    c.types.push_back(1 + i % 2);
  }
  c.x.resize(3 * n);
  for (int i = 0; i < n; ++i) {
    Vec3 f(u(rng), u(rng), dimension == 2 ? 0.5 : u(rng));
    if (i < 20) f[i % 2] = (i % 4 < 2) ? 1e-3 : 1.0 - 1e-3;
    Vec3 r = c.box.to_cartesian(f);
    if (dimension == 2) r[2] = 0.0;
    c.set_position(i, r);
  }
  c.image.assign(3 * n, 0);
  return c;
}

VectorXd positions(const Configuration& c) {
  return Eigen::Map<const VectorXd>(c.x.data(), static_cast<Eigen::Index>(c.x.size()));
}

Box cell_at(const Box& zero, double g) {
  Box b = zero;
  b.xy += g * b.len[1];
  return b;
}

/// Unwrapped affine image of the strain-0 positions at strain g: x + g (y - ylo).
VectorXd affine(const Configuration& c0, double g) {
  VectorXd x = positions(c0);
  for (std::size_t i = 0; i < c0.size(); ++i) x[3 * i] += g * (x[3 * i + 1] - c0.box.lo[1]);
  return x;
}

/// Positions wrapped into the cell at strain g, as a run stores them.
VectorXd wrapped(const Configuration& c0, double g, const VectorXd& x) {
  const Box b = cell_at(c0.box, g);
  VectorXd out = x;
  for (std::size_t i = 0; i < c0.size(); ++i) {
    std::array<int, 3> img{0, 0, 0};
    const Vec3 r = b.wrap(Vec3(x[3 * i], x[3 * i + 1], x[3 * i + 2]), img);
    for (int d = 0; d < 3; ++d) out[3 * i + d] = r[d];
  }
  return out;
}

void write_sequence(const std::string& path, const Configuration& c0, const std::vector<double>& strains,
                    const std::vector<VectorXd>& frames) {
  InherentSequenceWriter w(path, c0, false);
  for (std::size_t k = 0; k < frames.size(); ++k) {
    SequenceFrame f;
    f.strain = strains[k];
    f.time = 1e-3 * static_cast<double>(k);
    f.energy = -100.0 - static_cast<double>(k);
    f.shear_stress = 0.1 * static_cast<double>(k);
    f.positions = frames[k];
    w.append(f);
  }
}

std::vector<double> uniform_strains(int count, double step) {
  std::vector<double> g;
  for (int k = 0; k < count; ++k) g.push_back(step * k);
  return g;
}

/// Affine frames with Gaussian nonaffine noise: the unwrapped positions and the stored ones.
struct NoisySequence {
  Configuration c0;
  std::vector<double> strains;
  std::vector<VectorXd> unwrapped, stored;
};

NoisySequence noisy_sequence(int natoms, int frames, double step, double noise, unsigned seed) {
  NoisySequence s;
  s.c0 = random_atoms(natoms, 2, seed);
  s.strains = uniform_strains(frames, step);
  std::mt19937 rng(seed + 1);
  std::normal_distribution<double> gauss(0.0, noise);
  for (double g : s.strains) {
    VectorXd x = affine(s.c0, g);
    for (std::size_t i = 0; i < s.c0.size(); ++i)
      for (int d = 0; d < 2; ++d) x[3 * i + d] += gauss(rng);
    s.unwrapped.push_back(x);
    s.stored.push_back(wrapped(s.c0, g, x));
  }
  return s;
}

/// Delta2 straight from the definition on unwrapped positions (no periodic images involved).
double reference_delta2(const Configuration& c0, double g1, const VectorXd& x1, double g2, const VectorXd& x2) {
  double sum = 0.0;
  for (std::size_t i = 0; i < c0.size(); ++i) {
    Vec3 d(x2[3 * i] - x1[3 * i] - (g2 - g1) * (x1[3 * i + 1] - c0.box.lo[1]), x2[3 * i + 1] - x1[3 * i + 1],
           x2[3 * i + 2] - x1[3 * i + 2]);
    sum += d.squaredNorm();
  }
  return sum / static_cast<double>(c0.size());
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// NaDM and ASNaD

TEST(Nonaffine, AffineShearGivesZeroMatrixAcrossLargeTilts) {
  for (int dimension : {2, 3}) {  // the 3D cell has xz and yz tilts too
    const std::string dir = scratch_dir("nadm_affine_" + std::to_string(dimension));
    const Configuration c0 = random_atoms(200, dimension, 11);
    std::vector<double> strains = uniform_strains(61, 0.01);  // xy reaches 1.7 + 24 = 0.8 lx
    std::vector<VectorXd> frames;
    double moved = 0.0;
    for (double g : strains) {
      Configuration c = c0;
      apply_shear_xy(c, g);
      const VectorXd affine_image = positions(c);
      // Store the atoms as LAMMPS does after a box flip: wrapped into the cell whose tilt is
      // brought back within lx/2, so they jump across faces between frames.
      c.box.xy -= c.box.len[0] * std::round(c.box.xy / c.box.len[0]);
      wrap_atoms(c);
      frames.push_back(positions(c));
      moved = std::max(moved, (frames.back() - affine_image).cwiseAbs().maxCoeff());
    }
    EXPECT_GT(moved, 10.0);  // a plain difference of positions would be far from zero
    write_sequence(dir + "/seq.h5", c0, strains, frames);
    const InherentSequenceReader seq(dir + "/seq.h5");
    const Nadm m = nadm(seq, NadmParams{});
    ASSERT_EQ(m.delta2.rows(), 61);
    const double l2 = 30.0 * 40.0;
    EXPECT_LT(m.delta2.cwiseAbs().maxCoeff(), 1e-24 * l2) << "dimension " << dimension;
    EXPECT_EQ(m.atoms.size(), 200u);
  }
}

TEST(Nonaffine, OneDisplacedAtomGivesItsSquaredDisplacementOverN) {
  const std::string dir = scratch_dir("nadm_one_atom");
  const Configuration c0 = random_atoms(200, 2, 12);
  const std::vector<double> strains = uniform_strains(21, 0.03);
  const std::size_t moved = 0, k = 7;  // atom 0 sits at a face: the push carries it across
  const Vec3 d(-0.3, 0.2, 0.0);
  std::vector<VectorXd> frames;
  for (std::size_t j = 0; j < strains.size(); ++j) {
    VectorXd x = affine(c0, strains[j]);
    if (j == k)
      for (int a = 0; a < 3; ++a) x[3 * moved + a] += d[a];
    frames.push_back(wrapped(c0, strains[j], x));
  }
  write_sequence(dir + "/seq.h5", c0, strains, frames);
  const InherentSequenceReader seq(dir + "/seq.h5");
  const Nadm m = nadm(seq, NadmParams{});
  const double n = 200.0;
  for (std::size_t j = 0; j < strains.size(); ++j) {
    const auto jj = static_cast<Eigen::Index>(j), kk = static_cast<Eigen::Index>(k);
    if (j == k) {
      EXPECT_EQ(m.delta2(kk, kk), 0.0);
      continue;
    }
    // Frame k as g2: the displacement itself. Frame k as g1: F carries it to d + dg d_y e1.
    const Vec3 carried(d[0] + (strains[j] - strains[k]) * d[1], d[1], d[2]);
    EXPECT_NEAR(m.delta2(jj, kk), d.squaredNorm() / n, 1e-13) << "j " << j;
    EXPECT_NEAR(m.delta2(kk, jj), carried.squaredNorm() / n, 1e-13) << "j " << j;
    for (std::size_t i = 0; i < strains.size(); ++i)
      if (i != k) EXPECT_LT(m.delta2(static_cast<Eigen::Index>(i), jj), 1e-25);
  }
  // Without the moved atom the sequence is affine.
  NadmParams p;
  for (std::size_t i = 1; i < 200; i += 2) p.atoms.push_back(i);
  EXPECT_LT(nadm(seq, p).delta2.cwiseAbs().maxCoeff(), 1e-25);
  p.atoms = {moved, 5, 6, 9};
  const Nadm four = nadm(seq, p);
  EXPECT_NEAR(four.delta2(0, static_cast<Eigen::Index>(k)), d.squaredNorm() / 4.0, 1e-13);
}

TEST(Nonaffine, LargeStrainsKeepTheShortestImage) {
  // At strain 2 the tilt is 80 Å in a 30 Å wide cell: rounding fractional coordinates in that
  // cell would turn a displacement (0.5, 8) into (30.5, 8). Displacements longer than half
  // the narrowest face distance of the reduced cell (here ~14 Å) take the exact search.
  const Configuration c0 = random_atoms(50, 2, 25);
  const std::vector<std::size_t> all;
  for (double g1 : {0.5, 1.0, 2.0, 5.0, -3.0})
    for (const Vec3& d : {Vec3(0.5, 8.0, 0.0), Vec3(1.0, 15.0, 0.0), Vec3(-13.0, 2.0, 0.0)}) {
      const double g2 = g1 + 0.02;
      VectorXd x2 = affine(c0, g2);
      for (int a = 0; a < 3; ++a) x2[a] += d[a];  // atom 0
      const VectorXd s1 = wrapped(c0, g1, affine(c0, g1)), s2 = wrapped(c0, g2, x2);
      EXPECT_NEAR(delta2(c0, g1, s1, g2, s2, all), d.squaredNorm() / 50.0, 1e-10) << g1 << " " << d.transpose();
      const Vec3 back(d[0] - 0.02 * d[1], d[1], d[2]);  // F(g2 -> g1) applied to -d
      EXPECT_NEAR(delta2(c0, g2, s2, g1, s1, all), back.squaredNorm() / 50.0, 1e-10) << g1 << " " << d.transpose();
    }
  // At g = 0.3325 the tilt is 1.7 + 13.3 = lx/2, where even rounding in the reduced cell
  // returns (14, 19) for a displacement whose shortest image is (14, 19) - b = (-1, -21).
  const double g1 = 0.3125, g2 = 0.3325;
  const Vec3 d(14.0, 19.0, 0.0);
  VectorXd x2 = affine(c0, g2);
  for (int a = 0; a < 3; ++a) x2[a] += d[a];
  const double shortest = cell_at(c0.box, g2).minimum_image(d).squaredNorm();
  EXPECT_NEAR(shortest, 1.0 + 21.0 * 21.0, 1e-9);
  EXPECT_NEAR(delta2(c0, g1, wrapped(c0, g1, affine(c0, g1)), g2, wrapped(c0, g2, x2), all), shortest / 50.0, 1e-10);
}

TEST(Nonaffine, MatrixEqualsTheDefinitionOnUnwrappedPositions) {
  const std::string dir = scratch_dir("nadm_reference");
  const NoisySequence s = noisy_sequence(150, 40, 0.02, 0.3, 13);  // strain 0 .. 0.78
  write_sequence(dir + "/seq.h5", s.c0, s.strains, s.stored);
  const InherentSequenceReader seq(dir + "/seq.h5");
  const Nadm m = nadm(seq, NadmParams{});
  double largest = 0.0;
  for (std::size_t i = 0; i < s.strains.size(); ++i)
    for (std::size_t j = 0; j < s.strains.size(); ++j) {
      const double ref = reference_delta2(s.c0, s.strains[i], s.unwrapped[i], s.strains[j], s.unwrapped[j]);
      const double got = m.delta2(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
      ASSERT_NEAR(got, ref, 1e-12 * (1.0 + ref)) << i << ", " << j;
      largest = std::max(largest, got);
    }
  EXPECT_GT(largest, 0.1);
  // Not symmetric: F^-1 is not a rotation.
  EXPECT_GT(std::abs(m.delta2(0, 39) - m.delta2(39, 0)), 1e-3);
  // The single-pair function agrees to the last bit.
  const std::vector<std::size_t> none;
  EXPECT_EQ(delta2(seq.atoms(), s.strains[3], s.stored[3], s.strains[30], s.stored[30], none), m.delta2(3, 30));
  EXPECT_EQ(delta2(seq.atoms(), s.strains[30], s.stored[30], s.strains[3], s.stored[3], none), m.delta2(30, 3));
}

TEST(Nonaffine, AsnadIsTheMatrixBand) {
  const std::string dir = scratch_dir("nadm_asnad_band");
  const NoisySequence s = noisy_sequence(120, 61, 0.005, 0.05, 14);
  write_sequence(dir + "/seq.h5", s.c0, s.strains, s.stored);
  const InherentSequenceReader seq(dir + "/seq.h5");
  for (std::size_t stride : {1, 2}) {
    NadmParams p;
    p.stride = stride;
    p.block = 7;
    for (std::size_t i = 0; i < 120; i += 3) p.atoms.push_back(i);
    const Nadm m = nadm(seq, p);
    const double step = 0.005 * static_cast<double>(stride);
    for (double xi : {0.01, 0.03, 0.1, 0.2}) {
      if (xi < 2 * step * (1 - 1e-9)) continue;
      const Asnad a = asnad(seq, xi, p);
      const auto s_lag = static_cast<std::size_t>(std::lround(xi / (2 * step)));
      ASSERT_EQ(a.half_lag, s_lag) << xi;
      ASSERT_EQ(a.strain, m.strain);
      std::size_t defined = 0;
      for (std::size_t k = 0; k < a.delta2.size(); ++k) {
        if (k < s_lag || k + s_lag >= a.delta2.size()) {
          EXPECT_TRUE(std::isnan(a.delta2[k])) << k;
          continue;
        }
        ++defined;
        const double band = m.delta2(static_cast<Eigen::Index>(k - s_lag), static_cast<Eigen::Index>(k + s_lag));
        EXPECT_GT(band, 0.0);
        EXPECT_NEAR(a.delta2[k], band, 1e-14) << "xi " << xi << " k " << k;
      }
      EXPECT_EQ(defined, m.strain.size() - 2 * s_lag);
    }
  }
}

TEST(Nonaffine, AsnadRefusesUnevenStepsAndShortLapses) {
  const std::string dir = scratch_dir("nadm_asnad_refusals");
  const NoisySequence s = noisy_sequence(30, 12, 0.01, 0.02, 15);
  write_sequence(dir + "/even.h5", s.c0, s.strains, s.stored);
  const InherentSequenceReader even(dir + "/even.h5");
  EXPECT_NE(error_of([&] { asnad(even, 0.015, NadmParams{}); }).find("below twice the strain step"), std::string::npos);
  EXPECT_NE(error_of([&] { asnad(even, 0.5, NadmParams{}); }).find("spans more than"), std::string::npos);
  EXPECT_EQ(asnad(even, 0.02, NadmParams{}).half_lag, 1u);
  std::vector<double> uneven = s.strains;
  uneven[5] += 0.004;
  write_sequence(dir + "/uneven.h5", s.c0, uneven, s.stored);
  const InherentSequenceReader odd(dir + "/uneven.h5");
  const std::string e = error_of([&] { asnad(odd, 0.04, NadmParams{}); });
  EXPECT_NE(e.find("not uniform"), std::string::npos) << e;
  EXPECT_NE(e.find("uneven.h5"), std::string::npos) << e;
}

TEST(Nonaffine, BlockSizeDoesNotChangeTheMatrixAndStrideSubsamples) {
  const std::string dir = scratch_dir("nadm_blocks");
  const NoisySequence s = noisy_sequence(80, 23, 0.01, 0.1, 16);
  write_sequence(dir + "/seq.h5", s.c0, s.strains, s.stored);
  const InherentSequenceReader seq(dir + "/seq.h5");
  NadmParams p;
  p.block = 64;
  const Nadm whole = nadm(seq, p);
  for (std::size_t block : {1, 3, 22, 23}) {
    p.block = block;
    std::size_t calls = 0;
    p.progress = [&](std::size_t, std::size_t) { ++calls; };
    const Nadm m = nadm(seq, p);
    EXPECT_TRUE(m.delta2 == whole.delta2) << "block " << block;  // bitwise
    EXPECT_EQ(calls, (23 + block - 1) / block);
  }
  // A subset small enough (3 n <= M) that nadm keeps every frame's coordinates instead of
  // rereading blocks: the same entries, pair by pair, for every block size.
  const std::vector<std::size_t> seven = {0, 4, 9, 16, 25, 36, 49};
  for (std::size_t block : {1, 3, 64}) {
    NadmParams q;
    q.atoms = seven;
    q.block = block;
    const Nadm m = nadm(seq, q);
    for (std::size_t i = 0; i < 23; ++i)
      for (std::size_t j = 0; j < 23; ++j)
        ASSERT_EQ(m.delta2(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)),
                  i == j ? 0.0 : delta2(seq.atoms(), s.strains[i], s.stored[i], s.strains[j], s.stored[j], seven))
            << "block " << block << " (" << i << ", " << j << ")";
  }
  p = NadmParams{};
  p.stride = 3;
  p.block = 2;
  const Nadm sub = nadm(seq, p);
  ASSERT_EQ(sub.strain.size(), 8u);  // frames 0, 3, ..., 21
  for (std::size_t a = 0; a < 8; ++a) {
    EXPECT_EQ(sub.frames[a], 3 * a);
    EXPECT_EQ(sub.strain[a], s.strains[3 * a]);
    for (std::size_t b = 0; b < 8; ++b)
      EXPECT_EQ(sub.delta2(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)),
                whole.delta2(static_cast<Eigen::Index>(3 * a), static_cast<Eigen::Index>(3 * b)));
  }
}

TEST(Nonaffine, CentralSubsystemTakesTheAtomsNearestTheCentre) {
  Configuration c = random_atoms(100, 2, 17);
  const Vec3 centre = c.box.to_cartesian(Vec3(0.5, 0.5, 0.5));
  // Atom 50 is a whole cell edge away from the centre plus 0.01: periodically the nearest.
  c.set_position(50, centre + Vec3(30.0 + 0.01, 0.0, -centre[2]));
  c.set_position(60, centre + Vec3(0.0, -0.02, -centre[2]));
  const auto two = central_subsystem(c, 2);
  EXPECT_EQ(two, (std::vector<std::size_t>{50, 60}));
  const auto ten = central_subsystem(c, 10);
  EXPECT_EQ(ten.size(), 10u);
  EXPECT_TRUE(std::is_sorted(ten.begin(), ten.end()));
  double worst_in = 0.0, best_out = 1e9;
  for (std::size_t i = 0; i < c.size(); ++i) {
    Vec3 d = c.box.minimum_image(c.position(i) - centre);
    d[2] = 0.0;
    if (std::find(ten.begin(), ten.end(), i) != ten.end())
      worst_in = std::max(worst_in, d.norm());
    else
      best_out = std::min(best_out, d.norm());
  }
  EXPECT_LT(worst_in, best_out);
  EXPECT_THROW(central_subsystem(c, 0), InputError);
  EXPECT_THROW(central_subsystem(c, 101), InputError);
  EXPECT_EQ(central_subsystem(c, 100), all_atoms(100));
}

// ---------------------------------------------------------------------------------------------
// The sequence file

TEST(InherentSequence, ResumeAppendsAndBlocksReadBack) {
  const std::string dir = scratch_dir("sequence_resume");
  const std::string path = dir + "/seq.h5";
  const NoisySequence s = noisy_sequence(40, 9, 0.01, 0.1, 18);
  {
    InherentSequenceWriter w(path, s.c0, false);
    EXPECT_THROW(w.last(), InputError);
    for (int k = 0; k < 4; ++k) w.append({s.strains[k], 2.0 * k, -1.0 * k, 0.5 * k, s.stored[k]});
    EXPECT_EQ(w.size(), 4u);
    EXPECT_EQ(w.last().positions, s.stored[3]);
    EXPECT_THROW(w.append({0.0, 0.0, 0.0, 0.0, VectorXd::Zero(6)}), InputError);
  }
  {
    InherentSequenceWriter w(path, s.c0, true);
    EXPECT_EQ(w.size(), 4u);
    const SequenceFrame last = w.last();
    EXPECT_EQ(last.strain, s.strains[3]);
    EXPECT_EQ(last.time, 6.0);
    EXPECT_EQ(last.energy, -3.0);
    EXPECT_EQ(last.shear_stress, 1.5);
    EXPECT_EQ(last.positions, s.stored[3]);
    for (int k = 4; k < 9; ++k) w.append({s.strains[k], 2.0 * k, -1.0 * k, 0.5 * k, s.stored[k]});
    EXPECT_EQ(InherentSequenceReader(path).size(), 9u);  // readable while the writer has it open
  }
  {
    const InherentSequenceReader r(path);
    ASSERT_EQ(r.size(), 9u);
    EXPECT_EQ(r.natoms(), 40u);
    EXPECT_EQ(r.atoms().ids, s.c0.ids);
    EXPECT_EQ(r.atoms().types, s.c0.types);
    EXPECT_TRUE(r.atoms().box == s.c0.box);
    EXPECT_EQ(r.strains(), s.strains);
    for (int k = 0; k < 9; ++k) {
      EXPECT_EQ(r.times()[k], 2.0 * k);
      EXPECT_EQ(r.energies()[k], -1.0 * k);
      EXPECT_EQ(r.shear_stresses()[k], 0.5 * k);
    }
    const auto block = r.positions(2, 3);
    ASSERT_EQ(block.size(), 3u);
    for (int k = 0; k < 3; ++k) EXPECT_EQ(block[k], s.stored[2 + k]);
    const auto strided = r.positions(1, 3, 3);  // frames 1, 4, 7
    for (int k = 0; k < 3; ++k) EXPECT_EQ(strided[k], s.stored[1 + 3 * k]);
    EXPECT_THROW(r.positions(7, 3), InputError);
  }
  // Positions are chunked one frame per chunk and compressed.
  {
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    const hid_t set = H5Dopen2(f, "/sequence/positions", H5P_DEFAULT);
    const hid_t props = H5Dget_create_plist(set);
    hsize_t chunk[3] = {0, 0, 0};
    EXPECT_EQ(H5Pget_chunk(props, 3, chunk), 3);
    EXPECT_EQ(chunk[0], 1u);
    EXPECT_EQ(chunk[1], 40u);
    EXPECT_EQ(H5Pget_nfilters(props), 2);
    H5Pclose(props);
    H5Dclose(set);
    H5Fclose(f);
  }
  // Without resume the file starts over; with resume and no file, a new one is made.
  { InherentSequenceWriter w(path, s.c0, false); }
  EXPECT_EQ(InherentSequenceReader(path).size(), 0u);
  std::filesystem::remove(path);
  {
    InherentSequenceWriter w(path, s.c0, true);
    w.append({0.0, 0.0, 0.0, std::nan(""), s.stored[0]});
  }
  EXPECT_EQ(InherentSequenceReader(path).size(), 1u);
  EXPECT_TRUE(std::isnan(InherentSequenceReader(path).shear_stresses()[0]));
}

TEST(InherentSequence, KillNineKeepsEveryFrameAppended) {
  // A child process appends frames as fast as it can and reports each one after append()
  // returns; it is killed with SIGKILL mid-stream. Every reported frame must be on disk.
  const std::string path = scratch_dir("sequence_kill") + "/seq.h5";
  const Configuration c0 = random_atoms(500, 2, 26);
  auto frame = [&](int k) {
    SequenceFrame f;
    f.strain = 1e-4 * k;
    f.energy = -k;
    f.positions = wrapped(c0, f.strain, affine(c0, f.strain));
    return f;
  };
  int report[2];
  ASSERT_EQ(pipe(report), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(report[0]);
    InherentSequenceWriter w(path, c0, false);
    for (int k = 0; k < 100000; ++k) {
      w.append(frame(k));
      if (write(report[1], &k, sizeof k) != sizeof k) break;
    }
    _exit(0);
  }
  close(report[1]);
  int k = -1, last = -1;
  while (last < 30 && read(report[0], &k, sizeof k) == sizeof k) last = k;
  // While the writer runs, a reader (HDF5's single-writer/multiple-reader mode) sees at least
  // every frame reported so far.
  std::size_t seen = 0;
  const std::string error = error_of([&] { seen = InherentSequenceReader(path).size(); });
  const int reported = last;
  kill(pid, SIGKILL);
  EXPECT_EQ(error, "");
  EXPECT_GE(seen, static_cast<std::size_t>(reported + 1));
  waitpid(pid, nullptr, 0);
  while (read(report[0], &k, sizeof k) == sizeof k) last = k;  // reports sent before the kill
  close(report[0]);
  ASSERT_GE(last, 30) << "the writer ended before reporting 30 frames";
  std::size_t frames = 0;
  {
    const InherentSequenceReader r(path);
    frames = r.size();
    ASSERT_GE(frames, static_cast<std::size_t>(last + 1));
    EXPECT_LE(frames, static_cast<std::size_t>(last + 2));  // at most the frame being appended
    EXPECT_EQ(r.positions(static_cast<std::size_t>(last), 1).front(), frame(last).positions);
    EXPECT_EQ(r.energies()[static_cast<std::size_t>(last)], -last);
  }
  // Resuming continues after the last whole frame.
  InherentSequenceWriter w(path, c0, true);
  EXPECT_EQ(w.size(), frames);
  EXPECT_EQ(w.last().strain, frame(static_cast<int>(frames) - 1).strain);
}

TEST(InherentSequence, ResumeRefusesOtherAtomsAndLeavesTheFile) {
  const std::string dir = scratch_dir("sequence_other_atoms");
  const std::string path = dir + "/seq.h5";
  const NoisySequence s = noisy_sequence(30, 3, 0.01, 0.1, 19);
  write_sequence(path, s.c0, s.strains, s.stored);
  Configuration other_ids = s.c0;
  other_ids.ids[4] += 1000;
  Configuration other_cell = s.c0;
  other_cell.box.xy += 0.5;
  Configuration other_count = random_atoms(31, 2, 19);
  for (const Configuration* c : {&other_ids, &other_cell, &other_count}) {
    const std::string e = error_of([&] { InherentSequenceWriter w(path, *c, true); });
    EXPECT_NE(e.find(path), std::string::npos) << e;
    EXPECT_NE(e.find("other atoms"), std::string::npos) << e;
  }
  EXPECT_EQ(InherentSequenceReader(path).size(), 3u);
  // A catalog is not a sequence to resume either.
  save_catalog(dir + "/cat.h5", Catalog(s.c0, "test"));
  EXPECT_NE(error_of([&] { InherentSequenceWriter w(dir + "/cat.h5", s.c0, true); }).find(dir + "/cat.h5"),
            std::string::npos);
}

TEST(InherentSequence, ReaderRefusesMissingForeignAndCorruptFiles) {
  const std::string dir = scratch_dir("sequence_refusals");
  const NoisySequence s = noisy_sequence(20, 3, 0.01, 0.1, 20);
  const std::string missing = dir + "/absent.h5";
  EXPECT_NE(error_of([&] { InherentSequenceReader r(missing); }).find(missing), std::string::npos);
  write_text(dir + "/text.h5", "this is not HDF5\n");
  EXPECT_NE(error_of([&] { InherentSequenceReader r(dir + "/text.h5"); }).find(dir + "/text.h5"), std::string::npos);
  save_catalog(dir + "/cat.h5", Catalog(s.c0, "test"));
  const std::string e = error_of([&] { InherentSequenceReader r(dir + "/cat.h5"); });
  EXPECT_NE(e.find(dir + "/cat.h5"), std::string::npos) << e;
  EXPECT_NE(e.find("metabasin-catalog"), std::string::npos) << e;
  // A sequence cut short on disk (as by a full disk): the HDF5 superblock no longer matches.
  write_sequence(dir + "/seq.h5", s.c0, s.strains, s.stored);
  const std::string whole = read_text(dir + "/seq.h5");
  write_text(dir + "/cut.h5", whole.substr(0, whole.size() / 3));
  EXPECT_NE(error_of([&] { InherentSequenceReader r(dir + "/cut.h5"); }).find(dir + "/cut.h5"), std::string::npos);
}

TEST(InherentSequence, UnequalDatasetLengthsReadAsTheShortest) {
  const std::string dir = scratch_dir("sequence_truncated");
  const NoisySequence s = noisy_sequence(25, 6, 0.01, 0.1, 21);
  auto set_length = [](const std::string& path, const std::string& name, hsize_t n) {
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    const hid_t set = H5Dopen2(f, name.c_str(), H5P_DEFAULT);
    hsize_t dims[3] = {n, 25, 3};
    ASSERT_GE(H5Dset_extent(set, dims), 0);
    H5Dclose(set);
    H5Fclose(f);
  };
  // A kill after the energy was extended but before the rest: one column short.
  const std::string a = dir + "/a.h5";
  write_sequence(a, s.c0, s.strains, s.stored);
  set_length(a, "/sequence/energy", 4);
  {
    const InherentSequenceReader r(a);
    EXPECT_EQ(r.size(), 4u);
    EXPECT_EQ(r.strains().size(), 4u);
    EXPECT_EQ(r.positions(0, 4).size(), 4u);
    EXPECT_EQ(nadm(r, NadmParams{}).delta2.rows(), 4);
  }
  // Positions one frame ahead of everything else.
  const std::string b = dir + "/b.h5";
  write_sequence(b, s.c0, s.strains, s.stored);
  set_length(b, "/sequence/positions", 7);
  EXPECT_EQ(InherentSequenceReader(b).size(), 6u);
  // Resuming lines the datasets up again before appending.
  {
    InherentSequenceWriter w(a, s.c0, true);
    EXPECT_EQ(w.size(), 4u);
    EXPECT_EQ(w.last().positions, s.stored[3]);
    w.append({0.5, 1.0, 2.0, 3.0, s.stored[5]});
  }
  const InherentSequenceReader r(a);
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r.strains().back(), 0.5);
  EXPECT_EQ(r.energies().back(), 2.0);
  EXPECT_EQ(r.positions(4, 1).front(), s.stored[5]);
  Hdf5Reader raw(a);
  EXPECT_EQ(raw.shape("/sequence/positions")[0], 5u);
  EXPECT_EQ(raw.shape("/sequence/time")[0], 5u);
}

// ---------------------------------------------------------------------------------------------
// `metabasin nadm` and tools/plot_nadm.py

namespace {

CliRun run_nadm_cli(const std::string& args, const std::string& dir) { return run_metabasin("nadm " + args, dir); }

}  // namespace

TEST(NadmCli, WritesTheMatrixAndPrintsJson) {
  const std::string dir = scratch_dir("nadm_cli");
  const NoisySequence s = noisy_sequence(60, 21, 0.01, 0.05, 22);
  write_sequence(dir + "/seq.h5", s.c0, s.strains, s.stored);
  const auto r = run_nadm_cli("seq.h5 --out out/nadm.h5 --subsystem 20 --xi 0.02 --xi 0.06 --block 5", dir);
  ASSERT_EQ(r.code, 0) << r.stdout_text << r.stderr_text;
  ASSERT_FALSE(r.last.is_discarded()) << r.stdout_text;
  EXPECT_EQ(r.last["frames"], 21);
  EXPECT_EQ(r.last["frames_used"], 21);
  EXPECT_EQ(r.last["atoms_averaged"], 20);
  EXPECT_EQ(r.last["output"], "out/nadm.h5");
  EXPECT_DOUBLE_EQ(r.last["strain_range"][1].get<double>(), 0.2);
  ASSERT_EQ(r.last["asnad"].size(), 2u);
  EXPECT_EQ(r.last["asnad"][1]["half_lag"], 3);
  EXPECT_GT(r.last["asnad"][0]["peak"].get<double>(), 0.0);
  EXPECT_NE(r.stderr_text.find("row block"), std::string::npos);
  // 21 frames are too few for a box-counting dimension (tested below with 140).
  EXPECT_EQ(r.last["fractal_dimension"]["status"], "too few scales");
  EXPECT_TRUE(r.last["fractal_dimension"]["dimension"].is_null());
  EXPECT_EQ(r.last["asnad"][1]["fractal_dimension"]["status"], "too few scales");

  // The file holds what the library computes.
  const InherentSequenceReader seq(dir + "/seq.h5");
  Configuration first = seq.atoms();
  first.x.assign(s.stored[0].data(), s.stored[0].data() + s.stored[0].size());
  NadmParams p;
  p.atoms = central_subsystem(first, 20);
  const Nadm m = nadm(seq, p);
  const Hdf5Reader out(dir + "/out/nadm.h5");
  EXPECT_EQ(out.string_attribute("/", "format"), "metabasin-nadm");
  EXPECT_EQ(out.shape("/nadm/delta2"), (std::vector<hsize_t>{21, 21}));
  const auto flat = out.doubles("/nadm/delta2");
  EXPECT_EQ(flat[2 * 21 + 9], m.delta2(2, 9));  // row-major, row = g1
  EXPECT_EQ(flat[9 * 21 + 2], m.delta2(9, 2));
  EXPECT_DOUBLE_EQ(r.last["max_delta2"].get<double>(), m.delta2.maxCoeff());
  EXPECT_EQ(out.integers("/nadm/atom_ids").size(), 20u);
  EXPECT_EQ(out.shape("/asnad/delta2"), (std::vector<hsize_t>{2, 21}));
  const Asnad a = asnad(seq, 0.06, p);
  EXPECT_EQ(out.doubles("/asnad/delta2")[21 + 10], a.delta2[10]);
  EXPECT_NEAR(out.doubles("/asnad/strain_lapse")[1], 0.06, 1e-12);

  // Stride.
  const auto strided = run_nadm_cli("seq.h5 --out strided.h5 --stride 4", dir);
  ASSERT_EQ(strided.code, 0) << strided.stdout_text << strided.stderr_text;
  EXPECT_EQ(strided.last["frames_used"], 6);
  EXPECT_EQ(strided.last["atoms_averaged"], 60);
}

// The box-counting dimensions of the matrix below its median and of each ASNaD's graph, as
// analysis/fractal_dimension computes them from what the file holds.
TEST(NadmCli, ReportsFractalDimensions) {
  const std::string dir = scratch_dir("nadm_cli_fractal");
  const NoisySequence s = noisy_sequence(12, 140, 0.01, 0.05, 25);
  write_sequence(dir + "/seq.h5", s.c0, s.strains, s.stored);
  const auto r = run_nadm_cli("seq.h5 --out nadm.h5 --xi 0.02 --xi 0.06", dir);
  ASSERT_EQ(r.code, 0) << r.stdout_text << r.stderr_text;
  const InherentSequenceReader seq(dir + "/seq.h5");
  const MatrixDimension matrix = below_median_dimension(nadm(seq, NadmParams{}).delta2);
  ASSERT_EQ(matrix.boxes.status, BoxCountStatus::Fitted);
  const json& fd = r.last["fractal_dimension"];
  EXPECT_EQ(fd["status"], "fitted");
  EXPECT_EQ(fd["set"], "delta2 below its median");
  EXPECT_DOUBLE_EQ(fd["level"].get<double>(), matrix.level);
  EXPECT_DOUBLE_EQ(fd["dimension"].get<double>(), matrix.boxes.dimension);
  EXPECT_DOUBLE_EQ(fd["standard_error"].get<double>(), matrix.boxes.standard_error);
  EXPECT_EQ(fd["fit_box_sizes"], json({4.0, 16.0}));  // 140 frames: 4, 8, 16
  EXPECT_EQ(fd["box_sizes"].size(), fd["counts"].size());
  // Independent noise on every frame: half the cells below the median, scattered (about 2).
  EXPECT_GT(fd["dimension"].get<double>(), 1.8);
  // The curves keep 138 and 134 of the 140 frames, 133 steps or more: fitted too.
  for (std::size_t k = 0; k < 2; ++k) {
    const Asnad a = asnad(seq, k == 0 ? 0.02 : 0.06, NadmParams{});
    const BoxCounting graph = graph_dimension(a.delta2);  // NaN ends dropped
    const json& g = r.last["asnad"][k]["fractal_dimension"];
    EXPECT_EQ(g["status"], "fitted");
    EXPECT_DOUBLE_EQ(g["dimension"].get<double>(), graph.dimension);
    EXPECT_GT(graph.dimension, 1.0);
    EXPECT_LT(graph.dimension, 2.0);
  }
}

TEST(NadmCli, BadArgumentsFailWithJsonError) {
  const std::string dir = scratch_dir("nadm_cli_errors");
  const NoisySequence s = noisy_sequence(20, 5, 0.01, 0.05, 23);
  write_sequence(dir + "/seq.h5", s.c0, s.strains, s.stored);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"seq.h5", "--out"},
      {"--out x.h5", "no sequence file"},
      {"absent.h5 --out x.h5", "absent.h5"},
      {"seq.h5 --out x.h5 --stride 0", "--stride"},
      {"seq.h5 --out x.h5 --stride two", "--stride"},
      {"seq.h5 --out x.h5 --subsystem 21", "21"},
      {"seq.h5 --out x.h5 --xi 0.001", "below twice the strain step"},
      {"seq.h5 --out x.h5 --frobnicate", "--frobnicate"},
      {"seq.h5 --out", "needs a value"},
  };
  for (const auto& [args, expected] : cases) {
    const auto r = run_nadm_cli(args, dir);
    EXPECT_NE(r.code, 0) << args;
    ASSERT_TRUE(r.last.contains("error")) << args << ": " << r.stdout_text;
    EXPECT_NE(r.last["error"].get<std::string>().find(expected), std::string::npos) << args << ": " << r.last["error"];
  }
  EXPECT_FALSE(std::filesystem::exists(dir + "/x.h5"));
  const auto help = run_nadm_cli("--help", dir);
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.stdout_text.find("usage"), std::string::npos);  // plain text on stdout
}

TEST(NadmCli, PlotToolDrawsTheMatrixAndCurves) {
  const std::string dir = scratch_dir("nadm_plot");
  const NoisySequence s = noisy_sequence(30, 15, 0.01, 0.05, 24);
  write_sequence(dir + "/seq.h5", s.c0, s.strains, s.stored);
  ASSERT_EQ(run_nadm_cli("seq.h5 --out nadm.h5 --xi 0.02 --xi 0.04", dir).code, 0);
  const std::string tool = std::string(METABASIN_SOURCE_DIR) + "/tools/plot_nadm.py";
  std::string out;
  // Debian's python3 (python3-matplotlib, python3-h5py from scripts/install-deps.sh).
  ASSERT_EQ(run_command("cd '" + dir + "' && /usr/bin/python3 '" + tool + "' nadm.h5 --log", out), 0) << out;
  for (const char* png : {"/nadm-matrix.png", "/nadm-asnad.png"}) {
    const std::string bytes = read_text(dir + png);
    ASSERT_GT(bytes.size(), 1000u) << png;
    EXPECT_EQ(bytes.substr(1, 3), "PNG") << png;
  }
  EXPECT_NE(run_command("/usr/bin/python3 '" + tool + "' '" + dir + "/seq.h5'", out), 0);
  EXPECT_NE(out.find("seq.h5"), std::string::npos) << out;
  EXPECT_NE(run_command("/usr/bin/python3 '" + tool + "' '" + dir + "/absent.h5'", out), 0);
  EXPECT_NE(out.find("absent.h5"), std::string::npos) << out;
  ASSERT_EQ(run_command("/usr/bin/python3 '" + tool + "' --help", out), 0) << out;
  EXPECT_NE(out.find("usage"), std::string::npos);
}
