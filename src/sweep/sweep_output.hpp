// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The sweep's outputs from its analysis: the JSON report, the CSV (one row per rate) and the
// HDF5 file (metabasin-sweep: points, curves, fits, calibration, rate sensitivity).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sweep_analysis.hpp"

namespace metabasin {

/// One warning on stderr per regime whose m fit left rates out, naming them and why.
void report_left_out(const std::vector<RegimeSensitivity>& regimes);
/// The JSON report without wall time and output paths.
nlohmann::json sweep_json(const SweepAnalysisParams& p, const std::vector<SweepPoint>& points,
                          const std::vector<SweepPointResult>& results, const SweepAnalysis& a);
void write_sweep_csv(const std::string& path, const SweepAnalysis& a);
void write_sweep_hdf5(const std::string& path, const SweepAnalysisParams& p, const std::vector<SweepPoint>& points,
                      const std::vector<SweepPointResult>& results, const SweepAnalysis& a);

}  // namespace metabasin
