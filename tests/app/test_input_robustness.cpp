// SPDX-License-Identifier: BSD-3-Clause
// Input robustness (issue 22, defects 5, 9, 11, 12) and the numerical-error type: degenerate
// cells, non-finite EAM tables and LJ parameters, list errors that name the bad element,
// unconverged minimizations and short shear runs that say so, and NumericalError apart from
// InputError (its own exit code; a caller that carries on catches it, never InputError).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <type_traits>

#include "eam_tables.hpp"
#include "error.hpp"
#include "input.hpp"
#include "lammps_data.hpp"
#include "lammps_reference.hpp"
#include "muller_brown.hpp"
#include "pair_lj.hpp"
#include "prefactor.hpp"
#include "test_systems.hpp"

using namespace metabasin;
using namespace metabasin::testing;

namespace {

const std::string kSrc = METABASIN_SOURCE_DIR;

// Two atoms in a cell with the given box lines (3D, periodic).
std::string two_atom_data(const std::string& box_lines) {
  return "cell test\n\n2 atoms\n1 atom types\n\n" + box_lines +
         "\nMasses\n\n1 63.546\n\nAtoms # atomic\n\n1 1 0.0 0.0 0.0\n2 1 0.0 0.0 0.0\n";
}

// The InputError message reading `text` as a data file gives ("" when it reads).
std::string data_error(const std::string& dir, const std::string& text, int dimension = 3) {
  write_text(dir + "/cell.data", text);
  try {
    read_lammps_data(dir + "/cell.data", dimension, {true, true, true});
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::string input_error(const std::string& yaml) {
  try {
    Input::parse(yaml, "in.yaml", ".");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

const std::string kHead = "system: {data: a.data}\npotential: {style: muller-brown}\ntask: eval\n";

std::string lj_input(const std::string& data, const std::string& tail) {
  return "system: {data: " + data + ", dimension: 2}\n" + std::string(kCuZrLjPotential) + tail;
}

}  // namespace

// Defect 5: a box 1e-12 or 1e-300 wide gave stresses of 1e14 and 1e302 GPa with exit 0.
TEST(LammpsDataCell, DegenerateCellsAreRefusedNamingFileAndValue) {
  const std::string dir = scratch_dir("cell_degenerate");
  const std::string good_y = "0 10 ylo yhi\n0 10 zlo zhi\n";
  const struct {
    std::string box, value;
  } cases[] = {
      {"0 1e-12 xlo xhi\n" + good_y, "1e-12"},          // far denser than any matter
      {"0 1e-300 xlo xhi\n" + good_y, "1e-300"},        // the same, down to underflow
      {"0 1e300 xlo xhi\n" + good_y, "1e+300"},         // a unit mistake: positions lose all precision
      {"-1e300 1e300 xlo xhi\n" + good_y, "1e+300"},    // origin and length beyond any sample
      {"0 10 xlo xhi\n" + good_y + "1e300 0 0 xy xz yz\n", "1e+300"},  // a tilt no cell has
      {"0 0.05 xlo xhi\n0 1e4 ylo yhi\n0 1e4 zlo zhi\n", "0.05"},     // an atom 0.05 A from its image
  };
  for (const auto& c : cases) {
    const std::string msg = data_error(dir, two_atom_data(c.box));
    EXPECT_NE(msg.find("cell.data"), std::string::npos) << c.box << ": " << msg;
    EXPECT_NE(msg.find(c.value), std::string::npos) << c.box << ": " << msg;
  }
  // A zero-extent box is refused with both bounds named.
  EXPECT_NE(data_error(dir, two_atom_data("0 0 xlo xhi\n" + good_y)).find("xlo 0, xhi 0"), std::string::npos);
  // An ordinary cell and a sparse cluster in a large open cell still read.
  EXPECT_EQ(data_error(dir, two_atom_data("0 10 xlo xhi\n" + good_y)), "");
  EXPECT_EQ(data_error(dir, two_atom_data("-5000 5000 xlo xhi\n-5000 5000 ylo yhi\n-5000 5000 zlo zhi\n")), "");
  // Every bundled data file passes the check.
  for (const auto& e : std::filesystem::directory_iterator(kSrc + "/inputs/data")) {
    const int dim = e.path().filename().string().find("2d") != std::string::npos ||
                            e.path().filename().string().find("muller") != std::string::npos
                        ? 2
                        : 3;
    EXPECT_NO_THROW(read_lammps_data(e.path().string(), dim, {true, true, true})) << e.path();
  }
}

TEST(LammpsDataCell, ThinBoxThroughTheCliIsAnInputErrorNotAHugeStress) {
  const std::string dir = scratch_dir("cell_cli");
  write_text(dir + "/thin.data", "thin\n\n2 atoms\n2 atom types\n\n0 1e-12 xlo xhi\n0 20 ylo yhi\n-0.5 0.5 zlo zhi\n"
                                 "\nMasses\n\n1 63.546\n2 91.224\n\nAtoms # atomic\n\n1 1 0 5 0\n2 2 0 12 0\n");
  write_text(dir + "/in.yaml", lj_input("thin.data", "task: eval\n"));
  const auto r = run_metabasin("eval in.yaml", dir);
  EXPECT_EQ(r.code, 1) << r.stdout_text;
  const std::string msg = r.last.value("error", "");
  EXPECT_NE(msg.find("thin.data"), std::string::npos) << msg;
  EXPECT_NE(msg.find("1e-12"), std::string::npos) << msg;
  EXPECT_FALSE(r.last.contains("stress"));
}

TEST(LammpsDataCell, ShearStrainThatOverflowsTheTiltIsRefused) {
  Configuration c = lj7_hexagon();
  EXPECT_THROW(apply_shear_xy(c, 1e308), InputError);
  EXPECT_THROW(apply_shear_xy(c, std::numeric_limits<double>::infinity()), InputError);
  const Box before = c.box;
  apply_shear_xy(c, 0.1);  // an ordinary strain still applies
  EXPECT_NEAR(c.box.xy - before.xy, 0.1 * before.len[1], 1e-12);
}

// Defect 9: a NaN in an EAM table was accepted; the later error blamed overlapping atoms.
TEST(EamTables, NonFiniteNumbersAreRefusedAtReadNamingFileAndLine) {
  const std::string dir = scratch_dir("eam_nonfinite");
  std::ifstream in(kSrc + "/potentials/Cu-Zr_2.eam.fs");
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  ASSERT_GT(lines.size(), 100u);
  // Line 7 (1-based) holds embedding-function values of Cu; a late line holds a pair function.
  const struct {
    std::size_t line;
    std::string token, table;
  } cases[] = {{7, "nan", "embedding"}, {7, "inf", "embedding"}, {7, "-1e999", "embedding"},
               {lines.size(), "NaN", "pair function"}};
  // The table with the first number of 1-based line `line` replaced by `token`.
  auto with_token = [&](std::size_t line, const std::string& token) {
    std::vector<std::string> t = lines;
    std::istringstream ls(t[line - 1]);
    std::string first, rest;
    ls >> first;
    std::getline(ls, rest);
    t[line - 1] = token + " " + rest;
    return t;
  };
  for (const auto& c : cases) {
    const std::vector<std::string> bad = with_token(c.line, c.token);
    const std::string path = dir + "/bad.eam.fs";
    {
      std::ofstream out(path);
      for (const auto& l : bad) out << l << "\n";
    }
    try {
      read_eam_file(path, EamFlavor::FinnisSinclair);
      ADD_FAILURE() << c.token << " on line " << c.line << " was accepted";
    } catch (const InputError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("bad.eam.fs"), std::string::npos) << msg;
      EXPECT_NE(msg.find("(line " + std::to_string(c.line) + ")"), std::string::npos) << msg;
      EXPECT_NE(msg.find(c.token), std::string::npos) << msg;
      EXPECT_NE(msg.find(c.table), std::string::npos) << msg;
    }
  }
  // Underflow to a denormal or zero is harmless and still reads.
  const std::vector<std::string> tiny = with_token(7, "1e-320");
  {
    std::ofstream out(dir + "/tiny.eam.fs");
    for (const auto& l : tiny) out << l << "\n";
  }
  EXPECT_NO_THROW(read_eam_file(dir + "/tiny.eam.fs", EamFlavor::FinnisSinclair));
}

TEST(EamTables, LjParametersMustBeFiniteInYamlAndInCode) {
  const std::string nan_eps =
      "system: {data: a.data, dimension: 2}\npotential:\n  style: lj\n  elements: [Cu]\n"
      "  pairs:\n    - {types: [Cu, Cu], epsilon: .nan, sigma: 2.3, cutoff: 5}\ntask: eval\n";
  EXPECT_NE(input_error(nan_eps).find("potential.pairs[0].epsilon: expected a finite number, got '.nan'"),
            std::string::npos)
      << input_error(nan_eps);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(PairLJ({"Cu"}, {{"Cu", "Cu", nan, 2.3, 5.0}}, false, 1.0), InputError);
  EXPECT_THROW(PairLJ({"Cu"}, {{"Cu", "Cu", 0.1, nan, 5.0}}, false, 1.0), InputError);
  EXPECT_THROW(PairLJ({"Cu"}, {{"Cu", "Cu", 0.1, 1e30, 5.0}}, false, 1.0), InputError);  // sigma^12 overflows
}

// Defect 11: "sweep.rates: [.nan]" said "got a list"; every list names its bad element.
TEST(InputListErrors, TheBadElementIsNamedWithIndexAndValue) {
  const struct {
    std::string yaml, expect;
  } cases[] = {
      {kHead + "sweep: {rates: [.nan]}\n", "sweep.rates[0]: expected finite numbers, got '.nan'"},
      {kHead + "sweep: {rates: [1e9, .inf]}\n", "sweep.rates[1]: expected finite numbers, got '.inf'"},
      {kHead + "sweep: {q0: [0.5, fast]}\n", "sweep.q0[1]: expected finite numbers, got 'fast'"},
      {kHead + "sweep: {regimes: [1, [2]]}\n", "sweep.regimes[1]: expected finite numbers, got a list"},
      {kHead + "sweep: {rates: 1e9}\n", "sweep.rates: expected a non-empty list of finite numbers, got '1e9'"},
      {kHead + "sweep: {rates: []}\n", "sweep.rates: expected a non-empty list"},
      {kHead + "art: {centres: [1, 2.5]}\n", "art.centres[1]: expected integers, got '2.5'"},
      {kHead + "abc: {atoms: [3, {a: 1}]}\n", "abc.atoms[1]: expected integers, got a mapping"},
      {"system: {data: a.data, boundary: [p, x, p]}\npotential: {style: muller-brown}\ntask: eval\n",
       "system.boundary[1]: expected p or f, got 'x'"},
      {"system: {data: a.data}\npotential: {style: lj, elements: [Cu, [Zr]]}\ntask: eval\n",
       "potential.elements[1]: expected non-empty strings, got a list"},
      {"system: {data: a.data}\npotential:\n  style: lj\n  elements: [Cu]\n  pairs:\n"
       "    - {types: [Cu, [Cu]], epsilon: 1, sigma: 1, cutoff: 2}\ntask: eval\n",
       "potential.pairs[0].types[1]: expected an element name, got a list"},
      {"system: {data: a.data}\npotential:\n  style: lj\n  elements: [Cu]\n  pairs:\n"
       "    - {types: [Cu, Cu], epsilon: 1, sigma: 1e999, cutoff: 2}\ntask: eval\n",
       "potential.pairs[0].sigma: expected a finite number, got '1e999'"},
      {"system: {data: a.data}\npotential:\n  style: lj\n  elements: [Cu]\n  pairs: [[Cu, Cu, 1, 1, 2]]\ntask: eval\n",
       "potential.pairs[0]: expected a mapping"},
      {kHead + "md: {dt: .inf}\n", "md.dt: expected a finite number, got '.inf'"},
      {kHead + "md: {dt: -.nan}\n", "md.dt: expected a finite number"},
      {kHead + "md: {steps: .nan}\n", "md.steps: expected an integer, got '.nan'"},
      {kHead + "md: {dt:}\n", "md.dt: expected a finite number, got nothing"},
      {"- system\n- task\n", "must be a YAML mapping of sections (system:, potential:, task:, ...), got a list"},
      {"just text\n", "got 'just text'"},
      {"", "got an empty document"},
      {"? [a, b]\n: 1\n" + kHead, "has a key that is a list, not a name"},
      {"system: {? [data]: a.data}\npotential: {style: muller-brown}\ntask: eval\n",
       "'system' has a key that is a list"},
  };
  for (const auto& c : cases) {
    const std::string msg = input_error(c.yaml);
    EXPECT_NE(msg.find(c.expect), std::string::npos) << c.yaml << "\n-> " << msg;
    EXPECT_NE(msg.find("in.yaml"), std::string::npos) << msg;
  }
  EXPECT_EQ(input_error(kHead + "sweep: {rates: [1e9, 1e8]}\nart: {centres: [1, 2]}\n"), "");
}

TEST(InputListErrors, ThroughTheCliAnInputErrorExitsOneWithoutATrace) {
  const std::string dir = scratch_dir("input_list_cli");
  write_text(dir + "/in.yaml", kHead + "sweep: {rates: [.nan]}\n");
  const auto r = run_metabasin("run in.yaml", dir);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.last.value("error", "").find("sweep.rates[0]"), std::string::npos) << r.stdout_text;
  EXPECT_EQ(r.stderr_text.find("internal error"), std::string::npos) << r.stderr_text;
}

// Defect 12: an unconverged minimize labelled its data file "inherent structure".
TEST(CliMinimize, UnconvergedRunSaysSoInJsonAndDataFile) {
  const std::string dir = scratch_dir("minimize_unconverged");
  std::filesystem::copy(kSrc + "/inputs/data/lj2d-cuzr-256-start.data", dir + "/start.data");
  write_text(dir + "/in.yaml", lj_input("start.data", "task: minimize\nminimize: {fmax: 1e-8, max_iterations: 3}\n"
                                                      "output: {data: out.data}\n"));
  const auto r = run_metabasin("run in.yaml", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  EXPECT_EQ(r.last["converged"], false);
  EXPECT_EQ(r.last["stop_reason"], "max iterations") << r.last.dump();
  ASSERT_TRUE(r.last.contains("warning"));
  EXPECT_NE(r.last["warning"].get<std::string>().find("not an inherent structure"), std::string::npos);
  const std::string title = read_text(dir + "/out.data").substr(0, read_text(dir + "/out.data").find('\n'));
  EXPECT_NE(title.find("NOT converged"), std::string::npos) << title;
  EXPECT_EQ(title.find("inherent structure from"), std::string::npos) << title;
  // A converged run is an inherent structure and has no warning.
  write_text(dir + "/ok.yaml", lj_input("start.data", "task: minimize\nminimize: {fmax: 1e-2, method: lbfgs}\n"
                                                      "output: {data: ok.data}\n"));
  const auto ok = run_metabasin("run ok.yaml", dir);
  ASSERT_EQ(ok.code, 0) << ok.stderr_text;
  EXPECT_EQ(ok.last["converged"], true);
  EXPECT_FALSE(ok.last.contains("warning"));
  EXPECT_NE(read_text(dir + "/ok.data").find("inherent structure from"), std::string::npos);
}

// Defect 12: a short shear reported a shear modulus fitted through 2 points without a word.
TEST(CliShear, ModulusFromTooFewPointsIsNullWithAWarning) {
  const std::string dir = scratch_dir("shear_few_points");
  std::filesystem::copy(kSrc + "/inputs/data/lj2d-cuzr-256-glass-1Kps-315K.data", dir + "/glass.data");
  // 1e10 1/s and dt 2 fs: strain 2e-5 per step; the elastic range 0.002 holds 100 steps, and
  // a sample every 50 steps puts 3 samples in it.
  write_text(dir + "/in.yaml", lj_input("glass.data",
                                        "task: shear\nmd: {thermostat: langevin, temperature: 10, seed: 1}\n"
                                        "shear: {rate: 1e10, max_strain: 0.004, elastic_strain: 0.002}\n"
                                        "output: {thermo_every: 50, progress: 0}\n"));
  const auto r = run_metabasin("run in.yaml", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  EXPECT_LT(r.last["shear_modulus_fit_points"].get<int>(), 5);
  EXPECT_TRUE(r.last["shear_modulus_GPa"].is_null()) << r.last.dump();
  ASSERT_TRUE(r.last.contains("shear_modulus_warning"));
  EXPECT_NE(r.last["shear_modulus_warning"].get<std::string>().find("shear.elastic_strain"), std::string::npos);
  EXPECT_NE(r.stderr_text.find("warning"), std::string::npos);
}

// Issue 22: NumericalError apart from InputError.
static_assert(!std::is_base_of_v<InputError, NumericalError> && !std::is_base_of_v<NumericalError, InputError>,
              "a catch of one must never catch the other");

TEST(CliNumericalError, NonFiniteForcesExitWithTheNumericalCode) {
  const std::string dir = scratch_dir("numerical_exit");
  // Two atoms on the same spot, with the overlap check switched off: LJ at r = 0.
  write_text(dir + "/same.data", "same\n\n2 atoms\n2 atom types\n\n0 20 xlo xhi\n0 20 ylo yhi\n-0.5 0.5 zlo zhi\n"
                                 "\nMasses\n\n1 63.546\n2 91.224\n\nAtoms # atomic\n\n1 1 5 5 0\n2 2 5 5 0\n");
  write_text(dir + "/in.yaml", "system: {data: same.data, dimension: 2, min_distance: 0}\n" +
                                   std::string(kCuZrLjPotential) + "task: eval\n");
  const auto r = run_metabasin("eval in.yaml", dir);
  EXPECT_EQ(r.code, 4) << r.stderr_text;
  EXPECT_EQ(r.stderr_text.rfind("metabasin: numerical error: ", 0), 0u) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("not finite"), std::string::npos) << r.stderr_text;
  EXPECT_NE(r.last.value("error", "").find("numerical error"), std::string::npos) << r.stdout_text;
  // An input error keeps its own code.
  write_text(dir + "/bad.yaml", "system: {data: same.data, dimension: 2}\npotential: {style: lj}\ntask: eval\n");
  EXPECT_EQ(run_metabasin("eval bad.yaml", dir).code, 1);
}

TEST(CliNumericalError, APrefactorFailureIsNumericalAndItsCallerGoesOn) {
  // The Mueller-Brown saddle between A and B (SPEC section 5) has one negative curvature: as a
  // "minimum" it is a numerical failure, not an input error.
  Configuration particle = mb_particle(-0.822, 0.624);
  MullerBrown mb;
  const VectorXd xs = Eigen::Map<const VectorXd>(particle.x.data(), 3);
  const VineyardRegion region = vineyard_region(particle, mb, xs, 0, 10.0);
  EXPECT_THROW(minimum_log_frequencies(particle, mb, xs, region), NumericalError);
  // local_vineyard catches the failure of a saddle Hessian (here a minimum given as the saddle)
  // and goes on with the nu0 split instead of stopping the search.
  Configuration at_a = mb_particle(-0.558, 1.442);
  MinimizeParams mp;
  mp.method = "lbfgs";
  mp.fmax = 1e-8;
  relax(at_a, mb, mp);
  const VectorXd xa = Eigen::Map<const VectorXd>(at_a.x.data(), 3);
  VineyardPair pair;
  ASSERT_NO_THROW(pair = local_vineyard(at_a, mb, xa, xa, xa, vineyard_region(at_a, mb, xa, 0, 10.0), 1e13));
  EXPECT_FALSE(pair.from_saddle_modes);
  EXPECT_NEAR(pair.forward / 1e13, 1.0, 1e-9);
}

// The same silent nonsense from a barostat driven beyond any material: a numerical error
// naming the cell's fault, not stresses of 1e-300 GPa in a cell of infinite size.
TEST(CliNumericalError, ABarostatThatBlowsUpTheCellStopsWithTheNumericalCode) {
  const std::string dir = scratch_dir("barostat_blowup");
  std::filesystem::copy(kSrc + "/inputs/data/lj2d-cuzr-256-start.data", dir + "/start.data");
  write_text(dir + "/in.yaml", lj_input("start.data", "task: md\nmd: {steps: 20, thermostat: langevin, temperature: 10, "
                                                      "barostat: iso, pressure: -1e300, compressibility: 1}\n"));
  const auto r = run_metabasin("run in.yaml", dir);
  EXPECT_EQ(r.code, 4) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("numerical error: md.barostat"), std::string::npos) << r.stderr_text;
}
