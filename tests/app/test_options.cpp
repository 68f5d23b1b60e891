// SPDX-License-Identifier: BSD-3-Clause
// The options layer and the one list of tasks and styles: ranges live in the schema (a value
// outside is rejected at parse time, naming the key, whatever the task), every default lies
// in its range, the options layer carries the keys into typed Params, and the schema, the
// dispatcher and `metabasin --help` name the same tasks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "error.hpp"
#include "input.hpp"
#include "input_schema.hpp"
#include "lammps_reference.hpp"
#include "options.hpp"
#include "muller_brown.hpp"
#include "options_rate.hpp"
#include "pair_lj.hpp"
#include "setup.hpp"
#include "tasks.hpp"

namespace metabasin {
namespace {

const std::string kModel = "system: {data: model.data, dimension: 2}\npotential: {style: muller-brown}\n";

Input parse(const std::string& yaml) { return Input::parse(yaml, "test.yaml", "."); }

std::string parse_error(const std::string& yaml) {
  try {
    parse(yaml);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::vector<std::string> choices_of(const std::string& key) {
  const OptionSpec* o = find_option(key);
  return o ? o->choices : std::vector<std::string>{};
}

TEST(Options, EveryDefaultLiesInItsRange) {
  int ranged = 0;
  for (const OptionSpec& o : input_schema()) {
    if (o.range.min || o.range.max) ++ranged;
    if (o.default_value.empty() || (o.type != OptionType::Integer && o.type != OptionType::Real)) continue;
    EXPECT_TRUE(o.range.contains(std::stod(o.default_value)))
        << o.key << " = " << o.default_value << " is not " << o.range.describe();
  }
  EXPECT_GT(ranged, 40);
}

// These were checked in task code, and so only when that task ran; now the parser rejects them
// for any task, with one message naming the key.
TEST(Options, AValueOutsideItsRangeIsRejectedAtParseTimeNamingTheKey) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"art: {searches: 0}\n", "art.searches"},
      {"art: {push_radius: 0}\n", "art.push_radius"},
      {"art: {eigenvalue_threshold: 0.1}\n", "art.eigenvalue_threshold"},
      {"art: {vineyard_radius: -1}\n", "art.vineyard_radius"},
      {"neb: {images: 0}\n", "neb.images"},
      {"abc: {kick: -0.1}\n", "abc.kick"},
      {"abc: {max_penalties: 0}\n", "abc.max_penalties"},
      {"reevaluate: {steps: 0}\n", "reevaluate.steps"},
      {"reevaluate: {max_increment: 0}\n", "reevaluate.max_increment"},
      {"catalog: {distance_tolerance: -0.1}\n", "catalog.distance_tolerance"},
      {"minimize: {memory: 0}\n", "minimize.memory"},
      {"md: {chain: 0}\n", "md.chain"},
      {"potential: {style: muller-brown, skin: -1}\n", "potential.skin"},
  };
  for (const auto& [section, key] : cases) {
    std::string yaml = "system: {data: model.data, dimension: 2}\ntask: eval\n" + section;
    if (section.rfind("potential:", 0) != 0) yaml += "potential: {style: muller-brown}\n";
    const std::string message = parse_error(yaml);
    EXPECT_NE(message.find("'" + key + "'"), std::string::npos) << key << ": " << message;
    EXPECT_NE(message.find("must be"), std::string::npos) << message;
  }
  EXPECT_EQ(parse_error(kModel + "task: eval\nart: {searches: 1, eigenvalue_threshold: -1e-3}\n"), "");
}

TEST(Options, TheOptionsLayerCarriesTheKeysIntoTypedParams) {
  const Input in = parse(kModel + "task: art\nart: {push_radius: 2.5, max_push_steps: 7, fmax: 1e-4}\n"
                                  "minimize: {method: lbfgs, fmax: 1e-7}\nneb: {images: 5, optimizer: lbfgs}\n"
                                  "reevaluate: {increment: -0.01, steps: 3}\n");
  System model;
  model.potential = std::make_unique<MullerBrown>();
  const ArtParams a = art_params(in, model);
  EXPECT_EQ(a.push_radius, 2.5);
  EXPECT_EQ(a.max_push_steps, 7);
  EXPECT_EQ(a.saddle.fmax, 1e-4);
  EXPECT_EQ(a.relax.method, "lbfgs");
  EXPECT_EQ(a.relax.fmax, 1e-7);
  EXPECT_EQ(a.region_radius, 0.0);
  EXPECT_EQ(art_params(parse(kModel + "task: art\nart: {region_radius: 20}\n"), model).region_radius, 20.0);
  // A radius below the push radius is an error naming both keys.
  const auto art_error = [&](const std::string& art) {
    try {
      art_params(parse(kModel + "task: art\nart: " + art + "\n"), model);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::string small = art_error("{push_radius: 4, region_radius: 3}");
  EXPECT_NE(small.find("art.region_radius"), std::string::npos) << small;
  EXPECT_NE(small.find("art.push_radius"), std::string::npos) << small;
  EXPECT_EQ(a.event_radius, 0.0);
  EXPECT_EQ(art_params(parse(kModel + "task: art\nart: {event_radius: 12}\n"), model).event_radius, 12.0);
  // art.fmax left out: 0.001, or twice the force jump at the cutoff of an energy-shifted LJ.
  EXPECT_EQ(art_params(parse(kModel + "task: art\n"), model).saddle.fmax, 1e-3);
  System shifted;
  shifted.potential = std::make_unique<PairLJ>(std::vector<std::string>{"A"},
                                               std::vector<LJPair>{{"A", "A", 1.0, 1.0, 2.5}}, true, 0.3);
  const double jump = shifted.potential->cutoff_force_jump();
  ASSERT_GT(2.0 * jump, 1e-3);
  EXPECT_EQ(art_params(parse(kModel + "task: art\n"), shifted).saddle.fmax, 2.0 * jump);
  EXPECT_EQ(art_params(parse(kModel + "task: art\nart: {fmax: 1e-4}\n"), shifted).saddle.fmax, 1e-4);
  const std::string small_event = art_error("{push_radius: 4, event_radius: 3}");
  EXPECT_NE(small_event.find("art.event_radius"), std::string::npos) << small_event;
  EXPECT_NE(small_event.find("art.push_radius"), std::string::npos) << small_event;

  const NebParams n = neb_params(in);
  EXPECT_EQ(n.images, 5);
  EXPECT_EQ(n.optimizer, "lbfgs");
  const StrainSteps s = reevaluation_steps(in);
  EXPECT_EQ(s.increment, -0.01);
  EXPECT_EQ(s.steps, 3);
  EXPECT_FALSE(s.from.has_value());
  const std::string zero = [&] {
    try {
      reevaluation_steps(parse(kModel + "task: eval\nreevaluate: {increment: 0}\n"));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  }();
  EXPECT_NE(zero.find("reevaluate.increment"), std::string::npos);
}

// A strain-rate run's request comes from its task's own keys, typed; the sweep fills the same
// struct per point instead of rewriting the input.
TEST(Options, StrainRunRequestsCarryEachTasksKeys) {
  const Input shear = Input::parse(kModel + "task: shear\nmd: {temperature: 50, thermostat: langevin}\n"
                                            "shear: {rate: 1e9, max_strain: 0.05, table_strain: 1e-3, restart: r.h5, resume: true}\n"
                                            "output: {table: s.dat, thermo: t.log}\n",
                                   "test.yaml", "/tmp/base");
  const StrainRunRequest s = shear_request(shear);
  EXPECT_EQ(s.rate, 1e9);
  EXPECT_EQ(s.max_strain, 0.05);
  EXPECT_EQ(s.temperature, 50.0);
  EXPECT_EQ(s.table_strain, 1e-3);
  EXPECT_TRUE(s.resume);
  EXPECT_EQ(s.restart, "/tmp/base/r.h5");
  EXPECT_EQ(s.out.table, "/tmp/base/s.dat");
  EXPECT_EQ(s.out.thermo, "/tmp/base/t.log");
  EXPECT_TRUE(s.out.sequence.empty());
  EXPECT_EQ(s.replica, 0u);

  const StrainRunRequest m = metadynamics_request(
      parse(kModel + "task: metadynamics\nmetadynamics: {q0: 0.2, temperature: 300, max_strain: 0.1}\n"));
  EXPECT_EQ(m.q0, 0.2);
  EXPECT_TRUE(std::isnan(m.rate));
  EXPECT_EQ(m.temperature, 300.0);
  auto error_of = [](auto build) {
    try {
      build();
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(error_of([&] {
              metadynamics_request(parse(kModel + "task: metadynamics\nmetadynamics: {q0: 0.2, rate: 1e3}\n"));
            }).find("exactly one of 'metadynamics.q0'"),
            std::string::npos);
  const std::string kmc = error_of([&] { kmc_request(parse(kModel + "task: kmc\nkmc: {rate: 1e3, max_strain: 0.1, temperature: 300}\n")); });
  EXPECT_NE(kmc.find("output.catalog"), std::string::npos) << kmc;
  const std::string md = error_of([&] { shear_request(parse(kModel + "task: shear\nshear: {rate: 1e9, max_strain: 0.1}\n")); });
  EXPECT_NE(md.find("md.temperature"), std::string::npos) << md;
}

/// The task names `metabasin --help` lists after its "tasks" heading.
std::vector<std::string> help_tasks() {
  const auto run = testing::run_metabasin("--help", testing::scratch_dir("options_help"));
  std::istringstream lines(run.stdout_text);
  std::vector<std::string> names;
  bool in_tasks = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("tasks", 0) == 0) in_tasks = true;
    else if (in_tasks && line.rfind("  ", 0) == 0) names.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  return names;
}

TEST(Options, SchemaDispatcherAndHelpNameTheSameTasks) {
  std::vector<std::string> dispatched;
  for (const Task& t : tasks()) dispatched.push_back(t.name);
  const std::vector<std::string> schema = choices_of("task");
  EXPECT_EQ(schema, dispatched);
  EXPECT_EQ(help_tasks(), dispatched);
  EXPECT_EQ(std::set<std::string>(dispatched.begin(), dispatched.end()).size(), dispatched.size()) << "a task twice";
  for (const char* name : {"eval", "minimize", "md", "quench", "shear", "age", "art", "neb", "abc", "reevaluate",
                           "metadynamics", "kmc", "sweep"})
    EXPECT_NE(std::find(dispatched.begin(), dispatched.end(), name), dispatched.end()) << name;
}

// The reference's table of the files each task writes is the dispatcher's list (what the run
// refuses otherwise): each row's backquoted names, read back.
TEST(Options, ReferenceListsTheOutputFilesEachTaskWrites) {
  std::ifstream ref(std::string(METABASIN_SOURCE_DIR) + "/docs/reference.md");
  std::map<std::string, std::set<std::string>> documented;
  bool in_table = false;
  for (std::string line; std::getline(ref, line);) {
    if (line.rfind("| task | output files", 0) == 0) in_table = true;
    else if (line.rfind("|", 0) != 0) in_table = false;
    if (!in_table || line.rfind("| `", 0) != 0) continue;
    const std::size_t split = line.find(" | ", 2);
    if (split == std::string::npos) continue;
    auto names = [](const std::string& cell) {
      std::set<std::string> out;
      for (std::size_t a = cell.find('`'); a != std::string::npos; a = cell.find('`', cell.find('`', a + 1) + 1)) {
        const std::size_t b = cell.find('`', a + 1);
        if (b == std::string::npos) break;
        out.insert(cell.substr(a + 1, b - a - 1));
      }
      return out;
    };
    const std::set<std::string> files = names(line.substr(split + 3));
    for (const std::string& task : names(line.substr(0, split))) documented[task] = files;
  }
  for (const Task& t : tasks()) {
    std::istringstream words(t.outputs);
    const std::set<std::string> written{std::istream_iterator<std::string>(words), {}};
    ASSERT_TRUE(documented.count(t.name)) << "docs/reference.md has no row for task " << t.name;
    EXPECT_EQ(documented[t.name], written) << t.name;
  }
}

TEST(Options, SchemaAndFactoryNameTheSamePotentialStyles) {
  EXPECT_EQ(choices_of("potential.style"), potential_style_names());
  for (const char* name : {"lj", "eam/alloy", "eam/fs", "muller-brown"}) {
    const auto styles = potential_style_names();
    EXPECT_NE(std::find(styles.begin(), styles.end(), name), styles.end()) << name;
  }
}

}  // namespace
}  // namespace metabasin
