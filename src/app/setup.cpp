// SPDX-License-Identifier: BSD-3-Clause
#include "setup.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "eam_tables.hpp"
#include "elements.hpp"
#include "error.hpp"
#include "lammps_data.hpp"
#include "muller_brown.hpp"
#include "neighbor_list.hpp"
#include "number_format.hpp"
#include "objective.hpp"
#include "pair_eam.hpp"
#include "pair_lj.hpp"

namespace metabasin {

namespace {

void require_file(const std::string& key, const std::string& path) {
  if (!std::filesystem::exists(path)) throw InputError("key '" + key + "': file '" + path + "' does not exist");
  if (std::filesystem::is_directory(path))
    throw InputError("key '" + key + "': '" + path + "' is a directory, not a file");
}

/// A data file whose masses fit another listed element better than the mapped one has its
/// types in a different order than potential.elements.
void check_lj_masses(const Configuration& c, const std::vector<std::string>& elements, const std::string& data) {
  for (int t = 1; t <= c.ntypes && t <= static_cast<int>(elements.size()); ++t) {
    const double m = c.masses.empty() ? 0.0 : c.masses[t - 1];
    const auto own = standard_atomic_mass(elements[t - 1]);
    if (m <= 0.0 || !own) continue;
    if (std::abs(m - *own) <= 0.01 * *own) continue;
    for (const auto& e : elements) {
      const auto other = standard_atomic_mass(e);
      if (other && std::abs(m - *other) <= 0.01 * *other)
        throw InputError("data file '" + data + "' gives atom type " + std::to_string(t) + " the mass " + brief(m) +
                         " of " + e + " but potential.elements maps it to " + elements[t - 1] +
                         "; the type order in potential.elements does not match the data file");
    }
  }
}

}  // namespace

namespace {

std::unique_ptr<Potential> make_muller_brown(const Input& in, double) {
  for (const char* k : {"potential.elements", "potential.file", "potential.pairs"})
    if (in.has(k)) throw InputError(std::string("key '") + k + "' has no meaning for potential.style muller-brown");
  return std::make_unique<MullerBrown>();
}

std::vector<std::string> required_elements(const Input& in) {
  if (!in.has("potential.elements"))
    throw InputError("key 'potential.elements' is required for potential.style " + in.get_string("potential.style"));
  return in.get_strings("potential.elements");
}

std::unique_ptr<Potential> make_lj(const Input& in, double skin) {
  const auto elements = required_elements(in);
  if (in.has("potential.file")) throw InputError("key 'potential.file' has no meaning for potential.style lj");
  return std::make_unique<PairLJ>(elements, in.get_pairs("potential.pairs"), in.get_bool("potential.shift"), skin);
}

std::unique_ptr<Potential> make_eam(const Input& in, double skin, EamFlavor flavor) {
  const std::string style = in.get_string("potential.style");
  const auto elements = required_elements(in);
  if (in.has("potential.pairs")) throw InputError("key 'potential.pairs' has no meaning for potential.style " + style);
  if (in.has("potential.shift")) throw InputError("key 'potential.shift' has no meaning for potential.style " + style);
  if (!in.has("potential.file")) throw InputError("key 'potential.file' is required for potential.style " + style);
  const std::string file = in.get_path("potential.file");
  require_file("potential.file", file);
  return std::make_unique<PairEAM>(read_eam_file(file, flavor), elements, skin);
}

}  // namespace

const std::vector<PotentialStyle>& potential_styles() {
  static const std::vector<PotentialStyle> styles = {
      {"lj", make_lj},
      {"eam/alloy", [](const Input& in, double skin) { return make_eam(in, skin, EamFlavor::Alloy); }},
      {"eam/fs", [](const Input& in, double skin) { return make_eam(in, skin, EamFlavor::FinnisSinclair); }},
      {"muller-brown", make_muller_brown},
  };
  return styles;
}

std::vector<std::string> potential_style_names() {
  std::vector<std::string> names;
  for (const auto& s : potential_styles()) names.push_back(s.name);
  return names;
}

std::unique_ptr<Potential> make_potential(const Input& in) {
  const std::string name = in.get_string("potential.style");
  const double skin = in.get_real("potential.skin");  // the schema keeps it >= 0
  const auto& styles = potential_styles();
  const auto style = std::find_if(styles.begin(), styles.end(), [&](const PotentialStyle& s) { return s.name == name; });
  if (style == styles.end()) throw InputError("key 'potential.style': no style '" + name + "'");
  auto potential = style->make(in, skin);
  // The style a potential reports (stored in catalogs and HDF5 files) is the name it was built by.
  if (potential->style() != name)
    throw std::logic_error("potential style '" + name + "' builds a potential of style '" + potential->style() + "'");
  return potential;
}

System load_system(const Input& in) {
  const long dim = in.get_int("system.dimension");
  if (dim != 2 && dim != 3) throw InputError("key 'system.dimension' must be 2 or 3, got " + std::to_string(dim));
  const auto boundary = in.get_boundary("system.boundary");
  if (dim == 2 && !boundary[2])
    throw InputError("key 'system.boundary': a 2D system needs p along z (as LAMMPS requires)");
  const std::string data = in.get_path("system.data");
  require_file("system.data", data);
  System s;
  s.config = read_lammps_data(data, static_cast<int>(dim), boundary);
  if (s.config.size() == 0) throw InputError("data file '" + data + "' has no atoms");
  s.potential = make_potential(in);
  s.potential->check(s.config);
  if (auto* pair = dynamic_cast<PairPotential*>(s.potential.get())) {
    s.elements = pair->elements();
    if (s.potential->style() == "lj") check_lj_masses(s.config, s.elements, data);
    // Types without a mass in the data file take the table's mass (EAM) or the element's.
    auto* eam = dynamic_cast<PairEAM*>(pair);
    for (int t = 1; t <= s.config.ntypes; ++t) {
      if (s.config.masses[t - 1] > 0.0) continue;
      if (eam)
        s.config.masses[t - 1] = eam->mass_of_type(t);
      else if (auto m = standard_atomic_mass(s.elements[t - 1]))
        s.config.masses[t - 1] = *m;
    }
  }
  // -1: the potential's own overlap distance (the schema keeps a given one >= 0).
  const double min_distance = in.has("system.min_distance") ? in.get_real("system.min_distance") : -1.0;
  check_overlaps(s.config, *s.potential, min_distance, data);
  return s;
}

void check_overlaps(const Configuration& c, const Potential& p, double min_distance_override, const std::string& data) {
  double reach = min_distance_override;
  if (reach < 0.0) {
    reach = 0.0;
    for (int a = 1; a <= c.ntypes; ++a)
      for (int b = 1; b <= c.ntypes; ++b) reach = std::max(reach, p.overlap_distance(a, b));
  }
  if (reach <= 0.0 || c.size() < 2) return;
  NeighborList nl(reach, 0.0);
  nl.build(c);
  const auto xe = nl.extended_positions(c.x);
  for (int i = 0; i < nl.nlocal(); ++i)
    for (int k = nl.offsets()[i]; k < nl.offsets()[i + 1]; ++k) {
      const int j = nl.neighbors()[k];
      const int o = nl.owner()[j];
      const double dx = xe[3 * j] - xe[3 * i], dy = xe[3 * j + 1] - xe[3 * i + 1], dz = xe[3 * j + 2] - xe[3 * i + 2];
      const double r = std::sqrt(dx * dx + dy * dy + dz * dz);
      const double limit =
          min_distance_override >= 0.0 ? min_distance_override : p.overlap_distance(c.types[i], c.types[o]);
      if (r < limit)
        throw InputError("data file '" + data + "': atoms " + std::to_string(c.ids[i]) + " and " +
                         std::to_string(c.ids[o]) + " overlap (" + brief(r) + " apart, closer than " + brief(limit) +
                         "; set system.min_distance to change the limit)");
    }
}

void require_minimum(Configuration& c, Potential& p, double limit, const std::string& what) {
  ForceResult r;
  p.compute(c, r);
  const double fmax =
      max_norm3(Eigen::Map<const VectorXd>(r.forces.data(), static_cast<Eigen::Index>(r.forces.size())));
  if (fmax > limit)
    throw InputError(what + " is not a minimum: its largest atomic force is " + brief(fmax) + " eV/A (limit " +
                     brief(limit) + "); relax it first (task minimize)");
}

std::string potential_signature(const Input& in) {
  const std::string style = in.get_string("potential.style");
  std::ostringstream sig;
  sig.precision(17);
  sig << style;
  if (style == "muller-brown") return sig.str();
  for (const auto& e : in.get_strings("potential.elements")) sig << " " << e;
  if (style == "lj") {
    sig << (in.get_bool("potential.shift") ? " shifted" : " unshifted");
    for (const auto& p : in.get_pairs("potential.pairs"))
      sig << " " << p.a << "-" << p.b << ":" << p.epsilon << "," << p.sigma << "," << p.cutoff;
    return sig.str();
  }
  const std::string file = in.get_path("potential.file");
  std::ifstream f(file, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::uint64_t fnv = 14695981039346656037ull;  // FNV-1a: stable across compilers and runs
  for (unsigned char ch : text) fnv = (fnv ^ ch) * 1099511628211ull;
  sig << " " << std::filesystem::path(file).filename().string() << " fnv1a " << std::hex << fnv;
  return sig.str();
}

}  // namespace metabasin
