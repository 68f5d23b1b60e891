// SPDX-License-Identifier: BSD-3-Clause
#include "displacements.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "error.hpp"
#include "fits.hpp"

namespace metabasin {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }
double normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI); }

// How far x moves per unit shear strain at r: the height above the lower corner, less the yz
// share along z in a 3D cell (nonaffine.hpp's AffineShear).
double shear_lever(const Box& b, const Vec3& r) {
  const double z_coupling = b.dimension == 3 && b.yz != 0.0 ? -b.yz / b.len[2] : 0.0;
  return (r[1] - b.lo[1]) + z_coupling * (r[2] - b.lo[2]);
}

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max({std::abs(a), std::abs(b), 1.0}); }

double narrowest_periodic_width(const Box& b) {
  const Vec3 w = b.face_distances();
  double out = std::numeric_limits<double>::infinity();
  for (int d = 0; d < 3; ++d)
    if (b.periodic[d] && !(b.dimension == 2 && d == 2)) out = std::min(out, w[d]);
  return out;
}

}  // namespace

DisplacementTracker::DisplacementTracker(const Configuration& first, double strain)
    : last_(first), last_strain_(strain) {
  if (first.size() == 0) throw InputError("displacements: the first frame holds no atoms");
  const std::size_t n = first.size();
  sum_.ids = first.ids;
  sum_.reference.resize(n);
  sum_.affine_x.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    std::array<int, 3> image{0, 0, 0};
    sum_.reference[i] = first.box.wrap(first.position(i), image);
    sum_.height.push_back(shear_lever(first.box, sum_.reference[i]));
  }
  unwrapped_ = sum_.reference;
  sum_.strain_from = sum_.strain_to = strain;
  sum_.cell_bottom = first.box.lo[1];
  sum_.cell_height = first.box.len[1];
  sum_.narrowest_width = narrowest_periodic_width(first.box);
}

void DisplacementTracker::check_frame(const Configuration& next, const std::string& where) const {
  if (next.ids != last_.ids)
    throw InputError("displacements: " + where + " does not hold the atoms of the first frame (IDs differ)");
  const Box &a = last_.box, &b = next.box;
  const char* names[] = {"lx", "ly", "lz"};
  for (int d = 0; d < 3; ++d)
    if (!(a.dimension == 2 && d == 2) && !close(a.len[d], b.len[d]))
      throw InputError("displacements: " + where + " changes the cell's " + names[d] + " (" + std::to_string(a.len[d]) +
                       " -> " + std::to_string(b.len[d]) +
                       " A); only simple shear at a fixed cell size is taken apart into affine and nonaffine");
  if (!close(a.xz, b.xz) || !close(a.yz, b.yz) || !close(a.lo[1], b.lo[1]))
    throw InputError("displacements: " + where +
                     " changes the cell's xz or yz tilt or its ylo; only the xy tilt may change (simple shear)");
  for (std::size_t j = 0; j < next.x.size(); ++j)
    if (!std::isfinite(next.x[j]))
      throw InputError("displacements: " + where + ": atom " + std::to_string(next.ids[j / 3]) +
                       " has a non-finite position");
}

void DisplacementTracker::add_frame(const Configuration& next, double strain, const std::string& where) {
  check_frame(next, where);
  const double dg = strain - last_strain_;
  const MinimumImage image(next.box);
  for (std::size_t i = 0; i < next.size(); ++i) {
    const Vec3 before = last_.position(i);
    // r_k - F_k r_(k-1): the same for every image of the atom, so raw positions do.
    const Vec3 s = image(next.position(i) - before - Vec3(dg * shear_lever(last_.box, before), 0.0, 0.0));
    const double affine = dg * shear_lever(last_.box, unwrapped_[i]);
    unwrapped_[i] += Vec3(affine, 0.0, 0.0) + s;
    sum_.affine_x[i] += affine;
    sum_.largest_step = std::max(sum_.largest_step, s.norm());
  }
  sum_.narrowest_width = std::min(sum_.narrowest_width, narrowest_periodic_width(next.box));
  last_ = next;
  last_strain_ = strain;
  sum_.strain_to = strain;
  ++steps_;
}

