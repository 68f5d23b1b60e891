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
#include "setup.hpp"
#include "thermo_log.hpp"

namespace metabasin {

namespace {

// Q0 and the strain rate it stands for: the input gives one of them.
void rate_and_q0(const Input& in, MetadynamicsParams& p) {
  const double gdot0 = in.get_positive("metadynamics.rate_prefactor");
  const double a = in.get_real("metadynamics.a");
  if (!(a < 1.0)) throw InputError("key 'metadynamics.a' must be below 1 (Q = (1 - a) Q0 must stay positive)");
  if (in.has("metadynamics.q0") == in.has("metadynamics.rate"))
    throw InputError("give exactly one of 'metadynamics.q0' (eV) and 'metadynamics.rate' (1/s)");
  if (in.has("metadynamics.q0")) {
    p.abc.q0 = in.get_positive("metadynamics.q0");
    p.strain_rate = metadynamics_strain_rate(p.abc.q0, gdot0, a, p.temperature);
  } else {
    p.strain_rate = in.get_positive("metadynamics.rate");
    if (!(p.strain_rate < gdot0))
      throw InputError("key 'metadynamics.rate' (" + brief(p.strain_rate) +
                       " 1/s) must be below metadynamics.rate_prefactor (" + brief(gdot0) +
                       " 1/s): faster rates have no barrier to sample (use MD)");
    p.abc.q0 = metadynamics_q0(p.strain_rate, gdot0, a, p.temperature);
  }
  if (!(p.strain_rate > 0.0))
    throw InputError("metadynamics.q0 = " + brief(p.abc.q0) + " eV stands for a strain rate that underflows to 0");
}

}  // namespace

MetadynamicsParams metadynamics_params(const Input& in, const System& s) {
  MetadynamicsParams p;
  if (in.has("abc.q0")) throw InputError("key 'abc.q0' is set by metadynamics.q0 or metadynamics.rate in task metadynamics");
  p.abc = abc_params(in, s);
  p.relax = minimize_params(in);
  p.temperature = in.get_positive("metadynamics.temperature");
  rate_and_q0(in, p);
  p.strain_increment = in.get_positive("metadynamics.strain_increment");
  p.max_strain = in.get_positive("metadynamics.max_strain");
  if (p.strain_increment > p.max_strain)
    throw InputError("key 'metadynamics.strain_increment' is larger than metadynamics.max_strain");
  if (in.short_mode()) p.max_strain = std::min(p.max_strain, 3 * p.strain_increment);
  p.region_radius = in.get_real("metadynamics.region_radius");
  if (p.region_radius < 0.0) throw InputError("key 'metadynamics.region_radius' must not be negative");
  if (p.region_radius > 0.0 && (in.has("abc.atoms") || in.has("abc.region_centre")))
    throw InputError("key 'metadynamics.region_radius' picks the penalized atoms itself; drop abc.atoms / abc.region_centre");
  p.regions_per_step = static_cast<int>(in.get_int("metadynamics.regions_per_step"));
  if (p.regions_per_step < 1) throw InputError("key 'metadynamics.regions_per_step' must be at least 1");
  if (p.regions_per_step > 1 && !(p.region_radius > 0.0))
    throw InputError("key 'metadynamics.regions_per_step' needs metadynamics.region_radius > 0 (regions to sample)");
  p.metropolis_sweeps = static_cast<int>(in.get_int("metadynamics.metropolis_sweeps"));
  if (p.metropolis_sweeps < 1) throw InputError("key 'metadynamics.metropolis_sweeps' must be at least 1");
  p.seed = static_cast<unsigned long>(in.get_int("metadynamics.seed"));
  p.q0_from_deepest = in.get_string("metadynamics.q0_measure") == "deepest";
  p.harmonic_weights = in.get_string("metadynamics.weights") == "harmonic";
  p.reach_steps = static_cast<int>(in.get_int("metadynamics.reach_steps"));
  if (p.reach_steps < 0) throw InputError("key 'metadynamics.reach_steps' must not be negative");
  p.require_minima = !in.short_mode();  // short mode caps minimizer iterations
  return p;
}

nlohmann::json run_metadynamics_task(const Input& in) {
  System s = load_system(in);
  MetadynamicsParams p = metadynamics_params(in, s);
  if (!s.config.box.periodic[0] || !s.config.box.periodic[1])
    throw InputError("task metadynamics needs system.boundary periodic along x and y");
  const long progress = in.get_int("output.progress");
  if (progress < 0) throw InputError("key 'output.progress' must not be negative");
  const Configuration reference = s.config;  // strain 0 is the data file's cell

  // The sequence file is the run's record; resuming continues from its last inherent structure.
  std::unique_ptr<InherentSequenceWriter> seq;
  const bool resume = in.get_bool("metadynamics.resume");
  const std::string seq_path = in.has("output.sequence") ? in.get_path("output.sequence") : "";
  if (resume && seq_path.empty()) throw InputError("key 'metadynamics.resume' needs output.sequence");
  double strain0 = 0.0, time0 = 0.0;
  long first_step = 0;
  std::vector<double> strains, stresses, energies, times;
  if (!seq_path.empty()) {
    const bool reopen = resume && std::filesystem::exists(seq_path);
    if (reopen) {  // read before the writer opens it
      InherentSequenceReader r(seq_path);
      strains = r.strains();
      stresses = r.shear_stresses();
      energies = r.energies();
      times = r.times();
    }
    seq = std::make_unique<InherentSequenceWriter>(seq_path, reference, reopen);
    if (reopen && seq->size() > 0) {
      const SequenceFrame last = seq->last();
      strain0 = last.strain;
      time0 = last.time;
      first_step = static_cast<long>(seq->size()) - 1;
      apply_shear_xy(s.config, strain0);
      Eigen::Map<VectorXd>(s.config.x.data(), s.config.x.size()) = last.positions;
      std::cerr << "metadynamics: resuming " << seq_path << " at strain " << brief(strain0) << " (" << seq->size()
                << " inherent structures)" << std::endl;
    }
  }
  const double target = p.max_strain;
  p.max_strain = std::max(0.0, target - strain0);

  // Strain 0 is the minimum the sample relaxes to.
  if (first_step == 0) {
    const MinimizeResult m = relax(s.config, *s.potential, p.relax);
    if (!m.converged() && !in.short_mode())
      throw InputError("system.data '" + in.get_path("system.data") + "' did not relax to a minimum (" +
                       to_string(m.reason) + "); relax it first (task minimize) or loosen minimize.fmax");
    ForceResult fr;
    s.potential->compute(s.config, fr);
    const double tau = forward_shear_stress(fr, s.config.box);
    strains = {0.0};
    stresses = {tau};
    energies = {fr.energy};
    times = {0.0};
    if (seq) seq->append({0.0, 0.0, fr.energy, tau, Eigen::Map<const VectorXd>(s.config.x.data(), s.config.x.size())});
  }
  TableWriter table;
  if (in.has("output.table")) {
    table = TableWriter(in.get_path("output.table"), {"strain", "shear_stress_GPa", "pe_eV", "time_s"},
                        "metadynamics at " + brief(p.temperature) + " K, Q0 " + brief(p.abc.q0) + " eV, rate " +
                            brief(p.strain_rate) + " 1/s; shear_stress = -pxy of the inherent structure");
    for (std::size_t k = 0; k < strains.size(); ++k) table.row({strains[k], stresses[k], energies[k], times[k]});
  }

  std::cerr << "metadynamics: T " << brief(p.temperature) << " K, Q0 " << brief(p.abc.q0) << " eV, strain rate "
            << brief(p.strain_rate) << " 1/s, " << std::lround(p.max_strain / p.strain_increment)
            << " strain steps of " << brief(p.strain_increment) << std::endl;
  const auto t0 = std::chrono::steady_clock::now();
  long hops = 0, events = 0, q0_met = 0, steps_done = 0, unstable = 0;
  const auto steps = run_metadynamics(
      s.config, *s.potential, p, strain0, time0, first_step + 1, [&](const MetadynamicsStep& st, const Configuration& c) {
        if (seq) seq->append({st.strain, st.time, st.energy, st.shear_stress,
                              Eigen::Map<const VectorXd>(c.x.data(), c.x.size())});
        table.row({st.strain, st.shear_stress, st.energy, st.time});
        strains.push_back(st.strain);
        stresses.push_back(st.shear_stress);
        hops += st.hopped ? 1 : 0;
        events += st.abc_events;
        unstable += st.unstable_minima;
        q0_met += st.abc_stop == "barrier above q0" ? 1 : 0;
        ++steps_done;
        if (progress > 0 && steps_done % progress == 0)
          std::cerr << "metadynamics: strain " << brief(st.strain) << "  tau " << brief(st.shear_stress)
                    << " GPa  E " << brief(st.energy) << " eV  sampled minima " << st.sampled_minima
                    << (st.hopped ? " (hop)" : "") << "  force calls " << st.force_calls << std::endl;
        return true;
      });
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::json j = {{"task", "metadynamics"},
                      {"natoms", s.config.size()},
                      {"temperature_K", p.temperature},
                      {"q0_eV", p.abc.q0},
                      {"strain_rate_per_s", p.strain_rate},
                      {"steps", steps_done},
                      {"strain", strains.back()},
                      {"hops", hops},
                      {"abc_events", events},
                      {"weights", p.harmonic_weights ? "harmonic" : "energy"},
                      {"unstable_minima", unstable},
                      {"steps_meeting_q0", q0_met},
                      {"flow_stress_GPa", flow_stress(strains, stresses, 0.7 * target)},
                      {"final_shear_stress_GPa", stresses.back()},
                      {"force_calls", s.potential->force_calls()},
                      {"wall_seconds", wall},
                      {"wall_seconds_per_step", steps_done ? wall / static_cast<double>(steps_done) : 0.0},
                      {"output", nlohmann::json::object()}};
  if (!steps.empty() && q0_met < steps_done)
    std::cerr << "metadynamics: warning: ABC met no barrier above Q0 in " << steps_done - q0_met << " of "
              << steps_done << " steps (abc.max_penalties reached first); raise abc.max_penalties or abc.height"
              << std::endl;
  if (seq) j["output"]["sequence"] = seq_path;
  if (in.has("output.table")) j["output"]["table"] = in.get_path("output.table");
  return j;
}

}  // namespace metabasin
