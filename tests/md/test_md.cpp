// SPDX-License-Identifier: BSD-3-Clause
// Molecular dynamics: trajectories against LAMMPS (NVE and Nose-Hoover NVT), energy
// conservation, canonical temperature fluctuations, the barostat's target pressure, and
// shear at constant rate.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fits.hpp"
#include "inherent_sequence.hpp"
#include "lammps_data.hpp"
#include "lammps_reference.hpp"
#include "minimizer.hpp"
#include "molecular_dynamics.hpp"
#include "pair_eam.hpp"
#include "pair_lj.hpp"
#include "sample_builder.hpp"
#include "thermo_log.hpp"
#include "test_systems.hpp"
#include "units.hpp"

using namespace metabasin;
using namespace metabasin::testing;

namespace {

const char* kLJLammps =
    "pair_style lj/cut 7.014\npair_coeff 1 1 0.128 2.338 5.845\npair_coeff 1 2 0.128 2.5718 6.4295\n"
    "pair_coeff 2 2 0.128 2.8056 7.014\npair_modify shift yes";

std::unique_ptr<PairLJ> cuzr_lj() {
  return std::make_unique<PairLJ>(
      std::vector<std::string>{"Cu", "Zr"},
      std::vector<LJPair>{
          {"Cu", "Cu", 0.128, 2.338, 5.845}, {"Cu", "Zr", 0.128, 2.5718, 6.4295}, {"Zr", "Zr", 0.128, 2.8056, 7.014}},
      true, 1.0);
}

Configuration lj_sample(int nx, int ny, unsigned seed) {
  LatticeSpec s;
  s.lattice = "hex";
  s.a = 2.915;
  s.cells = {nx, ny, 1};
  s.ntypes = 2;
  s.type_fraction = {0.5, 0.5};
  s.masses = {63.546, 91.224};
  s.displacement = 0.15;
  s.seed = seed;
  return build_lattice(s);
}

/// Runs LAMMPS for `steps` from c (positions and velocities) and returns unwrapped positions
/// and velocities by atom ID.
std::pair<std::vector<double>, std::vector<double>> lammps_trajectory(const std::string& dir, const Configuration& c,
                                                                      const std::string& fix, int steps) {
  write_lammps_data(dir + "/start.data", c, "md start");
  std::ostringstream in;
  in << "units metal\natom_style atomic\ndimension " << c.box.dimension << "\nboundary p p p\n"
     << "atom_modify map array sort 0 0.0\nread_data start.data\n"
     << kLJLammps << "\n"
     << "neighbor 1.0 bin\nneigh_modify every 1 delay 0 check yes\ntimestep 0.002\n"
     << fix << "\nrun " << steps << "\n"
     << "write_dump all custom end.dump id xu yu zu vx vy vz modify sort id format float %.17g\n";
  write_text(dir + "/in.lmp", in.str());
  std::string out;
  EXPECT_EQ(run_command("cd '" + dir + "' && lmp -nocite -log log.lammps -screen none -in in.lmp", out), 0) << out;
  std::istringstream dump(read_text(dir + "/end.dump"));
  std::string line;
  while (std::getline(dump, line) && line.rfind("ITEM: ATOMS", 0) != 0) {
  }
  std::vector<double> x, v;
  while (std::getline(dump, line)) {
    std::istringstream ls(line);
    long id;
    double a[6];
    if (!(ls >> id >> a[0] >> a[1] >> a[2] >> a[3] >> a[4] >> a[5])) continue;
    x.insert(x.end(), {a[0], a[1], a[2]});
    v.insert(v.end(), {a[3], a[4], a[5]});
  }
  return {x, v};
}

void expect_same_trajectory(const std::string& name, const std::string& thermostat, const std::string& fix) {
  auto c = lj_sample(20, 12, 5);
  create_velocities(c, 600.0, 99);
  const auto start = c;
  auto lj = cuzr_lj();
  MdParams p;
  p.thermostat = thermostat;
  p.t_start = p.t_stop = 300.0;
  p.t_damp = 0.1;
  const int steps = 50;
  MolecularDynamics md(c, *lj, p, steps);
  for (int s = 0; s < steps; ++s) md.step(s % 10 == 9);  // forces only between samples
  const auto [x, v] = lammps_trajectory(scratch_dir(name), start, fix, steps);
  ASSERT_EQ(x.size(), c.x.size());
  double dx = 0.0, dv = 0.0, vmax = 0.0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    dv = std::max(dv, std::abs(v[k] - c.v[k]));
    vmax = std::max(vmax, std::abs(v[k]));
  }
  // LAMMPS unwraps with the start file's image flags; compare modulo lattice vectors.
  for (std::size_t i = 0; i < c.size(); ++i)
    dx = std::max(
        dx,
        c.box.minimum_image(Vec3(x[3 * i] - c.x[3 * i], x[3 * i + 1] - c.x[3 * i + 1], x[3 * i + 2] - c.x[3 * i + 2]))
            .norm());
  std::printf("  %s, %d steps vs LAMMPS: max position diff %.2e A, max velocity diff %.2e A/ps (|v| up to %.1f)\n",
              name.c_str(), steps, dx, dv, vmax);
  EXPECT_LT(dx, 1e-9);
  EXPECT_LT(dv, 1e-7);
}

}  // namespace

