// SPDX-License-Identifier: BSD-3-Clause
#include "catalog_file.hpp"

#include <cmath>
#include <filesystem>

#include "error.hpp"
#include "hdf5_atoms.hpp"
#include "number_format.hpp"

namespace metabasin {

void save_catalog(const std::string& path, const Catalog& c) {
  Hdf5Writer h(path);
  h.attribute("/", "format", "metabasin-catalog");
  h.integer_attribute("/", "version", kCatalogVersion);
  h.attribute("/", "potential", c.potential());
  h.attribute("/", "energy_tolerance", c.tolerances().energy);
  h.attribute("/", "distance_tolerance", c.tolerances().distance);
  h.attribute("/", "rigid_motion",
              c.tolerances().rigid.rotation ? "translation rotation"
                                               : (c.tolerances().rigid.translation ? "translation" : "none"));
  write_atoms_and_cell(h, c.atoms());
  const std::size_t n = c.atoms().size();
  h.write("/atoms/reference_positions", std::vector<double>(c.atoms().x.begin(), c.atoms().x.end()), {n, 3});

  h.group("/minima");
  const hsize_t nv = c.minima();
  std::vector<double> energy, strain, tau;
  std::vector<long long> calls;
  std::vector<std::string> found_by;
  std::vector<VectorXd> x;
  for (std::size_t v = 0; v < c.minima(); ++v) {
    const InherentStructure& s = c.minimum(v);
    energy.push_back(s.energy);
    strain.push_back(s.strain);
    tau.push_back(s.pressure_xy);
    calls.push_back(s.force_calls);
    found_by.push_back(s.found_by);
    x.push_back(s.positions);
  }
  h.write("/minima/energy", energy, {nv});
  h.write("/minima/strain", strain, {nv});
  h.write("/minima/shear_stress", tau, {nv});
  h.write("/minima/force_calls", calls, {nv});
  h.write_strings("/minima/found_by", found_by);
  write_positions(h, "/minima/positions", x, n);

  h.group("/saddles");
  const hsize_t ne = c.saddles();
  std::vector<long long> from, to, times, vanished, scalls, parent;
  std::vector<double> se, eig, fb, bb, nu, nub, cl, sstrain;
  std::vector<std::string> sfound;
  std::vector<VectorXd> sx;
  for (std::size_t e = 0; e < c.saddles(); ++e) {
    const Transition& t = c.saddle(e);
    from.push_back(static_cast<long long>(t.from));
    to.push_back(static_cast<long long>(t.to));
    se.push_back(t.energy);
    eig.push_back(t.eigenvalue);
    fb.push_back(t.forward_barrier);
    bb.push_back(t.backward_barrier);
    nu.push_back(t.prefactor);
    nub.push_back(t.backward_prefactor);
    cl.push_back(t.contour_ratio);
    sstrain.push_back(t.strain);
    scalls.push_back(t.force_calls);
    times.push_back(t.times_found);
    vanished.push_back(t.vanished ? 1 : 0);
    parent.push_back(t.parent);
    sfound.push_back(t.found_by);
    sx.push_back(t.positions);
  }
  h.write("/saddles/from", from, {ne});
  h.write("/saddles/to", to, {ne});
  h.write("/saddles/energy", se, {ne});
  h.write("/saddles/eigenvalue", eig, {ne});
  h.write("/saddles/forward_barrier", fb, {ne});
  h.write("/saddles/backward_barrier", bb, {ne});
  h.write("/saddles/prefactor", nu, {ne});
  h.write("/saddles/backward_prefactor", nub, {ne});
  h.write("/saddles/contour_ratio", cl, {ne});
  h.write("/saddles/strain", sstrain, {ne});
  h.write("/saddles/force_calls", scalls, {ne});
  h.write("/saddles/times_found", times, {ne});
  h.write("/saddles/vanished", vanished, {ne});
  h.write("/saddles/parent", parent, {ne});
  h.write_strings("/saddles/found_by", sfound);
  write_positions(h, "/saddles/positions", sx, n);
  h.close();
}

namespace {
// Positions feed minimum-image searches whose image counts are ints: an infinite or absurdly
// distant coordinate (more than a thousand cells away) is a corrupt file. Saddles whose
// positions were not kept are stored all-NaN (write_positions) and are let through.
void check_positions(const std::string& path, const std::vector<VectorXd>& sets, const Box& box, const char* what,
                     bool unknown_allowed) {
  const double reach = 1e3 * (box.len.maxCoeff() + std::abs(box.xy) + std::abs(box.xz) + std::abs(box.yz)) +
                       box.lo.cwiseAbs().maxCoeff();
  for (std::size_t k = 0; k < sets.size(); ++k) {
    if (unknown_allowed && sets[k].array().isNaN().all()) continue;
    if (!(sets[k].array().abs() <= reach).all())
      throw InputError("catalog '" + path + "': " + what + " " + std::to_string(k) +
                       " has a position that is not finite or lies far outside the cell");
  }
}
}  // namespace

Catalog load_catalog(const std::string& path) {
  Hdf5Reader r(path);
  if (r.string_attribute("/", "format") != "metabasin-catalog")
    throw InputError("'" + path + "' is not a metabasin catalog (format '" + r.string_attribute("/", "format") + "')");
  const double version = r.double_attribute("/", "version");
  if (!(version <= kCatalogVersion))  // NaN too; no cast to int, which a huge value would break
    throw InputError("catalog '" + path + "' has layout version " + shortest(version) +
                     "; this metabasin reads up to version " + std::to_string(kCatalogVersion));
  Configuration atoms = read_atoms_and_cell(r);
  const std::size_t n = atoms.size();
  const auto ref = r.doubles("/atoms/reference_positions");
  if (ref.size() != 3 * n) throw InputError("catalog '" + path + "': /atoms/reference_positions has the wrong size");
  atoms.x = ref;
  check_positions(path, {Eigen::Map<const VectorXd>(ref.data(), static_cast<Eigen::Index>(ref.size()))}, atoms.box,
                  "reference state", false);
  StateTolerances tol;
  tol.energy = r.double_attribute("/", "energy_tolerance");
  tol.distance = r.double_attribute("/", "distance_tolerance");
  const std::string rigid = r.string_attribute("/", "rigid_motion");
  tol.rigid.translation = rigid != "none";
  tol.rigid.rotation = rigid == "translation rotation";
  Catalog c(std::move(atoms), r.string_attribute("/", "potential"), tol);

  const auto energy = r.doubles("/minima/energy"), strain = r.doubles("/minima/strain");
  // Optional datasets (absent in the earliest version-1 files): unknown stress, no parent.
  const auto tau = r.exists("/minima/shear_stress") ? r.doubles("/minima/shear_stress")
                                                   : std::vector<double>(energy.size(), std::nan(""));
  const auto calls = r.integers("/minima/force_calls");
  const auto found_by = r.strings("/minima/found_by");
  const auto x = read_positions(r, "/minima/positions", n);
  check_positions(path, x, c.atoms().box, "minimum", false);
  const std::size_t nv = energy.size();
  if (strain.size() != nv || tau.size() != nv || calls.size() != nv || found_by.size() != nv || x.size() != nv)
    throw InputError("catalog '" + path + "': the /minima datasets differ in length");
  for (std::size_t v = 0; v < nv; ++v) {
    const Catalog::Insert ins = c.add_minimum({energy[v], x[v], strain[v], found_by[v], calls[v], tau[v]});
    if (!ins.is_new || ins.index != v)
      throw InputError("catalog '" + path + "': minimum " + std::to_string(v) + " duplicates minimum " +
                       std::to_string(ins.index));
  }

  const auto from = r.integers("/saddles/from"), to = r.integers("/saddles/to");
  const auto se = r.doubles("/saddles/energy"), eig = r.doubles("/saddles/eigenvalue"),
             nu = r.doubles("/saddles/prefactor"), cl = r.doubles("/saddles/contour_ratio"),
             sstrain = r.doubles("/saddles/strain");
  const auto scalls = r.integers("/saddles/force_calls"), times = r.integers("/saddles/times_found"),
             vanished = r.integers("/saddles/vanished");
  const auto parent = r.exists("/saddles/parent") ? r.integers("/saddles/parent")
                                                  : std::vector<long long>(vanished.size(), -1);
  const auto nub = r.exists("/saddles/backward_prefactor") ? r.doubles("/saddles/backward_prefactor")
                                                           : std::vector<double>(vanished.size(), 0.0);
  const auto sfound = r.strings("/saddles/found_by");
  const auto sx = read_positions(r, "/saddles/positions", n);
  check_positions(path, sx, c.atoms().box, "saddle", true);
  const std::size_t ne = se.size();
  for (const std::size_t len : {from.size(), to.size(), eig.size(), nu.size(), nub.size(), cl.size(), sstrain.size(),
                                scalls.size(), times.size(), vanished.size(), parent.size(), sfound.size(), sx.size()})
    if (len != ne) throw InputError("catalog '" + path + "': the /saddles datasets differ in length");
  for (std::size_t e = 0; e < ne; ++e) {
    if (from[e] < 0 || to[e] < 0 || static_cast<std::size_t>(from[e]) >= nv || static_cast<std::size_t>(to[e]) >= nv)
      throw InputError("catalog '" + path + "': saddle " + std::to_string(e) + " joins a minimum that is not stored");
    Transition t;
    t.from = static_cast<std::size_t>(from[e]);
    t.to = static_cast<std::size_t>(to[e]);
    t.energy = se[e];
    t.positions = sx[e];
    t.eigenvalue = eig[e];
    t.prefactor = nu[e];
    t.backward_prefactor = nub[e];
    t.contour_ratio = cl[e];
    t.strain = sstrain[e];
    t.found_by = sfound[e];
    t.force_calls = scalls[e];
    t.times_found = static_cast<int>(times[e]);
    t.vanished = vanished[e] != 0;
    if (parent[e] >= static_cast<long long>(e))
      throw InputError("catalog '" + path + "': saddle " + std::to_string(e) + " has a parent that is not before it");
    t.parent = parent[e];
    const Catalog::Insert ins = c.add_saddle(std::move(t));
    if (!ins.is_new || ins.index != e)
      throw InputError("catalog '" + path + "': saddle " + std::to_string(e) + " duplicates saddle " +
                       std::to_string(ins.index));
  }
  return c;
}

Catalog open_catalog(const std::string& path, const Configuration& atoms, const std::string& potential,
                     StateTolerances tol) {
  if (!std::filesystem::exists(path)) return Catalog(atoms, potential, tol);
  Catalog c = load_catalog(path);
  if (c.atoms().size() != atoms.size())
    throw InputError("catalog '" + path + "' holds states of " + std::to_string(c.atoms().size()) +
                     " atoms, not " + std::to_string(atoms.size()) + "; use another output.catalog");
  if (c.atoms().ids != atoms.ids || c.atoms().types != atoms.types)
    throw InputError("catalog '" + path + "' holds other atoms (IDs or types differ); use another output.catalog");
  const Box &a = c.atoms().box, &b = atoms.box;
  if ((a.len - b.len).norm() > 1e-6 * b.len.norm() || std::abs(a.xz - b.xz) > 1e-6 || std::abs(a.yz - b.yz) > 1e-6)
    throw InputError("catalog '" + path + "' was made for another cell; use another output.catalog");
  if (c.potential() != potential)
    throw InputError("catalog '" + path + "' was made with another potential (" + c.potential() + ", not " +
                     potential + "); use another output.catalog");
  c.set_masses(atoms.masses);
  return c;
}

}  // namespace metabasin
