// SPDX-License-Identifier: BSD-3-Clause
#include "options_rate.hpp"

#include <cmath>

#include "error.hpp"
#include "number_format.hpp"
#include "options.hpp"

namespace metabasin {

KmcParams kmc_params(const Input& in) {
  KmcParams p;
  p.strain_rate = in.get_positive("kmc.rate");
  p.strain_increment = in.get_positive("kmc.strain_increment");
  p.target_strain = in.get_positive("kmc.max_strain");
  if (in.short_mode()) p.target_strain = std::min(p.target_strain, 2 * p.strain_increment);
  p.max_steps = in.get_int("kmc.max_steps");
  p.superbasins = in.get_bool("kmc.superbasins");
  p.flicker_barrier = in.get_positive("kmc.flicker_barrier");
  p.flicker_visits = static_cast<int>(in.get_int("kmc.flicker_visits"));
  p.flicker_per_window = in.get_real("kmc.flicker_per_window");
  p.seed = static_cast<unsigned long>(in.get_int("kmc.seed"));
  check_kmc_params(p);
  return p;
}

namespace {

// How the catalog grows: the search method, its sampler's settings, where it searches.
void search_params(const Input& in, const System& s, CatalogKmcParams& cp) {
  cp.search = abc_params(in, s);
  cp.searches = static_cast<int>(in.get_int("kmc.searches"));
  if (cp.searches < 1) throw InputError("key 'kmc.searches' must be at least 1");
  cp.search_patience = static_cast<int>(in.get_int("kmc.search_patience"));
  if (cp.search_patience < 0) throw InputError("key 'kmc.search_patience' must not be negative");
  cp.search_region_radius = in.get_real("kmc.search_region_radius");
  if (cp.search_region_radius < 0.0) throw InputError("key 'kmc.search_region_radius' must not be negative");
  cp.search_method = in.get_string("kmc.search_method");
  if (cp.search_method != "abc" && cp.search_region_radius > 0.0)
    throw InputError("key 'kmc.search_region_radius' picks ABC's penalized atoms; with kmc.search_method " +
                     cp.search_method + " it has no meaning (art pushes the atoms within art.push_radius of a random "
                     "atom, md moves every atom)");
  cp.search_time_method = in.get_string("kmc.search_time_method");
  auto uses = [&](const char* m) { return cp.search_method == m || cp.search_time_method == m; };
  if (uses("art") || uses("softmode")) cp.art = art_params(in);
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
  cp.reevaluation = reevaluation_params(in);
}

}  // namespace

CatalogKmcParams catalog_kmc_params(const Input& in, const System& s) {
  CatalogKmcParams cp;
  cp.temperature = in.get_positive("kmc.temperature");
  cp.prefactor = in.get_positive("kmc.prefactor");
  cp.min_exits = static_cast<int>(in.get_int("kmc.min_exits"));
  if (cp.min_exits < 0) throw InputError("key 'kmc.min_exits' must not be negative");
  cp.window_searches = static_cast<int>(in.get_int("kmc.window_searches"));
  cp.search_confined = in.get_bool("kmc.search_confined");
  if (cp.window_searches < 0) throw InputError("key 'kmc.window_searches' must not be negative");
  search_params(in, s, cp);
  walk_params(in, cp);
  return cp;
}

}  // namespace metabasin
