// SPDX-License-Identifier: BSD-3-Clause
// metabasin command-line interface. The last line of stdout is always one JSON object;
// logs and progress go to stderr; bad input exits non-zero with one sentence naming the
// key or file.
#include <Kokkos_Core.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "error.hpp"
#include "input.hpp"
#include "input_schema.hpp"
#include "parallel.hpp"
#include "catalog_cli.hpp"
#include "nonaffine_cli.hpp"
#include "tasks.hpp"

namespace {

constexpr const char* kUsage =
    "usage: metabasin COMMAND [FILE]\n"
    "  run INPUT.yaml    run the task the input file describes\n"
    "  run --short INPUT.yaml   check that an input runs: at most 200 MD steps per phase,\n"
    "                    1500 minimizer iterations, 2 ART searches, 3 metadynamics steps, 2 KMC\n"
    "                    windows, 2 sweep points; output files go to the\n"
    "                    current directory\n"
    "  eval INPUT.yaml   energy, forces, virial and stress of the configuration, as JSON\n"
    "  sweep [--short] SWEEP.yaml   strain-rate sweep (task: sweep): MD and metadynamics points\n"
    "                    over MPI ranks, flow stress vs rate, m per regime, fits; resumable\n"
    "  catalog SUB FILE  inspect an event catalog: summary, minima, saddles, spectrum\n"
    "                    (metabasin catalog help for the options)\n"
    "  nadm SEQ.h5 --out NADM.h5   nonaffine distance matrix and ASNaD (metabasin nadm --help)\n"
    "  schema            every input option with its type and default (Markdown)\n"
    "  --version         print the version\n";

// Exit codes: 0 success; 1 an input error (InputError: a key, data file or table is wrong);
// 2 a command-line error (unknown command, missing argument); 3 an internal error (a bug);
// 4 a numerical error (NumericalError: non-finite forces, a Hessian without the curvatures
// asked for, a run that cannot reach what it needs), which no change of syntax fixes.
constexpr int kExitInput = 1, kExitInternal = 3, kExitNumerical = 4;

int fail(const std::string& message, int code, const char* kind = "error") {
  std::cerr << "metabasin: " << kind << ": " << message << std::endl;
  const std::string json_message = std::string(kind) == "error" ? message : std::string(kind) + ": " + message;
  std::cout << nlohmann::json{{"error", json_message}}.dump() << std::endl;
  return code;
}

int dispatch(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return fail("no command given", 2);
  }
  const std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h") {
    std::cerr << kUsage;
    std::cout << nlohmann::json{{"usage", kUsage}}.dump() << std::endl;
    return 0;
  }
  if (cmd == "--version") {
    std::cout << nlohmann::json{{"version", "0.1.0"}}.dump() << std::endl;
    return 0;
  }
  if (cmd == "schema") {
    std::cout << metabasin::schema_markdown();
    return 0;
  }
  if (cmd == "catalog") {
    if (argc == 2 || std::string(argv[2]) == "help" || std::string(argv[2]) == "--help") {
      std::cout << metabasin::kCatalogUsage;
      return 0;
    }
    metabasin::run_catalog_command(std::vector<std::string>(argv + 2, argv + argc));
    return 0;
  }
  if (cmd == "nadm")
    return metabasin::run_nadm_command(std::vector<std::string>(argv + 2, argv + argc)), 0;
  if (cmd != "run" && cmd != "eval" && cmd != "sweep") {
    std::cerr << kUsage;
    return fail("unknown command '" + cmd + "'", 2);
  }
  const bool short_mode = (cmd == "run" || cmd == "sweep") && argc == 4 && std::string(argv[2]) == "--short";
  if (argc != 3 && !short_mode) {
    std::cerr << kUsage;
    return fail("'" + cmd + "' needs exactly one input file", 2);
  }
  auto input = metabasin::Input::load(argv[short_mode ? 3 : 2]);
  input.set_short_mode(short_mode);
  if (cmd == "sweep" && input.get_string("task") != "sweep")
    return fail("input file '" + std::string(argv[2]) + "': metabasin sweep needs task: sweep", 2);
  const auto result = cmd == "eval" ? metabasin::run_eval(input) : metabasin::run_task(input);
  // Under MPI the root gathers the results; the other ranks print nothing on stdout.
  if (metabasin::parallel().root()) std::cout << result.dump() << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int code = 0;
  metabasin::parallel_init(&argc, &argv);
  Kokkos::initialize();
  try {
    code = dispatch(argc, argv);
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
