// SPDX-License-Identifier: BSD-3-Clause
// The strain-rate layer: the flow-stress fits and m against synthetic data with known
// parameters, the metadynamics rate law, metadynamics and KMC runs end to end (sequence file,
// strain bookkeeping, resume), the sweep (points, CSV, HDF5, resume) and its bad inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <random>
#include <nlohmann/json.hpp>
#include <sstream>

#include "catalog_file.hpp"
#include "catalog_kmc.hpp"
#include "hdf5_reader.hpp"
#include "inherent_sequence.hpp"
#include "lammps_reference.hpp"
#include "metadynamics.hpp"
#include "muller_brown.hpp"
#include "rate_sensitivity.hpp"
#include "test_systems.hpp"
#include "thermo_log.hpp"
#include "units.hpp"

using namespace metabasin;
using namespace metabasin::testing;
using nlohmann::json;

namespace {

const std::string kSrc = METABASIN_SOURCE_DIR;

// The last JSON line of `metabasin ARGS` run in dir; its exit status into code, stderr into err.
json run_json(const std::string& args, const std::string& dir, int& code, std::string* err = nullptr) {
  const CliRun r = run_metabasin(args, dir);
  code = r.code;
  if (err) *err = r.stderr_text;
  return r.last;
}

// The JSON object on the last line of a run's stdout (mpirun may pass stderr lines on there).
json last_line_json(const std::string& text) {
  const std::size_t last = text.size() > 1 ? text.rfind('\n', text.size() - 2) : std::string::npos;
  return json::parse(last == std::string::npos ? text : text.substr(last + 1));
}

std::vector<double> log_rates(double lo, double hi, int n) {
  std::vector<double> r;
  for (int k = 0; k < n; ++k) r.push_back(lo * std::pow(hi / lo, k / double(n - 1)));
  return r;
}

}  // namespace

TEST(FlowStressFits, RateSensitivityIsTheLogLogSlopeInsideTheRange) {
  const std::vector<double> rate = log_rates(1.0, 1e10, 21);
  std::vector<double> tau;
  // m = 0.75 below 1e4, 0.12 above (continuous at 1e4).
  for (double g : rate) tau.push_back(g < 1e4 ? 1e-3 * std::pow(g, 0.75) : 1e-3 * std::pow(1e4, 0.63) * std::pow(g, 0.12));
  EXPECT_NEAR(rate_sensitivity(rate, tau, 1.0, 0.99e4).m, 0.75, 1e-9);
  EXPECT_NEAR(rate_sensitivity(rate, tau, 1.01e4, 1e10).m, 0.12, 1e-9);
  EXPECT_EQ(rate_sensitivity(rate, tau, 1.0, 0.99e4).points, 8);
  EXPECT_EQ(rate_sensitivity(rate, tau, 1.01e4, 1e10).points, 12);
  EXPECT_TRUE(std::isnan(rate_sensitivity(rate, tau, 2.0, 3.0).m));  // no point inside
  // Exact power laws: the slope has no scatter.
  EXPECT_NEAR(rate_sensitivity(rate, tau, 1.0, 0.99e4).standard_error, 0.0, 1e-9);
}

TEST(FlowStressFits, RateSensitivityStandardErrorIsTheOrdinaryLeastSquaresOne) {
  // log10 gdot = 0, 1, 2 and log10 tau = 0, 1, 3: slope 3/2, residuals (1/6, -1/3, 1/6), so
  // s^2 = SSR / (n - 2) = 1/6 and Sxx = 2: standard error sqrt(1/12).
  const std::vector<double> rate{1.0, 10.0, 100.0}, tau{1.0, 10.0, 1000.0};
  const RateSensitivity r = rate_sensitivity(rate, tau, 1.0, 100.0);
  EXPECT_NEAR(r.m, 1.5, 1e-12);
  EXPECT_NEAR(r.standard_error, std::sqrt(1.0 / 12.0), 1e-12);
  // Two points fix a line but not its scatter.
  EXPECT_TRUE(std::isnan(rate_sensitivity(rate, tau, 1.0, 10.0).standard_error));
  EXPECT_NEAR(rate_sensitivity(rate, tau, 1.0, 10.0).m, 1.0, 1e-12);
}

TEST(FlowStressFits, AsinhFitRecoversItsParameters) {
  const std::vector<double> rate = log_rates(1.0, 1e6, 13);
  std::vector<double> tau;
  for (double g : rate) tau.push_back(0.37 * std::asinh(g / 2.5e3));
  const AsinhFit f = fit_asinh(rate, tau);
  EXPECT_NEAR(f.A, 0.37, 1e-4);
  EXPECT_NEAR(std::log10(f.B), std::log10(2.5e3), 1e-4);
  EXPECT_LT(f.rms, 1e-6);
  EXPECT_FALSE(f.at_bound);
  // A flow stress that does not depend on rate leaves B undetermined: said, not hidden.
  EXPECT_TRUE(fit_asinh(rate, std::vector<double>(rate.size(), 0.4)).at_bound);
}

TEST(FlowStressFits, LogPowerFitRecoversItsParameters) {
  const std::vector<double> rate = log_rates(1e8, 5e10, 9);
  std::vector<double> tau;
  // tau = tau_c - C [ln(D/gdot)]^(2/3): tau_c 1.2 GPa, C 0.15 GPa, D 3e12 1/s; rises with rate
  // and turns up towards D (the study's regime III).
  for (double g : rate) tau.push_back(1.2 - 0.15 * std::pow(std::log(3e12 / g), 2.0 / 3.0));
  ASSERT_GT(tau.back(), tau.front());
  const LogPowerFit f = fit_log_power(rate, tau);
  EXPECT_NEAR(f.tau_c, 1.2, 1e-4);
  EXPECT_NEAR(f.C, 0.15, 1e-5);
  EXPECT_NEAR(std::log10(f.D), std::log10(3e12), 1e-3);
  EXPECT_LT(f.rms, 1e-6);
  EXPECT_FALSE(f.at_bound);
  // Two points cannot fix three parameters.
  EXPECT_TRUE(std::isnan(fit_log_power({1e8, 1e9}, {0.2, 0.3}).C));
}

// MD points on a known 2/3 law, metadynamics points on that same law at the rates a known
// gdot0 and a give their Q0: the calibration recovers gdot0 and a.
TEST(FlowStressFits, RateLawCalibrationRecoversPrefactorAndA) {
  auto law = [](double g) { return 1.2 - 0.15 * std::pow(std::log(3e12 / g), 2.0 / 3.0); };
  const std::vector<double> md_rate = log_rates(1e8, 1e10, 5);
  std::vector<double> md_tau;
  for (double g : md_rate) md_tau.push_back(law(g));
  const double T = 315.0, gdot0 = 2e11, a = 0.3;
  std::vector<double> q0, tau;
  for (double g : {2e8, 1e9, 5e9, 1e4}) {  // the last lies below every MD stress: not used
    q0.push_back(metadynamics_q0(g, gdot0, a, T));
    tau.push_back(law(g));
  }
  const RateLawCalibration c = calibrate_rate_law(md_rate, md_tau, q0, tau, T);
  ASSERT_TRUE(c.why_not.empty()) << c.why_not;
  EXPECT_EQ(c.points, 3);
  EXPECT_NEAR(std::log10(c.rate_prefactor), std::log10(gdot0), 1e-3);
  EXPECT_NEAR(c.a, a, 1e-3);
  EXPECT_LT(c.rms_log10, 1e-3);
  // A metadynamics stress that rises with Q0 cannot be mapped onto any rate law: said.
  const RateLawCalibration bad = calibrate_rate_law(md_rate, md_tau, {0.1, 0.2}, {law(2e8), law(5e9)}, T);
  EXPECT_TRUE(std::isnan(bad.a));
  EXPECT_NE(bad.why_not.find("does not fall"), std::string::npos);
  // No overlap with the MD stresses.
  const RateLawCalibration none = calibrate_rate_law(md_rate, md_tau, {0.1, 0.2}, {2.0, 2.1}, T);
  EXPECT_EQ(none.points, 0);
  EXPECT_FALSE(none.why_not.empty());
}

TEST(Metadynamics, RateLawAndItsInverse) {
  const double kT = units::boltz * 315.0;
  EXPECT_NEAR(metadynamics_strain_rate(0.4, 1e12, 0.25, 315.0), 1e12 * std::exp(-0.75 * 0.4 / kT), 1e-6);
  for (double g : {1.0, 1e3, 1e7})
    EXPECT_NEAR(metadynamics_strain_rate(metadynamics_q0(g, 1e12, 0.25, 315.0), 1e12, 0.25, 315.0) / g, 1.0, 1e-12);
}

