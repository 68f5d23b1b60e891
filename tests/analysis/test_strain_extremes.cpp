// SPDX-License-Identifier: BSD-3-Clause
// Block maxima of the local strain (metabasin extremes): blocks cut at the frames that reach
// each strain step, every block's extremes the largest strains local_strain gives between its
// ends, and the command's contract on an affine run whose strain is known exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>

#include "error.hpp"
#include "lammps_reference.hpp"
#include "local_strain.hpp"
#include "strain_extremes.hpp"
#include "strain_samples.hpp"
#include "trajectory.hpp"

namespace metabasin {
namespace {

Configuration sheared(const Configuration& c, double g) {
  Mat3 f = Mat3::Identity();
  f(0, 1) = g;
  return mapped(c, f);
}

TEST(StrainBlocks, BoundariesAreTheFirstFramesThatReachEachBlock) {
  EXPECT_EQ(block_boundaries({0.0, 0.0025, 0.005, 0.0075, 0.01}, 0.005, -INFINITY, INFINITY),
            (std::vector<std::size_t>{0, 2, 4}));
  // Uneven frames: a block ends at the first frame at least a block past the last boundary.
  EXPECT_EQ(block_boundaries({0.0, 0.002, 0.004, 0.006, 0.008, 0.010, 0.011}, 0.005, -INFINITY, INFINITY),
            (std::vector<std::size_t>{0, 3, 6}));
  // Frames accumulated in steps of 1e-3 land on 5e-3 only up to round-off.
  std::vector<double> steps{0.0};
  for (int k = 0; k < 20; ++k) steps.push_back(steps.back() + 1e-3);
  EXPECT_EQ(block_boundaries(steps, 0.005, -INFINITY, INFINITY), (std::vector<std::size_t>{0, 5, 10, 15, 20}));
  EXPECT_EQ(block_boundaries(steps, 0.005, 0.0045, 0.0155), (std::vector<std::size_t>{5, 10, 15}));
  EXPECT_THROW(block_boundaries(steps, 0.05, -INFINITY, INFINITY), InputError);
  EXPECT_THROW(block_boundaries(steps, 0.0, -INFINITY, INFINITY), InputError);
}

TEST(StrainBlocks, ExtremesAreTheLargestLocalStrainsBetweenTheBlocksEnds) {
  const std::string dir = testing::scratch_dir("blocks");
  const Configuration ref = disordered("hex", {12, 7, 1}, 0.0, 21);
  std::vector<Configuration> frames{ref, sheared(ref, 0.0025), sheared(ref, 0.005), sheared(ref, 0.0075)};
  // A local rearrangement in the second block.
  frames[3].x[3 * 40] += 0.4;
  frames[3].x[3 * 40 + 1] -= 0.2;
  {
    LammpsDumpWriter w(dir + "/run.dump");
    for (const auto& c : frames) w.write(c, FrameData{});
  }
  const AtomFrames read(dir + "/run.dump");
  StrainBlockParams p;
  p.cutoff = 6.0;
  p.block = 0.005;
  p.top = 5;
  p.dimension = 2;
  const auto blocks = strain_blocks(read, p);
  ASSERT_EQ(blocks.size(), 1u);  // 0 -> 0.005; the last 0.0025 is not a whole block
  p.block = 0.0025;
  const auto fine = strain_blocks(read, p);
  ASSERT_EQ(fine.size(), 3u);
  for (std::size_t b = 0; b < fine.size(); ++b) {
    const LocalStrain s = local_strain(as_planar(read.frame(b), "a"), as_planar(read.frame(b + 1), "b"), 6.0);
    std::vector<double> eta = s.shear;
    std::sort(eta.begin(), eta.end(), std::greater<>());
    ASSERT_EQ(fine[b].top_shear.size(), 5u);
    for (std::size_t r = 0; r < 5; ++r) EXPECT_DOUBLE_EQ(fine[b].top_shear[r], eta[r]);
    double mean = 0.0;
    for (double v : s.shear) mean += v / static_cast<double>(s.shear.size());
    EXPECT_NEAR(fine[b].mean_shear, mean, 1e-15);
  }
  // Affine blocks: every atom strains alike; the rearrangement stands out.
  EXPECT_NEAR(fine[0].top_shear[0] / fine[0].mean_shear, 1.0, 1e-9);
  EXPECT_GT(fine[2].top_shear[0] / fine[2].mean_shear, 5.0);
  EXPECT_EQ(extreme_ratios(fine).size(), 15u);
}

TEST(ExtremesCommand, AnAffineRunHasItsExactStrainInEveryBlockAndNoSpreadToFit) {
  const std::string dir = testing::scratch_dir("extremes_command");
  const Configuration ref = disordered("hex", {12, 7, 1}, 0.0, 22);
  {
    LammpsDumpWriter w(dir + "/run.dump");
    for (int k = 0; k <= 4; ++k) w.write(sheared(ref, 0.0025 * k), FrameData{});
  }
  const auto r = testing::run_metabasin("extremes run.dump --cutoff 6 --top 5 --out blocks.csv", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  EXPECT_EQ(r.last["blocks"], 2);
  EXPECT_EQ(r.last["dimension"], 2);
  // Between frames 0.005 apart in simple shear, F = 1 + 0.005 e1 (x) e2 about either end.
  const double g = 0.005, exy = 0.5 * g, eyy = 0.5 * g * g;
  const double eta = std::sqrt(exy * exy + 0.5 * eyy * eyy);
  EXPECT_NEAR(r.last["mean_shear_strain"].get<double>(), eta, 1e-9);
  EXPECT_NEAR(r.last["ratio"]["max"].get<double>(), 1.0, 1e-9);
  EXPECT_TRUE(r.last["fit"].is_null());
  EXPECT_NE(r.last["fit_warning"].get<std::string>().find("all values are equal"), std::string::npos);
  const std::string csv = testing::read_text(dir + "/blocks.csv");
  EXPECT_EQ(csv.rfind("block,strain_from,strain_to,mean_shear_strain,rank,shear_strain,ratio\n", 0), 0u);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 2 * 5);
  const auto coarse = testing::run_metabasin("extremes run.dump --cutoff 6 --block 0.05", dir);
  EXPECT_EQ(coarse.code, 1);
  EXPECT_NE(coarse.stderr_text.find("no strain block of 0.05"), std::string::npos) << coarse.stderr_text;
  const auto over = testing::run_metabasin("extremes run.dump --cutoff 6 --out run.dump", dir);
  EXPECT_NE(over.code, 0);
  EXPECT_NE(over.stderr_text.find("run.dump"), std::string::npos);
}

}  // namespace
}  // namespace metabasin
