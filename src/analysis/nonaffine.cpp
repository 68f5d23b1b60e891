// SPDX-License-Identifier: BSD-3-Clause
#include "nonaffine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "error.hpp"
#include "hdf5_atoms.hpp"
#include "hdf5_writer.hpp"
#include "number_format.hpp"

namespace metabasin {

namespace {

// The cell at shear strain g, with the fast minimum image the O(M^2 N) matrix needs.
// Box::minimum_image is exact but inverts the cell on every call, and at large strain its
// tilt (xy = xy0 + g ly, past lx/2) widens the image search; subtracting whole multiples of
// lx from xy gives the same lattice with faces at most mildly tilted.
class StrainedCell {
 public:
  StrainedCell(const Box& zero_strain, double g) : box_(zero_strain) {
    box_.xy += g * box_.len[1];
    if (box_.periodic[0]) box_.xy -= box_.len[0] * std::round(box_.xy / box_.len[0]);
    const Vec3 widths = box_.face_distances();
    double safe = std::numeric_limits<double>::infinity();
    for (int d = 0; d < 3; ++d) {
      wrapped_[d] = box_.periodic[d] && !(box_.dimension == 2 && d == 2);
      if (wrapped_[d]) safe = std::min(safe, 0.5 * widths[d]);
    }
    safe2_ = safe * safe;
    cell_ = box_.cell();
    inverse_ = cell_.inverse();
  }

  // Subtracts the lattice vectors that bring each fractional coordinate nearest zero. A result
  // shorter than half the narrowest face distance is the shortest image whatever the rounding
  // did, since it has every |lambda_d| < 1/2 and any other image does not; longer ones take
  // the exact search.
  Vec3 shortest(const Vec3& d) const {
    const Vec3 lambda = inverse_ * d;
    Vec3 n = Vec3::Zero();
    for (int k = 0; k < 3; ++k)
      if (wrapped_[k]) n[k] = std::round(lambda[k]);
    const Vec3 base = d - cell_ * n;
    if (base.squaredNorm() < safe2_) return base;
    return box_.minimum_image(base);
  }

 private:
  Box box_;
  bool wrapped_[3] = {false, false, false};
  Mat3 cell_, inverse_;
  double safe2_ = 0.0;
};

// Positions of the subset atoms only, 3 per atom, in subset order.
std::vector<double> gather(const VectorXd& x, const std::vector<std::size_t>& subset) {
  std::vector<double> out(3 * subset.size());
  for (std::size_t k = 0; k < subset.size(); ++k)
    for (int d = 0; d < 3; ++d) out[3 * k + d] = x[static_cast<Eigen::Index>(3 * subset[k] + d)];
  return out;
}

// F about the cell's lower corner. Raising the xy tilt by dg ly maps every point with the cell
// (same fractional coordinates): x' = x + dg ly lambda_b, where lambda_b = (y - ylo)/ly -
// (yz/ly) lambda_c. That is F = 1 + dg e1 (x) e2 exactly when yz = 0 (every 2D cell);
// with a yz tilt the e3 term keeps a purely affine run at Delta2 = 0.
struct AffineShear {
  explicit AffineShear(const Box& b)
      : ylo(b.lo[1]), zlo(b.lo[2]), z_coupling(b.dimension == 3 && b.yz != 0.0 ? -b.yz / b.len[2] : 0.0) {}
  double ylo, zlo, z_coupling;
  // How far x moves per unit strain: (y - ylo), less the yz share along z.
  double lever(const double* r) const { return (r[1] - ylo) + z_coupling * (r[2] - zlo); }
};

// (1/n) sum_i |r2_i - F r1_i|^2 with F carrying the cell at g1 to the cell at g2, taken in
// cell2 (at g2). Every Delta2 in this file goes through here, so the matrix, the ASNaD and
// delta2() agree to the last bit.
double mean_square_nonaffine(const std::vector<double>& r1, double g1, const std::vector<double>& r2, double g2,
                             const StrainedCell& cell2, const AffineShear& shear) {
  const double dg = g2 - g1;
  const std::size_t n = r1.size() / 3;
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double* a = &r1[3 * i];
    const double* b = &r2[3 * i];
    const Vec3 d(b[0] - (a[0] + dg * shear.lever(a)), b[1] - a[1], b[2] - a[2]);
    sum += cell2.shortest(d).squaredNorm();
  }
  return n ? sum / static_cast<double>(n) : 0.0;
}

std::vector<std::size_t> checked_subset(const std::vector<std::size_t>& atoms, std::size_t natoms,
                                        const std::string& where) {
  if (atoms.empty()) return all_atoms(natoms);
  for (std::size_t i : atoms)
    if (i >= natoms)
      throw InputError(where + ": atom index " + std::to_string(i) + " is out of range (" + std::to_string(natoms) +
                       " atoms)");
  return atoms;
}

// The frames 0, stride, 2 stride, ... of a sequence and their strains.
struct StridedFrames {
  std::size_t stride = 1, count = 0;
  std::vector<double> strain;
};

StridedFrames strided(const InherentSequenceReader& seq, std::size_t stride) {
  StridedFrames f;
  f.stride = std::max<std::size_t>(stride, 1);
  const std::vector<double> all = seq.strains();
  for (std::size_t k = 0; k < all.size(); k += f.stride) f.strain.push_back(all[k]);
  f.count = f.strain.size();
  if (f.count == 0) throw InputError("inherent-structure sequence '" + seq.path() + "' holds no frames");
  return f;
}

// Gathered subset positions of strided frames [first, first + count).
std::vector<std::vector<double>> load_block(const InherentSequenceReader& seq, const StridedFrames& f,
                                            std::size_t first, std::size_t count,
                                            const std::vector<std::size_t>& subset) {
  std::vector<std::vector<double>> out;
  out.reserve(count);
  for (const VectorXd& x : seq.positions(first * f.stride, count, f.stride)) out.push_back(gather(x, subset));
  return out;
}

// Reads strided frames in blocks as an index moves forward through them.
class FrameWindow {
 public:
  FrameWindow(const InherentSequenceReader& seq, const StridedFrames& f, std::size_t block,
              const std::vector<std::size_t>& subset)
      : seq_(seq), f_(f), block_(block), subset_(subset) {}

