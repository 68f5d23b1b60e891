// SPDX-License-Identifier: BSD-3-Clause
// docs/formats.md against the files (issue 22, defect 13): every dataset and attribute path
// the document names for the event catalog and the inherent-structure sequence exists in a
// file written here, and every dataset and attribute in those files is named in the document,
// so drift either way fails this test. The format version is an integer attribute.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <fstream>
#include <set>
#include <sstream>

#include "catalog.hpp"
#include "catalog_file.hpp"
#include "inherent_sequence.hpp"
#include "lammps_reference.hpp"
#include "test_systems.hpp"

using namespace metabasin;
using namespace metabasin::testing;

namespace {

/// The backticked paths in the first column of the tables of every "## " section whose
/// heading contains `heading`: `/group/dataset`, or `/object@attribute` for an attribute.
std::set<std::string> documented_paths(const std::string& heading) {
  std::ifstream in(METABASIN_SOURCE_DIR "/docs/formats.md");
  std::set<std::string> paths;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) inside = line.find(heading) != std::string::npos;
    if (!inside || line.rfind("| `/", 0) != 0) continue;
    const std::string first = line.substr(1, line.find('|', 1) - 1);
    for (std::size_t a = first.find('`'); a != std::string::npos; a = first.find('`', first.find('`', a + 1) + 1)) {
      const std::size_t b = first.find('`', a + 1);
      const std::string token = first.substr(a + 1, b - a - 1);
      // "/atoms/..." refers to another section; "/curves/<run>/..." names a pattern.
      if (!token.empty() && token[0] == '/' && token.find("...") == std::string::npos &&
          token.find('<') == std::string::npos)
        paths.insert(token);
    }
  }
  return paths;
}

struct Contents {
  hid_t file;
  std::set<std::string> paths;  // "/a/b" for datasets and groups, "/a@x" for attributes
};

herr_t on_attribute(hid_t, const char* name, const H5A_info_t*, void* data) {
  auto* c = static_cast<std::pair<Contents*, std::string>*>(data);
  c->first->paths.insert(c->second + "@" + name);
  return 0;
}

void add_attributes(Contents& c, const std::string& object) {
  std::pair<Contents*, std::string> data{&c, object};
  H5Aiterate_by_name(c.file, object.c_str(), H5_INDEX_NAME, H5_ITER_NATIVE, nullptr, on_attribute, &data, H5P_DEFAULT);
}

herr_t on_link(hid_t, const char* name, const H5L_info_t*, void* data) {
  auto* c = static_cast<Contents*>(data);
  c->paths.insert("/" + std::string(name));
  add_attributes(*c, "/" + std::string(name));
  return 0;
}

/// Every dataset, group and attribute in the HDF5 file at `path`.
std::set<std::string> file_contents(const std::string& path) {
  Contents c{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), {}};
  EXPECT_GE(c.file, 0) << path;
  add_attributes(c, "/");
  H5Lvisit(c.file, H5_INDEX_NAME, H5_ITER_NATIVE, on_link, &c);
  H5Fclose(c.file);
  return c.paths;
}

/// A group is documented when a documented path lies below it.
bool documented(const std::set<std::string>& doc, const std::string& p) {
  if (doc.count(p)) return true;
  for (const auto& d : doc)
    if (d.rfind(p + "/", 0) == 0) return true;
  return false;
}

void expect_doc_matches(const std::string& file, const std::string& section) {
  std::set<std::string> doc = documented_paths(section);
  ASSERT_GT(doc.size(), 5u) << "no table paths found under '## ..." << section << "'";
  for (const auto& p : documented_paths("Atoms and cell")) doc.insert(p);
  const std::set<std::string> has = file_contents(file);
  for (const auto& p : doc) EXPECT_TRUE(has.count(p)) << "formats.md (" << section << ") names " << p << ", not in the file";
  for (const auto& p : has)
    EXPECT_TRUE(documented(doc, p)) << p << " is in the " << section << " file but not in formats.md";
}

long long stored_integer_version(const std::string& path, bool& is_integer) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t a = H5Aopen_by_name(f, "/", "version", H5P_DEFAULT, H5P_DEFAULT);
  const hid_t t = H5Aget_type(a);
  is_integer = H5Tget_class(t) == H5T_INTEGER;
  long long v = -1;
  H5Aread(a, H5T_NATIVE_LLONG, &v);
  H5Tclose(t);
  H5Aclose(a);
  H5Fclose(f);
  return v;
}

}  // namespace

TEST(CatalogFormatsDoc, EveryPathOfTheCatalogAndSequenceIsDocumentedAndWritten) {
  const std::string dir = scratch_dir("formats_doc");
  const Configuration a = mb_particle(-0.558, 1.442);
  const VectorXd x = Eigen::Map<const VectorXd>(a.x.data(), 3);
  Catalog cat(a, "muller-brown");
  const auto from = cat.add_minimum({-146.7, x, 0.0, "start", 0});
  VectorXd y = x;
  y[0] = 0.623;
  y[1] = 0.028;
  const auto to = cat.add_minimum({-108.2, y, 0.0, "art", 10});
  Transition t;
  t.from = from.index;
  t.to = to.index;
  t.energy = -40.7;
  t.positions = (x + y) / 2;
  t.found_by = "art";
  cat.add_saddle(t);
  save_catalog(dir + "/cat.h5", cat);
  expect_doc_matches(dir + "/cat.h5", "Event catalog");

  {
    InherentSequenceWriter w(dir + "/seq.h5", a, false);
    w.append({0.0, 0.0, -146.7, 0.1, x});
    w.append({0.01, 1e-9, -146.6, 0.2, x});
  }
  expect_doc_matches(dir + "/seq.h5", "Inherent-structure sequence");

  // The format version is an integer attribute, and reads back.
  for (const auto& [f, version] : {std::pair{"/cat.h5", kCatalogVersion}, std::pair{"/seq.h5", kSequenceVersion}}) {
    bool is_integer = false;
    EXPECT_EQ(stored_integer_version(dir + f, is_integer), version) << f;
    EXPECT_TRUE(is_integer) << f;
  }
  EXPECT_EQ(load_catalog(dir + "/cat.h5").minima(), 2u);
  EXPECT_EQ(InherentSequenceReader(dir + "/seq.h5").size(), 2u);
}