AtomDisplacements DisplacementTracker::result() const {
  if (steps_ == 0) throw InputError("displacements: a second frame is needed");
  AtomDisplacements r = sum_;
  r.steps = steps_;
  const std::size_t n = r.ids.size();
  r.total.resize(n);
  r.nonaffine.resize(n);
  r.drift = Vec3::Zero();
  for (std::size_t i = 0; i < n; ++i) {
    r.total[i] = unwrapped_[i] - r.reference[i];
    r.nonaffine[i] = r.total[i] - Vec3(r.affine_x[i], 0.0, 0.0);
    r.drift += r.nonaffine[i] / static_cast<double>(n);
  }
  for (Vec3& d : r.nonaffine) d -= r.drift;
  return r;
}

AtomDisplacements track_displacements(const AtomFrames& frames, const DisplacementParams& p) {
  const std::string file = "'" + frames.path() + "'";
  if (p.to_frame >= frames.size())
    throw InputError("displacements: " + file + " has " + std::to_string(frames.size()) + " frame(s); frame " +
                     std::to_string(p.to_frame) + " does not exist");
  if (p.from_frame >= p.to_frame)
    throw InputError("displacements: the first frame (" + std::to_string(p.from_frame) +
                     ") must come before the last (" + std::to_string(p.to_frame) + ") of " + file);
  const std::vector<double>& strains = frames.strains();
  DisplacementTracker tracker(frame_in(frames, p.from_frame, p.dimension), strains[p.from_frame]);
  for (std::size_t k = p.from_frame + 1; k <= p.to_frame; ++k) {
    tracker.add_frame(frame_in(frames, k, p.dimension), strains[k], file + " frame " + std::to_string(k));
    if (p.progress) p.progress(k - p.from_frame, p.to_frame - p.from_frame);
  }
  return tracker.result();
}

NonGaussian non_gaussian_parameter(const std::vector<double>& values) {
  NonGaussian g;
  const double n = static_cast<double>(values.size());
  if (values.empty()) return {kNaN, kNaN};
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double m[9] = {};  // central sample moments m[2], m[4], m[6], m[8]
  for (double v : values) {
    const double d2 = (v - mean) * (v - mean);
    m[2] += d2 / n;
    m[4] += d2 * d2 / n;
    m[6] += d2 * d2 * d2 / n;
    m[8] += d2 * d2 * d2 * d2 / n;
  }
  if (!(m[2] > 0.0)) return {kNaN, kNaN};
  g.alpha2 = m[4] / (3.0 * m[2] * m[2]) - 1.0;
  // Delta method on f(m2, m4) = m4 / (3 m2^2) with Var(d^2) = m4 - m2^2, Var(d^4) = m8 - m4^2,
  // Cov(d^2, d^4) = m6 - m2 m4, each over n.
  const double f4 = 1.0 / (3.0 * m[2] * m[2]), f2 = -2.0 * m[4] / (3.0 * m[2] * m[2] * m[2]);
  const double variance =
      f4 * f4 * (m[8] - m[4] * m[4]) + f2 * f2 * (m[4] - m[2] * m[2]) + 2.0 * f2 * f4 * (m[6] - m[2] * m[4]);
  g.error = std::sqrt(std::max(variance, 0.0) / n);
  return g;
}

const char* core_fit_status_name(CoreFitStatus s) {
  switch (s) {
    case CoreFitStatus::fitted:
      return "fitted";
    case CoreFitStatus::not_converged:
      return "not_converged";
    case CoreFitStatus::too_few_atoms:
      return "too_few_atoms";
    case CoreFitStatus::no_spread:
      return "no_spread";
  }
  return "unknown";
}

double CoreGaussian::bin_density(double lo, double hi) const {
  if (!(sigma > 0.0) || !(hi > lo)) return kNaN;
  return weight * (normal_cdf((hi - centre) / sigma) - normal_cdf((lo - centre) / sigma)) / (hi - lo);
}

