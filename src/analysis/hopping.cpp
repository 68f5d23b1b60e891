// SPDX-License-Identifier: BSD-3-Clause
#include "hopping.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "error.hpp"

namespace metabasin {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string window_words(int window) { return "hopping window t_R = " + std::to_string(window) + " frames"; }

// Mean position of atom i over frames [begin, end) of `frames`.
Vec3 mean_position(const std::deque<std::vector<double>>& frames, std::size_t begin, std::size_t end, std::size_t i) {
  Vec3 sum = Vec3::Zero();
  for (std::size_t k = begin; k < end; ++k) sum += Vec3(frames[k][3 * i], frames[k][3 * i + 1], frames[k][3 * i + 2]);
  return sum / static_cast<double>(end - begin);
}

// Mean square distance of atom i over frames [begin, end) from `centre`.
double mean_square_from(const std::deque<std::vector<double>>& frames, std::size_t begin, std::size_t end,
                        std::size_t i, const Vec3& centre) {
  double sum = 0.0;
  for (std::size_t k = begin; k < end; ++k)
    sum += (Vec3(frames[k][3 * i], frames[k][3 * i + 1], frames[k][3 * i + 2]) - centre).squaredNorm();
  return sum / static_cast<double>(end - begin);
}

// k = ceil(X n / 100), at least 1 and at most n; the 1e-9 keeps X n / 100 = 100.0000000001
// (rounding of an exact product) at 100.
std::size_t percent_count(double percent, std::size_t n) {
  if (!(percent > 0.0 && percent <= 100.0))
    throw InputError("percentage " + std::to_string(percent) + " is not in (0, 100]");
  const double k = std::ceil(percent / 100.0 * static_cast<double>(n) - 1e-9);
  return std::min(n, static_cast<std::size_t>(std::max(1.0, k)));
}

// Every atom whose score lies in [lowest, highest].
ScoreSet members_between(const std::vector<double>& score, double lowest, double highest) {
  ScoreSet s;
  s.member.assign(score.size(), false);
  s.lowest = lowest;
  s.highest = highest;
  for (std::size_t i = 0; i < score.size(); ++i)
    if (score[i] >= lowest && score[i] <= highest) {
      s.member[i] = true;
      ++s.count;
    }
  return s;
}

std::vector<double> finite_scores_ascending(const std::vector<double>& score) {
  std::vector<double> v;
  for (double x : score)
    if (std::isfinite(x)) v.push_back(x);
  std::sort(v.begin(), v.end());
  return v;
}

ScoreSet empty_set(std::size_t atoms) {
  ScoreSet s;
  s.member.assign(atoms, false);
  s.lowest = s.highest = kNaN;
  return s;
}

}  // namespace

HoppingIndicator::HoppingIndicator(const HoppingParams& params, std::size_t atoms)
    : params_(params), atoms_(atoms), largest_(atoms, -1.0), largest_at_(atoms, 0) {
  if (params.window <= 0 || params.window % 2 != 0)
    throw InputError(window_words(params.window) + " must be even and positive (A and B are t_R/2 each)");
  if (atoms == 0) throw InputError("p_hop needs at least one atom");
}

void HoppingIndicator::check_frame(const std::vector<double>& x) const {
  if (x.size() != 3 * atoms_)
    throw InputError("frame " + std::to_string(frames_) + " has " + std::to_string(x.size() / 3) + " atoms, not " +
                     std::to_string(atoms_));
  for (std::size_t j = 0; j < x.size(); ++j)
    if (!std::isfinite(x[j]))
      throw InputError("frame " + std::to_string(frames_) + ": atom " + std::to_string(j / 3) +
                       " (in the given order) has a non-finite position");
}

void HoppingIndicator::push_unwrapped(std::vector<double> x) {
  recent_.push_back(std::move(x));
  if (recent_.size() > static_cast<std::size_t>(params_.window) + 1) recent_.pop_front();
  ++frames_;
  if (recent_.size() == static_cast<std::size_t>(params_.window) + 1) score_centre();
}

void HoppingIndicator::add_frame(const std::vector<double>& x) {
  check_frame(x);
  last_raw_ = x;
  push_unwrapped(x);
}

void HoppingIndicator::add_frame(const std::vector<double>& x, const Box& cell) {
  check_frame(x);
  std::vector<double> unwrapped = x;  // the first frame is the origin of the unwrapping
  if (frames_ > 0) {
    const MinimumImage image(cell);
    const std::vector<double>& before = recent_.back();
    for (std::size_t i = 0; i < atoms_; ++i) {
      const Vec3 step = image(
          Vec3(x[3 * i] - last_raw_[3 * i], x[3 * i + 1] - last_raw_[3 * i + 1], x[3 * i + 2] - last_raw_[3 * i + 2]));
      for (int d = 0; d < 3; ++d) unwrapped[3 * i + d] = before[3 * i + d] + step[d];
    }
  }
  last_raw_ = x;
  push_unwrapped(std::move(unwrapped));
}

