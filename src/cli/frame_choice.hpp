// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The two configurations a strain-type command compares (REF and CUR, each a data file, a
// dump or a sequence), chosen by --ref-frame / --cur-frame, read in one dimension.
#include <cstddef>
#include <string>

#include "command_line.hpp"
#include "configuration.hpp"

namespace metabasin {

class AtomFrames;

/// The options every such command takes, for its CommandSyntax.
inline const std::vector<std::string> kFramePairOptions{"--ref-frame", "--cur-frame", "--dimension"};

/// Help text of those options.
extern const char* const kFramePairHelp;

struct FramePair {
  Configuration reference, current;
  std::string reference_path, current_path;
  std::size_t reference_frame = 0, current_frame = 0;
  double reference_strain = 0.0, current_strain = 0.0;  // gamma_xy of each frame's cell
};

/// The frame `option` names in `frames` (0-based, or 'last'), `fallback` when not given;
/// UsageError naming the option and the file's frame count when it does not exist.
std::size_t frame_option(const CommandLine& line, const std::string& option, const AtomFrames& frames,
                         std::size_t fallback);

/// Reads positionals 0 and 1: REF's frame --ref-frame (default its first), CUR's --cur-frame
/// (default its last); 2D when --dimension 2, or without it when every z of both is 0.
FramePair read_frame_pair(const CommandLine& line);

}  // namespace metabasin
