// SPDX-License-Identifier: BSD-3-Clause
#include "art_team.hpp"

#include <map>

#include "art_wire.hpp"
#include "error.hpp"
#include "parallel.hpp"

namespace metabasin {

namespace {

const std::string kLetGo = "done";

nlohmann::json batch_json(const Configuration& start, const std::vector<ArtJob>& jobs) {
  const Box& b = start.box;
  nlohmann::json j = {{"lo", {b.lo[0], b.lo[1], b.lo[2]}},
                      {"len", {b.len[0], b.len[1], b.len[2]}},
                      {"tilt", {b.xy, b.xz, b.yz}},
                      {"x", start.x}};
  nlohmann::json& list = j["jobs"] = nlohmann::json::array();
  for (const ArtJob& job : jobs) list.push_back({{"centre", job.centre}, {"seed", job.seed}, {"push", vec_json(job.push)}});
  return j;
}

// The batch's minimum, as `atoms` (the same atoms, in another cell and place), and its jobs.
std::pair<Configuration, std::vector<ArtJob>> batch_from_json(const nlohmann::json& j, Configuration atoms) {
  for (int d = 0; d < 3; ++d) {
    atoms.box.lo[d] = j.at("lo")[d];
    atoms.box.len[d] = j.at("len")[d];
  }
  atoms.box.xy = j.at("tilt")[0];
  atoms.box.xz = j.at("tilt")[1];
  atoms.box.yz = j.at("tilt")[2];
  atoms.x = j.at("x").get<std::vector<double>>();
  std::vector<ArtJob> jobs;
  for (const auto& e : j.at("jobs")) jobs.push_back({e.at("centre"), e.at("seed"), json_vec(e.at("push"))});
  return {std::move(atoms), std::move(jobs)};
}

// This rank's share of the batch (jobs drawn until none is left), gathered on rank 0 in job
// order with the force calls of all of them (empty elsewhere).
std::vector<ArtSearch> share(const Configuration& start, const std::vector<ArtJob>& jobs, Potential& potential,
                             const ArtParams& p, long& force_calls) {
  nlohmann::json mine = nlohmann::json::array();
  {
    TaskDealer dealer(0);
    for (long k = dealer.next(); k < static_cast<long>(jobs.size()); k = dealer.next()) {
      const ArtJob& job = jobs[static_cast<std::size_t>(k)];
      mine.push_back({{"job", k}, {"search", art_search_json(art_search(start, potential, job.centre, job.seed, p, job.push))}});
    }
  }
  const std::vector<std::string> gathered = gather_on_root(mine.dump());
  std::map<long, ArtSearch> by_job;
  for (const std::string& text : gathered)
    for (const auto& e : nlohmann::json::parse(text)) by_job[e.at("job").get<long>()] = art_search_from_json(e.at("search"));
  std::vector<ArtSearch> out;
  for (auto& [k, s] : by_job) {
    force_calls += s.force_calls;
    out.push_back(std::move(s));
  }
  if (parallel().root() && out.size() != jobs.size())
    throw std::logic_error("art team: " + std::to_string(out.size()) + " searches gathered for " +
                           std::to_string(jobs.size()) + " jobs");
  return out;
}

}  // namespace

MpiArtTeam::MpiArtTeam(System system, ArtParams p) : system_(std::move(system)), p_(std::move(p)) {}

MpiArtTeam::~MpiArtTeam() { broadcast_text_from_root(kLetGo); }

std::vector<ArtSearch> MpiArtTeam::run(const Configuration& start, const std::vector<ArtJob>& jobs) {
  broadcast_text_from_root(batch_json(start, jobs).dump());
  return share(start, jobs, *system_.potential, p_, force_calls_);
}

void serve_art_searches(System system, const ArtParams& p) {
  long calls = 0;
  for (std::string text = broadcast_text_from_root(""); text != kLetGo; text = broadcast_text_from_root("")) {
    const auto [start, jobs] = batch_from_json(nlohmann::json::parse(text), system.config);
    share(start, jobs, *system.potential, p, calls);
  }
}

}  // namespace metabasin
