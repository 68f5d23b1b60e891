// SPDX-License-Identifier: BSD-3-Clause
#include "sweep_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "error.hpp"
#include "fits.hpp"
#include "metadynamics.hpp"
#include "number_format.hpp"

namespace metabasin {

const char* to_string(SweepMethod m) {
  switch (m) {
    case SweepMethod::md: return "shear";
    case SweepMethod::metadynamics: return "metadynamics";
    case SweepMethod::kmc: return "kmc";
  }
  return "?";
}

namespace {

const char* file_tag(SweepMethod m) {
  return m == SweepMethod::md ? "md" : m == SweepMethod::kmc ? "kmc" : "meta";
}

// A point of sweep.rates: MD at and above md_above, the slow method below.
SweepPoint rate_point(const SweepPlanParams& p, double r) {
  if (!(r > 0.0)) throw InputError("key 'sweep.rates' holds " + brief(r) + ": strain rates must be positive");
  SweepPoint pt;
  pt.rate = r;
  if (r >= p.md_above) {
    pt.method = SweepMethod::md;
  } else if (p.slow_method == SweepMethod::kmc) {
    pt.method = SweepMethod::kmc;  // the rate is its own: strain advances as gdot t
  } else {
    pt.method = SweepMethod::metadynamics;
    if (!(r < p.rate_prefactor))
      throw InputError("key 'sweep.rates' holds " + brief(r) + " 1/s, at or above metadynamics.rate_prefactor (" +
                       brief(p.rate_prefactor) + " 1/s), where Q0 would be negative; lower sweep.md_above so MD runs it");
    pt.q0 = metadynamics_q0(r, p.rate_prefactor, p.a, p.temperature);
  }
  return pt;
}

// A point of sweep.q0: metadynamics at the rate its barrier stands for, whatever md_above says.
SweepPoint q0_point(const SweepPlanParams& p, double q) {
  if (!(q > 0.0)) throw InputError("key 'sweep.q0' holds " + brief(q) + ": barriers Q0 must be positive");
  SweepPoint pt;
  pt.method = SweepMethod::metadynamics;
  pt.q0 = q;
  pt.rate = metadynamics_strain_rate(q, p.rate_prefactor, p.a, p.temperature);
  if (!(pt.rate > 0.0))
    throw InputError("key 'sweep.q0' holds " + brief(q) + " eV, which stands for a strain rate that underflows to 0");
  return pt;
}

double mean(double sum, int n) { return n > 0 ? sum / n : std::nan(""); }

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
  double value() const { return mean(sum, n); }
  double standard_error() const {
    if (n < 2) return std::nan("");
    const double m = value();
    return std::sqrt(std::max(0.0, (squares - n * m * m) / (n - 1)) / n);
  }
};

// The rates of a log-log fit: those with tau > 0; the others are named with the reason.
RateSensitivity fit_m(const std::vector<const RateRow*>& rows, double RateRow::*stress, double lo, double hi,
                      std::vector<LeftOutRate>& left_out) {
  std::vector<double> rate, tau;
  for (const RateRow* r : rows) {
    if (!(r->rate >= lo && r->rate <= hi)) continue;
    const double t = r->*stress;
    if (std::isnan(t)) left_out.push_back({r->rate, t, "no stress (its runs failed or have no samples in the window)"});
    else if (!(t > 0.0)) left_out.push_back({r->rate, t, "stress not positive: log(tau) undefined"});
    rate.push_back(r->rate);
    tau.push_back(t);
  }
  return rate_sensitivity(rate, tau, lo, hi);
}

RegimeSensitivity regime(const std::vector<const RateRow*>& rows, std::string method, double lo, double hi) {
  RegimeSensitivity g;
  g.method = std::move(method);
  g.from_rate = lo;
  g.to_rate = hi;
  g.flow = fit_m(rows, &RateRow::flow, lo, hi, g.flow_left_out);
  g.peak = fit_m(rows, &RateRow::peak, lo, hi, g.peak_left_out);
  return g;
}

}  // namespace

std::vector<SweepPoint> plan_sweep(const SweepPlanParams& p) {
  if (p.rates.empty() && p.q0.empty()) throw InputError("a sweep needs sweep.rates (1/s) or sweep.q0 (eV), or both");
  std::vector<SweepPoint> pts;
  for (double r : p.rates) pts.push_back(rate_point(p, r));
  for (double q : p.q0) pts.push_back(q0_point(p, q));
  std::sort(pts.begin(), pts.end(), [](const SweepPoint& x, const SweepPoint& y) { return x.rate > y.rate; });
  for (std::size_t k = 1; k < pts.size(); ++k)
    if (std::abs(std::log(pts[k].rate / pts[k - 1].rate)) < 1e-9)
      throw InputError("the sweep holds the strain rate " + brief(pts[k].rate) + " 1/s twice (sweep.rates / sweep.q0)");
  if (p.replicas < 1) throw InputError("key 'sweep.replicas' must be at least 1 (runs per rate)");
  // Replica r of a rate runs with every seed (md, abc, metadynamics, kmc) shifted by r.
  std::vector<SweepPoint> all;
  for (std::size_t k = 0; k < pts.size(); ++k)
    for (int r = 0; r < p.replicas; ++r) {
      SweepPoint pt = pts[k];
      pt.replica = r;
      char buf[80];
      std::snprintf(buf, sizeof buf, "point-%02zu-%s-%.3e", k, file_tag(pt.method), pt.rate);
      pt.id = buf + (r ? "-r" + std::to_string(r) : std::string());
      all.push_back(pt);
    }
  return all;
}

