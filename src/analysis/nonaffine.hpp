// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The nonaffine distance matrix (NaDM) and its diagonal band (ASNaD) of the inherent
// structures met under simple shear (Cao, Short & Yip, PNAS 2019):
//   Delta2(g1, g2) = (1/N) sum_i |R_i(g2) - F R_i(g1)|^2,   F = 1 + (g2 - g1) e1 (x) e2,
//   delta2(g, xi)  = Delta2(g - xi/2, g + xi/2).
// F acts about the cell's lower corner (as LAMMPS remaps atoms: x' = x + dg (y - ylo)), and
// the difference is taken under the minimum image of the cell at g2, since frames store
// wrapped positions. Delta2 is not symmetric: F^-1 is not a rotation. In a 3D cell with a yz
// tilt, raising xy also moves x in proportion to z (F gains -dg yz/lz e1 (x) e3); F is then
// that map, the one LAMMPS and apply_shear_xy apply, so an affine run still gives zero.
#include <Eigen/Dense>
#include <functional>
#include <string>
#include <vector>

#include "configuration.hpp"
#include "inherent_sequence.hpp"
#include "objective.hpp"

namespace metabasin {

constexpr int kNadmVersion = 1;

struct NadmParams {
  std::vector<std::size_t> atoms;  // atom indices (atom-ID order) to average over; empty = all
  std::size_t stride = 1;          // use frames 0, stride, 2 stride, ...
  std::size_t block = 64;          // frames held in memory at once (per operand)
  std::function<void(std::size_t done, std::size_t total)> progress;  // called after each row block
};

struct Nadm {
  std::vector<double> strain;       // strain of row/column k
  std::vector<std::size_t> frames;  // sequence frame of row/column k
  std::vector<std::size_t> atoms;   // atom indices averaged over
  Eigen::MatrixXd delta2;           // (i, j) = Delta2(strain[i], strain[j]), Å^2; i is g1
};

struct Asnad {
  double xi = 0.0;              // strain lapse asked for
  std::size_t half_lag = 0;     // s: frame k pairs frames k - s and k + s (xi ~ 2 s dgamma)
  std::vector<double> strain;   // every frame's strain (after the stride)
  std::vector<double> delta2;   // Delta2(strain[k - s], strain[k + s]); NaN within s of either end
};

/// The n atoms nearest the centre of the cell (periodic distance), as indices in ascending
/// order; the study resolves single hops in a 150-atom subsystem. InputError if n is 0 or
/// more than the atoms there are.
std::vector<std::size_t> central_subsystem(const Configuration& atoms, std::size_t n);
/// 0, 1, ..., natoms - 1.
std::vector<std::size_t> all_atoms(std::size_t natoms);

/// Delta2(g1, g2) between two sets of positions; `atoms.box` is the cell at strain 0.
/// An empty subset means all atoms.
double delta2(const Configuration& atoms, double g1, const VectorXd& x1, double g2, const VectorXd& x2,
              const std::vector<std::size_t>& subset);

/// The full matrix, reading the sequence in blocks: memory O(block N + M^2), never M^2 N.
Nadm nadm(const InherentSequenceReader& seq, const NadmParams& p);

/// ASNaD for one strain lapse, streaming through the sequence once (O(M N) work). Needs a
/// uniform strain step dgamma and xi >= 2 dgamma; InputError otherwise.
Asnad asnad(const InherentSequenceReader& seq, double xi, const NadmParams& p);

/// HDF5, format "metabasin-nadm" version 1 (docs/formats.md), written under a temporary name
/// and renamed. Every curve must be on the matrix's frames.
void write_nadm(const std::string& path, const InherentSequenceReader& seq, const Nadm& m,
                const std::vector<Asnad>& curves);

}  // namespace metabasin
