// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The ART searches of a catalog KMC walk spread over MPI ranks. Rank 0 walks; at each batch
// it sends the minimum and the jobs (seeds, centres, pushes) to every rank, each rank draws
// jobs until none is left (TaskDealer) and rank 0 gathers the searches in job order. The
// other ranks do nothing else (serve_art_searches) until rank 0's team is let go.
#include "catalog_kmc.hpp"
#include "setup.hpp"

namespace metabasin {

class MpiArtTeam : public ArtRunner {
 public:
  /// On rank 0, every other rank in serve_art_searches. `system`: the walk's atoms and
  /// potential (a copy of its own, for rank 0's share); `p`: the walk's ART settings.
  MpiArtTeam(System system, ArtParams p);
  ~MpiArtTeam() override;  // lets the other ranks go (also when the walk fails)
  MpiArtTeam(const MpiArtTeam&) = delete;
  MpiArtTeam& operator=(const MpiArtTeam&) = delete;
  std::vector<ArtSearch> run(const Configuration& start, const std::vector<ArtJob>& jobs) override;
  long force_calls() const override { return force_calls_; }

 private:
  System system_;
  ArtParams p_;
  long force_calls_ = 0;
};

/// On every rank but 0: runs its share of each batch rank 0's MpiArtTeam sends, until it is
/// let go.
void serve_art_searches(System system, const ArtParams& p);

}  // namespace metabasin
