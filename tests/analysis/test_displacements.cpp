// SPDX-License-Identifier: BSD-3-Clause
// Atom displacements over a sheared run: an affine run (faces crossed, tilt flips, a yz tilt)
// has no nonaffine part and dx = gamma (y - ylo); a uniform drift across the y face is removed
// and leaves dx as worked out by hand; one displaced atom gives its vector less the drift share
// 1/N; consecutive frames agree with the NaDM; alpha2 of Gaussian, Laplace and uniform samples
// with their errors; the core Gaussian under heavy tails; the flow profile of a band; and the
// `metabasin displacements` contract.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <sstream>

#include "displacements.hpp"
#include "error.hpp"
#include "fits.hpp"
#include "lammps_reference.hpp"
#include "nonaffine.hpp"
#include "trajectory.hpp"

namespace metabasin {
namespace {

// Random atoms in a periodic cell whose lower corner is off the origin; in 3D with xz and yz
// tilts. The first atoms sit within 0.2 A of a y face, so a drift or a push takes them across.
Configuration random_atoms(std::size_t n, int dimension, unsigned seed) {
  Configuration c;
  c.box.dimension = dimension;
  c.box.lo = Vec3(-3.0, 2.0, dimension == 2 ? -0.5 : 1.0);
  c.box.len = Vec3(24.0, 20.0, dimension == 2 ? 1.0 : 16.0);
  c.box.xy = 1.5;
  if (dimension == 3) {
    c.box.xz = -2.0;
    c.box.yz = 1.5;
  }
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  c.ntypes = 2;
  c.masses = {63.546, 91.224};
  for (std::size_t i = 0; i < n; ++i) {
    c.ids.push_back(static_cast<long>(5 + 2 * i));
    c.types.push_back(1 + static_cast<int>(i % 2));
  }
  c.x.resize(3 * n);
  c.image.assign(3 * n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    Vec3 f(u(rng), u(rng), dimension == 2 ? 0.5 : u(rng));
    if (i < 6) f[1] = i % 2 ? 0.995 : 0.005;
    Vec3 r = c.box.to_cartesian(f);
    if (dimension == 2) r[2] = 0.0;
    c.set_position(i, r);
  }
  return c;
}

// The cell of `c0` sheared to strain g (xy += g ly), its tilt flipped by whole lx into
// [-lx/2, lx/2] as LAMMPS does.
Box sheared_cell(const Box& zero, double g) {
  Box b = zero;
  b.xy += g * b.len[1];
  b.xy -= b.len[0] * std::round(b.xy / b.len[0]);
  return b;
}

// c0 mapped affinely with its cell to strain g (same fractional coordinates, about the lower
// corner: x += g (y - ylo) in 2D, LAMMPS' map with the yz term in 3D), then wrapped into the
// flipped cell unless `unwrapped`.
Configuration affine_frame(const Configuration& c0, double g, bool unwrapped) {
  Configuration c = c0;
  Box b = c0.box;
  b.xy += g * b.len[1];
  remap_affine(c, b);
  c.box = sheared_cell(c0.box, g);
  if (!unwrapped) wrap_atoms(c);
  return c;
}

// gamma_k = 0.17 k: past xy = lx/2 several times (flips) and far enough that x wraps.
constexpr double kStep = 0.17;
constexpr int kFrames = 9;

AtomDisplacements track(const std::vector<Configuration>& frames, const std::vector<double>& strains) {
  DisplacementTracker t(frames[0], strains[0]);
  for (std::size_t k = 1; k < frames.size(); ++k) t.add_frame(frames[k], strains[k]);
  return t.result();
}

TEST(Displacements, AffineShearHasNoNonaffinePartAndDxIsGammaTimesHeight) {
  for (int dimension : {2, 3})
    for (bool unwrapped : {false, true}) {
      const Configuration c0 = random_atoms(60, dimension, 3);
      std::vector<Configuration> frames;
      std::vector<double> strains;
      for (int k = 0; k < kFrames; ++k) {
        strains.push_back(0.02 + kStep * k);
        frames.push_back(affine_frame(c0, kStep * k, unwrapped));
      }
      const AtomDisplacements d = track(frames, strains);
      const double gamma = kStep * (kFrames - 1);
      // The stored tilt has been flipped back by whole lx on the way.
      ASSERT_GT(std::abs(frames.back().box.xy - (c0.box.xy + gamma * c0.box.len[1])), 0.5 * c0.box.len[0]);
      EXPECT_NEAR(d.applied_strain(), gamma, 1e-12);
      EXPECT_EQ(d.steps, static_cast<std::size_t>(kFrames - 1));
      for (std::size_t i = 0; i < c0.size(); ++i) {
        const Vec3& r = d.reference[i];
        // LAMMPS' lever: the height above ylo, less yz/lz of the height above zlo (3D).
        const double lever =
            (r[1] - c0.box.lo[1]) - (dimension == 3 ? c0.box.yz / c0.box.len[2] : 0.0) * (r[2] - c0.box.lo[2]);
        EXPECT_NEAR(d.total[i][0], gamma * lever, 1e-9) << "atom " << i << ", " << dimension << "D";
        EXPECT_NEAR(d.total[i][1], 0.0, 1e-9);
        EXPECT_NEAR(d.affine_x[i], gamma * lever, 1e-9);
        EXPECT_LT(d.nonaffine[i].norm(), 1e-9) << "atom " << i << ", " << dimension << "D";
        // The reference is wrapped into the first cell; its height is the lever.
        const Vec3 f = c0.box.to_fractional(r);
        EXPECT_GE(f[1], 0.0);
        EXPECT_LT(f[1], 1.0);
        EXPECT_NEAR(d.height[i], lever, 1e-9);
      }
      EXPECT_LT(d.drift.norm(), 1e-9);
    }
}

// Every atom drifts by c per frame on top of the affine flow, so the atoms near the top face
// cross it; the per-step minimum image alone would follow the copy inside the cell, which flows
// dgamma ly slower per step after the crossing. Unwrapped heights y_ref + (k - 1) c_y give, by
// hand, dx = sum_k dgamma (y_ref + (k - 1) c_y - ylo) + K c_x, dy = K c_y, and no nonaffine part
// once the drift K c is removed.
TEST(Displacements, UniformDriftAcrossTheYFaceIsRemovedAndFollowsTheFlow) {
  const Configuration c0 = random_atoms(40, 2, 5);
  const Vec3 drift(0.7, 2.9, 0.0);
  std::vector<Configuration> frames;
  std::vector<double> strains;
  for (int k = 0; k < kFrames; ++k) {
    Configuration c = c0;
    // Position at frame k: u_k = u_(k-1) + kStep (u_(k-1),y - ylo) e1 + drift.
    for (std::size_t i = 0; i < c.size(); ++i) {
      Vec3 u = c0.position(i);
      for (int j = 1; j <= k; ++j) u += Vec3(kStep * (u[1] - c0.box.lo[1]), 0.0, 0.0) + drift;
      c.set_position(i, u);
    }
    c.box = sheared_cell(c0.box, kStep * k);
    wrap_atoms(c);
    frames.push_back(c);
    strains.push_back(kStep * k);
  }
  const AtomDisplacements d = track(frames, strains);
  const int steps = kFrames - 1;
  EXPECT_NEAR((d.drift - steps * drift).norm(), 0.0, 1e-9);
  std::size_t crossed = 0;
  for (std::size_t i = 0; i < c0.size(); ++i) {
    const double y = d.reference[i][1];
    double dx = steps * drift[0];
    for (int k = 1; k <= steps; ++k) dx += kStep * (y + (k - 1) * drift[1] - c0.box.lo[1]);
    crossed += y + steps * drift[1] >= c0.box.hi()[1];
    EXPECT_NEAR(d.total[i][0], dx, 1e-9) << "atom " << i;
    EXPECT_NEAR(d.total[i][1], steps * drift[1], 1e-9) << "atom " << i;
    EXPECT_LT(d.nonaffine[i].norm(), 1e-9) << "atom " << i;
  }
  EXPECT_GT(crossed, 5u);  // the test is about atoms that cross the y face
}

// Atom j, just below the top face, is pushed by v at frame 3 (across the face) and then flows
// with the cell at its new height. Its nonaffine displacement is v - v/N, every other atom's
// -v/N; dx_j = gamma (y_j - ylo) + v_x + (gamma - gamma_3) v_y.
TEST(Displacements, OneDisplacedAtomGivesItsVectorLessTheDriftShare) {
  const Configuration c0 = random_atoms(50, 2, 7);
  const std::size_t j = 1;  // y at 0.995 of the height
  const Vec3 v(0.8, 0.5, 0.0);
  const double n = static_cast<double>(c0.size());
  std::vector<Configuration> frames;
  std::vector<double> strains;
  for (int k = 0; k < kFrames; ++k) {
    Configuration c = affine_frame(c0, kStep * k, true);
    if (k >= 3) c.set_position(j, c.position(j) + v + Vec3(kStep * (k - 3) * v[1], 0.0, 0.0));
    c.box = sheared_cell(c0.box, kStep * k);
    wrap_atoms(c);
    frames.push_back(c);
    strains.push_back(kStep * k);
  }
  ASSERT_LT(frames.back().position(j)[1], c0.box.lo[1] + 1.0);  // wrapped to the bottom
  const AtomDisplacements d = track(frames, strains);
  for (std::size_t i = 0; i < c0.size(); ++i) {
    const Vec3 expected = (i == j ? v : Vec3::Zero()) - v / n;
    EXPECT_NEAR((d.nonaffine[i] - expected).norm(), 0.0, 1e-9) << "atom " << i;
  }
  const double gamma = kStep * (kFrames - 1);
  const double y = c0.position(j)[1] - c0.box.lo[1];
  EXPECT_NEAR(d.total[j][0], gamma * y + v[0] + (gamma - 3 * kStep) * v[1], 1e-9);
  EXPECT_NEAR(d.total[j][1], v[1], 1e-9);
  EXPECT_NEAR((d.drift - v / n).norm(), 0.0, 1e-12);
}

// Between consecutive frames the nonaffine steps (with the drift put back) are the NaDM's terms:
// their mean square is Delta2(g1, g2) of nonaffine.hpp.
TEST(Displacements, ConsecutiveFramesGiveTheNadm) {
  const Configuration c0 = random_atoms(80, 2, 9);
  std::mt19937 rng(2);
  std::normal_distribution<double> noise(0.0, 0.4);
  Configuration c1 = affine_frame(c0, 0.31, true);
  for (std::size_t i = 0; i < c1.size(); ++i) c1.set_position(i, c1.position(i) + Vec3(noise(rng), noise(rng), 0.0));
  c1.box = sheared_cell(c0.box, 0.31);
  wrap_atoms(c1);
  DisplacementTracker t(c0, 0.1);
  t.add_frame(c1, 0.41);
  const AtomDisplacements d = t.result();
  double mean_square = 0.0;
  for (const Vec3& s : d.nonaffine) mean_square += (s + d.drift).squaredNorm() / static_cast<double>(c0.size());
  Configuration zero = c0;
  zero.box.xy -= 0.1 * zero.box.len[1];  // delta2() takes the cell at strain 0
  const auto map = [](const Configuration& c) {
    return Eigen::Map<const VectorXd>(c.x.data(), static_cast<Eigen::Index>(c.x.size()));
  };
  EXPECT_NEAR(mean_square, delta2(zero, 0.1, map(c0), 0.41, map(c1), {}), 1e-10);
  EXPECT_GT(mean_square, 0.2);
}

TEST(Displacements, AFrameWithOtherAtomsOrAnotherCellSizeIsRefused) {
  const Configuration c0 = random_atoms(10, 2, 1);
  DisplacementTracker t(c0, 0.0);
  Configuration taller = c0;
  taller.box.len[1] *= 1.01;
  try {
    t.add_frame(taller, 0.01, "'run.dump' frame 4");
    FAIL() << "a cell that changes ly was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'run.dump' frame 4 changes the cell's ly"), std::string::npos) << e.what();
  }
  Configuration other = c0;
  other.ids[3] = 999;
  EXPECT_THROW(t.add_frame(other, 0.01), InputError);
  EXPECT_THROW(t.result(), InputError);  // no step taken
}

