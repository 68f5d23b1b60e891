// SPDX-License-Identifier: BSD-3-Clause
// What every user meets at the command line (issue 22): errors and results print whatever
// bytes they quote; every command answers --help; --version is plain text; an output never
// overwrites one of the run's inputs; extended XYZ always carries element symbols.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <sstream>

#include "inherent_sequence.hpp"
#include "lammps_reference.hpp"

using namespace metabasin;
using namespace metabasin::testing;
using nlohmann::json;

namespace {

const std::string kSrc = METABASIN_SOURCE_DIR;
const std::string kLatin1 = "\xe9";  // é in Latin-1: a byte that is never valid UTF-8 on its own

std::string lj_input(const std::string& data, const std::string& tail) {
  return "system: {data: \"" + data + "\", dimension: 2}\n" + kCuZrLjPotential + tail;
}

// The run's exit status is the documented one, it did not abort, and the last stdout line
// is one JSON object that parses.
void expect_clean(const CliRun& r, int code, const std::string& what) {
  EXPECT_EQ(r.code, code) << what << "\nstdout: " << r.stdout_text << "\nstderr: " << r.stderr_text;
  EXPECT_EQ(r.stderr_text.find("terminate called"), std::string::npos) << what;
  EXPECT_TRUE(r.last.is_object()) << what << ": " << r.stdout_text;
}

}  // namespace

// ---- defect 1: invalid UTF-8 in what a message quotes ----

TEST(CliContract, ErrorsQuotingInvalidUtf8PrintAndExitCleanly) {
  const std::string dir = scratch_dir("cli_latin1_errors");
  const std::string missing = "caf" + kLatin1 + ".data";

  // A Latin-1 data path that does not exist.
  write_text(dir + "/missing.yaml", lj_input(missing, "task: eval\n"));
  auto r = run_metabasin("run missing.yaml", dir);
  expect_clean(r, 1, "missing Latin-1 data file");
  const std::string error = r.last.value("error", "");
  EXPECT_NE(error.find("system.data"), std::string::npos) << error;
  EXPECT_NE(error.find("caf"), std::string::npos) << error;
  EXPECT_NE(error.find(".data"), std::string::npos) << error;
  // stderr quotes the path byte for byte, so a Latin-1 terminal shows it as typed.
  EXPECT_NE(r.stderr_text.find(missing), std::string::npos) << r.stderr_text;

  // A binary file given as a data file: the error quotes its bytes.
  std::string garbage = "garbage title\n";
  std::mt19937 bytes(7);
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>(bytes() % 256);
  write_text(dir + "/garbage.data", garbage);
  write_text(dir + "/garbage.yaml", lj_input("garbage.data", "task: eval\n"));
  r = run_metabasin("run garbage.yaml", dir);
  expect_clean(r, 1, "garbage data file");
  EXPECT_NE(r.last.value("error", "").find("garbage.data"), std::string::npos) << r.stdout_text;

  // The same for catalog and nadm on a Latin-1 path that does not exist.
  const std::string h5 = "cat" + kLatin1 + ".h5";
  r = run_metabasin("catalog summary '" + h5 + "'", dir);
  expect_clean(r, 1, "catalog summary on a Latin-1 path");
  EXPECT_NE(r.last.value("error", "").find("cat"), std::string::npos) << r.stdout_text;
  r = run_metabasin("nadm '" + h5 + "' --out nadm.h5", dir);
  expect_clean(r, 1, "nadm on a Latin-1 path");
  EXPECT_NE(r.last.value("error", "").find("cat"), std::string::npos) << r.stdout_text;
}

TEST(CliContract, ResultQuotingALatin1OutputPathPrintsAndSucceeds) {
  const std::string dir = scratch_dir("cli_latin1_result");
  std::filesystem::copy(kSrc + "/inputs/data/lj2d-cuzr-1024.data", dir + "/in.data");
  const std::string out = "r" + kLatin1 + "sultat.data";
  write_text(dir + "/min.yaml", lj_input("in.data", "task: minimize\nminimize: {method: fire, fmax: 1.0e-2}\n"
                                                    "output: {data: \"" + out + "\"}\n"));
  const auto r = run_metabasin("run min.yaml", dir);
  expect_clean(r, 0, "minimize writing to a Latin-1 path");
  EXPECT_EQ(r.last.value("task", ""), "minimize");
  EXPECT_TRUE(r.last.value("converged", false));
  EXPECT_TRUE(std::filesystem::exists(dir + "/" + out));  // written under the name given
  EXPECT_NE(r.last["output"].value("data", "").find("sultat.data"), std::string::npos) << r.stdout_text;
}