// The Metropolis choice among sampled minima: long chains visit them with Boltzmann weights
// exp(-w/kT) of whatever weights they compare (energies, or harmonic free energies), and a
// minimum weighted +inf (a non-positive curvature) is never entered and always left.
TEST(Metadynamics, MetropolisChoiceApproachesBoltzmannWeights) {
  const double kT = 0.02;
  const std::vector<double> w{0.0, 0.01, 0.03, 0.02};
  std::mt19937_64 rng(7);
  const int draws = 20000;
  std::vector<int> count(w.size(), 0);
  for (int k = 0; k < draws; ++k) ++count[metropolis_choice(w, kT, 30, rng)];
  double z = 0.0;
  for (double x : w) z += std::exp(-x / kT);
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double p = std::exp(-w[i] / kT) / z;
    const double sigma = std::sqrt(p * (1 - p) / draws);
    EXPECT_NEAR(static_cast<double>(count[i]) / draws, p, 5 * sigma) << "minimum " << i;
  }
  const double inf = std::numeric_limits<double>::infinity();
  for (int k = 0; k < 200; ++k) {
    EXPECT_NE(metropolis_choice({0.0, inf, 0.05}, kT, 5, rng), 1u);
    EXPECT_NE(metropolis_choice({inf, 0.1, 0.2}, kT, 1, rng), 0u);
  }
}

