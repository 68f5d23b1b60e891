// SPDX-License-Identifier: BSD-3-Clause
// metabasin command-line interface. run, eval, sweep, nadm, strain, drops, extremes, clusters,
// hop, displacements, ageing and viscosity print their result as one JSON object on the last line of
// stdout; catalog prints tables (JSON with --json); schema prints Markdown; --help and --version
// print plain text. Logs and progress go to stderr. Every error prints one sentence on stderr and
// {"error": ...} on stdout, and exits 1 (bad input), 2 (bad command line), 3 (internal error)
// or 4 (numerical error).
#include <Kokkos_Core.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ageing_cli.hpp"
#include "catalog_cli.hpp"
#include "clusters_cli.hpp"
#include "command_line.hpp"
#include "displacements_cli.hpp"
#include "drops_cli.hpp"
#include "error.hpp"
#include "extremes_cli.hpp"
#include "hdf5_read_guard.hpp"
#include "hop_cli.hpp"
#include "input.hpp"
#include "input_schema.hpp"
#include "json_text.hpp"
#include "minimize_task.hpp"
#include "nonaffine_cli.hpp"
#include "parallel.hpp"
#include "strain_cli.hpp"
#include "tasks.hpp"
#include "viscosity_cli.hpp"

namespace {

using metabasin::CommandLine;
using metabasin::CommandSyntax;

// From CMake's project(VERSION ...), the one place the version is written.
constexpr const char* kVersion = METABASIN_VERSION;

constexpr const char* kShortOption =
    "  --short   check that an input runs: at most 200 MD steps per phase, 1500 minimizer\n"
    "            iterations, 2 ART searches, 3 metadynamics steps, 2 KMC windows, 2 sweep\n"
    "            points; output files go to the current directory\n";

// The tasks `run` accepts, from the schema's one list of them, wrapped into indented lines.
std::string task_list() {
  std::string list, line = "   ";
  for (const auto& t : metabasin::find_option("task")->choices) {
    if (line.size() + t.size() > 86) {
      list += line + "\n";
      line = "   ";
    }
    line += " " + t;
  }
  return list + line + "\n";
}

std::string run_usage() {
  return "usage: metabasin run [--short] INPUT.yaml\n"
         "  run the task the input file's 'task' key names (metabasin schema lists every key):\n" +
         task_list() + "  Prints one JSON object on the last line of stdout.\n" + kShortOption;
}

constexpr const char* kEvalUsage =
    "usage: metabasin eval INPUT.yaml\n"
    "  energy, forces, virial and stress of the input's configuration as given (the 'task' key\n"
    "  is not used), as one JSON object on the last line of stdout: natoms, energy (eV), forces\n"
    "  (eV/A, by atom ID), virial (eV, LAMMPS convention), stress (GPa)\n";

std::string sweep_usage() {
  return std::string(
             "usage: metabasin sweep [--short] SWEEP.yaml\n"
             "  strain-rate sweep (the input's task must be sweep): MD and metadynamics or KMC points\n"
             "  over MPI ranks, flow stress against rate, m per regime, fits; resumable. Prints one\n"
             "  JSON object on the last line of stdout.\n") +
         kShortOption;
}

constexpr const char* kSchemaUsage =
    "usage: metabasin schema\n"
    "  every input option with its type, default and meaning, as Markdown (docs/input.md is\n"
    "  this output)\n";

// Every command with its one-line summary: the top-level usage is built from this list.
struct CommandSummary {
  const char* synopsis;
  const char* summary;
};
const std::vector<CommandSummary> kCommands = {
    {"run [--short] INPUT.yaml", "run the task the input file describes (JSON result)"},
    {"eval INPUT.yaml", "energy, forces, virial and stress of the configuration (JSON)"},
    {"sweep [--short] SWEEP.yaml", "strain-rate sweep: flow stress vs rate, m per regime (JSON)"},
    {"catalog SUB CATALOG.h5", "inspect an event catalog: summary, minima, saddles, spectrum, ..."},
    {"nadm SEQ.h5 --out NADM.h5", "nonaffine distance matrix and ASNaD of a sequence (JSON)"},
    {"strain REF CUR --cutoff R --out OUT.dump", "local atomic strain and D2min between two data files (JSON)"},
    {"drops TABLE [--bin B]", "stress drops of a stress-strain table and their power law (JSON)"},
    {"extremes TRAJ --cutoff R", "extreme local strains per strain block and their GEV fit (JSON)"},
    {"clusters REF CUR --cutoff R --bond B", "clusters of the atoms whose local strain passes a threshold (JSON)"},
    {"hop TRAJ --window K", "hopping indicator p_hop of every atom along a trajectory (JSON)"},
    {"displacements TRAJ", "atom displacements, their nonaffine part and its statistics, flow profile (JSON)"},
    {"ageing TABLE... [--out PREFIX]", "ageing-rate maps with and without load, boost and V_act fit (JSON)"},
    {"viscosity THERMO...", "Green-Kubo shear viscosity of equilibrium MD runs' thermo tables (JSON)"},
    {"schema", "every input option with its type and default (Markdown)"},
};

std::string top_usage() {
  std::string u = "usage: metabasin COMMAND [ARGUMENTS]\n";
  for (const auto& c : kCommands) {
    std::string line = std::string("  ") + c.synopsis;
    line += line.size() < 32 ? std::string(32 - line.size(), ' ') : "\n" + std::string(32, ' ');
    u += line + c.summary + "\n";
  }
  return u +
         "  --help, -h                    this text (metabasin COMMAND --help: that command's)\n"
         "  --version                     print the version\n"
         "tasks (key 'task' of INPUT.yaml):\n" +
         metabasin::task_usage();
}

// Prints a command's usage on stdout (it was asked for) and succeeds.
int usage(const std::string& text) {
  std::cout << text;
  return 0;
}

// Exit codes: 0 success; 1 an input error (InputError: a key, data file or table is wrong);
// 2 a command-line error (unknown command, missing argument); 3 an internal error (a bug);
// 4 a numerical error (NumericalError: non-finite forces, a Hessian without the curvatures
// asked for, a run that cannot reach what it needs), which no change of syntax fixes.
constexpr int kExitInput = 1, kExitUsage = 2, kExitInternal = 3, kExitNumerical = 4;

int fail(const std::string& message, int code, const char* kind = "error") {
  std::cerr << "metabasin: " << kind << ": " << message << std::endl;
  const std::string json_message = std::string(kind) == "error" ? message : std::string(kind) + ": " + message;
  std::cout << metabasin::json_text(nlohmann::json{{"error", json_message}}) << std::endl;
  return code;
}

// run, eval and sweep: one input file, optionally --short.
int input_command(const std::string& cmd, const std::vector<std::string>& args) {
  const bool has_short = cmd != "eval";
  const CommandSyntax syntax{
      cmd, 1, 1, {}, has_short ? std::vector<std::string>{"--short"} : std::vector<std::string>{}};
  const CommandLine line(syntax, args);
  if (line.help()) return usage(cmd == "run" ? run_usage() : cmd == "eval" ? kEvalUsage : sweep_usage());
  const std::string file = line.positional(0);
  auto input = metabasin::Input::load(file);
  input.set_short_mode(line.has("--short"));
  if (cmd == "sweep" && input.get_string("task") != "sweep")
    throw metabasin::InputError("input file '" + file + "': metabasin sweep needs task: sweep");
  const auto result = cmd == "eval" ? metabasin::run_eval(input) : metabasin::run_task(input);
  // Under MPI the root gathers the results; the other ranks print nothing on stdout.
  if (metabasin::parallel().root()) std::cout << metabasin::json_text(result) << std::endl;
  return 0;
}

int catalog_command(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << metabasin::kCatalogUsage;
    throw metabasin::UsageError("catalog: no subcommand given (metabasin catalog --help lists them)");
  }
  if (args[0] == "help" || args[0] == "--help" || args[0] == "-h") return usage(metabasin::kCatalogUsage);
  metabasin::run_catalog_command(args);
  return 0;
}