// ---- every command answers --help; --version; unknown options ----

namespace {

// The commands the top-level usage lists: the first word of each indented line that is not
// an option, up to the list of tasks (the values of an input's 'task' key, not commands).
std::vector<std::string> listed_commands(const std::string& usage) {
  std::vector<std::string> names;
  std::istringstream lines(usage);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("tasks", 0) == 0) break;
    std::smatch m;
    if (std::regex_search(line, m, std::regex("^  ([a-z]+)\\b"))) names.push_back(m[1]);
  }
  return names;
}

}  // namespace

TEST(CliContract, EveryCommandAnswersHelpWithItsUsage) {
  const std::string dir = scratch_dir("cli_help");
  const auto top = run_metabasin("--help", dir);
  ASSERT_EQ(top.code, 0) << top.stderr_text;
  const std::vector<std::string> commands = listed_commands(top.stdout_text);
  for (const char* expected : {"run", "eval", "sweep", "catalog", "nadm", "schema"})
    EXPECT_NE(std::find(commands.begin(), commands.end(), expected), commands.end())
        << "top-level usage does not list " << expected << ":\n" << top.stdout_text;

  std::vector<std::string> invocations = {""};
  for (const auto& c : commands) invocations.push_back(c + " ");
  invocations.push_back("run in.yaml ");  // --help anywhere wins over the arguments
  for (const auto& words : invocations)
    for (const char* flag : {"--help", "-h"}) {
      const auto r = run_metabasin(words + flag, dir);
      EXPECT_EQ(r.code, 0) << words << flag << ": " << r.stdout_text << r.stderr_text;
      const std::string name = words.substr(0, words.find(' '));
      EXPECT_EQ(r.stdout_text.rfind("usage: metabasin " + name, 0), 0u)
          << words << flag << " printed on stdout:\n" << r.stdout_text;
      EXPECT_TRUE(r.stderr_text.empty()) << words << flag << ": " << r.stderr_text;
    }
}

TEST(CliContract, VersionIsPlainText) {
  const auto r = run_metabasin("--version", scratch_dir("cli_version"));
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(std::regex_match(r.stdout_text, std::regex("metabasin [0-9]+\\.[0-9]+\\.[0-9]+\n"))) << r.stdout_text;
}

TEST(CliContract, UnknownOptionsAreErrorsNamingTheOption) {
  const std::string dir = scratch_dir("cli_unknown_options");
  for (const std::string& args : {"run --frobnicate in.yaml", "eval --short in.yaml", "sweep in.yaml --frobnicate",
                                  "nadm seq.h5 --out o.h5 --frobnicate", "schema --frobnicate", "--frobnicate"}) {
    const auto r = run_metabasin(args, dir);
    expect_clean(r, 2, args);
    const std::string option = args.find("--short") != std::string::npos ? "--short" : "--frobnicate";
    EXPECT_NE(r.last.value("error", "").find(option), std::string::npos) << args << ": " << r.stdout_text;
  }
  const auto extra = run_metabasin("run a.yaml b.yaml", dir);
  expect_clean(extra, 2, "two input files");
}

// ---- defect 7: an output that is an input is refused before the run starts ----

