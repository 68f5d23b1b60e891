// SPDX-License-Identifier: BSD-3-Clause
// The command-line contract (SPEC section 3): JSON on the last stdout line, eval output
// against LAMMPS end to end, every example input runs, docs match the schema, and bad input
// gives one clear error naming the key or file with a non-zero exit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lammps_data.hpp"
#include "lammps_reference.hpp"

using namespace metabasin;
using namespace metabasin::testing;
using nlohmann::json;

namespace {

const std::string kBin = METABASIN_BIN;
const std::string kSrc = METABASIN_SOURCE_DIR;

const char* kLJPairs =
    "  pairs:\n"
    "    - {types: [Cu, Cu], epsilon: 0.128, sigma: 2.338,  cutoff: 5.845}\n"
    "    - {types: [Cu, Zr], epsilon: 0.128, sigma: 2.5718, cutoff: 6.4295}\n"
    "    - {types: [Zr, Zr], epsilon: 0.128, sigma: 2.8056, cutoff: 7.014}\n";

std::string lj_yaml(const std::string& data, const std::string& extra = "") {
  return "system:\n  data: " + data + "\n  dimension: 2\npotential:\n  style: lj\n  elements: [Cu, Zr]\n" + kLJPairs +
         "  shift: true\ntask: eval\n" + extra;
}

}  // namespace

TEST(Cli, EvalJsonMatchesLammpsIncludingStress) {
  const std::string dir = scratch_dir("cli_eval");
  std::filesystem::copy(kSrc + "/inputs/data/cuzr-eam-2000.data", dir + "/in.data");
  write_text(dir + "/eval.yaml",
             "system: {data: in.data, dimension: 3}\n"
             "potential: {style: eam/fs, file: " +
                 kSrc +
                 "/potentials/Cu-Zr_2.eam.fs, elements: [Cu, Zr]}\n"
                 "task: eval\n");
  const auto r = run_metabasin("eval eval.yaml", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  ASSERT_TRUE(r.last.is_object());
  const auto c = read_lammps_data(dir + "/in.data", 3, {true, true, true});
  const auto ref = run_lammps(scratch_dir("cli_eval_lmp"), c,
                              "pair_style eam/fs\npair_coeff * * " + kSrc + "/potentials/Cu-Zr_2.eam.fs Cu Zr");
  EXPECT_EQ(r.last["natoms"], 2000);
  EXPECT_NEAR(r.last["energy"].get<double>(), ref.energy, 1e-9 * std::abs(ref.energy));
  ASSERT_EQ(r.last["forces"].size(), 2000u);
  for (std::size_t i = 0; i < 2000; ++i)
    for (int d = 0; d < 3; ++d) ASSERT_NEAR(r.last["forces"][i][d].get<double>(), ref.forces[3 * i + d], 1e-8);
  const double volume = c.box.volume();
  for (int k = 0; k < 6; ++k) {
    EXPECT_NEAR(r.last["virial"][k].get<double>(), ref.virial[k], 1e-9 * std::abs(ref.virial[0]));
    // stress in GPa with LAMMPS' sign: virial / V converted from eV/A^3.
    EXPECT_NEAR(r.last["stress"][k].get<double>(), ref.virial[k] / volume * 160.21765, 1e-9 * 160.0);
  }
}

// Every example input, each its own test so that ctest spreads them over the cores.
std::vector<std::string> example_inputs() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(kSrc + "/inputs"))
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(Cli, TheInputsFolderHoldsExampleInputs) { EXPECT_GE(example_inputs().size(), 5u); }

class ExampleInput : public ::testing::TestWithParam<std::string> {};

TEST_P(ExampleInput, RunsInShortMode) {
  const std::string input = kSrc + "/inputs/" + GetParam() + ".yaml";
  // Short mode: capped steps, outputs written into the scratch directory, not beside the input.
  const std::string dir = scratch_dir("input_" + GetParam());
  const auto r = run_metabasin("run --short '" + input + "'", dir);
  EXPECT_EQ(r.code, 0) << input << "\n" << r.stderr_text;
  EXPECT_TRUE(r.last.is_object() && !r.last.contains("error")) << input << ": " << r.stdout_text.substr(0, 300);
  if (r.last.contains("converged") && r.last["converged"].is_boolean() && r.last.value("iterations", 0L) < 1500)
    EXPECT_TRUE(r.last["converged"].get<bool>()) << input;
}