TEST(MdVsLammps, NveTrajectory) { expect_same_trajectory("md_nve", "none", "fix 1 all nve"); }

TEST(MdVsLammps, NoseHooverNvtTrajectory) {
  expect_same_trajectory("md_nvt", "nose-hoover", "fix 1 all nvt temp 300.0 300.0 0.1");
}

// A step nobody observes computes forces only: the trajectory is the same to the bit, and
// thermo() after such a step says NaN rather than a stale energy.
TEST(Md, UnobservedStepsFollowTheSameTrajectory) {
  auto a = lj_sample(16, 10, 7);
  create_velocities(a, 400.0, 5);
  auto b = a;
  auto lj_a = cuzr_lj(), lj_b = cuzr_lj();
  MdParams p;
  p.thermostat = "nose-hoover";
  p.t_start = p.t_stop = 300.0;
  MolecularDynamics observed(a, *lj_a, p, 40), sparse(b, *lj_b, p, 40);
  for (int k = 0; k < 40; ++k) {
    observed.step();
    sparse.step(k == 39);
    if (k == 20) EXPECT_TRUE(std::isnan(sparse.thermo().potential_energy));
  }
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.v, b.v);
  EXPECT_EQ(observed.thermo().potential_energy, sparse.thermo().potential_energy);
  EXPECT_EQ(observed.thermo().pressure, sparse.thermo().pressure);
  EXPECT_EQ(lj_a->force_calls(), lj_b->force_calls());
}

TEST(Md, NveConservesEnergy) {
  LatticeSpec s;
  s.lattice = "bcc";
  s.a = 3.275;
  s.cells = {6, 6, 6};
  s.ntypes = 2;
  s.type_fraction = {0.5, 0.5};
  s.displacement = 0.1;
  auto c = build_lattice(s);
  PairEAM eam(read_eam_file(METABASIN_SOURCE_DIR "/potentials/Cu-Zr_2.eam.fs", EamFlavor::FinnisSinclair), {"Cu", "Zr"},
              1.0);
  c.masses = {eam.mass_of_type(1), eam.mass_of_type(2)};
  create_velocities(c, 800.0, 3);
  MdParams p;
  p.dt = 0.002;
  const long steps = 2500;  // 5 ps
  MolecularDynamics md(c, eam, p, steps);
  for (int k = 0; k < 200; ++k) md.step();  // let equipartition settle
  const double e0 = md.thermo().conserved;
  double emin = e0, emax = e0;
  for (long k = 200; k < steps; ++k) {
    md.step();
    const double e = md.thermo().conserved;
    emin = std::min(emin, e);
    emax = std::max(emax, e);
  }
  const double n = static_cast<double>(c.size());
  const double drift_per_atom_per_ns = (md.thermo().conserved - e0) / n / ((steps - 200) * p.dt * 1e-3);
  std::printf("  NVE EAM 432 atoms, dt 2 fs, T ~ 400 K: drift %.2e eV/atom/ns, fluctuation %.2e eV/atom\n",
              drift_per_atom_per_ns, (emax - emin) / n);
  EXPECT_LT(std::abs(drift_per_atom_per_ns), 1e-2);
  EXPECT_LT((emax - emin) / n, 5e-4);
}