  const std::vector<double>& at(std::size_t k) {
    if (k < first_ || k >= first_ + frames_.size()) {
      first_ = k;
      frames_ = load_block(seq_, f_, k, std::min(block_, f_.count - k), subset_);
    }
    return frames_[k - first_];
  }

 private:
  const InherentSequenceReader& seq_;
  const StridedFrames& f_;
  std::size_t block_;
  const std::vector<std::size_t>& subset_;
  std::size_t first_ = 0;
  std::vector<std::vector<double>> frames_;
};

}  // namespace

std::vector<std::size_t> all_atoms(std::size_t natoms) {
  std::vector<std::size_t> v(natoms);
  std::iota(v.begin(), v.end(), std::size_t{0});
  return v;
}

std::vector<std::size_t> central_subsystem(const Configuration& atoms, std::size_t n) {
  if (n == 0 || n > atoms.size())
    throw InputError("a central subsystem of " + std::to_string(n) + " atoms cannot be taken from " +
                     std::to_string(atoms.size()) + " atoms");
  const Box& b = atoms.box;
  const Vec3 centre = b.to_cartesian(Vec3(0.5, 0.5, 0.5));
  std::vector<std::pair<double, std::size_t>> by_distance;
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    Vec3 d = b.minimum_image(atoms.position(i) - centre);
    if (b.dimension == 2) d[2] = 0.0;  // the cell's z extent is not a coordinate in 2D
    by_distance.push_back({d.squaredNorm(), i});
  }
  std::sort(by_distance.begin(), by_distance.end());
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < n; ++k) out.push_back(by_distance[k].second);
  std::sort(out.begin(), out.end());
  return out;
}

double delta2(const Configuration& atoms, double g1, const VectorXd& x1, double g2, const VectorXd& x2,
              const std::vector<std::size_t>& subset) {
  const auto n3 = static_cast<Eigen::Index>(3 * atoms.size());
  if (x1.size() != n3 || x2.size() != n3)
    throw InputError("delta2: positions of " + std::to_string(x1.size() / 3) + " and " + std::to_string(x2.size() / 3) +
                     " atoms for a configuration of " + std::to_string(atoms.size()));
  const auto s = checked_subset(subset, atoms.size(), "delta2");
  return mean_square_nonaffine(gather(x1, s), g1, gather(x2, s), g2, StrainedCell(atoms.box, g2),
                               AffineShear(atoms.box));
}

