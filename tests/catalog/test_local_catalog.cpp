// SPDX-License-Identifier: BSD-3-Clause
// A catalog of local events: states stored as the atoms that differ from a base state, rebuilt
// exactly; the catalog file appended to in place (O(new data) per save), rows a killed save
// left half written ignored, and version-1 files (every state in full) still read.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>

#include "abc_catalog.hpp"
#include "art.hpp"
#include "catalog_file.hpp"
#include "error.hpp"
#include "hdf5_atoms.hpp"
#include "hdf5_reader.hpp"
#include "hdf5_writer.hpp"
#include "lammps_reference.hpp"
#include "sample_builder.hpp"
#include "saddle_refinement.hpp"
#include "strain_response.hpp"
#include "test_systems.hpp"

using namespace metabasin;

namespace {

/// A periodic 2D cell of n atoms on a jittered grid (no potential is needed: the catalog
/// only compares and stores positions).
Configuration grid_atoms(int side, unsigned seed) {
  Configuration c;
  c.box.dimension = 2;
  c.box.len = Vec3(2.5 * side, 2.5 * side, 1.0);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> jitter(-0.2, 0.2);
  for (int i = 0; i < side * side; ++i) {
    c.ids.push_back(i + 1);
    c.types.push_back(1 + i % 2);
    c.x.insert(c.x.end(), {2.5 * (i % side) + jitter(rng), 2.5 * (i / side) + jitter(rng), 0.0});
  }
  c.ntypes = 2;
  return c;
}

VectorXd positions(const Configuration& c) {
  return Eigen::Map<const VectorXd>(c.x.data(), static_cast<Eigen::Index>(c.x.size()));
}

/// An event from x: `moved` atoms around a random one shifted by up to 0.4 A (its minimum),
/// and the saddle half way.
struct LocalEvent {
  VectorXd minimum, saddle;
  std::size_t moved = 0;
};
LocalEvent local_event(const VectorXd& x, std::size_t moved, std::mt19937& rng) {
  const std::size_t n = static_cast<std::size_t>(x.size() / 3);
  std::uniform_int_distribution<std::size_t> pick(0, n - moved);
  std::uniform_real_distribution<double> shift(0.1, 0.4);
  LocalEvent ev{x, x, moved};
  const std::size_t first = pick(rng);
  for (std::size_t i = first; i < first + moved; ++i)
    for (int d = 0; d < 2; ++d) {
      const double s = shift(rng);
      ev.minimum[3 * static_cast<Eigen::Index>(i) + d] += s;
      ev.saddle[3 * static_cast<Eigen::Index>(i) + d] += s / 2;
    }
  return ev;
}

/// Stored atoms over all minima and saddles.
std::size_t stored_atoms(const Catalog& c) {
  std::size_t n = 0;
  for (std::size_t v = 0; v < c.minima(); ++v) n += c.stored_minimum(v).atoms.size();
  for (std::size_t e = 0; e < c.saddles(); ++e) n += c.stored_saddle(e).atoms.size();
  return n;
}

/// Adds the event from minimum `from` (energies made distinct by k); returns the new minimum.
std::size_t add_event(Catalog& c, std::size_t from, const LocalEvent& ev, int k) {
  const std::size_t to = c.add_minimum({-100.0 + 0.01 * k, ev.minimum, 0.0, "art", 10 * k}, from).index;
  Transition t;
  t.from = from;
  t.to = to;
  t.energy = -99.0 + 0.01 * k;
  t.positions = ev.saddle;
  t.found_by = "art";
  c.add_saddle(t);
  return to;
}

void expect_same_catalog(const Catalog& a, const Catalog& b) {
  ASSERT_EQ(a.minima(), b.minima());
  ASSERT_EQ(a.saddles(), b.saddles());
  for (std::size_t v = 0; v < a.minima(); ++v) {
    EXPECT_EQ(a.minimum_positions(v), b.minimum_positions(v)) << "minimum " << v;
    EXPECT_EQ(a.minimum(v).energy, b.minimum(v).energy);
    EXPECT_EQ(a.minimum(v).found_by, b.minimum(v).found_by);
    EXPECT_EQ(a.minimum(v).force_calls, b.minimum(v).force_calls);
    EXPECT_EQ(std::isnan(a.minimum(v).pressure_xy), std::isnan(b.minimum(v).pressure_xy));
    if (!std::isnan(a.minimum(v).pressure_xy)) EXPECT_EQ(a.minimum(v).pressure_xy, b.minimum(v).pressure_xy);
  }
  for (std::size_t e = 0; e < a.saddles(); ++e) {
    EXPECT_EQ(a.saddle_positions(e), b.saddle_positions(e)) << "saddle " << e;
    EXPECT_EQ(a.saddle(e).from, b.saddle(e).from);
    EXPECT_EQ(a.saddle(e).to, b.saddle(e).to);
    EXPECT_EQ(a.saddle(e).prefactor, b.saddle(e).prefactor);
    EXPECT_EQ(a.saddle(e).times_found, b.saddle(e).times_found);
  }
}

}  // namespace

