// SPDX-License-Identifier: BSD-3-Clause
#include "sweep_task.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "error.hpp"
#include "fits.hpp"
#include "hdf5_writer.hpp"
#include "inherent_sequence.hpp"
#include "kmc_task.hpp"
#include "md_tasks.hpp"
#include "metadynamics.hpp"
#include "metadynamics_task.hpp"
#include "number_format.hpp"
#include "parallel.hpp"
#include "rate_sensitivity.hpp"
#include "thermo_log.hpp"
#include "units.hpp"

namespace metabasin {

namespace {

struct SweepPoint {
  std::string method;  // shear (MD) | metadynamics | kmc
  double rate = 0.0;   // 1/s
  double q0 = std::nan("");  // eV, metadynamics points only
  int replica = 0;     // runs of one rate differ by their seeds only
  std::string id;      // file stem in sweep.directory
};

std::string yaml_number(double v) {
  std::ostringstream o;
  o.precision(17);
  o << v;
  return o.str();
}

// Every point of the sweep, fastest first: MD at and above sweep.md_above, sweep.slow_method
// (metadynamics or KMC) below; sweep.q0 adds metadynamics points given by their barrier.
std::vector<SweepPoint> sweep_points(const Input& in, double temperature) {
  std::vector<SweepPoint> pts;
  const double md_above = in.get_positive("sweep.md_above");
  const std::string slow = in.get_string("sweep.slow_method");
  const double gdot0 = in.get_positive("metadynamics.rate_prefactor");
  const double a = in.get_real("metadynamics.a");
  if (!in.has("sweep.rates") && !in.has("sweep.q0"))
    throw InputError("a sweep needs sweep.rates (1/s) or sweep.q0 (eV), or both");
  if (in.has("sweep.rates"))
    for (double r : in.get_reals("sweep.rates")) {
      if (!(r > 0.0)) throw InputError("key 'sweep.rates' holds " + brief(r) + ": strain rates must be positive");
      SweepPoint p;
      p.rate = r;
      if (r >= md_above) {
        p.method = "shear";
      } else if (slow == "kmc") {
        p.method = "kmc";  // the rate is its own: strain advances as gdot t
      } else {
        p.method = "metadynamics";
        if (!(r < gdot0))
          throw InputError("key 'sweep.rates' holds " + brief(r) + " 1/s, at or above metadynamics.rate_prefactor (" +
                           brief(gdot0) + " 1/s), where Q0 would be negative; lower sweep.md_above so MD runs it");
        p.q0 = metadynamics_q0(r, gdot0, a, temperature);
      }
      pts.push_back(p);
    }
  if (in.has("sweep.q0"))
    for (double q : in.get_reals("sweep.q0")) {
      if (!(q > 0.0)) throw InputError("key 'sweep.q0' holds " + brief(q) + ": barriers Q0 must be positive");
      SweepPoint p;
      p.method = "metadynamics";
      p.q0 = q;
      p.rate = metadynamics_strain_rate(q, gdot0, a, temperature);
      if (!(p.rate > 0.0))
        throw InputError("key 'sweep.q0' holds " + brief(q) + " eV, which stands for a strain rate that underflows to 0");
      pts.push_back(p);
    }
  std::sort(pts.begin(), pts.end(), [](const SweepPoint& x, const SweepPoint& y) { return x.rate > y.rate; });
  for (std::size_t k = 1; k < pts.size(); ++k)
    if (std::abs(std::log(pts[k].rate / pts[k - 1].rate)) < 1e-9)
      throw InputError("the sweep holds the strain rate " + brief(pts[k].rate) + " 1/s twice (sweep.rates / sweep.q0)");
  // Replica r of a rate runs with every seed (md, abc, metadynamics) shifted by r.
  const long replicas = in.get_int("sweep.replicas");
  if (replicas < 1) throw InputError("key 'sweep.replicas' must be at least 1 (runs per rate)");
  std::vector<SweepPoint> all;
  for (std::size_t k = 0; k < pts.size(); ++k)
    for (long r = 0; r < replicas; ++r) {
      SweepPoint p = pts[k];
      p.replica = static_cast<int>(r);
      char buf[80];
      const char* tag = p.method == "shear" ? "md" : p.method == "kmc" ? "kmc" : "meta";
      std::snprintf(buf, sizeof buf, "point-%02zu-%s-%.3e", k, tag, p.rate);
      p.id = buf + (r ? "-r" + std::to_string(r) : std::string());
      all.push_back(p);
    }
  return all;
}

// The input of one point: the sweep file's own sections with the point's task and rate.
Input point_input(const Input& in, const SweepPoint& p, double temperature, double max_strain, const std::string& dir) {
  Input q = in.with("task", p.method)
                .with("md.seed", std::to_string(in.get_int("md.seed") + p.replica))
                .with("abc.seed", std::to_string(in.get_int("abc.seed") + p.replica))
                .with("metadynamics.seed", std::to_string(in.get_int("metadynamics.seed") + p.replica))
                .with("sweep.rates", "")
                .with("sweep.q0", "")
                .with("output.hdf5", "")
                .with("output.catalog", "")
                .with("output.data", "")
                .with("output.table", "'" + dir + "/" + p.id + ".dat'");
  if (p.method == "shear") {
    // Another replica is another thermal history: new velocities unless the input sets them.
    if (p.replica > 0 && !in.has("md.velocity_temperature"))
      q = q.with("md.velocity_temperature", yaml_number(temperature));
    q = q.with("shear.rate", yaml_number(p.rate))
            .with("shear.max_strain", yaml_number(max_strain))
            .with("md.temperature", yaml_number(temperature))
            .with("shear.restart", "'" + dir + "/" + p.id + "-restart.h5'")
            .with("shear.resume", "true")
            .with("shear.table_strain", yaml_number(in.get_real("sweep.md_table_strain")))
            .with("output.sequence", "'" + dir + "/" + p.id + ".h5'");
  } else if (p.method == "kmc") {
    // Each KMC point grows its own catalog (points run in parallel); a rerun of the point
    // starts from what it found before.
    q = q.with("kmc.rate", yaml_number(p.rate))
            .with("kmc.max_strain", yaml_number(max_strain))
            .with("kmc.temperature", yaml_number(temperature))
            .with("kmc.seed", std::to_string(in.get_int("kmc.seed") + p.replica))
            .with("kmc.resume", "true")
            .with("output.catalog", "'" + dir + "/" + p.id + "-catalog.h5'")
            .with("output.sequence", "'" + dir + "/" + p.id + ".h5'");
  } else {
    q = q.with("metadynamics.q0", yaml_number(p.q0))
            .with("metadynamics.rate", "")
            .with("metadynamics.max_strain", yaml_number(max_strain))
            .with("metadynamics.temperature", yaml_number(temperature))
            .with("metadynamics.resume", "true")
            .with("output.sequence", "'" + dir + "/" + p.id + ".h5'");
  }
  return q;
}

void write_text_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream o(tmp, std::ios::trunc);
    o << text;
    o.flush();
    if (!o) throw InputError("cannot write '" + tmp + "'");
  }
  std::filesystem::rename(tmp, path);
}

