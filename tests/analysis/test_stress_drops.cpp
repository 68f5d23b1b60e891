// SPDX-License-Identifier: BSD-3-Clause
// Stress drops and their power-law tail: a constructed curve with known drops, a running
// median worked by hand, and a sample drawn from a known power law.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <random>
#include <vector>

#include "error.hpp"
#include "lammps_reference.hpp"
#include "stress_drops.hpp"

namespace metabasin {
namespace {

TEST(StressDrops, RunningMedianIsTheMedianOfTheSamplesWithinHalfABin) {
  const std::vector<double> strain{0, 1, 2, 3, 4}, stress{5, 1, 9, 2, 7};
  const auto m = running_median(strain, stress, 2.0);  // neighbours on either side
  EXPECT_EQ(m[0], 3.0);                                // {5, 1}
  EXPECT_EQ(m[1], 5.0);                                // {5, 1, 9}
  EXPECT_EQ(m[2], 2.0);                                // {1, 9, 2}
  EXPECT_EQ(m[3], 7.0);                                // {9, 2, 7}
  EXPECT_EQ(m[4], 4.5);                                // {2, 7}
}

// A sawtooth: the stress climbs and drops by 0.3, 0.1 and 0.6 GPa; each drop is one run of
// decreases, its size the stress lost over the run, and a spike one sample wide is smoothed out.
TEST(StressDrops, EachRunOfDecreasesIsOneDropOfTheStressItLoses) {
  std::vector<double> strain, stress;
  double g = 0.0, s = 0.0;
  auto push = [&](double ds) {
    strain.push_back(g);
    stress.push_back(s);
    g += 0.001;
    s += ds;
  };
  for (double drop : {0.3, 0.1, 0.6}) {
    for (int k = 0; k < 20; ++k) push(0.005);
    push(-drop / 2);
    push(-drop / 2);
  }
  push(0.0);
  push(0.0);
  const StressDrops raw = stress_drops(strain, stress, 0.0);
  ASSERT_EQ(raw.sizes.size(), 3u);
  EXPECT_NEAR(raw.sizes[0], 0.3, 1e-12);
  EXPECT_NEAR(raw.sizes[1], 0.1, 1e-12);
  EXPECT_NEAR(raw.sizes[2], 0.6, 1e-12);
  EXPECT_NEAR(raw.at_strain[0], 0.020, 1e-12);
  stress[5] += 1.0;  // one sample's noise: a drop of 1 GPa unsmoothed, none after the median
  EXPECT_EQ(stress_drops(strain, stress, 0.0).sizes.size(), 4u);
  EXPECT_EQ(stress_drops(strain, stress, 0.0025).sizes.size(), 3u);
}

// Sizes drawn from p(x) ~ x^-1.5 above 0.01 (a CCDF falling as x^-0.5, the study's high-rate
// exponent): the fit recovers alpha within three standard errors and the tail's start.
TEST(StressDrops, TheTailFitRecoversAKnownPowerLaw) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> sizes;
  for (int k = 0; k < 3000; ++k) sizes.push_back(0.01 * std::pow(1.0 - u(rng), -1.0 / 0.5));
  const PowerLawTail f = fit_power_law_tail(sizes);
  EXPECT_NEAR(f.alpha, 1.5, 3.0 * f.alpha_error);
  EXPECT_LT(f.alpha_error, 0.05);
  EXPECT_NEAR(f.ccdf_exponent, -(f.alpha - 1.0), 1e-15);
  EXPECT_GE(f.x_min, 0.01);
  EXPECT_LT(f.x_min, 0.05);  // the KS-best start lies near the true one
  EXPECT_GT(f.tail, 1000u);
  EXPECT_TRUE(f.fitted);
  const PowerLawTail few = fit_power_law_tail({0.1, 0.2});
  EXPECT_FALSE(few.fitted);
  EXPECT_NE(few.why_not.find("at least 10"), std::string::npos) << few.why_not;
}

// The command on a table as metabasin writes them: 40 drops drawn from a power law on a
// rising line; JSON counts, the CCDF file, and clear errors for a missing column or an
// output over the table.
TEST(DropsCommand, ReadsATableByColumnNamesAndWritesTheCcdf) {
  const std::string dir = testing::scratch_dir("drops_command");
  std::ostringstream t;
  t << "# shear at 1e9 1/s; shear_stress = -pxy\n# strain shear_stress_GPa T_K\n";
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  double g = 0.0, s = 0.0;
  for (int drop = 0; drop < 40; ++drop) {
    for (int k = 0; k < 30; ++k, g += 1e-4, s += 1e-3) t << g << " " << s << " 300\n";
    s -= 0.05 * std::pow(1.0 - u(rng), -2.0);  // one decrease per drop
  }
  t << g << " " << s << " 300\n";
  testing::write_text(dir + "/shear.dat", t.str());
  const auto r = testing::run_metabasin("drops shear.dat --bin 0 --out drops.csv", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  EXPECT_EQ(r.last["drops"], 40);
  ASSERT_TRUE(r.last["fit"].is_object()) << r.stdout_text;
  EXPECT_LT(r.last["fit"]["ccdf_exponent"].get<double>(), 0.0);
  std::ifstream csv(dir + "/drops.csv");
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header, "drop_shear_stress_GPa,ccdf,ccdf_fit");
  // The fit's CCDF meets the data's at x_min (the tail's smallest size: P = tail / n there),
  // falls as the power law above it, and is left empty below it.
  const double x_min = r.last["fit"]["x_min"], exponent = r.last["fit"]["ccdf_exponent"];
  const double tail = r.last["fit"]["tail"];
  std::string row;
  std::size_t fitted = 0, empty = 0;
  while (std::getline(csv, row)) {
    const auto c1 = row.find(','), c2 = row.find(',', c1 + 1);
    const double size = std::stod(row.substr(0, c1)), ccdf = std::stod(row.substr(c1 + 1, c2 - c1 - 1));
    const std::string fit = row.substr(c2 + 1);
    if (size < x_min) {
      EXPECT_EQ(fit, "") << row;
      ++empty;
      continue;
    }
    ++fitted;
    EXPECT_NEAR(std::stod(fit), tail / 40.0 * std::pow(size / x_min, exponent), 1e-9) << row;
    if (size == x_min) EXPECT_NEAR(std::stod(fit), ccdf, 1e-9);
  }
  EXPECT_EQ(fitted, static_cast<std::size_t>(tail));
  EXPECT_EQ(fitted + empty, 40u);
  const auto bad = testing::run_metabasin("drops shear.dat --y stress", dir);
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.stderr_text.find("its columns: strain, shear_stress_GPa, T_K"), std::string::npos) << bad.stderr_text;
  const auto over = testing::run_metabasin("drops shear.dat --out shear.dat", dir);
  EXPECT_NE(over.code, 0);
}

}  // namespace
}  // namespace metabasin
