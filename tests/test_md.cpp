// Molecular dynamics: trajectories against LAMMPS (NVE and Nose-Hoover NVT), energy
// conservation, canonical temperature fluctuations, the barostat's target pressure, and
// shear at constant rate.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <sstream>

#include "lammps_data.hpp"
#include "lammps_reference.hpp"
#include "molecular_dynamics.hpp"
#include "pair_eam.hpp"
#include "pair_lj.hpp"
#include "sample_builder.hpp"
#include "units.hpp"

using namespace metabasin;
using namespace metabasin::testing;

namespace {

const char* kLJLammps =
    "pair_style lj/cut 7.014\npair_coeff 1 1 0.09 2.338 5.845\npair_coeff 1 2 0.09 2.5718 6.4295\n"
    "pair_coeff 2 2 0.09 2.8056 7.014\npair_modify shift yes";

std::unique_ptr<PairLJ> cuzr_lj() {
  return std::make_unique<PairLJ>(
      std::vector<std::string>{"Cu", "Zr"},
      std::vector<LJPair>{{"Cu", "Cu", 0.09, 2.338, 5.845}, {"Cu", "Zr", 0.09, 2.5718, 6.4295}, {"Zr", "Zr", 0.09, 2.8056, 7.014}},
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
     << "atom_modify map array sort 0 0.0\nread_data start.data\n" << kLJLammps << "\n"
     << "neighbor 1.0 bin\nneigh_modify every 1 delay 0 check yes\ntimestep 0.002\n"
     << fix << "\nrun " << steps << "\n"
     << "write_dump all custom end.dump id xu yu zu vx vy vz modify sort id format float %.17g\n";
  write_text(dir + "/in.lmp", in.str());
  std::string out;
  EXPECT_EQ(run_command("cd '" + dir + "' && lmp -nocite -log log.lammps -screen none -in in.lmp", out), 0) << out;
  std::istringstream dump(read_text(dir + "/end.dump"));
  std::string line;
  while (std::getline(dump, line) && line.rfind("ITEM: ATOMS", 0) != 0) {}
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
  for (int s = 0; s < steps; ++s) md.step();
  const auto [x, v] = lammps_trajectory(scratch_dir(name), start, fix, steps);
  ASSERT_EQ(x.size(), c.x.size());
  double dx = 0.0, dv = 0.0, vmax = 0.0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    dv = std::max(dv, std::abs(v[k] - c.v[k]));
    vmax = std::max(vmax, std::abs(v[k]));
  }
  // LAMMPS unwraps with the start file's image flags; compare modulo lattice vectors.
  for (std::size_t i = 0; i < c.size(); ++i)
    dx = std::max(dx, c.box.minimum_image(Vec3(x[3 * i] - c.x[3 * i], x[3 * i + 1] - c.x[3 * i + 1], x[3 * i + 2] - c.x[3 * i + 2])).norm());
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

TEST(Md, NveConservesEnergy) {
  LatticeSpec s;
  s.lattice = "bcc";
  s.a = 3.275;
  s.cells = {6, 6, 6};
  s.ntypes = 2;
  s.type_fraction = {0.5, 0.5};
  s.displacement = 0.1;
  auto c = build_lattice(s);
  PairEAM eam(read_eam_file(METABASIN_SOURCE_DIR "/potentials/Cu-Zr_2.eam.fs", EamFlavor::FinnisSinclair), {"Cu", "Zr"}, 1.0);
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
    std::printf("  %s: <T> = %.2f K, var(T)/T^2 = %.5f (canonical %.5f)\n", thermostat.c_str(), mean, rel_var, expected);
    // Correlated samples over 110 ps: ~1 % on the mean, ~20 % on the variance.
    EXPECT_NEAR(mean, 300.0, 6.0) << thermostat;
    EXPECT_NEAR(rel_var / expected, 1.0, 0.25) << thermostat;
  }
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
