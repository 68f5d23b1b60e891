// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The one interface every interaction style implements (LAMMPS pair styles, model surfaces).
// Like eOn's Potential it counts force calls, which is how saddle searches are compared.
#include <array>
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

class Potential {
 public:
  virtual ~Potential() = default;

  /// Energy, forces and virial of `c`. Counts one force call.
  void compute(const Configuration& c, ForceResult& out, bool per_atom_energy = false) {
    ++force_calls_;
    out.forces.assign(3 * c.size(), 0.0);
    out.atom_energy.assign(per_atom_energy ? c.size() : 0, 0.0);
    out.energy = 0.0;
    out.virial.fill(0.0);
    compute_impl(c, out, per_atom_energy);
    check_finite(out);
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
  /// An independent potential with the same parameters and its own neighbor list and buffers
  /// (NEB images, parallel searches); its force-call count starts at zero.
  virtual std::unique_ptr<Potential> clone() const = 0;

 protected:
  virtual void compute_impl(const Configuration& c, ForceResult& out, bool per_atom_energy) = 0;

 private:
  long force_calls_ = 0;
  /// A NaN or infinite energy or force means the configuration is outside what the
  /// potential describes; stop with a clear error instead of writing wrong numbers.
  void check_finite(const ForceResult& out) const;
};

}  // namespace metabasin
