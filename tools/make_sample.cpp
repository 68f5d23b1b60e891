// SPDX-License-Identifier: BSD-3-Clause
// make_sample: writes a LAMMPS data file of a (perturbed, randomly typed) lattice, the
// starting samples of inputs/. Real glasses come from the quench task; these are dense
// disordered starts for examples and tests.
//
// usage: make_sample LATTICE A NX NY NZ DISPLACEMENT SEED OUT.data [MASS:FRACTION ...]
//   LATTICE: hex (2D) | bcc | fcc | b2 | sc;  one MASS:FRACTION per atom type
#include <Kokkos_Core.hpp>
#include <cstdio>
#include <string>

#include "lammps_data.hpp"
#include "sample_builder.hpp"

int main(int argc, char** argv) {
  if (argc < 9) {
    std::fprintf(stderr, "usage: make_sample LATTICE A NX NY NZ DISPLACEMENT SEED OUT.data [MASS:FRACTION ...]\n");
    return 2;
  }
  Kokkos::initialize();
  int rc = 0;
  try {
    metabasin::LatticeSpec s;
    s.lattice = argv[1];
    s.a = std::stod(argv[2]);
    s.cells = {std::stoi(argv[3]), std::stoi(argv[4]), std::stoi(argv[5])};
    s.displacement = std::stod(argv[6]);
    s.seed = static_cast<unsigned>(std::stoul(argv[7]));
    for (int k = 9; k < argc; ++k) {
      const std::string t = argv[k];
      const auto colon = t.find(':');
      s.masses.push_back(std::stod(t.substr(0, colon)));
      s.type_fraction.push_back(colon == std::string::npos ? 1.0 : std::stod(t.substr(colon + 1)));
    }
    s.ntypes = s.masses.empty() ? 1 : static_cast<int>(s.masses.size());
    if (s.type_fraction.size() == 1) s.type_fraction.clear();
    const auto c = metabasin::build_lattice(s);
    std::string cmd;
    for (int k = 1; k < argc; ++k) cmd += std::string(k > 1 ? " " : "") + argv[k];
    metabasin::write_lammps_data(argv[8], c, "make_sample " + cmd);
    std::fprintf(stderr, "make_sample: %zu atoms written to %s\n", c.size(), argv[8]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_sample: error: %s\n", e.what());
    rc = 1;
  }
  Kokkos::finalize();
  return rc;
}
