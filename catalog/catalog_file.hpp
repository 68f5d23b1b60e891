// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The catalog on disk: HDF5, format "metabasin-catalog", version 2 (layout in
// docs/formats.md; version 1 files, which stored every state in full, are read too). States
// are stored as their catalog holds them: the atoms that differ from a base state. A run
// extends its catalog file in place (CatalogFile): each save appends what is new, O(new data),
// and a run killed at any moment leaves a readable file holding every save before the kill.
#include <hdf5.h>

#include <memory>
#include <string>

#include "catalog.hpp"

namespace metabasin {

constexpr int kCatalogVersion = 2;

/// Writes the whole catalog (under a temporary name, renamed into place).
void save_catalog(const std::string& path, const Catalog& c);

/// Reads a catalog; InputError for a file that is not one (corrupt, truncated, other format
/// or a newer version).
Catalog load_catalog(const std::string& path);

/// The catalog at `path` when it exists — checked to be of the same atoms (count, IDs,
/// types) and potential — else a new one. Never overwrites a catalog it cannot use. `key`:
/// the input key that named the file, for the advice of the messages.
Catalog open_catalog(const std::string& path, const Configuration& atoms, const std::string& potential,
                     StateTolerances tol, const std::string& key = "output.catalog");

class Hdf5Appender;

/// The file a run saves its catalog to as it grows. Opening writes what the catalog holds
/// (a catalog read from an older version is thereby converted); each save() appends the
/// minima and saddles added since, rewrites the rows whose fields changed, and flushes. The
/// file is held in HDF5's single-writer mode: killed at any moment, it keeps every save.
/// One run at a time extends a catalog: the run holds an advisory lock on `PATH.lock` (HDF5
/// releases its own lock in that mode, so that readers can open the file), and a second run
/// is refused with an InputError naming the file.
class CatalogFile {
 public:
  CatalogFile(std::string path, Catalog& catalog);
  ~CatalogFile();
  CatalogFile(const CatalogFile&) = delete;
  CatalogFile& operator=(const CatalogFile&) = delete;
  void save();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  Catalog& catalog_;
  int lock_ = -1;  // descriptor holding the lock on PATH.lock
  std::unique_ptr<Hdf5Appender> file_;
  std::size_t minima_ = 0, saddles_ = 0;  // rows on disk
};

}  // namespace metabasin
