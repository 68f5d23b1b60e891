// SPDX-License-Identifier: BSD-3-Clause
// Ageing-rate maps (Liu & Fan Figs. 1-2) from synthetic age tables with a known rate: the
// binned Phi with and without load, the boost f, the stress map and the fitted V_act come back
// exactly; replicas are averaged before the differences; each entry sits at its pair's
// midpoint E_IS, less the elastic energy of its start; a table without a needed column, or a
// strained run without its unstrained partner, is an error naming the file.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "ageing_maps.hpp"
#include "ageing_tables.hpp"
#include "error.hpp"

using namespace metabasin;
using namespace metabasin::testing;

namespace {

std::vector<AgeingRun> read_all(const std::string& dir, const std::vector<std::string>& names) {
  std::vector<AgeingRun> runs;
  for (const auto& n : names)
    for (AgeingRun& r : read_age_table(dir + "/" + n)) runs.push_back(std::move(r));
  return runs;
}

// The sample a bin's energies belong to (they are 0.05 eV/atom apart).
int sample_of(const SyntheticAgeing& a, const AgeingBin& b) {
  return std::abs(b.energy_low - a.start(0)) < std::abs(b.energy_low - a.start(1)) ? 0 : 1;
}

AgeingMaps synthetic_maps(const std::string& name, const SyntheticAgeing& a, const AgeingMapParams& p) {
  const std::string dir = scratch_dir(name);
  return ageing_maps(read_all(dir, write_synthetic_age_tables(dir, a)), p);
}

}  // namespace

TEST(AgeingMaps, ReadsTheRunsOfAnAgeTable) {
  const std::string dir = scratch_dir("ageing_read");
  SyntheticAgeing a;
  write_text(dir + "/t.dat", synthetic_age_table(a, 0, 500.0, 0));
  const auto runs = read_age_table(dir + "/t.dat");
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].strain, 0.04);
  EXPECT_EQ(runs[1].strain, 0.0);
  for (const auto& r : runs) {
    EXPECT_EQ(r.temperature, 500.0);  // T_target_K, not the instantaneous T_K (503)
    EXPECT_EQ(r.time.size(), 11u);
    EXPECT_EQ(r.time.front(), 0.0);
  }
  EXPECT_NEAR(runs[0].energy.front() - runs[1].energy.front(), a.elastic, 1e-12);
}

TEST(AgeingMaps, RecoversRatesBoostStressAndActivationVolume) {
  const SyntheticAgeing a;
  AgeingMapParams p;
  p.energy_bins = 40;
  const AgeingMaps m = synthetic_maps("ageing_exact", a, p);
  EXPECT_EQ(m.strain, 0.04);
  EXPECT_EQ(m.temperatures, a.temperatures);
  EXPECT_EQ(m.curves.size(), 16u);  // 2 samples x 4 T x (strained, unstrained)
  EXPECT_EQ(m.steps.size(), 160u);
  ASSERT_EQ(m.bins.size(), 4u * 40u);
  std::size_t both = 0;
  for (const AgeingBin& b : m.bins) {
    const int s = sample_of(a, b);
    const double r = a.rate(b.temperature), f = a.boost(s, b.temperature);
    if (b.rate_unloaded.count > 0) EXPECT_NEAR(b.rate_unloaded.mean, -r, 1e-9 * r);
    if (b.rate_loaded.count > 0) {
      EXPECT_NEAR(b.rate_loaded.mean, -f * r, 1e-9 * f * r);
      EXPECT_NEAR(b.stress_loaded.mean, a.stress(s, b.temperature), 1e-12);
    }
    if (b.rate_unloaded.count == 0 || b.rate_loaded.count == 0) {
      EXPECT_EQ(b.use, BoostUse::missing);
      continue;
    }
    ++both;
    EXPECT_EQ(b.use, BoostUse::fitted);
    EXPECT_NEAR(b.boost, f, 1e-8 * f) << b.temperature << " K, sample " << s;
  }
  // Both curves of a sample start at its E_IS (elastic offset removed): every (sample, T) has
  // a bin with both.
  EXPECT_GE(both, 8u);
  EXPECT_EQ(m.boost_points.size(), both);
  ASSERT_EQ(m.fit.status, BoostFitStatus::fitted);
  EXPECT_NEAR(m.fit.activation_volume, a.volume, 1e-6 * a.volume);
  EXPECT_NEAR(m.fit.prefactor, a.kappa, 1e-6 * a.kappa);
  EXPECT_LT(m.fit.reduced_chi_square, 1e-12);
}

