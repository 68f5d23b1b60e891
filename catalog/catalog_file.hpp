// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The catalog on disk: HDF5, format "metabasin-catalog", version 1 (layout in
// docs/formats.md). Each save writes the whole catalog under a temporary name and renames it,
// so a run killed at any moment leaves the last saved catalog intact and readable.
#include <string>

#include "catalog.hpp"

namespace metabasin {

constexpr int kCatalogVersion = 1;

void save_catalog(const std::string& path, const Catalog& c);

/// Reads a catalog; InputError for a file that is not one (corrupt, truncated, other format
/// or a newer version).
Catalog load_catalog(const std::string& path);

/// The catalog at `path` when it exists — checked to be of the same atoms (count, IDs,
/// types) and potential — else a new one. Never overwrites a catalog it cannot use.
Catalog open_catalog(const std::string& path, const Configuration& atoms, const std::string& potential,
                     StateTolerances tol);

}  // namespace metabasin