int dispatch(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << top_usage();
    return fail("no command given", kExitUsage);
  }
  const std::string cmd = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  if (cmd == "--help" || cmd == "-h" || cmd == "help") return usage(top_usage());
  if (cmd == "--version") return usage(std::string("metabasin ") + kVersion + "\n");
  if (cmd == "run" || cmd == "eval" || cmd == "sweep") return input_command(cmd, args);
  if (cmd == "catalog") return catalog_command(args);
  if (cmd == "nadm") return metabasin::run_nadm_command(args), 0;
  if (cmd == "strain") return metabasin::run_strain_command(args), 0;
  if (cmd == "drops") return metabasin::run_drops_command(args), 0;
  if (cmd == "extremes") return metabasin::run_extremes_command(args), 0;
  if (cmd == "clusters") return metabasin::run_clusters_command(args), 0;
  if (cmd == "hop") return metabasin::run_hop_command(args), 0;
  if (cmd == "displacements") return metabasin::run_displacements_command(args), 0;
  if (cmd == "ageing") return metabasin::run_ageing_command(args), 0;
  if (cmd == "viscosity") return metabasin::run_viscosity_command(args), 0;
  if (cmd == "schema") {
    if (CommandLine({"schema", 0, 0, {}, {}}, args).help()) return usage(kSchemaUsage);
    std::cout << metabasin::schema_markdown();
    return 0;
  }
  std::cerr << top_usage();
  return fail("unknown command '" + cmd + "'", kExitUsage);
}

}  // namespace

int main(int argc, char** argv) {
  int code = 0;
  metabasin::report_hdf5_read_crashes();
  metabasin::parallel_init(&argc, &argv);
  Kokkos::initialize();
  try {
    code = dispatch(argc, argv);
  } catch (const metabasin::UsageError& e) {
    code = fail(e.what(), kExitUsage);
  } catch (const metabasin::InputError& e) {
    code = fail(e.what(), kExitInput);
  } catch (const metabasin::NumericalError& e) {
    code = fail(e.what(), kExitNumerical, "numerical error");
  } catch (const std::exception& e) {
    code = fail(std::string("internal error: ") + e.what(), kExitInternal);
  }
  Kokkos::finalize();
  metabasin::parallel_finalize();
  return code;
}
