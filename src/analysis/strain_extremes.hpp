// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Extreme local strains of a sheared run by the block-maxima approach of Cao, Short & Yip
// (PNAS 2019, Materials and Methods): the run is cut into blocks of equal applied strain (the
// study: 0.5 %, 100 blocks over 50 %); in each block every atom's von Mises shear strain eta
// is taken between the block's first and last frame (local_strain.hpp), and the `top` largest
// (the study: 10 of 5000 atoms) are the block's extremes. Each is also divided by the block's
// mean eta over all atoms, eta_xr / <eta> (Fig. 3C), whose distribution the GEV fit describes.
#include <cstddef>
#include <functional>
#include <limits>
#include <vector>

#include "atom_frames.hpp"

namespace metabasin {

struct StrainBlockParams {
  double cutoff = 0.0;   // neighbour cutoff of the strain fit (A)
  double block = 0.005;  // applied shear strain per block
  std::size_t top = 10;  // extremes kept per block
  // Applied strain range the blocks cover (the frames' strains, as AtomFrames gives them).
  double from = -std::numeric_limits<double>::infinity();
  double to = std::numeric_limits<double>::infinity();
  int dimension = 3;
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct StrainBlock {
  std::size_t first_frame = 0, last_frame = 0;
  double strain_from = 0.0, strain_to = 0.0;
  double mean_shear = 0.0;        // <eta> over the atoms with a defined strain
  std::vector<double> top_shear;  // the largest eta, descending
  std::size_t invalid_atoms = 0;  // atoms without a defined strain (left out)
};

/// Frames that bound the blocks: the first frame in [from, to], then each first frame whose
/// strain differs from the last boundary's by at least `block`; the blocks are the spans between
/// consecutive boundaries (a last, shorter span is left out). InputError when `block` is not
/// positive or fewer than two boundaries exist.
std::vector<std::size_t> block_boundaries(const std::vector<double>& strains, double block, double from, double to);

/// Every block's extremes, reading two frames per block.
std::vector<StrainBlock> strain_blocks(const AtomFrames& frames, const StrainBlockParams& p);

/// eta / <eta> of every block's extremes, pooled (blocks with <eta> = 0 left out).
std::vector<double> extreme_ratios(const std::vector<StrainBlock>& blocks);

}  // namespace metabasin
