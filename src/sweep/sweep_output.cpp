// SPDX-License-Identifier: BSD-3-Clause
#include "sweep_output.hpp"

#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include "error.hpp"
#include "json_text.hpp"
#include "hdf5_writer.hpp"
#include "number_format.hpp"
#include "output_path.hpp"

namespace metabasin {

namespace {


nlohmann::json left_out_json(const std::vector<LeftOutRate>& v) {
  nlohmann::json out = nlohmann::json::array();
  for (const LeftOutRate& r : v) out.push_back({{"rate_per_s", r.rate}, {"stress_GPa", json_number(r.stress)}, {"reason", r.reason}});
  return out;
}

// m per regime, of the flow stress or of the peak stress (the cleaner rate observable of a
// small sample), with the rates the log-log fit could not use.
nlohmann::json regimes_json(const std::vector<RegimeSensitivity>& regimes, bool peak) {
  nlohmann::json out = nlohmann::json::array();
  for (const RegimeSensitivity& g : regimes) {
    const RateSensitivity& r = peak ? g.peak : g.flow;
    const auto& left = peak ? g.peak_left_out : g.flow_left_out;
    out.push_back({{"from_rate", g.from_rate}, {"to_rate", g.to_rate},
                   {"method", g.method.empty() ? nlohmann::json(nullptr) : nlohmann::json(g.method)},
                   {"m", json_number(r.m)}, {"m_standard_error", json_number(r.standard_error)}, {"points", r.points},
                   {"points_left_out", left.size()}, {"left_out", left_out_json(left)}});
  }
  return out;
}

nlohmann::json points_json(const std::vector<SweepPoint>& points, const std::vector<SweepPointResult>& results,
                           const std::vector<RunStresses>& runs) {
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t k = 0; k < points.size(); ++k) {
    const SweepPoint& p = points[k];
    const SweepPointResult& r = results[k];
    nlohmann::json j = {{"method", to_string(p.method)}, {"rate_per_s", p.rate}, {"replica", p.replica},
                        {"q0_eV", json_number(p.q0)}, {"table", r.table}, {"flow_stress_GPa", json_number(runs[k].flow)},
                        {"force_calls", r.force_calls}, {"wall_seconds", r.wall_seconds},
                        {"peak_stress_inherent_GPa", json_number(runs[k].peak_inherent)}};
    if (r.failed()) j["error"] = r.error;
    out.push_back(j);
  }
  return out;
}

nlohmann::json fits_json(const SweepAnalysisParams& p, const SweepAnalysis& a) {
  return {{"asinh", {{"formula", "tau = A asinh(gdot / B)"}, {"A_GPa", json_number(a.low.A)}, {"B_per_s", json_number(a.low.B)},
                     {"rms_GPa", json_number(a.low.rms)}, {"points", a.low.points}, {"B_at_scan_bound", a.low.at_bound}}},
          {"log_power", {{"formula", "tau = tau_c - C [ln(D / gdot)]^(2/3)"}, {"tau_c_GPa", json_number(a.high.tau_c)},
                         {"C_GPa", json_number(a.high.C)}, {"D_per_s", json_number(a.high.D)}, {"rms_GPa", json_number(a.high.rms)},
                         {"points", a.high.points}, {"D_at_scan_bound", a.high.at_bound}}},
          {"split_rate_per_s", p.fit_split > 0.0 ? nlohmann::json(p.fit_split) : nlohmann::json(nullptr)}};
}

nlohmann::json calibration_json(const SweepAnalysisParams& p, const RateLawCalibration& cal) {
  nlohmann::json j = {{"stress", p.calibrate_with_peak ? "peak" : "flow"},
                      {"rate_prefactor_per_s", json_number(cal.rate_prefactor)},
                      {"a", json_number(cal.a)},
                      {"points", cal.points},
                      {"q0_eV", cal.q0},
                      {"effective_rate_per_s", cal.effective_rate},
                      {"rms_log10_rate", json_number(cal.rms_log10)},
                      {"md_law_D_at_scan_bound", cal.md_law_at_bound}};
  if (!cal.why_not.empty()) j["not_calibrated"] = cal.why_not;
  return j;
}

nlohmann::json by_rate_json(const std::vector<RateRow>& rates) {
  nlohmann::json out = nlohmann::json::array();
  for (const RateRow& r : rates)
    out.push_back({{"rate_per_s", r.rate},
                   {"method", to_string(r.method)},
                   {"q0_eV", json_number(r.q0)},
                   {"flow_stress_GPa", json_number(r.flow)},
                   {"flow_stress_sem_GPa", json_number(r.flow_sem)},
                   {"flow_stress_inherent_GPa", json_number(r.flow_inherent)},
                   {"peak_stress_inherent_GPa", json_number(r.peak)},
                   {"peak_stress_inherent_sem_GPa", json_number(r.peak_sem)},
                   {"replicas", r.replicas}});
  return out;
}

}  // namespace