TEST(LocalCatalog, EventsFromOneStartStoreOnlyTheAtomsTheyMove) {
  const Configuration a = grid_atoms(20, 1);  // 400 atoms
  Catalog c(a, "test");
  const std::size_t start = c.add_minimum({-101.0, positions(a), 0.0, "start", 0}).index;
  std::mt19937 rng(2);
  std::vector<LocalEvent> events;
  for (int k = 0; k < 30; ++k) {
    events.push_back(local_event(positions(a), 6, rng));
    add_event(c, start, events.back(), k);
  }
  ASSERT_EQ(c.minima(), 31u);
  ASSERT_EQ(c.saddles(), 30u);
  EXPECT_EQ(c.stored_minimum(start).atoms.size(), a.size());  // the start in full
  for (std::size_t k = 0; k < events.size(); ++k) {
    EXPECT_EQ(c.stored_minimum(k + 1).base, static_cast<long>(start));
    EXPECT_EQ(c.stored_minimum(k + 1).atoms.size(), 6u);
    EXPECT_EQ(c.stored_saddle(k).atoms.size(), 6u);
    // Rebuilt exactly, and found again from the full positions.
    EXPECT_EQ(c.minimum_positions(k + 1), events[k].minimum);
    EXPECT_EQ(c.saddle_positions(k), events[k].saddle);
    EXPECT_EQ(c.find_minimum(events[k].minimum, -100.0 + 0.01 * static_cast<double>(k), 0.0), k + 1);
  }
  EXPECT_EQ(stored_atoms(c), a.size() + 30 * 12);
}

// An ART event whose saddle joins a start side other than the start (a soft spot elsewhere
// flipped during the search): the start side is stored as its own minimum next to the start,
// the saddle joins it to the final minimum, and finding the event again adds nothing.
TEST(LocalCatalog, AnArtEventFromAStartSideJoinsThatSide) {
  const Configuration a = grid_atoms(20, 1);
  const VectorXd x0 = positions(a);
  std::mt19937 rng(5);
  const LocalEvent flip = local_event(x0, 2, rng), event = local_event(flip.minimum, 6, rng);
  ArtSearch s;
  s.saddle.status = SaddleStatus::Converged;
  s.saddle.energy = -99.5;
  s.saddle.positions = event.saddle;
  s.initial_energy = -101.0;
  s.start_side = flip.minimum;
  s.start_side_energy = -101.002;
  s.final_minimum = event.minimum;
  s.final_energy = -100.8;
  s.force_calls = 1234;
  Catalog c(a, "test");
  for (int again = 0; again < 2; ++again) {
    const CatalogedEvent e = add_art_event(c, x0, s, 0.0, "art", 1e12);
    ASSERT_TRUE(e.saddle);
    EXPECT_EQ(e.new_saddle, again == 0);
    ASSERT_EQ(c.minima(), 3u);
    ASSERT_EQ(c.saddles(), 1u);
    const std::size_t start = c.find_minimum(x0, -101.0, 0.0).value();
    EXPECT_NE(e.initial.index, start);
    EXPECT_EQ(c.minimum_positions(e.initial.index), flip.minimum);
    EXPECT_EQ(c.stored_minimum(e.initial.index).base, static_cast<long>(start));
    EXPECT_EQ(c.stored_minimum(e.initial.index).atoms.size(), 2u);
    const Transition& t = c.saddle(*e.saddle);
    EXPECT_EQ(t.from, e.initial.index);
    EXPECT_EQ(t.to, e.final.index);
    EXPECT_EQ(c.minimum_positions(t.to), event.minimum);
    EXPECT_EQ(t.prefactor, 1e12);
  }
  // Without a start side the saddle joins the start.
  s.start_side.resize(0);
  Catalog plain(a, "test");
  const CatalogedEvent e = add_art_event(plain, x0, s, 0.0, "art");
  ASSERT_TRUE(e.saddle);
  EXPECT_EQ(plain.minima(), 2u);
  EXPECT_EQ(plain.saddle(*e.saddle).from, plain.find_minimum(x0, -101.0, 0.0).value());
}

