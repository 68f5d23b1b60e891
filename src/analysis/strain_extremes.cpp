// SPDX-License-Identifier: BSD-3-Clause
#include "strain_extremes.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "error.hpp"
#include "local_strain.hpp"
#include "number_format.hpp"

namespace metabasin {

std::vector<std::size_t> block_boundaries(const std::vector<double>& strains, double block, double from, double to) {
  if (!(block > 0.0) || !std::isfinite(block))
    throw InputError("the strain block must be a positive number, got " + brief(block));
  std::vector<std::size_t> bounds;
  // Frames written at a fixed strain step land on the block edges up to round-off.
  const double reach = block * (1.0 - 1e-6);
  for (std::size_t k = 0; k < strains.size(); ++k) {
    if (strains[k] < from || strains[k] > to) continue;
    if (bounds.empty() || std::abs(strains[k] - strains[bounds.back()]) >= reach) bounds.push_back(k);
  }
  if (bounds.size() < 2)
    throw InputError(
        "no strain block of " + brief(block) + " fits the frames' strains" +
        (strains.empty() ? std::string() : " (" + brief(strains.front()) + " to " + brief(strains.back()) + ")"));
  return bounds;
}

std::vector<StrainBlock> strain_blocks(const AtomFrames& frames, const StrainBlockParams& p) {
  const std::vector<std::size_t> bounds = block_boundaries(frames.strains(), p.block, p.from, p.to);
  std::vector<StrainBlock> blocks;
  Configuration start = frame_in(frames, bounds.front(), p.dimension);
  for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
    Configuration end = frame_in(frames, bounds[b + 1], p.dimension);
    const LocalStrain s = local_strain(start, end, p.cutoff);
    StrainBlock block;
    block.first_frame = bounds[b];
    block.last_frame = bounds[b + 1];
    block.strain_from = frames.strains()[bounds[b]];
    block.strain_to = frames.strains()[bounds[b + 1]];
    block.invalid_atoms = s.invalid_count;
    std::vector<double> eta;
    for (std::size_t i = 0; i < s.shear.size(); ++i)
      if (!s.invalid[i]) eta.push_back(s.shear[i]);
    for (double v : eta) block.mean_shear += v / static_cast<double>(eta.size());
    const std::size_t keep = std::min(p.top, eta.size());
    std::partial_sort(eta.begin(), eta.begin() + static_cast<std::ptrdiff_t>(keep), eta.end(), std::greater<>());
    block.top_shear.assign(eta.begin(), eta.begin() + static_cast<std::ptrdiff_t>(keep));
    blocks.push_back(std::move(block));
    start = std::move(end);
    if (p.progress) p.progress(b + 1, bounds.size() - 1);
  }
  return blocks;
}

std::vector<double> extreme_ratios(const std::vector<StrainBlock>& blocks) {
  std::vector<double> out;
  for (const StrainBlock& b : blocks)
    if (b.mean_shear > 0.0)
      for (double v : b.top_shear) out.push_back(v / b.mean_shear);
  return out;
}

}  // namespace metabasin
