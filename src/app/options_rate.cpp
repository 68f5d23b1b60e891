// SPDX-License-Identifier: BSD-3-Clause
#include "options_rate.hpp"

#include <algorithm>
#include <cmath>

#include "error.hpp"
#include "number_format.hpp"
#include "metadynamics.hpp"
#include "options.hpp"

namespace metabasin {

StrainRunRequest shear_request(const Input& in) {
  StrainRunRequest rq;
  rq.rate = in.get_positive("shear.rate");
  rq.max_strain = in.get_positive("shear.max_strain");
  rq.temperature = temperature_key(in, "md.temperature");
  rq.table_strain = in.get_real("shear.table_strain");
  if (rq.table_strain < 0.0) throw InputError("key 'shear.table_strain' must not be negative");
  rq.restart = in.has("shear.restart") ? in.get_path("shear.restart") : "";
  rq.resume = in.get_bool("shear.resume");
  if (rq.resume && rq.restart.empty())
    throw InputError("key 'shear.resume' needs shear.restart (the file to continue from)");
  rq.out = output_files(in);
  return rq;
}

StrainRunRequest metadynamics_request(const Input& in) {
  StrainRunRequest rq;
  if (in.has("metadynamics.q0") == in.has("metadynamics.rate"))
    throw InputError("give exactly one of 'metadynamics.q0' (eV) and 'metadynamics.rate' (1/s)");
  if (in.has("metadynamics.q0"))
    rq.q0 = in.get_positive("metadynamics.q0");
  else
    rq.rate = in.get_positive("metadynamics.rate");
  rq.max_strain = in.get_positive("metadynamics.max_strain");
  rq.temperature = in.get_positive("metadynamics.temperature");
  rq.resume = in.get_bool("metadynamics.resume");
  rq.out = output_files(in);
  if (rq.resume && rq.out.sequence.empty()) throw InputError("key 'metadynamics.resume' needs output.sequence");
  return rq;
}

StrainRunRequest kmc_request(const Input& in) {
  StrainRunRequest rq;
  rq.rate = in.get_positive("kmc.rate");
  if (in.has("kmc.hold_time") && in.has("kmc.max_strain"))
    throw InputError("give one of 'kmc.max_strain' (a loaded walk) and 'kmc.hold_time' (a walk held at its strain)");
  // A held walk is not loaded: no strain to run to.
  rq.max_strain = in.has("kmc.hold_time") ? 0.0 : in.get_positive("kmc.max_strain");
  rq.temperature = in.get_positive("kmc.temperature");
  rq.resume = in.get_bool("kmc.resume");
  rq.out = output_files(in);
  if (rq.out.catalog.empty())
    throw InputError("key 'output.catalog' is required for task kmc: the catalog the rates come from and grow into");
  if (rq.resume && rq.out.sequence.empty())
    throw InputError("key 'kmc.resume' needs output.sequence (the frames the walk continues from)");
  return rq;
}

KmcParams kmc_params(const Input& in, const StrainRunRequest& rq) {
  KmcParams p;
  p.strain_rate = rq.rate;
  p.strain_increment = in.get_positive("kmc.strain_increment");
  p.target_strain = rq.max_strain;
  if (in.short_mode()) p.target_strain = std::min(p.target_strain, 2 * p.strain_increment);
  if (in.has("kmc.hold_time")) {
    // Held: windows as long as the loaded walk's at kmc.rate, and no load.
    p.hold_window = p.strain_increment / rq.rate;
    p.strain_rate = 0.0;
    p.max_time = in.get_positive("kmc.hold_time");
    if (in.short_mode()) p.max_time = std::min(p.max_time, 2 * p.hold_window);
  }
  p.max_steps = in.get_int("kmc.max_steps");
  if (in.short_mode()) p.max_steps = std::min(p.max_steps, Input::kShortKmcSteps);
  p.superbasins = in.get_bool("kmc.superbasins");
  p.flicker_barrier = in.get_positive("kmc.flicker_barrier");
  p.flicker_visits = static_cast<int>(in.get_int("kmc.flicker_visits"));
  p.flicker_per_window = in.get_real("kmc.flicker_per_window");
  p.seed = static_cast<unsigned long>(in.get_int("kmc.seed")) + rq.replica;
  check_kmc_params(p);
  return p;
}

namespace {

// How the catalog grows: the search method, its sampler's settings, where it searches.
void search_params(const Input& in, const System& s, CatalogKmcParams& cp) {
  cp.search = abc_params(in, s);
  cp.searches = static_cast<int>(in.get_int("kmc.searches"));
  if (cp.searches < 1) throw InputError("key 'kmc.searches' must be at least 1");
  if (in.short_mode()) cp.searches = static_cast<int>(std::min<long>(cp.searches, Input::kShortSearches));
  cp.search_patience = static_cast<int>(in.get_int("kmc.search_patience"));
  if (cp.search_patience < 0) throw InputError("key 'kmc.search_patience' must not be negative");
  cp.search_region_radius = in.get_real("kmc.search_region_radius");
  if (cp.search_region_radius < 0.0) throw InputError("key 'kmc.search_region_radius' must not be negative");
  cp.search_method = in.get_string("kmc.search_method");
  if (cp.search_method != "abc" && cp.search_region_radius > 0.0)
    throw InputError("key 'kmc.search_region_radius' picks ABC's penalized atoms; with kmc.search_method " +
                     cp.search_method + " it has no meaning (art pushes the atoms within art.push_radius of a random "
                     "atom, md moves every atom)");
  cp.carry_reach = in.get_real("kmc.carry_reach");
  if (!std::isfinite(cp.carry_reach) || cp.carry_reach < 0.0)
    throw InputError("key 'kmc.carry_reach' must be a finite number >= 0 (A)");
  if (cp.carry_reach > 0.0 && cp.search_method != "art" && cp.search_method != "softmode")
    throw InputError("key 'kmc.carry_reach' carries events refined as ART refines them; it needs kmc.search_method "
                     "art or softmode (here " + cp.search_method + ")");
  cp.search_time_method = in.get_string("kmc.search_time_method");
  auto uses = [&](const char* m) { return cp.search_method == m || cp.search_time_method == m; };
  if (uses("art") || uses("softmode")) cp.art = art_params(in, s);
  if (cp.search_method == "md") {
    cp.dynamics.temperature = cp.temperature;
    cp.dynamics.dt = in.get_positive("md.dt");
    cp.dynamics.t_damp = in.get_positive("md.tdamp");
    cp.dynamics.check_interval = in.get_positive("kmc.md_search_check");
    cp.dynamics.max_time = in.get_positive("kmc.md_search_time");
    cp.dynamics.follow = in.get_bool("kmc.md_search_follow");
    if (cp.dynamics.check_interval < cp.dynamics.dt)
      throw InputError("key 'kmc.md_search_check' (" + brief(cp.dynamics.check_interval) +
                       " ps) must be at least one MD step (md.dt " + brief(cp.dynamics.dt) + " ps)");
  }
}

// Vineyard prefactors, marginal minima, the searches the walk's time starts.
void walk_params(const Input& in, CatalogKmcParams& cp) {
  cp.vineyard_radius = in.get_real("kmc.vineyard_radius");
  if (cp.vineyard_radius < 0.0) throw InputError("key 'kmc.vineyard_radius' must not be negative");
  cp.vineyard_soft_amplitude = in.get_real("kmc.vineyard_soft_amplitude");
  if (cp.vineyard_soft_amplitude < 0.0) throw InputError("key 'kmc.vineyard_soft_amplitude' must not be negative");
  if (cp.vineyard_soft_amplitude > 0.0 && !(cp.vineyard_radius > 0.0))
    throw InputError("key 'kmc.vineyard_soft_amplitude' needs kmc.vineyard_radius > 0 (it caps the Vineyard entropy)");
  if (cp.search_region_radius > 0.0 && (in.has("abc.atoms") || in.has("abc.region_centre")))
    throw InputError("key 'kmc.search_region_radius' picks the penalized atoms itself; drop abc.atoms / abc.region_centre");
  cp.marginal_barrier = in.get_real("kmc.marginal_barrier");
  if (!std::isfinite(cp.marginal_barrier) || cp.marginal_barrier < 0.0)
    throw InputError("key 'kmc.marginal_barrier' must be a finite number >= 0 (eV)");
  cp.search_time_ratio = in.get_real("kmc.search_time_ratio");
  if (!std::isfinite(cp.search_time_ratio) || cp.search_time_ratio < 0.0)
    throw InputError("key 'kmc.search_time_ratio' must be a finite number >= 0");
  if (cp.search_time_ratio > 0.0 && cp.search_method != "md")
    throw InputError("key 'kmc.search_time_ratio' compares the walk's time with the MD time of dynamics searches; it "
                     "needs kmc.search_method md (here " + cp.search_method + ")");
  if (in.has("kmc.search_time_method") && !(cp.search_time_ratio > 0.0))
    throw InputError("key 'kmc.search_time_method' picks the searches kmc.search_time_ratio starts; set that ratio too");
  cp.search_time_rounds = static_cast<int>(in.get_int("kmc.search_time_rounds"));
  if (cp.search_time_rounds < 1) throw InputError("key 'kmc.search_time_rounds' must be at least 1");
  if (in.short_mode()) cp.search_time_rounds = 1;
  cp.reevaluation = reevaluation_params(in);
}

}  // namespace

CatalogKmcParams catalog_kmc_params(const Input& in, const System& s, const StrainRunRequest& rq) {
  CatalogKmcParams cp;
  cp.temperature = rq.temperature;
  cp.prefactor = in.get_positive("kmc.prefactor");
  cp.min_exits = static_cast<int>(in.get_int("kmc.min_exits"));
  if (cp.min_exits < 0) throw InputError("key 'kmc.min_exits' must not be negative");
  cp.window_searches = static_cast<int>(in.get_int("kmc.window_searches"));
  cp.search_confined = in.get_bool("kmc.search_confined");
  if (cp.window_searches < 0) throw InputError("key 'kmc.window_searches' must not be negative");
  search_params(in, s, cp);
  cp.search.seed += rq.replica;  // it seeds ART's and dynamics searches too
  walk_params(in, cp);
  return cp;
}

namespace {

// Q0 and the strain rate it stands for: the input gives one of them.
void rate_and_q0(const Input& in, const StrainRunRequest& rq, MetadynamicsParams& p) {
  const double gdot0 = in.get_positive("metadynamics.rate_prefactor");
  const double a = in.get_real("metadynamics.a");
  if (!(a < 1.0)) throw InputError("key 'metadynamics.a' must be below 1 (Q = (1 - a) Q0 must stay positive)");
  if (std::isnan(rq.q0) == std::isnan(rq.rate))
    throw InputError("give exactly one of 'metadynamics.q0' (eV) and 'metadynamics.rate' (1/s)");
  if (!std::isnan(rq.q0)) {
    p.abc.q0 = rq.q0;
    p.strain_rate = metadynamics_strain_rate(p.abc.q0, gdot0, a, p.temperature);
  } else {
    p.strain_rate = rq.rate;
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

MetadynamicsParams metadynamics_params(const Input& in, const System& s, const StrainRunRequest& rq) {
  MetadynamicsParams p;
  if (in.has("abc.q0")) throw InputError("key 'abc.q0' is set by metadynamics.q0 or metadynamics.rate in task metadynamics");
  p.abc = abc_params(in, s);
  p.relax = minimize_params(in);
  p.abc.seed += rq.replica;
  p.temperature = rq.temperature;
  rate_and_q0(in, rq, p);
  p.strain_increment = in.get_positive("metadynamics.strain_increment");
  p.max_strain = rq.max_strain;
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
  p.seed = static_cast<unsigned long>(in.get_int("metadynamics.seed")) + rq.replica;
  p.q0_from_deepest = in.get_string("metadynamics.q0_measure") == "deepest";
  p.harmonic_weights = in.get_string("metadynamics.weights") == "harmonic";
  p.reach_steps = static_cast<int>(in.get_int("metadynamics.reach_steps"));
  if (p.reach_steps < 0) throw InputError("key 'metadynamics.reach_steps' must not be negative");
  p.require_minima = !in.short_mode();  // short mode caps minimizer iterations
  return p;
}

}  // namespace metabasin
