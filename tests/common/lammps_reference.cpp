// SPDX-License-Identifier: BSD-3-Clause
#include "lammps_reference.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "lammps_data.hpp"

namespace metabasin::testing {

std::string scratch_dir(const std::string& name) {
  // Under the running test's own folder: ctest -j runs tests side by side, and a name two
  // tests share would otherwise be emptied by one under the other.
  std::filesystem::path dir = METABASIN_TEST_SCRATCH;
  if (const auto* test = ::testing::UnitTest::GetInstance()->current_test_info())
    dir /= std::string(test->test_suite_name()) + "." + test->name();
  dir /= name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

const char* const kCuZrLjPotential =
    "potential:\n  style: lj\n  elements: [Cu, Zr]\n  shift: true\n  pairs:\n"
    "    - {types: [Cu, Cu], epsilon: 0.128, sigma: 2.338,  cutoff: 5.845}\n"
    "    - {types: [Cu, Zr], epsilon: 0.128, sigma: 2.5718, cutoff: 6.4295}\n"
    "    - {types: [Zr, Zr], epsilon: 0.128, sigma: 2.8056, cutoff: 7.014}\n";

const char* const kCuZrGlassSystem =
    "system: {data: glass.data, dimension: 2}\n"
    "potential:\n  style: lj\n  elements: [Cu, Zr]\n  shift: true\n  pairs:\n"
    "    - {types: [Cu, Cu], epsilon: 0.128, sigma: 2.338,  cutoff: 5.845}\n"
    "    - {types: [Cu, Zr], epsilon: 0.128, sigma: 2.5718, cutoff: 6.4295}\n"
    "    - {types: [Zr, Zr], epsilon: 0.128, sigma: 2.8056, cutoff: 7.014}\n"
    "minimize: {method: lbfgs, fmax: 1.0e-4}\n";

std::string glass_dir(const std::string& name, const std::string& data) {
  const std::string dir = scratch_dir(name);
  std::filesystem::copy(std::string(METABASIN_SOURCE_DIR) + "/inputs/data/" + data, dir + "/glass.data",
                        std::filesystem::copy_options::overwrite_existing);
  return dir;
}

int run_command(const std::string& cmd, std::string& output) {
  output.clear();
  FILE* pipe = popen((cmd + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, pipe)) output += buf;
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int kill_metabasin_after(const std::string& args, const std::string& dir, int lines,
                         const std::function<bool(const std::string&)>& counts) {
  // The shell prints its pid, then becomes metabasin (exec): that pid is the run's.
  FILE* run = popen(("cd '" + dir + "' && sh -c 'echo $$; exec " + std::string(METABASIN_BIN) + " " + args + " 2>&1'")
                        .c_str(),
                    "r");
  if (!run) return 0;
  char line[4096];
  if (!std::fgets(line, sizeof line, run)) {
    pclose(run);
    return 0;
  }
  const pid_t pid = static_cast<pid_t>(std::stol(line));
  int counted = 0;
  while (counted < lines && std::fgets(line, sizeof line, run))
    if (counts(line)) ++counted;
  const bool killed = counted == lines && kill(pid, SIGKILL) == 0;
  pclose(run);
  return counted == lines && !killed ? -1 : counted;
}

CliRun run_metabasin(const std::string& args, const std::string& dir) {
  CliRun r;
  std::string ignored;
  // In a subshell: run_command appends 2>&1 to the whole line, which would fold stderr into stdout.
  r.code = run_command("(cd '" + dir + "' && '" + std::string(METABASIN_BIN) + "' " + args +
                           " > cli.out 2> cli.err)",
                       ignored);
  r.stdout_text = read_text(dir + "/cli.out");
  r.stderr_text = read_text(dir + "/cli.err");
  std::istringstream lines(r.stdout_text);
  std::string line, last;
  while (std::getline(lines, line))
    if (!line.empty()) last = line;
  r.last = nlohmann::json::parse(last, nullptr, false);
  return r;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

LammpsPoint run_lammps(const std::string& dir, const Configuration& c, const std::string& pair_lines,
                       const std::string& action) {
  std::string out;
  // Fail loudly: a LAMMPS comparison that cannot run is a failed comparison.
  if (run_command("command -v lmp", out) != 0) {
    ADD_FAILURE() << "lmp (Debian package lammps) is not installed; the LAMMPS comparisons cannot run";
    return {};
  }
  write_lammps_data(dir + "/sample.data", c, "test sample");
  std::ostringstream in;
  const Box& b = c.box;
  auto bc = [&](int d) { return b.periodic[d] || (b.dimension == 2 && d == 2) ? "p" : "f"; };
  in << "units metal\natom_style atomic\ndimension " << b.dimension << "\nboundary " << bc(0) << " " << bc(1) << " "
     << bc(2) << "\n"
     << "atom_modify map array sort 0 0.0\n"
     << "read_data sample.data\n";
  for (int t = 1; t <= c.ntypes; ++t)
    if (c.masses.empty() || c.masses[t - 1] <= 0.0) in << "mass " << t << " 1.0\n";
  in << pair_lines << "\n"
     << "neighbor 1.0 bin\nneigh_modify every 1 delay 0 check yes\n"
     << "compute vir all pressure NULL virial\ncompute peatom all pe/atom\ncompute pesum all reduce sum c_peatom\n"
     << "thermo_style custom step pe c_pesum c_vir[1] c_vir[2] c_vir[3] c_vir[4] c_vir[5] c_vir[6]\nthermo_modify "
        "format float %.17g\n"
     << action << "\n"
     << "variable V equal vol\n"
     << "print \"ENERGY $(pe:%.17g)\" file result.txt\n";
  const char* names[6] = {"1", "2", "3", "4", "5", "6"};
  for (int k = 0; k < 6; ++k)
    in << "print \"VIRIAL " << k << " $(c_vir[" << names[k] << "]*vol/"
       << "1.6021765e6:%.17g)\" append result.txt\n";
  in << "write_dump all custom final.dump id x y z fx fy fz c_peatom modify sort id format float %.17g\n";
  write_text(dir + "/in.lmp", in.str());
  LammpsPoint p;
  const int rc = run_command("cd '" + dir + "' && lmp -nocite -log log.lammps -screen none -in in.lmp", out);
  p.log = read_text(dir + "/log.lammps");
  if (rc != 0) {
    ADD_FAILURE() << "lmp failed (exit " << rc << "):\n" << out << "\n" << p.log;
    return p;
  }
  std::istringstream res(read_text(dir + "/result.txt"));
  std::string tag;
  while (res >> tag) {
    if (tag == "ENERGY")
      res >> p.energy;
    else if (tag == "VIRIAL") {
      int k;
      res >> k >> p.virial[k];
    }
  }
  // Dump: id x y z fx fy fz, sorted by id.
  std::istringstream dump(read_text(dir + "/final.dump"));
  std::string line;
  while (std::getline(dump, line) && line.rfind("ITEM: ATOMS", 0) != 0) {
  }
  while (std::getline(dump, line)) {
    std::istringstream ls(line);
    long id;
    double v[7];
    if (!(ls >> id >> v[0] >> v[1] >> v[2] >> v[3] >> v[4] >> v[5] >> v[6])) continue;
    p.atom_energy.push_back(v[6]);
    for (int d = 0; d < 3; ++d) p.positions.push_back(v[d]);
    for (int d = 0; d < 3; ++d) p.forces.push_back(v[3 + d]);
  }
  if (p.forces.size() != 3 * c.size()) ADD_FAILURE() << "could not read forces from LAMMPS dump in " << dir;
  return p;
}

}  // namespace metabasin::testing
