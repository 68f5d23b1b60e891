// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Turns a validated Input into the objects of a run: the configuration and the potential,
// with the cross-checks between them (types vs elements, masses, overlapping atoms).
#include <memory>
#include <string>
#include <vector>

#include "configuration.hpp"
#include "input.hpp"
#include "potential.hpp"

namespace metabasin {

struct System {
  Configuration config;
  std::unique_ptr<Potential> potential;
  std::vector<std::string> elements;  // per data-file type, empty for model surfaces
};

System load_system(const Input& in);

/// A potential style: its name (potential.style, and what the built potential's style()
/// reports) and how it is built from the potential.* keys. potential_styles() is the one list:
/// the schema's choices of potential.style and make_potential both read it.
struct PotentialStyle {
  std::string name;
  std::unique_ptr<Potential> (*make)(const Input& in, double skin);
};
const std::vector<PotentialStyle>& potential_styles();
std::vector<std::string> potential_style_names();
std::unique_ptr<Potential> make_potential(const Input& in);

/// One line that identifies the potential of an input: style, elements, and the parameters
/// (lj) or the table's file name and a hash of its contents (eam). Catalogs store it so that
/// states of another potential are never mixed in.
std::string potential_signature(const Input& in);

/// Throws InputError (naming `what`) unless the largest atomic force of `c` is below `limit`:
/// the start of a saddle search must be a minimum of the potential.
void require_minimum(Configuration& c, Potential& p, double limit, const std::string& what);

/// Throws InputError naming the two atoms when any pair is closer than allowed.
void check_overlaps(const Configuration& c, const Potential& p, double min_distance_override,
                    const std::string& data_path);

}  // namespace metabasin
