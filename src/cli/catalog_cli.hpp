// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// `metabasin catalog SUBCOMMAND FILE [options]`: inspection of an event catalog.
#include <string>
#include <vector>

namespace metabasin {

/// Runs one catalog subcommand; prints a table (or JSON with --json) on stdout. Throws
/// InputError for unknown subcommands or options.
void run_catalog_command(const std::vector<std::string>& args);

extern const char* const kCatalogUsage;

}  // namespace metabasin
