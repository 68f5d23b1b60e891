// SPDX-License-Identifier: BSD-3-Clause
// `metabasin ageing`: its JSON keys and CSV headers, the fitted V_act of synthetic tables, a
// clear error naming a table without a needed column, outputs refused over inputs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "ageing_tables.hpp"
#include "lammps_reference.hpp"

using namespace metabasin::testing;
using nlohmann::json;

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += " " + n;
  return s;
}

std::string first_line(const std::string& path) {
  std::istringstream in(read_text(path));
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

TEST(AgeingCli, MapsCsvJsonAndFit) {
  const std::string dir = scratch_dir("ageing_cli");
  const SyntheticAgeing a;
  const auto tables = write_synthetic_age_tables(dir, a);
  const CliRun r = run_metabasin("ageing" + joined(tables) + " --energy-bins 40 --out maps/ag", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text << r.stdout_text;
  const json& j = r.last;
  for (const char* key : {"command", "tables", "runs", "curves", "steps", "strain", "averaging", "temperatures_K",
                          "energy_edges_eV_per_atom", "maps", "fit", "curve_list", "bins_with_boost_fitted",
                          "bins_not_ageing", "boost_points", "output"})
    EXPECT_TRUE(j.contains(key)) << key << ": " << j.dump();
  EXPECT_EQ(j["command"], "ageing");
  EXPECT_EQ(j["tables"], 8);
  EXPECT_EQ(j["runs"], 16);
  EXPECT_EQ(j["curves"]["strained"], 8);
  EXPECT_EQ(j["steps"]["unstrained"], 80);
  EXPECT_EQ(j["averaging"]["binned_at"], "midpoint");
  EXPECT_EQ(j["energy_edges_eV_per_atom"].size(), 41u);
  for (const char* map : {"phi_strained_eV_per_atom_ps", "phi_unstrained_eV_per_atom_ps", "boost", "stress_GPa"})
    for (const char* key : {"bins", "min", "max"}) EXPECT_TRUE(j["maps"][map].contains(key)) << map << " " << key;
  EXPECT_LT(j["maps"]["phi_strained_eV_per_atom_ps"]["max"].get<double>(), 0.0);
  const json& fit = j["fit"];
  ASSERT_EQ(j["boost_points"].size(), fit["points"].get<std::size_t>());
  for (const char* key : {"stress_GPa", "temperature_K", "boost", "error"})
    EXPECT_TRUE(j["boost_points"][0].contains(key)) << key;
  EXPECT_EQ(fit["status"], "fitted");
  EXPECT_NEAR(fit["activation_volume_A3"].get<double>(), a.volume, 1e-6 * a.volume);
  EXPECT_NEAR(fit["kappa"].get<double>(), a.kappa, 1e-6 * a.kappa);
  for (const char* key : {"points", "weighted", "kappa_error", "activation_volume_error_A3", "reduced_chi_square",
                          "stress_range_GPa", "correlation"})
    EXPECT_TRUE(fit.contains(key)) << key;
  EXPECT_EQ(first_line(dir + "/maps/ag-maps.csv"),
            "T_K,E_IS_per_atom_low_eV,E_IS_per_atom_high_eV,phi_strained_eV_per_atom_ps,"
            "phi_strained_se_eV_per_atom_ps,steps_strained,phi_unstrained_eV_per_atom_ps,"
            "phi_unstrained_se_eV_per_atom_ps,steps_unstrained,stress_GPa,stress_se_GPa,stress_unstrained_GPa,"
            "boost,boost_se,boost_use");
  EXPECT_EQ(first_line(dir + "/maps/ag-steps.csv"),
            "curve,strained,T_K,time_ps,E_IS_per_atom_eV,phi_eV_per_atom_ps,shear_stress_IS_GPa");
  const std::string maps = read_text(dir + "/maps/ag-maps.csv");
  EXPECT_EQ(std::count(maps.begin(), maps.end(), '\n'), 1 + 4 * 40);
  const json written = json::parse(read_text(dir + "/maps/ag.json"));
  EXPECT_EQ(written, j);
}

TEST(AgeingCli, ErrorsNameTheTableAndOutputsMayNotBeInputs) {
  const std::string dir = scratch_dir("ageing_cli_errors");
  const auto tables = write_synthetic_age_tables(dir, SyntheticAgeing());
  write_text(dir + "/bad.dat", "# strain time_ps shear_stress_IS_GPa T_target_K\n0 0 0.1 300\n0 10 0.1 300\n");
  CliRun r = run_metabasin("ageing " + tables[0] + " bad.dat", dir);
  EXPECT_EQ(r.code, 1);
  const std::string e = r.last.value("error", "");
  EXPECT_NE(e.find("bad.dat"), std::string::npos) << e;
  EXPECT_NE(e.find("E_IS_per_atom_eV"), std::string::npos) << e;
  // PREFIX.json is an input: refused before anything is written.
  write_text(dir + "/in.json", read_text(dir + "/" + tables[0]));
  r = run_metabasin("ageing in.json " + tables[1] + " --out in", dir);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.last.value("error", "").find("in.json"), std::string::npos) << r.stdout_text;
  EXPECT_FALSE(std::filesystem::exists(dir + "/in-maps.csv"));
  for (const std::string& bad : {"--energy-bins 0", "--energy-bins x", "--replicas"}) {
    r = run_metabasin("ageing " + tables[0] + " " + bad, dir);
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_NE(r.last.value("error", "").find(bad.substr(0, bad.find(' '))), std::string::npos) << r.stdout_text;
  }
}
