// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Kinetic Monte Carlo on an abstract graph of states: residence-time steps (Bortz–Kalos–
// Lebowitz, the n-fold way) under a constant shear strain rate, with superbasins for
// flickering states (absorbing Markov chains, the mean-rate method of Novotny 1995 as eOn
// uses it). The engine knows nothing of atoms or of the catalog: a RateModel gives the
// exits of a state at a strain, and the catalog layer implements that.
//
// Time in s, rates in 1/s, strain is the shear gamma_xy, barriers in eV.
#include <cstddef>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace metabasin {

/// One way out of a state: a transition to state `to` with rate `rate`.
struct Exit {
  std::size_t to = 0;
  double rate = 0.0;                                        // 1/s
  double barrier = std::numeric_limits<double>::quiet_NaN();  // eV; NaN: unknown, never a flicker
  long saddle = -1;                                         // the model's id of the saddle, -1 if none
  /// An estimate whose far end is not known yet (`to` is then the model's own id of the exit,
  /// no state): the walk never goes through it, it asks RateModel::resolve when it draws it.
  bool pending = false;
};

/// What the integrator walks: the exits of a state at a strain. The catalog layer implements
/// it with harmonic TST rates k = nu0 exp(-Ea/kT) at the current strain; tests implement toy
/// chains.
class RateModel {
 public:
  virtual ~RateModel() = default;
  /// Every exit of `state` at shear strain `strain`. The engine keeps the answer until the
  /// window ends, or until take_changed or will_stay says the state's exits changed.
  virtual std::vector<Exit> exits(std::size_t state, double strain) = 0;
  /// The strain moved on to `strain` (the end of a window, or the target strain): returns the
  /// state the system is in now. `state` itself when its basin survived the increment (the
  /// catalog layer re-relaxes the minimum in place); another state when the basin was destroyed
  /// and the system relaxed into another one (an athermal jump). Toy models return `state`. A
  /// held walk (KmcParams::hold_window) calls it at each window's end with the strain it holds.
  virtual std::size_t strain_to(std::size_t state, double /*strain*/) { return state; }
  /// Whether `after` (returned by strain_to) is the basin `before` continued to the new strain.
  /// Models that give every strain its own state ids (the catalog) override this; otherwise a
  /// new id is an athermal jump.
  virtual bool same_basin(std::size_t before, std::size_t after) const { return before == after; }
  /// The system is confined to `states`: every exit known of them leads back into the set.
  /// A model that can look for more exits (the catalog searches) does so and returns true when
  /// it found some; the engine then asks their exits again. It must return false once it has
  /// nothing more to try, or the engine would ask for ever.
  virtual bool search_more(const std::vector<std::size_t>& /*states*/) { return false; }
  /// States whose exits changed since the last call (e.g. a search from one state added a
  /// saddle to another, whose exits the engine may hold from earlier in the window): the engine
  /// asks them again. Models whose exits never change within a window return nothing.
  virtual std::vector<std::size_t> take_changed() { return {}; }
  /// The walk is about to spend `seconds` (expected) in `states`: one state, or a superbasin
  /// with each member's expected share (`states[0]` is the one the system is in). A model that
  /// searches states the walk holds for longer than its searches can vouch for does it here
  /// and returns true when it found new exits: the engine then asks their exits again and
  /// calls this again before it draws. It must return false once it has nothing more to try.
  /// Expected rather than drawn times: summed over a run they are the time spent in each state
  /// on average, and the model can act before the draw.
  virtual bool will_stay(const std::vector<std::size_t>& /*states*/, const std::vector<double>& /*seconds*/) {
    return false;
  }
  /// The walk drew the pending exit `e` of `state` (at its estimated rate): the model finds
  /// the exit as it is (its far end, rate and barrier) and returns it, or nothing when there is
  /// no such exit; either way `state`'s exits asked again no longer hold `e` as pending. The
  /// engine goes through the exit with probability rate / estimate and otherwise stays where
  /// it was, the time drawn spent there (thinning: exact when the estimate is at least the
  /// true rate; an estimate below it only delays that exit's first crossing). Only the exits
  /// the walk draws are ever resolved, i.e. the ones that carry the rate.
  virtual std::optional<Exit> resolve(std::size_t /*state*/, const Exit& /*e*/) { return std::nullopt; }
};