TEST(LocalCatalog, AWalkOfEventsIsRebuiltExactlyAndStartsAFullStateEverySixteen) {
  const Configuration a = grid_atoms(20, 3);
  Catalog c(a, "test");
  std::size_t here = c.add_minimum({-101.0, positions(a), 0.0, "start", 0}).index;
  VectorXd x = positions(a);
  std::mt19937 rng(4);
  std::vector<VectorXd> walk;
  for (int k = 0; k < 40; ++k) {
    const LocalEvent ev = local_event(x, 4, rng);
    here = add_event(c, here, ev, k);
    x = ev.minimum;
    walk.push_back(x);
  }
  int full = 0;
  for (std::size_t v = 0; v < c.minima(); ++v) full += c.stored_minimum(v).base == StoredPositions::kFull ? 1 : 0;
  EXPECT_EQ(full, 3);  // the start, then after 16 and 32 steps
  for (std::size_t k = 0; k < walk.size(); ++k) EXPECT_EQ(c.minimum_positions(k + 1), walk[k]) << k;
  // A state that moved most atoms is stored in full: sparse would cost more.
  VectorXd far = positions(a).array() + 0.05;
  const auto ins = c.add_minimum({-50.0, far, 0.0, "art", 0}, 0);
  EXPECT_EQ(c.stored_minimum(ins.index).base, StoredPositions::kFull);
  EXPECT_EQ(c.minimum_positions(ins.index), far);
}

TEST(LocalCatalog, TheFileGrowsByTheNewEventsAndReadsBackExactly) {
  const Configuration a = grid_atoms(20, 5);
  Catalog c(a, "test");
  const std::size_t start = c.add_minimum({-101.0, positions(a), 0.0, "start", 0}).index;
  const std::string path = metabasin::testing::scratch_dir("local_catalog_file") + "/cat.h5";
  std::mt19937 rng(6);
  {
    CatalogFile file(path, c);
    for (int k = 0; k < 25; ++k) {
      add_event(c, start, local_event(positions(a), 5, rng), k);
      file.save();
      // What each save wrote is on disk, and readable while the file stays open for writing.
      EXPECT_EQ(load_catalog(path).saddles(), c.saddles());
    }
    // Fields that change after a state is stored are rewritten in place.
    c.set_pressure_xy(3, 0.25);
    c.set_prefactors(2, 1e12, 2e12);
    Transition again;
    again.from = start;
    again.to = 1;
    again.energy = c.saddle(0).energy;
    again.positions = c.saddle_positions(0);
    EXPECT_FALSE(c.add_saddle(again).is_new);
    file.save();
    const Catalog back = load_catalog(path);
    expect_same_catalog(c, back);
    EXPECT_EQ(back.saddle(0).times_found, 2);
    EXPECT_EQ(back.saddle(2).backward_prefactor, 2e12);
  }
  // Appended, not rewritten: the file stores each event's atoms, not the sample per event.
  const Hdf5Reader r(path);
  EXPECT_EQ(r.shape("/minima/atom_index").at(0), a.size() + 25 * 5);
  EXPECT_EQ(r.shape("/saddles/atom_positions").at(0), 25 * 5u);
  // Reopened by a later run and extended: the earlier states stay and identity holds.
  Catalog again = load_catalog(path);
  CatalogFile file(path, again);
  EXPECT_FALSE(again.add_minimum({again.minimum(4).energy, again.minimum_positions(4), 0.0, "art", 0}).is_new);
  add_event(again, start, local_event(positions(a), 5, rng), 99);
  file.save();
  expect_same_catalog(again, load_catalog(path));
}