TEST(AgeingMaps, EntriesSitAtTheMidpointLessTheElasticEnergy) {
  SyntheticAgeing a;
  a.samples = 1;
  a.temperatures = {500.0};
  const AgeingMaps m = synthetic_maps("ageing_midpoint", a, {});
  ASSERT_EQ(m.curves.size(), 2u);
  EXPECT_NEAR(m.curves[0].offset, a.elastic, 1e-12);
  EXPECT_EQ(m.curves[1].offset, 0.0);
  const double fr = a.boost(0, 500.0) * a.rate(500.0);
  const AgeingStep& first = m.steps.front();
  EXPECT_TRUE(first.loaded);
  EXPECT_EQ(first.time, 0.0);
  EXPECT_NEAR(first.energy, a.start(0) - fr * a.interval / 2, 1e-12);
  AgeingMapParams none;
  none.offset = ElasticOffset::none;
  const AgeingMaps raw = synthetic_maps("ageing_no_offset", a, none);
  EXPECT_NEAR(raw.steps.front().energy - first.energy, a.elastic, 1e-12);
  EXPECT_EQ(raw.curves[0].offset, 0.0);
}

TEST(AgeingMaps, ReplicasAreAveragedBeforeTheDifferences) {
  SyntheticAgeing a;
  a.replicas = 2;
  a.noise = 2e-4;  // far above a step's change (2e-5 to 2e-4 eV/atom)
  AgeingMapParams p;
  p.energy_bins = 40;
  const AgeingMaps m = synthetic_maps("ageing_replicas", a, p);
  EXPECT_EQ(m.curves.size(), 16u);
  for (const AgeingCurve& c : m.curves) EXPECT_EQ(c.tables.size(), 2u);
  ASSERT_EQ(m.fit.status, BoostFitStatus::fitted);
  EXPECT_NEAR(m.fit.activation_volume, a.volume, 1e-6 * a.volume);
  // Apart, each run's steps carry the noise: Phi scatters, and the fit no longer is exact.
  p.replicas = ReplicaAveraging::separate;
  const AgeingMaps apart = synthetic_maps("ageing_apart", a, p);
  EXPECT_EQ(apart.curves.size(), 32u);
  double largest_error = 0.0;
  for (const AgeingBin& b : apart.bins)
    if (std::isfinite(b.rate_unloaded.error)) largest_error = std::max(largest_error, b.rate_unloaded.error);
  EXPECT_GT(largest_error, 1e-6);
}

TEST(AgeingMaps, WeightedFitUsesTheBoostErrors) {
  SyntheticAgeing a;
  a.replicas = 2;
  a.noise = 1e-6;
  AgeingMapParams p;
  p.energy_bins = 40;
  p.replicas = ReplicaAveraging::separate;
  p.weighted = true;
  const AgeingMaps m = synthetic_maps("ageing_weighted", a, p);
  ASSERT_EQ(m.fit.status, BoostFitStatus::fitted);
  EXPECT_TRUE(m.fit.weighted);
  for (const BoostPoint& q : m.boost_points) EXPECT_GT(q.error, 0.0);
  for (const AgeingBin& b : m.bins)
    if (b.use == BoostUse::fitted) EXPECT_GE(std::min(b.rate_loaded.count, b.rate_unloaded.count), 2u);
  EXPECT_NEAR(m.fit.activation_volume, a.volume, 0.05 * a.volume);
}

