// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The one interface every interaction style implements (LAMMPS pair styles, model surfaces).
// Like eOn's Potential it counts force calls, which is how saddle searches are compared.
#include <array>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "configuration.hpp"

namespace metabasin {

struct ForceResult {
  double energy = 0.0;              // eV
  std::array<double, 6> virial{};   // xx yy zz xy xz yz, eV: sum of r (x) f incl. images
  std::vector<double> forces;       // eV/A, 3 per atom
  std::vector<double> atom_energy;  // eV per atom, filled when asked for
};

/// What a force call computes beside the forces. Energy and virial cost a reduction each (and
/// the pair energies themselves); Lanczos finite differences and MD steps between outputs need
/// neither.
struct ForceRequest {
  bool energy = true;
  bool virial = true;
  bool per_atom_energy = false;
};

class Potential {
 public:
  virtual ~Potential() = default;

  /// Energy, forces and virial of `c`. Counts one force call.
  void compute(const Configuration& c, ForceResult& out, bool per_atom_energy = false) {
    compute(c, out, ForceRequest{true, true, per_atom_energy});
  }
  /// Forces only: energy and virial are left NaN, so a caller that reads them by mistake
  /// gets NaN, not a stale number. Counts one force call.
  void compute_forces(const Configuration& c, ForceResult& out) { compute(c, out, ForceRequest{false, false, false}); }
  /// What `request` asks for; what it does not ask for is NaN.
  void compute(const Configuration& c, ForceResult& out, const ForceRequest& request) {
    ++force_calls_;
    out.forces.assign(3 * c.size(), 0.0);
    out.atom_energy.assign(request.per_atom_energy ? c.size() : 0, 0.0);
    out.energy = 0.0;
    out.virial.fill(0.0);
    compute_impl(c, out, request);
    if (!request.energy) out.energy = std::numeric_limits<double>::quiet_NaN();
    if (!request.virial) out.virial.fill(std::numeric_limits<double>::quiet_NaN());
    check_finite(out, request);
  }
  long force_calls() const { return force_calls_; }
  void reset_force_calls() { force_calls_ = 0; }
  /// Charges calls that clones made on this potential's behalf (NEB images), so that
  /// force_calls() is the whole cost of the work asked of it.
  void add_force_calls(long n) { force_calls_ += n; }

  virtual std::string style() const = 0;
  /// Throws InputError when `c` does not fit this potential (types, dimension, atom count).
  virtual void check(const Configuration& c) const = 0;
  /// Two atoms of these data-file types closer than this are an input error ("overlapping").
  virtual double overlap_distance(int type_a, int type_b) const = 0;
  /// Largest interaction range, 0 for model surfaces without one.
  virtual double cutoff() const = 0;
  /// Largest jump of a pair force where the pair is cut off (eV/A), 0 when forces go to zero
  /// there: next to a pair at the cutoff no point has a smaller force, so saddles asked to
  /// converge below it may never do so.
  virtual double cutoff_force_jump() const { return 0.0; }
  /// How far moving an atom changes forces: a force depends on the atoms within this distance.
  /// The cutoff for pair styles; many-body styles reach further (EAM: an atom's force uses its
  /// neighbours' densities, so twice the cutoff).
  virtual double interaction_reach() const { return cutoff(); }
  /// From now on only the forces on the first n atoms are read, and energies only as they
  /// change with those atoms (an active region): a style may skip terms among the others.
  virtual void only_first_atoms_move(std::size_t) {}
  /// An independent potential with the same parameters and its own neighbor list and buffers
  /// (NEB images, parallel searches); its force-call count starts at zero.
  virtual std::unique_ptr<Potential> clone() const = 0;

 protected:
  /// Forces always; energy, virial and per-atom energies as `request` asks (a style may fill
  /// more than asked).
  virtual void compute_impl(const Configuration& c, ForceResult& out, const ForceRequest& request) = 0;

 private:
  long force_calls_ = 0;
  /// A NaN or infinite energy or force means the configuration is outside what the
  /// potential describes; stop with a clear error instead of writing wrong numbers.
  void check_finite(const ForceResult& out, const ForceRequest& request) const;
};

/// The smallest force tolerance (eV/A) a saddle search or a band can be held to wherever it
/// ends on this potential: twice its force jump at the cutoff (0 when forces vanish there).
/// Next to a pair at the cutoff no point has a force below the jump; twice it leaves an
/// optimizer room to settle on either side.
inline double least_attainable_fmax(const Potential& p) { return 2.0 * p.cutoff_force_jump(); }

}  // namespace metabasin