// alpha2 = <d^4> / (3 <d^2>^2) - 1: 0 for a Gaussian (error sqrt(8 / 3n)), 1 for a Laplace
// distribution (error sqrt(132 / n) from its moments 2, 24, 720, 40320 at b = 1), -2/5 for a
// uniform one (kurtosis 9/5).
TEST(Displacements, NonGaussianParameterOfKnownDistributions) {
  const std::size_t n = 200000;
  std::mt19937 rng(17);
  std::normal_distribution<double> gauss(0.3, 1.7);
  std::exponential_distribution<double> expo(1.0);
  std::uniform_real_distribution<double> uni(-2.0, 5.0);
  std::vector<double> g(n), l(n), u(n);
  for (std::size_t i = 0; i < n; ++i) {
    g[i] = gauss(rng);
    l[i] = (i % 2 ? 1.0 : -1.0) * expo(rng);
    u[i] = uni(rng);
  }
  const NonGaussian a = non_gaussian_parameter(g), b = non_gaussian_parameter(l), c = non_gaussian_parameter(u);
  EXPECT_NEAR(a.error, std::sqrt(8.0 / (3.0 * n)), 0.05 * std::sqrt(8.0 / (3.0 * n)));
  EXPECT_LT(std::abs(a.alpha2), 3.0 * a.error) << a.alpha2;
  EXPECT_NEAR(b.error, std::sqrt(132.0 / n), 0.15 * std::sqrt(132.0 / n));
  EXPECT_LT(std::abs(b.alpha2 - 1.0), 3.0 * b.error) << b.alpha2;
  EXPECT_LT(std::abs(c.alpha2 + 0.4), 3.0 * c.error + 1e-3) << c.alpha2;
}

