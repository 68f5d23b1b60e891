// SPDX-License-Identifier: BSD-3-Clause
// The plotting tools (tools/plot_*.py, Debian's python3 with python3-matplotlib and
// python3-h5py) run on what metabasin writes in short runs: each exits 0 and writes a PNG;
// plot_sweep counts every stress <= 0 it shows (none goes missing from the figure);
// plot_catalog follows the same events as `metabasin catalog strain-response` and prints
// its activation volume on the barrier changes; plot_tortuosity fits the paths of task
// tortuosity as the task does; plot_table picks columns by name and names the columns when
// one is unknown, and overlays a histogram and its Gaussian; plot_histograms draws the strain
// distributions of several dumps; plot_ageing draws the maps and the boost fit of `metabasin
// ageing`; plot_disproportion draws the D.F. curve of `metabasin hop --labels` and names its
// largest value as the JSON has it; plot_hold bins held-strain replicas in log time as its CSV states.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <sstream>
#include <string>

#include "ageing_tables.hpp"
#include "lammps_reference.hpp"
#include "sample_builder.hpp"
#include "trajectory.hpp"

using namespace metabasin::testing;
using nlohmann::json;

namespace {

const std::string kSrc = METABASIN_SOURCE_DIR;

// `python3 tools/TOOL ARGS` in dir (Debian's python3: the packages of scripts/install-deps.sh).
int run_tool(const std::string& tool, const std::string& args, const std::string& dir, std::string& out) {
  return run_command("cd '" + dir + "' && /usr/bin/python3 '" + kSrc + "/tools/" + tool + "' " + args, out);
}

void expect_png(const std::string& path) {
  const std::string bytes = read_text(path);
  ASSERT_GT(bytes.size(), 1000u) << path;
  EXPECT_EQ(bytes.substr(1, 3), "PNG") << path;
}

// The integer just before `what` (a regex) in text, -1 if absent.
long count_of(const std::string& text, const std::string& what) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex("(\\d+) " + what))) return -1;
  return std::stol(m[1]);
}

bool non_positive(const json& v) { return v.is_number() && v.get<double>() <= 0.0; }

}  // namespace

// The 256-atom glass holds a residual shear stress of about -0.5 GPa, so a sweep averaged from
// strain 0 over a short run has negative flow and peak stresses: the figure must show each
// one (counted on stderr) and mark the rates that have no stress at all.
TEST(PlotTools, SweepFigureCountsEveryNonPositiveStress) {
  const std::string dir = glass_dir("plot_sweep", "lj2d-cuzr-256-glass-1Kps-315K.data");
  write_text(dir + "/sweep.yaml", std::string(kCuZrGlassSystem) +
                                      "task: sweep\n"
                                      "md: {dt: 0.002, thermostat: nose-hoover, tdamp: 0.1, seed: 11}\n"
                                      "abc: {penalty: gaussian, height: 0.3, width: 0.8, max_penalties: 150, "
                                      "penalized_fmax: 0.01, refine: false}\n"
                                      "metadynamics: {strain_increment: 2.0e-3, region_radius: 6.0}\n"
                                      "sweep: {rates: [1.0e10], q0: [0.05], md_above: 1.0e8, temperature: 315, "
                                      "max_strain: 0.01, steady_from: 0.0, peak_bin: 0.002, directory: points}\n"
                                      "output: {table: sweep.csv, hdf5: sweep.h5}\n");
  const CliRun sweep = run_metabasin("sweep --short sweep.yaml", dir);
  ASSERT_EQ(sweep.code, 0) << sweep.stderr_text;
  // What the figure draws per rate: the flow stress (thermal for MD, inherent-structure
  // otherwise), MD's inherent-structure flow stress, and the inherent-structure peak.
  long expected = 0, without = 0;
  for (const json& row : sweep.last["flow_stress"]) {
    const bool md = row["method"] == "shear";
    const json drawn[] = {row["flow_stress_GPa"], md ? row["flow_stress_inherent_GPa"] : json(nullptr),
                          row["peak_stress_inherent_GPa"]};
    bool any = false;
    for (const json& v : drawn) {
      expected += non_positive(v);
      any = any || v.is_number();
    }
    without += !any;
  }
  ASSERT_GT(expected, 0) << "the glass's residual stress should give a negative flow stress: " << sweep.last.dump();
  std::string out;
  ASSERT_EQ(run_tool("plot_sweep.py", "sweep.h5", dir, out), 0) << out;
  expect_png(dir + "/sweep-flow.png");
  expect_png(dir + "/sweep-curves.png");
  EXPECT_EQ(count_of(out, "non-positive stress value\\(s\\) shown below the zero line"), expected) << out;
  if (without > 0) EXPECT_EQ(count_of(out, "rate\\(s\\) without any stress"), without) << out;
  // On a logarithmic stress axis the same points sit on its lower edge, still counted.
  ASSERT_EQ(run_tool("plot_sweep.py", "sweep.h5 --log-stress --flow log.png --curves curves.png", dir, out), 0) << out;
  expect_png(dir + "/log.png");
  EXPECT_EQ(count_of(out, "non-positive stress value\\(s\\) shown as triangles on the lower edge"), expected) << out;
  // The Newtonian line from what `metabasin viscosity` printed; anything else is refused, naming the option.
  write_text(dir + "/eta.json", "{\"viscosity_GPa_s\": 1e-11, \"viscosity_error_GPa_s\": 1e-12, \"temperature_K\": 315}\n");
  ASSERT_EQ(run_tool("plot_sweep.py", "sweep.h5 --viscosity eta.json --flow eta.png --curves c2.png", dir, out), 0) << out;
  expect_png(dir + "/eta.png");
  write_text(dir + "/bad.json", "{\"viscosity\": 1}\n");
  EXPECT_NE(run_tool("plot_sweep.py", "sweep.h5 --viscosity bad.json --flow bad.png --curves c3.png", dir, out), 0);
  EXPECT_NE(out.find("--viscosity bad.json"), std::string::npos) << out;
}