TEST(Metadynamics, RunWritesEveryInherentStructureAndResumesWhereItStopped) {
  const std::string dir = glass_dir("metadynamics_run");
  auto input = [&](double max_strain) {
    return std::string(kCuZrGlassSystem) +
           "task: metadynamics\n"
           "abc: {height: 0.3, width: 0.8, max_penalties: 8, penalized_fmax: 0.01, refine: false}\n"
           "metadynamics: {temperature: 315, rate: 1.0e6, region_radius: 6.0, strain_increment: 0.002, max_strain: " +
           std::to_string(max_strain) + ", resume: true}\noutput: {sequence: seq.h5, table: meta.dat, progress: 0}\n";
  };
  write_text(dir + "/meta.yaml", input(0.004));
  int code = 0;
  std::string err;
  const json a = run_json("run meta.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_EQ(a["steps"], 2);
  EXPECT_NEAR(a["strain"].get<double>(), 0.004, 1e-12);
  const double kT = units::boltz * 315.0;
  EXPECT_NEAR(a["q0_eV"].get<double>(), kT * std::log(1e12 / 1e6), 1e-12);  // default gdot0 1e12, a 0
  {
    InherentSequenceReader r(dir + "/seq.h5");
    ASSERT_EQ(r.size(), 3u);
    const auto g = r.strains(), t = r.times();
    for (int k = 0; k < 3; ++k) {
      EXPECT_NEAR(g[k], 0.002 * k, 1e-12);
      EXPECT_NEAR(t[k], 0.002 * k / 1e6, 1e-18);  // each step lasts d_gamma / gdot
    }
  }
  // Asked for more strain, the run continues from its last inherent structure.
  write_text(dir + "/meta.yaml", input(0.008));
  const json b = run_json("run meta.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_EQ(b["steps"], 2);
  EXPECT_NE(err.find("resuming"), std::string::npos);
  InherentSequenceReader r(dir + "/seq.h5");
  ASSERT_EQ(r.size(), 5u);
  const auto g = r.strains();
  for (int k = 0; k < 5; ++k) EXPECT_NEAR(g[k], 0.002 * k, 1e-12);
  // The table holds the resumed history too: 1 header + 1 comment + 5 rows.
  std::istringstream lines(read_text(dir + "/meta.dat"));
  int rows = 0;
  std::string line;
  while (std::getline(lines, line))
    if (!line.empty() && line[0] != '#') ++rows;
  EXPECT_EQ(rows, 5);
}

// A basin about to vanish (its way down nearly flat) with a soft mode: harmonic TST gives it a
// huge vibrational partition function z and makes it a trap. With kmc.marginal_barrier it is
// no state: its exits end where the system settles (an absorbing chain), and the effective
// rates among the true states keep detailed balance with their Boltzmann weights z e^(-E/kT).
TEST(Kmc, MarginalMinimaAreLeftAtOnceAndTheTrueStatesKeepDetailedBalance) {
  const double kT = units::boltz * 315.0;
  // A, B true; M marginal (way down to A 0.5 meV); M2 marginal with ways down to B and to M.
  enum { A, M, B, M2 };
  const std::vector<double> energy{0.0, 0.05, -0.02, 0.2};
  const std::vector<double> z{1.0, 1e4, 2.0, 10.0};  // harmonic partition functions (1/prod omega)
  Catalog cat(mb_particle(0, 0), "toy");
  for (int v = 0; v < 4; ++v) {
    InherentStructure s;
    s.energy = energy[v];
    s.positions = VectorXd::Zero(3);
    s.positions(0) = 0.5 * v;
    ASSERT_EQ(cat.add_minimum(s).index, static_cast<std::size_t>(v));
  }
  // Saddle energies; nu(i->j) = nu0 sqrt(z_j / z_i) keeps z_i nu_ij = z_j nu_ji.
  const std::vector<std::tuple<int, int, double>> saddles{
      {A, M, 0.0505}, {M, B, 0.25}, {A, B, 0.3}, {B, M2, 0.2008}, {M2, M, 0.2009}};
  auto nu = [&](int i, int j) { return 1e13 * std::sqrt(z[j] / z[i]); };
  auto k = [&](int i, int j) {
    for (auto [a, b, e] : saddles)
      if ((a == i && b == j) || (a == j && b == i)) return nu(i, j) * std::exp(-(e - energy[i]) / kT);
    return 0.0;
  };
  for (auto [a, b, e] : saddles) {
    Transition t;
    t.from = a;
    t.to = b;
    t.energy = e;
    t.positions = VectorXd::Zero(3);
    t.positions(0) = 0.25 * (a + b);
    t.positions(1) = 0.1 * (a + 1) * (b + 1);
    t.prefactor = nu(a, b);
    t.backward_prefactor = nu(b, a);
    ASSERT_TRUE(cat.add_saddle(t).is_new);
  }
  MullerBrown mb;
  CatalogKmcParams p;
  p.temperature = 315.0;
  p.min_exits = 0;

  // Off: M is a state, and in equilibrium it holds A's weight times z_M e^(-0.05/kT) ~ 1600.
  CatalogRateModel plain(cat, mb, p);
  std::set<std::size_t> to;
  for (const Exit& e : plain.exits(A, 0.0)) to.insert(e.to);
  EXPECT_EQ(to, (std::set<std::size_t>{M, B}));

  p.marginal_barrier = 0.01;
  CatalogRateModel model(cat, mb, p);
  // Where the system settles from M and from M2 (each can cross into the other before it does):
  // P_M = (k_MA + k_MM2 P_M2) / K_M and P_M2 = k_M2M P_M / K_M2 for ending in A.
  const double q = k(M2, M) / (k(M2, B) + k(M2, M));
  const double pa = k(M, A) / (k(M, A) + k(M, B) + k(M, M2) - k(M, M2) * q), pb = 1.0 - pa;
  const double m2a = q * pa;
  std::map<std::size_t, double> rate_a, rate_b;
  for (const Exit& e : model.exits(A, 0.0)) rate_a[e.to] += e.rate;
  for (const Exit& e : model.exits(B, 0.0)) rate_b[e.to] += e.rate;
  ASSERT_EQ(rate_a.size(), 1u);  // settling back into A is no transition; nothing ends in M or M2
  ASSERT_EQ(rate_b.size(), 1u);
  const double ab = k(A, B) + k(A, M) * pb;
  const double ba = k(B, A) + k(B, M) * pa + k(B, M2) * m2a;
  EXPECT_NEAR(rate_a.at(B) / ab, 1.0, 1e-12);
  EXPECT_NEAR(rate_b.at(A) / ba, 1.0, 1e-12);
  // Detailed balance between the true states, with their harmonic Boltzmann weights.
  const double wa = z[A] * std::exp(-energy[A] / kT), wb = z[B] * std::exp(-energy[B] / kT);
  EXPECT_NEAR(wa * rate_a.at(B) / (wb * rate_b.at(A)), 1.0, 1e-10);
  EXPECT_EQ(model.marginal_minima(), 2);
  // A walk started in the marginal minimum (as after a strain step) leaves it for A or B: its
  // own exits, and the one up into M2, which settles as above.
  std::map<std::size_t, double> from_m;
  for (const Exit& e : model.exits(M, 0.0)) from_m[e.to] += e.rate;
  ASSERT_EQ(from_m.size(), 2u);
  EXPECT_NEAR(from_m.at(A) / (k(M, A) + k(M, M2) * m2a), 1.0, 1e-12);
  EXPECT_NEAR(from_m.at(B) / (k(M, B) + k(M, M2) * (1.0 - m2a)), 1.0, 1e-12);
}

TEST(Kmc, CatalogDrivenRunReachesTheTargetStrainAndKeepsItsCatalog) {
  const std::string dir = glass_dir("kmc_run");
  // The 2D glass at 315 K and 1e5 1/s in windows of 0.001, ABC searches of `penalties`.
  auto write_input = [&](const std::string& name, int penalties, const std::string& kmc, const std::string& output,
                         const std::string& extra = "") {
    write_text(dir + "/" + name, std::string(kCuZrGlassSystem) + extra + "task: kmc\nabc: {height: 0.3, width: 0.8, max_penalties: " +
                                     std::to_string(penalties) +
                                     ", penalized_fmax: 0.01}\n"
                                     "kmc: {temperature: 315, rate: 1.0e5, strain_increment: 0.001, flicker_barrier: 0.05, " +
                                     kmc + "}\noutput: {" + output + ", progress: 0}\n");
  };
  write_input("kmc.yaml", 10, "max_strain: 0.002, min_exits: 2", "catalog: cat.h5, sequence: seq.h5, table: kmc.dat");
  int code = 0;
  std::string err;
  const json a = run_json("run kmc.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_NEAR(a["strain"].get<double>(), 0.002, 1e-12);
  EXPECT_NEAR(a["time_s"].get<double>(), 0.002 / 1e5, 1e-15);  // strain = gdot t
  EXPECT_EQ(a["strain_windows"], 2);
  EXPECT_GE(a["searches"].get<long>(), 1);
  InherentSequenceReader r(dir + "/seq.h5");
  EXPECT_EQ(r.size(), 3u);  // strain 0 and the end of each window
  // The saved catalog reopens (no duplicates) and holds states at all three strains.
  const json s = run_json("catalog summary cat.h5 --json", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_EQ(s["minima"], a["catalog"]["minima"]);
  EXPECT_EQ(s["strains"].size(), 3u);
  // kmc.window_searches: the minimum held at each new window is searched at its new strain.
  write_input("kmc2.yaml", 10, "max_strain: 0.002, min_exits: 0, window_searches: 2, search_confined: false",
              "catalog: cat2.h5");
  std::filesystem::remove(dir + "/cat2.h5");
  const json w = run_json("run kmc2.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_EQ(w["searches"].get<long>(), 2 * w["strain_windows"].get<long>());  // min_exits 0, no confinement searches
  const json ws = run_json("catalog summary cat2.h5 --json", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_EQ(ws["strains"].size(), 3u);
  // kmc.searches: one search is that many ABC runs (each in a random region); with
  // kmc.search_patience a search gives up after that many runs in a row found nothing new.
  for (const int patience : {0, 1}) {
    SCOPED_TRACE(patience);
    write_input("kmc3.yaml", 4,
                "max_strain: 0.002, min_exits: 0, window_searches: 2, search_confined: false, searches: 12, "
                "search_region_radius: 6.0, search_patience: " + std::to_string(patience),
                "catalog: cat3.h5");
    std::filesystem::remove(dir + "/cat3.h5");
    const json r3 = run_json("run kmc3.yaml", dir, code, &err);
    ASSERT_EQ(code, 0) << err;
    const long all = 12 * 2 * r3["strain_windows"].get<long>();
    if (patience == 0)
      EXPECT_EQ(r3["searches"].get<long>(), all);
    else
      EXPECT_LT(r3["searches"].get<long>(), all);
  }
  // kmc.search_method art: each run of a search is one ART nouveau search around a random atom;
  // its connected events join the catalog.
  write_input("kmc5.yaml", 10,
              "max_strain: 0.002, min_exits: 0, window_searches: 1, search_confined: false, search_method: art, "
              "searches: 3",
              "catalog: cat5.h5");
  std::filesystem::remove(dir + "/cat5.h5");
  const json art = run_json("run kmc5.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_EQ(art["searches"].get<long>(), 3 * art["strain_windows"].get<long>());
  const json art_saddles = run_json("catalog saddles cat5.h5 --json", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  long by_art = 0;
  for (const json& t : art_saddles) by_art += t["found_by"] == "kmc/art" ? 1 : 0;
  EXPECT_GE(by_art, 1);
  // kmc.search_method md: each run is a dynamics search (thermal MD until a quench leaves the
  // basin); the saddle to the neighbour it reached joins the catalog, refined between the two
  // minima, and every such saddle lies above both of its minima.
  write_input("kmc6.yaml", 10,
              "max_strain: 0.001, min_exits: 0, window_searches: 1, search_confined: false, search_method: md, "
              "searches: 3, md_search_time: 2.0",
              "catalog: cat6.h5");
  std::filesystem::remove(dir + "/cat6.h5");
  const json dyn = run_json("run kmc6.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_EQ(dyn["searches"].get<long>(), 3 * dyn["strain_windows"].get<long>());
  EXPECT_LE(dyn["dynamics_saddles_refined"].get<long>(), dyn["dynamics_exits"].get<long>());
  EXPECT_LE(dyn["dynamics_exits"].get<long>(), dyn["searches"].get<long>());
  EXPECT_GT(dyn["dynamics_mean_exit_time_ps"].get<double>(), 0.0);
  EXPECT_LT(dyn["dynamics_mean_exit_time_ps"].get<double>(), 2.0);  // md_search_time
  const json dyn_saddles = run_json("catalog saddles cat6.h5 --json", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  long by_md = 0;
  for (const json& t : dyn_saddles)
    if (t["found_by"].get<std::string>().rfind("kmc/md/", 0) == 0) {
      ++by_md;
      EXPECT_GT(t["forward_barrier"].get<double>(), 0.0) << t.dump();
      EXPECT_GT(t["backward_barrier"].get<double>(), 0.0) << t.dump();
    }
  EXPECT_GE(by_md, 1);
  // kmc.search_time_ratio: a window of 10 ns holds the walk far longer than any dynamics search
  // covers (at most md_search_time each), so the states it holds are searched again, up to
  // kmc.search_time_rounds times each; with a ratio no window reaches, only the states no
  // dynamics search has covered at all (those carried over from the last window).
  // kmc.search_time_method art: those rounds are ART searches, whose saddles join the catalog;
  // softmode: ART pushed along the held state's softest modes.
  long rounds_at_ratio_1 = 0;
  for (const auto& [ratio, method] : {std::pair{1.0, "md"}, {1e12, "md"}, {1.0, "art"}, {1.0, "softmode"}}) {
    SCOPED_TRACE(std::to_string(ratio) + method);
    const bool art_rounds = std::string(method) != "md";
    write_input("kmc7.yaml", 10,
                "max_strain: 0.001, min_exits: 1, search_confined: false, search_method: md, md_search_time: 1.0, "
                "max_steps: 150, search_time_rounds: 2, searches: " + std::string(std::string(method) == "art" ? "4" : "2") +
                    ", search_time_method: " + method + ", search_time_ratio: " + (ratio > 1e6 ? "1.0e12" : "1.0"),
                "catalog: cat7.h5",
                std::string(method) == "art" ? "art: {max_push_steps: 10}\n" : "");  // short random pushes
    std::filesystem::remove(dir + "/cat7.h5");
    const json timed = run_json("run kmc7.yaml", dir, code, &err);
    ASSERT_EQ(code, 0) << err;
    const long rounds = timed["time_searches"].get<long>();
    if (ratio > 1e6) {
      EXPECT_LT(rounds, rounds_at_ratio_1);
      continue;
    }
    if (!art_rounds) rounds_at_ratio_1 = rounds;
    EXPECT_GE(rounds, 2);
    EXPECT_GE(timed["time_search_capped"].get<long>(), 1);
    EXPECT_LE(rounds, 2 * timed["catalog"]["minima"].get<long>());  // the cap, per state
    EXPECT_GE(timed["searches"].get<long>(), rounds);  // each round at least one run
    const json timed_saddles = run_json("catalog saddles cat7.h5 --json", dir, code, &err);
    ASSERT_EQ(code, 0) << err;
    long by_art_rounds = 0;
    for (const json& t : timed_saddles) by_art_rounds += t["found_by"] == std::string("kmc/") + method ? 1 : 0;
    if (art_rounds)
      EXPECT_GE(by_art_rounds, 1);
    else
      EXPECT_EQ(by_art_rounds, 0);
  }
  // kmc.vineyard_radius: the saddles the walk used carry local Vineyard prefactors both ways,
  // kept in the catalog (the math is checked on Mueller-Brown in Prefactor.*). Two windows:
  // in one, the first ABC search finds no saddle for about one start in four (an atom moved
  // by 1e-11 A, or force sums in another order), and the walk then takes no step at all.
  write_input("kmc4.yaml", 10, "max_strain: 0.002, min_exits: 2, vineyard_radius: 6.0", "catalog: cat4.h5");
  std::filesystem::remove(dir + "/cat4.h5");
  const json v = run_json("run kmc4.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  const long given = v["vineyard_prefactors"].get<long>();
  EXPECT_GE(given, 1);
  EXPECT_GT(v["vineyard_force_calls"].get<long>(), 0);
  const json sad = run_json("catalog saddles cat4.h5 --json", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  long both = 0;
  for (const json& t : sad)
    if (t["prefactor"].get<double>() > 0.0 && t["backward_prefactor"].get<double>() > 0.0) {
      ++both;
      for (const char* k : {"prefactor", "backward_prefactor"}) {
        EXPECT_GT(t[k].get<double>(), 1e9) << t.dump();
        EXPECT_LT(t[k].get<double>(), 1e16) << t.dump();
      }
    }
  EXPECT_GE(both, given);  // and the copies the re-evaluation carried to the next strain
  // Run again on that catalog (reopened from the file, which stores no masses).
  const json again = run_json("run kmc4.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_EQ(again["catalog"]["new_minima"].get<long>() + v["catalog"]["minima"].get<long>(),
            again["catalog"]["minima"].get<long>());
}

TEST(Kmc, AWalkResumedFromItsSequenceGoesOnFromTheWindowEndItReached) {
  const std::string dir = glass_dir("kmc_resume");
  auto yaml = [&](double max_strain) {
    write_text(dir + "/kmc.yaml", std::string(kCuZrGlassSystem) + "task: kmc\n" +
                                      "abc: {height: 0.3, width: 0.8, max_penalties: 10, penalized_fmax: 0.01}\n"
                                      "kmc: {temperature: 315, rate: 1.0e5, max_strain: " + std::to_string(max_strain) +
                                      ", strain_increment: 0.001, min_exits: 2, resume: true}\n"
                                      "output: {catalog: c.h5, sequence: s.h5, table: t.dat, progress: 0}\n");
  };
  yaml(0.002);
  int code = 0;
  std::string err;
  const json a = run_json("run kmc.yaml", dir, code, &err);  // no sequence yet: a fresh walk
  ASSERT_EQ(code, 0) << err;
  EXPECT_TRUE(a["resumed_from_strain"].is_null());
  const auto rows_a = read_table_rows(dir + "/t.dat");
  ASSERT_EQ(rows_a.size(), 3u);  // strain 0, 0.001, 0.002
  // As a kill after the table's next row but before the sequence's frame would leave it.
  write_text(dir + "/t.dat", read_text(dir + "/t.dat") + "0.003 9 9 9 9\n");
  yaml(0.004);
  const json b = run_json("run kmc.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_NE(err.find("resuming"), std::string::npos) << err;
  EXPECT_NEAR(b["resumed_from_strain"].get<double>(), 0.002, 1e-12);
  // It starts in the minimum the first walk held at 0.002 and counts the windows from there.
  EXPECT_EQ(b["start_state"].get<double>(), rows_a.back()[4]);
  EXPECT_EQ(b["strain_windows"], 4);
  EXPECT_NEAR(b["strain"].get<double>(), 0.004, 1e-12);
  // One run's table and sequence: every window end once, the time gdot t throughout.
  const auto rows = read_table_rows(dir + "/t.dat");
  ASSERT_EQ(rows.size(), 5u);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    EXPECT_NEAR(rows[k][0], 0.001 * static_cast<double>(k), 1e-12) << "row " << k;
    EXPECT_NEAR(rows[k][3], rows[k][0] / 1e5, 1e-18) << "row " << k;
    if (k < rows_a.size()) EXPECT_EQ(rows[k], rows_a[k]) << "row " << k;
  }
  {
    InherentSequenceReader seq(dir + "/s.h5");  // closed before the next run opens the file
    ASSERT_EQ(seq.size(), 5u);
    const auto g = seq.strains(), tau = seq.shear_stresses();
    for (std::size_t k = 0; k < g.size(); ++k) {
      EXPECT_NEAR(g[k], rows[k][0], 1e-12);
      EXPECT_NEAR(tau[k], rows[k][1], 1e-9);
    }
  }
  // A sequence of another rate is refused, naming the key.
  write_text(dir + "/kmc.yaml", read_text(dir + "/kmc.yaml").replace(read_text(dir + "/kmc.yaml").find("1.0e5"), 5,
                                                                      "1.0e6"));
  run_json("run kmc.yaml", dir, code, &err);
  EXPECT_NE(code, 0);
  EXPECT_NE(err.find("kmc.resume"), std::string::npos) << err;
}

// kmc.hold_time: the walk stays at the sample's strain, a row and a frame at the end of each
// window of kmc.strain_increment / kmc.rate seconds, time in the time column; it resumes in
// time, and a loaded walk cannot continue its sequence (nor it a loaded one's).
TEST(Kmc, AHeldWalkRecordsTheStressAtEachWindowInTimeAndResumes) {
  const std::string dir = glass_dir("kmc_hold");
  auto yaml = [&](const std::string& end) {
    write_text(dir + "/kmc.yaml", std::string(kCuZrGlassSystem) + "task: kmc\n" +
                                      "abc: {height: 0.3, width: 0.8, max_penalties: 10, penalized_fmax: 0.01}\n"
                                      "kmc: {temperature: 315, rate: 1.0e5, " + end +
                                      ", strain_increment: 0.001, min_exits: 2, resume: true}\n"
                                      "output: {catalog: c.h5, sequence: s.h5, table: t.dat, progress: 0}\n");
  };
  yaml("hold_time: 3.0e-8");  // three windows of 1e-8 s
  int code = 0;
  std::string err;
  const json a = run_json("run kmc.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_EQ(a["stop_reason"], "max time");
  EXPECT_NEAR(a["time_s"].get<double>(), 3e-8, 1e-20);
  EXPECT_NEAR(a["hold_window_s"].get<double>(), 1e-8, 1e-20);
  EXPECT_EQ(a["strain"].get<double>(), 0.0);
  EXPECT_TRUE(a["flow_stress_GPa"].is_null());
  const auto rows_a = read_table_rows(dir + "/t.dat");
  ASSERT_EQ(rows_a.size(), 4u);
  for (std::size_t k = 0; k < rows_a.size(); ++k) {
    EXPECT_EQ(rows_a[k][0], 0.0) << "row " << k;
    EXPECT_NEAR(rows_a[k][3], 1e-8 * static_cast<double>(k), 1e-20) << "row " << k;
  }
  // As a kill between the sequence's last frame and the table's row would leave it.
  {
    const std::string text = read_text(dir + "/t.dat");
    write_text(dir + "/t.dat", text.substr(0, text.rfind('\n', text.size() - 2) + 1));
    ASSERT_EQ(read_table_rows(dir + "/t.dat").size(), 3u);
  }
  yaml("hold_time: 5.0e-8");
  const json b = run_json("run kmc.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_EQ(b["start_state"].get<double>(), rows_a.back()[4]);
  EXPECT_NEAR(b["time_s"].get<double>(), 5e-8, 1e-20);
  const auto rows = read_table_rows(dir + "/t.dat");
  ASSERT_EQ(rows.size(), 6u);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    EXPECT_NEAR(rows[k][3], 1e-8 * static_cast<double>(k), 1e-20) << "row " << k;
    if (k < rows_a.size()) {
      EXPECT_EQ(rows[k][4], rows_a[k][4]) << "row " << k;  // the lost row rebuilt from the sequence
      EXPECT_NEAR(rows[k][1], rows_a[k][1], 1e-9) << "row " << k;
    }
  }
  {
    InherentSequenceReader seq(dir + "/s.h5");
    ASSERT_EQ(seq.size(), 6u);
    const auto g = seq.strains();
    for (double x : g) EXPECT_EQ(x, 0.0);
  }
  // A loaded walk cannot continue a held walk's sequence; hold and load at once are refused.
  for (const std::string end : {"max_strain: 0.002", "max_strain: 0.002, hold_time: 1.0e-8"}) {
    yaml(end);
    run_json("run kmc.yaml", dir, code, &err);
    EXPECT_NE(code, 0) << end;
    EXPECT_NE(err.find(end.find("hold") == std::string::npos ? "kmc.resume" : "kmc.hold_time"), std::string::npos)
        << err;
  }
}

// Under MPI, task kmc's ART, soft-mode and dynamics searches are spread over the ranks in
// batches of the runs a search is sure to make (kmc.search_patience): run by two ranks they are
// the searches one rank runs, so the walk, its table, its catalog and its force calls are the same.
TEST(Kmc, TwoMpiRanksRunTheSameWalkAsOne) {
  std::string out;
  ASSERT_EQ(run_command("command -v mpirun", out), 0) << "mpirun (openmpi-bin) is not installed";
  const std::string dir = glass_dir("kmc_mpi", "lj2d-cuzr-256-glass-0.01Kps-315K.data");
  for (const std::string method : {"art", "softmode", "md"}) {
    write_text(dir + "/kmc.yaml", std::string(kCuZrGlassSystem) + "task: kmc\n" +
                                      "art: {event_radius: 12}\n"
                                      "kmc: {temperature: 315, rate: 1.0e8, max_strain: 0.002, strain_increment: 0.001, "
                                      "min_exits: 3, search_method: " + method + ", searches: 6, search_patience: 2, "
                                      "max_steps: 6}\n"
                                      "output: {catalog: c.h5, table: t.dat, progress: 0}\n");
    std::filesystem::remove(dir + "/c.h5");
    int code = 0;
    std::string err;
    const json one = run_json("run kmc.yaml", dir, code, &err);
    ASSERT_EQ(code, 0) << err;
    const std::string table_one = read_text(dir + "/t.dat");
    ASSERT_GE(one["searches"].get<long>(), 4) << method;  // batches of more than one search ran
    ASSERT_GE(one["catalog"]["saddles"].get<long>(), 3) << method;  // and found events
    const CliRun saddles_one = run_metabasin("catalog saddles c.h5 --csv", dir);  // in the order found
    ASSERT_EQ(saddles_one.code, 0) << saddles_one.stderr_text;
    std::filesystem::remove(dir + "/c.h5");
    ASSERT_EQ(run_command("cd '" + dir + "' && mpirun --allow-run-as-root --oversubscribe -np 2 '" METABASIN_BIN
                              "' run kmc.yaml > two.json 2> two.err",
                          out),
              0)
        << read_text(dir + "/two.err");
    const json two = last_line_json(read_text(dir + "/two.json"));  // rank 0's report alone
    EXPECT_EQ(two["ranks"], 2) << method;
    EXPECT_EQ(read_text(dir + "/t.dat"), table_one) << method;
    for (const char* key : {"searches", "search_force_calls", "force_calls", "steps", "start_side_carried"})
      EXPECT_EQ(two[key], one[key]) << method << " " << key;
    EXPECT_EQ(two["catalog"], one["catalog"]) << method;
    EXPECT_EQ(run_metabasin("catalog saddles c.h5 --csv", dir).stdout_text, saddles_one.stdout_text) << method;
  }
}

// Under MPI a task that does not share its work (here abc, into a catalog) runs on rank 0
// alone, with one warning: the other ranks used to run it too and were refused the catalog
// rank 0 was extending.
TEST(Kmc, ATaskThatDoesNotShareItsWorkRunsOnRankZeroAlone) {
  std::string out;
  ASSERT_EQ(run_command("command -v mpirun", out), 0) << "mpirun (openmpi-bin) is not installed";
  const std::string dir = glass_dir("abc_mpi", "lj2d-cuzr-256-glass-0.01Kps-315K.data");
  write_text(dir + "/abc.yaml", std::string(kCuZrGlassSystem) +
                                    "task: abc\nabc: {height: 0.3, width: 0.8, max_penalties: 10, penalized_fmax: 0.01}\n"
                                    "output: {catalog: c.h5}\n");
  ASSERT_EQ(run_command("cd '" + dir + "' && mpirun --allow-run-as-root --oversubscribe -np 2 '" METABASIN_BIN
                            "' run abc.yaml > two.json 2> two.err",
                        out),
            0)
      << read_text(dir + "/two.err");
  // mpirun may pass the ranks' stderr on through its stdout: the report is the last line.
  const std::string text = read_text(dir + "/two.json"), err = text + read_text(dir + "/two.err");
  EXPECT_NE(err.find("task abc runs on one rank; rank 1 stays idle"), std::string::npos) << err;
  EXPECT_EQ(err.find("being extended by another run"), std::string::npos) << err;
  const json report = last_line_json(text);  // rank 0's alone
  EXPECT_EQ(load_catalog(dir + "/c.h5").minima(), report["catalog"]["minima"].get<std::size_t>());
}

TEST(Sweep, PointsCsvHdf5AndResume) {
  const std::string dir = glass_dir("sweep_run");
  const std::string yaml = std::string(kCuZrGlassSystem) +
                                      "task: sweep\n"
                                      "md: {dt: 0.002, thermostat: nose-hoover, tdamp: 0.1, seed: 3}\n"
                                      "abc: {height: 0.3, width: 0.8, max_penalties: 5, penalized_fmax: 0.01, refine: false}\n"
                                      "metadynamics: {strain_increment: 0.002, region_radius: 6.0}\n"
                                      "sweep: {rates: [2.0e10, 1.0e10, 1.0e4], q0: [0.3], md_above: 1.0e8, "
                                      "temperature: 315, max_strain: 0.006, peak_bin: 0.002, md_table_strain: 2.0e-4, directory: points}\n"
                                      "output: {table: sweep.csv, hdf5: sweep.h5}\n";
  write_text(dir + "/sweep.yaml", yaml);
  int code = 0;
  std::string err;
  const json a = run_json("sweep sweep.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  ASSERT_EQ(a["points"].size(), 4u);
  // Fastest first; MD above md_above, metadynamics below, Q0 points at their rate.
  EXPECT_EQ(a["points"][0]["method"], "shear");
  EXPECT_EQ(a["points"][1]["method"], "shear");
  EXPECT_EQ(a["points"][3]["method"], "metadynamics");
  EXPECT_NEAR(a["points"][2]["rate_per_s"].get<double>() + a["points"][3]["rate_per_s"].get<double>(),
              1e4 + metadynamics_strain_rate(0.3, 1e12, 0.0, 315.0), 1e-6);
  for (const auto& p : a["points"]) EXPECT_TRUE(p["flow_stress_GPa"].is_number()) << p.dump();
  std::istringstream csv(read_text(dir + "/sweep.csv"));
  std::string line;
  int lines = 0;
  while (std::getline(csv, line)) ++lines;
  EXPECT_EQ(lines, 5);
  EXPECT_TRUE(std::filesystem::exists(dir + "/sweep.h5"));
  // Every run leaves its inherent-structure sequence. MD's inherent flow stress is the mean
  // over its quenched copies (every shear.sequence_strain, 0.001) from steady_from (0.7 x
  // 0.006) on; a landscape run's table already holds inherent-structure stresses.
  for (std::size_t k = 0; k < 4; ++k) {
    const json& p = a["points"][k];
    const json& row = a["flow_stress"][k];
    ASSERT_TRUE(row["flow_stress_inherent_GPa"].is_number()) << row.dump();
    std::string table = p["table"].get<std::string>();
    InherentSequenceReader r(table.replace(table.size() - 4, 4, ".h5"));  // <point>.dat -> <point>.h5
    if (p["method"] == "shear") {
      ASSERT_EQ(r.size(), 7u);
      const auto g = r.strains(), tau = r.shear_stresses();
      double sum = 0.0;
      int n = 0;
      for (std::size_t f = 0; f < g.size(); ++f) {
        EXPECT_NEAR(g[f], 0.001 * static_cast<double>(f), 1e-9);
        if (g[f] >= 0.7 * 0.006 - 1e-12) {
          sum += tau[f];
          ++n;
        }
      }
      EXPECT_NEAR(row["flow_stress_inherent_GPa"].get<double>(), sum / n, 1e-9);
      // Table rows every sweep.md_table_strain whatever the rate: 31 rows to 0.006 at both
      // 2e10 and 1e10 1/s (every 5 and 10 steps of 2 fs).
      const std::string dat = p["table"].get<std::string>();
      const auto rows = read_table_rows(dat[0] == '/' ? dat : dir + "/" + dat);
      ASSERT_EQ(rows.size(), 31u) << dat;
      for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_NEAR(rows[i][0], 2e-4 * static_cast<double>(i), 1e-9);
    } else {
      EXPECT_NEAR(row["flow_stress_inherent_GPa"].get<double>(), row["flow_stress_GPa"].get<double>(), 1e-9);
    }
    // The peak: the largest mean inherent-structure stress over strain bins of 0.002.
    const auto g = r.strains(), tau = r.shear_stresses();
    std::map<int, std::pair<double, int>> bins;
    for (std::size_t f = 0; f < g.size(); ++f) {
      auto& b = bins[static_cast<int>(std::floor(g[f] / 0.002 + 1e-6))];
      b.first += tau[f];
      ++b.second;
    }
    ASSERT_GE(bins.size(), 3u);
    double peak = -1e300;
    for (const auto& [bin, b] : bins) peak = std::max(peak, b.first / b.second);
    EXPECT_NEAR(row["peak_stress_inherent_GPa"].get<double>(), peak, 1e-9);
    EXPECT_NEAR(p["peak_stress_inherent_GPa"].get<double>(), peak, 1e-9);
  }
  EXPECT_EQ(a["rate_sensitivity_peak"].size(), a["rate_sensitivity"].size());
  for (const auto& r : a["rate_sensitivity"]) EXPECT_EQ(r["m_standard_error"].is_null(), r["points"].get<int>() < 3);
  // Two MD points cannot fix the 2/3 law, so there is no calibration, and the JSON says why.
  EXPECT_TRUE(a["calibration"]["a"].is_null());
  EXPECT_NE(a["calibration"]["not_calibrated"].get<std::string>().find("3 MD points"), std::string::npos);
  // Run again: every point is kept from the first run, and the results are the same.
  const json b = run_json("sweep sweep.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  std::size_t kept = 0;
  for (std::size_t pos = 0; (pos = err.find("done earlier", pos)) != std::string::npos; ++pos) ++kept;
  EXPECT_EQ(kept, 4u);
  EXPECT_EQ(b["points"], a["points"]);
  // An MD point stopped before it left its record continues from its restart file (here its
  // last step) instead of running again from strain 0.
  std::string stem = a["points"][0]["table"].get<std::string>();
  stem.resize(stem.size() - 4);  // <point>.dat -> <point>
  if (stem[0] != '/') stem = dir + "/" + stem;
  ASSERT_TRUE(std::filesystem::exists(stem + "-restart.h5")) << stem;
  std::filesystem::remove(stem + ".json");
  const json resumed = run_json("sweep sweep.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_NE(err.find("resuming"), std::string::npos) << err;
  EXPECT_EQ(resumed["points"][0]["flow_stress_GPa"], a["points"][0]["flow_stress_GPa"]);
  EXPECT_EQ(resumed["flow_stress"][0]["flow_stress_inherent_GPa"], a["flow_stress"][0]["flow_stress_inherent_GPa"]);
  // The fits split by method (asinh over the metadynamics points), or at sweep.fit_split
  // whatever the method: gathered again from the same points.
  auto below = [&](const json& j, double split) {
    int n = 0;
    for (const auto& row : j["flow_stress"])
      if (row["flow_stress_GPa"].is_number() && row["rate_per_s"].get<double>() < split) ++n;
    return n;
  };
  EXPECT_EQ(a["fits"]["asinh"]["points"].get<int>(), below(a, 1e8));
  EXPECT_TRUE(a["fits"]["split_rate_per_s"].is_null());
  std::string split = yaml;
  split.replace(split.find("directory: points"), 17, "fit_split: 1.5e10, directory: points");
  write_text(dir + "/sweep.yaml", split);
  const json c = run_json("sweep sweep.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_EQ(c["fits"]["split_rate_per_s"].get<double>(), 1.5e10);
  EXPECT_EQ(c["fits"]["asinh"]["points"].get<int>(), below(c, 1.5e10));
  EXPECT_GT(below(c, 1.5e10), below(c, 1e8));  // the MD point at 1e10 joined the asinh fit
  // The calibration may set MD and metadynamics against each other by their peak stresses;
  // the JSON and the HDF5 say which.
  EXPECT_EQ(c["calibration"]["stress"], "flow");
  split.replace(split.find("directory: points"), 17, "calibrate_with: peak, directory: points");
  write_text(dir + "/sweep.yaml", split);
  const json by_peak = run_json("sweep sweep.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_EQ(by_peak["calibration"]["stress"], "peak");
  EXPECT_NE(by_peak["calibration"]["not_calibrated"].get<std::string>().find("3 MD points"), std::string::npos);
  EXPECT_EQ(Hdf5Reader(dir + "/sweep.h5").string_attribute("/calibration", "stress"), "peak");
  // tools/plot_sweep.py draws the flow stress against the rate and the curves from the HDF5
  // file (Debian's python3 with python3-matplotlib and python3-h5py), and names a file that
  // is not a sweep.
  const std::string tool = kSrc + "/tools/plot_sweep.py";
  std::string out;
  ASSERT_EQ(run_command("cd '" + dir + "' && /usr/bin/python3 '" + tool + "' sweep.h5", out), 0) << out;
  for (const char* png : {"/sweep-flow.png", "/sweep-curves.png"}) {
    const std::string bytes = read_text(dir + png);
    ASSERT_GT(bytes.size(), 1000u) << png;
    EXPECT_EQ(bytes.substr(1, 3), "PNG") << png;
  }
  std::string sequence = a["points"][0]["table"].get<std::string>();
  sequence.replace(sequence.size() - 4, 4, ".h5");  // <point>.dat -> <point>.h5
  EXPECT_NE(run_command("/usr/bin/python3 '" + tool + "' '" + sequence + "'", out), 0);
  EXPECT_NE(out.find("is not a metabasin-sweep file"), std::string::npos) << out;
}

// Replicas: each rate runs once per replica with shifted seeds, and the rate's flow stress is
// their mean with the standard error of that mean, in the JSON and the CSV.
TEST(Sweep, ReplicasAreAveragedPerRate) {
  const std::string dir = glass_dir("sweep_replicas");
  write_text(dir + "/sweep.yaml", std::string(kCuZrGlassSystem) +
                                      "task: sweep\n"
                                      "md: {dt: 0.002, thermostat: nose-hoover, tdamp: 0.1, seed: 3}\n"
                                      "sweep: {rates: [2.0e10, 1.0e10], md_above: 1.0e8, replicas: 3, "
                                      "temperature: 315, max_strain: 0.006, directory: points}\n"
                                      "output: {table: sweep.csv}\n");
  int code = 0;
  std::string err;
  const json a = run_json("sweep sweep.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  ASSERT_EQ(a["points"].size(), 6u);
  ASSERT_EQ(a["flow_stress"].size(), 2u);
  for (int r = 0; r < 2; ++r) {
    std::vector<double> t;
    for (int k = 0; k < 3; ++k) {
      const json& p = a["points"][3 * r + k];
      EXPECT_EQ(p["replica"], k);
      t.push_back(p["flow_stress_GPa"].get<double>());
    }
    EXPECT_NE(t[0], t[1]);  // other seeds, other thermal histories
    const double mean = (t[0] + t[1] + t[2]) / 3.0;
    double var = 0.0;
    for (double x : t) var += (x - mean) * (x - mean) / 2.0;
    const json& f = a["flow_stress"][r];
    EXPECT_EQ(f["replicas"], 3);
    EXPECT_NEAR(f["flow_stress_GPa"].get<double>(), mean, 1e-12);
    EXPECT_NEAR(f["flow_stress_sem_GPa"].get<double>(), std::sqrt(var / 3.0), 1e-12);
  }
  std::istringstream csv(read_text(dir + "/sweep.csv"));
  std::string header, row;
  std::getline(csv, header);
  EXPECT_NE(header.find("flow_stress_sem_GPa"), std::string::npos);
  int rows = 0;
  while (std::getline(csv, row)) ++rows;
  EXPECT_EQ(rows, 2);  // one row per rate
  // Another steady-flow window is recomputed from the runs' tables, without running them again.
  std::string text = read_text(dir + "/sweep.yaml");
  text.replace(text.find("replicas: 3,"), 12, "replicas: 3, steady_from: 0.0,");
  write_text(dir + "/sweep.yaml", text);
  const json b = run_json("sweep sweep.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  std::size_t kept = 0;
  for (std::size_t pos = 0; (pos = err.find("done earlier", pos)) != std::string::npos; ++pos) ++kept;
  EXPECT_EQ(kept, 6u) << err;
  std::istringstream table(read_text(b["points"][0]["table"].get<std::string>()));
  double sum = 0.0, g = 0.0, t = 0.0;
  int n = 0;
  while (std::getline(table, row))
    if (!row.empty() && row[0] != '#' && std::istringstream(row) >> g >> t) {
      sum += t;
      ++n;
    }
  ASSERT_GT(n, 2);
  EXPECT_NEAR(b["points"][0]["flow_stress_GPa"].get<double>(), sum / n, 1e-12);
  EXPECT_NE(b["points"][0]["flow_stress_GPa"], a["points"][0]["flow_stress_GPa"]);
}

// A Q0 the sampler cannot reach is a clear error for a metadynamics run; in a sweep the point
// fails with that message, the other points stand, and running the sweep again retries it.
TEST(Sweep, UnreachableQ0IsAnErrorAndASweepGoesOnWithoutIt) {
  const std::string dir = glass_dir("sweep_unreachable");
  const std::string sections = std::string(kCuZrGlassSystem) +
                               "md: {dt: 0.002, thermostat: nose-hoover, tdamp: 0.1, seed: 3}\n"
                               "abc: {height: 0.05, width: 0.8, max_penalties: 3, penalized_fmax: 0.01, refine: false}\n";
  write_text(dir + "/meta.yaml", sections +
                                     "task: metadynamics\n"
                                     "metadynamics: {temperature: 315, q0: 5.0, region_radius: 6.0, strain_increment: 0.002, "
                                     "max_strain: 0.01, reach_steps: 2}\n");
  int code = 0;
  const json e = run_json("run meta.yaml", dir, code);
  EXPECT_NE(code, 0);
  ASSERT_TRUE(e.contains("error")) << e.dump();
  EXPECT_NE(e["error"].get<std::string>().find("metadynamics.q0"), std::string::npos) << e["error"];
  EXPECT_NE(e["error"].get<std::string>().find("out of reach"), std::string::npos) << e["error"];

  write_text(dir + "/sweep.yaml", sections +
                                      "task: sweep\n"
                                      "metadynamics: {strain_increment: 0.002, region_radius: 6.0, reach_steps: 2}\n"
                                      "sweep: {rates: [1.0e10], q0: [5.0], temperature: 315, max_strain: 0.006, directory: points}\n");
  std::string err;
  const json a = run_json("sweep sweep.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  ASSERT_EQ(a["failed_points"].size(), 1u);
  EXPECT_EQ(a["points"][0]["method"], "shear");
  EXPECT_TRUE(a["points"][0]["flow_stress_GPa"].is_number());
  EXPECT_TRUE(a["points"][1]["flow_stress_GPa"].is_null());
  EXPECT_NE(a["points"][1]["error"].get<std::string>().find("out of reach"), std::string::npos);
  const json b = run_json("sweep sweep.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  EXPECT_NE(err.find("done earlier"), std::string::npos);  // the MD point is kept
  EXPECT_NE(err.find("runs point-01"), std::string::npos) << err;  // the failed one is retried
}

// sweep.slow_method kmc: the rates below md_above run catalog KMC at that rate, each point in
// its own catalog that starts from sweep.catalog; no metadynamics point, so no calibration.
TEST(Sweep, KmcPointsRunAtTheirRateFromTheSweepCatalog) {
  const std::string dir = glass_dir("sweep_kmc");
  std::filesystem::remove_all(dir + "/points");
  std::filesystem::remove(dir + "/seed.h5");
  const std::string searches = "abc: {height: 0.3, width: 0.8, max_penalties: 10, penalized_fmax: 0.01}\n";
  write_text(dir + "/seed.yaml", std::string(kCuZrGlassSystem) + "task: kmc\n" + searches +
                                     "kmc: {temperature: 315, rate: 1.0e5, max_strain: 0.001, strain_increment: 0.001, "
                                     "min_exits: 2}\noutput: {catalog: seed.h5, progress: 0}\n");
  int code = 0;
  std::string err;
  const json seed = run_json("run seed.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  const long seed_minima = seed["catalog"]["minima"].get<long>();
  ASSERT_GE(seed_minima, 2);
  write_text(dir + "/sweep.yaml", std::string(kCuZrGlassSystem) + "task: sweep\n" +
                                      "md: {dt: 0.002, thermostat: nose-hoover, tdamp: 0.1, seed: 3}\n" + searches +
                                      "kmc: {strain_increment: 0.001, min_exits: 2}\n"
                                      "sweep: {rates: [1.0e10, 1.0e4], md_above: 1.0e8, slow_method: kmc, catalog: seed.h5, "
                                      "temperature: 315, max_strain: 0.002, directory: points}\n"
                                      "output: {table: sweep.csv, progress: 0}\n");
  const json a = run_json("sweep sweep.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  ASSERT_EQ(a["points"].size(), 2u);
  EXPECT_EQ(a["points"][0]["method"], "shear");
  EXPECT_EQ(a["points"][1]["method"], "kmc");
  EXPECT_DOUBLE_EQ(a["points"][1]["rate_per_s"].get<double>(), 1e4);
  EXPECT_TRUE(a["points"][1]["q0_eV"].is_null());
  EXPECT_TRUE(a["points"][1]["flow_stress_GPa"].is_number());
  // Its own catalog started from the seed: every seed minimum is in it, and it grew.
  const std::string own = dir + "/points/point-01-kmc-1.000e+04-catalog.h5";
  ASSERT_TRUE(std::filesystem::exists(own));
  const Catalog seeded = load_catalog(own), from = load_catalog(dir + "/seed.h5");
  for (std::size_t v = 0; v < from.minima(); ++v)
    EXPECT_TRUE(seeded.find_minimum(from.minimum_positions(v), from.minimum(v).energy, from.minimum(v).strain).has_value())
        << "seed minimum " << v;
  EXPECT_GT(seeded.minima(), from.minima());
  // The strain of the KMC table advances as gdot t.
  std::istringstream table(read_text(dir + "/points/point-01-kmc-1.000e+04.dat"));
  std::string line;
  double last_strain = 0.0, last_time = 0.0;
  while (std::getline(table, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream row(line);
    double tau, pe;
    row >> last_strain >> tau >> pe >> last_time;
  }
  EXPECT_NEAR(last_strain, 0.002, 1e-12);
  EXPECT_NEAR(last_time, 0.002 / 1e4, 1e-15);
  EXPECT_NE(a["calibration"]["not_calibrated"].get<std::string>(), "");
  // A KMC point that stops short of sweep.max_strain (here kmc.max_steps) has no flow stress:
  // it is a failed point, retried when the sweep runs again.
  std::filesystem::remove_all(dir + "/short");
  write_text(dir + "/short.yaml", std::string(kCuZrGlassSystem) + "task: sweep\n" + searches +
                                      "kmc: {strain_increment: 0.001, min_exits: 2, max_steps: 1}\n"
                                      "sweep: {rates: [1.0e4], slow_method: kmc, temperature: 315, max_strain: 0.002, "
                                      "directory: short}\noutput: {progress: 0}\n");
  const json cut = run_json("sweep short.yaml", dir, code, &err);
  ASSERT_EQ(code, 0) << err;
  ASSERT_EQ(cut["failed_points"].size(), 1u);
  EXPECT_NE(cut["points"][0]["error"].get<std::string>().find("KMC stopped at strain"), std::string::npos)
      << cut["points"][0];
  EXPECT_TRUE(cut["points"][0]["flow_stress_GPa"].is_null());
  // A seed catalog only makes sense for KMC points, and it must exist.
  for (const std::string& bad : {std::string("slow_method: metadynamics, catalog: seed.h5"),
                                 std::string("slow_method: kmc, catalog: nowhere.h5"), std::string("slow_method: md")}) {
    write_text(dir + "/bad.yaml", std::string(kCuZrGlassSystem) + "task: sweep\nsweep: {rates: [1.0e4], temperature: 315, "
                                                         "max_strain: 0.002, " + bad + "}\n");
    const json j = run_json("sweep bad.yaml", dir, code);
    EXPECT_NE(code, 0) << bad;
    ASSERT_TRUE(j.contains("error")) << bad;
    EXPECT_NE(j["error"].get<std::string>().find(bad.find("catalog") != std::string::npos ? "sweep.catalog" : "sweep.slow_method"),
              std::string::npos)
        << bad << ": " << j["error"];
  }
}

TEST(Sweep, BadInputsAreClearErrors) {
  const std::string dir = glass_dir("sweep_bad");
  struct Case {
    std::string sweep, expect;
  };
  const std::vector<Case> cases = {
      {"rates: [1.0e9, -5.0]", "sweep.rates"},
      {"rates: [1.0e9, 0.0]", "sweep.rates"},
      {"rates: [1.0e6, 1.0e6]", "twice"},
      {"q0: [-0.1]", "sweep.q0"},
      {"rates: [1.0e6], regimes: [1.0e3, 10.0]", "sweep.regimes"},
      {"rates: [1.0e6], regimes: [1.0e3]", "sweep.regimes"},
      {"rates: [5.0e12], md_above: 1.0e13", "rate_prefactor"},
      {"md_above: 1.0e8", "sweep.rates"},
      {"rates: [1.0e6], replicas: 0", "sweep.replicas"},
      {"rates: [1.0e6], steady_from: 0.01", "sweep.steady_from"},
      {"rates: [1.0e6], peak_bin: -0.01", "sweep.peak_bin"},
      {"rates: [1.0e6], fit_split: 0", "sweep.fit_split"},
      {"rates: [1.0e6], peak_bin: 0", "sweep.peak_bin"},
      {"rates: [1.0e6], calibrate_with: mean", "sweep.calibrate_with"},
      {"rates: [1.0e10], md_table_strain: -1.0e-5", "sweep.md_table_strain"},
  };
  for (const auto& c : cases) {
    write_text(dir + "/bad.yaml", std::string(kCuZrGlassSystem) + "task: sweep\nmd: {dt: 0.002}\nsweep: {temperature: 315, max_strain: 0.01, " +
                                      c.sweep + "}\n");
    int code = 0;
    const json j = run_json("sweep bad.yaml", dir, code);
    EXPECT_NE(code, 0) << c.sweep;
    ASSERT_TRUE(j.contains("error")) << c.sweep;
    EXPECT_NE(j["error"].get<std::string>().find(c.expect), std::string::npos) << c.sweep << ": " << j["error"];
  }
  // Rates that are not positive and contradictory settings of the integrators.
  const std::vector<Case> tasks = {
      {"task: metadynamics\nmetadynamics: {temperature: 315, q0: 0.2, rate: 1.0e3, max_strain: 0.01}\n", "metadynamics.rate"},
      {"task: metadynamics\nmetadynamics: {temperature: 315, rate: -1.0, max_strain: 0.01}\n", "metadynamics.rate"},
      {"task: metadynamics\nmetadynamics: {temperature: 315, rate: 1.0e13, max_strain: 0.01}\n", "metadynamics.rate"},
      {"task: metadynamics\nmetadynamics: {temperature: 315, q0: 0.2, regions_per_step: 4, max_strain: 0.01}\n",
       "metadynamics.regions_per_step"},
      {"task: metadynamics\nmetadynamics: {temperature: 315, q0: 0.2, region_radius: 6.0, regions_per_step: 0, max_strain: 0.01}\n",
       "metadynamics.regions_per_step"},
      {"task: kmc\nkmc: {temperature: 315, rate: 0.0, max_strain: 0.01}\noutput: {catalog: c.h5}\n", "kmc.rate"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01}\n", "output.catalog"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, window_searches: -1}\noutput: {catalog: c.h5}\n",
       "kmc.window_searches"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, searches: 0}\noutput: {catalog: c.h5}\n",
       "kmc.searches"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, vineyard_radius: -1.0}\noutput: {catalog: c.h5}\n",
       "kmc.vineyard_radius"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, vineyard_soft_amplitude: 0.2}\noutput: {catalog: c.h5}\n",
       "kmc.vineyard_soft_amplitude"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, search_method: art, search_region_radius: 6.0}\n"
       "output: {catalog: c.h5}\n",
       "kmc.search_region_radius"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, search_method: dimer}\noutput: {catalog: c.h5}\n",
       "kmc.search_method"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, search_method: md, search_region_radius: 6.0}\n"
       "output: {catalog: c.h5}\n",
       "kmc.search_region_radius"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, search_method: md, md_search_check: 0.001}\n"
       "output: {catalog: c.h5}\n",
       "kmc.md_search_check"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, search_method: md, md_search_time: 0}\n"
       "output: {catalog: c.h5}\n",
       "kmc.md_search_time"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, search_patience: -2}\noutput: {catalog: c.h5}\n",
       "kmc.search_patience"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, search_method: art, carry_reach: -1.0}\n"
       "output: {catalog: c.h5}\n",
       "kmc.carry_reach"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, carry_reach: 10.0}\noutput: {catalog: c.h5}\n",
       "kmc.carry_reach"},  // ABC's saddles are not refined as ART's
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, marginal_barrier: -0.01}\noutput: {catalog: c.h5}\n",
       "kmc.marginal_barrier"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, search_time_ratio: 1.0}\noutput: {catalog: c.h5}\n",
       "kmc.search_time_ratio"},  // ABC searches have no MD time
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, search_method: md, search_time_ratio: -1.0}\n"
       "output: {catalog: c.h5}\n",
       "kmc.search_time_ratio"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, search_method: md, search_time_ratio: 1.0, "
       "search_time_rounds: 0}\noutput: {catalog: c.h5}\n",
       "kmc.search_time_rounds"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, search_method: md, search_time_method: art}\n"
       "output: {catalog: c.h5}\n",
       "kmc.search_time_method"},  // without kmc.search_time_ratio it would do nothing
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, search_method: md, search_time_ratio: 1.0, "
       "search_time_method: abc}\noutput: {catalog: c.h5}\n",
       "kmc.search_time_method"},
      {"task: kmc\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, search_region_radius: -6.0}\noutput: {catalog: c.h5}\n",
       "kmc.search_region_radius"},
      {"task: kmc\nabc: {atoms: [1, 2]}\nkmc: {temperature: 315, rate: 1.0e3, max_strain: 0.01, search_region_radius: 6.0}\n"
       "output: {catalog: c.h5}\n",
       "kmc.search_region_radius"},
  };
  for (const auto& c : tasks) {
    write_text(dir + "/bad.yaml", std::string(kCuZrGlassSystem) + c.sweep);
    int code = 0;
    const json j = run_json("run bad.yaml", dir, code);
    EXPECT_NE(code, 0) << c.sweep;
    ASSERT_TRUE(j.contains("error")) << c.sweep;
    EXPECT_NE(j["error"].get<std::string>().find(c.expect), std::string::npos) << c.sweep << ": " << j["error"];
  }
}

// Issue 22, defect 14: a --short sweep run from another directory writes its summary
// (output.table, output.hdf5) in the current directory and every file of every point (record,
// table, sequence, restart, thermo log) in the one folder named after sweep.directory there:
// none beside the summary, none in the input's own folders.
TEST(Sweep, ShortSweepKeepsEveryPointFileInOneFolderOfTheCurrentDirectory) {
  const std::string src = glass_dir("sweep_short_src");
  std::filesystem::remove_all(src + "/out");
  write_text(src + "/sweep.yaml", std::string(kCuZrGlassSystem) +
                                      "task: sweep\n"
                                      "md: {dt: 0.002, thermostat: nose-hoover, tdamp: 0.1, seed: 3}\n"
                                      "abc: {height: 0.3, width: 0.8, max_penalties: 5, penalized_fmax: 0.01, refine: false}\n"
                                      "metadynamics: {strain_increment: 0.002, region_radius: 6.0}\n"
                                      "sweep: {rates: [2.0e10, 1.0e4], md_above: 1.0e8, temperature: 315, "
                                      "max_strain: 0.006, directory: out/points}\n"
                                      "output: {table: out/sweep.csv, hdf5: out/sweep.h5, thermo: out/thermo.dat, progress: 0}\n");
  const std::string here = scratch_dir("sweep_short_cwd");
  int code = 0;
  std::string err;
  const json j = run_json("sweep --short '" + src + "/sweep.yaml'", here, code, &err);
  ASSERT_EQ(code, 0) << err;
  ASSERT_EQ(j["points"].size(), 2u);
  std::set<std::string> top, folder;
  for (const auto& e : std::filesystem::directory_iterator(here))
    if (e.is_regular_file() && e.path().extension() != ".txt" && e.path().extension() != ".log")
      top.insert(e.path().filename().string());
  EXPECT_TRUE(top.count("sweep.csv")) << err;
  EXPECT_TRUE(top.count("sweep.h5"));
  for (const auto& name : top) EXPECT_EQ(name.rfind("point-", 0), std::string::npos) << name << " beside the summary";
  for (const auto& name : top) EXPECT_EQ(name.find("thermo"), std::string::npos) << name << " beside the summary";
  ASSERT_TRUE(std::filesystem::is_directory(here + "/points"));
  for (const auto& e : std::filesystem::directory_iterator(here + "/points")) folder.insert(e.path().filename().string());
  for (const json& p : j["points"]) {
    std::string table = p["table"].get<std::string>();
    EXPECT_EQ(std::filesystem::path(table).parent_path(), std::filesystem::path(here + "/points").lexically_normal());
    const std::string stem = std::filesystem::path(table).stem().string();
    for (const char* ext : {".json", ".dat", ".h5"}) EXPECT_TRUE(folder.count(stem + ext)) << stem + ext;
  }
  EXPECT_FALSE(std::filesystem::exists(src + "/out")) << "a short run wrote into the input's own folders";
}
