// SPDX-License-Identifier: BSD-3-Clause
#include "md_tasks.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>

#include "error.hpp"
#include "fits.hpp"
#include "inherent_sequence.hpp"
#include "input_schema.hpp"
#include "lammps_data.hpp"
#include "md_restart.hpp"
#include "metadynamics.hpp"
#include "molecular_dynamics.hpp"
#include "number_format.hpp"
#include "objective.hpp"
#include "options.hpp"
#include "options_rate.hpp"
#include "setup.hpp"
#include "shear_stress.hpp"
#include "strain_run.hpp"
#include "thermo_log.hpp"
#include "text_output.hpp"
#include "trajectory.hpp"

namespace metabasin {

namespace {

// md.velocity_temperature, else the data file's velocities, else new ones at the run's
// temperature. Velocities that are all zero (what a minimization writes) count as none: from
// rest at a minimum, a Nose-Hoover run stays at rest but for round-off, which it amplifies
// into the same heating whatever md.seed says (~30 ps on the 2D glass). Replica k > 0 of a run
// is another thermal history: its seed is md.seed + k, and it draws new velocities even where
// the data file has some.
void initial_velocities(Configuration& c, const Input& in, double default_temperature, unsigned replica = 0) {
  const unsigned seed = static_cast<unsigned>(in.get_int("md.seed")) + replica;
  const bool none =
      c.v.size() != c.x.size() || std::all_of(c.v.begin(), c.v.end(), [](double v) { return v == 0.0; });
  if (in.has("md.velocity_temperature"))
    create_velocities(c, temperature_key(in, "md.velocity_temperature"), seed);
  else if (none || replica > 0)
    create_velocities(c, default_temperature, seed);
}

std::vector<std::string> thermo_columns() {
  return {"step",    "time_ps", "T_K",     "pe_eV",   "ke_eV",  "pxx_GPa",     "pyy_GPa",
          "pzz_GPa", "pxy_GPa", "pxz_GPa", "pyz_GPa", "volume", "shear_strain"};
}

std::vector<double> thermo_row(const Thermo& t) {
  return {static_cast<double>(t.step),
          t.time,
          t.temperature,
          t.potential_energy,
          t.kinetic_energy,
          t.pressure[0],
          t.pressure[1],
          t.pressure[2],
          t.pressure[3],
          t.pressure[4],
          t.pressure[5],
          t.volume,
          t.shear_strain};
}

double mean_pressure(const Thermo& t, int dim) {
  double p = 0.0;
  for (int d = 0; d < dim; ++d) p += t.pressure[d];
  return p / dim;
}

std::string detail(const Thermo& t, int dim) {
  return "T " + brief(t.temperature) + " K  P " + brief(mean_pressure(t, dim)) + " GPa  E " +
         brief(t.potential_energy) + " eV";
}

/// Output shared by MD runs: thermo table, trajectory frames, progress line.
// The bytes a text output held at the restart point (none for a fresh run). The keys were
// checked against the restart file before anything was cut (check_restart_outputs).
std::optional<std::uintmax_t> kept_bytes(const std::string& path, const std::map<std::string, std::uintmax_t>* keep) {
  if (!keep) return std::nullopt;
  return keep->at(path);
}

class MdOutput {
 public:
  /// With `keep` (a resumed run), each text output continues where the restart point left it.
  MdOutput(const Input& in, const OutputFiles& files, const System& s, const std::string& label, long total_steps,
           long first_step = 0, const std::map<std::string, std::uintmax_t>* keep = nullptr)
      : every_(in.get_int("output.every")),
        thermo_every_(in.get_int("output.thermo_every")),
        progress_(label, total_steps, in.get_int("output.progress"), first_step) {
    if (every_ < 1) throw InputError("key 'output.every' must be at least 1");
    if (thermo_every_ < 1) throw InputError("key 'output.thermo_every' must be at least 1");
    if (in.get_int("output.progress") < 0) throw InputError("key 'output.progress' must not be negative");
    auto kept = [&](const std::string& path) { return kept_bytes(path, keep); };
    if (!files.thermo.empty()) thermo_ = TableWriter(files.thermo, thermo_columns(), label, kept(files.thermo));
    if (!files.dump.empty())
      writers_.push_back(std::make_unique<LammpsDumpWriter>(paths_.emplace_back(files.dump), kept(files.dump)));
    if (!files.xyz.empty())
      writers_.push_back(
          std::make_unique<ExtendedXyzWriter>(paths_.emplace_back(files.xyz), s.elements, kept(files.xyz)));
  }
  /// Whether record(..., done) reads the thermo of step `done` (else the step may skip the
  /// energy and the virial).
  bool observes(long done) const {
    return (thermo_.open() && done % thermo_every_ == 0) || (!writers_.empty() && done % every_ == 0) ||
           progress_.due(done);
  }
  void record(const MolecularDynamics& md, const Configuration& c, long done) {
    if (!observes(done)) return;
    const Thermo t = md.thermo();
    if (done % thermo_every_ == 0) thermo_.row(thermo_row(t));
    if (done % every_ == 0)
      for (auto& w : writers_) w->write(c, FrameData{t.step, t.potential_energy, &md.forces().forces, {}, true});
    if (progress_.due(done)) progress_.update(done, detail(t, c.box.dimension));
  }
  /// Bytes each text output holds now (every row and frame is flushed when written).
  void sizes(std::map<std::string, std::uintmax_t>& into) const {
    if (thermo_.open()) into[thermo_.path()] = text_output_size(thermo_.path());
    for (const auto& p : paths_) into[p] = text_output_size(p);
  }

