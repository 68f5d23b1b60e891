// SPDX-License-Identifier: BSD-3-Clause
// Local atomic strain: exact values under affine maps, a brute-force reference on a
// disordered sample, undefined strain counted, and the `metabasin strain` contract.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "error.hpp"
#include "lammps_data.hpp"
#include "lammps_reference.hpp"
#include "local_strain.hpp"
#include "strain_samples.hpp"
#include "trajectory.hpp"

namespace metabasin {
namespace {

// Simple shear by gamma: E = [[0, g/2], [g/2, g^2/2]] for every atom, and no D2min.
TEST(LocalStrain, AffineSimpleShearIn2DGivesTheExactGreenLagrangianStrain) {
  const Configuration ref = disordered("hex", {14, 8, 1}, 0.0, 3);
  const double g = 0.08;
  Mat3 f = Mat3::Identity();
  f(0, 1) = g;
  const LocalStrain s = local_strain(ref, mapped(ref, f), 6.0);
  const double exx = 0.0, eyy = 0.5 * g * g, exy = 0.5 * g;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    ASSERT_FALSE(s.invalid[i]);
    EXPECT_NEAR(s.green[i][0], exx, 1e-12);
    EXPECT_NEAR(s.green[i][1], eyy, 1e-12);
    EXPECT_NEAR(s.green[i][3], exy, 1e-12);
    EXPECT_NEAR(s.shear[i], std::sqrt(exy * exy + 0.5 * (exx - eyy) * (exx - eyy)), 1e-12);
    EXPECT_NEAR(s.volumetric[i], 0.5 * (exx + eyy), 1e-12);
    EXPECT_LT(s.d2min[i], 1e-20);
  }
}

// A general 3D map of a tilted cell: E = (F^T F - I)/2 exactly, the SOL von Mises strain of it.
TEST(LocalStrain, AffineMapIn3DGivesTheExactStrainAndVonMises) {
  const Configuration ref = disordered("bcc", {5, 5, 5}, 0.1, 7);
  Mat3 f;
  f << 1.02, 0.05, -0.01, 0.0, 0.97, 0.03, 0.0, 0.0, 1.01;  // upper triangular: a LAMMPS cell stays one
  const LocalStrain s = local_strain(ref, mapped(ref, f), 4.5);
  const Mat3 e = 0.5 * (f.transpose() * f - Mat3::Identity());
  const double vm = std::sqrt(
      e(0, 1) * e(0, 1) + e(0, 2) * e(0, 2) + e(1, 2) * e(1, 2) +
      (std::pow(e(0, 0) - e(1, 1), 2) + std::pow(e(0, 0) - e(2, 2), 2) + std::pow(e(1, 1) - e(2, 2), 2)) / 6.0);
  for (std::size_t i = 0; i < ref.size(); ++i) {
    EXPECT_NEAR(s.shear[i], vm, 1e-12);
    EXPECT_NEAR(s.volumetric[i], e.trace() / 3.0, 1e-12);
    EXPECT_NEAR(s.green[i][5], e(1, 2), 1e-12);
    EXPECT_LT(s.d2min[i], 1e-20);
  }
}

// A disordered, non-affine change against the definitions evaluated by brute force (every
// pair, Box::minimum_image): the neighbour grid and the fit agree with them.
TEST(LocalStrain, MatchesABruteForceEvaluationOfTheDefinitions) {
  for (const char* lattice : {"hex", "bcc"}) {
    const Configuration ref = disordered(lattice, {9, 7, 4}, 0.2, 11);
    Configuration cur = ref;
    for (std::size_t i = 0; i < cur.size(); ++i)
      for (int d = 0; d < ref.box.dimension; ++d) cur.x[3 * i + d] += 0.15 * std::sin(1.7 * i + 2.3 * d);
    const double cutoff = 4.0;
    const LocalStrain s = local_strain(ref, cur, cutoff);
    const int dim = ref.box.dimension;
    for (std::size_t i = 0; i < ref.size(); i += 7) {
      Eigen::MatrixXd v = Eigen::MatrixXd::Zero(dim, dim), w = v;
      std::vector<std::pair<Eigen::VectorXd, Eigen::VectorXd>> pairs;
      for (std::size_t j = 0; j < ref.size(); ++j) {
        const Vec3 d0 = ref.box.minimum_image(ref.position(j) - ref.position(i));
        if (j == i || d0.norm() >= cutoff) continue;
        const Eigen::VectorXd a = d0.head(dim), b = cur.box.minimum_image(cur.position(j) - cur.position(i)).head(dim);
        v += a * a.transpose();
        w += b * a.transpose();
        pairs.emplace_back(a, b);
      }
      const Eigen::MatrixXd f = w * v.inverse();
      double d2 = 0.0;
      for (const auto& [a, b] : pairs) d2 += (b - f * a).squaredNorm();
      EXPECT_EQ(s.neighbours[i], static_cast<int>(pairs.size()));
      EXPECT_NEAR(s.d2min[i], d2, 1e-10 * (1.0 + d2));
      const Eigen::MatrixXd e = 0.5 * (f.transpose() * f - Eigen::MatrixXd::Identity(dim, dim));
      EXPECT_NEAR(s.green[i][0], e(0, 0), 1e-12);
      EXPECT_NEAR(s.green[i][3], e(0, 1), 1e-12);
    }
  }
}

// An atom with no neighbour within the cutoff has no F: counted, written as 0.
TEST(LocalStrain, AnAtomWithoutNeighboursIsCountedAsUndefined) {
  Configuration ref = disordered("hex", {10, 6, 1}, 0.0, 5);
  ref.set_position(0, ref.position(0));               // keep
  const LocalStrain s = local_strain(ref, ref, 0.5);  // below every separation: no neighbours
  EXPECT_EQ(s.invalid_count, ref.size());
  EXPECT_EQ(s.shear[0], 0.0);
  const std::string error = [&] {
    try {
      local_strain(ref, ref, 100.0);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  }();
  EXPECT_NE(error.find("half the cell's width"), std::string::npos) << error;
}

// The command: a LAMMPS dump with the contract's columns, the JSON summary, and no output
// over an input.
TEST(StrainCommand, WritesTheDumpColumnsAndTheSummary) {
  const std::string dir = testing::scratch_dir("strain_command");
  const Configuration ref = disordered("hex", {12, 7, 1}, 0.0, 9);
  Mat3 f = Mat3::Identity();
  f(0, 1) = 0.05;
  write_lammps_data(dir + "/ref.data", ref, "reference");
  write_lammps_data(dir + "/cur.data", mapped(ref, f), "sheared by 0.05");
  const auto r = testing::run_metabasin("strain ref.data cur.data --cutoff 6 --out strain.dump", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  EXPECT_EQ(r.last["dimension"], 2);
  EXPECT_EQ(r.last["invalid_atoms"], 0);
  const double exy = 0.025, eyy = 0.5 * 0.05 * 0.05;
  EXPECT_NEAR(r.last["shear_strain"]["mean"].get<double>(), std::sqrt(exy * exy + 0.5 * eyy * eyy), 1e-9);
  EXPECT_LT(r.last["d2min"]["max"].get<double>(), 1e-15);
  std::ifstream dump(dir + "/strain.dump");
  std::string text((std::istreambuf_iterator<char>(dump)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("ITEM: ATOMS id type x y z shear_strain volumetric_strain d2min\n"), std::string::npos);
  const auto over = testing::run_metabasin("strain ref.data cur.data --cutoff 6 --out cur.data", dir);
  EXPECT_NE(over.code, 0);
  EXPECT_NE(over.stderr_text.find("cur.data"), std::string::npos) << over.stderr_text;
  const auto help = testing::run_metabasin("strain --help", dir);
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.stdout_text.find("--cutoff"), std::string::npos);
}

TEST(StrainCommand, ComparesFramesOfDumpsAndSequencesFirstWithLastByDefault) {
  const std::string dir = testing::scratch_dir("strain_frames");
  const Configuration ref = disordered("hex", {12, 7, 1}, 0.0, 9);
  std::vector<Configuration> frames;
  for (double g : {0.0, 0.02, 0.05}) {
    Mat3 f = Mat3::Identity();
    f(0, 1) = g;
    frames.push_back(mapped(ref, f));
  }
  {
    LammpsDumpWriter w(dir + "/run.dump");
    for (const auto& c : frames) w.write(c, FrameData{});
  }
  auto shear_of = [](double g) { return std::sqrt(0.25 * g * g + 0.5 * std::pow(0.5 * g * g, 2)); };
  const auto r = testing::run_metabasin("strain run.dump run.dump --cutoff 6 --out s.dump", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  EXPECT_EQ(r.last["reference_frame"], 0);
  EXPECT_EQ(r.last["current_frame"], 2);
  EXPECT_NEAR(r.last["applied_shear_strain"].get<double>(), 0.05, 1e-12);
  EXPECT_NEAR(r.last["shear_strain"]["mean"].get<double>(), shear_of(0.05), 1e-9);
  // Frames 0 and 1 of the dump, against the data file of frame 0.
  write_lammps_data(dir + "/ref.data", frames[0], "reference");
  const auto one = testing::run_metabasin("strain ref.data run.dump --cur-frame 1 --out s1.dump --cutoff 6", dir);
  ASSERT_EQ(one.code, 0) << one.stderr_text;
  EXPECT_NEAR(one.last["shear_strain"]["mean"].get<double>(), shear_of(0.02), 1e-9);
  const auto missing = testing::run_metabasin("strain ref.data run.dump --cur-frame 3 --out s2.dump --cutoff 6", dir);
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.stderr_text.find("--cur-frame 3: 'run.dump' has 3 frame(s)"), std::string::npos)
      << missing.stderr_text;
}

}  // namespace
}  // namespace metabasin
