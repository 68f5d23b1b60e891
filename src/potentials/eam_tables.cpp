// SPDX-License-Identifier: BSD-3-Clause
#include "eam_tables.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "error.hpp"

namespace metabasin {

namespace {

class LineReader {
 public:
  explicit LineReader(const std::string& path) : path_(path), in_(path) {
    if (!in_) throw InputError("potential.file '" + path + "' cannot be opened");
  }
  std::string line(const std::string& what) {
    std::string s;
    if (!std::getline(in_, s)) fail("ends before " + what, true);
    ++lineno_;
    return s;
  }
  /// Reads n numbers that may span several lines, as LAMMPS does.
  std::vector<double> numbers(std::size_t n, const std::string& what) {
    std::vector<double> v;
    v.reserve(std::min<std::size_t>(n, 1u << 20));  // a corrupt count must not allocate before the file ends
    while (v.size() < n) {
      std::istringstream ls(line(what));
      std::string tok;
      while (v.size() < n && ls >> tok) v.push_back(to_double(tok, what));
    }
    return v;
  }
  double to_double(const std::string& tok, const std::string& what) {
    char* end = nullptr;
    errno = 0;
    const double d = std::strtod(tok.c_str(), &end);
    if (end == tok.c_str() || *end != '\0')
      fail("has '" + tok + "' where a number of " + what + " belongs");
    // strtod reads nan and inf, and overflows to inf: a table value must be a finite number
    // (a NaN here would surface much later as "overlapping atoms"). An underflow to a tiny
    // or zero value is harmless and accepted.
    if (!std::isfinite(d) || (errno == ERANGE && std::abs(d) > 1.0))
      fail("has '" + tok + "' in " + what + ", which is not a finite number");
    return d;
  }
  /// An error about the line read last (`on_next`: about the line that should come next).
  [[noreturn]] void fail(const std::string& what, bool on_next = false) const {
    throw InputError("potential.file '" + path_ + "' " + what + " (line " + std::to_string(lineno_ + (on_next ? 1 : 0)) +
                     ")");
  }

 private:
  std::string path_;
  std::ifstream in_;
  int lineno_ = 0;
};

}  // namespace

EamFile read_eam_file(const std::string& path, EamFlavor flavor) {
  LineReader r(path);
  EamFile f;
  f.path = path;
  f.flavor = flavor;
  for (int k = 0; k < 3; ++k) r.line("the header");
  {
    std::istringstream ls(r.line("the element line"));
    int n = 0;
    if (!(ls >> n) || n < 1) r.fail("does not give the number of elements on line 4");
    std::string e;
    while (ls >> e) f.elements.push_back(e);
    if (static_cast<int>(f.elements.size()) != n)
      r.fail("announces " + std::to_string(n) + " elements but names " + std::to_string(f.elements.size()));
  }
  {
    std::istringstream ls(r.line("the grid line"));
    if (!(ls >> f.nrho >> f.drho >> f.nr >> f.dr >> f.cutoff) || f.nrho < 5 || f.nr < 5 || !(f.drho > 0) ||
        !(f.dr > 0) || !(f.cutoff > 0) || !std::isfinite(f.drho) || !std::isfinite(f.dr) || !std::isfinite(f.cutoff))
      r.fail("has no valid 'Nrho drho Nr dr cutoff' line");
  }
  const std::size_t ne = f.elements.size();
  const std::size_t ndens = flavor == EamFlavor::FinnisSinclair ? ne : 1;
  {
    // Every value takes at least two bytes (a digit and a separator): a grid the file cannot
    // hold is a corrupt header, refused before its tables are allocated.
    const double values = static_cast<double>(ne) * (f.nrho + static_cast<double>(ndens) * f.nr) +
                          0.5 * static_cast<double>(ne) * static_cast<double>(ne + 1) * f.nr;
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(path, ec);
    if (!ec && values > 0.5 * static_cast<double>(bytes))
      r.fail("announces " + std::to_string(f.nrho) + " and " + std::to_string(f.nr) +
             " grid points, more values than a file of " + std::to_string(bytes) + " bytes holds");
  }
  for (std::size_t i = 0; i < ne; ++i) {
    std::istringstream ls(r.line("an element header"));
    double z = 0, mass = 0;
    if (!(ls >> z >> mass) || !(mass > 0.0) || !std::isfinite(mass)) r.fail("has no 'Z mass' header for element " + f.elements[i]);
    f.masses.push_back(mass);
    f.frho.push_back(r.numbers(f.nrho, "the embedding function F(rho) of " + f.elements[i]));
    f.rhor.emplace_back();
    for (std::size_t j = 0; j < ndens; ++j)
      f.rhor.back().push_back(r.numbers(f.nr, "the density function rho(r) of " + f.elements[i] +
                                                  (ndens > 1 ? " at " + f.elements[j] : std::string())));
  }
  for (std::size_t i = 0; i < ne; ++i) {
    f.z2r.emplace_back();
    for (std::size_t j = 0; j <= i; ++j)
      f.z2r.back().push_back(r.numbers(f.nr, "the pair function r*phi(r) of " + f.elements[i] + "-" + f.elements[j]));
  }
  return f;
}

Spline lammps_spline(const std::vector<double>& f, double delta) {
  // The scheme of LAMMPS PairEAM::interpolate(): 5-point derivative estimates, then a
  // cubic Hermite per interval; the last point has zero curvature terms.
  const int n = static_cast<int>(f.size());
  Spline s(n);
  for (int m = 0; m < n; ++m) s[m][6] = f[m];
  s[0][5] = s[1][6] - s[0][6];
  s[1][5] = 0.5 * (s[2][6] - s[0][6]);
  s[n - 2][5] = 0.5 * (s[n - 1][6] - s[n - 3][6]);
  s[n - 1][5] = s[n - 1][6] - s[n - 2][6];
  for (int m = 2; m <= n - 3; ++m) s[m][5] = ((s[m - 2][6] - s[m + 2][6]) + 8.0 * (s[m + 1][6] - s[m - 1][6])) / 12.0;
  for (int m = 0; m < n - 1; ++m) {
    s[m][4] = 3.0 * (s[m + 1][6] - s[m][6]) - 2.0 * s[m][5] - s[m + 1][5];
    s[m][3] = s[m][5] + s[m + 1][5] - 2.0 * (s[m + 1][6] - s[m][6]);
  }
  s[n - 1][4] = 0.0;
  s[n - 1][3] = 0.0;
  for (int m = 0; m < n; ++m) {
    s[m][2] = s[m][5] / delta;
    s[m][1] = 2.0 * s[m][4] / delta;
    s[m][0] = 3.0 * s[m][3] / delta;
  }
  return s;
}

}  // namespace metabasin