Nadm nadm(const InherentSequenceReader& seq, const NadmParams& p) {
  const StridedFrames f = strided(seq, p.stride);
  const std::size_t m = f.count;
  // The matrix is the one thing that grows as M^2 (twice over while write_nadm lays it out
  // row by row); refuse sizes that cannot fit.
  const double bytes = 8.0 * static_cast<double>(m) * static_cast<double>(m);
  if (bytes > 8e9)
    throw InputError("nadm of '" + seq.path() + "': " + std::to_string(m) + " frames make a " +
                     std::to_string(static_cast<long>(bytes / 1e9)) + " GB matrix; use a larger stride");
  Nadm out;
  out.atoms = checked_subset(p.atoms, seq.natoms(), "nadm of '" + seq.path() + "'");
  out.strain = f.strain;
  for (std::size_t k = 0; k < m; ++k) out.frames.push_back(k * f.stride);
  out.delta2 = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(m));

  const Box& cell0 = seq.atoms().box;
  const AffineShear shear(cell0);
  std::vector<StrainedCell> cells;
  cells.reserve(m);
  for (double g : f.strain) cells.emplace_back(cell0, g);

  // Blocks of rows against blocks of columns at or after them; each pair of frames gives
  // both Delta2(i, j) and Delta2(j, i). When the averaged atoms' coordinates for all M frames
  // take no more room than the matrix (3n <= M, e.g. a 150-atom subsystem), each frame is
  // read once and kept; otherwise every block pair is read from the file.
  const std::size_t block = std::max<std::size_t>(p.block, 1);
  const std::size_t nblocks = (m + block - 1) / block;
  const bool keep_all = 3 * out.atoms.size() <= m;
  std::vector<std::vector<double>> kept, rows, cols;
  if (keep_all)
    for (std::size_t first = 0; first < m; first += block)
      for (auto& x : load_block(seq, f, first, std::min(block, m - first), out.atoms)) kept.push_back(std::move(x));
  for (std::size_t bi = 0; bi < nblocks; ++bi) {
    const std::size_t i0 = bi * block, ni = std::min(block, m - i0);
    if (!keep_all) rows = load_block(seq, f, i0, ni, out.atoms);
    for (std::size_t bj = bi; bj < nblocks; ++bj) {
      const std::size_t j0 = bj * block, nj = std::min(block, m - j0);
      if (!keep_all && bj != bi) cols = load_block(seq, f, j0, nj, out.atoms);
      // Frame i of this row block and frame j of this column block, wherever they are held.
      const auto& row_frames = keep_all ? kept : rows;
      const auto& col_frames = keep_all ? kept : (bj == bi ? rows : cols);
      const std::size_t row_base = keep_all ? 0 : i0, col_base = keep_all ? 0 : j0;
      for (std::size_t i = i0; i < i0 + ni; ++i)
        for (std::size_t j = (bj == bi ? i + 1 : j0); j < j0 + nj; ++j) {
          const std::vector<double>& ri = row_frames[i - row_base];
          const std::vector<double>& rj = col_frames[j - col_base];
          const auto ei = static_cast<Eigen::Index>(i), ej = static_cast<Eigen::Index>(j);
          out.delta2(ei, ej) = mean_square_nonaffine(ri, f.strain[i], rj, f.strain[j], cells[j], shear);
          out.delta2(ej, ei) = mean_square_nonaffine(rj, f.strain[j], ri, f.strain[i], cells[i], shear);
        }
    }
    if (p.progress) p.progress(bi + 1, nblocks);
  }
  return out;
}

