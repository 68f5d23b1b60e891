// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The shear viscosity of an equilibrium run from its stress fluctuations (Green-Kubo):
//   eta = V / ((d - 1)(d + 2) kB T) * integral_0^inf sum_ab <P'_ab(0) P'_ab(t)> dt,
// P' the traceless symmetric part of the pressure tensor (d = 3: the usual 1/10 over the five
// shear components, Daivis & Evans, J. Chem. Phys. 100, 541 (1994); d = 2: Pxy and
// (Pxx - Pyy)/2, each weighted as its share of the sum). The run is cut into blocks; each
// block's autocorrelation (by FFT, about the run's mean) gives a running integral eta(t), and
// their spread its standard error. The integral is read at a cutoff: by default the first lag where the blocks'
// mean autocorrelation is no longer larger than its standard error (beyond it the integral
// only gathers noise; a slow tail below the noise is missed, and the blocks must be long
// against the slowest relaxation for their spread to be an error).
#include <array>
#include <cstddef>
#include <vector>

namespace metabasin {

/// One equilibrium run: its pressure tensor [xx, yy, zz, xy, xz, yz] (GPa) at even intervals.
struct StressRun {
  std::vector<std::array<double, 6>> pressure;
  double temperature = 0.0;  // K
  double volume = 0.0;       // A^3 (in 2D the area times the 1 A thickness the stresses assume)
};

struct GreenKuboParams {
  int dimension = 3;
  double dt = 0.0;           // ps between samples, the same in every run
  std::size_t blocks = 5;    // of the shortest run; every run is cut into blocks of that length
  double max_lag = 0.0;      // ps: the longest lag correlated (0: a tenth of a block)
  double cutoff = 0.0;       // ps: where eta is read (0: the noise cutoff above)
};

struct GreenKuboViscosity {
  std::vector<double> lag;        // ps
  std::vector<double> acf;        // GPa^2: sum_ab <P'_ab(0) P'_ab(t)> / ((d - 1)(d + 2)), blocks' mean
                                  // (in a fluid, the autocorrelation of one shear stress, e.g. Pxy)
  std::vector<double> acf_error;  // its standard error over the blocks
  // GPa: V / (kB T) times each block's autocorrelation, blocks' mean: the shear relaxation
  // modulus G(t) (fluctuation-dissipation), whose stress gamma0 G(t) a small step strain gamma0
  // leaves after a time t.
  std::vector<double> modulus;
  std::vector<double> modulus_error;
  std::vector<double> eta;        // GPa s: the running integral, blocks' mean
  std::vector<double> eta_error;  // its standard error over the blocks
  double cutoff = 0.0;            // ps
  bool resolved_to_max_lag = false;  // the noise cutoff found the autocorrelation still above its error
  double viscosity = 0.0;         // GPa s, at the cutoff (a stress in GPa over a shear rate in 1/s)
  double viscosity_error = 0.0;
  std::size_t blocks = 0;             // over all runs
  std::size_t samples_per_block = 0;
};

/// The viscosity of independent runs (replicas) together: each run correlated about its own
/// mean, each block's integral with its run's volume and temperature. InputError when the runs
/// are too short for the blocks and lags asked for, or hold a value that is not finite.
GreenKuboViscosity green_kubo_viscosity(const std::vector<StressRun>& runs, const GreenKuboParams& p);

}  // namespace metabasin