TEST(Md, NoseHooverAndLangevinSampleCanonicalTemperature) {
  // Canonical ensemble: <T> = T0 and var(T)/T0^2 = 2/dof for the kinetic temperature.
  for (const std::string thermostat : {"nose-hoover", "langevin"}) {
    auto c = lj_sample(10, 6, 21);  // 120 atoms, dof 238
    auto lj = cuzr_lj();
    create_velocities(c, 300.0, 4);
    MdParams p;
    p.thermostat = thermostat;
    p.t_start = p.t_stop = 300.0;
    p.t_damp = 0.1;
    p.seed = 11;
    const long steps = 60000;
    MolecularDynamics md(c, *lj, p, steps);
    double sum = 0.0, sum2 = 0.0;
    long n = 0;
    for (long k = 0; k < steps; ++k) {
      md.step();
      if (k < 5000 || k % 5) continue;
      const double t = md.thermo().temperature;
      sum += t;
      sum2 += t * t;
      ++n;
    }
    const double mean = sum / n, var = sum2 / n - mean * mean;
    const double dof = degrees_of_freedom(c);
    const double rel_var = var / (300.0 * 300.0), expected = 2.0 / dof;
    std::printf("  %s: <T> = %.2f K, var(T)/T^2 = %.5f (canonical %.5f)\n", thermostat.c_str(), mean, rel_var,
                expected);
    // Correlated samples over 110 ps: ~1 % on the mean, ~20 % on the variance.
    EXPECT_NEAR(mean, 300.0, 6.0) << thermostat;
    EXPECT_NEAR(rel_var / expected, 1.0, 0.25) << thermostat;
  }
}

// A region's MD (MdParams::moving): the held atoms stay exactly where they are, with zero
// velocity, while the moving ones sample the target temperature over their own d n degrees of
// freedom (counting the held atoms too would put <T> at half the target).
TEST(Md, HeldAtomsStayWhileTheMovingOnesSampleTheTemperature) {
  auto c = lj_sample(10, 6, 21);  // 120 atoms
  auto lj = cuzr_lj();
  const std::vector<double> x0 = c.x;
  create_velocities(c, 300.0, 4);
  MdParams p;
  p.thermostat = "langevin";
  p.t_start = p.t_stop = 300.0;
  p.t_damp = 0.1;
  p.seed = 11;
  p.moving = 60;
  const long steps = 40000;
  MolecularDynamics md(c, *lj, p, steps);
  double sum = 0.0, moved = 0.0;
  long n = 0;
  for (long k = 0; k < steps; ++k) {
    md.step();
    if (k < 5000 || k % 5) continue;
    sum += md.thermo().temperature;
    ++n;
  }
  for (std::size_t k = 0; k < 3 * p.moving; ++k) moved = std::max(moved, std::abs(c.x[k] - x0[k]));
  EXPECT_GT(moved, 0.1);
  for (std::size_t k = 3 * p.moving; k < c.x.size(); ++k) {
    ASSERT_EQ(c.x[k], x0[k]) << "held coordinate " << k;
    ASSERT_EQ(c.v[k], 0.0) << "held velocity " << k;
  }
  std::printf("  60 of 120 atoms moving: <T> = %.2f K\n", sum / n);
  EXPECT_NEAR(sum / n, 300.0, 9.0);
}

// A data file written by a minimization holds zero velocities. A thermostatted run from rest
// would stay there but for round-off, which Nose-Hoover amplifies into the same heating
// whatever the seed: zero velocities count as none and are drawn at md.temperature from md.seed.
// A file with real velocities keeps them.
TEST(Md, ZeroVelocitiesInTheDataFileAreDrawnAtTheTargetTemperature) {
  const std::string dir = scratch_dir("md_zero_velocities");
  std::filesystem::copy(METABASIN_SOURCE_DIR "/inputs/data/lj2d-cuzr-1024-glass-0.01Kps-315K.data", dir + "/rest.data");
  std::filesystem::copy(METABASIN_SOURCE_DIR "/inputs/data/lj2d-cuzr-256-glass-1Kps-315K.data", dir + "/moving.data");
  const auto rest = cuzr_lj2d_glass("lj2d-cuzr-1024-glass-0.01Kps-315K.data").v;
  ASSERT_FALSE(rest.empty());
  ASSERT_TRUE(std::all_of(rest.begin(), rest.end(), [](double v) { return v == 0.0; }));
  auto first_row = [&](const std::string& data, int seed) {
    write_text(dir + "/md.yaml", "system: {data: " + data + ", dimension: 2}\n" + std::string(kCuZrLjPotential) +
                                     "task: md\nmd: {steps: 1, thermostat: nose-hoover, temperature: 300, seed: " +
                                     std::to_string(seed) + "}\noutput: {thermo: md.thermo, thermo_every: 1, progress: 0}\n");
    std::string out;
    EXPECT_EQ(run_command("cd '" + dir + "' && '" METABASIN_BIN "' run md.yaml > out.json 2>&1", out), 0) << out;
    const auto rows = read_table_rows(dir + "/md.thermo");
    return rows.empty() ? std::vector<double>{} : rows.front();
  };
  const auto a = first_row("rest.data", 1), b = first_row("rest.data", 2);
  ASSERT_EQ(a.size(), 13u);
  ASSERT_EQ(b.size(), 13u);
  EXPECT_NEAR(a[2], 300.0, 1e-6);  // drawn and scaled to the target temperature
  EXPECT_NEAR(b[2], 300.0, 1e-6);
  EXPECT_NE(a[8], b[8]);  // two seeds, two thermal histories (kinetic part of P_xy)
  // The 256-atom file carries velocities at ~315 K: they are kept, not redrawn at 300 K.
  const auto kept = first_row("moving.data", 1);
  ASSERT_EQ(kept.size(), 13u);
  EXPECT_GT(std::abs(kept[2] - 300.0), 1.0) << kept[2];
  EXPECT_EQ(kept, first_row("moving.data", 2));
}

