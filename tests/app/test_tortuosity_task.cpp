// SPDX-License-Identifier: BSD-3-Clause
// Task tortuosity on a small catalog (ART from the LJ7 hexagon, re-evaluated to strain 0.01):
// one CSV row per live saddle up to the barrier limit at the catalog's lowest and highest
// strain, events equivalent by symmetry with one C and one L, the JSON summary from those
// rows, the same rows on two MPI ranks as on one, and one clear error naming the key for
// each bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "atom_frames.hpp"
#include "lammps_dump.hpp"
#include "lammps_reference.hpp"

using namespace metabasin::testing;
using nlohmann::json;

namespace {

const std::string kLj7 = "system: {data: " METABASIN_SOURCE_DIR
                         "/inputs/data/lj7-2d-hexagon.data, dimension: 2, boundary: [f, f, p]}\n"
                         "potential:\n  style: lj\n  elements: [A]\n  pairs:\n    - {types: [A, A], epsilon: 1.0, "
                         "sigma: 1.0, cutoff: 50.0}\n"
                         "minimize: {method: lbfgs, fmax: 1.0e-8}\n";

// A catalog cat.h5 in a fresh scratch dir: 16 ART searches from the hexagon (its lowest exits,
// barriers 1.494614 and 1.497532), then every state re-evaluated at strain 0.01.
std::string lj7_catalog_dir(const std::string& name) {
  const std::string dir = scratch_dir(name);
  write_text(dir + "/art.yaml", kLj7 +
                                    "task: art\n"
                                    "art: {searches: 16, seed: 1, push_radius: 1.2, push_step: 0.05, "
                                    "eigenvalue_threshold: -0.5, fmax: 1.0e-7, max_move: 0.05, side_step: 0.05, "
                                    "same_state_tolerance: 0.05, minimum_fmax: 1.0e-6}\n"
                                    "output: {catalog: cat.h5}\n");
  write_text(dir + "/re.yaml", kLj7 +
                                   "task: reevaluate\nreevaluate: {increment: 0.01, fmax: 1.0e-6}\n"
                                   "output: {catalog: cat.h5}\n");
  for (const char* input : {"art.yaml", "re.yaml"}) {
    const CliRun r = run_metabasin(std::string("run ") + input, dir);
    EXPECT_EQ(r.code, 0) << input << "\n" << r.stderr_text;
  }
  return dir;
}

std::string tortuosity_yaml(const std::string& extra) {
  return kLj7 + "task: tortuosity\nneb: {images: 11, fmax: 1.0e-4, max_move: 0.02, max_iterations: 20000}\n" +
         "output: {table: paths.csv}\n" + extra;
}

// The CSV as rows of named cells.
std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
  std::istringstream in(read_text(path));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  for (std::istringstream h(line); std::getline(h, line, ',');) names.push_back(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    std::map<std::string, std::string> row;
    std::istringstream cells(line);
    for (const std::string& n : names) std::getline(cells, row[n], ',');
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

TEST(TortuosityTask, OneRowPerSaddleUpToTheLimitAtTheLowestAndHighestStrain) {
  const std::string dir = lj7_catalog_dir("tortuosity");
  // Between the two lowest exits: only the lower one's saddles are mapped.
  write_text(dir + "/t.yaml", tortuosity_yaml("tortuosity: {catalog: cat.h5, max_barrier: 1.496}\n"));
  const CliRun r = run_metabasin("run t.yaml", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  const auto rows = read_csv(dir + "/paths.csv");
  ASSERT_EQ(r.last["strains"].size(), 2u) << r.stdout_text;
  std::size_t expected = 0;
  for (const json& at : r.last["strains"]) {
    const double g = at["strain"];
    const CliRun listed =
        run_metabasin("catalog saddles cat.h5 --max-barrier 1.496 --strain " + std::to_string(g) + " --json", dir);
    ASSERT_EQ(listed.code, 0) << listed.stderr_text;
    ASSERT_GT(listed.last.size(), 0u);
    EXPECT_EQ(at["saddles_below_limit"], listed.last.size()) << g;
    EXPECT_EQ(at["paths"], listed.last.size()) << g;
    EXPECT_EQ(at["converged"], listed.last.size()) << g;
    expected += listed.last.size();
    std::vector<long> indices;
    for (const json& s : listed.last) indices.push_back(s["index"]);
    for (const auto& row : rows)
      if (std::abs(std::stod(row.at("strain")) - g) < 1e-12)
        EXPECT_NE(std::find(indices.begin(), indices.end(), std::stol(row.at("saddle"))), indices.end());
  }
  EXPECT_EQ(r.last["strains"][0]["strain"], 0.0);
  EXPECT_EQ(r.last["strains"][1]["strain"], 0.01);
  ASSERT_EQ(rows.size(), expected);
  // Every mapped saddle is one of the hexagon's six equivalent lowest exits: one C, one L.
  const double c0 = std::stod(rows[0].at("contour_length_A")), l0 = std::stod(rows[0].at("end_to_end_A"));
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("outcome"), "converged");
    EXPECT_NEAR(std::stod(row.at("barrier_eV")), 1.494614, 1e-5);
    EXPECT_NEAR(std::stod(row.at("band_barrier_eV")), 1.494614, 1e-4);
    EXPECT_NEAR(std::stod(row.at("contour_length_A")), c0, 1e-4);
    EXPECT_NEAR(std::stod(row.at("end_to_end_A")), l0, 1e-6);
    EXPECT_NEAR(std::stod(row.at("ratio")), c0 / l0, 1e-4);
    EXPECT_EQ(row.at("intermediate_minima"), "0");
  }
  EXPECT_GT(c0 / l0, 1.0);
  EXPECT_NEAR(r.last["all_strains"]["ratio_median"].get<double>(), c0 / l0, 1e-4);
  EXPECT_EQ(r.last["all_strains"]["fitted"], expected);
  // Strains as asked, each once.
  write_text(dir + "/t2.yaml", tortuosity_yaml("tortuosity: {catalog: cat.h5, max_barrier: 1.496, strains: [0.01, "
                                               "0, 0.01]}\n"));
  const CliRun again = run_metabasin("run t2.yaml", dir);
  ASSERT_EQ(again.code, 0) << again.stderr_text;
  ASSERT_EQ(again.last["strains"].size(), 2u);
  EXPECT_EQ(again.last["strains"][0]["strain"], 0.01);
  EXPECT_EQ(again.last["strains"][1]["strain"], 0.0);
  EXPECT_EQ(read_csv(dir + "/paths.csv").size(), expected);
}

TEST(TortuosityTask, TwoMpiRanksGiveTheSameRowsAsOne) {
  std::string out;
  ASSERT_EQ(run_command("command -v mpirun", out), 0) << "mpirun (openmpi-bin) is not installed";
  const std::string dir = lj7_catalog_dir("tortuosity_mpi");
  write_text(dir + "/t.yaml", tortuosity_yaml("tortuosity: {catalog: cat.h5, max_barrier: 2.0, strains: [0]}\n"));
  const CliRun one = run_metabasin("run t.yaml", dir);
  ASSERT_EQ(one.code, 0) << one.stderr_text;
  const std::string csv_one = read_text(dir + "/paths.csv");
  ASSERT_EQ(run_command("cd '" + dir +
                            "' && mpirun --allow-run-as-root --oversubscribe -np 2 '" METABASIN_BIN
                            "' run t.yaml > two.json 2> two.err",
                        out),
            0)
      << read_text(dir + "/two.err");
  EXPECT_NE(read_text(dir + "/two.json").find("\"ranks\":2"), std::string::npos);
  // The same paths, in the same order; only the force calls may differ by a clone's count.
  auto without_calls = [](const std::string& csv) {
    std::string o;
    std::istringstream in(csv);
    for (std::string line; std::getline(in, line);) o += line.substr(0, line.rfind(',')) + "\n";
    return o;
  };
  EXPECT_EQ(without_calls(read_text(dir + "/paths.csv")), without_calls(csv_one));
  EXPECT_EQ(std::count(csv_one.begin(), csv_one.end(), '\n'), 1 + one.last["all_strains"]["paths"].get<long>());
}

TEST(TortuosityTask, BadInputsNameTheKey) {
  const std::string dir = lj7_catalog_dir("tortuosity_errors");
  const std::pair<std::string, std::string> cases[] = {
      {"", "tortuosity.catalog"},                                                      // missing
      {"tortuosity: {catalog: none.h5}\n", "tortuosity.catalog"},                      // no such file
      {"tortuosity: {catalog: cat.h5, strains: [0.5]}\n", "tortuosity.strains"},       // a strain not held
      {"tortuosity: {catalog: cat.h5, max_barrier: -1}\n", "tortuosity.max_barrier"},  // schema range
      {"tortuosity: {catalog: cat.h5, strains: 0.01}\n", "tortuosity.strains"},        // not a list
      {"tortuosity: {catalog: cat.h5, moving_displacement: 0}\n", "tortuosity.moving_displacement"},
      {"tortuosity: {catalog: cat.h5, moving_displacement: .inf}\n", "tortuosity.moving_displacement"},
  };
  for (const auto& [extra, key] : cases) {
    write_text(dir + "/bad.yaml", tortuosity_yaml(extra));
    const CliRun r = run_metabasin("run bad.yaml", dir);
    EXPECT_NE(r.code, 0) << extra;
    EXPECT_NE(r.stderr_text.find(key), std::string::npos) << extra << "\n" << r.stderr_text;
    EXPECT_EQ(std::count(r.stderr_text.begin(), r.stderr_text.end(), '\n'), 1) << extra << "\n" << r.stderr_text;
  }
  // A strain not held is named with those held.
  write_text(dir + "/bad.yaml", tortuosity_yaml("tortuosity: {catalog: cat.h5, strains: [0.5]}\n"));
  const CliRun r = run_metabasin("run bad.yaml", dir);
  EXPECT_NE(r.stderr_text.find("0.01"), std::string::npos) << r.stderr_text;
  // A catalog of other atoms.
  write_text(dir + "/other.yaml", "system: {data: " METABASIN_SOURCE_DIR
                                  "/inputs/data/muller-brown-minimum-A.data, dimension: 2, "
                                  "boundary: [f, f, p]}\npotential: {style: muller-brown}\ntask: tortuosity\n"
                                  "tortuosity: {catalog: cat.h5}\n");
  const CliRun other = run_metabasin("run other.yaml", dir);
  EXPECT_NE(other.code, 0);
  EXPECT_NE(other.stderr_text.find("tortuosity.catalog"), std::string::npos) << other.stderr_text;
}

// output.dump: one frame per strain (the plan's order), each atom labelled with the largest C/L
// of the converged paths whose moving atoms (the CSV's IDs) include it, and their number; an
// atom in none has 0. The cell's tilt gives the strain back.
TEST(TortuosityTask, TheDumpLabelsEachAtomWithTheLargestRatioOfItsPaths) {
  const std::string dir = lj7_catalog_dir("tortuosity_dump");
  std::string yaml = tortuosity_yaml("tortuosity: {catalog: cat.h5, max_barrier: 2.0}\n");
  yaml.replace(yaml.find("output: {table: paths.csv}"), 26, "output: {table: paths.csv, dump: atoms.dump}");
  write_text(dir + "/t.yaml", yaml);
  const CliRun r = run_metabasin("run t.yaml", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  EXPECT_EQ(r.last["output"]["dump"], "atoms.dump");
  const auto rows = read_csv(dir + "/paths.csv");
  const metabasin::LammpsDumpReader dump(dir + "/atoms.dump");
  ASSERT_EQ(dump.size(), 2u);
  const metabasin::AtomFrames frames(dir + "/atoms.dump");
  std::size_t labelled = 0, unlabelled = 0;
  for (std::size_t k = 0; k < 2; ++k) {
    const double g = r.last["strains"][k]["strain"];
    EXPECT_EQ(dump.step(k), static_cast<long>(k));
    EXPECT_NEAR(frames.strains()[k], g, 1e-9);
    const auto ids = dump.frame(k).ids;
    ASSERT_EQ(ids.size(), 7u);
    std::map<long, double> largest;
    std::map<long, int> count;
    std::size_t converged = 0;
    for (const auto& row : rows) {
      if (std::abs(std::stod(row.at("strain")) - g) > 1e-12 || row.at("outcome") != "converged") continue;
      ++converged;
      std::istringstream movers(row.at("moving_atoms"));
      std::size_t n = 0;
      for (long id; movers >> id; ++n) {
        largest[id] = std::max(largest[id], std::stod(row.at("ratio")));
        ++count[id];
      }
      EXPECT_GT(n, 0u) << "an event in which no atom moves 0.3";
      EXPECT_LT(n, 7u) << "the far side of the cluster moves less than 0.3 sigma";
    }
    ASSERT_GT(converged, 0u);
    const std::vector<double> ratio = dump.column(k, "C_over_L_max"), events = dump.column(k, "events");
    for (std::size_t i = 0; i < ids.size(); ++i) {
      EXPECT_NEAR(ratio[i], largest.count(ids[i]) ? largest[ids[i]] : 0.0, 1e-8) << "atom " << ids[i];
      EXPECT_EQ(events[i], count.count(ids[i]) ? count[ids[i]] : 0) << "atom " << ids[i];
      (events[i] > 0 ? labelled : unlabelled) += 1;
      if (events[i] > 0) EXPECT_GT(ratio[i], 1.0);
    }
  }
  EXPECT_GT(labelled, 0u);
  std::printf("  atoms with events: %zu, without: %zu (over both frames)\n", labelled, unlabelled);
  // A threshold no atom reaches: every atom is in no event, labelled 0.
  yaml = tortuosity_yaml("tortuosity: {catalog: cat.h5, max_barrier: 2.0, strains: [0.01], moving_displacement: 5}\n");
  yaml.replace(yaml.find("output: {table: paths.csv}"), 26, "output: {table: paths.csv, dump: none.dump}");
  write_text(dir + "/none.yaml", yaml);
  const CliRun none = run_metabasin("run none.yaml", dir);
  ASSERT_EQ(none.code, 0) << none.stderr_text;
  const metabasin::LammpsDumpReader empty(dir + "/none.dump");
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_NEAR(metabasin::AtomFrames(dir + "/none.dump").strains()[0], 0.01, 1e-9);
  EXPECT_EQ(empty.column(0, "C_over_L_max"), std::vector<double>(7, 0.0));
  EXPECT_EQ(empty.column(0, "events"), std::vector<double>(7, 0.0));
}
