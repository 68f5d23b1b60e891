// SPDX-License-Identifier: BSD-3-Clause
#include "search_wire.hpp"

namespace metabasin {

nlohmann::json vec_json(const VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

VectorXd json_vec(const nlohmann::json& j) {
  const auto v = j.get<std::vector<double>>();
  return Eigen::Map<const VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

nlohmann::json carried_json(const CarriedEvent& e, long force_calls) {
  const SaddlePoint& s = e.refined.saddle;
  nlohmann::json j = {{"status", static_cast<int>(s.status)}, {"method", e.refined.method}, {"force_calls", force_calls}};
  if (s.status == SaddleStatus::Converged) {
    j["saddle_energy"] = s.energy;
    j["eigenvalue"] = s.eigenvalue;
    j["saddle_force_calls"] = s.force_calls;
    j["saddle_positions"] = vec_json(s.positions);
    j["beyond_energy"] = e.beyond_energy;
    j["beyond_positions"] = vec_json(e.beyond);
  }
  return j;
}

CarriedEvent carried_from_json(const nlohmann::json& j) {
  CarriedEvent e;
  SaddlePoint& s = e.refined.saddle;
  s.status = static_cast<SaddleStatus>(j.at("status").get<int>());
  e.refined.method = j.at("method");
  if (s.status == SaddleStatus::Converged) {
    s.energy = j.at("saddle_energy");
    s.eigenvalue = j.at("eigenvalue");
    s.force_calls = j.at("saddle_force_calls");
    s.positions = json_vec(j.at("saddle_positions"));
    e.beyond_energy = j.at("beyond_energy");
    e.beyond = json_vec(j.at("beyond_positions"));
  }
  return e;
}

nlohmann::json art_search_json(const ArtSearch& a) {
  nlohmann::json j = {{"centre_id", a.centre_id},
                      {"seed", a.seed},
                      {"status", static_cast<int>(a.saddle.status)},
                      {"initial_energy", a.initial_energy},
                      {"saddle_energy", a.saddle.energy},
                      {"eigenvalue", a.saddle.eigenvalue},
                      {"force_calls", a.force_calls},
                      {"saddle_force_calls", a.saddle_force_calls},
                      {"refinement_force_calls", a.saddle.refinement_calls},
                      {"moving_atoms", a.moving_atoms},
                      {"wall_seconds", a.wall_seconds}};
  if (a.saddle.status == SaddleStatus::Converged) {
    j["final_energy"] = a.final_energy;
    j["barrier"] = a.barrier;
    j["reverse_barrier"] = a.reverse_barrier;
    j["saddle_positions"] = vec_json(a.saddle.positions);
    j["eigenvector"] = vec_json(a.saddle.eigenvector);
    j["final_positions"] = vec_json(a.final_minimum);
    if (a.start_side.size() > 0) {
      j["start_side_energy"] = a.start_side_energy;
      j["start_side_positions"] = vec_json(a.start_side);
    }
  }
  return j;
}

ArtSearch art_search_from_json(const nlohmann::json& j) {
  ArtSearch a;
  a.centre_id = j.at("centre_id");
  a.seed = j.at("seed");
  a.saddle.status = static_cast<SaddleStatus>(j.at("status").get<int>());
  a.initial_energy = j.at("initial_energy");
  a.saddle.energy = j.at("saddle_energy");
  a.saddle.eigenvalue = j.at("eigenvalue");
  a.force_calls = j.at("force_calls");
  a.saddle_force_calls = j.at("saddle_force_calls");
  a.saddle.refinement_calls = j.value("refinement_force_calls", 0L);  // journals before the refinement
  a.moving_atoms = j.at("moving_atoms");
  a.wall_seconds = j.at("wall_seconds");
  if (a.saddle.status == SaddleStatus::Converged) {
    a.final_energy = j.at("final_energy");
    a.barrier = j.at("barrier");
    a.reverse_barrier = j.at("reverse_barrier");
    a.saddle.positions = json_vec(j.at("saddle_positions"));
    a.saddle.eigenvector = json_vec(j.at("eigenvector"));
    a.final_minimum = json_vec(j.at("final_positions"));
    if (j.contains("start_side_positions")) {
      a.start_side_energy = j.at("start_side_energy");
      a.start_side = json_vec(j.at("start_side_positions"));
    }
  }
  return a;
}

nlohmann::json art_run_json(const ArtRun& r) {
  nlohmann::json j = art_search_json(r.art);
  if (r.carried) j["carried"] = carried_json(*r.carried, r.carry_force_calls);
  return j;
}

ArtRun art_run_from_json(const nlohmann::json& j) {
  ArtRun r;
  r.art = art_search_from_json(j);
  if (j.contains("carried")) {
    r.carried = carried_from_json(j.at("carried"));
    r.carry_force_calls = j.at("carried").at("force_calls");
  }
  return r;
}

nlohmann::json dynamics_search_json(const DynamicsSearch& d) {
  nlohmann::json j = {{"outcome", d.outcome},
                      {"transition_time", d.transition_time},
                      {"from", d.from},
                      {"initial_energy", d.initial_energy},
                      {"final_energy", d.final_energy},
                      {"final_minimum", vec_json(d.final_minimum)},
                      {"initial_minimum", vec_json(d.initial_minimum)},
                      {"refined_by", d.refined_by},
                      {"force_calls", d.force_calls},
                      {"saddle_status", static_cast<int>(d.saddle.status)},
                      {"saddle_energy", d.saddle.energy},
                      {"saddle_positions", vec_json(d.saddle.positions)},
                      {"eigenvalue", d.saddle.eigenvalue},
                      {"eigenvector", vec_json(d.saddle.eigenvector)},
                      {"saddle_force_calls", d.saddle.force_calls}};
  nlohmann::json& then = j["then"] = nlohmann::json::array();
  for (const DynamicsSearch& later : d.then) then.push_back(dynamics_search_json(later));
  return j;
}

DynamicsSearch dynamics_search_from_json(const nlohmann::json& j) {
  DynamicsSearch d;
  d.outcome = j.at("outcome");
  d.transition_time = j.at("transition_time");
  d.from = j.at("from");
  d.initial_energy = j.at("initial_energy");
  d.final_energy = j.at("final_energy");
  d.final_minimum = json_vec(j.at("final_minimum"));
  d.initial_minimum = json_vec(j.at("initial_minimum"));
  d.refined_by = j.at("refined_by");
  d.force_calls = j.at("force_calls");
  d.saddle.status = static_cast<SaddleStatus>(j.at("saddle_status").get<int>());
  d.saddle.energy = j.at("saddle_energy");
  d.saddle.positions = json_vec(j.at("saddle_positions"));
  d.saddle.eigenvalue = j.at("eigenvalue");
  d.saddle.eigenvector = json_vec(j.at("eigenvector"));
  d.saddle.force_calls = j.at("saddle_force_calls");
  for (const auto& later : j.at("then")) d.then.push_back(dynamics_search_from_json(later));
  return d;
}

}  // namespace metabasin