TEST(Md, BarostatReachesTargetPressure) {
  for (const std::string style : {"iso", "aniso"}) {
    auto c = lj_sample(16, 10, 8);
    // Start compressed by 3 %.
    Box b = c.box;
    b.len[0] *= 0.97;
    b.len[1] *= 0.97;
    remap_affine(c, b);
    auto lj = cuzr_lj();
    create_velocities(c, 200.0, 5);
    MdParams p;
    p.thermostat = "langevin";
    p.t_start = p.t_stop = 200.0;
    p.barostat.style = style;
    p.barostat.pressure = 0.5;
    p.barostat.damp = 2.0;
    p.barostat.compressibility = 0.05;
    const long steps = 20000;
    MolecularDynamics md(c, *lj, p, steps);
    double sx = 0.0, sy = 0.0;
    long n = 0;
    for (long k = 0; k < steps; ++k) {
      md.step();
      if (k < 8000) continue;
      sx += md.thermo().pressure[0];
      sy += md.thermo().pressure[1];
      ++n;
    }
    std::printf("  barostat %s: <Pxx> = %.3f GPa, <Pyy> = %.3f GPa (target 0.5)\n", style.c_str(), sx / n, sy / n);
    EXPECT_NEAR(0.5 * (sx + sy) / n, 0.5, 0.1) << style;
    if (style == "aniso") {
      EXPECT_NEAR(sx / n, 0.5, 0.15);
      EXPECT_NEAR(sy / n, 0.5, 0.15);
    }
  }
}

namespace {

double shear_stress_gpa(Potential& p, const Configuration& c) {
  ForceResult f;
  p.compute(c, f);
  return -f.virial[3] / c.box.volume() * units::ev_per_a3_to_gpa;
}

void relax_tight(Configuration& c, Potential& p) {
  MinimizeParams mp;
  mp.method = "lbfgs";
  mp.fmax = 1e-9;
  relax(c, p, mp);
}

}  // namespace

