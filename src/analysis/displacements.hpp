// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Atom displacements over a sheared run and their statistics (Cao, Short & Yip, PNAS 2019,
// Fig. 3D and 3E): each atom's displacement between frames a < b, tracked through every frame
// in between; its affine part under simple shear; the nonaffine rest; the flow profile dx(y);
// the distribution of the nonaffine displacement with a Gaussian fitted to its core and the
// non-Gaussian parameter.
//
// Tracking. Frames hold wrapped positions, and in a sheared cell wrapping is not innocent: an
// atom that crosses the y face jumps by the cell's b = (xy, ly) at that frame, and from then on
// it sits one cell height lower, where the affine flow is slower by dgamma ly per step. The
// minimum image of the raw step absorbs the jump, but not that change of pace: summing raw
// steps gives the displacement of "the copy inside the cell", which loses (gamma_b - gamma_c) ly
// in x after a crossing at strain gamma_c, and puts the atom on the wrong side of the flow
// profile. So each step k-1 -> k is split as LAMMPS' unwrapped coordinates (xu = x + iy xy + ...)
// see it: the nonaffine step
//   s_k = minimum image, in frame k's cell, of  r_k - F_k r_(k-1),   F_k = 1 + dgamma_k e1 (x) e2
// about the cell's lower corner (exactly the NaDM's term between consecutive frames, and the
// same for every periodic image of the atom, since F_k carries frame k-1's lattice onto frame
// k's), and the affine step dgamma_k (y_(k-1) - ylo) e1 taken at the unwrapped height y_(k-1).
// The unwrapped position advances by both: u_k = u_(k-1) + dgamma_k (u_(k-1),y - ylo) e1 + s_k,
// from u_a = r_a wrapped into frame a's cell (so the reference heights span the cell and the flow
// profile covers it once). An affine run then gives dx = gamma (y_ref - ylo) exactly, whatever
// the faces crossed and the tilt flips (a flip changes the cell by a whole lattice vector, which
// the minimum image ignores). Wrapped (x y z) and unwrapped (xu yu zu) dumps give the same
// result. In 3D with a yz tilt the affine lever carries the -yz/lz (z - zlo) term of nonaffine.hpp.
//
// The cell may change only by its xy tilt (simple shear at fixed lx, ly, lz, xz, yz); a barostat
// run is refused. No atom may move half the narrowest cell width between two frames beyond the
// affine flow; the largest nonaffine step is reported for that check.
//
// Results: total = u_b - u_a; affine = the sum of the affine steps (x only); nonaffine = total -
// affine - drift, where drift is the mean of total - affine over the atoms (unweighted, so the
// distributions are centred; the centre-of-mass drift when the masses are equal, and for any
// uniform translation). total = affine + nonaffine + drift.
#include <Eigen/Dense>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "atom_frames.hpp"
#include "box.hpp"
#include "configuration.hpp"

namespace metabasin {

struct AtomDisplacements {
  std::vector<long> ids;        // atom IDs, ascending
  std::vector<Vec3> reference;  // frame a's position wrapped into frame a's cell, A
  // Height above the lower corner along the cell's b edge, ly lambda_b in [0, ly): x moves by
  // gamma times it under affine shear (y - ylo unless a 3D cell has a yz tilt), A.
  std::vector<double> height;
  std::vector<Vec3> total;       // u_b - u_a, A
  std::vector<double> affine_x;  // the affine part (along x only), A
  std::vector<Vec3> nonaffine;   // total - affine - drift, A
  Vec3 drift = Vec3::Zero();     // mean of total - affine over the atoms, A
  double strain_from = 0.0;      // gamma_xy at frame a
  double strain_to = 0.0;        // gamma_xy at frame b (tilt flips undone)
  std::size_t steps = 0;         // frames b - a
  double cell_bottom = 0.0;      // ylo, A
  double cell_height = 0.0;      // ly, A
  double largest_step = 0.0;     // the largest |s_k| over atoms and steps, A
  double narrowest_width = 0.0;  // the smallest periodic face distance over the frames, A
  double applied_strain() const { return strain_to - strain_from; }
};

/// Displacements fed one frame at a time (memory: two frames).
class DisplacementTracker {
 public:
  /// Frame a and its shear strain gamma_xy.
  DisplacementTracker(const Configuration& first, double strain);
  /// The next frame: the same atom IDs, a cell that differs only by its xy tilt. InputError
  /// naming `where` (e.g. "'run.dump' frame 7") otherwise.
  void add_frame(const Configuration& next, double strain, const std::string& where = "the next frame");
  std::size_t steps() const { return steps_; }
  /// InputError when no frame has been added after the first.
  AtomDisplacements result() const;

 private:
  void check_frame(const Configuration& next, const std::string& where) const;