TEST(LocalCatalog, OneRunAtATimeExtendsACatalog) {
  const Configuration a = grid_atoms(6, 13);
  Catalog c(a, "test");
  c.add_minimum({-101.0, positions(a), 0.0, "start", 0});
  const std::string path = metabasin::testing::scratch_dir("local_catalog_lock") + "/cat.h5";
  {
    CatalogFile first(path, c);
    Catalog other = load_catalog(path);  // reading while a run writes is fine
    try {
      CatalogFile second(path, other);
      ADD_FAILURE() << "a second run extended the catalog a first one holds";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("another run"), std::string::npos) << e.what();
    }
    first.save();
  }
  EXPECT_FALSE(std::filesystem::exists(path + ".lock"));  // gone with the run
  Catalog again = load_catalog(path);
  const CatalogFile next(path, again);  // a later run takes it
  EXPECT_EQ(again.minima(), 1u);
  // A catalog in a folder that does not exist yet is made there, lock and all.
  const std::string deeper = metabasin::testing::scratch_dir("local_catalog_new_folder") + "/new/folder/cat.h5";
  { const CatalogFile made(deeper, again); }
  EXPECT_EQ(load_catalog(deeper).minima(), 1u);
}

TEST(LocalCatalog, RowsAKilledSaveLeftHalfWrittenAreIgnored) {
  const Configuration a = grid_atoms(10, 7);
  Catalog c(a, "test");
  const std::size_t start = c.add_minimum({-101.0, positions(a), 0.0, "start", 0}).index;
  const std::string path = metabasin::testing::scratch_dir("local_catalog_torn") + "/cat.h5";
  std::mt19937 rng(8);
  add_event(c, start, local_event(positions(a), 3, rng), 0);
  save_catalog(path, c);
  {
    // A save killed after the atoms and part of a new minimum's row were written: its
    // atoms, its base and its atom range, but not its energy.
    Hdf5Appender h(path, false);
    h.append("/minima/atom_index", std::vector<long long>{0, 1});
    h.append("/minima/atom_positions", std::vector<double>{0, 0, 0, 1, 1, 0});
    h.append("/minima/base", std::vector<long long>{0});
    h.append("/minima/first_atom", std::vector<long long>{static_cast<long long>(a.size()) + 3});
    h.append("/minima/atom_count", std::vector<long long>{2});
    // And a saddle whose atoms were not all written.
    h.append("/saddles/atom_index", std::vector<long long>{4});
    for (const char* col : {"/saddles/base", "/saddles/from", "/saddles/to", "/saddles/force_calls",
                            "/saddles/times_found", "/saddles/vanished", "/saddles/parent"})
      h.append(col, std::vector<long long>{0});
    h.append("/saddles/first_atom", std::vector<long long>{3});
    h.append("/saddles/atom_count", std::vector<long long>{5});
    for (const char* col : {"/saddles/energy", "/saddles/eigenvalue", "/saddles/forward_barrier",
                            "/saddles/backward_barrier", "/saddles/prefactor", "/saddles/backward_prefactor",
                            "/saddles/contour_ratio", "/saddles/strain"})
      h.append(col, std::vector<double>{0.0});
    h.append("/saddles/found_by", std::vector<std::string>{"art"});
    h.flush();
  }
  expect_same_catalog(c, load_catalog(path));
}

TEST(LocalCatalog, AMalformedStoredStateIsAnInputErrorNamingTheFile) {
  const Configuration a = grid_atoms(6, 9);
  Catalog c(a, "test");
  const std::size_t start = c.add_minimum({-101.0, positions(a), 0.0, "start", 0}).index;
  std::mt19937 rng(10);
  add_event(c, start, local_event(positions(a), 3, rng), 0);
  const std::string dir = metabasin::testing::scratch_dir("local_catalog_malformed");
  struct Corruption {
    const char* column;
    hsize_t row;
    long long value;
    const char* says;
  };
  for (const Corruption& k : {Corruption{"/minima/base", 1, 1, "base state"},        // itself
                              Corruption{"/minima/base", 0, 0, "base state"},        // a full state must be full
                              Corruption{"/minima/atom_count", 1, 99, "atom range"},  // more than N
                              Corruption{"/minima/atom_index", a.size() + 1, 0, "out of order"},
                              Corruption{"/saddles/base", 0, 7, "joins a minimum that is not stored"}}) {
    const std::string path = dir + "/cat.h5";
    save_catalog(path, c);
    {
      Hdf5Appender h(path, false);
      h.overwrite(k.column, k.row, std::vector<long long>{k.value});
    }
    try {
      load_catalog(path);
      ADD_FAILURE() << k.column << " row " << k.row << " = " << k.value << " was loaded";
    } catch (const InputError& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find(path), std::string::npos) << m;
      EXPECT_NE(m.find(k.says), std::string::npos) << k.column << ": " << m;
    }
  }
}