std::vector<double> gaussian_sample(std::size_t n, double sigma, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> g(0.0, sigma);
  std::vector<double> v(n);
  for (double& x : v) x = g(rng);
  return v;
}

// A Gaussian sample: sigma within 3 errors, the whole sample in the core, 0.27 % beyond 3 sigma;
// and the error is honest: it covers the truth in about 68 % of 400 small samples.
TEST(Displacements, CoreGaussianOfAGaussianSample) {
  const DisplacementStatistics s = displacement_statistics(gaussian_sample(100000, 0.7, 4));
  ASSERT_EQ(s.core.status, CoreFitStatus::fitted);
  EXPECT_LT(std::abs(s.core.sigma - 0.7), 3.0 * s.core.sigma_error) << s.core.sigma << " +- " << s.core.sigma_error;
  EXPECT_LT(s.core.sigma_error, 0.004);
  EXPECT_NEAR(s.core.weight, 1.0, 0.01);
  EXPECT_NEAR(s.tail_fraction, kGaussianTailBeyond3Sigma, 3.0 * s.tail_fraction_error);
  int covered = 0;
  for (unsigned k = 0; k < 400; ++k) {
    const CoreGaussian c = fit_core_gaussian(gaussian_sample(1000, 1.0, 100 + k));
    covered += std::abs(c.sigma - 1.0) < c.sigma_error;
  }
  EXPECT_GT(covered, 0.6 * 400);
  EXPECT_LT(covered, 0.76 * 400);
}

