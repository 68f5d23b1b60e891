// SPDX-License-Identifier: BSD-3-Clause
#include "fractal_dimension.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "error.hpp"
#include "fits.hpp"

namespace metabasin {

std::string to_string(BoxCountStatus s) {
  switch (s) {
    case BoxCountStatus::Fitted:
      return "fitted";
    case BoxCountStatus::EmptySet:
      return "empty set";
    case BoxCountStatus::TooFewScales:
      return "too few scales";
  }
  return "unknown";
}

namespace {

// The slope of ln N against ln(1/s) over the sizes in the fit range of a grid `side` across.
BoxCounting fit_counts(std::vector<double> sizes, std::vector<double> counts, double side) {
  BoxCounting b;
  std::vector<double> log_inverse_size, log_count;
  for (std::size_t k = 0; k < sizes.size(); ++k)
    if (sizes[k] >= kSmallestFitBox && sizes[k] * kBoxesAcrossFit <= side) {
      if (log_count.empty()) b.fit_from = sizes[k];
      b.fit_to = sizes[k];
      log_inverse_size.push_back(-std::log(sizes[k]));
      log_count.push_back(std::log(counts[k]));
    }
  b.box_sizes = std::move(sizes);
  b.counts = std::move(counts);
  if (log_count.size() < 3) {
    b.fit_from = b.fit_to = std::numeric_limits<double>::quiet_NaN();
    return b;
  }
  const LinearFit f = linear_fit(log_inverse_size, log_count);
  b.status = BoxCountStatus::Fitted;
  b.dimension = f.slope;
  b.standard_error = f.slope_standard_error;
  return b;
}

// The set at twice the box size: a coarse cell holds the set if any of its 2 x 2 fine ones do.
CellSet coarsen(const CellSet& fine) {
  CellSet coarse = CellSet::Constant((fine.rows() + 1) / 2, (fine.cols() + 1) / 2, false);
  for (Eigen::Index j = 0; j < fine.cols(); ++j)
    for (Eigen::Index i = 0; i < fine.rows(); ++i)
      if (fine(i, j)) coarse(i / 2, j / 2) = true;
  return coarse;
}

}  // namespace

BoxCounting box_counting_dimension(const CellSet& set) {
  if (!set.any()) {
    BoxCounting empty;
    empty.status = BoxCountStatus::EmptySet;
    return empty;
  }
  std::vector<double> sizes, counts;
  CellSet boxes = set;
  for (double s = 1.0;; s *= 2.0) {
    sizes.push_back(s);
    counts.push_back(static_cast<double>(boxes.count()));
    if (boxes.size() == 1) break;
    boxes = coarsen(boxes);
  }
  return fit_counts(std::move(sizes), std::move(counts), static_cast<double>(std::min(set.rows(), set.cols())));
}

BoxCounting graph_dimension(const std::vector<double>& y) {
  std::size_t first = 0, last = y.size();
  while (first < last && std::isnan(y[first])) ++first;
  while (last > first && std::isnan(y[last - 1])) --last;
  for (std::size_t k = first; k < last; ++k)
    if (!std::isfinite(y[k]))
      throw InputError("graph dimension: sample " + std::to_string(k) + " of the curve is not finite");
  if (last - first < 2) return BoxCounting{};
  const double steps = static_cast<double>(last - first - 1);
  const auto [lowest, highest] = std::minmax_element(y.begin() + first, y.begin() + last);
  const double span = *highest - *lowest, scale = span > 0.0 ? steps / span : 1.0;

  // Column c at box size s covers steps [c s, (c + 1) s]; lo/hi are y's range over it.
  std::vector<double> lo, hi;
  for (std::size_t k = first; k + 1 < last; ++k) {
    lo.push_back(scale * std::min(y[k], y[k + 1]));
    hi.push_back(scale * std::max(y[k], y[k + 1]));
  }
  std::vector<double> sizes, counts;
  for (double s = 1.0;; s *= 2.0) {
    double n = 0.0;
    for (std::size_t c = 0; c < lo.size(); ++c) n += std::max(1.0, (hi[c] - lo[c]) / s);
    sizes.push_back(s);
    counts.push_back(n);
    if (lo.size() == 1) break;
    for (std::size_t c = 0; c < lo.size(); c += 2) {  // neighbouring columns merge
      const std::size_t d = std::min(c + 1, lo.size() - 1);
      lo[c / 2] = std::min(lo[c], lo[d]);
      hi[c / 2] = std::max(hi[c], hi[d]);
    }
    lo.resize((lo.size() + 1) / 2);
    hi.resize(lo.size());
  }
  return fit_counts(std::move(sizes), std::move(counts), steps);
}

MatrixDimension below_median_dimension(const Eigen::MatrixXd& values) {
  if (!values.allFinite()) throw InputError("matrix dimension: the matrix holds a value that is not finite");
  MatrixDimension d;
  d.level = median(std::vector<double>(values.data(), values.data() + values.size()));
  d.boxes = box_counting_dimension(values.array() < d.level);
  return d;
}

}  // namespace metabasin
