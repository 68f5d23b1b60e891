// SPDX-License-Identifier: BSD-3-Clause
#include "input_schema.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "number_format.hpp"
#include "setup.hpp"

namespace metabasin {

std::vector<std::string> task_names() {
  return {
#undef METABASIN_TASK
#define METABASIN_TASK(name, function, outputs, summary) name,
#include "task_styles.inc"
#undef METABASIN_TASK
  };
}

bool ValueRange::contains(double v) const {
  if (min && (min_open ? !(v > *min) : !(v >= *min))) return false;
  if (max && (max_open ? !(v < *max) : !(v <= *max))) return false;
  return true;
}

std::string ValueRange::describe() const {
  if (min && !max) {
    if (*min == 0.0) return min_open ? "positive" : "not negative";
    return std::string(min_open ? "above " : "at least ") + brief(*min);
  }
  if (max && !min) {
    if (*max == 0.0) return max_open ? "negative" : "not positive";
    return std::string(max_open ? "below " : "at most ") + brief(*max);
  }
  if (min && max)
    return std::string("in ") + (min_open ? "(" : "[") + brief(*min) + ", " + brief(*max) + (max_open ? ")" : "]");
  return "any number";
}

namespace {

ValueRange positive() { return {0.0, std::nullopt, true, false}; }
ValueRange not_negative() { return {0.0, std::nullopt, false, false}; }
ValueRange negative() { return {std::nullopt, 0.0, false, true}; }
ValueRange at_least(double v) { return {v, std::nullopt, false, false}; }

/// The range of each number option that has one; the tasks and the options layer rely on it.
const std::vector<std::pair<std::string, ValueRange>>& ranges() {
  static const std::vector<std::pair<std::string, ValueRange>> r = {
      {"system.min_distance", not_negative()},
      {"potential.skin", not_negative()},
      {"minimize.fmax", positive()},
      {"minimize.etol", not_negative()},
      {"minimize.max_iterations", not_negative()},
      {"minimize.max_force_calls", at_least(1)},
      {"minimize.max_move", positive()},
      {"minimize.dt", positive()},
      {"minimize.memory", at_least(1)},
      {"md.dt", positive()},
      {"md.tdamp", positive()},
      {"md.chain", at_least(1)},
      {"md.pdamp", positive()},
      {"md.compressibility", positive()},
      {"art.searches", at_least(1)},
      {"art.push_radius", positive()},
      {"art.push_step", positive()},
      {"art.eigenvalue_threshold", negative()},
      {"art.fmax", positive()},
      {"art.max_move", positive()},
      {"art.side_step", positive()},
      {"art.same_state_tolerance", positive()},
      {"art.same_state_barrier", not_negative()},
      {"art.minimum_fmax", positive()},
      {"art.prefactor", positive()},
      {"art.vineyard_radius", not_negative()},
      {"art.region_radius", not_negative()},
      {"art.event_radius", not_negative()},
      {"art.cover_spacing", positive()},
      {"art.coverage", {0.0, 1.0, true, true}},
      {"art.coverage_up_to", positive()},
      {"art.duplicate_energy", positive()},
      {"art.duplicate_distance", positive()},
      {"abc.height", positive()},
      {"abc.width", positive()},
      {"abc.region_radius", positive()},
      {"abc.max_penalties", at_least(1)},
      {"abc.q0", not_negative()},
      {"abc.kick", not_negative()},
      {"abc.same_state_tolerance", positive()},
      {"abc.penalized_fmax", positive()},
      {"abc.fmax", positive()},
      {"abc.max_move", positive()},
      {"reevaluate.steps", at_least(1)},
      {"reevaluate.fmax", positive()},
      {"reevaluate.max_move", positive()},
      {"reevaluate.same_state_tolerance", positive()},
      {"reevaluate.max_increment", positive()},
      {"reevaluate.jump_barrier_tolerance", positive()},
      {"tortuosity.max_barrier", positive()},
      {"tortuosity.moving_displacement", positive()},
      {"catalog.energy_tolerance", positive()},
      {"catalog.distance_tolerance", positive()},
      {"neb.images", at_least(1)},
      {"neb.spring", positive()},
      {"neb.climb_fmax", positive()},
      {"neb.fmax", positive()},
      {"neb.max_move", positive()},
      {"output.every", at_least(1)},
      {"output.progress", not_negative()},
  };
  return r;
}

std::vector<OptionSpec> with_ranges(std::vector<OptionSpec> schema) {
  for (const auto& entry : ranges()) {
    // Not a structured binding: a lambda may not capture one before C++20 (clang refuses it).
    const std::string& key = entry.first;
    auto it = std::find_if(schema.begin(), schema.end(), [&](const OptionSpec& o) { return o.key == key; });
    if (it == schema.end() || (it->type != OptionType::Integer && it->type != OptionType::Real))
      throw std::logic_error("schema range for '" + key + "', which is not a number option");
    it->range = entry.second;
  }
  return schema;
}

}  // namespace

const std::vector<OptionSpec>& input_schema() {
  using T = OptionType;
  static const std::vector<OptionSpec> schema = with_ranges({
      {"task", T::String, "", true, "What to run.", task_names()},

      {"system.data", T::Path, "", true, "LAMMPS data file (atom_style atomic), relative to the input file.", {}},
      {"system.dimension", T::Integer, "3", false, "2 or 3. In 2D all z coordinates must be 0.", {}},
      {"system.boundary",
       T::Boundary,
       "[p, p, p]",
       false,
       "Per direction p (periodic) or f (open), as the LAMMPS boundary command. Use [f, f, f] for clusters.",
       {}},
      {"system.min_distance",
       T::Real,
       "",
       false,
       "Atoms closer than this (A) are rejected as overlapping. Default: 0.5 sigma for lj, 1 A for eam.",
       {}},

      {"potential.style", T::String, "", true, "Interaction style.", potential_style_names()},
      {"potential.elements",
       T::StringList,
       "",
       false,
       "Element of each data-file type, in type order, as LAMMPS pair_coeff (required for lj and eam).",
       {}},
      {"potential.file", T::Path, "", false, "EAM table (setfl for eam/alloy, Finnis-Sinclair for eam/fs).", {}},
      {"potential.pairs",
       T::PairList,
       "",
       false,
       "lj: one entry {types: [A, B], epsilon: eV, sigma: A, cutoff: A} per unordered pair of elements.",
       {}},
      {"potential.shift",
       T::Boolean,
       "false",
       false,
       "lj: shift pair energies to zero at the cutoff (pair_modify shift yes).",
       {}},
      {"potential.skin",
       T::Real,
       "1.0",
       false,
       "Neighbor-list skin (A); lists are rebuilt when an atom moved skin/2.",
       {}},

      {"minimize.method", T::String, "fire", false, "Minimizer.", {"fire", "lbfgs"}},
      {"minimize.fmax", T::Real, "1e-6", false, "Stop when the largest atomic force norm is below this (eV/A).", {}},
      {"minimize.etol",
       T::Real,
       "0",
       false,
       "Stop when the relative energy change of an iteration is below this (0: off).",
       {}},
      {"minimize.max_iterations", T::Integer, "100000", false, "Stop after this many iterations.", {}},
      {"minimize.max_force_calls", T::Integer, "1000000", false, "Stop after this many force calls.", {}},
      {"minimize.max_move", T::Real, "0.2", false, "Largest displacement of one atom in one step (A).", {}},
      {"minimize.dt", T::Real, "0.05", false, "FIRE initial time step (unit mass); dt_max = 10 dt.", {}},
      {"minimize.memory", T::Integer, "10", false, "L-BFGS: number of stored curvature pairs.", {}},

      {"md.dt", T::Real, "0.002", false, "Time step (ps).", {}},
      {"md.steps", T::Integer, "", false, "task md: number of steps.", {}},
      {"md.thermostat",
       T::String,
       "none",
       false,
       "none is NVE (md task); quench, shear and age need a thermostat.",
       {"none", "nose-hoover", "langevin"}},
      {"md.temperature", T::Real, "", false, "Target temperature (K): md, shear, age.", {}},
      {"md.temperature_stop",
       T::Real,
       "",
       false,
       "task md: ramp the target linearly to this (K). Default: no ramp.",
       {}},
      {"md.tdamp", T::Real, "0.1", false, "Thermostat relaxation time (ps).", {}},
      {"md.chain", T::Integer, "3", false, "Nose-Hoover chain length.", {}},
      {"md.barostat",
       T::String,
       "none",
       false,
       "Stochastic cell rescaling at md.pressure: iso, or aniso (each periodic axis independently).",
       {"none", "iso", "aniso"}},
      {"md.pressure", T::Real, "0", false, "Target pressure (GPa).", {}},
      {"md.pdamp", T::Real, "1.0", false, "Barostat relaxation time (ps).", {}},
      {"md.compressibility", T::Real, "0.01", false, "Compressibility assumed by the barostat (1/GPa).", {}},
      {"md.velocity_temperature",
       T::Real,
       "",
       false,
       "Create Maxwell-Boltzmann velocities at this temperature (K). Default: keep the data file's velocities, "
       "else (none, or all zero as a minimization writes them) create them at the target temperature.",
       {}},
      {"md.seed",
       T::Integer,
       "12345",
       false,
       "Seed of velocities, Langevin and barostat noise (runs are reproducible).",
       {}},

      {"quench.t_high", T::Real, "", false, "Melt temperature (K).", {}},
      {"quench.t_low", T::Real, "", false, "End temperature of the cooling ramp (K).", {}},
      {"quench.rate", T::Real, "", false, "Cooling rate (K/ps).", {}},
      {"quench.equilibrate", T::Real, "10", false, "Time at t_high before cooling (ps).", {}},
      {"quench.hold", T::Real, "0", false, "Time at t_low after cooling, before the final minimization (ps).", {}},

      {"shear.rate", T::Real, "", false, "Engineering shear strain rate gamma_xy (1/s).", {}},
      {"shear.max_strain", T::Real, "", false, "Strain at which the run stops.", {}},
      {"shear.sequence_strain", T::Real, "0.001", false, "With output.sequence: every this much strain a copy of the system is quenched (minimize.*) to its inherent structure and appended to the sequence.", {}},
      {"shear.table_strain", T::Real, "0", false, "If > 0: output.table gets a row every this much strain (whole steps) instead of every output.thermo_every steps, so slow runs keep tables (and restart files, which carry the samples) of a size set by the strain, not the step count.", {}},
      {"shear.restart", T::Path, "", false, "Restart file (HDF5, metabasin-md-restart): the run's state is written there (write-then-rename) every shear.restart_strain and at the end.", {}},
      {"shear.restart_strain", T::Real, "0.01", false, "Strain between two restart points (shear.restart).", {}},
      {"shear.resume", T::Boolean, "false", false, "Continue from shear.restart when the file exists: the table, sequence, thermo and trajectory outputs are cut back to the restart point and continued, and the run goes on exactly as if it had not stopped (a larger shear.max_strain extends a finished run).", {}},
      {"shear.elastic_strain",
       T::Real,
       "0.01",
       false,
       "Strain range of the linear fit that gives the shear modulus.",
       {}},

      {"age.strain",
       T::Real,
       "0",
       false,
       "Shear strain gamma_xy imposed (affinely, then relaxed) before annealing.",
       {}},
      {"age.duration", T::Real, "", false, "Annealing time (ps).", {}},
      {"age.interval", T::Real, "50", false, "Quench a copy to its inherent structure every this many ps.", {}},
      {"age.unstrained", T::Boolean, "true", false, "Also run the same protocol without strain, for comparison.", {}},

      {"art.searches", T::Integer, "10", false, "Number of ART nouveau searches from the start minimum.", {}},
      {"art.centres", T::IntegerList, "", false, "Atom IDs to push around, used in turn. Default: random atoms.", {}},
      {"art.cover_spacing",
       T::Real,
       "",
       false,
       "Push around centres that cover the sample, used in turn: every atom within this distance (A) of a centre, "
       "no two centres closer (drawn from art.seed). Give art.searches as a multiple of their number, printed at the "
       "start, to search each equally often.",
       {}},
      {"art.coverage",
       T::Real,
       "",
       false,
       "With art.coverage_up_to: search in rounds (one search per centre, at least 4 per rank) until the events "
       "found hold this share of the chance of finding an event with a barrier up to art.coverage_up_to, at 97.5 % "
       "confidence (Good-Turing coverage with Esty's bound; docs/reference.md), or art.searches have run.",
       {}},
      {"art.coverage_up_to", T::Real, "", false, "The barrier (eV) up to which art.coverage counts events.", {}},
      {"art.seed",
       T::Integer,
       "1",
       false,
       "Seed of the centre choice and push directions (search k uses seed + k).",
       {}},
      {"art.push_radius", T::Real, "3.5", false, "Atoms within this distance of the centre are pushed (A).", {}},
      {"art.push_step", T::Real, "0.1", false, "Length of each push increment in configuration space (A).", {}},
      {"art.max_push_steps",
       T::Integer,
       "30",
       false,
       "Give up when the curvature is not negative after this many increments.",
       {}},
      {"art.eigenvalue_threshold", T::Real, "-0.05", false, "Curvature that ends the push phase (eV/A^2).", {}},
      {"art.fmax", T::Real, "0.001", false,
       "Saddle convergence: largest atomic force (eV/A). When not given and the potential's force jumps at its "
       "cutoff (lj with shift), twice that jump if larger: no point next to a cut pair has a smaller force. Each "
       "saddle is then refined to a tenth of it, or until its energy settles, before it is reported.",
       {}},
      {"art.max_iterations", T::Integer, "1000", false, "Steps of the saddle convergence before giving up.", {}},
      {"art.max_move", T::Real, "0.1", false, "Largest atomic displacement per saddle-convergence step (A).", {}},
      {"art.side_step", T::Real, "0.2", false, "Step off the saddle along the mode before relaxing each side (A).", {}},
      {"art.same_state_tolerance",
       T::Real,
       "0.1",
       false,
       "Two minima are the same when no atom differs by more (A).",
       {}},
      {"art.same_state_barrier",
       T::Real,
       "0.005",
       false,
       "A side of a saddle further than art.same_state_tolerance from the start is still the start when the "
       "straight path between them, or when neither side passes so a band relaxed from the start to the nearer "
       "side, rises less than this (eV) above the higher of the two: soft glasses hold minima a few tenths of an "
       "A apart in one basin, joined by meV barriers along curved valleys. The catalogs of art and kmc also count "
       "a saddle as a stored one between the same two minima (within this in energy) when the straight path "
       "between the two stays within this of both (a soft ridge converged twice; docs/formats.md). 0: distance "
       "alone.",
       {}},
      {"art.minimum_fmax",
       T::Real,
       "0.01",
       false,
       "The start must be a minimum: largest atomic force below this (eV/A).",
       {}},
      {"art.prefactor",
       T::Real,
       "1e13",
       false,
       "Attempt frequency nu0 of the harmonic rates k = nu0 exp(-Ea/kT) (1/s).",
       {}},
      {"art.region_radius",
       T::Real,
       "0",
       false,
       "If > 0: only the atoms within this distance (A) of the push centre move, the rest is frozen, so a search "
       "costs the region and not the sample; its saddle and minima are re-converged in regions grown by a cutoff until "
       "their energies change by less than 1e-3 eV. 0: the whole sample moves.",
       {}},
      {"art.event_radius",
       T::Real,
       "0",
       false,
       "If > 0: an event is made of the atoms within this distance (A) of the push centre. The mode followed to the "
       "saddle moves only them (the rest of the sample relaxes), one side of the saddle must be back at the start on "
       "them, and the barrier is measured from that side's minimum (kept as its own minimum when a soft spot elsewhere "
       "flipped). Without it the lowest mode of a large glass drifts to its softest spot wherever that is. 0: the "
       "whole sample.",
       {}},
      {"art.vineyard_radius",
       T::Real,
       "0",
       false,
       "If > 0: Vineyard prefactor of each distinct saddle from the Hessian of the atoms within this distance (A) of "
       "the atom that moves most in the unstable mode (others fixed); 0: the fixed art.prefactor.",
       {}},
      {"art.duplicate_energy", T::Real, "0.001", false, "Saddles closer than this in energy (eV) ...", {}},
      {"art.duplicate_distance", T::Real, "0.1", false, "... and in every atom position (A) are the same saddle.", {}},
      {"art.resume", T::Boolean, "false", false, "Run only the searches that the journals of an interrupted run with the same settings do not hold (each rank's finished searches are journaled beside the first output given, output.hdf5, output.table or output.catalog, as OUTPUT.rankR.jsonl, kept when the run ends); a larger art.searches extends a finished batch.", {}},

      {"abc.penalty", T::String, "gaussian", false, "Penalty form: gaussian W exp(-r^2/2 sigma^2), or the compact quartic W (1 - r^2/sigma^2)^2 of SLME.", {"gaussian", "quartic"}},
      {"abc.height", T::Real, "0.1", false, "Penalty height W (eV).", {}},
      {"abc.width", T::Real, "0.1", false, "Penalty width sigma (A, a distance in the configuration space of the penalized atoms).", {}},
      {"abc.atoms", T::IntegerList, "", false, "Atom IDs the penalties act on; default: all atoms.", {}},
      {"abc.region_centre", T::Integer, "", false, "With abc.region_radius: the penalties act on the atoms within that distance of this atom (ID).", {}},
      {"abc.region_radius", T::Real, "", false, "Radius (A) of the penalized region around abc.region_centre.", {}},
      {"abc.max_penalties", T::Integer, "200", false, "Stop after stacking this many penalties.", {}},
      {"abc.q0", T::Real, "0", false, "If > 0: stop once an event with a barrier above Q0 (eV) is met.", {}},
      {"abc.kick", T::Real, "0.01", false, "Random displacement (A) of every coordinate before each penalized relaxation.", {}},
      {"abc.seed", T::Integer, "1", false, "Seed of the kicks.", {}},
      {"abc.same_state_tolerance", T::Real, "0.1", false, "Two minima are the same when no atom differs by more (A).", {}},
      {"abc.penalized_fmax", T::Real, "0.001", false, "Relaxations on the penalized surface stop below this largest atomic force (eV/A).", {}},
      {"abc.refine", T::Boolean, "true", false, "Refine each saddle crossed (min-mode, then CI-NEB); false: the highest point crossed stands for it (cheaper, e.g. metadynamics).", {}},
      {"abc.fmax", T::Real, "0.001", false, "Saddle refinement: largest atomic force (eV/A).", {}},
      {"abc.max_move", T::Real, "0.1", false, "Largest atomic displacement per refinement step (A).", {}},

      {"reevaluate.increment", T::Real, "0.02", false, "Shear strain step gamma_xy between re-evaluations.", {}},
      {"reevaluate.steps", T::Integer, "1", false, "Number of strain steps (each from the previous one).", {}},
      {"reevaluate.from", T::Real, "", false, "Strain whose states are mapped first; default: the lowest in the catalog.", {}},
      {"reevaluate.fmax", T::Real, "0.001", false, "Saddle re-convergence: largest atomic force (eV/A).", {}},
      {"reevaluate.max_move", T::Real, "0.1", false, "Largest atomic displacement per re-convergence step (A).", {}},
      {"reevaluate.same_state_tolerance", T::Real, "0.1", false, "A re-converged saddle must relax to both re-relaxed minima within this (A); a minimum that relaxes further than this from its affine image in one sub-step, and still in 1/8 of it, has jumped basin and its events vanish.", {}},
      {"reevaluate.max_increment", T::Real, "0.002", false, "Largest strain step of one affine map: each step is split into ceil(|increment| / max_increment) sub-steps, along which the minima and saddles are tracked (only the end strain is stored).", {}},
      {"reevaluate.jump_barrier_tolerance", T::Real, "0.05", false, "At a sub-step where both minima of an event jumped basin, the event survives only if its forward barrier moved by at most this (eV); an event with only one minimum that jumped vanishes.", {}},

      {"metadynamics.temperature", T::Real, "", false, "Temperature (K) of the Metropolis choice and of the strain rate formula (required).", {}},
      {"metadynamics.q0", T::Real, "", false, "Barrier Q0 (eV) that stops each ABC sampling; give this or metadynamics.rate.", {}},
      {"metadynamics.rate", T::Real, "", false, "Strain rate (1/s) to emulate; Q0 = kT ln(rate_prefactor / rate) / (1 - a).", {}},
      {"metadynamics.rate_prefactor", T::Real, "1e12", false, "gdot0 (1/s) of gdot = gdot0 exp(-(1 - a) Q0 / kT); calibrate against MD (docs/user-guide.md).", {}},
      {"metadynamics.a", T::Real, "0", false, "a(T) of Q = (1 - a) Q0, the entropic part of the activation free energy; calibrate against MD.", {}},
      {"metadynamics.strain_increment", T::Real, "1e-4", false, "Shear increment gamma_xy applied after each Metropolis choice.", {}},
      {"metadynamics.max_strain", T::Real, "", false, "Run to this shear strain gamma_xy (required).", {}},
      {"metadynamics.region_radius", T::Real, "0", false, "If > 0: each step's ABC penalizes only the atoms within this distance (A) of an atom drawn at random (0: all atoms, or abc.atoms / abc.region_*).", {}},
      {"metadynamics.regions_per_step", T::Integer, "1", false, "With region_radius: sampling rounds per strain step, each ABC in a new random region followed by its Metropolis choice (activation in several places of a large sample per increment).", {}},
      {"metadynamics.metropolis_sweeps", T::Integer, "1", false, "Metropolis proposals per sampled minimum at each step (many: Boltzmann weights over the sampled set).", {}},
      {"metadynamics.weights", T::String, "energy", false, "What the Metropolis choice among the sampled minima compares: energy (the study's), or harmonic, the harmonic free energy E + kT sum ln omega from each minimum's whole-sample Hessian (2 x dimension x N force calls per minimum; a minimum with a non-positive curvature is never chosen).", {"energy", "harmonic"}},
      {"metadynamics.q0_measure", T::String, "deepest", false, "What Q0 is compared with: deepest, the saddle's height above the deepest minimum the walk met (the depth of the metabasin it climbed out of); hop, one event's barrier from the minimum it left (the study's wording).", {"deepest", "hop"}},
      {"metadynamics.seed", T::Integer, "1", false, "Seed of the Metropolis choices (abc.seed seeds the sampler).", {}},
      {"metadynamics.reach_steps", T::Integer, "10", false, "If none of the first this many strain steps meets Q0 (ABC uses all abc.max_penalties first), Q0 is out of reach: a clear error naming the highest climb (0: never checked).", {}},
      {"metadynamics.resume", T::Boolean, "false", false, "Continue from the last inherent structure in output.sequence when the file exists.", {}},

      {"kmc.temperature", T::Real, "", false, "Temperature (K) of the harmonic-TST rates (required).", {}},
      {"kmc.rate", T::Real, "", false, "Shear strain rate gdot (1/s); strain advances as gdot t (required).", {}},
      {"kmc.max_strain", T::Real, "", false, "Run to this shear strain (required, unless kmc.hold_time).", {}},
      {"kmc.hold_time", T::Real, "", false, "Instead of loading, hold the sample at the strain of its cell for this long (s): the walk is cut into windows of kmc.strain_increment / kmc.rate seconds as a walk loaded at kmc.rate would be (rates constant in one, kmc.flicker_per_window counted in one, a table row and sequence frame at each end, time in the table's time_s column) but nothing is strained. Stress relaxation at a fixed strain; run at several kmc.rate, tau(t) must not depend on it. Not with kmc.max_strain.", {}},
      {"kmc.strain_increment", T::Real, "1e-4", false, "Rates are constant over strain windows of this length; the barriers of the current minimum and its neighbours are re-evaluated between windows.", {}},
      {"kmc.prefactor", T::Real, "1e13", false, "nu0 (1/s) for saddles stored without a prefactor.", {}},
      {"kmc.min_exits", T::Integer, "1", false, "A minimum with fewer known live exits is searched once (kmc.search_method).", {}},
      {"kmc.search_confined", T::Boolean, "true", false, "When the walk is confined to a flickering group whose known exits all lead back into it, search each of its minima once (with kmc.search_method md: the group as a whole, kmc.searches dynamics runs that each go on until the system has left every member) for a way out before holding the group at local equilibrium to the window's end (slow rates give time for barriers no search has met).", {}},
      {"kmc.window_searches", T::Integer, "0", false, "Searches of the current minimum at each new strain window (the exits carried over were found at lower strain; the load lowers other barriers).", {}},
      {"kmc.searches", T::Integer, "1", false, "Sampling runs (ABC, or ART with kmc.search_method art) in one search of a minimum (a minimum with too few exits, a confined group's minimum, a window search); with kmc.search_region_radius each ABC run penalizes a new random region, so a search maps exits all over the sample.", {}},
      {"kmc.search_method", T::String, "abc", false, "Sampler of the on-the-fly searches: abc (abc.* keys; climbs out over the lowest saddles first), art (one ART nouveau search per run, pushing around a random atom; art.* keys; finds saddles of every height) or md (one dynamics search per run: Langevin MD at kmc.temperature from the minimum, with md.dt and md.tdamp, quenched every kmc.md_search_check until it leaves the basin; the saddle to the neighbour beyond is refined as in re-evaluation; meets exits as often as the dynamics takes them) or softmode (one ART search per run, pushed along the minimum's next softest vibrational mode, both ways in turn: the directions the load softens first, whose saddles it lowers before any dynamics search at a low temperature meets them; art.* keys, Lanczos as art's).", {"abc", "art", "md", "softmode"}},
      {"kmc.md_search_check", T::Real, "0.05", false, "With kmc.search_method md: MD time (ps) between two quenches of a dynamics search.", {}},
      {"kmc.md_search_time", T::Real, "5", false, "With kmc.search_method md: longest MD time (ps) of one dynamics search; a search that has not left the basin by then finds nothing.", {}},
      {"kmc.carry_reach", T::Real, "0", false, "If > 0 (A; kmc.search_method art or softmode): before its first search a minimum takes over the events of every minimum at its strain whose surroundings the walk knows (searched, or taken over; and of its neighbour with the most exits when that comes from the catalog the run started from), each event where no atom within this distance of its most-moving atom moved (by more than art.same_state_tolerance) between the minimum it was found in and this one, the same event through two minima once. It is taken over unrefined, as a pending exit with its barrier and prefactor as found there. Only when the walk draws it is it carried (its saddle and far minimum moved onto this minimum, the far minimum relaxed, the saddle refined by min-mode following, no band; sides judged on the atoms within art.event_radius, else this distance, of the event, meV neighbours counted by art.same_state_barrier) and gone through with probability refined rate / estimate (else the time passes in this minimum). With kmc.search_method art the minimum's first search pushes only around the atoms whose surroundings no known minimum shares, kmc.searches scaled by their share of the sample (none when every atom's are known: a recombination of known events); later searches push anywhere, and softmode searches follow the minimum's modes and keep all their runs. On the 2D glass 10 A keeps 49 of 62 far events as the same saddles, barriers a few meV off. 0: every new minimum is searched from scratch.", {}},
      {"kmc.search_region_radius", T::Real, "0", false, "If > 0: each ABC run of a search penalizes only the atoms within this distance (A) of an atom drawn at random (0: the atoms abc.* names, all by default).", {}},
      {"kmc.search_patience", T::Integer, "0", false, "A search stops early after this many ABC runs in a row found no new live exit of the minimum (0: always kmc.searches runs).", {}},
      {"kmc.vineyard_radius", T::Real, "0", false, "If > 0: rates over each saddle use local Vineyard prefactors in both directions, from the Hessians of the atoms within this distance (A) of the atom the event moves most (the rest fixed), computed once per saddle and kept in the catalog; the rates then keep detailed balance with the minima's harmonic vibrational free energies. 0: each saddle's stored prefactor, else kmc.prefactor.", {}},
      {"kmc.vineyard_soft_amplitude", T::Real, "0", false, "If > 0 (with kmc.vineyard_radius): a vibrational mode whose most-moving atom would swing by more than this (A, r.m.s., classical, at kmc.temperature) counts with the frequency at which it swings by exactly that, so near-zero modes (anharmonic at such amplitudes) do not get a diverging harmonic entropy. 0: plain harmonic.", {}},
      {"kmc.md_search_follow", T::Boolean, "false", false, "With kmc.search_method md: a dynamics search does not end at the first basin change but runs on to kmc.md_search_time, and every basin change is an event too (each pair of basins once per search, the saddle refined as for the first), so the catalog learns the cascades MD runs through: a yield of the loaded 2D glass at 250 K is tens of hops of 10-50 atoms each within 10-30 ps, which first-exit searches from each state rarely string together (dynamics_followed_hops in the JSON).", {}},
      {"kmc.search_time_ratio", T::Real, "0", false, "With kmc.search_method md: a state, or a flickering group, that the walk is about to have held (expected time, summed over its visits in this strain window) for longer than this times the MD time its dynamics searches covered (until each left, or kmc.md_search_time) is searched again before the walk goes on, at most kmc.search_time_rounds times. Thermal MD keeps exploring while it sits in a basin; a walk that only searches a state once holds it past exits too slow for those few searches to have met. 1 is the natural value; 0: off.", {}},
      {"kmc.search_time_rounds", T::Integer, "10", false, "At most this many searches per state (one strain window) started by kmc.search_time_ratio; reported: time_search_capped, the states that reached it.", {}},
      {"kmc.search_time_method", T::String, "md", false, "md | art | softmode: the method of the searches kmc.search_time_ratio starts. Dynamics searches meet the exits MD takes within a few ps; a walk that holds a state for ns (slow rates) also needs the higher barriers ART finds (art.* keys; softmode: ART pushed along the state's softest modes in turn, the next ones at each round). ART has no clock: its rounds credit no MD time, so a state held past its MD coverage gets all kmc.search_time_rounds rounds.", {"md", "art", "softmode"}},
      {"kmc.marginal_barrier", T::Real, "0", false, "eV. A minimum with a known way down (to a lower minimum) over a barrier below this is marginal: a basin about to vanish, which holds the system for about one vibration while harmonic TST would count its near-zero mode as a diverging entropy and make it a trap. It is not a KMC state: an exit into it ends in each true state the system settles into from there (absorbing chain over its HTST rates), at the exit's rate times that probability; settling back is no transition. Detailed balance among the true states is kept. 0: every minimum is a state.", {}},
      {"kmc.superbasins", T::Boolean, "true", false, "Escape flickering groups of minima with the absorbing-Markov-chain (mean-rate) step.", {}},
      {"kmc.flicker_barrier", T::Real, "0.1", false, "Transitions below this barrier (eV) both ways count as flickers.", {}},
      {"kmc.flicker_visits", T::Integer, "10", false, "A state reached this many times through flickers starts a superbasin.", {}},
      {"kmc.flicker_per_window", T::Real, "1000", false, "A transition that would happen at least this many times in one strain window (kmc.strain_increment / kmc.rate), both ways, is a flicker too, whatever its barrier (0: off); at slow rates such pairs have barriers far above kmc.flicker_barrier.", {}},
      {"kmc.max_steps", T::Integer, "1000000000", false, "Stop after this many KMC steps.", {}},
      {"kmc.seed", T::Integer, "1", false, "Seed of the KMC random numbers (abc.seed seeds the searches).", {}},
      {"kmc.resume", T::Boolean, "false", false, "Continue from the last frame of output.sequence when the file holds one: the walk restarts at that strain window's end in the minimum recorded there (from output.catalog), with a new random stream; the table keeps its rows up to that frame.", {}},

      {"sweep.rates", T::RealList, "", false, "Strain rates (1/s) of the sweep points; MD at and above sweep.md_above, sweep.slow_method below.", {}},
      {"sweep.q0", T::RealList, "", false, "More metadynamics points, given by their barrier Q0 (eV) instead of a rate.", {}},
      {"sweep.md_above", T::Real, "1e8", false, "Rates (1/s) at or above this run MD (task shear with the md.* keys).", {}},
      {"sweep.slow_method", T::String, "metadynamics", false, "Method of the rates below sweep.md_above: metadynamics (Q0 from the rate law, metadynamics.* keys) or kmc (catalog KMC at that rate, kmc.* keys; each point grows its own catalog in sweep.directory). sweep.q0 points are always metadynamics.", {"metadynamics", "kmc"}},
      {"sweep.catalog", T::Path, "", false, "With sweep.slow_method kmc: a catalog of the same sample each KMC point's catalog starts from (copied before the point's first run).", {}},
      {"sweep.temperature", T::Real, "", false, "Temperature (K) of every point (required for a sweep).", {}},
      {"sweep.max_strain", T::Real, "", false, "Shear strain every point runs to (required); the flow stress is the mean over its last 30 %.", {}},
      {"sweep.directory", T::Path, "sweep", false, "Per-point tables, sequences and results; a point whose result is there is not run again (resume).", {}},
      {"sweep.fit_split", T::Real, "", false, "Rate (1/s) splitting the two fits: tau = A asinh(gdot/B) over the points below it, the 2/3 law over the points at or above it (e.g. an MD-only sweep of a larger sample, whose slow decades are diffusional). Default: asinh over the metadynamics and KMC points, the 2/3 law over the MD points.", {}},
      {"sweep.md_table_strain", T::Real, "1e-5", false, "shear.table_strain of the MD points: a table row every this much strain (at 1e6 1/s and 2 fs, every 5000 steps: 2e4 rows to 20 % instead of 1e6); 0: every output.thermo_every steps.", {}},
      {"sweep.calibrate_with", T::String, "flow", false, "Stress by which the metadynamics points are set against the MD points to calibrate gdot0 and a: flow (the steady flow stress, as the study) or peak (the inherent-structure peak stress, sweep.peak_bin; the cleaner observable of a small sample).", {"flow", "peak"}},
      {"sweep.peak_bin", T::Real, "0.01", false, "Strain width of the bins whose mean inherent-structure stress gives each run's peak (yield) stress: the largest bin mean. Reported per rate with its m per regime; at a few hundred atoms it is the cleaner rate observable, the steady flow stress scattering by about 0.1 GPa from seed to seed.", {}},
      {"sweep.regimes", T::RealList, "", false, "Ascending rate boundaries (1/s) of the regimes whose m = dlog(tau)/dlog(gdot) is reported; default: the MD and the metadynamics points.", {}},
      {"sweep.replicas", T::Integer, "1", false, "Runs per rate: replica r shifts md.seed, abc.seed, metadynamics.seed and kmc.seed by r (and MD replicas r > 0 draw new velocities at sweep.temperature unless md.velocity_temperature is set); the flow stress of a rate is their mean, with its standard error.", {}},
      {"sweep.steady_from", T::Real, "", false, "Strain from which a run's stress is averaged into its flow stress (default 0.7 sweep.max_strain); recomputed from the tables each time the sweep gathers, so changing it needs no new runs.", {}},

      {"tortuosity.catalog", T::Path, "", false, "Task tortuosity: the event catalog whose paths are mapped (required; made by art, abc, reevaluate or kmc on the same sample and potential; only read). Each path is a climbing-image NEB with the neb.* settings (neb.final, neb.through and neb.relax_ends do not apply: the ends are the saddle's two minima, the band starts through the saddle).", {}},
      {"tortuosity.max_barrier", T::Real, "1.0", false, "Map the path of every live saddle whose forward barrier is at most this (eV; the study's E_A < 1 eV).", {}},
      {"tortuosity.moving_displacement", T::Real, "0.3", false, "Which atoms take part in an event (output.dump): those that move at least this far (A) between its two minima, by minimum image once the rigid motions are removed. The core atoms of a local event in a metallic glass move ~0.5-1 A, the elastic halo around them less than 0.2 A.", {}},
      {"tortuosity.strains", T::RealList, "", false, "Strains (held in the catalog) whose saddles are mapped; default: the catalog's lowest strain and, when it holds more, its highest (zero load and the largest re-evaluated strain).", {}},

      {"catalog.energy_tolerance",
       T::Real,
       "0.001",
       false,
       "Catalog: minima or saddles further apart in energy (eV) are different states.",
       {}},
      {"catalog.distance_tolerance",
       T::Real,
       "0.1",
       false,
       "Catalog: states whose atoms all lie within this distance (A) of each other are one state.",
       {}},

      {"neb.final", T::Path, "", false, "Data file of the final minimum (same atoms, IDs, types and cell).", {}},
      {"neb.through",
       T::Path,
       "",
       false,
       "Data file of a configuration (e.g. a saddle found by ART) the starting band passes through; default: the "
       "straight line between the ends.",
       {}},
      {"neb.images", T::Integer, "9", false, "Intermediate images.", {}},
      {"neb.spring", T::Real, "5.0", false, "Spring constant between images (eV/A^2).", {}},
      {"neb.climbing", T::Boolean, "true", false, "Climbing image (Henkelman et al. 2000).", {}},
      {"neb.climb_fmax",
       T::Real,
       "0.1",
       false,
       "Switch the climbing image on once the band force is below this (eV/A).",
       {}},
      {"neb.fmax", T::Real, "0.001", false, "Convergence: largest atomic NEB force (eV/A).", {}},
      {"neb.optimizer",
       T::String,
       "fire",
       false,
       "Optimizer of the band: fire, or lbfgs (quasi-Newton steps without line search).",
       {"fire", "lbfgs"}},
      {"neb.max_iterations", T::Integer, "5000", false, "Optimizer iterations before giving up.", {}},
      {"neb.max_move", T::Real, "0.1", false, "Largest atomic displacement per iteration (A).", {}},
      {"neb.relax_ends", T::Boolean, "true", false, "Relax both end points with the minimize.* settings first.", {}},

      {"output.data", T::Path, "", false, "Write the final configuration as a LAMMPS data file.", {}},
      {"output.dump", T::Path, "", false, "Write a LAMMPS dump trajectory (id type x y z ix iy iz fx fy fz: positions in the cell, image flags). tortuosity: one frame per mapped strain (the first minimum the catalog holds at it) with per-atom columns C_over_L_max (the largest C/L of the converged paths the atom takes part in, tortuosity.moving_displacement; 0 for none) and events (how many).", {}},
      {"output.xyz", T::Path, "", false, "Write an extended XYZ trajectory.", {}},
      {"output.every",
       T::Integer,
       "100",
       false,
       "Trajectory frame interval (iterations); the last frame is always written.",
       {}},
      {"output.progress",
       T::Integer,
       "1000",
       false,
       "Progress line on stderr (fraction done, ETA) every this many MD steps or minimizer "
       "iterations; metadynamics and KMC print one every few seconds when it is positive (0: off).",
       {}},
      {"output.thermo",
       T::Path,
       "",
       false,
       "MD: thermodynamics table (step, time, T, energies, pressure tensor, volume, strain).",
       {}},
      {"output.thermo_every", T::Integer, "100", false, "MD: steps between rows of output.thermo.", {}},
      {"output.table",
       T::Path,
       "",
       false,
       "quench: T-V-E log; shear, metadynamics, kmc: stress-strain table; sweep: CSV of flow stress vs rate; age: E_IS and stress vs time; art: CSV of searches; "
       "neb: CSV of images; tortuosity: CSV of the paths (C, L, C/L per saddle).",
       {}},
      {"output.catalog",
       T::Path,
       "",
       false,
       "art, abc, reevaluate, kmc: add the minima and saddles found to this event catalog (HDF5, created or extended; docs/formats.md). "
       "abc saves it after every event.",
       {}},
      {"output.sequence",
       T::Path,
       "",
       false,
       "metadynamics, kmc: inherent structure after every strain step; shear: every shear.sequence_strain; age: every quench, age.interval (one run: age.unstrained false when age.strain is not 0) (HDF5, appended and flushed; docs/formats.md). "
       "Input of metabasin nadm.",
       {}},
      {"output.hdf5", T::Path, "", false, "art, neb, sweep: results in HDF5 (layout in docs/formats.md).", {}},
  });
  return schema;
}

const OptionSpec* find_option(const std::string& key) {
  for (const auto& o : input_schema())
    if (o.key == key) return &o;
  return nullptr;
}

std::string type_name(OptionType t) {
  switch (t) {
    case OptionType::String:
      return "string";
    case OptionType::Integer:
      return "integer";
    case OptionType::Real:
      return "number";
    case OptionType::Boolean:
      return "true/false";
    case OptionType::Path:
      return "path";
    case OptionType::StringList:
      return "list of strings";
    case OptionType::IntegerList:
      return "list of integers";
    case OptionType::RealList:
      return "list of numbers";
    case OptionType::Boundary:
      return "list of 3 of p/f";
    case OptionType::PairList:
      return "list of pair entries";
  }
  return "?";
}

std::string schema_markdown() {
  std::ostringstream o;
  o << "# Input file reference\n\n"
    << "Generated by `metabasin schema`; every key, type and default below is the one the code uses.\n"
    << "Units are LAMMPS `metal` (A, eV, ps). Paths are relative to the input file.\n"
    << "Unknown keys, wrong types and missing required keys are errors.\n\n"
    << "| key | type | default | meaning |\n|---|---|---|---|\n";
  for (const auto& s : input_schema()) {
    std::string doc = s.doc;
    if (!s.choices.empty()) {
      doc += " One of:";
      for (const auto& c : s.choices) doc += " `" + c + "`";
      doc += ".";
    }
    o << "| `" << s.key << "` | " << type_name(s.type) << " | "
      << (s.required ? "required" : (s.default_value.empty() ? "-" : "`" + s.default_value + "`")) << " | " << doc
      << " |\n";
  }
  return o.str();
}

}  // namespace metabasin
