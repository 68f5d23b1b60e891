// SPDX-License-Identifier: BSD-3-Clause
#include "task_point_runner.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "error.hpp"
#include "json_text.hpp"
#include "inherent_sequence.hpp"
#include "number_format.hpp"
#include "output_path.hpp"
#include "strain_run.hpp"
#include "thermo_log.hpp"

namespace metabasin {

namespace {

std::string yaml_number(double v) {
  std::ostringstream o;
  o.precision(17);
  o << v;
  return o.str();
}

std::string quoted(const std::string& path) { return "'" + path + "'"; }

// A point's record: its result, or the error that stopped it (e.g. a Q0 out of reach).
std::optional<nlohmann::json> read_record(const std::string& path, const SweepPoint& p) {
  std::ifstream f(path);
  if (!f) return std::nullopt;
  try {
    nlohmann::json j = nlohmann::json::parse(f);
    if (j.at("method") == to_string(p.method) && std::abs(j.at("rate_per_s").get<double>() / p.rate - 1.0) < 1e-9 &&
        j.value("replica", 0) == p.replica)
      return j;
  } catch (const std::exception&) {
  }
  return std::nullopt;  // from another sweep, or damaged: run it again
}

// The typed result of a record: the series from the point's table and sequence files.
SweepPointResult from_record(const nlohmann::json& j, const std::string& sequence) {
  SweepPointResult r;
  if (j.contains("error")) r.error = j["error"].get<std::string>();
  r.table = j.value("table", std::string());
  for (const auto& row : read_table_rows(r.table)) {
    if (row.size() < 2) continue;
    r.strain.push_back(row[0]);
    r.stress.push_back(row[1]);
  }
  if (!r.failed() && std::filesystem::exists(sequence)) {
    const InherentSequenceReader seq(sequence);
    r.inherent_strain = seq.strains();
    r.inherent_stress = seq.shear_stresses();
  }
  const auto& flow = j["flow_stress_GPa"];
  r.run_flow_stress = flow.is_number() ? flow.get<double>() : std::nan("");
  r.force_calls = j.value("force_calls", 0L);
  r.wall_seconds = j.value("wall_seconds", 0.0);
  return r;
}

// sweep.catalog (a catalog of the same sample, e.g. from task art or an earlier KMC run) is
// where each KMC point's own catalog starts, so no point samples again what is known.
void seed_catalog(const Input& sweep, const Input& point) {
  if (!sweep.has("sweep.catalog") || point.get_string("task") != "kmc") return;
  const std::string from = sweep.get_path("sweep.catalog"), to = point.get_path("output.catalog");
  if (std::filesystem::exists(to)) return;  // the point's own, from an earlier attempt (run_sweep checked `from`)
  write_atomically(to, [&](const std::string& tmp) {
    std::error_code ec;
    std::filesystem::copy_file(from, tmp, std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) throw InputError("key 'sweep.catalog': cannot copy '" + from + "' to '" + to + "': " + ec.message());
  });
}

}  // namespace

TaskPointRunner::TaskPointRunner(const Input& sweep, std::string dir, double temperature, double max_strain)
    : in_(sweep), dir_(std::move(dir)), temperature_(temperature), max_strain_(max_strain) {}

// The input of one point: the sweep file's own sections with the point's task and rate.
Input TaskPointRunner::point_input(const SweepPoint& p) const {
  const std::string stem = dir_ + "/" + p.id;
  Input q = in_.with("task", to_string(p.method))
                .with("md.seed", std::to_string(in_.get_int("md.seed") + p.replica))
                .with("abc.seed", std::to_string(in_.get_int("abc.seed") + p.replica))
                .with("metadynamics.seed", std::to_string(in_.get_int("metadynamics.seed") + p.replica))
                .with("sweep.rates", "")
                .with("sweep.q0", "")
                .with("output.hdf5", "")
                .with("output.catalog", "")
                .with("output.data", "")
                .with("output.table", quoted(stem + ".dat"))
                .with("output.sequence", quoted(stem + ".h5"));
  // Short mode: every file of a point lies in the sweep's one folder (its paths are absolute
  // there), the point's other text outputs too, none in the current directory beside it.
  if (in_.short_mode()) {
    for (const char* key : {"output.thermo", "output.dump", "output.xyz"})
      if (in_.has(key))
        q = q.with(key, quoted(stem + "-" + std::filesystem::path(in_.get_string(key)).filename().string()));
    q = q.with_outputs_as_given();
  }
  if (p.method == SweepMethod::md) {
    // Another replica is another thermal history: new velocities unless the input sets them.
    if (p.replica > 0 && !in_.has("md.velocity_temperature"))
      q = q.with("md.velocity_temperature", yaml_number(temperature_));
    return q.with("shear.rate", yaml_number(p.rate))
        .with("shear.max_strain", yaml_number(max_strain_))
        .with("md.temperature", yaml_number(temperature_))
        .with("shear.restart", quoted(stem + "-restart.h5"))
        .with("shear.resume", "true")
        .with("shear.table_strain", yaml_number(in_.get_real("sweep.md_table_strain")));
  }
  if (p.method == SweepMethod::kmc)
    // Each KMC point grows its own catalog (points run in parallel); a rerun of the point
    // starts from what it found before.
    return q.with("kmc.rate", yaml_number(p.rate))
        .with("kmc.max_strain", yaml_number(max_strain_))
        .with("kmc.temperature", yaml_number(temperature_))
        .with("kmc.seed", std::to_string(in_.get_int("kmc.seed") + p.replica))
        .with("kmc.resume", "true")
        .with("output.catalog", quoted(stem + "-catalog.h5"));
  return q.with("metadynamics.q0", yaml_number(p.q0))
      .with("metadynamics.rate", "")
      .with("metadynamics.max_strain", yaml_number(max_strain_))
      .with("metadynamics.temperature", yaml_number(temperature_))
      .with("metadynamics.resume", "true");
}

void TaskPointRunner::check(const SweepPoint& p) const { (void)point_input(p); }

// Finished points are not run again; failed ones are (the input may have changed).
std::optional<SweepPointResult> TaskPointRunner::finished(const SweepPoint& p) {
  const auto j = read_record(record_path(p), p);
  if (!j || j->contains("error")) return std::nullopt;
  return from_record(*j, dir_ + "/" + p.id + ".h5");
}

SweepPointResult TaskPointRunner::run(const SweepPoint& p) {
  const Input q = point_input(p);
  const auto t0 = std::chrono::steady_clock::now();
  nlohmann::json j = {{"method", to_string(p.method)},
                      {"rate_per_s", p.rate},
                      {"replica", p.replica},
                      {"q0_eV", std::isnan(p.q0) ? nlohmann::json(nullptr) : nlohmann::json(p.q0)},
                      {"table", q.get_path("output.table")}};
  try {
    seed_catalog(in_, q);
    const StrainRunResult r = p.method == SweepMethod::md    ? run_shear_run(q)
                              : p.method == SweepMethod::kmc ? run_kmc_run(q)
                                                             : run_metadynamics_run(q);
    j["flow_stress_GPa"] = r.flow_stress;
    j["force_calls"] = r.force_calls;
    // KMC can stop short of the strain asked for (no exits, kmc.max_steps): that point has
    // no flow stress to report, and running the sweep again retries it from its catalog.
    if (p.method == SweepMethod::kmc && !in_.short_mode() && r.strain_reached < max_strain_ * (1.0 - 1e-9))
      throw NumericalError("KMC stopped at strain " + brief(r.strain_reached) + " of " + brief(max_strain_) + ": " +
                           r.stop_reason);
  } catch (const NumericalError& e) {
    // A point the method cannot finish (a Q0 out of reach, KMC stopped short, non-finite
    // forces): the sweep goes on without it and says why; running the sweep again retries
    // it. An InputError is not caught: a wrong input stops the sweep.
    j["error"] = e.what();
    j["flow_stress_GPa"] = nullptr;
    j["force_calls"] = 0;
    std::cerr << "sweep: " << p.id << " failed: " << e.what() << std::endl;
  }
  j["wall_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_text_atomically(record_path(p), json_text(j, 1) + "\n");
  return from_record(j, dir_ + "/" + p.id + ".h5");
}

SweepPointResult TaskPointRunner::recorded(const SweepPoint& p) {
  const auto j = read_record(record_path(p), p);
  if (!j) throw InputError("sweep point '" + p.id + "' left no result in '" + dir_ + "'");
  SweepPointResult r = from_record(*j, dir_ + "/" + p.id + ".h5");
  if (!r.failed() && r.strain.empty())
    throw InputError("sweep point '" + p.id + "': its table '" + r.table + "' is missing or empty");
  return r;
}

}  // namespace metabasin