Asnad asnad(const InherentSequenceReader& seq, double xi, const NadmParams& p) {
  const std::string where = "asnad of '" + seq.path() + "'";
  const StridedFrames f = strided(seq, p.stride);
  const std::size_t m = f.count;
  if (m < 3) throw InputError(where + ": needs at least 3 frames, the sequence has " + std::to_string(m));
  const double step = (f.strain[m - 1] - f.strain[0]) / static_cast<double>(m - 1);
  if (step == 0.0 || !std::isfinite(step)) throw InputError(where + ": the strain does not change along the sequence");
  // Pairing frames k - s and k + s is delta2(g, 2 s dgamma) only when the step is constant.
  for (std::size_t k = 0; k + 1 < m; ++k)
    if (std::abs(f.strain[k + 1] - f.strain[k] - step) > 1e-6 * std::abs(step))
      throw InputError(where + ": the strain step is not uniform (frames " + std::to_string(k * f.stride) + " to " +
                       std::to_string((k + 1) * f.stride) + " step " + brief(f.strain[k + 1] - f.strain[k]) +
                       ", mean " + brief(step) + "); ASNaD needs a constant step");
  if (!(xi >= 2.0 * std::abs(step) * (1.0 - 1e-9)))
    throw InputError(where + ": xi = " + brief(xi) + " is below twice the strain step (" +
                     brief(2.0 * std::abs(step)) + ")");
  const auto s = static_cast<std::size_t>(std::lround(xi / (2.0 * std::abs(step))));
  if (2 * s >= m)
    throw InputError(where + ": xi = " + brief(xi) + " spans more than the sequence's strain range");

  Asnad out;
  out.xi = xi;
  out.half_lag = s;
  out.strain = f.strain;
  out.delta2.assign(m, std::numeric_limits<double>::quiet_NaN());
  const auto subset = checked_subset(p.atoms, seq.natoms(), where);
  const Box& cell0 = seq.atoms().box;
  const AffineShear shear(cell0);
  const std::size_t block = std::max<std::size_t>(p.block, 1);
  FrameWindow lower(seq, f, block, subset), upper(seq, f, block, subset);
  for (std::size_t k = s; k + s < m; ++k) {
    const std::size_t i = k - s, j = k + s;
    out.delta2[k] =
        mean_square_nonaffine(lower.at(i), f.strain[i], upper.at(j), f.strain[j], StrainedCell(cell0, f.strain[j]),
                              shear);
  }
  return out;
}

void write_nadm(const std::string& path, const InherentSequenceReader& seq, const Nadm& m,
                const std::vector<Asnad>& curves) {
  const std::size_t n = m.strain.size();
  for (const Asnad& c : curves)
    if (c.strain != m.strain)
      throw InputError("nadm file '" + path + "': an ASNaD curve is not on the matrix's frames (same stride needed)");
  Hdf5Writer h(path);
  h.attribute("/", "format", "metabasin-nadm");
  h.integer_attribute("/", "version", kNadmVersion);
  h.attribute("/", "sequence", seq.path());
  write_atoms_and_cell(h, seq.atoms());

  h.group("/nadm");
  h.write("/nadm/strain", m.strain, {n});
  h.write("/nadm/frame", std::vector<long long>(m.frames.begin(), m.frames.end()), {n});
  std::vector<long long> ids;
  for (std::size_t i : m.atoms) ids.push_back(seq.atoms().ids[i]);
  h.write("/nadm/atom_ids", ids, {ids.size()});
  std::vector<double> rows(n * n);  // row-major: [i][j] = Delta2(strain[i], strain[j])
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      rows[i * n + j] = m.delta2(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
  h.write("/nadm/delta2", rows, {n, n});
  h.attribute("/nadm/delta2", "units", "angstrom^2");

  h.group("/asnad");
  std::vector<double> xi, lapse, band;
  std::vector<long long> half_lag;
  for (const Asnad& c : curves) {
    xi.push_back(c.xi);
    half_lag.push_back(static_cast<long long>(c.half_lag));
    const double step = n > 1 ? (c.strain.back() - c.strain.front()) / static_cast<double>(n - 1) : 0.0;
    lapse.push_back(2.0 * static_cast<double>(c.half_lag) * step);  // the xi actually used
    band.insert(band.end(), c.delta2.begin(), c.delta2.end());
  }
  h.write("/asnad/xi", xi, {curves.size()});
  h.write("/asnad/strain_lapse", lapse, {curves.size()});
  h.write("/asnad/half_lag", half_lag, {curves.size()});
  h.write("/asnad/delta2", band, {curves.size(), n});
  h.close();
}

}  // namespace metabasin