// A point's record: its result, or the error that stopped it (e.g. a Q0 out of reach).
std::optional<nlohmann::json> point_record(const std::string& path, const SweepPoint& p) {
  std::ifstream f(path);
  if (!f) return std::nullopt;
  try {
    nlohmann::json j = nlohmann::json::parse(f);
    if (j.at("method") == p.method && std::abs(j.at("rate_per_s").get<double>() / p.rate - 1.0) < 1e-9 &&
        j.value("replica", 0) == p.replica)
      return j;
  } catch (const std::exception&) {
  }
  return std::nullopt;  // from another sweep, or damaged: run it again
}

// Finished points are not run again; failed ones are (the input may have changed).
std::optional<nlohmann::json> finished_point(const std::string& path, const SweepPoint& p) {
  auto j = point_record(path, p);
  if (j && j->contains("error")) return std::nullopt;
  return j;
}

// sweep.catalog (a catalog of the same sample, e.g. from task art or an earlier KMC run) is
// where each KMC point's own catalog starts, so no point samples again what is known.
void seed_catalog(const Input& sweep, const Input& point) {
  if (!sweep.has("sweep.catalog") || point.get_string("task") != "kmc") return;
  const std::string from = sweep.get_path("sweep.catalog"), to = point.get_path("output.catalog");
  if (std::filesystem::exists(to)) return;  // the point's own, from an earlier attempt (run_sweep checked `from`)
  std::error_code ec;
  std::filesystem::copy_file(from, to + ".tmp", std::filesystem::copy_options::overwrite_existing, ec);
  if (!ec) std::filesystem::rename(to + ".tmp", to, ec);
  if (ec) throw InputError("key 'sweep.catalog': cannot copy '" + from + "' to '" + to + "': " + ec.message());
}

