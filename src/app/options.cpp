// SPDX-License-Identifier: BSD-3-Clause
#include "options.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "active_region.hpp"
#include "error.hpp"
#include "number_format.hpp"
#include "state_distance.hpp"

namespace metabasin {

namespace {

/// The index of the atom with ID `id`; InputError naming `key` when the data file lacks it.
std::size_t atom_index(const Configuration& c, long id, const std::string& key) {
  const auto it = std::find(c.ids.begin(), c.ids.end(), id);
  if (it == c.ids.end())
    throw InputError("key '" + key + "' names atom ID " + std::to_string(id) + ", which the data file does not have");
  return static_cast<std::size_t>(it - c.ids.begin());
}

}  // namespace

double temperature_key(const Input& in, const std::string& key) {
  if (!in.has(key)) throw InputError("key '" + key + "' is required for task " + in.get_string("task"));
  const double t = in.get_real(key);
  if (!(t >= 0.0)) throw InputError("key '" + key + "' must not be negative (K), got " + brief(t));
  return t;
}

OutputFiles output_files(const Input& in) {
  auto path = [&](const char* key) { return in.has(key) ? in.get_path(key) : std::string(); };
  OutputFiles f;
  f.table = path("output.table");
  f.sequence = path("output.sequence");
  f.catalog = path("output.catalog");
  f.data = path("output.data");
  f.thermo = path("output.thermo");
  f.dump = path("output.dump");
  f.xyz = path("output.xyz");
  return f;
}

MinimizeParams minimize_params(const Input& in) {
  MinimizeParams p;
  p.method = in.get_string("minimize.method");
  p.fmax = in.get_real("minimize.fmax");
  p.etol = in.get_real("minimize.etol");
  p.max_iterations = in.get_int("minimize.max_iterations");
  p.max_force_calls = in.get_int("minimize.max_force_calls");
  p.max_move = in.get_real("minimize.max_move");
  p.dt = in.get_real("minimize.dt");
  p.memory = static_cast<int>(in.get_int("minimize.memory"));
  if (in.short_mode()) p.max_iterations = std::min(p.max_iterations, Input::kShortIterations);
  return p;
}

MdParams md_params(const Input& in, bool need_thermostat) {
  MdParams p;
  p.dt = in.get_real("md.dt");
  p.thermostat = in.get_string("md.thermostat");
  if (need_thermostat && p.thermostat == "none")
    throw InputError("key 'md.thermostat' must be nose-hoover or langevin for task " + in.get_string("task"));
  p.t_damp = in.get_real("md.tdamp");
  p.chain = static_cast<int>(in.get_int("md.chain"));
  p.barostat.style = in.get_string("md.barostat");
  p.barostat.pressure = in.get_real("md.pressure");
  p.barostat.damp = in.get_real("md.pdamp");
  p.barostat.compressibility = in.get_real("md.compressibility");
  p.seed = static_cast<unsigned>(in.get_int("md.seed"));
  return p;
}

ArtParams art_params(const Input& in, const System& s) {
  ArtParams p;
  p.push_radius = in.get_real("art.push_radius");
  p.push_step = in.get_real("art.push_step");
  p.max_push_steps = static_cast<int>(in.get_int("art.max_push_steps"));
  p.eigenvalue_threshold = in.get_real("art.eigenvalue_threshold");
  p.saddle.fmax = in.get_real("art.fmax");
  if (!in.has("art.fmax")) p.saddle.fmax = std::max(p.saddle.fmax, least_attainable_fmax(*s.potential));
  p.saddle.max_iterations = in.get_int("art.max_iterations");
  p.saddle.max_move = in.get_real("art.max_move");
  p.side_step = in.get_real("art.side_step");
  p.same_state_tolerance = in.get_real("art.same_state_tolerance");
  p.same_state_barrier = in.get_real("art.same_state_barrier");
  p.region_radius = in.get_real("art.region_radius");
  if (p.region_radius > 0.0 && p.region_radius < p.push_radius)
    throw InputError("key 'art.region_radius' (" + brief(p.region_radius) +
                     " A) must be 0 (the whole sample moves) or at least art.push_radius (" + brief(p.push_radius) +
                     " A): the pushed atoms move");
  p.event_radius = in.get_real("art.event_radius");
  if (p.event_radius > 0.0 && p.event_radius < p.push_radius)
    throw InputError("key 'art.event_radius' (" + brief(p.event_radius) +
                     " A) must be 0 (the whole sample) or at least art.push_radius (" + brief(p.push_radius) +
                     " A): the pushed atoms are part of the event");
  p.relax = minimize_params(in);
  return p;
}

ArtBatchParams art_batch_params(const Input& in, const System& s) {
  ArtBatchParams b;
  b.searches = in.get_int("art.searches");
  if (in.short_mode()) b.searches = std::min(b.searches, Input::kShortSearches);
  b.seed = static_cast<unsigned>(in.get_int("art.seed"));
  b.resume = in.get_bool("art.resume");
  if (in.has("art.centres") && in.has("art.cover_spacing"))
    throw InputError("give either 'art.centres' or 'art.cover_spacing', not both");
  if (in.has("art.centres"))
    for (long id : in.get_ints("art.centres")) b.centres.push_back(atom_index(s.config, id, "art.centres"));
  if (in.has("art.cover_spacing"))
    b.centres = covering_centres(s.config, in.get_real("art.cover_spacing"), b.seed);
  b.minimum_fmax = in.get_real("art.minimum_fmax");
  b.prefactor = in.get_real("art.prefactor");
  b.vineyard_radius = in.get_real("art.vineyard_radius");
  b.duplicate.energy = in.get_real("art.duplicate_energy");
  b.duplicate.distance = in.get_real("art.duplicate_distance");
  b.duplicate.rigid = free_rigid_motions(s.config.box, *s.potential);
  if (in.has("art.coverage") != in.has("art.coverage_up_to"))
    throw InputError("keys 'art.coverage' and 'art.coverage_up_to' go together");
  if (in.has("art.coverage")) b.until = CoverageTarget{in.get_real("art.coverage_up_to"), in.get_real("art.coverage")};
  return b;
}

NebParams neb_params(const Input& in) {
  NebParams p;
  p.images = static_cast<int>(in.get_int("neb.images"));
  p.spring = in.get_real("neb.spring");
  p.climbing = in.get_bool("neb.climbing");
  p.climb_fmax = in.get_real("neb.climb_fmax");
  p.fmax = in.get_real("neb.fmax");
  p.max_iterations = in.get_int("neb.max_iterations");
  p.max_move = in.get_real("neb.max_move");
  p.optimizer = in.get_string("neb.optimizer");
  return p;
}

AbcParams abc_params(const Input& in, const System& s) {
  AbcParams p;
  p.penalty.form = in.get_string("abc.penalty");
  p.penalty.height = in.get_real("abc.height");
  p.penalty.width = in.get_real("abc.width");
  if (in.has("abc.atoms"))
    for (long id : in.get_ints("abc.atoms")) p.penalty.atoms.push_back(atom_index(s.config, id, "abc.atoms"));
  if (in.has("abc.region_centre") != in.has("abc.region_radius"))
    throw InputError("keys 'abc.region_centre' and 'abc.region_radius' go together");
  if (in.has("abc.region_centre")) {
    if (in.has("abc.atoms")) throw InputError("give either 'abc.atoms' or 'abc.region_centre', not both");
    const std::size_t centre = atom_index(s.config, in.get_int("abc.region_centre"), "abc.region_centre");
    p.penalty.atoms = atoms_near(s.config, s.config.position(centre), in.get_real("abc.region_radius"));
  }
  p.max_penalties = static_cast<int>(in.get_int("abc.max_penalties"));
  if (in.short_mode()) p.max_penalties = std::min<int>(p.max_penalties, 20);
  const double q0 = in.get_real("abc.q0");
  if (q0 > 0.0) p.q0 = q0;  // 0: no barrier limit
  p.kick = in.get_real("abc.kick");
  p.seed = static_cast<unsigned>(in.get_int("abc.seed"));
  p.same_state_tolerance = in.get_real("abc.same_state_tolerance");
  p.relax = minimize_params(in);
  p.penalized_fmax = in.get_real("abc.penalized_fmax");
  p.refine_saddles = in.get_bool("abc.refine");
  p.refine.fmax = in.get_real("abc.fmax");
  p.refine.max_move = in.get_real("abc.max_move");
  return p;
}

ReevaluationParams reevaluation_params(const Input& in) {
  ReevaluationParams p;
  p.relax = minimize_params(in);
  p.refine.fmax = in.get_real("reevaluate.fmax");
  p.refine.max_move = in.get_real("reevaluate.max_move");
  p.same_state_tolerance = in.get_real("reevaluate.same_state_tolerance");
  p.side_step = 0.2;  // A, as ART's default
  p.max_increment = in.get_real("reevaluate.max_increment");
  p.jump_barrier_tolerance = in.get_real("reevaluate.jump_barrier_tolerance");
  return p;
}

StrainSteps reevaluation_steps(const Input& in) {
  StrainSteps s;
  s.increment = in.get_real("reevaluate.increment");
  // A zero step is no interval, which a range cannot say; the schema has checked it is finite.
  if (s.increment == 0.0) throw InputError("key 'reevaluate.increment' must be non-zero");
  s.steps = in.get_int("reevaluate.steps");
  if (in.has("reevaluate.from")) s.from = in.get_real("reevaluate.from");
  return s;
}

TortuosityParams tortuosity_params(const Input& in) {
  TortuosityParams p;
  p.neb = neb_params(in);
  p.max_barrier = in.get_real("tortuosity.max_barrier");
  if (in.has("tortuosity.strains")) p.strains = in.get_reals("tortuosity.strains");
  p.moving_displacement = in.get_real("tortuosity.moving_displacement");  // the schema keeps it positive
  if (in.short_mode()) {
    p.neb.max_iterations = std::min(p.neb.max_iterations, Input::kShortIterations);
    p.max_paths = Input::kShortSearches;
  }
  return p;
}

StateTolerances catalog_tolerances(const Input& in, const System& s) {
  StateTolerances tol;
  tol.energy = in.get_real("catalog.energy_tolerance");
  tol.distance = in.get_real("catalog.distance_tolerance");
  tol.rigid = free_rigid_motions(s.config.box, *s.potential);
  return tol;
}

}  // namespace metabasin