TEST(Md, ShearModulusFromConstantRateShearMatchesRelaxedModulus) {
  // A 2D Cu-Zr LJ glass: quench 1000 K -> 10 K at 10 K/ps at constant (dense) volume, relax.
  auto c = lj_sample(32, 20, 31);
  auto lj = cuzr_lj();
  create_velocities(c, 1000.0, 8);
  MdParams q;
  q.thermostat = "nose-hoover";
  q.t_start = 1000.0;
  q.t_stop = 10.0;
  const long n_cool = std::lround(990.0 / 10.0 / q.dt);
  MolecularDynamics quench(c, *lj, q, n_cool);
  for (long k = 0; k < n_cool; ++k) quench.step();
  relax_tight(c, *lj);
  // Athermal moduli from small affine shears of +-1..4e-4: unrelaxed (affine) and relaxed
  // (fitted slopes, so that one small instability does not decide the value).
  std::vector<double> gammas, affine, relaxed;
  for (int k = -4; k <= 4; ++k) {
    Configuration d = c;
    apply_shear_xy(d, 1e-4 * k);
    gammas.push_back(1e-4 * k);
    affine.push_back(shear_stress_gpa(*lj, d));
    relax_tight(d, *lj);
    relaxed.push_back(shear_stress_gpa(*lj, d));
  }
  const double g_affine = linear_fit(gammas, affine).slope, g_relaxed = linear_fit(gammas, relaxed).slope;

  // Constant-rate shear at 1e9 1/s and 5 K through the CLI task.
  const std::string dir = scratch_dir("md_shear_modulus");
  c.v.clear();
  write_lammps_data(dir + "/glass.data", c, "test glass");
  write_text(dir + "/shear.yaml",
             "system: {data: glass.data, dimension: 2}\n"
             "potential:\n  style: lj\n  elements: [Cu, Zr]\n  pairs:\n"
             "    - {types: [Cu, Cu], epsilon: 0.128, sigma: 2.338,  cutoff: 5.845}\n"
             "    - {types: [Cu, Zr], epsilon: 0.128, sigma: 2.5718, cutoff: 6.4295}\n"
             "    - {types: [Zr, Zr], epsilon: 0.128, sigma: 2.8056, cutoff: 7.014}\n  shift: true\n"
             "task: shear\n"
             "md: {thermostat: langevin, temperature: 5, tdamp: 0.5, seed: 3}\n"
             "shear: {rate: 1.0e9, max_strain: 0.15, elastic_strain: 0.01}\n"
             "output: {table: stress_strain.dat, thermo_every: 50, progress: 0}\n");
  std::string out;
  ASSERT_EQ(run_command("cd '" + dir + "' && '" METABASIN_BIN "' run shear.yaml > out.json", out), 0) << out;
  std::string text = read_text(dir + "/out.json");
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const auto j = nlohmann::json::parse(text.substr(text.rfind('\n') + 1), nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << text;
  const double g_md = j["shear_modulus_GPa"], peak = j["peak_stress_GPa"], flow = j["flow_stress_GPa"];
  const double peak_strain = j["peak_strain"];
  std::printf(
      "  2D glass (1280 atoms): G affine %.3f, relaxed %.3f GPa; MD 1e9/s at 5 K: G %.3f GPa, peak %.3f GPa at "
      "strain %.3f, flow %.3f GPa\n",
      g_affine, g_relaxed, g_md, peak, peak_strain, flow);
  // Non-affine relaxation softens a glass: the relaxed modulus is well below the affine one.
  EXPECT_LT(g_relaxed, 0.9 * g_affine);
  // At 5 K the thermal stress noise over the 0-1 % fit window and the few plastic events of a
  // 1280-atom sample make the MD slope scatter around the athermal relaxed value.
  EXPECT_NEAR(g_md / g_relaxed, 1.0, 0.2);
  // Yield: at 10 % strain the stress is far below the elastic line. Flow: beyond 7 % the
  // stress grows at a small fraction of the elastic slope.
  std::istringstream table(read_text(dir + "/stress_strain.dat"));
  std::string line;
  std::vector<double> gs, ss;
  while (std::getline(table, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    double g, tau;
    ls >> g >> tau;
    gs.push_back(g);
    ss.push_back(tau);
  }
  ASSERT_GT(gs.size(), 100u);
  std::vector<double> fg, fs;
  double at_10 = 0.0;
  for (std::size_t k = 0; k < gs.size(); ++k) {
    if (gs[k] >= 0.07) {
      fg.push_back(gs[k]);
      fs.push_back(ss[k]);
    }
    if (std::abs(gs[k] - 0.10) < 5e-4) at_10 = ss[k];
  }
  const double flow_slope = linear_fit(fg, fs).slope;
  std::printf("  stress at 10 %% strain %.3f GPa (elastic line %.3f), flow slope %.3f GPa\n", at_10, g_md * 0.1,
              flow_slope);
  EXPECT_LT(at_10, 0.5 * g_md * 0.1);
  EXPECT_LT(std::abs(flow_slope), 0.2 * g_md);
  EXPECT_GT(flow, 0.0);
  EXPECT_GE(peak, flow);
}

TEST(Md, AgeTaskRecordsInherentStructuresWithAndWithoutStrain) {
  const std::string dir = scratch_dir("md_age");
  std::filesystem::copy(METABASIN_SOURCE_DIR "/inputs/data/lj2d-cuzr-1024.data", dir + "/s.data");
  write_text(dir + "/age.yaml",
             "system: {data: s.data, dimension: 2}\n"
             "potential:\n  style: lj\n  elements: [Cu, Zr]\n  pairs:\n"
             "    - {types: [Cu, Cu], epsilon: 0.128, sigma: 2.338,  cutoff: 5.845}\n"
             "    - {types: [Cu, Zr], epsilon: 0.128, sigma: 2.5718, cutoff: 6.4295}\n"
             "    - {types: [Zr, Zr], epsilon: 0.128, sigma: 2.8056, cutoff: 7.014}\n  shift: true\n"
             "task: age\n"
             "md: {thermostat: langevin, temperature: 100, seed: 5}\n"
             "age: {strain: 0.02, duration: 2, interval: 1}\n"
             "minimize: {method: lbfgs, fmax: 1.0e-6}\n"
             "output: {table: ageing.dat, progress: 0}\n");
  std::string out;
  ASSERT_EQ(run_command("cd '" + dir + "' && '" METABASIN_BIN "' run age.yaml 2>/dev/null > out.json", out), 0) << out;
  std::string text = read_text(dir + "/out.json");
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const auto j = nlohmann::json::parse(text.substr(text.rfind('\n') + 1), nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << text;
  ASSERT_EQ(j["runs"].size(), 2u);
  EXPECT_EQ(j["runs"][0]["strain"], 0.02);
  EXPECT_EQ(j["runs"][1]["strain"], 0.0);
  for (const auto& run : j["runs"]) EXPECT_EQ(run["series"].size(), 3u);  // t = 0, 1, 2 ps
  // The strained inherent structure stores elastic energy, about G gamma^2 V / 2 per system.
  const double strained = j["runs"][0]["series"][0]["E_IS_per_atom"],
               plain = j["runs"][1]["series"][0]["E_IS_per_atom"];
  const double tau = j["runs"][0]["series"][0]["shear_stress_IS_GPa"],
               tau0 = j["runs"][1]["series"][0]["shear_stress_IS_GPa"];
  std::printf("  E_IS at strain 0.02: %.6f, unstrained %.6f eV/atom; IS shear stress %.3f vs %.3f GPa\n", strained,
              plain, tau, tau0);
  EXPECT_GT(strained, plain);
  EXPECT_GT(tau, tau0);
  const std::string table = read_text(dir + "/ageing.dat");
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 2 + 6);  // two header lines, six rows
  // The thermostat's temperature is a column, so `metabasin ageing` needs nothing but the table.
  const auto names = read_table_columns(dir + "/ageing.dat");
  ASSERT_EQ(names.size(), 7u);
  EXPECT_EQ(names.back(), "T_target_K");
  for (const auto& row : read_table_rows(dir + "/ageing.dat")) EXPECT_EQ(row.back(), 100.0);
  EXPECT_NE(table.find("sample "), std::string::npos) << table;
  EXPECT_NE(table.find("md.seed 5"), std::string::npos) << table;
  // The table as it is feeds the ageing maps: one temperature, both runs, the elastic offset
  // of the strained one its starting E_IS above the unstrained one's.
  const CliRun maps = run_metabasin("ageing ageing.dat --energy-bins 2", dir);
  ASSERT_EQ(maps.code, 0) << maps.stderr_text << maps.stdout_text;
  EXPECT_EQ(maps.last["runs"], 2);
  EXPECT_EQ(maps.last["temperatures_K"], nlohmann::json::array({100.0}));
  EXPECT_EQ(maps.last["steps"]["strained"], 2);
  EXPECT_NEAR(maps.last["curve_list"][0]["elastic_offset_eV_per_atom"].get<double>(), strained - plain, 1e-12);
}


// output.sequence of task age: each quench's inherent structure, in the cell at the held
// strain, with the energy and stress the JSON reports; the sequence feeds metabasin nadm.
TEST(Md, AgeTaskWritesEachInherentStructureIntoASequence) {
  const std::string dir = scratch_dir("md_age_sequence");
  std::filesystem::copy(METABASIN_SOURCE_DIR "/inputs/data/lj2d-cuzr-1024.data", dir + "/s.data");
  auto input = [&](bool unstrained) {
    write_text(dir + "/age.yaml", std::string("system: {data: s.data, dimension: 2}\n") + kCuZrLjPotential +
                                      "task: age\nmd: {thermostat: langevin, temperature: 100, seed: 5}\n"
                                      "age: {strain: 0.02, duration: 2, interval: 1, unstrained: " +
                                      (unstrained ? "true" : "false") +
                                      "}\nminimize: {method: lbfgs, fmax: 1.0e-6}\n"
                                      "output: {sequence: is.h5, progress: 0}\n");
  };
  input(false);
  const CliRun r = run_metabasin("run age.yaml", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text << r.stdout_text;
  const auto& series = r.last["runs"][0]["series"];
  ASSERT_EQ(series.size(), 3u);
  InherentSequenceReader seq(dir + "/is.h5");
  ASSERT_EQ(seq.size(), 3u);
  Configuration c = read_lammps_data(dir + "/s.data", 2, {true, true, true});
  EXPECT_TRUE(seq.atoms().box == c.box);  // the cell at strain 0 is the data file's
  apply_shear_xy(c, 0.02);
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  const auto frames = seq.positions(0, 3);
  const double n = static_cast<double>(c.size());
  for (std::size_t k = 0; k < 3; ++k) {
    SCOPED_TRACE(k);
    EXPECT_EQ(seq.strains()[k], 0.02);
    EXPECT_NEAR(seq.times()[k], static_cast<double>(k) * 1e-12, 1e-24);  // s
    EXPECT_NEAR(seq.energies()[k] / n, series[k]["E_IS_per_atom"].get<double>(), 1e-12);
    EXPECT_EQ(seq.shear_stresses()[k], series[k]["shear_stress_IS_GPa"].get<double>());
    // The positions are that inherent structure in the strained cell: its energy, no force.
    Eigen::Map<VectorXd>(c.x.data(), static_cast<Eigen::Index>(c.x.size())) = frames[k];
    ForceResult f;
    lj.compute(c, f, ForceRequest{true, false, false});
    EXPECT_NEAR(f.energy, seq.energies()[k], 1e-9 * std::abs(f.energy));
    double fmax = 0.0;
    for (double v : f.forces) fmax = std::max(fmax, std::abs(v));
    EXPECT_LT(fmax, 1e-5);
  }
  EXPECT_EQ(run_metabasin("nadm is.h5 --out nadm.h5", dir).code, 0);
  // Two runs (strained and unstrained) are not one sequence: refused, naming both keys.
  input(true);
  const CliRun two = run_metabasin("run age.yaml", dir);
  EXPECT_EQ(two.code, 1);
  const std::string error = two.last.value("error", "");
  EXPECT_NE(error.find("output.sequence"), std::string::npos) << error;
  EXPECT_NE(error.find("age.unstrained"), std::string::npos) << error;
}

TEST(Md, AShearRunResumedFromAnEarlierRestartPointEndsAsTheUninterruptedRun) {
  // A kill between two restart points leaves outputs that run past the last point. Made
  // here deterministically: run to 0.004 (a restart point at the end), keep that file, run
  // on to 0.006, then put the 0.004 file back, as a kill at 0.006 would have left it.
  const std::string dir = scratch_dir("md_shear_resume");
  std::filesystem::copy(METABASIN_SOURCE_DIR "/inputs/data/lj2d-cuzr-256-glass-1Kps-315K.data", dir + "/g.data",
                        std::filesystem::copy_options::overwrite_existing);
  auto yaml = [&](const std::string& name, const std::string& thermostat, double max_strain, double rate = 1e9) {
    write_text(dir + "/" + name + ".yaml",
               "system: {data: g.data, dimension: 2}\n"
               "potential:\n  style: lj\n  elements: [Cu, Zr]\n  pairs:\n"
               "    - {types: [Cu, Cu], epsilon: 0.128, sigma: 2.338,  cutoff: 5.845}\n"
               "    - {types: [Cu, Zr], epsilon: 0.128, sigma: 2.5718, cutoff: 6.4295}\n"
               "    - {types: [Zr, Zr], epsilon: 0.128, sigma: 2.8056, cutoff: 7.014}\n  shift: true\n"
               "task: shear\n"
               "md: {thermostat: " + thermostat + ", temperature: 300, seed: 4}\n"
               "shear: {rate: " + std::to_string(rate) + ", max_strain: " + std::to_string(max_strain) +
               ", sequence_strain: 0.001, restart: " + thermostat + ".restart, restart_strain: 0.002, resume: true}\n"
               "output: {table: " + name + ".dat, thermo: " + name + ".thermo, dump: " + name + ".dump, sequence: " +
               name + ".h5, thermo_every: 50, every: 500, progress: 0}\n");
  };
  for (const std::string thermostat : {"nose-hoover", "langevin"}) {
    const std::string ref = "ref-" + thermostat, run = "run-" + thermostat;
    // The reference writes its own restart file, then it is removed so it starts afresh.
    yaml(ref, thermostat, 0.01);
    std::string out;
    ASSERT_EQ(run_command("cd '" + dir + "' && rm -f " + thermostat + ".restart && '" METABASIN_BIN "' run " + ref +
                              ".yaml > " + ref + ".json 2>&1 && rm " + thermostat + ".restart",
                          out),
              0)
        << read_text(dir + "/" + ref + ".json");
    yaml(run, thermostat, 0.004);
    ASSERT_EQ(run_command("cd '" + dir + "' && '" METABASIN_BIN "' run " + run + ".yaml > a.json 2>&1 && cp " +
                              thermostat + ".restart kept.restart",
                          out),
              0)
        << read_text(dir + "/a.json");
    yaml(run, thermostat, 0.006);
    ASSERT_EQ(run_command("cd '" + dir + "' && '" METABASIN_BIN "' run " + run + ".yaml > b.json 2>&1", out), 0)
        << read_text(dir + "/b.json");
    yaml(run, thermostat, 0.01);
    ASSERT_EQ(run_command("cd '" + dir + "' && mv kept.restart " + thermostat + ".restart && '" METABASIN_BIN
                          "' run " + run + ".yaml > c.json",
                          out),
              0)
        << out;
    EXPECT_NE(read_text(dir + "/c.json").find("resuming"), std::string::npos);  // stderr, folded in

    // Every output reads as one run: as many rows and frames as the reference, no step twice,
    // the same values to round-off (the neighbour list is rebuilt at the restart, so sums
    // may differ in the last bits, and the difference grows slowly along the trajectory).
    const auto a = read_table_rows(dir + "/" + ref + ".dat"), b = read_table_rows(dir + "/" + run + ".dat");
    ASSERT_EQ(a.size(), b.size()) << thermostat;
    double worst = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) {
      EXPECT_EQ(a[k][0], b[k][0]) << thermostat << " row " << k;  // the strain column
      for (std::size_t c = 1; c < a[k].size(); ++c) worst = std::max(worst, std::abs(a[k][c] - b[k][c]));
    }
    std::printf("  %s: %zu rows, largest difference from the uninterrupted run %.2e\n", thermostat.c_str(), a.size(),
                worst);
    EXPECT_LT(worst, 1e-4) << thermostat;  // a thermostat state not restored: differences of K and GPa
    const auto ta = read_table_rows(dir + "/" + ref + ".thermo"),
               tb = read_table_rows(dir + "/" + run + ".thermo");
    ASSERT_EQ(ta.size(), tb.size()) << thermostat;
    for (std::size_t k = 0; k < ta.size(); ++k) EXPECT_EQ(ta[k][0], tb[k][0]) << thermostat << " thermo row " << k;
    const std::string da = read_text(dir + "/" + ref + ".dump"), db = read_text(dir + "/" + run + ".dump");
    auto frames = [](const std::string& s) {
      std::size_t n = 0;
      for (std::size_t p = s.find("ITEM: TIMESTEP"); p != std::string::npos; p = s.find("ITEM: TIMESTEP", p + 1)) ++n;
      return n;
    };
    EXPECT_EQ(frames(da), frames(db)) << thermostat;
    EXPECT_EQ(frames(da), 11u) << thermostat;  // steps 0, 500, ..., 5000
    InherentSequenceReader sa(dir + "/" + ref + ".h5"), sb(dir + "/" + run + ".h5");
    ASSERT_EQ(sa.size(), sb.size()) << thermostat;
    EXPECT_EQ(sa.size(), 11u) << thermostat;
    EXPECT_EQ(sa.strains(), sb.strains()) << thermostat;
    const auto ea = sa.energies(), eb = sb.energies();
    for (std::size_t k = 0; k < ea.size(); ++k) EXPECT_NEAR(ea[k], eb[k], 1e-4) << thermostat << " frame " << k;
    std::string ctext = read_text(dir + "/c.json");
    while (!ctext.empty() && ctext.back() == '\n') ctext.pop_back();
    const auto jc = nlohmann::json::parse(ctext.substr(ctext.rfind('\n') + 1), nullptr, false);
    ASSERT_FALSE(jc.is_discarded()) << ctext;
    EXPECT_NEAR(jc["resumed_from_strain"].get<double>(), 0.004, 1e-12);
    EXPECT_EQ(jc["inherent_structures"], 11);
  }

  // A restart file of another run is refused with the key that differs, and nothing is cut.
  yaml("other", "langevin", 0.01, 2e9);
  const std::string before = read_text(dir + "/run-langevin.dat");
  std::string out;
  EXPECT_NE(run_command("cd '" + dir + "' && '" METABASIN_BIN "' run other.yaml 2>&1", out), 0);
  EXPECT_NE(out.find("shear.rate"), std::string::npos) << out;
  EXPECT_NE(out.find("langevin.restart"), std::string::npos) << out;
  // A max_strain short of the restart point is refused too.
  yaml("run-langevin", "langevin", 0.005);
  EXPECT_NE(run_command("cd '" + dir + "' && '" METABASIN_BIN "' run run-langevin.yaml 2>&1", out), 0);
  EXPECT_NE(out.find("shear.max_strain"), std::string::npos) << out;
  EXPECT_EQ(read_text(dir + "/run-langevin.dat"), before);
  // So is an output that lost bytes since the restart point, before any other file is cut.
  yaml("run-langevin", "langevin", 0.012);
  std::filesystem::resize_file(dir + "/run-langevin.dump", 100);
  EXPECT_NE(run_command("cd '" + dir + "' && '" METABASIN_BIN "' run run-langevin.yaml 2>&1", out), 0);
  EXPECT_NE(out.find("output.dump"), std::string::npos) << out;
  EXPECT_EQ(read_text(dir + "/run-langevin.dat"), before);
}