// p_hop at the centre of the frames held: A = recent_[0..h], B = recent_[h..2h].
void HoppingIndicator::score_centre() {
  const std::size_t h = static_cast<std::size_t>(params_.window / 2), t = frames_ - 1 - h;
  std::vector<double> row(atoms_);
  for (std::size_t i = 0; i < atoms_; ++i) {
    const Vec3 mean_a = mean_position(recent_, 0, h + 1, i), mean_b = mean_position(recent_, h, 2 * h + 1, i);
    row[i] =
        std::sqrt(mean_square_from(recent_, 0, h + 1, i, mean_b) * mean_square_from(recent_, h, 2 * h + 1, i, mean_a));
    if (row[i] > largest_[i]) {
      largest_[i] = row[i];
      largest_at_[i] = t;
    }
  }
  if (params_.keep_series) series_.push_back(std::move(row));
}

HoppingResult HoppingIndicator::result() const {
  if (frames_ <= static_cast<std::size_t>(params_.window))
    throw InputError(window_words(params_.window) + " does not fit the " + std::to_string(frames_) +
                     " frame(s) given: it needs at least " + std::to_string(params_.window + 1));
  HoppingResult r;
  r.atoms = atoms_;
  r.frames = frames_;
  r.window = params_.window;
  r.first_frame = static_cast<std::size_t>(params_.window / 2);
  r.last_frame = frames_ - 1 - r.first_frame;
  r.largest = largest_;
  r.largest_at = largest_at_;
  if (params_.keep_series) {
    r.series = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(frames_), static_cast<Eigen::Index>(atoms_), kNaN);
    for (std::size_t k = 0; k < series_.size(); ++k)
      for (std::size_t i = 0; i < atoms_; ++i) r.series(r.first_frame + k, i) = series_[k][i];
  }
  return r;
}

HoppingResult hopping_indicator(const std::vector<std::vector<double>>& frames, const HoppingParams& params,
                                const std::vector<Box>& cells) {
  if (!cells.empty() && cells.size() != 1 && cells.size() != frames.size())
    throw InputError("p_hop: " + std::to_string(cells.size()) + " cells for " + std::to_string(frames.size()) +
                     " frames (give none, one, or one per frame)");
  HoppingIndicator indicator(params, frames.empty() ? 0 : frames.front().size() / 3);
  for (std::size_t k = 0; k < frames.size(); ++k) {
    if (cells.empty())
      indicator.add_frame(frames[k]);
    else
      indicator.add_frame(frames[k], cells[cells.size() == 1 ? 0 : k]);
  }
  return indicator.result();
}

ScoreSet top_percent(const std::vector<double>& score, double percent) {
  const std::vector<double> v = finite_scores_ascending(score);
  const std::size_t k = percent_count(percent, v.size());
  if (v.empty()) return empty_set(score.size());
  return members_between(score, v[v.size() - k], v.back());
}

ScoreSet medium_percent(const std::vector<double>& score, double percent) {
  const std::vector<double> v = finite_scores_ascending(score);
  const std::size_t k = percent_count(percent, v.size());
  if (v.empty()) return empty_set(score.size());
  const std::size_t start = (v.size() - k) / 2;
  return members_between(score, v[start], v[start + k - 1]);
}

DisproportionResult disproportionate_factor(const std::vector<double>& mobility, const std::vector<double>& label,
                                            double percent, MobilityWindow window) {
  if (mobility.size() != label.size())
    throw InputError("D.F.: " + std::to_string(mobility.size()) + " mobilities for " + std::to_string(label.size()) +
                     " labels");
  for (std::size_t i = 0; i < mobility.size(); ++i)
    if (!std::isfinite(mobility[i]))
      throw InputError("D.F.: the mobility of atom " + std::to_string(i) + " is not finite");
  const ScoreSet mobile =
      window == MobilityWindow::top ? top_percent(mobility, percent) : medium_percent(mobility, percent);
  const ScoreSet labelled = top_percent(label, percent);
  DisproportionResult r;
  r.atoms = mobility.size();
  r.mobile = mobile.count;
  r.labelled = labelled.count;
  r.mobility_threshold = mobile.lowest;
  r.label_threshold = labelled.lowest;
  for (std::size_t i = 0; i < r.atoms; ++i)
    if (mobile.member[i] && labelled.member[i]) ++r.mobile_labelled;
  if (r.labelled == 0 || r.mobile == 0) {
    r.factor = r.chance_spread = kNaN;
    return r;
  }
  const double n = static_cast<double>(r.atoms), m = static_cast<double>(r.mobile), q = r.labelled / n;
  r.factor = (static_cast<double>(r.mobile_labelled) / m) / q;
  // Hypergeometric variance of the count m q (1 - q) (n - m) / (n - 1), over the expected count m q.
  const double variance = r.atoms > 1 ? m * q * (1.0 - q) * (n - m) / (n - 1.0) : 0.0;
  r.chance_spread = std::sqrt(variance) / (m * q);
  return r;
}

}  // namespace metabasin
