// SPDX-License-Identifier: BSD-3-Clause
#include "green_kubo.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <string>
#include <unsupported/Eigen/FFT>

#include "error.hpp"
#include "number_format.hpp"
#include "units.hpp"

namespace metabasin {

namespace {

// The traceless symmetric pressure tensor's independent entries, each with how often it
// appears in sum_ab P'_ab P'_ab (off-diagonals twice; in 2D P'_yy = -P'_xx).
struct ShearComponents {
  std::vector<std::vector<double>> series;
  std::vector<double> weight;
  // Over the whole run: correlating about the run's mean, not each block's, as a block's own
  // mean takes out about 2 t / (block length) of the integral up to t (on the 2D glass at
  // 315 K, 25 % at 500 ps in blocks of 4 ns).
  std::vector<double> mean;
};

// Over the first n samples of the run; each component's mean beside it.
ShearComponents shear_components(const std::vector<std::array<double, 6>>& p, std::size_t n, int dimension) {
  using P = std::array<double, 6>;
  ShearComponents s;
  auto add = [&](double weight, auto&& value) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = value(p[i]);
    double sum = 0.0;
    for (double x : v) sum += x;
    s.mean.push_back(sum / static_cast<double>(n));
    s.series.push_back(std::move(v));
    s.weight.push_back(weight);
  };
  if (dimension == 2) {
    add(2.0, [](const P& t) { return 0.5 * (t[0] - t[1]); });
    add(2.0, [](const P& t) { return t[3]; });
    return s;
  }
  for (int a = 0; a < 3; ++a) add(1.0, [a](const P& t) { return t[a] - (t[0] + t[1] + t[2]) / 3.0; });
  for (int a = 3; a < 6; ++a) add(2.0, [a](const P& t) { return t[a]; });
  return s;
}

// <(x(0) - mean)(x(t) - mean)> over x[0..n) for lags 0 .. lags-1, each lag averaged over the
// pairs it has.
std::vector<double> autocorrelation(const double* x, std::size_t n, double mean, std::size_t lags,
                                    Eigen::FFT<double>& fft) {
  std::size_t padded = 1;
  while (padded < 2 * n) padded *= 2;  // no wrap-around, and a power of two for the FFT
  std::vector<double> in(padded, 0.0);
  for (std::size_t i = 0; i < n; ++i) in[i] = x[i] - mean;
  std::vector<std::complex<double>> spectrum;
  fft.fwd(spectrum, in);
  for (auto& c : spectrum) c = std::norm(c);
  std::vector<double> out;
  fft.inv(out, spectrum);
  out.resize(lags);
  for (std::size_t k = 0; k < lags; ++k) out[k] /= static_cast<double>(n - k);
  return out;
}

struct MeanAndError {
  std::vector<double> mean, error;
};

MeanAndError over_blocks(const std::vector<std::vector<double>>& blocks) {
  const std::size_t m = blocks.front().size();
  const double b = static_cast<double>(blocks.size());
  MeanAndError r{std::vector<double>(m, 0.0), std::vector<double>(m, 0.0)};
  for (std::size_t k = 0; k < m; ++k) {
    double sum = 0.0, sum2 = 0.0;
    for (const auto& v : blocks) sum += v[k];
    r.mean[k] = sum / b;
    for (const auto& v : blocks) sum2 += (v[k] - r.mean[k]) * (v[k] - r.mean[k]);
    r.error[k] = std::sqrt(sum2 / (b - 1.0) / b);
  }
  return r;
}

void check(const std::vector<StressRun>& runs, const GreenKuboParams& p) {
  if (runs.empty()) throw InputError("green-kubo: no run given");
  if (p.dimension != 2 && p.dimension != 3) throw InputError("green-kubo: the dimension must be 2 or 3");
  if (!(p.dt > 0.0) || !std::isfinite(p.dt)) throw InputError("green-kubo: the sampling interval must be positive");
  if (p.blocks < 2) throw InputError("green-kubo: at least 2 blocks are needed for an error");
  if (!(p.max_lag >= 0.0) || !(p.cutoff >= 0.0)) throw InputError("green-kubo: the lags must not be negative");
  for (const auto& run : runs) {
    if (!(run.temperature > 0.0) || !std::isfinite(run.temperature))
      throw InputError("green-kubo: the temperature must be positive");
    if (!(run.volume > 0.0) || !std::isfinite(run.volume)) throw InputError("green-kubo: the volume must be positive");
    for (const auto& row : run.pressure)
      for (double v : row)
        if (!std::isfinite(v)) throw InputError("green-kubo: the pressure series holds a value that is not finite");
  }
}

// The cutoff's lag: the one asked for, else the first where the mean autocorrelation is no
// larger than its standard error (the last lag, and `resolved` set, when there is none).
std::size_t cutoff_lag(const GreenKuboViscosity& r, const GreenKuboParams& p, bool& resolved) {
  const std::size_t lags = r.lag.size();
  resolved = false;
  if (p.cutoff > 0.0) {
    const double cut = std::round(p.cutoff / p.dt);
    if (cut >= static_cast<double>(lags))
      throw InputError("green-kubo: the cutoff " + shortest(p.cutoff) + " ps lies beyond the longest lag " +
                       shortest(r.lag.back()) + " ps");
    return static_cast<std::size_t>(cut);
  }
  for (std::size_t k = 1; k < lags; ++k)
    if (r.acf[k] <= r.acf_error[k]) return k;
  resolved = true;
  return lags - 1;
}

}  // namespace