struct KmcParams {
  double strain_rate = 0.0;       // gdot (1/s); 0 = no loading
  double strain_increment = 1e-4;  // rates are constant over strain windows of this length; the
                                   // barriers are recomputed (exits asked again) between windows
  double target_strain = 0.0;     // stop at this strain (needs strain_rate > 0)
  double max_time = std::numeric_limits<double>::infinity();  // s
  long max_steps = 1000000000;    // KMC steps (hops + superbasin escapes)
  bool superbasins = true;
  double flicker_barrier = 0.1;   // eV: a transition whose barrier is below this both ways is a flicker
  /// A transition that would happen at least this many times in a strain window, both ways, is
  /// a flicker too (0: off): such a pair equilibrates within the window, and at slow rates it
  /// can have a barrier far above flicker_barrier.
  double flicker_per_window = 1000.0;
  int flicker_visits = 10;        // a state reached this many times through flickers starts a superbasin
  unsigned long seed = 1;
  /// > 0 (s; needs strain_rate 0 and a finite max_time): the strain is held where it starts and
  /// the walk is cut into windows of this length, as loading cuts it into strain windows: rates
  /// constant inside one, the flicker rule's window this long, and the model hears each end as
  /// a move to the same strain (RateModel::strain_to), so a walk held at a strain steps as one
  /// loaded at strain_increment / hold_window would, without the load.
  double hold_window = 0.0;
  /// Windows already done: a resumed walk starts at the end of the last one (strain
  /// first_window x strain_increment, time strain / strain_rate; held: time first_window x
  /// hold_window), with its random stream drawn
  /// from (seed, first_window). The process is Markov, so that continuation is exact in law.
  long first_window = 0;
};

/// One transition of the trajectory, reported as it happens.
struct KmcEvent {
  long step = 0;     // KMC steps so far, this one included (athermal jumps are not steps)
  double time = 0.0;    // s, when it happened
  double strain = 0.0;  // strain_rate * time
  std::size_t from = 0, to = 0;  // for a superbasin escape, `from` is the superbasin state the exit leaves
  bool through_superbasin = false;  // an escape from a superbasin (the hops inside were not simulated)
  bool athermal = false;            // the basin vanished at a window boundary (RateModel::strain_to)
};

struct KmcRun {
  double time = 0.0;    // s
  double strain = 0.0;  // strain_rate * time
  std::size_t state = 0;
  long steps = 0;              // hops + superbasin_escapes
  long hops = 0;               // single transitions
  long superbasin_escapes = 0;
  long superbasins_refused = 0;  // flickering states whose absorbing chain could not be used (walked instead)
  long athermal_jumps = 0;     // states left because strain destroyed them
  long windows = 0;            // strain windows completed
  long resolved = 0;           // pending exits drawn and handed to RateModel::resolve
  long null_events = 0;        // of those, the ones not gone through (the time passed, no step)
  double steps_saved = 0.0;    // expected hops inside superbasins that the escapes replaced (a superbasin
                               // cut short by a window end counts nothing)
  std::string stop_reason;     // "target strain", "max time", "max steps", "no exits", "stopped by caller"
};

/// Throws InputError naming the offending key (kmc.*) if the parameters cannot be used.
void check_kmc_params(const KmcParams& p);

/// Runs KMC from `start` at time 0 and strain 0 (or at the end of window p.first_window) until
/// a stop condition. `on_event` is called after every transition; returning false stops the
/// run. Reproducible from p.seed.
KmcRun run_kmc(RateModel& model, std::size_t start, const KmcParams& p,
               const std::function<bool(const KmcEvent&)>& on_event = {});

}  // namespace metabasin
