// SPDX-License-Identifier: BSD-3-Clause
// The hopping indicator p_hop against values worked out by hand, wrapped and unwrapped
// trajectories alike, the disproportionate factor D.F. of Eq. 2 at its three known values, and
// the `metabasin hop` contract.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <sstream>

#include "error.hpp"
#include "hopping.hpp"
#include "lammps_dump.hpp"
#include "lammps_reference.hpp"
#include "trajectory.hpp"

namespace metabasin {
namespace {

// Atom 0 sits at the origin up to frame jump - 1 and at (a, 0, 0) from frame `jump` on;
// atom 1 never moves.
std::vector<std::vector<double>> one_jump(std::size_t frames, std::size_t jump, double a) {
  std::vector<std::vector<double>> x;
  for (std::size_t k = 0; k < frames; ++k) x.push_back({k < jump ? 0.0 : a, 0.0, 0.0, 5.0, 5.0, 5.0});
  return x;
}

// t_R = 6 frames, so A = [t - 3, t] and B = [t, t + 3] hold n = 4 frames each. At t = jump:
// A holds 3 frames at 0 and one at a, B 4 at a; <x>_A = a/4, <x>_B = a;
//   <(x - <x>_B)^2>_A = 3a^2/4,  <(x - <x>_A)^2>_B = (3a/4)^2 = 9a^2/16,
//   p_hop = sqrt(27/64) a^2 = (3/4)^(3/2) a^2 = ((n-1)/n)^(3/2) a^2  (0.6495 a^2).
// At t = jump - 1 the mirror image gives the same value, the largest: with m of the n frames of
// A before the jump (B all after) p_hop = (m/n)^(3/2) a^2, largest at m = n - 1.
// At t = jump - 2: A all at 0, B two at 0 and two at a; <x>_B = a/2,
//   p_hop = sqrt((a/2)^2 * a^2/2) = a^2 / sqrt(8).
TEST(Hopping, OneJumpGivesTheValueWorkedOutByHand) {
  const double a = 2.5;
  const auto frames = one_jump(12, 6, a);
  const HoppingResult r = hopping_indicator(frames, {6, true});
  EXPECT_EQ(r.first_frame, 3u);
  EXPECT_EQ(r.last_frame, 8u);
  const double by_hand = std::pow(0.75, 1.5) * a * a;  // 4.0595...
  EXPECT_NEAR(r.largest[0], by_hand, 1e-12);
  EXPECT_TRUE(r.largest_at[0] == 5u || r.largest_at[0] == 6u) << r.largest_at[0];
  EXPECT_NEAR(r.series(6, 0), by_hand, 1e-12);
  EXPECT_NEAR(r.series(5, 0), by_hand, 1e-12);
  EXPECT_NEAR(r.series(4, 0), a * a / std::sqrt(8.0), 1e-12);
  // At t = 3: A all at 0, B = [3, 6] three at 0 and the jump frame at a; <x>_B = a/4,
  //   p_hop = sqrt((a/4)^2 * a^2/4) = a^2/8.
  EXPECT_NEAR(r.series(3, 0), a * a / 8.0, 1e-12);
  EXPECT_EQ(r.largest[1], 0.0);             // never moves: exactly 0
  EXPECT_TRUE(std::isnan(r.series(2, 0)));  // the window does not fit frames 0-2 and 9-11
  EXPECT_TRUE(std::isnan(r.series(9, 1)));
  EXPECT_EQ(hopping_indicator(frames, {6, false}).series.size(), 0);
}

// A random walk with rare long jumps in a tilted periodic cell: the positions wrapped into the
// cell, with the cell given, score exactly as the unwrapped positions.
TEST(Hopping, WrappedPositionsInATiltedCellScoreAsUnwrapped) {
  Box cell;
  cell.len = Vec3(8.0, 7.0, 9.0);
  cell.xy = 2.5;
  cell.xz = -1.0;
  std::mt19937 rng(11);
  std::normal_distribution<double> vibration(0.0, 0.15);
  const std::size_t atoms = 20, frames = 40;
  std::vector<std::vector<double>> unwrapped(frames, std::vector<double>(3 * atoms)), wrapped = unwrapped;
  for (std::size_t i = 0; i < atoms; ++i) {
    Vec3 site(0.4 * i, 0.35 * i, 0.45 * i);
    for (std::size_t k = 0; k < frames; ++k) {
      if (k == 10 + i) site += Vec3(2.0, -1.5, 1.0);  // each atom hops once, many across a face
      Vec3 r = site + Vec3(vibration(rng), vibration(rng), vibration(rng));
      std::array<int, 3> image{0, 0, 0};
      const Vec3 w = cell.wrap(r, image);
      for (int d = 0; d < 3; ++d) {
        unwrapped[k][3 * i + d] = r[d];
        wrapped[k][3 * i + d] = w[d];
      }
    }
  }
  const HoppingResult plain = hopping_indicator(unwrapped, {8, true});
  const HoppingResult folded = hopping_indicator(wrapped, {8, true}, {cell});
  for (std::size_t i = 0; i < atoms; ++i) {
    EXPECT_NEAR(folded.largest[i], plain.largest[i], 1e-9) << "atom " << i;
    EXPECT_EQ(folded.largest_at[i], plain.largest_at[i]) << "atom " << i;
    EXPECT_GT(plain.largest[i], 1.0) << "atom " << i;  // the hop of 2.7 A stands out of 0.15 A
  }
  // Without the cell the wrapped positions look like jumps of a whole cell.
  EXPECT_GT(hopping_indicator(wrapped, {8, false}).largest[19], 10.0);
}

TEST(Hopping, AWindowThatIsOddOrDoesNotFitIsAnInputError) {
  const auto frames = one_jump(7, 3, 1.0);
  EXPECT_THROW(hopping_indicator(frames, {5, false}), InputError);
  EXPECT_THROW(hopping_indicator(frames, {0, false}), InputError);
  EXPECT_THROW(hopping_indicator(frames, {-2, false}), InputError);
  EXPECT_THROW(hopping_indicator(frames, {8, false}), InputError);  // needs 9 frames
  EXPECT_NO_THROW(hopping_indicator(frames, {6, false}));           // 7 frames: one centre
  auto short_frame = frames;
  short_frame[4].pop_back();
  EXPECT_THROW(hopping_indicator(short_frame, {2, false}), InputError);
  EXPECT_THROW(hopping_indicator(frames, {2, false}, std::vector<Box>(3)), InputError);
}

TEST(DisproportionateFactor, TopAndMediumSetsKeepTiesTogether) {
  const std::vector<double> score{1.0, 2.0, 2.0, 2.0, 3.0, NAN};
  // 5 atoms have a score; 40 %: k = 2, the 2nd largest is 2, and every 2 belongs.
  const ScoreSet top = top_percent(score, 40.0);
  EXPECT_EQ(top.count, 4u);
  EXPECT_EQ(top.lowest, 2.0);
  EXPECT_FALSE(top.member[0]);
  EXPECT_FALSE(top.member[5]);  // NaN: never a member
  std::vector<double> ramp(10);
  for (int i = 0; i < 10; ++i) ramp[i] = 9 - i;
  const ScoreSet medium = medium_percent(ramp, 20.0);  // k = 2 from rank (10 - 2)/2 = 4: values 4, 5
  EXPECT_EQ(medium.count, 2u);
  EXPECT_EQ(medium.lowest, 4.0);
  EXPECT_EQ(medium.highest, 5.0);
  EXPECT_THROW(top_percent(score, 0.0), InputError);
  EXPECT_THROW(top_percent(score, 100.5), InputError);
}

// N = 100000 atoms with labels drawn independently of mobility: the count of labelled atoms in
// the top X % is hypergeometric, so D.F. = 1 with standard deviation
// sqrt((1 - X)(N - m) / ((N - 1) m X)), m = X N: 0.060 at 5 %, 0.028 at 10 %, 0.0126 at 20 %.
// Accepted within 4 of them.
TEST(DisproportionateFactor, IsOneForLabelsUnrelatedToMobility) {
  std::mt19937 rng(5);
  std::exponential_distribution<double> hops(1.0);
  std::uniform_real_distribution<double> tortuosity(1.0, 5.0);
  const std::size_t n = 100000;
  std::vector<double> mobility(n), label(n);
  for (std::size_t i = 0; i < n; ++i) {
    mobility[i] = hops(rng);
    label[i] = tortuosity(rng);
  }
  const std::vector<std::pair<double, double>> spread = {{5.0, 0.060}, {10.0, 0.0285}, {20.0, 0.0126}};
  for (const auto& [x, sd] : spread) {
    for (MobilityWindow w : {MobilityWindow::top, MobilityWindow::medium}) {
      const DisproportionResult r = disproportionate_factor(mobility, label, x, w);
      EXPECT_NEAR(r.chance_spread, sd, 0.002) << x;
      EXPECT_NEAR(r.factor, 1.0, 4.0 * r.chance_spread) << x << " % window " << static_cast<int>(w);
      EXPECT_EQ(r.mobile, static_cast<std::size_t>(x / 100 * n));
    }
  }
}

// Labels equal to mobility: the top X % by mobility is the top X % by label, so the numerator is
// 1 and the denominator X: D.F. = 1/X; the medium window holds none of them. At 100 % every
// window is the whole sample: D.F. = 1, whatever the labels (NaN ones too).
TEST(DisproportionateFactor, IsOneOverXForLabelsEqualToMobilityAndOneAtAHundredPercent) {
  std::mt19937 rng(8);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const std::size_t n = 20000;
  std::vector<double> mobility(n), label(n);
  for (std::size_t i = 0; i < n; ++i) mobility[i] = u(rng);
  for (double x : {1.0, 5.0, 10.0, 25.0, 50.0}) {
    const DisproportionResult r = disproportionate_factor(mobility, mobility, x);
    EXPECT_NEAR(r.factor, 100.0 / x, 1e-12) << x;
    EXPECT_EQ(disproportionate_factor(mobility, mobility, x, MobilityWindow::medium).factor, x < 50.0 ? 0.0 : 1.0);
  }
  for (std::size_t i = 0; i < n; ++i) label[i] = i % 3 == 0 ? NAN : std::floor(10.0 * u(rng));  // ties, no events
  for (MobilityWindow w : {MobilityWindow::top, MobilityWindow::medium})
    EXPECT_NEAR(disproportionate_factor(mobility, label, 100.0, w).factor, 1.0, 1e-12);
  EXPECT_THROW(disproportionate_factor(mobility, std::vector<double>(3), 10.0), InputError);
  mobility[7] = NAN;
  EXPECT_THROW(disproportionate_factor(mobility, label, 10.0), InputError);
}

// A dump of 4 atoms in a 10 A periodic cell over 13 frames; atom ID 3 jumps by 1.6 A
// across the x face at frame 6 (wrapped back into the cell), the others vibrate a little.
TEST(HopCommand, WritesTheLargestHopOfEveryAtomAndTheSummary) {
  const std::string dir = testing::scratch_dir("hop_command");
  Configuration c;
  c.box.len = Vec3(10.0, 10.0, 10.0);
  c.ids = {1, 2, 3, 4};
  c.types = {1, 1, 2, 2};
  c.ntypes = 2;
  c.masses = {63.546, 91.224};
  c.image.assign(12, 0);
  const std::vector<double> sites{1.0, 1.0, 1.0, 4.0, 4.0, 4.0, 9.2, 5.0, 5.0, 6.0, 2.0, 8.0};
  std::vector<std::vector<double>> unwrapped;
  {
    LammpsDumpWriter w(dir + "/md.dump");
    for (int k = 0; k < 13; ++k) {
      c.x = sites;
      for (int j = 0; j < 12; ++j) c.x[j] += 0.01 * ((k * 7 + j * 3) % 5 - 2);  // +-0.02 A
      if (k >= 6) c.x[6] += 1.6;
      unwrapped.push_back(c.x);
      if (k >= 6) c.x[6] -= 10.0;  // 10.8 wrapped to 0.8
      w.write(c, FrameData{});
    }
  }
  const HoppingResult expected = hopping_indicator(unwrapped, {6, false});
  const auto r = testing::run_metabasin("hop md.dump --window 6 --top 25 --out hop.dump", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  EXPECT_EQ(r.last["atoms"], 4);
  EXPECT_EQ(r.last["frames"], 13);
  EXPECT_EQ(r.last["window"], 6);
  EXPECT_EQ(r.last["p_hop"]["max_atom"], 3);
  const double by_hand = std::pow(0.75, 1.5) * 1.6 * 1.6;  // the jump of the first test, a = 1.6 A
  EXPECT_NEAR(r.last["p_hop"]["max"].get<double>(), expected.largest[2], 1e-9);
  EXPECT_NEAR(r.last["p_hop"]["max"].get<double>(), by_hand, 0.1);  // the vibrations move it a little
  EXPECT_EQ(r.last["top_atoms"], 1);                                // 25 % of 4
  EXPECT_EQ(r.last["top_threshold"], r.last["p_hop"]["max"]);
  EXPECT_LT(r.last["p_hop"]["mean"].get<double>(), by_hand / 4 + 0.01);

  const LammpsDumpReader out(dir + "/hop.dump");
  ASSERT_EQ(out.size(), 1u);
  const std::string text = testing::read_text(dir + "/hop.dump");
  EXPECT_NE(text.find("ITEM: ATOMS id type x y z p_hop p_hop_frame\n"), std::string::npos) << text;
  const auto line_of = [&](const std::string& head) { return text.substr(text.find("\n" + head) + 1, 80); };
  std::istringstream atom3(line_of("3 2 "));
  double id, type, x, y, z, p_hop, at;
  atom3 >> id >> type >> x >> y >> z >> p_hop >> at;
  EXPECT_NEAR(x, 0.8, 0.03);  // the last frame as read
  EXPECT_NEAR(p_hop, r.last["p_hop"]["max"].get<double>(), 1e-9);
  EXPECT_EQ(at, static_cast<double>(expected.largest_at[2]));

  const auto odd = testing::run_metabasin("hop md.dump --window 5", dir);
  EXPECT_EQ(odd.code, 2);
  EXPECT_NE(odd.last.value("error", "").find("--window 5"), std::string::npos) << odd.stdout_text;
  const auto too_long = testing::run_metabasin("hop md.dump --window 14", dir);
  EXPECT_EQ(too_long.code, 2);
  EXPECT_NE(too_long.last.value("error", "").find("has 13 frame(s)"), std::string::npos) << too_long.stdout_text;
  const auto over = testing::run_metabasin("hop md.dump --window 6 --out ./md.dump", dir);
  EXPECT_EQ(over.code, 1);
  EXPECT_NE(over.last.value("error", "").find("md.dump"), std::string::npos) << over.stdout_text;
}


// `metabasin hop --labels`: 100 atoms, atom ID i + 1 jumps by 0.5 + 0.01 i A at frame 6, so p_hop
// grows with the ID; labels in the same order make the top X % by p_hop the top X % by label,
// D.F. = 100 / X exactly (k = X atoms of 100) and the medium window, disjoint from the top one
// up to X = 33 %, holds none of them. Atoms labelled 0 (no event) belong to no label set.
TEST(HopCommand, LabelsGiveTheDisproportionateFactorCurve) {
  const std::string dir = testing::scratch_dir("hop_labels");
  Configuration c;
  c.box.len = Vec3(30.0, 30.0, 30.0);
  c.ntypes = 1;
  c.masses = {63.546};
  for (int i = 0; i < 100; ++i) {
    c.ids.push_back(i + 1);
    c.types.push_back(1);
  }
  c.image.assign(300, 0);
  {
    LammpsDumpWriter w(dir + "/md.dump");
    for (int k = 0; k < 13; ++k) {
      c.x.clear();
      for (int i = 0; i < 100; ++i)
        for (double v : {1.0 + 3.0 * (i % 10) + (k >= 6 ? 0.5 + 0.01 * i : 0.0), 1.0 + 3.0 * (i / 10), 5.0})
          c.x.push_back(v);
      w.write(c, FrameData{});
    }
  }
  auto write_labels = [&](const std::string& name, const std::vector<double>& label) {
    LammpsDumpWriter w(dir + "/" + name);
    FrameData frame;
    frame.columns = {{"C_over_L_max", &label}};
    w.write(c, frame);
  };
  std::vector<double> ordered(100), half(100);
  for (int i = 0; i < 100; ++i) {
    ordered[i] = 1.0 + 0.02 * i;
    half[i] = i % 2 ? ordered[i] : 0.0;
  }
  write_labels("ordered.dump", ordered);
  write_labels("half.dump", half);
  const auto r = testing::run_metabasin("hop md.dump --window 6 --labels ordered.dump", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  const auto& df = r.last["disproportionate_factor"];
  EXPECT_EQ(df["atoms_in_events"], 100);
  ASSERT_EQ(df["curve"].size(), 28u);
  for (const auto& point : df["curve"]) {
    const double x = point["percent"];
    EXPECT_NEAR(point["top"]["factor"].get<double>(), 100.0 / x, 1e-12) << x;
    EXPECT_EQ(point["top"]["mobile"], static_cast<int>(x));
    if (x <= 33) EXPECT_EQ(point["medium"]["factor"], 0.0) << x;
    if (x < 100) EXPECT_GT(point["top"]["chance_spread"].get<double>(), 0.0) << x;  // none when the window is all
  }
  EXPECT_EQ(df["curve"][0]["percent"], 1.0);
  EXPECT_EQ(df["curve"][9]["percent"], 10.0);
  EXPECT_EQ(df["curve"][10]["percent"], 15.0);
  EXPECT_EQ(df["curve"][27]["percent"], 100.0);

  // Half the atoms in no event: the label sets hold the other 50 only. At 10 %: the top 10 by
  // p_hop are IDs 91..100, the top 5 of the 50 labelled IDs 92..100 (even IDs): 5 of the 10 in
  // the window, against 5 of 100 in the sample: D.F. = (5/10) / (5/100) = 10.
  const auto h = testing::run_metabasin("hop md.dump --window 6 --labels half.dump --out hop.dump", dir);
  ASSERT_EQ(h.code, 0) << h.stderr_text;
  EXPECT_EQ(h.last["disproportionate_factor"]["atoms_in_events"], 50);
  EXPECT_NEAR(h.last["disproportionate_factor"]["curve"][9]["top"]["factor"].get<double>(), 10.0, 1e-12);
  EXPECT_NEAR(h.last["disproportionate_factor"]["curve"][27]["top"]["factor"].get<double>(), 1.0, 1e-12);
  const LammpsDumpReader out(dir + "/hop.dump");
  EXPECT_EQ(out.column(0, "C_over_L_max"), half);

  // Labels of other atoms: one error naming both files.
  Configuration other = c;
  other.ids.back() = 101;
  {
    LammpsDumpWriter w(dir + "/other.dump");
    FrameData frame;
    frame.columns = {{"C_over_L_max", &ordered}};
    w.write(other, frame);
  }
  const auto bad = testing::run_metabasin("hop md.dump --window 6 --labels other.dump", dir);
  EXPECT_EQ(bad.code, 1);
  const std::string e = bad.last.value("error", "");
  EXPECT_NE(e.find("other.dump"), std::string::npos) << bad.stdout_text;
  EXPECT_NE(e.find("md.dump"), std::string::npos) << bad.stdout_text;
  // A dump without the column names it.
  const auto plain = testing::run_metabasin("hop md.dump --window 6 --labels md.dump", dir);
  EXPECT_EQ(plain.code, 1);
  EXPECT_NE(plain.last.value("error", "").find("C_over_L_max"), std::string::npos) << plain.stdout_text;
}

}  // namespace
}  // namespace metabasin