// 90 % N(0, 1) and 10 % N(0, 5): the core fit stays within 3 % of 1 where the MAD estimate
// (1.4826 median |d|) is pulled to 1.10; 5.7 % of the atoms lie beyond 3 sigma_core.
TEST(Displacements, CoreGaussianIgnoresHeavyTails) {
  std::vector<double> v = gaussian_sample(90000, 1.0, 8), wide = gaussian_sample(10000, 5.0, 9);
  v.insert(v.end(), wide.begin(), wide.end());
  const DisplacementStatistics s = displacement_statistics(v);
  ASSERT_EQ(s.core.status, CoreFitStatus::fitted);
  EXPECT_NEAR(s.core.sigma, 1.0, 0.03);
  std::vector<double> a(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) a[i] = std::abs(v[i]);
  EXPECT_GT(1.4826 * median(a), 1.07);  // what the MAD alone would give
  // In the window: 0.9 (2 Phi(2) - 1) + 0.1 (2 Phi(0.4) - 1) of the atoms, over 2 Phi(2) - 1.
  EXPECT_NEAR(s.core.weight, (0.9 * 0.9545 + 0.1 * 0.3108) / 0.9545, 0.01);
  const double tail = 0.9 * kGaussianTailBeyond3Sigma + 0.1 * 2.0 * 0.5 * std::erfc(0.6 / std::sqrt(2.0));
  EXPECT_NEAR(s.tail_fraction, tail, 0.004);
  EXPECT_GT(s.non_gaussian.alpha2, 3.0);  // strongly non-Gaussian
}

