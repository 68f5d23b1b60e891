// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// What the HDF5 harnesses do with a file once it exists: load it as a catalog, and open it
// as an inherent-structure sequence and read every column and some frames.
#include <algorithm>
#include <string>

#include "catalog_file.hpp"
#include "fuzz_common.hpp"
#include "inherent_sequence.hpp"

namespace metabasin::fuzz {

inline void use_catalog(const std::string& path) {
  const Catalog c = load_catalog(path);
  for (double strain : c.strains()) c.box_at(strain);
}

inline void use_sequence(const std::string& path) {
  const InherentSequenceReader r(path);
  r.strains();
  r.energies();
  r.shear_stresses();
  r.times();
  const std::size_t n = r.size();
  if (n > 0) {
    r.positions(0, std::min<std::size_t>(n, 4));
    r.positions(n - 1, 1);
    r.positions(0, (n + 1) / 2, 2);
  }
}

}  // namespace metabasin::fuzz
