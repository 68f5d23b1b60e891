// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The searches of a catalog KMC walk spread over MPI ranks. Rank 0 walks; at each batch it
// sends the minimum and the jobs (ART: seeds, centres, pushes; dynamics: seeds) to every rank,
// each rank draws jobs until none is left (TaskDealer), and rank 0 gathers the searches in job
// order (an ART search with its start-side carry). The other ranks do nothing else
// (serve_searches) until rank 0's team is let go. Each search runs on a fresh clone of the
// potential, as LocalSearchRunner's do.
#include <nlohmann/json.hpp>

#include "catalog_kmc.hpp"
#include "setup.hpp"

namespace metabasin {

class MpiSearchTeam : public SearchRunner {
 public:
  /// On rank 0, every other rank in serve_searches. `system`: the walk's atoms and potential
  /// (a copy of its own, for rank 0's share); `p`: the walk's settings (art, dynamics).
  MpiSearchTeam(System system, CatalogKmcParams p);
  ~MpiSearchTeam() override;  // lets the other ranks go (also when the walk fails)
  MpiSearchTeam(const MpiSearchTeam&) = delete;
  MpiSearchTeam& operator=(const MpiSearchTeam&) = delete;
  std::vector<ArtRun> run_art(const Configuration& start, const std::vector<ArtJob>& jobs) override;
  std::vector<DynamicsSearch> run_dynamics(const Configuration& start, const std::vector<unsigned>& seeds,
                                           const std::vector<VectorXd>& home) override;

 private:
  /// Sends the batch to every rank and runs rank 0's share: the searches as JSON, in job order.
  std::vector<nlohmann::json> run(const nlohmann::json& batch);
  System system_;
  CatalogKmcParams p_;
};

/// On every rank but 0: runs its share of each batch rank 0's MpiSearchTeam sends, until it is
/// let go.
void serve_searches(System system, const CatalogKmcParams& p);

}  // namespace metabasin