 private:
  long every_, thermo_every_;
  StepProgress progress_;
  TableWriter thermo_;
  std::vector<std::string> paths_;
  std::vector<std::unique_ptr<TrajectoryWriter>> writers_;
};

nlohmann::json thermo_json(const Thermo& t, std::size_t natoms) {
  return {{"step", t.step},
          {"time_ps", t.time},
          {"temperature", t.temperature},
          {"potential_energy", t.potential_energy},
          {"potential_energy_per_atom", t.potential_energy / static_cast<double>(natoms)},
          {"kinetic_energy", t.kinetic_energy},
          {"pressure", t.pressure},
          {"volume", t.volume},
          {"shear_strain", t.shear_strain}};
}

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

void write_final(const std::string& path, const Configuration& c, const std::string& title, nlohmann::json& out) {
  if (path.empty()) return;
  write_lammps_data(path, c, title);
  out["output"]["data"] = path;
}

// The inherent structure under a thermal state: a copy without velocities, minimized.
struct Quenched {
  Configuration c;
  double energy = 0.0;        // eV
  double shear_stress = 0.0;  // tau = -p_xy (GPa)
};
Quenched quench(const Configuration& thermal, Potential& potential, const MinimizeParams& mp) {
  Quenched q{thermal};
  q.c.v.clear();
  relax(q.c, potential, mp);
  ForceResult f;
  potential.compute(q.c, f);
  q.energy = f.energy;
  q.shear_stress = shear_stress(f, q.c.box);
  return q;
}

}  // namespace

nlohmann::json run_md(const Input& in) {
  System s = load_system(in);
  MdParams p = md_params(in, false);
  if (!in.has("md.steps")) throw InputError("key 'md.steps' is required for task md");
  const long steps = in.cap_steps(in.get_int("md.steps"));
  if (steps < 1) throw InputError("key 'md.steps' must be positive, got " + std::to_string(steps));
  const bool needs_t = p.thermostat != "none" || p.barostat.style != "none";
  p.t_start = needs_t ? temperature_key(in, "md.temperature")
                      : (in.has("md.temperature") ? temperature_key(in, "md.temperature") : 0.0);
  p.t_stop = in.has("md.temperature_stop") ? temperature_key(in, "md.temperature_stop") : p.t_start;
  initial_velocities(s.config, in, p.t_start);
  const double t0 = now();
  MolecularDynamics md(s.config, *s.potential, p, steps);
  MdOutput out(in, output_files(in), s, "md", steps);
  out.record(md, s.config, 0);
  const double e0 = md.thermo().conserved;
  double t_sum = 0.0, p_sum = 0.0, e_sum = 0.0;
  for (long k = 1; k <= steps; ++k) {
    md.step();
    const Thermo t = md.thermo();
    t_sum += t.temperature;
    p_sum += mean_pressure(t, s.config.box.dimension);
    e_sum += t.potential_energy;
    out.record(md, s.config, k);
  }
  const Thermo last = md.thermo();
  const double n = static_cast<double>(s.config.size());
  nlohmann::json j = {{"task", "md"},
                      {"natoms", s.config.size()},
                      {"steps", steps},
                      {"ensemble", p.thermostat == "none" ? (p.barostat.style == "none" ? "nve" : "nph")
                                                          : (p.barostat.style == "none" ? "nvt" : "npt")},
                      {"final", thermo_json(last, s.config.size())},
                      {"mean_temperature", t_sum / steps},
                      {"mean_pressure", p_sum / steps},
                      {"mean_potential_energy", e_sum / steps},
                      {"conserved_drift_per_atom", (last.conserved - e0) / n},
                      {"force_calls", s.potential->force_calls()},
                      {"wall_seconds", now() - t0},
                      {"output", nlohmann::json::object()}};
  write_final(output_files(in).data, s.config, "after metabasin md", j);
  return j;
}

namespace {

// Plan of a quench: hold at t_high, cool linearly at `rate`, hold at t_low (steps per phase).
struct QuenchPlan {
  double t_high = 0.0, t_low = 0.0, rate = 0.0;  // K, K, K/ps
  long n_equil = 0, n_cool = 0, n_hold = 0;
  long total() const { return n_equil + n_cool + n_hold; }
};

QuenchPlan quench_plan(const Input& in, double dt) {
  QuenchPlan q;
  q.t_high = temperature_key(in, "quench.t_high");
  q.t_low = temperature_key(in, "quench.t_low");
  q.rate = in.get_positive("quench.rate");
  if (!(q.t_low < q.t_high))
    throw InputError("the cooling schedule ends above its start: quench.t_low (" + brief(q.t_low) +
                     " K) must be below quench.t_high (" + brief(q.t_high) + " K)");
  const double equil = in.get_real("quench.equilibrate"), hold = in.get_real("quench.hold");
  if (equil < 0.0 || hold < 0.0) throw InputError("keys 'quench.equilibrate' and 'quench.hold' must not be negative");
  q.n_equil = in.cap_steps(std::lround(equil / dt));
  q.n_cool = in.cap_steps(std::max(1L, std::lround((q.t_high - q.t_low) / q.rate / dt)));
  q.n_hold = in.cap_steps(std::lround(hold / dt));
  return q;
}

// What the cooling ramp sampled: target temperature, volume and potential energy, the input
// of the glass-transition estimates.
struct CoolingCurve {
  std::vector<double> temperature, volume, energy;
};

// Run: the three phases, each sample into the table (and, while cooling, the curve).
CoolingCurve run_quench_schedule(const Input& in, const QuenchPlan& q, System& s, MolecularDynamics& md,
                                 MdOutput& out) {
  const int dim = s.config.box.dimension;
  TableWriter table;
  if (in.has("output.table"))
    table = TableWriter(in.get_path("output.table"), {"time_ps", "T_target_K", "T_K", "P_GPa", "pe_eV", "volume"},
                        "quench " + brief(q.t_high) + " K -> " + brief(q.t_low) + " K at " + brief(q.rate) + " K/ps");
  CoolingCurve curve;
  const long table_every = in.get_int("output.thermo_every");
  long done = 0;
  auto advance = [&](long n, bool cooling) {
    for (long k = 0; k < n; ++k) {
      ++done;
      md.step(done % table_every == 0 || done == q.total() || out.observes(done));
      out.record(md, s.config, done);
      if (done % table_every != 0) continue;
      const Thermo t = md.thermo();
      const double target = md.target_temperature();
      table.row({t.time, target, t.temperature, mean_pressure(t, dim), t.potential_energy, t.volume});
      if (!cooling) continue;
      curve.temperature.push_back(target);
      curve.volume.push_back(t.volume);
      curve.energy.push_back(t.potential_energy);
    }
  };
  advance(q.n_equil, false);
  md.set_temperature_ramp(q.t_high, q.t_low, q.n_cool);
  advance(q.n_cool, true);
  md.set_temperature_ramp(q.t_low, q.t_low, std::max(1L, q.n_hold));
  advance(q.n_hold, false);
  return curve;
}

}  // namespace

nlohmann::json run_quench(const Input& in) {
  System s = load_system(in);
  MdParams p = md_params(in, true);
  const QuenchPlan q = quench_plan(in, p.dt);
  const MinimizeParams mp = minimize_params(in);
  p.t_start = p.t_stop = q.t_high;
  create_velocities(s.config, q.t_high, p.seed);
  const double t0 = now();
  MolecularDynamics md(s.config, *s.potential, p, std::max(1L, q.n_equil));
  MdOutput out(in, output_files(in), s, "quench", q.total());
  const CoolingCurve curve = run_quench_schedule(in, q, s, md, out);
  const Thermo end_md = md.thermo();
  const MinimizeResult r = relax(s.config, *s.potential, mp);
  s.config.v.assign(s.config.x.size(), 0.0);
  const double n = static_cast<double>(s.config.size());
  nlohmann::json j = {
      {"task", "quench"},
      {"natoms", s.config.size()},
      {"cooling_rate_K_per_ps", q.rate},
      {"md_steps", q.total()},
      {"final_md", thermo_json(end_md, s.config.size())},
      {"inherent_structure_energy", r.energy},
      {"inherent_structure_energy_per_atom", r.energy / n},
      {"inherent_structure_converged", r.converged()},
      {"inherent_structure_stop_reason", to_string(r.reason)},
      {"volume", s.config.box.volume()},
      {"number_density", n / s.config.box.volume()},
      {"tg_from_volume_K", p.barostat.style == "none"
                               ? nlohmann::json(nullptr)
                               : nlohmann::json(two_line_break_point(curve.temperature, curve.volume))},
      {"tg_from_energy_K", two_line_break_point(curve.temperature, curve.energy)},
      {"force_calls", s.potential->force_calls()},
      {"wall_seconds", now() - t0},
      {"output", nlohmann::json::object()}};
  if (in.has("output.table")) j["output"]["table"] = in.get_path("output.table");
  // Only a converged minimization is an inherent structure; the data file's title says which.
  write_final(output_files(in).data, s.config,
              "glass quenched by metabasin at " + brief(q.rate) + " K/ps, " +
                  (r.converged() ? std::string("inherent structure")
                                 : "minimization NOT converged (" + to_string(r.reason) + ", fmax " + brief(r.fmax) +
                                       " eV/A): not an inherent structure"),
              j);
  return j;
}

namespace {

// The restart file must belong to this run: same atoms, rate, time step and thermostat.
void check_restart(const MdRestart& r, const Configuration& c, double rate_per_s, const MdParams& p,
                   const std::string& path) {
  auto refuse = [&](const std::string& what) {
    throw InputError("key 'shear.restart': '" + path + "' was written by another run (" + what +
                     "); remove it, or set shear.resume: false to start afresh");
  };
  if (r.task != "shear") refuse("task " + r.task);
  if (r.config.ids != c.ids || r.config.types != c.types) refuse("other atoms than system.data");
  if (std::abs(r.rate_per_s / rate_per_s - 1.0) > 1e-12)
    refuse("shear.rate " + brief(r.rate_per_s) + " 1/s, this input " + brief(rate_per_s));
  if (r.dt != p.dt) refuse("md.dt " + brief(r.dt) + " ps, this input " + brief(p.dt));
  if (r.temperature != p.t_start) refuse("temperature " + brief(r.temperature) + " K, this input " + brief(p.t_start));
  if (r.thermostat != p.thermostat) refuse("md.thermostat " + r.thermostat + ", this input " + p.thermostat);
}

// Every output the resumed run continues must be one the restart point recorded, still
// holding what it had then; checked before any file is cut back.
void check_restart_outputs(const OutputFiles& out, const MdRestart& r, const std::string& path) {
  const std::pair<const char*, std::string> text[] = {
      {"output.table", out.table}, {"output.thermo", out.thermo}, {"output.dump", out.dump}, {"output.xyz", out.xyz}};
  for (const auto& [key, file] : text) {
    if (file.empty()) continue;
    const auto it = r.text_bytes.find(file);
    if (it == r.text_bytes.end())
      throw InputError("key '" + std::string(key) + "': '" + file + "' was not an output of the run the restart file '" +
                       path + "' belongs to; cannot resume");
    if (text_output_size(file) < it->second)
      throw InputError("key '" + std::string(key) + "': '" + file + "' holds fewer bytes than at the restart point '" +
                       path + "' (" + std::to_string(it->second) + "); it was changed since; cannot resume");
  }
  if (r.md.step == 0) return;
  const std::string& seq = out.sequence;
  if (seq.empty()) return;
  if (r.sequence_path != seq)
    throw InputError("key 'output.sequence': the run the restart file '" + path + "' belongs to wrote " +
                     (r.sequence_path.empty() ? "no sequence" : "'" + r.sequence_path + "'") +
                     "; cannot resume into '" + seq + "'");
  if (!std::filesystem::exists(seq) || InherentSequenceReader(seq).size() < r.sequence_frames)
    throw InputError("key 'output.sequence': '" + seq + "' holds fewer frames than at the restart point '" + path +
                     "' (" + std::to_string(r.sequence_frames) + "); cannot resume");
}

}  // namespace

namespace {

// Task shear's settings, checked: the rate, the steps it takes, the restart file.
struct ShearPlan {
  MdParams md;
  double rate_per_s = 0.0, max_strain = 0.0, elastic = 0.0;
  long steps = 0, restart_every = 0;
  std::string restart_path;
  std::optional<MdRestart> from;  // the restart point a resumed run continues from
};

ShearPlan shear_plan(const Input& in, const StrainRunRequest& rq, const System& s) {
  ShearPlan sp;
  MdParams& p = sp.md;
  p = md_params(in, true);
  p.seed += rq.replica;
  if (p.barostat.style != "none") throw InputError("key 'md.barostat' must be none for task shear (constant volume)");
  sp.rate_per_s = rq.rate;
  sp.max_strain = rq.max_strain;
  sp.elastic = in.get_positive("shear.elastic_strain");
  if (!s.config.box.periodic[0] || !s.config.box.periodic[1])
    throw InputError("task shear needs system.boundary periodic along x and y");
  p.shear_rate = sp.rate_per_s * 1e-12;  // 1/ps
  p.t_start = p.t_stop = rq.temperature;
  const long full_steps = std::lround(sp.max_strain / (p.shear_rate * p.dt));
  sp.steps = in.cap_steps(full_steps);
  if (full_steps < 1) throw InputError("shear.max_strain is reached in less than one time step at this shear.rate");
  if (full_steps > 2000000000L)
    throw InputError("shear needs " + std::to_string(sp.steps) +
                     " steps at this shear.rate; use a higher rate (landscape methods cover slow rates)");
  // Restart points: the state every restart_every steps; resuming continues from the last one.
  sp.restart_path = rq.restart;
  const bool resume = rq.resume;
  if (resume && sp.restart_path.empty())
    throw InputError("key 'shear.resume' needs shear.restart (the file to continue from)");
  sp.restart_every = std::max(1L, std::lround(in.get_positive("shear.restart_strain") / (p.shear_rate * p.dt)));
  if (resume && std::filesystem::exists(sp.restart_path)) {
    try {
      sp.from = read_md_restart(sp.restart_path);
    } catch (const InputError& e) {
      throw InputError(std::string("key 'shear.restart': ") + e.what() + "; remove it to start afresh");
    }
    check_restart(*sp.from, s.config, sp.rate_per_s, p, sp.restart_path);
    check_restart_outputs(rq.out, *sp.from, sp.restart_path);
    if (sp.from->md.step > sp.steps)
      throw InputError("key 'shear.max_strain': the restart point '" + sp.restart_path + "' lies at strain " +
                       brief(sp.from->md.strain) + ", beyond " + brief(sp.max_strain) + "; raise it or remove the file");
  }
  return sp;
}

// The series a shear run gathers: the table's samples and the inherent structures (the input
// of the nonaffine distance matrix, and stresses comparable with metadynamics' and KMC's).
struct ShearSeries {
  std::vector<double> strain, stress, is_strain, is_stress;
};

// Summary: modulus from the elastic range, peak (yield) stress, flow stress over the window.
nlohmann::json shear_summary(const ShearPlan& sp, const ShearSeries& g, const MolecularDynamics& md, const System& s,
                             double flow_from) {
  std::vector<double> ex, ey;
  double peak = -1e300, peak_strain = 0.0;
  for (std::size_t k = 0; k < g.strain.size(); ++k) {
    if (g.strain[k] <= sp.elastic) {
      ex.push_back(g.strain[k]);
      ey.push_back(g.stress[k]);
    }
    if (g.stress[k] > peak) {
      peak = g.stress[k];
      peak_strain = g.strain[k];
    }
  }
  const LinearFit fit = linear_fit(ex, ey);
  // Fewer than kMinModulusPoints samples in the elastic range fix a line but not its scatter
  // (two points give no error at all): such a modulus is reported as null with a warning.
  constexpr int kMinModulusPoints = 5;
  const bool modulus_ok = fit.points >= kMinModulusPoints && std::isfinite(fit.slope);
  const nlohmann::json null = nullptr;
  nlohmann::json j = {{"task", "shear"},
          {"natoms", s.config.size()},
          {"shear_rate_per_s", sp.rate_per_s},
          {"steps", sp.steps},
          {"max_strain", md.thermo().shear_strain},
          {"shear_modulus_GPa", modulus_ok ? nlohmann::json(fit.slope) : null},
          {"shear_modulus_standard_error_GPa",
           modulus_ok && std::isfinite(fit.slope_standard_error) ? nlohmann::json(fit.slope_standard_error) : null},
          {"shear_modulus_fit_points", fit.points},
          {"peak_stress_GPa", peak},
          {"peak_strain", peak_strain},
          {"flow_stress_GPa", flow_stress(g.strain, g.stress, flow_from)},
          {"flow_stress_from_strain", flow_from},
          {"final", thermo_json(md.thermo(), s.config.size())},
          {"force_calls", s.potential->force_calls()},
          {"output", nlohmann::json::object()}};
  if (!modulus_ok) {
    j["shear_modulus_warning"] = "no shear modulus: " + std::to_string(fit.points) + " samples at strain <= " +
                                 brief(sp.elastic) + " (shear.elastic_strain), " + std::to_string(kMinModulusPoints) +
                                 " needed; raise shear.max_strain or sample more often (shear.table_strain)";
    std::cerr << "shear: warning: " << j["shear_modulus_warning"].get<std::string>() << std::endl;
  }
  return j;
}

// Everything a shear run writes as it goes: the table, the inherent structures, restart points.
class ShearRecorder {
 public:
  ShearRecorder(const Input& in, const StrainRunRequest& rq, const ShearPlan& sp, const System& s,
                MolecularDynamics& md, MdOutput& out, std::unique_ptr<InherentSequenceWriter> seq)
      : sp_(sp), s_(s), md_(md), out_(out), seq_(std::move(seq)), mp_(minimize_params(in)) {
    const MdParams& p = sp.md;
    const auto* kept = sp.from ? &sp.from->text_bytes : nullptr;
    if (!rq.out.table.empty())
      table_ = TableWriter(rq.out.table, {"strain", "shear_stress_GPa", "T_K", "pe_eV", "P_GPa"},
                           "shear at " + brief(sp.rate_per_s) + " 1/s, T " + brief(p.t_start) + " K; shear_stress = -pxy",
                           kept_bytes(rq.out.table, kept));
    const double table_strain = rq.table_strain;
    if (table_strain < 0.0) throw InputError("key 'shear.table_strain' must not be negative");
    table_every_ = table_strain > 0.0 ? std::max(1L, std::lround(table_strain / (p.shear_rate * p.dt)))
                                      : in.get_int("output.thermo_every");
    if (seq_) seq_every_ = std::max(1L, std::lround(in.get_positive("shear.sequence_strain") / (p.shear_rate * p.dt)));
    if (sp.from) series = {sp.from->strain, sp.from->stress, sp.from->is_strain, sp.from->is_stress};
  }
  /// Whether at(k) reads the thermo of step k.
  bool observes(long k) const { return k % table_every_ == 0 || k == sp_.steps; }
  /// After step k (0: the start).
  void at(long k) {
    if (k % table_every_ == 0 || k == sp_.steps) sample();
    if (seq_ && (k % seq_every_ == 0 || k == sp_.steps)) quench_copy(k);
    if (k > 0 && !sp_.restart_path.empty() && (k % sp_.restart_every == 0 || k == sp_.steps)) save_restart();
  }
  bool has_sequence() const { return seq_ != nullptr; }
  ShearSeries series;

