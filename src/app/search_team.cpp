// SPDX-License-Identifier: BSD-3-Clause
#include "search_team.hpp"

#include <map>

#include "parallel.hpp"
#include "search_wire.hpp"

namespace metabasin {

namespace {

const std::string kLetGo = "done";

// The batch's minimum (cell and positions) and its jobs, as JSON.
nlohmann::json batch_json(const std::string& kind, const Configuration& start, nlohmann::json jobs) {
  const Box& b = start.box;
  return {{"kind", kind},
          {"lo", {b.lo[0], b.lo[1], b.lo[2]}},
          {"len", {b.len[0], b.len[1], b.len[2]}},
          {"tilt", {b.xy, b.xz, b.yz}},
          {"x", start.x},
          {"jobs", std::move(jobs)},
          {"home", nlohmann::json::array()}};
}

// The batch's minimum as `atoms` (the same atoms, in another cell and place).
Configuration batch_start(const nlohmann::json& j, Configuration atoms) {
  for (int d = 0; d < 3; ++d) {
    atoms.box.lo[d] = j.at("lo")[d];
    atoms.box.len[d] = j.at("len")[d];
  }
  atoms.box.xy = j.at("tilt")[0];
  atoms.box.xz = j.at("tilt")[1];
  atoms.box.yz = j.at("tilt")[2];
  atoms.x = j.at("x").get<std::vector<double>>();
  return atoms;
}

// This rank's share of the batch `j` (jobs drawn until none is left), each search as JSON,
// gathered on rank 0 in job order (empty elsewhere).
std::vector<nlohmann::json> share(const nlohmann::json& j, Configuration atoms, Potential& potential,
                                  const CatalogKmcParams& p) {
  const Configuration start = batch_start(j, std::move(atoms));
  const nlohmann::json& jobs = j.at("jobs");
  const bool art = j.at("kind") == "art";
  std::vector<VectorXd> home;
  for (const auto& h : j.at("home")) home.push_back(json_vec(h));
  nlohmann::json mine = nlohmann::json::array();
  {
    TaskDealer dealer(0);
    for (long k = dealer.next(); k < static_cast<long>(jobs.size()); k = dealer.next()) {
      const nlohmann::json& job = jobs[static_cast<std::size_t>(k)];
      const nlohmann::json search =
          art ? art_run_json(run_art_job(start, potential, {job.at("centre"), job.at("seed"), json_vec(job.at("push"))}, p))
              : dynamics_search_json(dynamics_search(start, *potential.clone(), job.at("seed"), p.dynamics, home));
      mine.push_back({{"job", k}, {"search", search}});
    }
  }
  std::map<long, nlohmann::json> by_job;
  for (const std::string& text : gather_on_root(mine.dump()))
    for (auto& e : nlohmann::json::parse(text)) by_job[e.at("job").get<long>()] = std::move(e.at("search"));
  std::vector<nlohmann::json> out;
  for (auto& [k, s] : by_job) out.push_back(std::move(s));
  if (parallel().root() && out.size() != jobs.size())
    throw std::logic_error("search team: " + std::to_string(out.size()) + " searches gathered for " +
                           std::to_string(jobs.size()) + " jobs");
  return out;
}

}  // namespace

MpiSearchTeam::MpiSearchTeam(System system, CatalogKmcParams p) : system_(std::move(system)), p_(std::move(p)) {}

MpiSearchTeam::~MpiSearchTeam() { broadcast_text_from_root(kLetGo); }

std::vector<nlohmann::json> MpiSearchTeam::run(const nlohmann::json& batch) {
  broadcast_text_from_root(batch.dump());
  return share(batch, system_.config, *system_.potential, p_);
}

std::vector<ArtRun> MpiSearchTeam::run_art(const Configuration& start, const std::vector<ArtJob>& jobs) {
  nlohmann::json list = nlohmann::json::array();
  for (const ArtJob& job : jobs) list.push_back({{"centre", job.centre}, {"seed", job.seed}, {"push", vec_json(job.push)}});
  std::vector<ArtRun> out;
  for (const nlohmann::json& s : run(batch_json("art", start, std::move(list)))) out.push_back(art_run_from_json(s));
  return out;
}

std::vector<DynamicsSearch> MpiSearchTeam::run_dynamics(const Configuration& start, const std::vector<unsigned>& seeds,
                                                        const std::vector<VectorXd>& home) {
  nlohmann::json list = nlohmann::json::array();
  for (unsigned seed : seeds) list.push_back({{"seed", seed}});
  nlohmann::json batch = batch_json("md", start, std::move(list));
  for (const VectorXd& h : home) batch["home"].push_back(vec_json(h));
  std::vector<DynamicsSearch> out;
  for (const nlohmann::json& s : run(batch)) out.push_back(dynamics_search_from_json(s));
  return out;
}

void serve_searches(System system, const CatalogKmcParams& p) {
  for (std::string text = broadcast_text_from_root(""); text != kLetGo; text = broadcast_text_from_root(""))
    share(nlohmann::json::parse(text), system.config, *system.potential, p);
}

}  // namespace metabasin
