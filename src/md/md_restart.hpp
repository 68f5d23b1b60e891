// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The restart point of an MD run (format metabasin-md-restart, version 1; docs/formats.md):
// the configuration and the integrator's state at one step, what the run had gathered for
// its summary, and how much of each output it had written. A run resumed from it cuts its
// outputs back to that point and goes on as the uninterrupted run would have.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "configuration.hpp"
#include "molecular_dynamics.hpp"

namespace metabasin {

struct MdRestart {
  // The run it belongs to, checked when resuming.
  std::string task;           // "shear"
  double rate_per_s = 0.0;    // shear rate
  double dt = 0.0;            // ps
  double temperature = 0.0;   // K
  std::string thermostat;
  // Where it stood.
  Configuration config;       // IDs, types, positions, velocities, images, cell
  MdState md;
  // What the run had gathered: the table's samples and the inherent structures.
  std::vector<double> strain, stress, is_strain, is_stress;
  std::map<std::string, std::uintmax_t> text_bytes;  // text output path -> bytes written
  std::string sequence_path;  // the inherent-structure sequence, if the run wrote one
  std::uint64_t sequence_frames = 0;
};

/// Writes under a temporary name and renames, so the previous restart point survives a kill.
void write_md_restart(const std::string& path, const MdRestart& r);
/// InputError naming the file when it is missing, damaged or of another format.
MdRestart read_md_restart(const std::string& path);

}  // namespace metabasin
