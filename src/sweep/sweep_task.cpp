// SPDX-License-Identifier: BSD-3-Clause
#include "sweep_task.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "error.hpp"
#include "hdf5_writer.hpp"
#include "number_format.hpp"
#include "output_path.hpp"
#include "parallel.hpp"
#include "progress.hpp"
#include "fits.hpp"
#include "sweep_analysis.hpp"
#include "sweep_output.hpp"
#include "task_point_runner.hpp"

namespace metabasin {

namespace {

// The sweep's settings from its input, checked.
struct SweepSettings {
  SweepPlanParams plan;
  SweepAnalysisParams analysis;
  double max_strain = 0.0;
  std::string dir;  // absolute: each point's input resolves its paths from the sweep file's directory
};

SweepPlanParams plan_params(const Input& in, double temperature) {
  SweepPlanParams p;
  if (in.has("sweep.rates")) p.rates = in.get_reals("sweep.rates");
  if (in.has("sweep.q0")) p.q0 = in.get_reals("sweep.q0");
  p.md_above = in.get_positive("sweep.md_above");
  p.slow_method = in.get_string("sweep.slow_method") == "kmc" ? SweepMethod::kmc : SweepMethod::metadynamics;
  p.rate_prefactor = in.get_positive("metadynamics.rate_prefactor");
  p.a = in.get_real("metadynamics.a");
  p.temperature = temperature;
  const long replicas = in.get_int("sweep.replicas");
  p.replicas = replicas < 1 ? 0 : static_cast<int>(replicas);
  return p;
}

SweepAnalysisParams analysis_params(const Input& in, double temperature, double max_strain) {
  SweepAnalysisParams p;
  p.temperature = temperature;
  // The flow stress of a run is its mean stress from here on, recomputed from its table at
  // every gathering, so a new window needs no new runs.
  p.steady_from = in.has("sweep.steady_from") ? in.get_real("sweep.steady_from") : steady_flow_start(max_strain);
  if (!(p.steady_from >= 0.0 && p.steady_from < max_strain))
    throw InputError("key 'sweep.steady_from' must lie in [0, sweep.max_strain) (strain where steady flow is averaged from), got " +
                     brief(p.steady_from));
  p.peak_bin = in.get_positive("sweep.peak_bin");  // wider than the run: its mean
  p.fit_split = in.has("sweep.fit_split") ? in.get_positive("sweep.fit_split") : 0.0;
  if (in.has("sweep.regimes")) p.regimes = in.get_reals("sweep.regimes");
  for (std::size_t k = 0; k < p.regimes.size(); ++k) {
    if (!(p.regimes[k] > 0.0)) throw InputError("key 'sweep.regimes' holds a rate that is not positive");
    if (k && !(p.regimes[k] > p.regimes[k - 1]))
      throw InputError("key 'sweep.regimes' must be ascending rate boundaries without overlap, e.g. [1, 1e3, 1e8, 1e11]");
  }
  if (p.regimes.size() == 1) throw InputError("key 'sweep.regimes' needs at least two boundaries");
  p.calibrate_with_peak = in.get_string("sweep.calibrate_with") == "peak";
  return p;
}

SweepSettings sweep_settings(const Input& in) {
  SweepSettings s;
  const double temperature = in.get_positive("sweep.temperature");
  s.max_strain = in.get_positive("sweep.max_strain");
  s.analysis = analysis_params(in, temperature, s.max_strain);
  if (in.get_real("sweep.md_table_strain") < 0.0) throw InputError("key 'sweep.md_table_strain' must not be negative");
  s.plan = plan_params(in, temperature);
  if (in.has("sweep.catalog")) {
    if (s.plan.slow_method != SweepMethod::kmc)
      throw InputError("key 'sweep.catalog' seeds KMC points: it needs sweep.slow_method: kmc");
    if (!std::filesystem::exists(in.get_path("sweep.catalog")))
      throw InputError("key 'sweep.catalog': no file '" + in.get_path("sweep.catalog") + "'");
  }
  // Short mode: sweep.directory is the folder of that name in the current directory, and
  // every file of every point goes there (see TaskPointRunner::point_input).
  s.dir = std::filesystem::absolute(in.get_path("sweep.directory")).lexically_normal().string();
  return s;
}

// Short mode checks that a sweep runs: its fastest and its slowest point only.
std::vector<SweepPoint> short_points(const std::vector<SweepPoint>& pts) {
  std::vector<SweepPoint> first;
  for (const SweepPoint& p : pts)
    if (p.replica == 0) first.push_back(p);
  return first.size() > 2 ? std::vector<SweepPoint>{first.front(), first.back()} : first;
}

std::string describe(const SweepPoint& p) {
  return p.id + " (" + to_string(p.method) + ", " + brief(p.rate) + " 1/s" +
         (std::isnan(p.q0) ? std::string() : ", Q0 " + brief(p.q0) + " eV") + ")";
}

}  // namespace

void run_sweep_points(const std::vector<SweepPoint>& pts, SweepPointRunner& runner, double steady_from) {
  const Parallel& par = parallel();
  // Each rank draws the next point as it finishes one (a slow landscape point takes hours,
  // an MD point minutes); a point finished earlier is kept. Progress on rank 0: the points
  // dealt so far, less one in hand on each other rank, with an ETA from their pace.
  const long n = static_cast<long>(pts.size());
  Progress bar("sweep", static_cast<double>(n), 0.0);
  TaskDealer dealer(0);
  for (long k = dealer.next(); k < n; k = dealer.next()) {
    const SweepPoint& p = pts[static_cast<std::size_t>(k)];
    const std::string of = "point " + std::to_string(k + 1) + " of " + std::to_string(n);
    const double dealt = static_cast<double>(dealer.finished_at_least(k));
    if (runner.finished(p)) {
      std::cerr << "sweep: " << p.id << " done earlier, kept" << std::endl;
      bar.update(dealt, of + " kept");
      continue;
    }
    std::cerr << "sweep: rank " << par.rank << " runs " << describe(p) << ", " << of << std::endl;
    const SweepPointResult r = runner.run(p);
    if (!r.failed())  // the flow stress the sweep reports (from sweep.steady_from), not the run's own
      std::cerr << "sweep: " << p.id << " flow stress " << brief(flow_stress(r.strain, r.stress, steady_from))
                << " GPa (mean from strain " << brief(steady_from) << ")" << std::endl;
    bar.update(dealt, of + " " + (r.failed() ? "failed" : "done") + " in " + Progress::duration(r.wall_seconds));
  }
}

std::vector<SweepPointResult> collect_sweep_points(const std::vector<SweepPoint>& pts, SweepPointRunner& runner) {
  std::vector<SweepPointResult> results;
  std::vector<std::string> failed;
  for (const SweepPoint& p : pts) {
    results.push_back(runner.recorded(p));
    if (results.back().failed()) failed.push_back(p.id);
  }
  if (!failed.empty())
    std::cerr << "sweep: " << failed.size() << " run(s) failed (their records say why); run the sweep again to retry them"
              << std::endl;
  return results;
}

nlohmann::json run_sweep(const Input& in) {
  const SweepSettings s = sweep_settings(in);
  std::vector<SweepPoint> pts = plan_sweep(s.plan);
  if (in.short_mode()) pts = short_points(pts);
  TaskPointRunner runner(in, s.dir, s.analysis.temperature, s.max_strain);
  for (const SweepPoint& p : pts) runner.check(p);  // a bad key fails before anything runs
  std::error_code ec;
  std::filesystem::create_directories(s.dir, ec);
  if (ec) throw InputError("key 'sweep.directory': cannot create '" + s.dir + "': " + ec.message());
  const auto t0 = std::chrono::steady_clock::now();
  run_sweep_points(pts, runner, s.analysis.steady_from);
  gather_on_root("");  // every rank has finished its points
  if (!parallel().root()) return {{"task", "sweep"}, {"rank", parallel().rank}};
  const std::vector<SweepPointResult> results = collect_sweep_points(pts, runner);
  const SweepAnalysis a = analyse_sweep(s.analysis, pts, results);
  report_left_out(a.regimes);
  nlohmann::json out = sweep_json(s.analysis, pts, results, a);
  out["wall_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out["output"] = {{"directory", s.dir}};
  if (in.has("output.table")) {
    write_sweep_csv(in.get_path("output.table"), a);
    out["output"]["table"] = in.get_path("output.table");
  }
  if (in.has("output.hdf5")) {
    write_sweep_hdf5(in.get_path("output.hdf5"), s.analysis, pts, results, a);
    out["output"]["hdf5"] = in.get_path("output.hdf5");
  }
  return out;
}

}  // namespace metabasin