namespace {

// The standard normal truncated to [-k, k]: P = 2 Phi(k) - 1 of it inside, <z^2> = c(k) there.
struct TruncatedNormal {
  explicit TruncatedNormal(double k)
      : p(2.0 * normal_cdf(k) - 1.0),
        c(1.0 - 2.0 * k * normal_pdf(k) / p),
        dc(2.0 * normal_pdf(k) * ((k * k - 1.0) * p + 2.0 * k * normal_pdf(k)) / (p * p)) {}
  double p, c, dc;  // dc = c'(k)
};

}  // namespace

CoreGaussian fit_core_gaussian(const std::vector<double>& values, const CoreGaussianParams& p) {
  CoreGaussian g;
  g.window = p.window;
  if (values.size() < p.min_atoms || !(p.window > 0.0)) return g;
  g.centre = median(values);
  // |d - centre| ascending with the running sums of d^2: the atoms in any window are a prefix.
  std::vector<double> a(values.size());
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = std::abs(values[i] - g.centre);
  std::sort(a.begin(), a.end());
  std::vector<double> sum2(a.size() + 1, 0.0), sum4(a.size() + 1, 0.0);
  for (std::size_t i = 0; i < a.size(); ++i) {
    sum2[i + 1] = sum2[i] + a[i] * a[i];
    sum4[i + 1] = sum4[i] + a[i] * a[i] * a[i] * a[i];
  }
  const TruncatedNormal t(p.window);
  double sigma = 1.4826 * median(a);
  if (!(sigma > 0.0)) {  // half the values equal the median: no width to fit
    g.status = CoreFitStatus::no_spread;
    return g;
  }
  std::size_t inside = 0;
  g.status = CoreFitStatus::not_converged;
  for (g.iterations = 1; g.iterations <= p.max_iterations; ++g.iterations) {
    const std::size_t now =
        static_cast<std::size_t>(std::upper_bound(a.begin(), a.end(), p.window * sigma) - a.begin());
    if (now < p.min_atoms) {
      g.status = CoreFitStatus::too_few_atoms;
      break;
    }
    sigma = std::sqrt(sum2[now] / static_cast<double>(now) / t.c);
    if (now == inside) {
      g.status = CoreFitStatus::fitted;
      break;
    }
    inside = now;
  }
  g.iterations = std::min(g.iterations, p.max_iterations);
  if (g.status == CoreFitStatus::too_few_atoms) return g;
  g.sigma = sigma;
  g.in_window = inside;
  const double n_in = static_cast<double>(inside);
  g.weight = n_in / (static_cast<double>(values.size()) * t.p);
  // Fixed-window ML error: Var(d^2)_in / n_in over (d<d^2>/d sigma)^2, d<d^2>/d sigma = sigma (2c - k c').
  const double mean2 = sum2[inside] / n_in, var2 = sum4[inside] / n_in - mean2 * mean2;
  g.sigma_error = std::sqrt(std::max(var2, 0.0) / n_in) / (sigma * (2.0 * t.c - p.window * t.dc));
  return g;
}

DisplacementStatistics displacement_statistics(const std::vector<double>& values, const CoreGaussianParams& p) {
  if (values.empty()) throw InputError("displacement statistics of no atoms");
  for (double v : values)
    if (!std::isfinite(v)) throw InputError("displacement statistics: a displacement is not finite");
  DisplacementStatistics s;
  s.atoms = values.size();
  const double n = static_cast<double>(s.atoms);
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double m2 = 0.0;
  for (double v : values) m2 += (v - s.mean) * (v - s.mean) / n;
  s.standard_deviation = std::sqrt(m2);
  s.non_gaussian = non_gaussian_parameter(values);
  s.core = fit_core_gaussian(values, p);
  if (s.core.status == CoreFitStatus::too_few_atoms || s.core.status == CoreFitStatus::no_spread) {
    s.tail_fraction = s.tail_fraction_error = kNaN;
    return s;
  }
  for (double v : values)
    if (std::abs(v - s.core.centre) > 3.0 * s.core.sigma) ++s.tail_atoms;
  s.tail_fraction = static_cast<double>(s.tail_atoms) / n;
  s.tail_fraction_error = std::sqrt(s.tail_fraction * (1.0 - s.tail_fraction) / n);
  return s;
}