// ART then re-evaluation under strain: the spectrum per strain and the strain response, with
// as many events, and as many vanished, as `metabasin catalog strain-response` reports.
TEST(PlotTools, CatalogSpectrumAndStrainResponse) {
  const std::string dir = glass_dir("plot_catalog", "lj2d-cuzr-256-glass-1Kps.data");
  write_text(dir + "/art.yaml", std::string(kCuZrGlassSystem) +
                                    "task: art\n"
                                    "art: {searches: 10, seed: 1, push_radius: 3.5, eigenvalue_threshold: -0.05, "
                                    "fmax: 1.0e-3, minimum_fmax: 1.0e-2}\n"
                                    "output: {catalog: cat.h5}\n");
  CliRun r = run_metabasin("run art.yaml", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  write_text(dir + "/re.yaml", std::string(kCuZrGlassSystem) +
                                   "task: reevaluate\n"
                                   "reevaluate: {increment: 0.005, steps: 2}\n"
                                   "output: {catalog: cat.h5}\n");
  r = run_metabasin("run re.yaml", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  const CliRun response = run_metabasin("catalog strain-response cat.h5 --json", dir);
  ASSERT_EQ(response.code, 0) << response.stderr_text;
  const json& events = response.last["events"];
  ASSERT_GT(events.size(), 0u) << response.stdout_text;
  long vanished = 0;
  for (const json& e : events)
    for (const json& b : e["barriers"])
      if (b["barrier"].is_null()) {
        ++vanished;
        break;
      }
  std::string out;
  ASSERT_EQ(run_tool("plot_catalog.py", "cat.h5", dir, out), 0) << out;
  expect_png(dir + "/cat-spectrum.png");
  expect_png(dir + "/cat-response.png");
  expect_png(dir + "/cat-shift.png");
  expect_png(dir + "/cat-spectra.png");
  EXPECT_EQ(count_of(out, "sampled event\\(s\\)"), static_cast<long>(events.size())) << out;
  EXPECT_EQ(count_of(out, "vanished under strain"), vanished) << out;
  // The barrier changes carry the command's activation volume, and its survivors per strain.
  const json& volume = response.last["activation_volume_fit"]["activation_volume"];
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex("activation volume (\\S+) A\\^3"))) << out;
  if (volume.is_number())
    EXPECT_NEAR(std::stod(m[1]), volume.get<double>(), 1e-9 * std::abs(volume.get<double>()));
  else
    EXPECT_EQ(m[1], "n/a") << out;
  for (const json& step : response.last["since_sampled"])
    if (step["survived"].get<long>() > 0)
      EXPECT_NE(out.find("strain " + step["strain"].dump() + ": " + step["survived"].dump() + " surviving event(s)"),
                std::string::npos)
          << out;
  EXPECT_NE(out.find("spectra at strain 0.0, 0.01"), std::string::npos) << out;  // default: the highest
  // A strain the catalog does not hold is named with the ones it does; a bin too fine is refused.
  EXPECT_NE(run_tool("plot_catalog.py", "cat.h5 --strain 5", dir, out), 0);
  EXPECT_NE(out.find("no saddle at strain 5"), std::string::npos) << out;
  EXPECT_NE(out.find("0.005"), std::string::npos) << out;
  EXPECT_NE(run_tool("plot_catalog.py", "cat.h5 --bin 1e-9", dir, out), 0);
  EXPECT_NE(out.find("at most"), std::string::npos) << out;
  EXPECT_NE(run_tool("plot_catalog.py", "glass.data", dir, out), 0);
  EXPECT_NE(out.find("glass.data"), std::string::npos) << out;
  EXPECT_NE(run_tool("plot_catalog.py", "cat.h5 --spectra-strain 0.3", dir, out), 0);
  EXPECT_NE(out.find("--spectra-strain"), std::string::npos) << out;

  // Fig. 3c: the paths of task tortuosity at the lowest and highest strain, and their fits.
  write_text(dir + "/t.yaml", std::string(kCuZrGlassSystem) +
                                  "task: tortuosity\n"
                                  "tortuosity: {catalog: cat.h5}\n"
                                  "neb: {fmax: 1.0e-2}\n"
                                  "output: {table: paths.csv}\n");
  r = run_metabasin("run t.yaml", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  ASSERT_EQ(run_tool("plot_tortuosity.py", "paths.csv", dir, out), 0) << out;
  expect_png(dir + "/paths.png");
  for (const json& at : r.last["strains"]) {
    if (at["converged"].get<long>() == 0) continue;
    std::smatch d;
    const std::regex line("strain " + std::regex_replace(at["strain"].dump(), std::regex("\\."), "\\.") +
                          ": (\\d+) converged path\\(s\\), \\d+ not converged, delta (\\S+)");
    ASSERT_TRUE(std::regex_search(out, d, line)) << out;
    EXPECT_EQ(std::stol(d[1]), at["converged"].get<long>()) << out;
    if (at["delta"].is_number()) EXPECT_NEAR(std::stod(d[2]), at["delta"].get<double>(), 1e-6) << out;
  }
  EXPECT_NE(run_tool("plot_tortuosity.py", "art.yaml", dir, out), 0);
  EXPECT_NE(out.find("task tortuosity"), std::string::npos) << out;
}

// A shear stress-strain table (short run): columns by name or by name without the unit.
TEST(PlotTools, TableColumnsByName) {
  const std::string dir = glass_dir("plot_table", "lj2d-cuzr-256-glass-1Kps-315K.data");
  write_text(dir + "/shear.yaml", std::string(kCuZrGlassSystem) +
                                      "task: shear\n"
                                      "md: {dt: 0.002, thermostat: nose-hoover, temperature: 315, tdamp: 0.1, "
                                      "seed: 11}\n"
                                      "shear: {rate: 1.0e9, max_strain: 0.5}\n"
                                      "output: {table: shear.dat}\n");
  const CliRun r = run_metabasin("run --short shear.yaml", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  std::string out;
  ASSERT_EQ(run_tool("plot_table.py", "shear.dat -x strain -y shear_stress -y T_K --bin 1e-5 --out s.png", dir, out), 0)
      << out;
  expect_png(dir + "/s.png");
  ASSERT_EQ(run_tool("plot_table.py", "--list shear.dat", dir, out), 0) << out;
  EXPECT_NE(out.find("shear_stress_GPa (GPa)"), std::string::npos) << out;
  // An unknown column: the error lists the table's columns; the output may not be an input.
  EXPECT_NE(run_tool("plot_table.py", "shear.dat -y sigma", dir, out), 0);
  EXPECT_NE(out.find("strain shear_stress_GPa"), std::string::npos) << out;
  EXPECT_NE(run_tool("plot_table.py", "shear.dat --out shear.dat", dir, out), 0);
  EXPECT_NE(out.find("input"), std::string::npos) << out;
  EXPECT_GT(read_text(dir + "/shear.dat").size(), 0u);
  EXPECT_EQ(read_text(dir + "/shear.dat").substr(0, 1), "#");  // not overwritten by a PNG
}

// Strain and cluster maps from the dumps `metabasin strain` and `clusters` write: a PNG each;
// an unknown column names the dump's columns; the output may not be the input.
TEST(PlotTools, AtomMapsOfStrainAndClusters) {
  const std::string dir = glass_dir("plot_atoms", "lj2d-cuzr-256-glass-1Kps-315K.data");
  write_text(dir + "/shear.yaml", std::string(kCuZrGlassSystem) +
                                      "task: shear\n"
                                      "md: {dt: 0.002, thermostat: nose-hoover, temperature: 315, tdamp: 0.1, "
                                      "seed: 11}\n"
                                      "shear: {rate: 1.0e10, max_strain: 0.5}\n"
                                      "output: {table: shear.dat, dump: run.dump, every: 100}\n");
  const CliRun r = run_metabasin("run --short shear.yaml", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  const CliRun s = run_metabasin("strain run.dump run.dump --cutoff 6 --out strain.dump", dir);
  ASSERT_EQ(s.code, 0) << s.stderr_text;
  const CliRun c = run_metabasin("clusters run.dump run.dump --cutoff 6 --bond 3.6 --threshold 0.02 --out c.dump", dir);
  ASSERT_EQ(c.code, 0) << c.stderr_text;
  std::string out;
  ASSERT_EQ(run_tool("plot_atoms.py", "strain.dump --out eta.png", dir, out), 0) << out;
  expect_png(dir + "/eta.png");
  ASSERT_EQ(run_tool("plot_atoms.py", "c.dump --column cluster --out c.png", dir, out), 0) << out;
  expect_png(dir + "/c.png");
  EXPECT_NE(run_tool("plot_atoms.py", "strain.dump --column eta", dir, out), 0);
  EXPECT_NE(out.find("shear_strain, volumetric_strain, d2min"), std::string::npos) << out;
  EXPECT_NE(run_tool("plot_atoms.py", "strain.dump --out strain.dump", dir, out), 0);
  EXPECT_NE(out.find("input"), std::string::npos) << out;
  EXPECT_EQ(read_text(dir + "/strain.dump").substr(0, 5), "ITEM:");
}

// The stress-drop CCDF of two runs with their fits drawn over the fitted range only; a CSV
// that is not a drops CSV, and an output over an input, are refused.
TEST(PlotTools, DropsCcdfWithTheFitOverItsRange) {
  const std::string dir = scratch_dir("plot_drops");
  for (const std::string run : {"a", "b"}) {
    std::string table = "# strain shear_stress_GPa\n";
    double g = 0.0, s = 1.0;
    for (int k = 1; k <= 60; ++k) {
      table += std::to_string(g) + " " + std::to_string(s) + "\n";
      g += 0.001;
      s += 0.002;
      table += std::to_string(g) + " " + std::to_string(s) + "\n";
      g += 0.001;
      s -= 0.001 * std::pow(1.0 + (k * (run == "a" ? 37 : 53)) % 61, 1.5);  // drops of many sizes
    }
    write_text(dir + "/" + run + ".dat", table);
    const CliRun r = run_metabasin("drops " + run + ".dat --bin 0 --out " + run + ".csv", dir);
    ASSERT_EQ(r.code, 0) << r.stderr_text;
  }
  std::string out;
  ASSERT_EQ(run_tool("plot_drops.py", "a.csv b.csv --label 'run a' --label 'run b' --reference-slope -0.5 --out d.png",
                     dir, out),
            0)
      << out;
  expect_png(dir + "/d.png");
  EXPECT_NE(run_tool("plot_drops.py", "a.dat", dir, out), 0);
  EXPECT_NE(out.find("not a drops CSV"), std::string::npos) << out;
  EXPECT_NE(run_tool("plot_drops.py", "a.csv --out a.csv", dir, out), 0);
  EXPECT_NE(out.find("inputs"), std::string::npos) << out;
}

// Extreme-strain distributions with their GEV densities, from the JSON and CSV of
// metabasin extremes on a jiggled, sheared lattice; a JSON of another command is refused.
TEST(PlotTools, ExtremesWithTheirGevDensity) {
  const std::string dir = scratch_dir("plot_extremes");
  metabasin::LatticeSpec spec;
  spec.lattice = "hex";
  spec.a = 2.6;
  spec.cells = {12, 7, 1};
  spec.seed = 4;
  const metabasin::Configuration base = metabasin::build_lattice(spec);
  {
    metabasin::LammpsDumpWriter dump(dir + "/run.dump");
    std::mt19937_64 rng(9);
    std::normal_distribution<double> jiggle(0.0, 0.05);
    for (int k = 0; k <= 12; ++k) {
      metabasin::Configuration c = base;
      metabasin::apply_shear_xy(c, 0.0025 * k);
      for (std::size_t i = 0; i < c.size(); ++i)
        for (int d = 0; d < 2; ++d) c.x[3 * i + d] += jiggle(rng);
      dump.write(c, metabasin::FrameData{});
    }
  }
  const CliRun r = run_metabasin("extremes run.dump --cutoff 6 --block 0.0025 --top 3 --out blocks.csv", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  ASSERT_TRUE(r.last["fit"].is_object()) << r.stdout_text;
  write_text(dir + "/run.json", r.stdout_text);
  std::string out;
  ASSERT_EQ(run_tool("plot_extremes.py", "run.json --label 'jiggled lattice' --out e.png", dir, out), 0) << out;
  expect_png(dir + "/e.png");
  const CliRun other = run_metabasin("strain run.dump run.dump --cutoff 6 --out s.dump", dir);
  write_text(dir + "/strain.json", other.stdout_text);
  EXPECT_NE(run_tool("plot_extremes.py", "strain.json", dir, out), 0);
  EXPECT_NE(out.find("not the JSON of metabasin extremes"), std::string::npos) << out;
}

// Distributions of eta at two applied strains of a short shear run (Fig. 3B): a PNG; an unknown
// column names the dump's columns; a label count that does not match the dumps and an output
// over an input are refused.
TEST(PlotTools, StrainHistogramsRawAndRescaled) {
  const std::string dir = glass_dir("plot_histograms", "lj2d-cuzr-256-glass-1Kps-315K.data");
  write_text(dir + "/shear.yaml", std::string(kCuZrGlassSystem) +
                                      "task: shear\n"
                                      "md: {dt: 0.002, thermostat: nose-hoover, temperature: 315, tdamp: 0.1, "
                                      "seed: 11}\n"
                                      "shear: {rate: 1.0e10, max_strain: 0.5}\n"
                                      "output: {table: shear.dat, dump: run.dump, every: 100}\n");
  const CliRun r = run_metabasin("run --short shear.yaml", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  for (const char* k : {"1", "2"}) {
    const CliRun s = run_metabasin(
        std::string("strain run.dump run.dump --cur-frame ") + k + " --cutoff 6 --out eta" + k + ".dump", dir);
    ASSERT_EQ(s.code, 0) << s.stderr_text;
  }
  std::string out;
  ASSERT_EQ(run_tool("plot_histograms.py",
                     "eta1.dump eta2.dump --label 'step 100' --label 'step 200' --logy --out h.png", dir, out),
            0)
      << out;
  expect_png(dir + "/h.png");
  EXPECT_NE(run_tool("plot_histograms.py", "eta1.dump --column eta", dir, out), 0);
  EXPECT_NE(out.find("no column 'eta'"), std::string::npos) << out;
  EXPECT_NE(out.find("shear_strain, volumetric_strain, d2min"), std::string::npos) << out;
  EXPECT_NE(run_tool("plot_histograms.py", "eta1.dump eta2.dump --label one", dir, out), 0);
  EXPECT_NE(out.find("1 --label(s) for 2 dump(s)"), std::string::npos) << out;
  EXPECT_NE(run_tool("plot_histograms.py", "eta1.dump eta2.dump --out eta2.dump", dir, out), 0);
  EXPECT_NE(out.find("input"), std::string::npos) << out;
  EXPECT_EQ(read_text(dir + "/eta2.dump").substr(0, 5), "ITEM:");
}

// The nonaffine-displacement histogram of `metabasin displacements` (Fig. 3E): its density
// columns carry 1/A, and --same-axes draws the density and the Gaussian on one axis, refusing
// columns of different units there.
TEST(PlotTools, TableOverlaysAHistogramAndItsGaussian) {
  const std::string dir = glass_dir("plot_overlay", "lj2d-cuzr-256-glass-1Kps-315K.data");
  write_text(dir + "/shear.yaml", std::string(kCuZrGlassSystem) +
                                      "task: shear\n"
                                      "md: {dt: 0.002, thermostat: nose-hoover, temperature: 315, tdamp: 0.1, "
                                      "seed: 11}\n"
                                      "shear: {rate: 1.0e10, max_strain: 0.5}\n"
                                      "output: {table: shear.dat, dump: run.dump, every: 50}\n");
  const CliRun r = run_metabasin("run --short shear.yaml", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  const CliRun d = run_metabasin("displacements run.dump --bins 21 --out d", dir);
  ASSERT_EQ(d.code, 0) << d.stderr_text;
  std::string out;
  ASSERT_EQ(run_tool("plot_table.py", "--list d-histogram.csv", dir, out), 0) << out;
  EXPECT_NE(out.find("density_dx_per_A (1/Å)"), std::string::npos) << out;
  ASSERT_EQ(run_tool("plot_table.py",
                     "d-histogram.csv -x nonaffine_displacement -y density_dx -y gaussian_dx --same-axes --out e.png",
                     dir, out),
            0)
      << out;
  expect_png(dir + "/e.png");
  EXPECT_NE(run_tool("plot_table.py",
                     "d-histogram.csv -x density_dx -y nonaffine_displacement -y gaussian_dx --same-axes --out f.png",
                     dir, out),
            0);
  EXPECT_NE(out.find("--same-axes needs columns of one unit"), std::string::npos) << out;
  ASSERT_EQ(run_tool("plot_table.py", "d-atoms.csv d-profile.csv -x dx -y y_ref --points --out p.png", dir, out), 0)
      << out;
  expect_png(dir + "/p.png");
}

// The maps and the boost fit of `metabasin ageing` on synthetic age tables: two PNGs, the count
// of fitted bins as the command reports it; an output over an input and a missing map refused.
TEST(PlotTools, AgeingMapsAndBoostFit) {
  const std::string dir = scratch_dir("plot_ageing");
  std::string tables;
  for (const auto& t : write_synthetic_age_tables(dir, SyntheticAgeing())) tables += " " + t;
  const CliRun r = run_metabasin("ageing" + tables + " --energy-bins 40 --out ag", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  std::string out;
  ASSERT_EQ(run_tool("plot_ageing.py", "ag", dir, out), 0) << out;
  expect_png(dir + "/ag-maps.png");
  expect_png(dir + "/ag-boost.png");
  EXPECT_EQ(count_of(out, "fitted bin\\(s\\)"), r.last["fit"]["points"].get<long>()) << out;
  EXPECT_NE(run_tool("plot_ageing.py", "ag --boost ag.json", dir, out), 0);
  EXPECT_NE(out.find("input"), std::string::npos) << out;
  EXPECT_EQ(read_text(dir + "/ag.json").substr(0, 1), "{");
  EXPECT_NE(run_tool("plot_ageing.py", "nothere", dir, out), 0);
  EXPECT_NE(out.find("nothere-maps.csv"), std::string::npos) << out;
}

// Fig. 4b: 100 atoms, ID i + 1 jumping by 0.5 + 0.01 i A, labelled in the reverse order of their
// jumps except the ten largest jumpers: D.F. of the top window peaks where the JSON says.
TEST(PlotTools, DisproportionCurveOfHopLabels) {
  const std::string dir = scratch_dir("plot_disproportion");
  metabasin::Configuration c;
  c.box.len = metabasin::Vec3(30.0, 30.0, 30.0);
  c.ntypes = 1;
  c.masses = {63.546};
  for (int i = 0; i < 100; ++i) {
    c.ids.push_back(i + 1);
    c.types.push_back(1);
  }
  c.image.assign(300, 0);
  {
    metabasin::LammpsDumpWriter w(dir + "/md.dump");
    for (int k = 0; k < 13; ++k) {
      c.x.clear();
      for (int i = 0; i < 100; ++i)
        for (double v : {1.0 + 3.0 * (i % 10) + (k >= 6 ? 0.5 + 0.01 * i : 0.0), 1.0 + 3.0 * (i / 10), 5.0})
          c.x.push_back(v);
      w.write(c, metabasin::FrameData{});
    }
  }
  std::vector<double> label(100);
  for (int i = 0; i < 100; ++i) label[i] = i >= 90 ? 3.0 + 0.01 * i : (i % 3 == 0 ? 0.0 : 2.0 - 0.01 * i);
  {
    metabasin::LammpsDumpWriter w(dir + "/labels.dump");
    metabasin::FrameData frame;
    frame.columns = {{"C_over_L_max", &label}};
    w.write(c, frame);
  }
  const CliRun r = run_metabasin("hop md.dump --window 6 --labels labels.dump", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  write_text(dir + "/hop.json", r.stdout_text);
  double largest = 0.0, at = 0.0;
  for (const json& point : r.last["disproportionate_factor"]["curve"])
    if (point["top"]["factor"].is_number() && point["top"]["factor"].get<double>() > largest) {
      largest = point["top"]["factor"];
      at = point["percent"];
    }
  EXPECT_GT(largest, 5.0);  // the ten largest jumpers carry the ten largest labels
  std::string out;
  ASSERT_EQ(run_tool("plot_disproportion.py", "hop.json", dir, out), 0) << out;
  expect_png(dir + "/hop.png");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex("largest top-window D.F. (\\S+) at X = (\\S+) %"))) << out;
  EXPECT_NEAR(std::stod(m[1]), largest, 1e-9 * largest) << out;
  EXPECT_EQ(std::stod(m[2]), at) << out;
  // A hop run without --labels has no curve: the tool says which option makes one.
  const CliRun plain = run_metabasin("hop md.dump --window 6", dir);
  ASSERT_EQ(plain.code, 0) << plain.stderr_text;
  write_text(dir + "/plain.json", plain.stdout_text);
  EXPECT_NE(run_tool("plot_disproportion.py", "plain.json", dir, out), 0);
  EXPECT_NE(out.find("--labels"), std::string::npos) << out;
}

// Held-strain relaxation: replicas of MD (`task: age` columns, time in ps) and of KMC (time in
// s) binned in log time; each bin is the mean over replicas of each replica's mean over the
// bin, with the standard error over replicas, as the CSV states. Tables without a time or a
// stress column, a group without tables and outputs over inputs are refused.
TEST(PlotTools, HoldRelaxationBinsReplicasInLogTime) {
  const std::string dir = scratch_dir("plot_hold");
  const auto tau = [](double t) { return 0.3 * std::exp(-t / 30.0); };
  const double offsets[] = {-0.01, 0.0, 0.01};
  for (int r = 0; r < 3; ++r) {
    std::string md = "# ageing at 100 K\n# strain time_ps E_IS_per_atom_eV shear_stress_IS_GPa\n";
    for (int t = 0; t <= 100; ++t)
      md += "0 " + std::to_string(t) + " -0.37 " + std::to_string(tau(t) + offsets[r]) + "\n";
    write_text(dir + "/md" + std::to_string(r) + ".dat", md);
  }
  std::string kmc = "# kmc held\n# strain shear_stress_GPa pe_eV time_s state\n";
  for (int t = 0; t <= 100; t += 5) {
    std::ostringstream row;
    row << std::setprecision(17) << "0 " << tau(t) << " -382 " << t * 1e-12 << " 3\n";
    kmc += row.str();
  }
  write_text(dir + "/kmc.dat", kmc);
  std::string out;
  ASSERT_EQ(run_tool("plot_hold.py", "--group MD md0.dat md1.dat md2.dat --group KMC kmc.dat --bins 1,10,100.5 "
                                     "--csv hold.csv --out hold.png",
                     dir, out),
            0)
      << out;
  expect_png(dir + "/hold.png");
  const auto mean_tau = [&](int lo, int hi, int step) {
    double s = 0.0;
    int n = 0;
    for (int t = lo; t < hi; t += step, ++n) s += tau(t);
    return s / n;
  };
  // group -> rows of (t_lo, replicas, stress, se)
  std::map<std::string, std::vector<std::vector<double>>> rows;
  std::istringstream csv(read_text(dir + "/hold.csv"));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "group,t_lo_ps,t_hi_ps,t_mid_ps,replicas,stress_GPa,stress_se_GPa");
  while (std::getline(csv, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
    ASSERT_GE(f.size(), 6u) << line;
    rows[f[0]].push_back({std::stod(f[1]), std::stod(f[4]), std::stod(f[5]), f.size() > 6 ? std::stod(f[6]) : -1.0});
  }
  ASSERT_EQ(rows["MD"].size(), 3u);  // t = 0, [1, 10), [10, 100.5)
  const double se = 0.01 / std::sqrt(3.0);  // the offsets' standard deviation is 0.01
  EXPECT_NEAR(rows["MD"][0][2], tau(0), 1e-6);
  EXPECT_NEAR(rows["MD"][1][2], mean_tau(1, 10, 1), 1e-6);
  EXPECT_NEAR(rows["MD"][1][3], se, 1e-6);
  EXPECT_NEAR(rows["MD"][2][2], mean_tau(10, 101, 1), 1e-6);
  EXPECT_EQ(rows["MD"][2][1], 3.0);
  ASSERT_EQ(rows["KMC"].size(), 3u);
  EXPECT_NEAR(rows["KMC"][1][2], mean_tau(5, 10, 5), 1e-6);  // time_s read as ps
  EXPECT_NEAR(rows["KMC"][2][2], mean_tau(10, 101, 5), 1e-6);
  EXPECT_EQ(rows["KMC"][2][3], -1.0);  // one replica: no standard error

  // A label holding a comma is quoted, so the CSV keeps its columns.
  ASSERT_EQ(run_tool("plot_hold.py", "--group 'MD, 3 replicas' md0.dat --csv comma.csv --out comma.png", dir, out), 0)
      << out;
  EXPECT_NE(read_text(dir + "/comma.csv").find("\n\"MD, 3 replicas\",0,0,0,1,"), std::string::npos)
      << read_text(dir + "/comma.csv");
  write_text(dir + "/other.dat", "# strain shear_stress_GPa\n0 0.1\n");
  EXPECT_NE(run_tool("plot_hold.py", "--group X other.dat", dir, out), 0);
  EXPECT_NE(out.find("no time column"), std::string::npos) << out;
  EXPECT_NE(out.find("strain shear_stress_GPa"), std::string::npos) << out;  // its columns named
  EXPECT_NE(run_tool("plot_hold.py", "--group MD", dir, out), 0);
  EXPECT_NE(out.find("names no table"), std::string::npos) << out;
  EXPECT_NE(run_tool("plot_hold.py", "--group MD md0.dat --csv md0.dat", dir, out), 0);
  EXPECT_NE(out.find("one of the inputs"), std::string::npos) << out;
  EXPECT_NE(run_tool("plot_hold.py", "--group MD md0.dat --bins 10,1", dir, out), 0);
  EXPECT_NE(out.find("--bins"), std::string::npos) << out;
}
