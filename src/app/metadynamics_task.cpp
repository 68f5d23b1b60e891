// SPDX-License-Identifier: BSD-3-Clause
#include "metadynamics_task.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "error.hpp"
#include "fits.hpp"
#include "inherent_sequence.hpp"
#include "metadynamics.hpp"
#include "number_format.hpp"
#include "options.hpp"
#include "options_rate.hpp"
#include "progress.hpp"
#include "setup.hpp"
#include "shear_stress.hpp"
#include "strain_run.hpp"
#include "thermo_log.hpp"

namespace metabasin {

namespace {

// The run's record so far: the inherent structures of its sequence (a resumed run goes on
// from the last one) and the series the table and the summary are built from.
struct MetadynamicsRecord {
  std::unique_ptr<InherentSequenceWriter> seq;
  std::string path;
  double strain0 = 0.0, time0 = 0.0;
  long first_step = 0;
  std::vector<double> strains, stresses, energies, times;
};

MetadynamicsRecord open_record(const StrainRunRequest& rq, System& s, const Configuration& reference) {
  MetadynamicsRecord r;
  r.path = rq.out.sequence;
  if (r.path.empty()) return r;
  const bool reopen = rq.resume && std::filesystem::exists(r.path);
  if (reopen) {  // read before the writer opens it
    InherentSequenceReader old(r.path);
    r.strains = old.strains();
    r.stresses = old.shear_stresses();
    r.energies = old.energies();
    r.times = old.times();
  }
  r.seq = std::make_unique<InherentSequenceWriter>(r.path, reference, reopen);
  if (reopen && r.seq->size() > 0) {
    const SequenceFrame last = r.seq->last();
    r.strain0 = last.strain;
    r.time0 = last.time;
    r.first_step = static_cast<long>(r.seq->size()) - 1;
    apply_shear_xy(s.config, r.strain0);
    Eigen::Map<VectorXd>(s.config.x.data(), s.config.x.size()) = last.positions;
    std::cerr << "metadynamics: resuming " << r.path << " at strain " << brief(r.strain0) << " (" << r.seq->size()
              << " inherent structures)" << std::endl;
  }
  return r;
}

// Strain 0 is the minimum the sample relaxes to.
void record_start(const Input& in, System& s, const MetadynamicsParams& p, MetadynamicsRecord& r) {
  const MinimizeResult m = relax(s.config, *s.potential, p.relax);
  if (!m.converged() && !in.short_mode())
    throw InputError("system.data '" + in.get_path("system.data") + "' did not relax to a minimum (" +
                     to_string(m.reason) + "); relax it first (task minimize) or loosen minimize.fmax");
  ForceResult fr;
  s.potential->compute(s.config, fr);
  const double tau = shear_stress(fr, s.config.box);
  r.strains = {0.0};
  r.stresses = {tau};
  r.energies = {fr.energy};
  r.times = {0.0};
  if (r.seq) r.seq->append({0.0, 0.0, fr.energy, tau, Eigen::Map<const VectorXd>(s.config.x.data(), s.config.x.size())});
}

TableWriter open_table(const std::string& path, const MetadynamicsParams& p, const MetadynamicsRecord& r) {
  TableWriter table;
  if (path.empty()) return table;
  table = TableWriter(path, {"strain", "shear_stress_GPa", "pe_eV", "time_s"},
                      "metadynamics at " + brief(p.temperature) + " K, Q0 " + brief(p.abc.q0) + " eV, rate " +
                          brief(p.strain_rate) + " 1/s; shear_stress = -pxy of the inherent structure");
  for (std::size_t k = 0; k < r.strains.size(); ++k) table.row({r.strains[k], r.stresses[k], r.energies[k], r.times[k]});
  return table;
}

struct MetadynamicsCounts {
  long hops = 0, events = 0, q0_met = 0, steps = 0, unstable = 0;
};

StrainRunResult metadynamics_result(const StrainRunRequest& rq, const System& s, const MetadynamicsParams& p, double target,
                                    const MetadynamicsRecord& r, const MetadynamicsCounts& n, double wall) {
  StrainRunResult res;
  res.method = "metadynamics";
  res.nominal_rate = p.strain_rate;
  res.q0 = p.abc.q0;
  res.strain = res.inherent_strain = r.strains;
  res.stress = res.inherent_stress = r.stresses;
  res.strain_reached = r.strains.back();
  res.flow_from_strain = steady_flow_start(target);
  res.flow_stress = flow_stress(r.strains, r.stresses, res.flow_from_strain);
  res.peak_stress = largest(r.stresses);
  res.force_calls = s.potential->force_calls();
  res.wall_seconds = wall;
  res.report = {{"task", "metadynamics"},
                {"natoms", s.config.size()},
                {"temperature_K", p.temperature},
                {"q0_eV", p.abc.q0},
                {"strain_rate_per_s", p.strain_rate},
                {"steps", n.steps},
                {"strain", r.strains.back()},
                {"hops", n.hops},
                {"abc_events", n.events},
                {"weights", p.harmonic_weights ? "harmonic" : "energy"},
                {"unstable_minima", n.unstable},
                {"steps_meeting_q0", n.q0_met},
                {"flow_stress_GPa", res.flow_stress},
                {"flow_stress_from_strain", res.flow_from_strain},
                {"final_shear_stress_GPa", r.stresses.back()},
                {"force_calls", res.force_calls},
                {"wall_seconds", wall},
                {"wall_seconds_per_step", n.steps ? wall / static_cast<double>(n.steps) : 0.0},
                {"output", nlohmann::json::object()}};
  if (r.seq) res.report["output"]["sequence"] = r.path;
  if (!rq.out.table.empty()) res.report["output"]["table"] = rq.out.table;
  return res;
}

}  // namespace

StrainRunResult run_metadynamics_run(const Input& in, const StrainRunRequest& rq) {
  System s = load_system(in);
  MetadynamicsParams p = metadynamics_params(in, s, rq);
  if (!s.config.box.periodic[0] || !s.config.box.periodic[1])
    throw InputError("task metadynamics needs system.boundary periodic along x and y");
  const long progress = in.get_int("output.progress");
  if (progress < 0) throw InputError("key 'output.progress' must not be negative");
  const Configuration reference = s.config;  // strain 0 is the data file's cell
  MetadynamicsRecord r = open_record(rq, s, reference);
  const double target = p.max_strain;
  p.max_strain = std::max(0.0, target - r.strain0);
  if (r.first_step == 0) record_start(in, s, p, r);
  TableWriter table = open_table(rq.out.table, p, r);
  std::cerr << "metadynamics: T " << brief(p.temperature) << " K, Q0 " << brief(p.abc.q0) << " eV, strain rate "
            << brief(p.strain_rate) << " 1/s, " << std::lround(p.max_strain / p.strain_increment)
            << " strain steps of " << brief(p.strain_increment) << std::endl;
  // Fraction done and ETA in strain (output.progress 0 keeps stderr quiet).
  Progress bar("metadynamics", target);
  const auto t0 = std::chrono::steady_clock::now();
  MetadynamicsCounts n;
  const auto steps = run_metadynamics(
      s.config, *s.potential, p, r.strain0, r.time0, r.first_step + 1,
      [&](const MetadynamicsStep& st, const Configuration& c) {
        if (r.seq) r.seq->append({st.strain, st.time, st.energy, st.shear_stress,
                                  Eigen::Map<const VectorXd>(c.x.data(), c.x.size())});
        table.row({st.strain, st.shear_stress, st.energy, st.time});
        r.strains.push_back(st.strain);
        r.stresses.push_back(st.shear_stress);
        n.hops += st.hopped ? 1 : 0;
        n.events += st.abc_events;
        n.unstable += st.unstable_minima;
        n.q0_met += st.abc_stop == "barrier above q0" ? 1 : 0;
        ++n.steps;
        if (progress > 0)
          bar.update(st.strain, "strain " + brief(st.strain) + ", tau " + brief(st.shear_stress) + " GPa, E " +
                                    brief(st.energy) + " eV, sampled minima " + std::to_string(st.sampled_minima) +
                                    (st.hopped ? " (hop)" : "") + ", force calls " + std::to_string(st.force_calls));
        return true;
      });
  if (progress > 0) bar.finish("strain " + brief(r.strains.back()));
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!steps.empty() && n.q0_met < n.steps)
    std::cerr << "metadynamics: warning: ABC met no barrier above Q0 in " << n.steps - n.q0_met << " of " << n.steps
              << " steps (abc.max_penalties reached first); raise abc.max_penalties or abc.height" << std::endl;
  return metadynamics_result(rq, s, p, target, r, n, wall);
}

nlohmann::json run_metadynamics_task(const Input& in) {
  return run_metadynamics_run(in, metadynamics_request(in)).report;
}

}  // namespace metabasin
