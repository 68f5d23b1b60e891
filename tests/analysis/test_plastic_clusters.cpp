// SPDX-License-Identifier: BSD-3-Clause
// Plastic clusters: sizes against a brute-force count, clusters joined across periodic faces
// without spanning, a band that winds round the cell spanning along it alone, and the command
// on a sheared band whose strain is known.
#include <gtest/gtest.h>

#include <cmath>

#include "error.hpp"
#include "lammps_data.hpp"
#include "lammps_reference.hpp"
#include "plastic_clusters.hpp"
#include "strain_samples.hpp"

namespace metabasin {
namespace {

// Atoms within `radius` of `centre` (minimum image), a disc in 2D.
std::vector<bool> disc(const Configuration& c, const Vec3& centre, double radius) {
  std::vector<bool> in(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) in[i] = c.box.minimum_image(c.position(i) - centre).norm() < radius;
  return in;
}

std::size_t count(const std::vector<bool>& v) { return static_cast<std::size_t>(std::count(v.begin(), v.end(), true)); }

TEST(PlasticClusters, TwoDiscsAreTwoClustersOfTheirSizesLargestFirst) {
  const Configuration c = disordered("hex", {20, 12, 1}, 0.0, 5);
  const Vec3 lo = c.box.lo;
  const auto small = disc(c, lo + Vec3(10.0, 8.0, 0.0), 5.0), big = disc(c, lo + Vec3(35.0, 16.0, 0.0), 8.0);
  std::vector<bool> active(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) active[i] = small[i] || big[i];
  const PlasticClusters pc = plastic_clusters(c, active, 3.6);  // hex a = 2.6, jiggled 0.3: discs stay connected
  ASSERT_EQ(pc.clusters.size(), 2u);
  EXPECT_EQ(pc.active, count(active));
  EXPECT_EQ(pc.clusters[0].atoms.size(), count(big));
  EXPECT_EQ(pc.clusters[1].atoms.size(), count(small));
  for (std::size_t i = 0; i < c.size(); ++i) EXPECT_EQ(pc.rank[i], big[i] ? 1 : small[i] ? 2 : 0);
  for (const auto& cl : pc.clusters) EXPECT_EQ(cl.spans, (std::array<bool, 3>{false, false, false}));
}

TEST(PlasticClusters, ADiscAcrossTheCellsCornerIsOneClusterThatDoesNotSpan) {
  const Configuration c = disordered("hex", {20, 12, 1}, 0.15, 6);
  const auto active = disc(c, c.box.lo, 7.0);  // cut by both periodic faces, in a tilted cell
  const PlasticClusters pc = plastic_clusters(c, active, 3.6);
  ASSERT_EQ(pc.clusters.size(), 1u);
  EXPECT_EQ(pc.clusters[0].atoms.size(), count(active));
  EXPECT_EQ(pc.clusters[0].spans, (std::array<bool, 3>{false, false, false}));
}

TEST(PlasticClusters, ABandRoundTheCellSpansAlongItAlone) {
  const Configuration c = disordered("hex", {20, 12, 1}, 0.0, 7);
  std::vector<bool> band(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) {
    const double y = c.x[3 * i + 1] - c.box.lo[1];
    band[i] = y > 10.0 && y < 16.0;
  }
  const PlasticClusters pc = plastic_clusters(c, band, 3.6);
  ASSERT_EQ(pc.clusters.size(), 1u);
  EXPECT_EQ(pc.clusters[0].spans, (std::array<bool, 3>{true, false, false}));
  // Every atom active: spans both ways.
  const PlasticClusters all = plastic_clusters(c, std::vector<bool>(c.size(), true), 3.6);
  ASSERT_EQ(all.clusters.size(), 1u);
  EXPECT_EQ(all.clusters[0].spans, (std::array<bool, 3>{true, true, false}));
  EXPECT_THROW(plastic_clusters(c, band, 0.5 * c.box.face_distances()[1]), InputError);
}

// A band sheared by 0.3 between rigid blocks (the cell tilted with the top one): its atoms
// strain by far more than 10 %, the rest by none; the band spans along x.
TEST(ClustersCommand, AShearedBandIsOneSpanningCluster) {
  const std::string dir = testing::scratch_dir("clusters_command");
  const Configuration ref = disordered("hex", {20, 12, 1}, 0.0, 8);
  Configuration cur = ref;
  const double y0 = ref.box.lo[1] + 12.0, y1 = y0 + 8.0;
  for (std::size_t i = 0; i < cur.size(); ++i) {
    const double y = ref.x[3 * i + 1];
    cur.x[3 * i] += 0.3 * (std::clamp(y, y0, y1) - y0);  // sheared in the band, carried rigidly above it
  }
  cur.box.xy += 0.3 * (y1 - y0);  // the cell follows the rigid top: no second band at the periodic face
  write_lammps_data(dir + "/ref.data", ref, "reference");
  write_lammps_data(dir + "/cur.data", cur, "band sheared");
  const auto r = testing::run_metabasin("clusters ref.data cur.data --cutoff 4 --bond 3.6 --out c.dump", dir);
  ASSERT_EQ(r.code, 0) << r.stderr_text;
  EXPECT_EQ(r.last["dimension"], 2);
  EXPECT_EQ(r.last["clusters"], 1);
  EXPECT_TRUE(r.last["spanning"].get<bool>());
  EXPECT_EQ(r.last["largest"][0]["spans"], nlohmann::json::array({"x"}));
  const std::size_t activated = r.last["activated"];
  std::size_t inside = 0;  // atoms whose whole neighbourhood lies in the band must be active
  for (std::size_t i = 0; i < ref.size(); ++i) inside += ref.x[3 * i + 1] > y0 + 4.0 && ref.x[3 * i + 1] < y1 - 4.0;
  EXPECT_GE(activated, inside);
  EXPECT_LT(activated, ref.size() / 2);
  EXPECT_NE(testing::read_text(dir + "/c.dump").find("ITEM: ATOMS id type x y z shear_strain cluster\n"),
            std::string::npos);
  const auto missing = testing::run_metabasin("clusters ref.data cur.data --cutoff 4", dir);
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.stderr_text.find("--bond"), std::string::npos);
}

}  // namespace
}  // namespace metabasin