// The runs of one rate: their mean and its standard error (failed runs, NaN, are left out).
struct ReplicaMean {
  double sum = 0.0, squares = 0.0;
  int n = 0;
  void add(double v) {
    if (!std::isfinite(v)) return;
    sum += v;
    squares += v * v;
    ++n;
  }
  double mean() const { return n > 0 ? sum / n : std::nan(""); }
  double standard_error() const {
    if (n < 2) return std::nan("");
    const double m = mean();
    return std::sqrt(std::max(0.0, (squares - n * m * m) / (n - 1)) / n);
  }
};

struct Curve {
  std::vector<double> strain, stress;
};

// (strain, stress) columns of a point's table.
void read_curve(const std::string& path, std::vector<double>& strain, std::vector<double>& stress) {
  for (const auto& row : read_table_rows(path)) {
    if (row.size() < 2) continue;
    strain.push_back(row[0]);
    stress.push_back(row[1]);
  }
}

}  // namespace

nlohmann::json run_sweep(const Input& in) {
  const Parallel& par = parallel();
  const double temperature = in.get_positive("sweep.temperature");
  const double max_strain = in.get_positive("sweep.max_strain");
  // The flow stress of a run is its mean stress from here on, recomputed from its table at
  // every gathering, so a new window needs no new runs.
  const double steady_from = in.has("sweep.steady_from") ? in.get_real("sweep.steady_from") : 0.7 * max_strain;
  if (!(steady_from >= 0.0 && steady_from < max_strain))
    throw InputError("key 'sweep.steady_from' must lie in [0, sweep.max_strain) (strain where steady flow is averaged from), got " +
                     brief(steady_from));
  const double peak_bin = in.get_positive("sweep.peak_bin");  // wider than the run: its mean
  if (in.get_real("sweep.md_table_strain") < 0.0) throw InputError("key 'sweep.md_table_strain' must not be negative");
  const double fit_split = in.has("sweep.fit_split") ? in.get_positive("sweep.fit_split") : 0.0;
  std::vector<SweepPoint> pts = sweep_points(in, temperature);
  // Short mode checks that a sweep runs: its fastest and its slowest point only.
  if (in.short_mode()) {
    std::vector<SweepPoint> first;
    for (const SweepPoint& p : pts)
      if (p.replica == 0) first.push_back(p);
    pts = first.size() > 2 ? std::vector<SweepPoint>{first.front(), first.back()} : first;
  }
  // Absolute, because each point's input resolves its paths from the sweep file's directory.
  const std::string dir = std::filesystem::absolute(in.get_path("sweep.directory")).lexically_normal().string();
  std::vector<double> regimes = in.has("sweep.regimes") ? in.get_reals("sweep.regimes") : std::vector<double>{};
  for (std::size_t k = 0; k < regimes.size(); ++k) {
    if (!(regimes[k] > 0.0)) throw InputError("key 'sweep.regimes' holds a rate that is not positive");
    if (k && !(regimes[k] > regimes[k - 1]))
      throw InputError("key 'sweep.regimes' must be ascending rate boundaries without overlap, e.g. [1, 1e3, 1e8, 1e11]");
  }
  if (regimes.size() == 1) throw InputError("key 'sweep.regimes' needs at least two boundaries");
  if (in.has("sweep.catalog")) {
    if (in.get_string("sweep.slow_method") != "kmc")
      throw InputError("key 'sweep.catalog' seeds KMC points: it needs sweep.slow_method: kmc");
    if (!std::filesystem::exists(in.get_path("sweep.catalog")))
      throw InputError("key 'sweep.catalog': no file '" + in.get_path("sweep.catalog") + "'");
  }
  // Every point's input is checked before anything runs, so a bad key fails at once.
  std::vector<Input> inputs;
  for (const SweepPoint& p : pts) inputs.push_back(point_input(in, p, temperature, max_strain, dir));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw InputError("key 'sweep.directory': cannot create '" + dir + "': " + ec.message());

  // Point k runs on rank k mod size; a point finished earlier (its .json exists) is skipped.
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t k = 0; k < pts.size(); ++k) {
    if (static_cast<int>(k % static_cast<std::size_t>(par.size)) != par.rank) continue;
    const std::string record = dir + "/" + pts[k].id + ".json";
    if (finished_point(record, pts[k])) {
      std::cerr << "sweep: " << pts[k].id << " done earlier, kept" << std::endl;
      continue;
    }
    std::cerr << "sweep: rank " << par.rank << " runs " << pts[k].id << " (" << pts[k].method << ", "
              << brief(pts[k].rate) << " 1/s"
              << (std::isnan(pts[k].q0) ? std::string() : ", Q0 " + brief(pts[k].q0) + " eV") << ")" << std::endl;
    const auto p0 = std::chrono::steady_clock::now();
    nlohmann::json j = {{"method", pts[k].method},
                        {"rate_per_s", pts[k].rate},
                        {"replica", pts[k].replica},
                        {"q0_eV", std::isnan(pts[k].q0) ? nlohmann::json(nullptr) : nlohmann::json(pts[k].q0)},
                        {"table", inputs[k].get_path("output.table")}};
    try {
      seed_catalog(in, inputs[k]);
      const nlohmann::json r = pts[k].method == "shear"  ? run_shear(inputs[k])
                               : pts[k].method == "kmc" ? run_kmc_task(inputs[k])
                                                        : run_metadynamics_task(inputs[k]);
      j["flow_stress_GPa"] = r["flow_stress_GPa"];
      j["force_calls"] = r["force_calls"];
      // KMC can stop short of the strain asked for (no exits, kmc.max_steps): that point has
      // no flow stress to report, and running the sweep again retries it from its catalog.
      if (pts[k].method == "kmc" && !in.short_mode() && r.value("strain", 0.0) < max_strain * (1.0 - 1e-9))
        throw NumericalError("KMC stopped at strain " + brief(r.value("strain", 0.0)) + " of " + brief(max_strain) +
                         ": " + r["stop_reason"].get<std::string>());
    } catch (const NumericalError& e) {
      // A point the method cannot finish (a Q0 out of reach, KMC stopped short, non-finite
      // forces): the sweep goes on without it and says why; running the sweep again retries
      // it. An InputError is not caught: a wrong input stops the sweep.
      j["error"] = e.what();
      j["flow_stress_GPa"] = nullptr;
      j["force_calls"] = 0;
      std::cerr << "sweep: " << pts[k].id << " failed: " << e.what() << std::endl;
    }
    j["wall_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - p0).count();
    write_text_atomically(record, j.dump(1) + "\n");
    if (!j.contains("error")) {
      // The flow stress the sweep reports (from sweep.steady_from), not the run's own.
      std::vector<double> strain, stress;
      read_curve(j["table"].get<std::string>(), strain, stress);
      std::cerr << "sweep: " << pts[k].id << " flow stress " << brief(flow_stress(strain, stress, steady_from))
                << " GPa (mean from strain " << brief(steady_from) << ")" << std::endl;
    }
  }
  gather_on_root("");  // every rank has finished its points
  if (!par.root()) return {{"task", "sweep"}, {"rank", par.rank}};

  nlohmann::json points = nlohmann::json::array();
  std::vector<Curve> curves;  // read once: flow stresses and the HDF5 curves
  std::vector<double> run_tau, run_tau_is, run_peak_is;
  for (const SweepPoint& p : pts) {
    const auto j = point_record(dir + "/" + p.id + ".json", p);
    if (!j) throw InputError("sweep point '" + p.id + "' left no result in '" + dir + "'");
    const std::string table = j->value("table", std::string());
    Curve& c = curves.emplace_back();
    read_curve(table, c.strain, c.stress);
    if (!j->contains("error") && c.strain.empty())
      throw InputError("sweep point '" + p.id + "': its table '" + table + "' is missing or empty");
    run_tau.push_back(j->contains("error") ? std::nan("") : flow_stress(c.strain, c.stress, steady_from));
    points.push_back(*j);
    points.back()["flow_stress_GPa"] = std::isfinite(run_tau.back()) ? nlohmann::json(run_tau.back()) : nlohmann::json(nullptr);
    // The same average over the inherent structures of the run: MD's thermal stress and the
    // landscape methods' inherent-structure stress are not the same quantity.
    run_tau_is.push_back(std::nan(""));
    run_peak_is.push_back(std::nan(""));
    const std::string sequence = dir + "/" + p.id + ".h5";
    if (!j->contains("error") && std::filesystem::exists(sequence)) {
      const InherentSequenceReader r(sequence);
      const std::vector<double> strain = r.strains(), stress = r.shear_stresses();
      run_tau_is.back() = flow_stress(strain, stress, steady_from);
      run_peak_is.back() = peak_stress(strain, stress, peak_bin);
    }
    points.back()["peak_stress_inherent_GPa"] =
        std::isfinite(run_peak_is.back()) ? nlohmann::json(run_peak_is.back()) : nlohmann::json(nullptr);
  }
  nlohmann::json failed = nlohmann::json::array();
  for (std::size_t k = 0; k < pts.size(); ++k)
    if (points[k].contains("error")) failed.push_back(pts[k].id);
  if (!failed.empty())
    std::cerr << "sweep: " << failed.size() << " run(s) failed (their records say why); run the sweep again to retry them"
              << std::endl;
  // One value per rate: the mean over its replicas, with the standard error of that mean.
  std::vector<double> rate, q0s, wall;
  std::vector<ReplicaMean> flow, flow_is, peak_is;
  std::vector<long> calls;
  std::vector<std::string> methods;
  for (std::size_t k = 0; k < pts.size(); ++k) {
    if (pts[k].replica == 0 || rate.empty()) {
      rate.push_back(pts[k].rate);
      q0s.push_back(pts[k].q0);
      methods.push_back(pts[k].method);
      flow.emplace_back();
      flow_is.emplace_back();
      peak_is.emplace_back();
      calls.push_back(0);
      wall.push_back(0.0);
    }
    calls.back() += points[k].value("force_calls", 0L);
    wall.back() += points[k].value("wall_seconds", 0.0);
    flow.back().add(run_tau[k]);
    flow_is.back().add(run_tau_is[k]);
    peak_is.back().add(run_peak_is[k]);
  }
  std::vector<double> tau, sem, tau_is, peak, peak_sem;
  std::vector<int> runs;
  for (std::size_t k = 0; k < rate.size(); ++k) {
    tau.push_back(flow[k].mean());
    sem.push_back(flow[k].standard_error());
    tau_is.push_back(flow_is[k].mean());
    peak.push_back(peak_is[k].mean());
    peak_sem.push_back(peak_is[k].standard_error());
    runs.push_back(flow[k].n);
  }

  // m per regime: the given boundaries, or one regime per method; of the flow stress and of
  // the peak stress (the cleaner rate observable of a small sample).
  nlohmann::json m = nlohmann::json::array(), m_peak = nlohmann::json::array();
  const auto number_or_null = [](double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); };
  auto add_regime = [&](double lo, double hi) {
    for (auto [values, out] : {std::pair{&tau, &m}, std::pair{&peak, &m_peak}}) {
      const RateSensitivity r = rate_sensitivity(rate, *values, lo, hi);
      out->push_back({{"from_rate", lo}, {"to_rate", hi}, {"m", number_or_null(r.m)},
                      {"m_standard_error", number_or_null(r.standard_error)}, {"points", r.points}});
    }
  };
  const double md_above = in.get_positive("sweep.md_above");
  if (regimes.empty()) {
    add_regime(0.0, std::nextafter(md_above, 0.0));
    add_regime(md_above, 1e300);
  } else {
    for (std::size_t k = 0; k + 1 < regimes.size(); ++k) add_regime(regimes[k], regimes[k + 1]);
  }
  // The study's two fits: asinh at low rates, the 2/3 law at high rates; split at
  // sweep.fit_split, else between the landscape points and the MD points.
  std::vector<double> lr, lt, hr, ht;
  for (std::size_t k = 0; k < rate.size(); ++k) {
    if (std::isnan(tau[k])) continue;
    const bool high_rate = fit_split > 0.0 ? rate[k] >= fit_split : methods[k] == "shear";
    (high_rate ? hr : lr).push_back(rate[k]);
    (high_rate ? ht : lt).push_back(tau[k]);
  }
  // The calibration sets the MD points against the metadynamics ones, by flow or peak stress.
  const std::string calibrate_with = in.get_string("sweep.calibrate_with");
  const std::vector<double>& cal_tau = calibrate_with == "peak" ? peak : tau;
  std::vector<double> mdr, mdt, lq, mt;
  for (std::size_t k = 0; k < rate.size(); ++k) {
    if (std::isnan(cal_tau[k])) continue;
    if (methods[k] == "shear") {
      mdr.push_back(rate[k]);
      mdt.push_back(cal_tau[k]);
    }
    if (methods[k] == "metadynamics") {
      lq.push_back(q0s[k]);
      mt.push_back(cal_tau[k]);
    }
  }
  const AsinhFit low = fit_asinh(lr, lt);
  const LogPowerFit high = fit_log_power(hr, ht);
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  nlohmann::json fits = {
      {"asinh", {{"formula", "tau = A asinh(gdot / B)"}, {"A_GPa", num(low.A)}, {"B_per_s", num(low.B)},
                 {"rms_GPa", num(low.rms)}, {"points", low.points}, {"B_at_scan_bound", low.at_bound}}},
      {"log_power", {{"formula", "tau = tau_c - C [ln(D / gdot)]^(2/3)"}, {"tau_c_GPa", num(high.tau_c)},
                     {"C_GPa", num(high.C)}, {"D_per_s", num(high.D)}, {"rms_GPa", num(high.rms)},
                     {"points", high.points}, {"D_at_scan_bound", high.at_bound}}},
      {"split_rate_per_s", fit_split > 0.0 ? nlohmann::json(fit_split) : nlohmann::json(nullptr)}};
  // gdot0 and a(T) of the rate law from the metadynamics points that overlap MD in stress.
  const RateLawCalibration cal = calibrate_rate_law(mdr, mdt, lq, mt, temperature);
  nlohmann::json calibration = {{"stress", calibrate_with},
                                {"rate_prefactor_per_s", num(cal.rate_prefactor)},
                                {"a", num(cal.a)},
                                {"points", cal.points},
                                {"q0_eV", cal.q0},
                                {"effective_rate_per_s", cal.effective_rate},
                                {"rms_log10_rate", num(cal.rms_log10)},
                                {"md_law_D_at_scan_bound", cal.md_law_at_bound}};
  if (!cal.why_not.empty()) calibration["not_calibrated"] = cal.why_not;
  else
    std::cerr << "sweep: calibration against MD: metadynamics.rate_prefactor " << brief(cal.rate_prefactor)
              << " 1/s, metadynamics.a " << brief(cal.a) << " (" << cal.points << " points)" << std::endl;
  nlohmann::json by_rate = nlohmann::json::array();
  for (std::size_t k = 0; k < rate.size(); ++k)
    by_rate.push_back({{"rate_per_s", rate[k]},
                       {"method", methods[k]},
                       {"q0_eV", num(q0s[k])},
                       {"flow_stress_GPa", num(tau[k])},
                       {"flow_stress_sem_GPa", num(sem[k])},
                       {"flow_stress_inherent_GPa", num(tau_is[k])},
                       {"peak_stress_inherent_GPa", num(peak[k])},
                       {"peak_stress_inherent_sem_GPa", num(peak_sem[k])},
                       {"replicas", runs[k]}});

  nlohmann::json out = {{"task", "sweep"},
                        {"points", points},
                        {"failed_points", failed},
                        {"flow_stress", by_rate},
                        {"calibration", calibration},
                        {"rate_sensitivity", m},
                        {"rate_sensitivity_peak", m_peak},
                        {"peak_bin", peak_bin},
                        {"fits", fits},
                        {"steady_from", steady_from},
                        {"decades", pts.empty() ? 0.0 : std::log10(pts.front().rate / pts.back().rate)},
                        {"wall_seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()},
                        {"output", {{"directory", dir}}}};
  if (in.has("output.table")) {
    std::ostringstream csv;
    csv << "rate_per_s,method,q0_eV,flow_stress_GPa,flow_stress_sem_GPa,replicas,force_calls,wall_seconds,"
           "flow_stress_inherent_GPa,peak_stress_inherent_GPa,peak_stress_inherent_sem_GPa\n";
    auto cell = [](double v) { return std::isfinite(v) ? shortest(v) : std::string(); };
    for (std::size_t k = 0; k < rate.size(); ++k)
      csv << shortest(rate[k]) << "," << methods[k] << "," << cell(q0s[k]) << "," << cell(tau[k]) << ","
          << cell(sem[k]) << "," << runs[k] << "," << calls[k] << "," << shortest(wall[k]) << "," << cell(tau_is[k])
          << "," << cell(peak[k]) << "," << cell(peak_sem[k]) << "\n";
    write_text_atomically(in.get_path("output.table"), csv.str());
    out["output"]["table"] = in.get_path("output.table");
  }
  if (in.has("output.hdf5")) {
    Hdf5Writer h(in.get_path("output.hdf5"));
    h.attribute("/", "format", "metabasin-sweep");
    h.integer_attribute("/", "version", 1);
    h.attribute("/", "temperature_K", temperature);
    h.attribute("/", "steady_from", steady_from);
    h.attribute("/", "peak_bin", peak_bin);
    h.group("/points");
    h.write("/points/rate", rate, {rate.size()});
    h.write("/points/flow_stress", tau, {tau.size()});
    h.write("/points/flow_stress_sem", sem, {sem.size()});
    h.write("/points/flow_stress_inherent", tau_is, {tau_is.size()});
    h.write("/points/peak_stress_inherent", peak, {peak.size()});
    h.write("/points/peak_stress_inherent_sem", peak_sem, {peak_sem.size()});
    const std::vector<double> replicas(runs.begin(), runs.end());
    h.write("/points/replicas", replicas, {replicas.size()});
    h.write("/points/q0", q0s, {q0s.size()});
    h.write_strings("/points/method", methods);
    h.group("/curves");
    for (std::size_t k = 0; k < pts.size(); ++k) {
      const SweepPoint& p = pts[k];
      const Curve& c = curves[k];
      h.group("/curves/" + p.id);
      h.write("/curves/" + p.id + "/strain", c.strain, {c.strain.size()});
      h.write("/curves/" + p.id + "/shear_stress", c.stress, {c.stress.size()});
      h.attribute("/curves/" + p.id, "rate", p.rate);
      h.attribute("/curves/" + p.id, "replica", static_cast<double>(p.replica));
      h.attribute("/curves/" + p.id, "flow_stress", run_tau[k]);
    }
    h.group("/fits");
    h.attribute("/fits", "asinh_A", low.A);
    h.attribute("/fits", "asinh_B", low.B);
    h.attribute("/fits", "log_power_tau_c", high.tau_c);
    h.attribute("/fits", "log_power_C", high.C);
    h.attribute("/fits", "log_power_D", high.D);
    h.attribute("/fits", "split_rate", fit_split > 0.0 ? fit_split : std::nan(""));
    const auto column = [](const nlohmann::json& regimes, const char* key) {
      std::vector<double> v;
      for (const auto& r : regimes) v.push_back(r[key].is_number() ? r[key].get<double>() : std::nan(""));
      return v;
    };
    const std::vector<double> mlo = column(m, "from_rate"), mhi = column(m, "to_rate"), mval = column(m, "m"),
                              mse = column(m, "m_standard_error"), mpeak = column(m_peak, "m"),
                              mpeak_se = column(m_peak, "m_standard_error");
    h.group("/calibration");
    h.attribute("/calibration", "rate_prefactor", cal.rate_prefactor);
    h.attribute("/calibration", "a", cal.a);
    h.attribute("/calibration", "points", static_cast<double>(cal.points));
    h.attribute("/calibration", "stress", calibrate_with);
    h.group("/rate_sensitivity");
    h.write("/rate_sensitivity/from_rate", mlo, {mlo.size()});
    h.write("/rate_sensitivity/to_rate", mhi, {mhi.size()});
    h.write("/rate_sensitivity/m", mval, {mval.size()});
    h.write("/rate_sensitivity/m_standard_error", mse, {mse.size()});
    h.write("/rate_sensitivity/m_peak", mpeak, {mpeak.size()});
    h.write("/rate_sensitivity/m_peak_standard_error", mpeak_se, {mpeak_se.size()});
    h.close();
    out["output"]["hdf5"] = in.get_path("output.hdf5");
  }
  return out;
}

}  // namespace metabasin