TEST(CliContract, RunRefusesAnOutputThatIsOneOfItsInputs) {
  const std::string dir = scratch_dir("cli_output_over_input");
  std::filesystem::copy(kSrc + "/inputs/data/lj2d-cuzr-1024.data", dir + "/in.data");
  std::filesystem::copy(kSrc + "/potentials/Cu-Zr_2.eam.fs", dir + "/table.eam.fs");
  std::filesystem::create_directories(dir + "/sub");
  const std::string data = read_text(dir + "/in.data"), table = read_text(dir + "/table.eam.fs");
  const std::string lj = lj_input("in.data", "task: minimize\nminimize: {method: fire, fmax: 1.0e-2}\n");
  const std::string eam = "system: {data: in.data, dimension: 2}\n"
                          "potential: {style: eam/fs, file: table.eam.fs, elements: [Cu, Zr]}\ntask: minimize\n";
  struct Case {
    std::string yaml, expect1, expect2;  // two fragments the error names
  };
  const std::vector<Case> cases = {
      {lj + "output: {data: in.data}\n", "key 'output.data'", "in.data"},             // the data file
      {lj + "output: {dump: ./in.data}\n", "key 'output.dump'", "in.data"},           // spelled otherwise
      {lj + "output: {dump: sub/../in.data}\n", "key 'output.dump'", "in.data"},      // through a folder
      {lj + "output: {xyz: min.yaml}\n", "key 'output.xyz'", "min.yaml"},             // the input file itself
      {eam + "output: {data: table.eam.fs}\n", "key 'output.data'", "table.eam.fs"},  // potential.file
      {lj + "output: {dump: t.out, xyz: t.out}\n", "'output.dump' and 'output.xyz'", "t.out"},  // two outputs
  };
  for (const auto& c : cases) {
    write_text(dir + "/min.yaml", c.yaml);
    const auto r = run_metabasin("run min.yaml", dir);
    expect_clean(r, 1, c.yaml);
    const std::string error = r.last.value("error", "");
    EXPECT_NE(error.find(c.expect1), std::string::npos) << c.yaml << ": " << error;
    EXPECT_NE(error.find(c.expect2), std::string::npos) << c.yaml << ": " << error;
    EXPECT_EQ(read_text(dir + "/in.data"), data) << c.yaml;
    EXPECT_EQ(read_text(dir + "/table.eam.fs"), table) << c.yaml;
    EXPECT_EQ(read_text(dir + "/min.yaml"), c.yaml);
    EXPECT_FALSE(std::filesystem::exists(dir + "/t.out")) << "the run started: " << c.yaml;
  }
}

// ---- an output file the task does not write is refused, not silently missing ----

TEST(CliContract, RunRefusesAnOutputFileTheTaskDoesNotWrite) {
  const std::string dir = scratch_dir("cli_output_not_written");
  std::filesystem::copy(kSrc + "/inputs/data/lj2d-cuzr-1024.data", dir + "/in.data");
  struct Case {
    std::string task, key;
  };
  const std::vector<Case> cases = {{"age", "dump"}, {"eval", "table"}, {"minimize", "table"},
                                   {"abc", "sequence"}, {"md", "catalog"}, {"art", "xyz"}};
  for (const auto& c : cases) {
    const std::string yaml = lj_input("in.data", "task: " + c.task + "\noutput: {" + c.key + ": t.out}\n");
    write_text(dir + "/in.yaml", yaml);
    const auto r = run_metabasin("run in.yaml", dir);
    expect_clean(r, 1, yaml);
    const std::string error = r.last.value("error", "");
    EXPECT_NE(error.find("task '" + c.task + "' writes no 'output." + c.key + "'"), std::string::npos) << error;
    EXPECT_FALSE(std::filesystem::exists(dir + "/t.out")) << "the run started: " << yaml;
  }
  // A file the task does write is taken (minimize writes output.data).
  write_text(dir + "/in.yaml", lj_input("in.data", "task: minimize\nminimize: {method: fire, fmax: 1.0}\n"
                                                   "output: {data: t.out}\n"));
  expect_clean(run_metabasin("run in.yaml", dir), 0, "minimize with output.data");
  EXPECT_TRUE(std::filesystem::exists(dir + "/t.out"));
}

