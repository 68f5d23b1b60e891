// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Runs LAMMPS (`lmp`) on a data file and reads back what we compare against. Tests fail,
// never skip, when `lmp` is missing.
#include <array>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "configuration.hpp"

namespace metabasin::testing {

struct LammpsPoint {
  double energy = 0.0;
  std::array<double, 6> virial{};   // eV
  std::vector<double> forces;       // by atom ID order, 3 per atom
  std::vector<double> positions;    // by atom ID order (after a minimize)
  std::vector<double> atom_energy;  // compute pe/atom, by atom ID order
  std::string log;
};

/// A fresh, empty scratch directory under the build tree: test-scratch/<Suite.Test>/<name>, so
/// no two tests share one whatever names they pick.
std::string scratch_dir(const std::string& name);

/// `pair_lines`: the pair_style / pair_coeff / pair_modify commands. `action`: "run 0" or a
/// minimize command. Returns energy, virial, forces (and positions) after the action.
LammpsPoint run_lammps(const std::string& dir, const Configuration& c, const std::string& pair_lines,
                       const std::string& action = "run 0");

/// Runs a shell command, returns its exit status; stdout+stderr go to `output`.
int run_command(const std::string& cmd, std::string& output);

std::string read_text(const std::string& path);

/// `metabasin ARGS` run in `dir`, with stdout and stderr kept apart.
struct CliRun {
  int code = -1;
  std::string stdout_text, stderr_text;
  nlohmann::json last;  // the last non-empty stdout line parsed (discarded if it is not JSON)
};
CliRun run_metabasin(const std::string& args, const std::string& dir);
/// `metabasin ARGS` started in `dir` (stdout and stderr together), killed with SIGKILL as
/// soon as `counts` has said yes to `lines` of its output lines (a kill -9 mid-run); returns
/// how many it counted, fewer when the run ended first (-1 when the kill failed).
int kill_metabasin_after(const std::string& args, const std::string& dir, int lines,
                         const std::function<bool(const std::string&)>& counts);
void write_text(const std::string& path, const std::string& text);

/// The potential section of the 2D Cu-Zr Lennard-Jones model of inputs/ (YAML).
extern const char* const kCuZrLjPotential;
/// That model on the data file glass.data, with an L-BFGS minimizer: the head of an input.
extern const char* const kCuZrGlassSystem;
/// A fresh scratch directory holding inputs/data/`data` as glass.data.
std::string glass_dir(const std::string& name, const std::string& data = "lj2d-cuzr-256-glass-1Kps-315K.data");

}  // namespace metabasin::testing