// The histogram is a density over every value; the core Gaussian's bin densities add up to its
// weight.
TEST(Displacements, HistogramAndGaussianAreDensities) {
  const std::vector<double> v = gaussian_sample(20000, 1.3, 21);
  const CoreGaussian g = fit_core_gaussian(v);
  const Histogram h = symmetric_histogram(v, 81, 8.0);
  double total = 0.0, gaussian = 0.0;
  for (std::size_t j = 0; j < h.centre.size(); ++j) {
    total += h.density[j] * h.width;
    gaussian += g.bin_density(h.centre[j] - h.width / 2, h.centre[j] + h.width / 2) * h.width;
  }
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_NEAR(gaussian, g.weight, 1e-6);
  EXPECT_NEAR(h.centre[40], 0.0, 1e-12);
  EXPECT_EQ(h.clamped, 0u);
  EXPECT_EQ(symmetric_histogram({-9.0, 0.0, 9.5}, 4, 8.0).clamped, 2u);
}

// A shear band: atoms on an even grid of heights, dx = 0 below the middle and 2 (y - middle)
// above. The bins hold their exact means, the local slopes are 0 and 2 (1 across the edge of the
// band), and the least-squares line over the atoms has slope cov(y, dx) / var(y) = 1.
TEST(Displacements, FlowProfileOfABand) {
  AtomDisplacements d;
  d.cell_bottom = 2.0;
  d.cell_height = 40.0;
  const std::size_t n = 400;
  for (std::size_t i = 0; i < n; ++i) {
    const double y = d.cell_bottom + (static_cast<double>(i) + 0.5) * d.cell_height / n;
    const double above = std::max(0.0, y - (d.cell_bottom + 20.0));
    d.ids.push_back(static_cast<long>(i + 1));
    d.reference.push_back(Vec3(0.0, y, 0.0));
    d.height.push_back(y - d.cell_bottom);
    d.total.push_back(Vec3(2.0 * above, 0.0, 0.0));
  }
  const FlowProfile f = flow_profile(d, 10);
  ASSERT_EQ(f.bins.size(), 10u);
  EXPECT_NEAR(f.bins[0].y, 4.0, 1e-12);
  EXPECT_EQ(f.bins[3].count, 40u);
  EXPECT_NEAR(f.bins[2].dx_mean, 0.0, 1e-12);
  EXPECT_NEAR(f.bins[7].dx_mean, 2.0 * (f.bins[7].y - 22.0), 1e-9);
  EXPECT_NEAR(f.local_slope_min, 0.0, 1e-9);
  EXPECT_NEAR(f.local_slope_max, 2.0, 1e-9);
  // Over y uniform on [0, L], m = L/2: cov = (1/L) int_0^(L/2) 2 u^2 du = L^2/12 = var(y).
  EXPECT_NEAR(f.slope, 1.0, 1e-3);
  EXPECT_GT(f.rms_from_line, 1.0);
}

