// SPDX-License-Identifier: BSD-3-Clause
#include "task_point_runner.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "error.hpp"
#include "json_text.hpp"
#include "inherent_sequence.hpp"
#include "number_format.hpp"
#include "options.hpp"
#include "output_path.hpp"
#include "strain_run.hpp"
#include "thermo_log.hpp"

namespace metabasin {

namespace {

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
void seed_catalog(const Input& sweep, const std::string& to) {
  if (!sweep.has("sweep.catalog") || std::filesystem::exists(to)) return;  // the point's own, from an earlier attempt
  const std::string from = sweep.get_path("sweep.catalog");  // run_sweep checked it
  write_atomically(to, [&](const std::string& tmp) {
    std::error_code ec;
    std::filesystem::copy_file(from, tmp, std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) throw InputError("key 'sweep.catalog': cannot copy '" + from + "' to '" + to + "': " + ec.message());
  });
}

}  // namespace

TaskPointRunner::TaskPointRunner(const Input& sweep, std::string dir, double temperature, double max_strain)
    : in_(sweep), dir_(std::move(dir)), temperature_(temperature), max_strain_(max_strain) {}

// What one point asks of its method: the sweep's temperature and strain, the point's rate (or
// Q0), replica and files. Every other setting comes from the sweep file's own sections.
StrainRunRequest TaskPointRunner::point_request(const SweepPoint& p) const {
  const std::string stem = dir_ + "/" + p.id;
  StrainRunRequest rq;
  if (p.method == SweepMethod::metadynamics)
    rq.q0 = p.q0;
  else
    rq.rate = p.rate;
  rq.max_strain = max_strain_;
  rq.temperature = temperature_;
  rq.replica = static_cast<unsigned>(p.replica);
  rq.resume = true;  // a rerun of the sweep goes on from what the point left
  rq.out.table = stem + ".dat";
  rq.out.sequence = stem + ".h5";
  // Trajectories and thermo tables the input asks for: each point's own, in the sweep's folder.
  const OutputFiles asked = output_files(in_);
  auto own = [&](const std::string& path) {
    return path.empty() ? path : stem + "-" + std::filesystem::path(path).filename().string();
  };
  rq.out.thermo = own(asked.thermo);
  rq.out.dump = own(asked.dump);
  rq.out.xyz = own(asked.xyz);
  if (p.method == SweepMethod::md) {
    rq.restart = stem + "-restart.h5";
    rq.table_strain = in_.get_real("sweep.md_table_strain");
  }
  // Each KMC point grows its own catalog (points run in parallel); a rerun of the point starts
  // from what it found before.
  if (p.method == SweepMethod::kmc) rq.out.catalog = stem + "-catalog.h5";
  return rq;
}

void TaskPointRunner::check(const SweepPoint& p) const {
  const StrainRunRequest rq = point_request(p);
  if (!(rq.max_strain > 0.0) || !(rq.temperature >= 0.0) || !(rq.table_strain >= 0.0) ||
      !(p.method == SweepMethod::metadynamics ? rq.q0 > 0.0 : rq.rate > 0.0))
    throw InputError("sweep point '" + p.id + "': its rate, Q0, strain, temperature and sweep.md_table_strain must be "
                     "positive numbers");
}

// Finished points are not run again; failed ones are (the input may have changed).
std::optional<SweepPointResult> TaskPointRunner::finished(const SweepPoint& p) {
  const auto j = read_record(record_path(p), p);
  if (!j || j->contains("error")) return std::nullopt;
  return from_record(*j, dir_ + "/" + p.id + ".h5");
}

SweepPointResult TaskPointRunner::run(const SweepPoint& p) {
  const StrainRunRequest rq = point_request(p);
  const auto t0 = std::chrono::steady_clock::now();
  nlohmann::json j = {{"method", to_string(p.method)},
                      {"rate_per_s", p.rate},
                      {"replica", p.replica},
                      {"q0_eV", std::isnan(p.q0) ? nlohmann::json(nullptr) : nlohmann::json(p.q0)},
                      {"table", rq.out.table}};
  try {
    if (p.method == SweepMethod::kmc) seed_catalog(in_, rq.out.catalog);
    const StrainRunResult r = p.method == SweepMethod::md    ? run_shear_run(in_, rq)
                              : p.method == SweepMethod::kmc ? run_kmc_run(in_, rq)
                                                             : run_metadynamics_run(in_, rq);
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
