// SPDX-License-Identifier: BSD-3-Clause
// Writes the binary and reduced seeds of the fuzz corpora into a directory, through the
// project's own writers: a small catalog and a small inherent-structure sequence (the files
// a short run produces), and each bundled EAM table cut down to a few grid points (the real
// tables are megabytes; a fuzzer mutates small files far faster).
//   make_seeds OUT_DIR EAM_TABLE...
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <string>

#include "catalog_file.hpp"
#include "eam_tables.hpp"
#include "inherent_sequence.hpp"
#include "seed_atoms.hpp"

using namespace metabasin;

namespace {

using fuzz::four_atoms;

void write_catalog(const std::string& path) {
  const Configuration atoms = four_atoms();
  Catalog c(atoms, "lj/cut", StateTolerances{});
  const VectorXd a = Eigen::Map<const VectorXd>(atoms.x.data(), 12);
  VectorXd b = a, s = a;
  b[0] += 1.0;
  s[0] += 0.5;
  c.add_minimum({-3.0, a, 0.0, "art", 10, 0.1});
  c.add_minimum({-2.5, b, 0.0, "art", 12, std::nan("")});
  Transition t;
  t.from = 0;
  t.to = 1;
  t.energy = -2.0;
  t.positions = s;
  t.eigenvalue = -0.5;
  t.forward_barrier = 1.0;
  t.backward_barrier = 0.5;
  t.prefactor = 1e13;
  t.found_by = "art";
  c.add_saddle(t);
  save_catalog(path, c);
}

void write_sequence(const std::string& path) {
  const Configuration atoms = four_atoms();
  InherentSequenceWriter w(path, atoms, false);
  for (int k = 0; k < 3; ++k) {
    SequenceFrame f;
    f.strain = 0.01 * k;
    f.time = 1e-9 * k;
    f.energy = -3.0 + 0.1 * k;
    f.shear_stress = 0.2 * k;
    f.positions = Eigen::Map<const VectorXd>(atoms.x.data(), 12);
    w.append(f);
  }
}

/// `table` resampled on `n` points (every k-th point, the grid spacing scaled to match).
std::vector<double> every(const std::vector<double>& table, int k, int n) {
  std::vector<double> out;
  for (int m = 0; m < n; ++m) out.push_back(table[static_cast<std::size_t>(m) * k]);
  return out;
}

void write_numbers(std::ofstream& o, const std::vector<double>& v) {
  for (std::size_t m = 0; m < v.size(); ++m) o << v[m] << (m % 5 == 4 || m + 1 == v.size() ? "\n" : " ");
}

void write_small_table(const std::string& in, const std::string& out) {
  const bool fs = in.find(".fs") != std::string::npos;
  const EamFile f = read_eam_file(in, fs ? EamFlavor::FinnisSinclair : EamFlavor::Alloy);
  const int n = 12, krho = f.nrho / n, kr = f.nr / n;
  std::ofstream o(out);
  o << std::setprecision(17) << "reduced from " << in << "\nfor fuzzing\n\n" << f.elements.size();
  for (const auto& e : f.elements) o << " " << e;
  o << "\n" << n << " " << f.drho * krho << " " << n << " " << f.dr * kr << " " << f.cutoff << "\n";
  for (std::size_t i = 0; i < f.elements.size(); ++i) {
    o << 1 << " " << f.masses[i] << " 1.0 fcc\n";
    write_numbers(o, every(f.frho[i], krho, n));
    for (const auto& rho : f.rhor[i]) write_numbers(o, every(rho, kr, n));
  }
  for (const auto& row : f.z2r)
    for (const auto& z : row) write_numbers(o, every(z, kr, n));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: make_seeds OUT_DIR EAM_TABLE...\n");
    return 2;
  }
  const std::string dir = argv[1];
  write_catalog(dir + "/catalog-small.h5");
  write_sequence(dir + "/sequence-small.h5");
  for (int k = 2; k < argc; ++k) {
    std::string name = argv[k];
    name = name.substr(name.find_last_of('/') + 1);
    write_small_table(argv[k], dir + "/small-" + name);
  }
  return 0;
}
