// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Which atoms hop, and whether they are the atoms of chosen events (Liu & Fan, PRL 2021,
// Fig. 4 and Eq. 2).
//
// Hopping indicator (Candelier, Dauchot & Biroli, PRL 102, 088001 (2009)): over a window t_R
// centred on frame t, with A = [t - t_R/2, t] and B = [t, t + t_R/2] (frames, both ends in,
// so A and B hold t_R/2 + 1 frames each and share frame t),
//   p_hop(i, t) = sqrt( <(r_i - <r_i>_B)^2>_A <(r_i - <r_i>_A)^2>_B ),
// in length units squared (A^2 in metal units). It is large when the atom sits at one place
// over A and at another over B, and near the vibrational mean square displacement otherwise.
// Frames are taken equally spaced in time; t_R is counted in frames.
//
// Periodic cells: each step's displacement is taken as its minimum image in the cell of the
// later frame and added up, so wrapped and unwrapped positions give the same indicator as long
// as no atom moves half a cell width between frames. That is exact for a cell that does not
// change (thermal MD at fixed strain). In a cell whose tilt changes between frames, a wrapped
// position carries its image count times the change of tilt into the step; give unwrapped
// positions (xu yu zu) for such runs.
//
// Disproportionate factor (Eq. 2), from a mobility (p_hop) and a label (the largest C/L of the
// events an atom takes part in):
//   D.F.(X) = f(top X % by label | mobility window) / f(top X % by label | whole sample),
// the fraction of the atoms in the mobility window (the top X %, or the medium X % the figure
// shows for contrast) that are in the top X % by label, over that fraction in the whole sample.
// 1 when label and mobility are unrelated and at X = 100 %.
#include <Eigen/Dense>
#include <cstddef>
#include <deque>
#include <vector>

#include "box.hpp"

namespace metabasin {

struct HoppingParams {
  int window = 0;            // t_R in frames: even and positive, at most frames - 1
  bool keep_series = false;  // keep p_hop(i, t) of every frame, not only each atom's largest
};

struct HoppingResult {
  std::size_t atoms = 0, frames = 0;
  int window = 0;               // t_R, frames
  std::size_t first_frame = 0;  // frames t where the window fits: t_R/2 .. frames-1-t_R/2
  std::size_t last_frame = 0;
  std::vector<double> largest;          // per atom: the largest p_hop over those frames, A^2
  std::vector<std::size_t> largest_at;  // per atom: the first frame where it is reached
  // With keep_series: p_hop(t, i), frames x atoms; NaN in the frames where the window does not fit.
  Eigen::MatrixXd series;
};

/// p_hop fed one frame at a time: keeps only the last t_R + 1 frames, so a long trajectory
/// needs no more memory than its window.
class HoppingIndicator {
 public:
  /// InputError naming the window when it is not even and positive, or atoms is 0.
  HoppingIndicator(const HoppingParams& params, std::size_t atoms);

  /// Positions of the next frame, 3 per atom in the same atom order: already unwrapped...
  void add_frame(const std::vector<double>& x);
  /// ...or in `cell`, unwrapped against the frame before by minimum images (see the top).
  void add_frame(const std::vector<double>& x, const Box& cell);

  std::size_t frames() const { return frames_; }
  /// InputError naming the window when it does not fit the frames given (frames <= t_R).
  HoppingResult result() const;

 private:
  void check_frame(const std::vector<double>& x) const;
  void push_unwrapped(std::vector<double> x);
  void score_centre();

  HoppingParams params_;
  std::size_t atoms_ = 0, frames_ = 0;
  std::vector<double> last_raw_;            // the last frame as given, for the next step
  std::deque<std::vector<double>> recent_;  // the last t_R + 1 unwrapped frames
  std::vector<double> largest_;
  std::vector<std::size_t> largest_at_;
  std::vector<std::vector<double>> series_;  // rows of the frames scored, with keep_series
};

/// p_hop of a whole trajectory: `frames[k]` holds frame k's positions (3 per atom). `cells`
/// is empty (positions unwrapped), one cell for every frame, or one per frame.
HoppingResult hopping_indicator(const std::vector<std::vector<double>>& frames, const HoppingParams& params,
                                const std::vector<Box>& cells = {});

/// The top X % of a score: every atom whose score is at least the k-th largest, k =
/// ceil(X n / 100) with n the atoms that have a score (NaN: none; such an atom is never in a
/// set). Ties at the threshold all belong, so the set can hold more than k atoms; the same
/// rule for mobility and label, so equal scores are never split by their order in the file.
struct ScoreSet {
  std::vector<bool> member;  // per atom
  std::size_t count = 0;     // members
  double lowest = 0.0;       // the lowest member's score (the threshold); NaN when empty
  double highest = 0.0;      // the highest member's score; NaN when empty
};
ScoreSet top_percent(const std::vector<double>& score, double percent);

/// The medium X %: the k atoms centred on the median of the scores sorted ascending (ranks
/// (n - k)/2 rounded down, onwards), widened to every atom whose score lies between the
/// lowest and highest of those k (ties at either edge all belong).
ScoreSet medium_percent(const std::vector<double>& score, double percent);

enum class MobilityWindow { top, medium };

struct DisproportionResult {
  double factor = 0.0;              // D.F.; NaN when no atom has a label in its top X %
  std::size_t atoms = 0;            // the whole sample
  std::size_t mobile = 0;           // atoms in the mobility window
  std::size_t mobile_labelled = 0;  // of them, in the top X % by label
  std::size_t labelled = 0;         // atoms in the top X % by label, whole sample
  double mobility_threshold = 0.0;  // lowest mobility in the window
  double label_threshold = 0.0;     // lowest label in the label set
  // The standard deviation of D.F. if labels were dealt at random (hypergeometric: `mobile`
  // draws from `atoms` of which `labelled` are marked): how far from 1 chance alone puts it.
  double chance_spread = 0.0;
};

/// D.F.(percent) of Eq. 2. `mobility` finite for every atom; `label` NaN for an atom that
/// takes part in no event (never in the label set, still counted in the whole sample).
/// InputError when the sizes differ, a mobility is not finite or percent is not in (0, 100].
DisproportionResult disproportionate_factor(const std::vector<double>& mobility, const std::vector<double>& label,
                                            double percent, MobilityWindow window = MobilityWindow::top);

}  // namespace metabasin