void report_left_out(const std::vector<RegimeSensitivity>& regimes) {
  for (const RegimeSensitivity& g : regimes)
    for (const auto& [what, left] : {std::pair{"flow", &g.flow_left_out}, std::pair{"peak", &g.peak_left_out}}) {
      if (left->empty()) continue;
      std::cerr << "sweep: warning: the m fit of the " << what << " stress over "
                << (g.method.empty() ? "rates " + brief(g.from_rate) + " to " + brief(g.to_rate) + " 1/s"
                                     : "the " + g.method + " points")
                << " leaves out " << left->size() << " rate(s):";
      for (const LeftOutRate& r : *left)
        std::cerr << " " << brief(r.rate) << " 1/s (" << (std::isnan(r.stress) ? "" : brief(r.stress) + " GPa: ")
                  << r.reason << ")";
      std::cerr << std::endl;
    }
}

nlohmann::json sweep_json(const SweepAnalysisParams& p, const std::vector<SweepPoint>& points,
                          const std::vector<SweepPointResult>& results, const SweepAnalysis& a) {
  nlohmann::json failed = nlohmann::json::array();
  for (std::size_t k = 0; k < points.size(); ++k)
    if (results[k].failed()) failed.push_back(points[k].id);
  if (a.calibration.why_not.empty())
    std::cerr << "sweep: calibration against MD: metadynamics.rate_prefactor " << brief(a.calibration.rate_prefactor)
              << " 1/s, metadynamics.a " << brief(a.calibration.a) << " (" << a.calibration.points << " points)"
              << std::endl;
  return {{"task", "sweep"},
          {"points", points_json(points, results, a.runs)},
          {"failed_points", failed},
          {"flow_stress", by_rate_json(a.rates)},
          {"calibration", calibration_json(p, a.calibration)},
          {"rate_sensitivity", regimes_json(a.regimes, false)},
          {"rate_sensitivity_peak", regimes_json(a.regimes, true)},
          {"peak_bin", p.peak_bin},
          {"fits", fits_json(p, a)},
          {"steady_from", p.steady_from},
          {"decades", points.empty() ? 0.0 : std::log10(points.front().rate / points.back().rate)}};
}

void write_sweep_csv(const std::string& path, const SweepAnalysis& a) {
  std::ostringstream csv;
  csv << "rate_per_s,method,q0_eV,flow_stress_GPa,flow_stress_sem_GPa,replicas,force_calls,wall_seconds,"
         "flow_stress_inherent_GPa,peak_stress_inherent_GPa,peak_stress_inherent_sem_GPa\n";
  auto cell = [](double v) { return std::isfinite(v) ? shortest(v) : std::string(); };
  for (const RateRow& r : a.rates)
    csv << shortest(r.rate) << "," << to_string(r.method) << "," << cell(r.q0) << "," << cell(r.flow) << ","
        << cell(r.flow_sem) << "," << r.replicas << "," << r.force_calls << "," << shortest(r.wall_seconds) << ","
        << cell(r.flow_inherent) << "," << cell(r.peak) << "," << cell(r.peak_sem) << "\n";
  write_text_atomically(path, csv.str());
}