// Test names may hold letters, digits and underscores only.
INSTANTIATE_TEST_SUITE_P(Cli, ExampleInput, ::testing::ValuesIn(example_inputs()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

TEST(Cli, DocsInputReferenceMatchesSchema) {
  const std::string dir = scratch_dir("cli_schema");
  std::string ignored;
  ASSERT_EQ(run_command("'" + kBin + "' schema > '" + dir + "/schema.md'", ignored), 0);
  EXPECT_EQ(read_text(dir + "/schema.md"), read_text(kSrc + "/docs/input.md"))
      << "docs/input.md is stale: regenerate it with build/metabasin schema > docs/input.md";
}

TEST(Cli, MinimizeWritesDataDumpAndXyzThatLammpsReads) {
  const std::string dir = scratch_dir("cli_minimize_outputs");
  std::filesystem::copy(kSrc + "/inputs/data/lj2d-cuzr-1024.data", dir + "/in.data");
  write_text(dir + "/min.yaml", lj_yaml("in.data") +
                                    "minimize: {method: lbfgs, fmax: 1.0e-6}\n"
                                    "output: {data: relaxed.data, dump: traj.dump, xyz: traj.xyz, every: 50}\n");
  std::string yaml = read_text(dir + "/min.yaml");
  yaml.replace(yaml.find("task: eval"), 10, "task: minimize");
  write_text(dir + "/min.yaml", yaml);
  const auto r = run_metabasin("run min.yaml", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  EXPECT_TRUE(r.last["converged"].get<bool>());
  // LAMMPS reads the relaxed data file and recomputes the same energy.
  const auto relaxed = read_lammps_data(dir + "/relaxed.data", 2, {true, true, true});
  EXPECT_EQ(relaxed.size(), 1024u);
  const auto ref = run_lammps(scratch_dir("cli_min_lmp"), relaxed,
                              "pair_style lj/cut 7.014\npair_coeff 1 1 0.128 2.338 5.845\npair_coeff 1 2 0.128 2.5718 "
                              "6.4295\npair_coeff 2 2 0.128 2.8056 7.014\npair_modify shift yes");
  EXPECT_NEAR(ref.energy, r.last["energy"].get<double>(), 1e-9 * std::abs(ref.energy));
  // LAMMPS reruns the dump trajectory: the last frame is the relaxed energy.
  write_text(dir + "/rerun.lmp",
             "units metal\natom_style atomic\ndimension 2\nboundary p p p\nread_data in.data\n"
             "pair_style lj/cut 7.014\npair_coeff 1 1 0.128 2.338 5.845\npair_coeff 1 2 0.128 2.5718 6.4295\n"
             "pair_coeff 2 2 0.128 2.8056 7.014\npair_modify shift yes\n"
             "thermo 1\nthermo_style custom step pe\nthermo_modify format float %.15g\n"
             "rerun traj.dump dump x y box yes\n");
  std::string out;
  ASSERT_EQ(run_command("cd '" + dir + "' && lmp -nocite -log none -in rerun.lmp", out), 0) << out;
  std::istringstream lines(out);
  std::string line;
  double last_pe = 0.0;
  long frames = 0;
  while (std::getline(lines, line)) {
    std::istringstream ls(line);
    long step;
    double pe;
    std::string rest;
    if (ls >> step >> pe && !(ls >> rest)) {
      last_pe = pe;
      ++frames;
    }
  }
  EXPECT_GE(frames, 2);
  EXPECT_NEAR(last_pe, r.last["energy"].get<double>(), 1e-8 * std::abs(last_pe));
  // Extended XYZ: one header per frame with the lattice, atom count lines match.
  const std::string xyz = read_text(dir + "/traj.xyz");
  EXPECT_NE(xyz.find("Lattice=\""), std::string::npos);
  EXPECT_EQ(xyz.rfind("1024\n", 0), 0u);
}

// ---- bad input: one clear sentence naming the key or file, non-zero exit ----

struct BadCase {
  std::string name, yaml, data, expect;  // expect: a fragment the error must contain
};

class BadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadInput, ClearErrorAndNonZeroExit) {
  const auto& c = GetParam();
  const std::string dir = scratch_dir("bad_" + c.name);
  std::filesystem::copy(kSrc + "/inputs/data/lj2d-cuzr-1024.data", dir + "/good.data");
  {  // the same atoms with the two types exchanged
    std::string d = read_text(dir + "/good.data");
    std::istringstream in(d.substr(d.find("Atoms # atomic")));
    std::string out = d.substr(0, d.find("Atoms # atomic")), line;
    while (std::getline(in, line)) {
      std::istringstream ls(line);
      long id;
      int type;
      std::string rest;
      if (ls >> id >> type && std::getline(ls, rest))
        out += std::to_string(id) + " " + std::to_string(3 - type) + rest + "\n";
      else
        out += line + "\n";
    }
    write_text(dir + "/swapped.data", out);
  }
  if (!c.data.empty()) write_text(dir + "/bad.data", c.data);
  write_text(dir + "/in.yaml", c.yaml);
  const auto r = run_metabasin("run in.yaml", dir);
  EXPECT_NE(r.code, 0);
  ASSERT_TRUE(r.last.is_object()) << r.stdout_text;
  ASSERT_TRUE(r.last.contains("error"));
  const std::string msg = r.last["error"];
  EXPECT_NE(msg.find(c.expect), std::string::npos) << "message: " << msg;
  EXPECT_EQ(r.stderr_text.find("internal error"), std::string::npos) << r.stderr_text;
  // One sentence on stderr, not a trace.
  EXPECT_LE(std::count(r.stderr_text.begin(), r.stderr_text.end(), '\n'), 1) << r.stderr_text;
}

namespace {

std::string two_atoms(double x2, const std::string& masses = "1 63.546\n2 91.224\n", int ntypes = 2, int type2 = 2) {
  return "test\n\n2 atoms\n" + std::to_string(ntypes) +
         " atom types\n\n0 20 xlo xhi\n0 20 ylo yhi\n-0.5 0.5 zlo zhi\n\nMasses\n\n" + masses +
         "\nAtoms # atomic\n\n1 1 5.0 5.0 0.0\n2 " + std::to_string(type2) + " " + std::to_string(x2) + " 5.0 0.0\n";
}

std::string md_yaml(const std::string& tail) {
  std::string y = lj_yaml("good.data");
  return y.substr(0, y.find("task: eval")) + tail;
}

std::vector<BadCase> bad_cases() {
  const std::string eam3d = "system: {data: bad.data, dimension: 3}\npotential: {style: eam/alloy, file: " + kSrc +
                            "/potentials/ZrCuAl2011.eam.alloy, elements: [Cu, Zr]}\ntask: eval\n";
  return {
      {"malformed_yaml", "system: {data: good.data\n  dimension: 2\n", "", "not valid YAML"},
      {"unknown_key", lj_yaml("good.data", "minimize: {fmaks: 1e-3}\n"), "", "minimize.fmaks"},
      {"unknown_section", lj_yaml("good.data", "thermostat: {T: 300}\n"), "", "'thermostat'"},
      {"wrong_type", lj_yaml("good.data") + "minimize: {fmax: small}\n", "", "minimize.fmax"},
      {"missing_required", "potential: {style: muller-brown}\ntask: eval\n", "", "system.data"},
      {"missing_data_file", lj_yaml("nowhere.data"), "", "nowhere.data"},
      {"missing_table",
       "system: {data: good.data, dimension: 2}\npotential: {style: eam/fs, file: no.eam.fs, "
       "elements: [Cu, Zr]}\ntask: eval\n",
       "", "no.eam.fs"},
      {"unknown_task", lj_yaml("good.data").replace(lj_yaml("good.data").find("task: eval"), 10, "task: dance"), "",
       "task"},
      {"element_not_in_table",
       "system: {data: good.data, dimension: 2}\npotential: {style: eam/alloy, file: " + kSrc +
           "/potentials/ZrCuAl2011.eam.alloy, elements: [Cu, Ni]}\ntask: eval\n",
       "", "Ni"},
      {"too_few_elements",
       "system: {data: good.data, dimension: 2}\npotential: {style: eam/alloy, file: " + kSrc +
           "/potentials/ZrCuAl2011.eam.alloy, elements: [Cu]}\ntask: eval\n",
       "", "potential.elements"},
      {"swapped_elements_eam",
       "system: {data: good.data, dimension: 2}\npotential: {style: eam/alloy, file: " + kSrc +
           "/potentials/ZrCuAl2011.eam.alloy, elements: [Zr, Cu]}\ntask: eval\n",
       "", "type order"},
      {"swapped_elements_lj", lj_yaml("good.data").replace(lj_yaml("good.data").find("[Cu, Zr]\n"), 9, "[Zr, Cu]\n"),
       "", "type order"},
      {"missing_lj_pair",
       "system: {data: good.data, dimension: 2}\npotential:\n  style: lj\n  elements: [Cu, Zr]\n"
       "  pairs:\n    - {types: [Cu, Cu], epsilon: 0.1, sigma: 2.3, cutoff: 5.0}\ntask: eval\n",
       "", "Cu-Zr"},
      {"overlapping_atoms", lj_yaml("bad.data"), two_atoms(5.05), "overlap"},
      {"overlapping_eam", eam3d, two_atoms(5.2), "overlap"},
      {"type_out_of_range", lj_yaml("bad.data"), two_atoms(9.0, "1 63.546\n2 91.224\n", 2, 3), "type 3"},
      {"truncated_data", lj_yaml("bad.data"), two_atoms(9.0).substr(0, two_atoms(9.0).size() - 20), "bad.data"},
      {"bad_number_in_data", lj_yaml("bad.data"), two_atoms(9.0).replace(two_atoms(9.0).find("0 20 ylo"), 4, "0 2x"),
       "bad.data"},
      {"nonzero_z_in_2d", lj_yaml("bad.data"), two_atoms(9.0).replace(two_atoms(9.0).rfind("0.0"), 3, "0.7"), "z"},
      {"bad_dimension", lj_yaml("good.data").replace(lj_yaml("good.data").find("dimension: 2"), 12, "dimension: 4"), "",
       "system.dimension"},
      {"negative_fmax",
       lj_yaml("good.data").replace(lj_yaml("good.data").find("task: eval"), 10, "task: minimize") +
           "minimize: {fmax: -1}\n",
       "", "minimize.fmax"},
      {"md_zero_timestep", md_yaml("task: md\nmd: {steps: 10, dt: 0}\n"), "", "md.dt"},
      {"md_negative_temperature", md_yaml("task: md\nmd: {steps: 10, thermostat: langevin, temperature: -5}\n"), "",
       "md.temperature"},
      {"md_missing_steps", md_yaml("task: md\nmd: {thermostat: langevin, temperature: 300}\n"), "", "md.steps"},
      {"md_thermostat_without_temperature", md_yaml("task: md\nmd: {steps: 10, thermostat: nose-hoover}\n"), "",
       "md.temperature"},
      {"quench_schedule_ends_above_start",
       md_yaml("task: quench\nmd: {thermostat: nose-hoover}\nquench: {t_high: 300, t_low: 900, rate: 10}\n"), "",
       "quench.t_low"},
      {"quench_zero_rate",
       md_yaml("task: quench\nmd: {thermostat: nose-hoover}\nquench: {t_high: 900, t_low: 300, rate: 0}\n"), "",
       "quench.rate"},
      {"quench_without_thermostat", md_yaml("task: quench\nquench: {t_high: 900, t_low: 300, rate: 10}\n"), "",
       "md.thermostat"},
      {"shear_negative_rate",
       md_yaml("task: shear\nmd: {thermostat: langevin, temperature: 10}\nshear: {rate: -1e9, max_strain: 0.1}\n"), "",
       "shear.rate"},
      {"shear_with_barostat",
       md_yaml("task: shear\nmd: {thermostat: langevin, temperature: 10, barostat: iso}\nshear: {rate: 1e9, "
               "max_strain: 0.1}\n"),
       "", "md.barostat"},
      {"shear_resume_without_restart",
       md_yaml("task: shear\nmd: {thermostat: langevin, temperature: 10}\nshear: {rate: 1e9, max_strain: 0.01, "
               "resume: true}\n"),
       "", "shear.resume"},
      {"shear_restart_not_a_restart_file",
       md_yaml("task: shear\nmd: {thermostat: langevin, temperature: 10}\nshear: {rate: 1e9, max_strain: 0.01, "
               "restart: good.data, resume: true}\n"),
       "", "good.data"},
      {"shear_zero_restart_strain",
       md_yaml("task: shear\nmd: {thermostat: langevin, temperature: 10}\nshear: {rate: 1e9, max_strain: 0.01, "
               "restart: r.h5, restart_strain: 0}\n"),
       "", "shear.restart_strain"},
      {"shear_negative_table_strain",
       md_yaml("task: shear\nmd: {thermostat: langevin, temperature: 10}\nshear: {rate: 1e9, max_strain: 0.01, "
               "table_strain: -0.001}\n"),
       "", "shear.table_strain"},
      {"age_interval_longer_than_run",
       md_yaml("task: age\nmd: {thermostat: langevin, temperature: 10}\nage: {duration: 10, interval: 50}\n"), "",
       "age.interval"},
      {"negative_tdamp", md_yaml("task: md\nmd: {steps: 10, thermostat: langevin, temperature: 10, tdamp: -1}\n"), "",
       "md.tdamp"},
      {"duplicate_key",
       lj_yaml("good.data").replace(lj_yaml("good.data").find("  shift: true"), 12, "  shift: true\n  shift: false"),
       "", "potential.shift' is given twice"},
      {"duplicate_section",
       "system: {data: good.data, dimension: 2}\nsystem: {data: good.data}\npotential: {style: muller-brown}\ntask: "
       "eval\n",
       "", "'system' is given twice"},
      {"non_finite_energy", "system: {data: good.data, dimension: 2}\npotential: {style: muller-brown}\ntask: eval\n",
       "", "not finite"},
      {"art_start_not_a_minimum", md_yaml("task: art\nart: {searches: 1}\n"), "", "not a minimum"},
      {"art_push_radius_selects_nothing", md_yaml("task: art\nart: {searches: 1, push_radius: 0}\n"), "",
       "art.push_radius"},
      {"art_unknown_centre", md_yaml("task: art\nart: {searches: 1, centres: [99999]}\n"), "", "99999"},
      {"art_positive_threshold", md_yaml("task: art\nart: {eigenvalue_threshold: 0.1}\n"), "",
       "art.eigenvalue_threshold"},
      {"neb_missing_final", md_yaml("task: neb\n"), "", "neb.final"},
      {"neb_final_other_atom_count", md_yaml("task: neb\nneb: {final: bad.data}\n"), two_atoms(9.0), "2 atoms"},
      {"neb_final_other_element_order", md_yaml("task: neb\nneb: {final: swapped.data}\n"), "", "element order"},
      {"neb_through_other_atom_count", md_yaml("task: neb\nneb: {final: good.data, through: bad.data}\n"),
       two_atoms(9.0), "(neb.through) has 2 atoms"},
      {"abc_unknown_penalty", md_yaml("task: abc\nabc: {penalty: cubic}\n"), "", "abc.penalty"},
      {"abc_region_without_radius", md_yaml("task: abc\nabc: {region_centre: 1}\n"), "", "abc.region_radius"},
      {"abc_region_unknown_atom", md_yaml("task: abc\nabc: {region_centre: 999999, region_radius: 3}\n"), "", "999999"},
      {"abc_negative_q0", md_yaml("task: abc\nabc: {q0: -1}\n"), "", "abc.q0"},
      {"reevaluate_without_catalog", md_yaml("task: reevaluate\noutput: {catalog: none.h5}\n"), "", "none.h5"},
      {"reevaluate_catalog_not_hdf5", md_yaml("task: reevaluate\noutput: {catalog: good.data}\n"), "",
       "not an HDF5 file"},
      {"neb_unknown_optimizer", md_yaml("task: neb\nneb: {final: good.data, optimizer: cg}\n"), "", "neb.optimizer"},
      {"bad_method",
       lj_yaml("good.data").replace(lj_yaml("good.data").find("task: eval"), 10, "task: minimize") +
           "minimize: {method: newton}\n",
       "", "minimize.method"},
  };
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Cases, BadInput, ::testing::ValuesIn(bad_cases()),
                         [](const ::testing::TestParamInfo<BadCase>& i) { return i.param.name; });

TEST(Cli, CorruptTableIsAClearError) {
  const std::string dir = scratch_dir("bad_table");
  std::filesystem::copy(kSrc + "/inputs/data/cuzr-eam-2000.data", dir + "/in.data");
  const std::string table = read_text(kSrc + "/potentials/Cu-Zr_2.eam.fs");
  write_text(dir + "/cut.eam.fs", table.substr(0, table.size() / 2));
  write_text(dir + "/in.yaml",
             "system: {data: in.data}\npotential: {style: eam/fs, file: cut.eam.fs, elements: [Cu, Zr]}\ntask: eval\n");
  const auto r = run_metabasin("run in.yaml", dir);
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.last.value("error", "").find("cut.eam.fs"), std::string::npos) << r.stdout_text;
}

TEST(Cli, UnknownCommandAndMissingFile) {
  const std::string dir = scratch_dir("cli_usage");
  auto r = run_metabasin("dance", dir);
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.last.value("error", "").find("dance"), std::string::npos);
  r = run_metabasin("run absent.yaml", dir);
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.last.value("error", "").find("absent.yaml"), std::string::npos);
}
