// SPDX-License-Identifier: BSD-3-Clause
#include "green_kubo.hpp"

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
};

ShearComponents shear_components(const std::vector<std::array<double, 6>>& p, std::size_t first, std::size_t n,
                                 int dimension) {
  using P = std::array<double, 6>;
  ShearComponents s;
  auto add = [&](double weight, auto&& value) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = value(p[first + i]);
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

// <(x(0) - mean)(x(t) - mean)> for lags 0 .. lags-1, each lag averaged over the pairs it has.
std::vector<double> autocorrelation(const std::vector<double>& x, double mean, std::size_t lags,
                                    Eigen::FFT<double>& fft) {
  const std::size_t n = x.size();
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

void check(const std::vector<std::array<double, 6>>& pressure, double dt, const GreenKuboParams& p) {
  if (p.dimension != 2 && p.dimension != 3) throw InputError("green-kubo: the dimension must be 2 or 3");
  if (!(dt > 0.0) || !std::isfinite(dt)) throw InputError("green-kubo: the sampling interval must be positive");
  if (!(p.temperature > 0.0) || !std::isfinite(p.temperature))
    throw InputError("green-kubo: the temperature must be positive");
  if (!(p.volume > 0.0) || !std::isfinite(p.volume)) throw InputError("green-kubo: the volume must be positive");
  if (p.blocks < 2) throw InputError("green-kubo: at least 2 blocks are needed for an error");
  if (!(p.max_lag >= 0.0) || !(p.cutoff >= 0.0)) throw InputError("green-kubo: the lags must not be negative");
  for (const auto& row : pressure)
    for (double v : row)
      if (!std::isfinite(v)) throw InputError("green-kubo: the pressure series holds a value that is not finite");
}

}  // namespace

GreenKuboViscosity green_kubo_viscosity(const std::vector<std::array<double, 6>>& pressure, double dt,
                                        const GreenKuboParams& p) {
  check(pressure, dt, p);
  GreenKuboViscosity r;
  r.blocks = p.blocks;
  r.samples_per_block = pressure.size() / p.blocks;
  const std::size_t lags = p.max_lag > 0.0 ? static_cast<std::size_t>(std::llround(p.max_lag / dt)) + 1
                                           : r.samples_per_block / 10 + 1;
  if (r.samples_per_block < 4 || lags < 2 || lags > r.samples_per_block / 2)
    throw InputError("green-kubo: " + std::to_string(pressure.size()) + " samples in " + std::to_string(p.blocks) +
                     " blocks are too few for lags up to " + shortest(static_cast<double>(lags - 1) * dt) +
                     " ps (a block must span at least twice the longest lag)");
  // eta = V / (kB T) * integral of C: GPa A^3 is 1 / ev_per_a3_to_gpa eV, and ps is 1e-12 s.
  const double to_eta = p.volume / (units::ev_per_a3_to_gpa * units::boltz * p.temperature) * 1e-12;
  const double shares = (p.dimension - 1.0) * (p.dimension + 2.0);
  // Each component's mean over the whole run, not over a block: a block's own mean takes out
  // about 2 t / (block length) of the integral up to t (on the 2D glass at 315 K, 25 % at
  // 500 ps in blocks of 4 ns), the run's only the same over the whole run.
  const std::size_t used = r.samples_per_block * p.blocks;
  const ShearComponents whole = shear_components(pressure, 0, used, p.dimension);
  std::vector<double> mean;
  for (const auto& series : whole.series) {
    double sum = 0.0;
    for (double v : series) sum += v;
    mean.push_back(sum / static_cast<double>(used));
  }
  Eigen::FFT<double> fft;
  std::vector<std::vector<double>> acfs, etas;
  for (std::size_t b = 0; b < p.blocks; ++b) {
    const ShearComponents s = shear_components(pressure, b * r.samples_per_block, r.samples_per_block, p.dimension);
    std::vector<double> c(lags, 0.0);
    for (std::size_t i = 0; i < s.series.size(); ++i) {
      const auto a = autocorrelation(s.series[i], mean[i], lags, fft);
      for (std::size_t k = 0; k < lags; ++k) c[k] += s.weight[i] * a[k] / shares;
    }
    std::vector<double> eta(lags, 0.0);
    for (std::size_t k = 1; k < lags; ++k) eta[k] = eta[k - 1] + 0.5 * (c[k] + c[k - 1]) * dt * to_eta;
    acfs.push_back(std::move(c));
    etas.push_back(std::move(eta));
  }
  const MeanAndError acf = over_blocks(acfs), eta = over_blocks(etas);
  r.acf = acf.mean;
  r.acf_error = acf.error;
  r.eta = eta.mean;
  r.eta_error = eta.error;
  for (std::size_t k = 0; k < lags; ++k) r.lag.push_back(static_cast<double>(k) * dt);
  std::size_t cut = lags - 1;
  if (p.cutoff > 0.0) {
    cut = static_cast<std::size_t>(std::llround(p.cutoff / dt));
    if (cut >= lags)
      throw InputError("green-kubo: the cutoff " + shortest(p.cutoff) + " ps lies beyond the longest lag " +
                       shortest(r.lag.back()) + " ps");
  } else {
    for (std::size_t k = 1; k < lags; ++k)
      if (r.acf[k] <= r.acf_error[k]) {
        cut = k;
        break;
      }
    r.resolved_to_max_lag = cut == lags - 1 && r.acf[cut] > r.acf_error[cut];
  }
  r.cutoff = r.lag[cut];
  r.viscosity = r.eta[cut];
  r.viscosity_error = r.eta_error[cut];
  return r;
}

}  // namespace metabasin