namespace {

void write_points(Hdf5Writer& h, const std::vector<RateRow>& rates) {
  std::vector<double> rate, tau, sem, tau_is, peak, peak_sem, replicas, q0;
  std::vector<std::string> methods;
  for (const RateRow& r : rates) {
    rate.push_back(r.rate);
    tau.push_back(r.flow);
    sem.push_back(r.flow_sem);
    tau_is.push_back(r.flow_inherent);
    peak.push_back(r.peak);
    peak_sem.push_back(r.peak_sem);
    replicas.push_back(r.replicas);
    q0.push_back(r.q0);
    methods.push_back(to_string(r.method));
  }
  h.group("/points");
  for (const auto& [name, v] : {std::pair{"rate", &rate}, {"flow_stress", &tau}, {"flow_stress_sem", &sem},
                                {"flow_stress_inherent", &tau_is}, {"peak_stress_inherent", &peak},
                                {"peak_stress_inherent_sem", &peak_sem}, {"replicas", &replicas}, {"q0", &q0}})
    h.write(std::string("/points/") + name, *v, {v->size()});
  h.write_strings("/points/method", methods);
}

void write_curves(Hdf5Writer& h, const std::vector<SweepPoint>& points, const std::vector<SweepPointResult>& results,
                  const std::vector<RunStresses>& runs) {
  h.group("/curves");
  for (std::size_t k = 0; k < points.size(); ++k) {
    const std::string g = "/curves/" + points[k].id;
    h.group(g);
    h.write(g + "/strain", results[k].strain, {results[k].strain.size()});
    h.write(g + "/shear_stress", results[k].stress, {results[k].stress.size()});
    h.attribute(g, "rate", points[k].rate);
    h.attribute(g, "replica", static_cast<double>(points[k].replica));
    h.attribute(g, "flow_stress", runs[k].flow);
  }
}

// Per regime: the range, m of flow and peak stress, the method (empty for rate ranges) and
// how many rates each fit left out (the JSON names them and says why).
void write_regimes(Hdf5Writer& h, const std::vector<RegimeSensitivity>& regimes) {
  std::vector<double> lo, hi, m, mse, mp, mpse, n, left, np, left_peak;
  std::vector<std::string> methods;
  for (const RegimeSensitivity& g : regimes) {
    lo.push_back(g.from_rate);
    hi.push_back(g.to_rate);
    m.push_back(g.flow.m);
    mse.push_back(g.flow.standard_error);
    mp.push_back(g.peak.m);
    mpse.push_back(g.peak.standard_error);
    n.push_back(g.flow.points);
    np.push_back(g.peak.points);
    left.push_back(static_cast<double>(g.flow_left_out.size()));
    left_peak.push_back(static_cast<double>(g.peak_left_out.size()));
    methods.push_back(g.method);
  }
  h.group("/rate_sensitivity");
  for (const auto& [name, v] : {std::pair{"from_rate", &lo}, {"to_rate", &hi}, {"m", &m}, {"m_standard_error", &mse},
                                {"m_peak", &mp}, {"m_peak_standard_error", &mpse}, {"points", &n},
                                {"points_left_out", &left}, {"m_peak_points", &np},
                                {"m_peak_points_left_out", &left_peak}})
    h.write(std::string("/rate_sensitivity/") + name, *v, {v->size()});
  h.write_strings("/rate_sensitivity/method", methods);
}

}  // namespace

void write_sweep_hdf5(const std::string& path, const SweepAnalysisParams& p, const std::vector<SweepPoint>& points,
                      const std::vector<SweepPointResult>& results, const SweepAnalysis& a) {
  Hdf5Writer h(path);
  h.attribute("/", "format", "metabasin-sweep");
  h.integer_attribute("/", "version", 1);
  h.attribute("/", "temperature_K", p.temperature);
  h.attribute("/", "steady_from", p.steady_from);
  h.attribute("/", "peak_bin", p.peak_bin);
  write_points(h, a.rates);
  write_curves(h, points, results, a.runs);
  h.group("/fits");
  h.attribute("/fits", "asinh_A", a.low.A);
  h.attribute("/fits", "asinh_B", a.low.B);
  h.attribute("/fits", "log_power_tau_c", a.high.tau_c);
  h.attribute("/fits", "log_power_C", a.high.C);
  h.attribute("/fits", "log_power_D", a.high.D);
  h.attribute("/fits", "split_rate", p.fit_split > 0.0 ? p.fit_split : std::nan(""));
  h.group("/calibration");
  h.attribute("/calibration", "rate_prefactor", a.calibration.rate_prefactor);
  h.attribute("/calibration", "a", a.calibration.a);
  h.attribute("/calibration", "points", static_cast<double>(a.calibration.points));
  h.attribute("/calibration", "stress", std::string(p.calibrate_with_peak ? "peak" : "flow"));
  write_regimes(h, a.regimes);
  h.close();
}

}  // namespace metabasin