TEST(LocalCatalog, AVersion1CatalogIsReadAndRewrittenAsVersion2) {
  const Configuration a = grid_atoms(8, 11);
  const VectorXd x0 = positions(a);
  std::mt19937 rng(12);
  const LocalEvent ev = local_event(x0, 4, rng);
  // The version-1 layout (docs/formats.md): every state in full, [V or E, N, 3].
  const std::string path = metabasin::testing::scratch_dir("local_catalog_v1") + "/cat.h5";
  {
    Hdf5Writer h(path);
    h.attribute("/", "format", "metabasin-catalog");
    h.integer_attribute("/", "version", 1);
    h.attribute("/", "potential", "test");
    h.attribute("/", "energy_tolerance", 1e-3);
    h.attribute("/", "distance_tolerance", 0.1);
    h.attribute("/", "rigid_motion", "translation");
    write_atoms_and_cell(h, a);
    h.write("/atoms/reference_positions", a.x, {a.size(), 3});
    h.group("/minima");
    h.write("/minima/energy", std::vector<double>{-101.0, -100.5}, {2});
    h.write("/minima/strain", std::vector<double>{0.0, 0.0}, {2});
    h.write("/minima/force_calls", std::vector<long long>{0, 40}, {2});
    h.write_strings("/minima/found_by", {"start", "art"});
    write_positions(h, "/minima/positions", {x0, ev.minimum}, a.size());
    h.group("/saddles");
    for (const char* name : {"/saddles/from", "/saddles/force_calls", "/saddles/times_found", "/saddles/vanished"})
      h.write(name, std::vector<long long>{0}, {1});
    h.write("/saddles/to", std::vector<long long>{1}, {1});
    h.write("/saddles/energy", std::vector<double>{-100.0}, {1});
    for (const char* name : {"/saddles/eigenvalue", "/saddles/prefactor", "/saddles/contour_ratio", "/saddles/strain"})
      h.write(name, std::vector<double>{0.0}, {1});
    h.write_strings("/saddles/found_by", {"art"});
    write_positions(h, "/saddles/positions", {ev.saddle}, a.size());
    h.close();
  }
  Catalog c = load_catalog(path);
  ASSERT_EQ(c.minima(), 2u);
  ASSERT_EQ(c.saddles(), 1u);
  EXPECT_EQ(c.minimum_positions(1), ev.minimum);
  EXPECT_EQ(c.saddle_positions(0), ev.saddle);
  EXPECT_EQ(c.stored_minimum(1).atoms.size(), 4u);  // made sparse on the way in
  EXPECT_DOUBLE_EQ(c.saddle(0).forward_barrier, 1.0);
  { CatalogFile file(path, c); }  // a run that extends it rewrites it
  EXPECT_EQ(Hdf5Reader(path).double_attribute("/", "version"), kCatalogVersion);
  expect_same_catalog(c, load_catalog(path));
}