Histogram symmetric_histogram(const std::vector<double>& values, std::size_t bins, double half_range) {
  if (bins == 0) throw InputError("a histogram needs at least one bin");
  if (!(half_range > 0.0) || !std::isfinite(half_range)) throw InputError("a histogram needs a positive, finite range");
  Histogram h;
  h.width = 2.0 * half_range / static_cast<double>(bins);
  h.centre.resize(bins);
  h.density.assign(bins, 0.0);
  for (std::size_t j = 0; j < bins; ++j) h.centre[j] = -half_range + (static_cast<double>(j) + 0.5) * h.width;
  const double per_value = values.empty() ? 0.0 : 1.0 / (static_cast<double>(values.size()) * h.width);
  for (double v : values) {
    const double u = std::floor((v + half_range) / h.width);
    if (u < 0.0 || u >= static_cast<double>(bins)) {
      // The largest |value| sits on the range's edge; anything further is counted as clamped.
      if (std::abs(v) > half_range) ++h.clamped;
    }
    const std::size_t j = static_cast<std::size_t>(std::clamp(u, 0.0, static_cast<double>(bins - 1)));
    h.density[j] += per_value;
  }
  return h;
}

FlowProfile flow_profile(const AtomDisplacements& d, std::size_t bins) {
  if (bins == 0) throw InputError("a flow profile needs at least one bin");
  FlowProfile f;
  const double h = d.cell_height / static_cast<double>(bins);
  std::vector<double> sum(bins, 0.0), sum2(bins, 0.0), y(d.total.size()), dx(d.total.size());
  std::vector<std::size_t> count(bins, 0);
  for (std::size_t i = 0; i < d.total.size(); ++i) {
    y[i] = d.cell_bottom + d.height[i];
    dx[i] = d.total[i][0];
    const double u = std::floor(d.height[i] / h);
    const std::size_t j = static_cast<std::size_t>(std::clamp(u, 0.0, static_cast<double>(bins - 1)));
    sum[j] += dx[i];
    sum2[j] += dx[i] * dx[i];
    ++count[j];
  }
  const LinearFit line = linear_fit(y, dx);
  f.slope = line.slope;
  f.intercept = line.intercept + line.slope * d.cell_bottom;
  double rms = 0.0;
  std::size_t filled = 0;
  for (std::size_t j = 0; j < bins; ++j) {
    FlowProfileBin b;
    b.y = d.cell_bottom + (static_cast<double>(j) + 0.5) * h;
    b.count = count[j];
    const double c = static_cast<double>(count[j]);
    b.dx_mean = count[j] ? sum[j] / c : kNaN;
    b.dx_sd = count[j] > 1 ? std::sqrt(std::max(sum2[j] - c * b.dx_mean * b.dx_mean, 0.0) / (c - 1.0)) : kNaN;
    if (count[j]) {
      const double off = b.dx_mean - (line.intercept + line.slope * b.y);
      rms += off * off;
      ++filled;
    }
    f.bins.push_back(b);
  }
  f.rms_from_line = filled ? std::sqrt(rms / static_cast<double>(filled)) : kNaN;
  f.local_slope_min = std::numeric_limits<double>::infinity();
  f.local_slope_max = -f.local_slope_min;
  const FlowProfileBin* previous = nullptr;
  for (const FlowProfileBin& b : f.bins) {
    if (!b.count) continue;
    if (previous) {
      const double slope = (b.dx_mean - previous->dx_mean) / (b.y - previous->y);
      f.local_slope_min = std::min(f.local_slope_min, slope);
      f.local_slope_max = std::max(f.local_slope_max, slope);
    }
    previous = &b;
  }
  if (!std::isfinite(f.local_slope_min)) f.local_slope_min = f.local_slope_max = kNaN;
  return f;
}

}  // namespace metabasin
