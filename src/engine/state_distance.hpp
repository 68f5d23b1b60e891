// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// How far apart two states of the same atoms are, and which rigid motions do not count:
// the one test behind "same minimum", "same saddle" and "connected" everywhere.
#include "box.hpp"
#include "objective.hpp"
#include "potential.hpp"

namespace metabasin {

/// Rigid motions that leave the energy unchanged, so that a state moved by them is the same
/// state. Pair potentials are translation invariant; a free cluster (no periodic direction)
/// can also rotate. Model surfaces (external fields) have neither.
struct RigidMotions {
  bool translation = false;
  bool rotation = false;
};
RigidMotions free_rigid_motions(const Box& box, const Potential& potential);

/// Largest distance any atom moved between two configurations of the same cell (minimum
/// image), after removing the rigid translation and, for clusters, the best rotation (Kabsch)
/// when `free` allows them.
double max_atom_separation(const Box& box, const VectorXd& a, const VectorXd& b, RigidMotions free = {});
/// The same over `atoms` alone (the alignment still fits every atom; empty: every atom): an
/// event's atoms, where "the same state" is judged in a glass whose remote soft spots flip as
/// any relaxation passes.
double max_atom_separation(const Box& box, const VectorXd& a, const VectorXd& b, const std::vector<std::size_t>& atoms,
                           RigidMotions free = {});

/// b moved onto a: unwrapped next to it (minimum image) and, as `free` allows, shifted and
/// rotated (about z in 2D) to fit it best. max_atom_separation is the largest |a - aligned|.
VectorXd aligned_to(const Box& box, const VectorXd& a, const VectorXd& b, RigidMotions free = {});

}  // namespace metabasin