TEST(AgeingMaps, BinsThatDoNotAgeAreNotFitted) {
  // Strained E_IS falls by 1e-3 eV/atom over 100 ps; the unstrained one rises through the
  // same energies: the ratio of the rates is negative, no boost.
  AgeingRun loaded{"t.dat", 400.0, 0.04, {}, {}, {}}, unloaded{"t.dat", 400.0, 0.0, {}, {}, {}};
  for (int i = 0; i <= 10; ++i) {
    const double t = 10.0 * i;
    for (AgeingRun* r : {&loaded, &unloaded}) r->time.push_back(t);
    loaded.energy.push_back(-4.9 - 1e-5 * t);
    unloaded.energy.push_back(-4.9005 + 2e-6 * t);
    loaded.stress.push_back(0.3);
    unloaded.stress.push_back(0.0);
  }
  AgeingMapParams p;
  p.offset = ElasticOffset::none;
  const AgeingMaps m = ageing_maps({loaded, unloaded}, p);
  std::size_t not_ageing = 0;
  for (const AgeingBin& b : m.bins) {
    not_ageing += b.use == BoostUse::not_ageing;
    if (b.use == BoostUse::not_ageing) EXPECT_LT(b.boost, 0.0);
  }
  EXPECT_GT(not_ageing, 0u);
  EXPECT_TRUE(m.boost_points.empty());
  EXPECT_EQ(m.fit.status, BoostFitStatus::too_few_points);
}

TEST(AgeingMaps, OlderTablesGiveTheTemperatureInTheirComment) {
  const std::string dir = scratch_dir("ageing_old");
  write_text(dir + "/old.dat",
             "# ageing at 450 K; inherent structure every 10 ps\n"
             "# strain time_ps E_IS_per_atom_eV shear_stress_IS_GPa pe_per_atom_eV T_K\n"
             "0 0 -4.9 0.1 -4.85 450\n0 10 -4.9001 0.1 -4.85 452\n");
  const auto runs = read_age_table(dir + "/old.dat");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].temperature, 450.0);
}

TEST(AgeingMaps, ErrorsNameTheTable) {
  const std::string dir = scratch_dir("ageing_errors");
  auto message = [&](const std::string& name, const std::string& text) {
    write_text(dir + "/" + name, text);
    try {
      ageing_maps(read_age_table(dir + "/" + name), {});
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  // No stress column (and no T_target_K either, nor a comment giving T).
  std::string m =
      message("nostress.dat", "# strain time_ps E_IS_per_atom_eV T_target_K\n0 0 -4.9 300\n0 10 -4.91 300\n");
  EXPECT_NE(m.find("nostress.dat"), std::string::npos) << m;
  EXPECT_NE(m.find("'shear_stress_IS_GPa'"), std::string::npos) << m;
  m = message("notemp.dat", "# strain time_ps E_IS_per_atom_eV shear_stress_IS_GPa\n0 0 -4.9 0.1\n0 10 -4.91 0.1\n");
  EXPECT_NE(m.find("notemp.dat"), std::string::npos) << m;
  EXPECT_NE(m.find("'T_target_K'"), std::string::npos) << m;
  m = message("alone.dat",
              "# strain time_ps E_IS_per_atom_eV shear_stress_IS_GPa T_target_K\n0.04 0 -4.9 0.5 300\n"
              "0.04 10 -4.91 0.4 300\n");
  EXPECT_NE(m.find("alone.dat"), std::string::npos) << m;
  EXPECT_NE(m.find("age.unstrained: true"), std::string::npos) << m;
  m = message("missing.dat", "");
  EXPECT_NE(m.find("missing.dat"), std::string::npos) << m;
  // Two strains cannot share one map.
  auto a = read_age_table(dir + "/alone.dat");
  auto b = a;
  b[0].strain = 0.02;
  a.push_back(b[0]);
  try {
    AgeingMapParams none;
    none.offset = ElasticOffset::none;
    ageing_maps(a, none);
    FAIL() << "two strains mapped together";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("0.02"), std::string::npos) << e.what();
  }
}