// `metabasin displacements` on a dump of an affine run with tilt flips where one atom is pushed
// at frame 3: its nonaffine displacement in the CSV, the other atoms' -v/N, the JSON's keys and
// the three CSV headers; an output over the input and frames out of order are refused.
TEST(DisplacementsCommand, WritesTheTablesAndTheStatistics) {
  const std::string dir = testing::scratch_dir("displacements_command");
  const Configuration c0 = random_atoms(30, 2, 11);
  const Vec3 v(1.2, -0.6, 0.0);
  {
    LammpsDumpWriter w(dir + "/run.dump");
    for (int k = 0; k < kFrames; ++k) {
      Configuration c = affine_frame(c0, kStep * k, true);
      if (k >= 3) c.set_position(0, c.position(0) + v + Vec3(kStep * (k - 3) * v[1], 0.0, 0.0));
      c.box = sheared_cell(c0.box, kStep * k);
      wrap_atoms(c);
      w.write(c, FrameData{});
    }
  }
  const auto r = testing::run_metabasin("displacements run.dump --bins 21 --profile-bins 5 --out d", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  EXPECT_EQ(r.last["atoms"], 30);
  EXPECT_EQ(r.last["dimension"], 2);
  EXPECT_EQ(r.last["frames"]["to"], kFrames - 1);
  EXPECT_NEAR(r.last["strain"]["applied"].get<double>(), kStep * (kFrames - 1), 1e-9);
  EXPECT_NEAR(r.last["drift"][0].get<double>(), v[0] / 30, 1e-9);
  for (const char* c : {"nonaffine_dx", "nonaffine_dy"}) {
    const auto& s = r.last[c];
    for (const char* key : {"standard_deviation", "non_gaussian_alpha2", "non_gaussian_alpha2_error"})
      EXPECT_TRUE(s.contains(key)) << c << " " << key;
    EXPECT_TRUE(s["core"].contains("sigma"));
    EXPECT_TRUE(s["beyond_3_sigma_core"].contains("fraction"));
  }
  // One atom of 30 moved: the standard deviation of dx is |v_x| sqrt(N - 1) / N.
  EXPECT_NEAR(r.last["nonaffine_dx"]["standard_deviation"].get<double>(), 1.2 * std::sqrt(29.0) / 30.0, 1e-9);
  EXPECT_NEAR(r.last["profile"]["slope"].get<double>(), kStep * (kFrames - 1), 0.1);
  EXPECT_EQ(r.last["outputs"]["atoms"], "d-atoms.csv");

  std::istringstream atoms(testing::read_text(dir + "/d-atoms.csv"));
  std::string line;
  std::getline(atoms, line);
  EXPECT_EQ(line, "id,y_ref_A,dx_A,dy_A,nonaffine_dx_A,nonaffine_dy_A");
  std::getline(atoms, line);  // the first atom (ID 5), the one pushed
  double id, y, dx, dy, nx, ny;
  char comma;
  std::istringstream(line) >> id >> comma >> y >> comma >> dx >> comma >> dy >> comma >> nx >> comma >> ny;
  EXPECT_EQ(id, 5.0);
  EXPECT_NEAR(nx, v[0] * 29.0 / 30.0, 1e-6);
  EXPECT_NEAR(ny, v[1] * 29.0 / 30.0, 1e-6);
  const std::string histogram = testing::read_text(dir + "/d-histogram.csv");
  EXPECT_EQ(histogram.substr(0, histogram.find('\n')),
            "nonaffine_displacement_A,density_dx_per_A,gaussian_dx_per_A,density_dy_per_A,gaussian_dy_per_A");
  EXPECT_EQ(std::count(histogram.begin(), histogram.end(), '\n'), 22);
  const std::string profile = testing::read_text(dir + "/d-profile.csv");
  EXPECT_EQ(profile.substr(0, profile.find('\n')), "y_ref_A,dx_A,dx_sd_A,affine_dx_A,count");

  std::filesystem::copy_file(dir + "/run.dump", dir + "/x-profile.csv");
  const auto over = testing::run_metabasin("displacements x-profile.csv --out ./x", dir);
  EXPECT_EQ(over.code, 1);
  EXPECT_NE(over.last.value("error", "").find("x-profile.csv"), std::string::npos) << over.stdout_text;
  const auto order = testing::run_metabasin("displacements run.dump --from-frame 5 --to-frame 2", dir);
  EXPECT_EQ(order.code, 2);
  EXPECT_NE(order.last.value("error", "").find("--from-frame 5"), std::string::npos) << order.stdout_text;
}

}  // namespace
}  // namespace metabasin