 private:
  void quench_copy(long k) {
    const Quenched q = quench(s_.config, *s_.potential, mp_);
    const double strain = md_.thermo().shear_strain;
    seq_->append({strain, static_cast<double>(k) * sp_.md.dt * 1e-12, q.energy, q.shear_stress,
                  positions_of(q.c)});
    series.is_strain.push_back(strain);
    series.is_stress.push_back(q.shear_stress);
  }
  void sample() {
    const Thermo t = md_.thermo();
    series.strain.push_back(t.shear_strain);
    series.stress.push_back(t.shear_stress());
    table_.row({t.shear_strain, t.shear_stress(), t.temperature, t.potential_energy,
                mean_pressure(t, s_.config.box.dimension)});
  }
  void save_restart() {
    MdRestart r;
    r.task = "shear";
    r.rate_per_s = sp_.rate_per_s;
    r.dt = sp_.md.dt;
    r.temperature = sp_.md.t_start;
    r.thermostat = sp_.md.thermostat;
    r.config = s_.config;
    r.md = md_.state();
    r.strain = series.strain;
    r.stress = series.stress;
    r.is_strain = series.is_strain;
    r.is_stress = series.is_stress;
    out_.sizes(r.text_bytes);
    if (table_.open()) r.text_bytes[table_.path()] = text_output_size(table_.path());
    if (seq_) {
      r.sequence_path = seq_->path();
      r.sequence_frames = seq_->size();
    }
    write_md_restart(sp_.restart_path, r);
  }
  const ShearPlan& sp_;
  const System& s_;
  MolecularDynamics& md_;
  MdOutput& out_;
  std::unique_ptr<InherentSequenceWriter> seq_;
  MinimizeParams mp_;
  TableWriter table_;
  long table_every_ = 1, seq_every_ = 1;
};

StrainRunResult shear_result(const StrainRunRequest& rq, const ShearPlan& sp, const ShearRecorder& rec,
                             const MolecularDynamics& md, const System& s, double wall) {
  const ShearSeries& g = rec.series;
  StrainRunResult r;
  r.method = "shear";
  r.nominal_rate = sp.rate_per_s;
  r.strain = g.strain;
  r.stress = g.stress;
  r.inherent_strain = g.is_strain;
  r.inherent_stress = g.is_stress;
  r.strain_reached = md.thermo().shear_strain;
  r.flow_from_strain = steady_flow_start(sp.max_strain);
  r.flow_stress = flow_stress(g.strain, g.stress, r.flow_from_strain);
  r.peak_stress = largest(g.stress);
  r.force_calls = s.potential->force_calls();
  r.wall_seconds = wall;
  r.report = shear_summary(sp, g, md, s, r.flow_from_strain);
  nlohmann::json& j = r.report;
  j["wall_seconds"] = wall;
  if (!rq.out.table.empty()) j["output"]["table"] = rq.out.table;
  if (rec.has_sequence()) {
    j["output"]["sequence"] = rq.out.sequence;
    j["flow_stress_inherent_GPa"] = flow_stress(g.is_strain, g.is_stress, r.flow_from_strain);
    j["inherent_structures"] = g.is_strain.size();
  }
  if (!sp.restart_path.empty()) j["output"]["restart"] = sp.restart_path;
  if (sp.from) j["resumed_from_strain"] = sp.from->md.strain;
  write_final(rq.out.data, s.config, "after metabasin shear to strain " + brief(md.thermo().shear_strain), j);
  return r;
}

// Velocities, then (resuming) the restart point's atoms and cell.
void shear_start(const Input& in, const StrainRunRequest& rq, const ShearPlan& sp, System& s) {
  initial_velocities(s.config, in, sp.md.t_start, rq.replica);
  if (!sp.from) return;
  s.config.x = sp.from->config.x;
  s.config.v = sp.from->config.v;
  s.config.image = sp.from->config.image;
  s.config.box = sp.from->config.box;
  std::cerr << "shear: resuming " << sp.restart_path << " at strain " << brief(sp.from->md.strain) << " (step "
            << sp.from->md.step << " of " << sp.steps << ")" << std::endl;
}

}  // namespace

double largest(const std::vector<double>& v) {
  double m = std::nan("");
  for (double x : v)
    if (std::isnan(m) || x > m) m = x;
  return m;
}

StrainRunResult run_shear_run(const Input& in, const StrainRunRequest& rq) {
  System s = load_system(in);
  const ShearPlan sp = shear_plan(in, rq, s);
  // The sequence holds the cell at strain 0, so it is opened before the restart's cell is set.
  std::unique_ptr<InherentSequenceWriter> seq;
  if (!rq.out.sequence.empty()) {
    seq = std::make_unique<InherentSequenceWriter>(rq.out.sequence, s.config, sp.from.has_value());
    if (sp.from) seq->cut_to(sp.from->sequence_frames);
  }
  shear_start(in, rq, sp, s);
  const long first = sp.from ? sp.from->md.step : 0;
  const double t0 = now();
  MolecularDynamics md(s.config, *s.potential, sp.md, sp.steps);
  if (sp.from) md.restore(sp.from->md);
  MdOutput out(in, rq.out, s, "shear", sp.steps, first, sp.from ? &sp.from->text_bytes : nullptr);
  ShearRecorder rec(in, rq, sp, s, md, out, std::move(seq));
  if (!sp.from) {
    out.record(md, s.config, 0);
    rec.at(0);
  }
  for (long k = first + 1; k <= sp.steps; ++k) {
    md.step(out.observes(k) || rec.observes(k));
    out.record(md, s.config, k);
    rec.at(k);
  }
  return shear_result(rq, sp, rec, md, s, now() - t0);
}

nlohmann::json run_shear(const Input& in) { return run_shear_run(in, shear_request(in)).report; }

namespace {

// task age: what one held run needs besides its strain.
struct AgePlan {
  MdParams md;
  MinimizeParams minimize;
  long steps = 0, every = 0;  // MD steps, and steps between two quenches
  double interval = 0.0;      // ps
};

AgePlan age_plan(const Input& in) {
  AgePlan a;
  a.md = md_params(in, true);
  if (a.md.barostat.style != "none")
    throw InputError("key 'md.barostat' must be none for task age (fixed strain and volume)");
  a.md.t_start = a.md.t_stop = temperature_key(in, "md.temperature");
  const double duration = in.get_positive("age.duration");
  a.interval = in.get_positive("age.interval");
  if (a.interval > duration)
    throw InputError("key 'age.interval' (" + brief(a.interval) + " ps) is longer than age.duration");
  a.minimize = minimize_params(in);
  a.steps = in.cap_steps(std::lround(duration / a.md.dt));
  a.every = std::max(1L, in.cap_steps(std::lround(a.interval / a.md.dt)) / (in.short_mode() ? 2 : 1));
  return a;
}

TableWriter age_table(const Input& in, const AgePlan& a) {
  if (!in.has("output.table")) return {};
  // T_target_K is the thermostat's temperature, the one `metabasin ageing` bins by (T_K is the
  // instantaneous temperature of the MD copy, which fluctuates).
  return TableWriter(in.get_path("output.table"),
                     {"strain", "time_ps", "E_IS_per_atom_eV", "shear_stress_IS_GPa", "pe_per_atom_eV", "T_K", "T_target_K"},
                     "ageing at " + brief(a.md.t_start) + " K; inherent structure every " + brief(a.interval) +
                         " ps; sample " + in.get_path("system.data") + ", md.seed " + std::to_string(a.md.seed));
}

// One run held at strain g: MD from the relaxed start, a quench every a.every steps (into the
// table, the JSON series and, when given, the sequence). Returns the run's JSON entry.
nlohmann::json age_at_strain(const Input& in, const AgePlan& a, const System& s, double g, TableWriter& table,
                             InherentSequenceWriter* seq) {
  const double n = static_cast<double>(s.config.size());
  Configuration c = s.config;
  apply_shear_xy(c, g);
  relax(c, *s.potential, a.minimize);
  c.v.clear();
  create_velocities(c, a.md.t_start, a.md.seed);
  MolecularDynamics md(c, *s.potential, a.md, a.steps);
  StepProgress progress("age (strain " + brief(g) + ")", a.steps, in.get_int("output.progress"));
  nlohmann::json series = nlohmann::json::array();
  auto quench_copy = [&](long k) {
    const Quenched q = quench(c, *s.potential, a.minimize);
    const Thermo t = md.thermo();
    table.row({g, k * a.md.dt, q.energy / n, q.shear_stress, t.potential_energy / n, t.temperature, a.md.t_start});
    series.push_back({{"time_ps", k * a.md.dt}, {"E_IS_per_atom", q.energy / n}, {"shear_stress_IS_GPa", q.shear_stress}});
    if (seq)
      seq->append({g, static_cast<double>(k) * a.md.dt * 1e-12, q.energy, q.shear_stress,
                   positions_of(q.c)});
  };
  quench_copy(0);
  for (long k = 1; k <= a.steps; ++k) {
    md.step(progress.due(k) || k % a.every == 0);
    if (progress.due(k)) progress.update(k, detail(md.thermo(), c.box.dimension));
    if (k % a.every == 0) quench_copy(k);
  }
  const double first = series.front()["E_IS_per_atom"], last = series.back()["E_IS_per_atom"];
  return {{"strain", g},
          {"E_IS_per_atom_start", first},
          {"E_IS_per_atom_end", last},
          {"E_IS_change_per_atom", last - first},
          {"series", series}};
}

}  // namespace

nlohmann::json run_age(const Input& in) {
  System s = load_system(in);
  const AgePlan a = age_plan(in);
  const double gamma = in.get_real("age.strain");
  std::vector<double> strains{gamma};
  if (in.get_bool("age.unstrained") && gamma != 0.0) strains.push_back(0.0);
  // A sequence is one run (the nonaffine distances compare its frames with each other).
  if (in.has("output.sequence") && strains.size() > 1)
    throw InputError("key 'output.sequence' holds one run: with age.strain non-zero, set age.unstrained: false "
                     "(the unstrained comparison is its own run, age.strain: 0)");
  std::unique_ptr<InherentSequenceWriter> seq;
  if (in.has("output.sequence"))  // the cell at strain 0 is the data file's
    seq = std::make_unique<InherentSequenceWriter>(in.get_path("output.sequence"), s.config, false);
  TableWriter table = age_table(in, a);
  const double t0 = now();
  nlohmann::json runs = nlohmann::json::array();
  for (double g : strains) runs.push_back(age_at_strain(in, a, s, g, table, seq.get()));
  nlohmann::json j = {{"task", "age"},
                      {"natoms", s.config.size()},
                      {"temperature", a.md.t_start},
                      {"duration_ps", in.get_positive("age.duration")},
                      {"runs", runs},
                      {"force_calls", s.potential->force_calls()},
                      {"wall_seconds", now() - t0},
                      {"output", nlohmann::json::object()}};
  if (in.has("output.table")) j["output"]["table"] = in.get_path("output.table");
  if (seq) j["output"]["sequence"] = seq->path();
  return j;
}

}  // namespace metabasin