TEST(CliContract, NadmRefusesToWriteOverItsSequence) {
  const std::string dir = scratch_dir("cli_nadm_over_input");
  Configuration c;
  c.box.dimension = 2;
  c.box.lo = Vec3(0, 0, -0.5);
  c.box.len = Vec3(10, 10, 1);
  c.ids = {1, 2};
  c.types = {1, 1};
  c.masses = {1.0};
  c.x = {1, 1, 0, 5, 5, 0};
  c.image = {0, 0, 0, 0, 0, 0};
  {
    InherentSequenceWriter w(dir + "/seq.h5", c, false);
    for (int k = 0; k < 4; ++k) {
      SequenceFrame f;
      f.strain = 0.01 * k;
      f.energy = -1.0;
      f.positions = Eigen::Map<const VectorXd>(c.x.data(), 6);
      w.append(f);
    }
  }
  const std::string before = read_text(dir + "/seq.h5");
  for (const std::string& out : {"seq.h5", "./seq.h5"}) {
    const auto r = run_metabasin("nadm seq.h5 --out " + out, dir);
    expect_clean(r, 1, out);
    EXPECT_NE(r.last.value("error", "").find("--out"), std::string::npos) << r.stdout_text;
    EXPECT_EQ(read_text(dir + "/seq.h5"), before) << out;
  }
  // The same sequence to another file is fine.
  const auto ok = run_metabasin("nadm seq.h5 --out nadm.h5", dir);
  expect_clean(ok, 0, "nadm to another file");
}

// ---- defect 8: every extended XYZ carries element symbols ----

namespace {

// The species column of every frame of an extended-XYZ file, after checking that each
// header declares it as the first column, of type S (string), width 1.
std::vector<std::string> xyz_species(const std::string& path) {
  std::istringstream in(read_text(path));
  std::vector<std::string> species;
  std::string line;
  while (std::getline(in, line) && !line.empty()) {
    const std::size_t n = std::stoul(line);
    std::getline(in, line);
    std::smatch m;
    EXPECT_TRUE(std::regex_search(line, m, std::regex("Properties=([^ ]+)"))) << line;
    EXPECT_EQ(m[1].str().rfind("species:S:1:", 0), 0u) << line;
    for (std::size_t i = 0; i < n && std::getline(in, line); ++i) species.push_back(line.substr(0, line.find(' ')));
  }
  return species;
}

}  // namespace

TEST(CliNeb, ExtendedXyzCarriesElementSymbols) {
  const std::string dir = scratch_dir("cli_neb_xyz");
  // A Cu2Zr triangle whose Zr atom crosses the Cu-Cu bond to the mirror minimum.
  auto triangle = [](double y3) {
    return "tri\n\n3 atoms\n2 atom types\n\n0 30 xlo xhi\n0 30 ylo yhi\n-0.5 0.5 zlo zhi\n\nMasses\n\n1 63.546\n"
           "2 91.224\n\nAtoms # atomic\n\n1 1 14.0 15.0 0.0\n2 1 16.6 15.0 0.0\n3 2 15.3 " +
           std::to_string(y3) + " 0.0\n";
  };
  write_text(dir + "/a.data", triangle(17.3));
  write_text(dir + "/b.data", triangle(12.7));
  write_text(dir + "/lj.yaml", "system: {data: a.data, dimension: 2, boundary: [f, f, p]}\n" + std::string(kCuZrLjPotential) +
                                   "task: neb\nneb: {final: b.data, images: 5, max_iterations: 300}\n"
                                   "output: {xyz: lj.xyz}\n");
  auto r = run_metabasin("run lj.yaml", dir);
  expect_clean(r, 0, "LJ NEB");
  const auto lj = xyz_species(dir + "/lj.xyz");
  ASSERT_EQ(lj.size(), 7u * 3u);  // both ends and 5 images
  for (std::size_t i = 0; i < lj.size(); ++i) EXPECT_EQ(lj[i], i % 3 == 2 ? "Zr" : "Cu") << "atom line " << i;

  // A model surface has no elements: the documented placeholder X (ASE's dummy atom).
  write_text(dir + "/mb.yaml", "system: {data: " + kSrc +
                                   "/inputs/data/muller-brown-minimum-A.data, dimension: 2, boundary: [f, f, p]}\n"
                                   "potential: {style: muller-brown}\ntask: neb\nneb: {final: " +
                                   kSrc +
                                   "/inputs/data/muller-brown-minimum-B.data, images: 5, spring: 50.0, max_move: 0.01, "
                                   "max_iterations: 100}\noutput: {xyz: mb.xyz}\n");
  r = run_metabasin("run mb.yaml", dir);
  expect_clean(r, 0, "Mueller-Brown NEB");
  const auto mb = xyz_species(dir + "/mb.xyz");
  ASSERT_EQ(mb.size(), 7u);
  for (const auto& s : mb) EXPECT_EQ(s, "X");
}