  Configuration last_;  // the last frame as given
  double last_strain_ = 0.0;
  std::vector<Vec3> unwrapped_;  // u_k
  AtomDisplacements sum_;        // reference, affine_x and the running totals
  std::size_t steps_ = 0;
};

struct DisplacementParams {
  std::size_t from_frame = 0, to_frame = 0;                           // a < b
  int dimension = 3;                                                  // 2 or 3 (frame_in)
  std::function<void(std::size_t done, std::size_t total)> progress;  // after each step
};

/// Frames a..b of a trajectory through a DisplacementTracker; InputError naming the file and
/// frame for frames out of range, a < b not holding, other atoms or a cell that changes size.
AtomDisplacements track_displacements(const AtomFrames& frames, const DisplacementParams& p);

/// The 1D non-Gaussian parameter alpha2 = <d^4> / (3 <d^2>^2) - 1 of the values about their
/// mean (0 for a Gaussian, 1 for a Laplace distribution), with its standard error by the delta
/// method from the sample moments up to the 8th (the mean taken as known; sqrt(8 / (3 n)) for a
/// Gaussian).
struct NonGaussian {
  double alpha2 = 0.0;
  double error = 0.0;
};
NonGaussian non_gaussian_parameter(const std::vector<double>& values);

// Core Gaussian. The Gaussian that describes the core of the distribution, whatever its tails:
// centred on the median, sigma by maximum likelihood of a Gaussian truncated to the window
// |d - centre| <= k sigma (k = 2), the window set self-consistently: start from 1.4826 times the
// median absolute deviation, refit on the atoms inside, repeat until the atoms inside stop
// changing. Inside a fixed window the truncated Gaussian is an exponential family in 1/sigma^2,
// so the fit matches the mean square inside: <d^2>_in = sigma^2 c(k), c(k) = 1 - 2k phi(k) /
// (2 Phi(k) - 1). Why not the MAD alone: it is the median of every |d|, and tails holding 10 %
// of the atoms pull it ~10 % up; the truncated fit ignores all beyond k sigma. Why not a
// least-squares fit to histogram bins: its result moves with the bin width and range; this fit
// uses the atoms themselves. The core's weight is the atoms inside over (2 Phi(k) - 1): the
// fraction of all atoms the Gaussian would hold if the core were all Gaussian.
enum class CoreFitStatus { fitted, not_converged, too_few_atoms, no_spread };
const char* core_fit_status_name(CoreFitStatus s);

struct CoreGaussianParams {
  double window = 2.0;               // k: the half-width of the fitted window in sigma
  std::size_t min_atoms = 10;        // fewer inside the window: too_few_atoms
  std::size_t max_iterations = 200;  // then not_converged (the window kept changing)
};

struct CoreGaussian {
  CoreFitStatus status = CoreFitStatus::too_few_atoms;
  double centre = 0.0;       // the median, A
  double sigma = 0.0;        // A
  double sigma_error = 0.0;  // A: the fixed-window maximum-likelihood standard error
  double weight = 0.0;       // the Gaussian's integral as a fraction of the atoms
  double window = 2.0;       // k
  std::size_t in_window = 0, iterations = 0;
  /// The Gaussian's mean density over [lo, hi] (1/A, per atom of the whole sample): what a
  /// histogram bin of those edges holds on average if the core is Gaussian.
  double bin_density(double lo, double hi) const;
};
CoreGaussian fit_core_gaussian(const std::vector<double>& values, const CoreGaussianParams& p = {});

/// Two-sided tail of a Gaussian beyond 3 sigma: 0.27 %.
constexpr double kGaussianTailBeyond3Sigma = 0.0026997960632601866;

struct DisplacementStatistics {
  std::size_t atoms = 0;
  double mean = 0.0, standard_deviation = 0.0;  // A (population standard deviation)
  NonGaussian non_gaussian;
  CoreGaussian core;
  std::size_t tail_atoms = 0;        // |d - centre| > 3 sigma_core
  double tail_fraction = 0.0;        // of all atoms, against kGaussianTailBeyond3Sigma
  double tail_fraction_error = 0.0;  // binomial, sqrt(f (1 - f) / n)
};
/// InputError when `values` is empty or holds a non-finite value.
DisplacementStatistics displacement_statistics(const std::vector<double>& values, const CoreGaussianParams& p = {});

/// Density histogram on [-half_range, half_range] in `bins` equal bins: count / (n width),
/// every value counted (a value beyond the range goes to the end bin it is nearest and is
/// counted in `clamped`).
struct Histogram {
  double width = 0.0;
  std::vector<double> centre, density;
  std::size_t clamped = 0;
};
Histogram symmetric_histogram(const std::vector<double>& values, std::size_t bins, double half_range);

/// The flow profile: total dx averaged in `bins` equal bins of the reference height over
/// [0, ly), and a straight line fitted to every atom's (ylo + height, dx).
struct FlowProfileBin {
  double y = 0.0;                     // the bin's centre, ylo + height, A
  double dx_mean = 0.0, dx_sd = 0.0;  // A; NaN for an empty bin (sd: NaN below 2 atoms)
  std::size_t count = 0;
};
struct FlowProfile {
  std::vector<FlowProfileBin> bins;
  double slope = 0.0;                                   // d(dx)/dy of the line (the applied strain for affine flow)
  double intercept = 0.0;                               // dx of the line at y = ylo, A
  double rms_from_line = 0.0;                           // rms of the bins' dx_mean about the line, A
  double local_slope_min = 0.0, local_slope_max = 0.0;  // between neighbouring non-empty bins
};
FlowProfile flow_profile(const AtomDisplacements& d, std::size_t bins);

}  // namespace metabasin