// Re-evaluation under strain of local events (found by ART in a 25 A region of the 4096-atom
// 2D glass): carried in their regions about the start minimum, which alone is followed on the
// whole sample, and checked against the whole sample at the new strain.
TEST(LocalReevaluation, EventsCarriedInTheirRegionsAreWholeSampleEventsAtTheNewStrain) {
  PairLJ lj = metabasin::testing::cuzr_lj2d_potential();
  ArtParams p = metabasin::testing::cuzr_lj2d_art_params();
  const auto [glass, sample, e0] = metabasin::testing::relaxed_cuzr_lj2d_replica(lj, p.relax, 2);
  p.region_radius = 25.0;
  // This copy's events whose regions stay small are its meV flickers, which the path test of
  // art.same_state_barrier takes for the start's own basin: keep them as events here.
  p.same_state_barrier = 0.0;
  Catalog c(sample, "lj");
  const VectorXd x0 = positions(sample);
  // Three events whose final minima are stored against the start (a region that grew past a
  // quarter of the sample is stored in full, and carried on the whole sample).
  int local = 0;
  for (unsigned seed = 1000; seed < 1200 && local < 3; ++seed) {
    const CatalogedEvent ev =
        add_art_event(c, x0, art_search(sample, e0, lj, (seed * 7919u) % glass.size(), seed, p), 0.0, "art");
    if (ev.saddle && ev.new_saddle && c.minimum_difference(ev.final.index)) ++local;
  }
  ASSERT_EQ(local, 3);

  // The error the region leaves at the start strain: each final minimum relaxed on the whole sample.
  std::vector<double> error_at_0;
  for (std::size_t v = 1; v < c.minima(); ++v) {
    Configuration work = sample;
    AtomsObjective f(work, lj);
    VectorXd y = to_coordinates(c.minimum_positions(v), f.dimension());
    error_at_0.push_back(make_minimizer(p.relax)->minimize(f, y).energy - c.minimum(v).energy);
    std::printf("  minimum %zu at strain 0: whole-sample relaxation %+.2e eV, %zu atoms stored\n", v,
                error_at_0.back(), c.stored_minimum(v).atoms.size());
  }
  ReevaluationParams rp;
  rp.relax = p.relax;
  rp.refine.fmax = 1e-3;
  rp.side_step = 0.2;
  const double to = 2e-3;
  const ReevaluationReport rep = reevaluate_at_strain(c, lj, 0.0, to, rp);
  std::printf("  re-evaluation: %ld force calls (%ld in regions), %.3g atom evaluations (%.3g in regions), %ld minima "
              "and %ld saddles in regions\n",
              rep.force_calls, rep.region_force_calls, rep.atom_evaluations, rep.region_atom_evaluations,
              rep.region_minima, rep.region_saddles);
  EXPECT_EQ(rep.region_minima, local);  // one sub-step
  // The stress of each minimum at the start strain (the region's change for local ones).
  for (std::size_t v = 0; v < c.minima(); ++v)
    if (c.minimum(v).strain == 0.0)
      EXPECT_NEAR(c.minimum(v).pressure_xy, pressure_xy(c.atoms(), sample.box, c.minimum_positions(v), lj), 1e-9)
          << "minimum " << v;
  EXPECT_GE(rep.region_saddles, 2);
  // A region call evaluates far fewer atoms than the sample.
  EXPECT_LT(rep.region_atom_evaluations, 0.5 * static_cast<double>(rep.region_force_calls * sample.size()));

  // Each surviving event against the whole sample at the new strain: its minima relax no
  // further, its saddle re-converges where it is, to 1e-3 eV.
  Configuration at_to = sample;
  at_to.box = c.box_at(to);
  AtomsObjective whole(at_to, lj);
  int checked = 0;
  for (std::size_t e = 0; e < c.saddles(); ++e) {
    const Transition& t = c.saddle(e);
    if (std::abs(t.strain - to) > 1e-9 || t.vanished) continue;
    for (std::size_t v : {t.from, t.to}) {
      VectorXd y = to_coordinates(c.minimum_positions(v), whole.dimension());
      const double e = make_minimizer(p.relax)->minimize(whole, y).energy;
      std::printf("  minimum %zu at strain %g: whole-sample relaxation %+.2e eV\n", v, to, e - c.minimum(v).energy);
      EXPECT_NEAR(e, c.minimum(v).energy, 1e-3) << "minimum " << v;
      // Its stress from the region's change is the whole sample's (the same interactions).
      EXPECT_NEAR(c.minimum(v).pressure_xy, pressure_xy(c.atoms(), at_to.box, c.minimum_positions(v), lj), 1e-9)
          << "minimum " << v;
    }
    const RefinedSaddle w = refine_saddle_between(at_to, lj, c.minimum_positions(t.from), c.minimum(t.from).energy,
                                                  c.minimum_positions(t.to), c.minimum(t.to).energy,
                                                  c.saddle_positions(e), rp);
    ASSERT_FALSE(w.method.empty()) << "saddle " << e << " does not reproduce on the whole sample";
    std::printf("  saddle %zu at strain %g: whole sample %+.2e eV\n", e, to, w.saddle.energy - t.energy);
    EXPECT_NEAR(w.saddle.energy, t.energy, 1e-3) << "saddle " << e;
    EXPECT_LT(max_atom_separation(at_to.box, w.saddle.positions, c.saddle_positions(e)), 0.1);
    ++checked;
  }
  EXPECT_GE(checked, 2);
}
