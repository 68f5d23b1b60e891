// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Autonomous basin climbing (Kushima et al. 2009; the compact quartic penalty of the SLME
// variant, Cao, Short & Yip): penalty functions are stacked at the visited configurations and
// the system relaxes on the penalized surface, so it climbs out of each basin over a low
// saddle. Every time a true-surface quench lands in a new minimum, the highest true energy
// met since the last minimum marks the saddle crossed; it is refined by min-mode following
// (Lanczos), with CI-NEB between the two minima as the fallback.
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "configuration.hpp"
#include "minimizer.hpp"
#include "potential.hpp"
#include "saddle_search.hpp"

namespace metabasin {

struct PenaltyParams {
  std::string form = "gaussian";  // gaussian: W exp(-r^2 / 2 sigma^2); quartic: W (1 - r^2/sigma^2)^2 for r < sigma
  double height = 0.1;            // W (eV)
  double width = 0.1;             // sigma (A), a distance in the configuration space of `atoms`
  std::vector<std::size_t> atoms;  // indices the penalty acts on; empty = all atoms
  bool remove_translation = false;  // measure distances with the mean displacement removed (clusters drift)
};

/// The potential energy plus the penalties, as an objective any minimizer can relax. Its
/// coordinates are AtomsObjective's (coordinates_of), and so are the penalties' centres.
class PenalizedObjective : public ObjectiveFunction {
 public:
  PenalizedObjective(Configuration& config, Potential& potential, PenaltyParams p);
  Eigen::Index size() const override { return static_cast<Eigen::Index>(config_.size()) * dimension(); }
  int dimension() const override { return config_.box.dimension; }
  double evaluate(const VectorXd& x, VectorXd& force) override;
  void add_penalty(const VectorXd& centre) { centres_.push_back(centre); }
  std::size_t penalties() const { return centres_.size(); }
  double true_energy() const { return true_energy_; }

 private:
  Configuration& config_;
  Potential& potential_;
  PenaltyParams p_;
  bool quartic_ = false;
  std::vector<VectorXd> centres_;
  ForceResult last_;
  double true_energy_ = 0.0;
};

struct AbcParams {
  PenaltyParams penalty;
  int max_penalties = 200;
  double q0 = std::numeric_limits<double>::infinity();  // stop once an event with a barrier above this is met (eV)
  bool q0_from_lowest = false;  // measure that barrier from the lowest minimum met so far (the depth of the metabasin
                                // the walk has filled, as in metabasin escape), not from the event's own minimum
  MinimizeParams relax;               // quenches on the true surface
  double penalized_fmax = 1e-3;       // eV/A: the penalized relaxations need not be tight
  double same_state_tolerance = 0.1;  // A: largest atomic displacement within one minimum
  double kick = 0.01;                 // A: random displacement of the penalized atoms before each relaxation
  bool refine_saddles = true;         // false: the highest point crossed stands for the saddle (cheap; metadynamics)
  MinModeParams refine;               // Lanczos refinement of the crossing point
  double side_step = 0.05;            // A: off the refined saddle before relaxing each side
  int neb_images = 7;                 // fallback when the refinement fails
  unsigned seed = 1;
};

struct AbcEvent {
  VectorXd initial_minimum, final_minimum;
  double initial_energy = 0.0, final_energy = 0.0;
  SaddlePoint saddle;             // refined saddle (or the NEB climbing image)
  std::string refined_by;         // lanczos | neb | none (the highest point crossed, unrefined)
  double crossing_energy = 0.0;   // highest true energy met on the penalized walk
  double barrier = 0.0;           // saddle - initial minimum
  long force_calls = 0;           // spent since the previous event, refinement included
  int penalties = 0;              // penalties stacked when it was found
};

struct AbcRun {
  std::vector<AbcEvent> events;
  int penalties = 0;
  long force_calls = 0;
  std::string stop_reason;  // max penalties | barrier above q0 | interrupted
  double highest_climb = 0.0;  // eV: the largest barrier met, measured as q0 is (what Q0 the run could have reached)
};

/// ABC from the minimum `start`. `on_event` sees each event as it is found; returning false
/// stops the run.
AbcRun abc_run(const Configuration& start, Potential& potential, const AbcParams& p,
               const std::function<bool(const AbcEvent&)>& on_event = {});

}  // namespace metabasin
