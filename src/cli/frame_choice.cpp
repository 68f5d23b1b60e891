// SPDX-License-Identifier: BSD-3-Clause
#include "frame_choice.hpp"

#include "atom_frames.hpp"

namespace metabasin {

const char* const kFramePairHelp =
    "  REF and CUR are LAMMPS data files, LAMMPS text dumps or inherent-structure sequences\n"
    "  (.h5), told apart by their content.\n"
    "  --ref-frame K     frame of REF (0-based, or 'last'; default 0)\n"
    "  --cur-frame K     frame of CUR (0-based, or 'last'; default last)\n"
    "  --dimension D     2 or 3 (default: 2 when every atom of both frames has z = 0, else 3)\n";

std::size_t frame_option(const CommandLine& line, const std::string& option, const AtomFrames& frames,
                         std::size_t fallback) {
  if (line.text(option) == "last") return frames.size() - 1;
  const std::size_t k = line.index(option, fallback);
  if (k >= frames.size())
    throw UsageError(option + " " + std::to_string(k) + ": '" + frames.path() + "' has " +
                     std::to_string(frames.size()) + " frame(s), 0.." + std::to_string(frames.size() - 1));
  return k;
}

FramePair read_frame_pair(const CommandLine& line) {
  const AtomFrames ref(line.positional(0)), cur(line.positional(1));
  FramePair p;
  p.reference_path = ref.path();
  p.current_path = cur.path();
  p.reference_frame = frame_option(line, "--ref-frame", ref, 0);
  p.current_frame = frame_option(line, "--cur-frame", cur, cur.size() - 1);
  std::size_t dimension = line.index("--dimension", 0);
  if (line.has("--dimension") && dimension != 2 && dimension != 3)
    throw UsageError("--dimension must be 2 or 3, got '" + line.text("--dimension") + "'");
  if (dimension == 0) dimension = ref.planar(p.reference_frame) && cur.planar(p.current_frame) ? 2 : 3;
  p.reference = frame_in(ref, p.reference_frame, static_cast<int>(dimension));
  p.current = frame_in(cur, p.current_frame, static_cast<int>(dimension));
  p.reference_strain = ref.strains()[p.reference_frame];
  p.current_strain = cur.strains()[p.current_frame];
  return p;
}

}  // namespace metabasin
