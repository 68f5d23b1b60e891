// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Box-counting dimensions of the NaDM's block structure and of the graph of an ASNaD curve.
// Cao, Short & Yip (PNAS 2019) report 1.69 for the NaDM and 1.36 for the ASNaD from a
// "scaling analysis" described only in their SI; this is the textbook estimate (Falconer,
// Fractal Geometry, ch. 3): cover the set with boxes of side s = 1, 2, 4, ... cells, count
// the boxes N(s) that meet it, and take the least-squares slope of ln N against ln(1/s).
//
// Boxes are laid from the first row and column; a partial box at the far edge counts as a
// whole one. Every dyadic size is counted, up to one box across, so a figure can show where
// the count bends; the slope is fitted over kSmallestFitBox <= s <= side / kBoxesAcrossFit
// only. The two finest sizes see the grid's cells more than the set (a Cantor dust's points,
// one empty cell apart, need as many boxes of 2 as of 1); with fewer than 8 boxes across, the
// set's edge and its finite size bend the count. Box counting on a finite grid stays biased
// (the graph of a rough curve comes out 0.02-0.09 low from 16385 samples); the standard
// error is the scatter of the fitted points about the line, not that bias. The constructed
// fractals of tests/analysis/test_fractal_dimension.cpp measure it.
#include <Eigen/Dense>
#include <limits>
#include <string>
#include <vector>

namespace metabasin {

/// The fit range: box sizes from kSmallestFitBox cells to a kBoxesAcrossFit-th of the grid's
/// side (so at least 128 cells or steps give the 3 sizes 4, 8, 16 a fit needs).
inline constexpr double kSmallestFitBox = 4.0;
inline constexpr double kBoxesAcrossFit = 8.0;

enum class BoxCountStatus {
  Fitted,
  EmptySet,      // nothing to cover
  TooFewScales,  // fewer than 3 box sizes in the fit range: the grid is too small
};
std::string to_string(BoxCountStatus s);

struct BoxCounting {
  BoxCountStatus status = BoxCountStatus::TooFewScales;
  double dimension = std::numeric_limits<double>::quiet_NaN();       // slope of ln N(s) against ln(1/s)
  double standard_error = std::numeric_limits<double>::quiet_NaN();  // of that slope, from its residuals
  std::vector<double> box_sizes;  // s, in cells (grid) or sample steps (curve): 1, 2, 4, ... to one box across
  std::vector<double> counts;     // N(s), boxes meeting the set
  double fit_from = std::numeric_limits<double>::quiet_NaN();  // smallest and largest s fitted
  double fit_to = std::numeric_limits<double>::quiet_NaN();
};

/// A set of cells of a 2D grid: true where the set is.
using CellSet = Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>;

/// Box-counting dimension of a set of cells (0 to 2), boxes s x s cells.
BoxCounting box_counting_dimension(const CellSet& set);

/// Box-counting dimension of the graph of a curve y_k sampled at equal steps (1 to 2). The
/// samples are joined by straight lines and y is rescaled to span as many units as there are
/// steps, so the boxes are square; a column of s steps over which y spans h needs
/// max(1, h / s) boxes, the area of the strip that covers it over s^2 (rounding up to whole
/// boxes would add half a box per column, pulling the estimate towards 1). NaN samples at
/// either end are dropped (an ASNaD is NaN within its half lag of the ends); a non-finite
/// sample between finite ones is an InputError.
BoxCounting graph_dimension(const std::vector<double>& y);

struct MatrixDimension {
  double level = std::numeric_limits<double>::quiet_NaN();  // the median of the matrix
  BoxCounting boxes;                                        // of the cells below it
};

/// The NaDM's dark blocks: the box-counting dimension of the cells where the matrix lies
/// below its median (half the cells, whatever the scale of Delta2). InputError if a value is
/// not finite.
MatrixDimension below_median_dimension(const Eigen::MatrixXd& values);

}  // namespace metabasin
