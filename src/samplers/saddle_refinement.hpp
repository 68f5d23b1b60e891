// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The saddle joining two known minima, refined from an approximate one (the highest point an
// ABC walk crossed, or a stored saddle mapped to a new strain). Min-mode following first; the
// result counts only if it lies above both minima and its two sides relax one to each. Else a
// CI-NEB from one minimum to the other through the approximate saddle, which counts only if
// it converges with its top strictly inside the band, above both minima, and passes no other
// minimum.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "active_region.hpp"
#include "art.hpp"
#include "configuration.hpp"
#include "minimizer.hpp"
#include "potential.hpp"
#include "saddle_search.hpp"
#include "state_distance.hpp"

namespace metabasin {

struct SaddleRefinementParams {
  MinModeParams refine;
  MinimizeParams relax;               // down the two sides
  double side_step = 0.05;            // A, off the saddle along its mode before each side relaxes
  double same_state_tolerance = 0.1;  // A
  /// eV: a side further than same_state_tolerance from a minimum is still it when the straight
  /// path between the two rises less than this above the higher (ART's art.same_state_barrier:
  /// a glass holds minima 0.1-0.3 A apart joined by meV barriers, one state at any temperature
  /// the integrators run). 0: distance alone.
  double same_state_barrier = 0.0;
  int neb_images = 7;  // of the CI-NEB fallback; 0: min-mode following alone
  RigidMotions rigid;
  /// When not empty, "the same state" is judged on these atoms alone (an event's atoms; on a
  /// glass the sides of a saddle relaxed far away can differ from a minimum at remote soft
  /// spots, as ART's own test allows).
  std::vector<std::size_t> judged_atoms;
};

struct RefinedSaddle {
  SaddlePoint saddle;  // status Converged when found
  std::string method;  // lanczos | neb | "" (neither reproduced the event)
};

/// `cell`: the atoms and the cell to work in (its positions are ignored). a, b: the minima
/// with their energies; `guess`: the approximate saddle; `mode`: its unstable mode when known
/// (empty: the displacement from a to the guess, which on a glass carries the event's whole
/// elastic far field).
RefinedSaddle refine_saddle_between(const Configuration& cell, Potential& potential, const VectorXd& a, double ea,
                                    const VectorXd& b, double eb, const VectorXd& guess,
                                    const SaddleRefinementParams& p, const VectorXd& mode = VectorXd());

/// An event found from the minimum `from` (its saddle with its mode, and the minimum `beyond` on the saddle's
/// other side), carried to the minimum `to` (energy `e_to`) that differs from `from` elsewhere
/// in the sample, e.g. a hop away: the saddle and `beyond` are moved by their displacements from
/// `from` added to `to`, `beyond` relaxed, and the saddle refined between `to` and it
/// (refine_saddle_between). A state the walk enters holds most of the events of the state it
/// left: on the 2D glass those beyond ~10 A of the atoms a hop moved keep their saddles, their
/// barriers a few meV off, for a tenth of the force calls of a search that finds one
/// (docs/studies/local-search.md, "How far a hop reaches into the catalog").
struct CarriedEvent {
  /// Converged: the event from `to`. InStartBasin: `beyond` relaxed back into `to` (the hop
  /// took the event's way down, or made it one state with `to`); otherwise as refine_saddle_between.
  RefinedSaddle refined;
  VectorXd beyond;  // the minimum on the other side, relaxed
  double beyond_energy = 0.0;
};
CarriedEvent carry_event(const Configuration& cell, Potential& potential, const VectorXd& from, const SaddlePoint& saddle,
                         const VectorXd& beyond, const VectorXd& to, double e_to, const SaddleRefinementParams& p);

/// How an event ART found is carried: ART's saddle convergence tightened tenfold (as ART
/// refines the saddles it reports), its relaxation, side step and same-state rules, free rigid
/// motions, no band (a band costs more than a search, docs/studies/local-search.md), the sides
/// judged on `judged` (empty: every atom).
SaddleRefinementParams art_carry_refinement(const ArtParams& art, const Configuration& cell, const Potential& potential,
                                            std::vector<std::size_t> judged);

/// The event of an ART search whose saddle joins a start side (ArtSearch::start_side: the
/// start with a soft spot elsewhere flipped, or a meV neighbour of it) carried to the start
/// itself (`start`, energy `e_start`), judged on the atoms within `radius` of the atom the
/// event moves most (0: every atom). On the 1024-atom glass most events of a search start from
/// such sides; stored from the side alone, a walk in the start never sees them.
CarriedEvent carry_from_start_side(const Configuration& cell, Potential& potential, const ArtSearch& search,
                                   const VectorXd& start, double e_start, const ArtParams& art, double radius);

/// An ART search and, when its saddle joins a start side, that event carried to the start
/// (carry_start_side): what task art journals per search and a KMC search team sends back.
struct ArtRun {
  ArtSearch art;
  std::optional<CarriedEvent> carried;
  long carry_force_calls = 0;  // of the carry alone
};

/// Fills r.carried (and its force calls) when r.art converged onto a saddle that joins a start
/// side: carry_from_start_side from the start `start` (its cell and positions, energy `e_start`)
/// on `potential`, on whichever rank ran the search.
void carry_start_side(ArtRun& r, const Configuration& start, double e_start, Potential& potential, const ArtParams& art,
                      double radius);

/// A sample held where it is but for a few atoms: minima and saddles of a local event are
/// re-converged with only those atoms moving (an ActiveRegion), at a cost that does not grow
/// with the sample. Positions in and out are whole-sample vectors that equal the held sample's
/// outside the moving atoms; energies are whole-sample energies.
class HeldSample {
 public:
  /// `held`: the sample (its energy `held_energy`); `moving`: indices of the atoms that move.
  HeldSample(const Configuration& held, double held_energy, const Potential& potential,
             std::vector<std::size_t> moving);
  ~HeldSample();
  /// Relaxes x in place; its energy, or nothing when the minimizer did not converge.
  std::optional<double> relax(VectorXd& x, const MinimizeParams& p);
  /// The whole-sample energy of x (one region call).
  double energy(const VectorXd& x);
  /// The moving atoms and their frozen shell.
  const ActiveRegion& region() const;
  /// refine_saddle_between by min-mode following alone (no NEB fallback): method "lanczos",
  /// or "" when the event did not reproduce in the region.
  RefinedSaddle refine_saddle_between(const VectorXd& a, double ea, const VectorXd& b, double eb,
                                      const VectorXd& guess, const SaddleRefinementParams& p);
  /// P_xy(x) - P_xy(held) (GPa): only the interactions the moving atoms take part in differ
  /// between the two, and the region holds all of them (for EAM too: its shell is two cutoffs
  /// deep), so two region calls give the whole sample's change.
  double pressure_xy_change(const VectorXd& x);
  long force_calls() const;
  /// Sum over the force calls of the atoms each evaluated.
  double atom_evaluations() const;
  std::size_t moving_atoms() const;

 private:
  struct Region;
  std::unique_ptr<Region> region_;
  long extra_calls_ = 0;       // calls beyond the objective's (stress)
  double extra_atoms_ = 0.0;
};

}  // namespace metabasin