GreenKuboViscosity green_kubo_viscosity(const std::vector<StressRun>& runs, const GreenKuboParams& p) {
  check(runs, p);
  GreenKuboViscosity r;
  std::size_t shortest_run = runs.front().pressure.size();
  for (const auto& run : runs) shortest_run = std::min(shortest_run, run.pressure.size());
  r.samples_per_block = shortest_run / p.blocks;
  // Lags counted in double first: a --max-lag of 1e300 is refused, not rounded into overflow.
  const double lag_count = p.max_lag > 0.0 ? std::round(p.max_lag / p.dt) + 1.0 : r.samples_per_block / 10 + 1.0;
  if (r.samples_per_block < 4 || lag_count < 2.0 || lag_count > static_cast<double>(r.samples_per_block / 2))
    throw InputError("green-kubo: " + std::to_string(shortest_run) + " samples in " + std::to_string(p.blocks) +
                     " blocks are too few for lags up to " + shortest((lag_count - 1.0) * p.dt) +
                     " ps (a block must span at least twice the longest lag)");
  const auto lags = static_cast<std::size_t>(lag_count);
  const double shares = (p.dimension - 1.0) * (p.dimension + 2.0);
  Eigen::FFT<double> fft;
  std::vector<std::vector<double>> acfs, moduli, etas;
  for (const auto& run : runs) {
    // G = V / (kB T) * C, as GPa A^3 is 1 / ev_per_a3_to_gpa eV; eta its integral, ps 1e-12 s.
    const double to_modulus = run.volume / (units::ev_per_a3_to_gpa * units::boltz * run.temperature);
    const std::size_t blocks = run.pressure.size() / r.samples_per_block, n = r.samples_per_block;
    const ShearComponents s = shear_components(run.pressure, blocks * n, p.dimension);
    for (std::size_t b = 0; b < blocks; ++b) {
      std::vector<double> c(lags, 0.0);
      for (std::size_t i = 0; i < s.series.size(); ++i) {
        const auto a = autocorrelation(s.series[i].data() + b * n, n, s.mean[i], lags, fft);
        for (std::size_t k = 0; k < lags; ++k) c[k] += s.weight[i] * a[k] / shares;
      }
      std::vector<double> g(lags), eta(lags, 0.0);
      for (std::size_t k = 0; k < lags; ++k) g[k] = to_modulus * c[k];
      for (std::size_t k = 1; k < lags; ++k) eta[k] = eta[k - 1] + 0.5 * (g[k] + g[k - 1]) * p.dt * 1e-12;
      acfs.push_back(std::move(c));
      moduli.push_back(std::move(g));
      etas.push_back(std::move(eta));
    }
  }
  r.blocks = acfs.size();
  const MeanAndError acf = over_blocks(acfs), modulus = over_blocks(moduli), eta = over_blocks(etas);
  r.acf = acf.mean;
  r.acf_error = acf.error;
  r.modulus = modulus.mean;
  r.modulus_error = modulus.error;
  r.eta = eta.mean;
  r.eta_error = eta.error;
  for (std::size_t k = 0; k < lags; ++k) r.lag.push_back(static_cast<double>(k) * p.dt);
  const std::size_t cut = cutoff_lag(r, p, r.resolved_to_max_lag);
  r.cutoff = r.lag[cut];
  r.viscosity = r.eta[cut];
  r.viscosity_error = r.eta_error[cut];
  return r;
}

}  // namespace metabasin