RunStresses run_stresses(const SweepPointResult& r, double steady_from, double peak_bin) {
  RunStresses s;
  if (r.failed()) return s;
  s.flow = flow_stress(r.strain, r.stress, steady_from);
  // The same average over the inherent structures of the run: MD's thermal stress and the
  // landscape methods' inherent-structure stress are not the same quantity.
  if (!r.inherent_strain.empty()) {
    s.flow_inherent = flow_stress(r.inherent_strain, r.inherent_stress, steady_from);
    s.peak_inherent = peak_stress(r.inherent_strain, r.inherent_stress, peak_bin);
  }
  return s;
}

std::vector<RateRow> aggregate_replicas(const std::vector<SweepPoint>& points, const std::vector<SweepPointResult>& results,
                                        const std::vector<RunStresses>& runs) {
  std::vector<RateRow> rows;
  std::vector<ReplicaMean> flow, flow_is, peak;
  for (std::size_t k = 0; k < points.size(); ++k) {
    if (points[k].replica == 0 || rows.empty()) {
      RateRow row;
      row.rate = points[k].rate;
      row.method = points[k].method;
      row.q0 = points[k].q0;
      rows.push_back(row);
      flow.emplace_back();
      flow_is.emplace_back();
      peak.emplace_back();
    }
    rows.back().force_calls += results[k].force_calls;
    rows.back().wall_seconds += results[k].wall_seconds;
    flow.back().add(runs[k].flow);
    flow_is.back().add(runs[k].flow_inherent);
    peak.back().add(runs[k].peak_inherent);
  }
  for (std::size_t k = 0; k < rows.size(); ++k) {
    rows[k].flow = flow[k].value();
    rows[k].flow_sem = flow[k].standard_error();
    rows[k].flow_inherent = flow_is[k].value();
    rows[k].peak = peak[k].value();
    rows[k].peak_sem = peak[k].standard_error();
    rows[k].replicas = flow[k].n;
  }
  return rows;
}

std::vector<RegimeSensitivity> regime_sensitivities(const std::vector<RateRow>& rates, const std::vector<double>& regimes) {
  std::vector<RegimeSensitivity> out;
  std::vector<const RateRow*> all;
  for (const RateRow& r : rates) all.push_back(&r);
  if (!regimes.empty()) {
    for (std::size_t k = 0; k + 1 < regimes.size(); ++k) out.push_back(regime(all, "", regimes[k], regimes[k + 1]));
    return out;
  }
  // One regime per method, slowest method first: a metadynamics point above sweep.md_above
  // (given by its Q0) is still a metadynamics point.
  for (SweepMethod m : {SweepMethod::kmc, SweepMethod::metadynamics, SweepMethod::md}) {
    std::vector<const RateRow*> rows;
    double lo = std::numeric_limits<double>::infinity(), hi = 0.0;
    for (const RateRow* r : all)
      if (r->method == m) {
        rows.push_back(r);
        lo = std::min(lo, r->rate);
        hi = std::max(hi, r->rate);
      }
    if (!rows.empty()) out.push_back(regime(rows, to_string(m), lo, hi));
  }
  return out;
}

namespace {

// The study's two fits: asinh at low rates, the 2/3 law at high rates; split at fit_split,
// else between the landscape points and the MD points.
void rate_law_fits(const SweepAnalysisParams& p, SweepAnalysis& a) {
  std::vector<double> lr, lt, hr, ht;
  for (const RateRow& r : a.rates) {
    if (std::isnan(r.flow)) continue;
    const bool high_rate = p.fit_split > 0.0 ? r.rate >= p.fit_split : r.method == SweepMethod::md;
    (high_rate ? hr : lr).push_back(r.rate);
    (high_rate ? ht : lt).push_back(r.flow);
  }
  a.low = fit_asinh(lr, lt);
  a.high = fit_log_power(hr, ht);
}

// gdot0 and a(T) of the rate law from the metadynamics points that overlap MD in stress.
RateLawCalibration calibrate(const SweepAnalysisParams& p, const std::vector<RateRow>& rates) {
  std::vector<double> md_rate, md_tau, q0, tau;
  for (const RateRow& r : rates) {
    const double t = p.calibrate_with_peak ? r.peak : r.flow;
    if (std::isnan(t)) continue;
    if (r.method == SweepMethod::md) {
      md_rate.push_back(r.rate);
      md_tau.push_back(t);
    } else if (r.method == SweepMethod::metadynamics) {
      q0.push_back(r.q0);
      tau.push_back(t);
    }
  }
  return calibrate_rate_law(md_rate, md_tau, q0, tau, p.temperature);
}

}  // namespace

SweepAnalysis analyse_sweep(const SweepAnalysisParams& p, const std::vector<SweepPoint>& points,
                            const std::vector<SweepPointResult>& results) {
  if (results.size() != points.size()) throw std::logic_error("analyse_sweep: one result per point");
  SweepAnalysis a;
  for (const SweepPointResult& r : results) a.runs.push_back(run_stresses(r, p.steady_from, p.peak_bin));
  a.rates = aggregate_replicas(points, results, a.runs);
  a.regimes = regime_sensitivities(a.rates, p.regimes);
  rate_law_fits(p, a);
  a.calibration = calibrate(p, a.rates);
  return a;
}

}  // namespace metabasin
