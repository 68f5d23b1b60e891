// SPDX-License-Identifier: BSD-3-Clause
#include "nonaffine_cli.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>

#include "command_line.hpp"
#include "error.hpp"
#include "fractal_dimension.hpp"
#include "inherent_sequence.hpp"
#include "json_text.hpp"
#include "nonaffine.hpp"
#include "output_path.hpp"

namespace metabasin {

const char* const kNadmUsage =
    "usage: metabasin nadm SEQUENCE.h5 --out NADM.h5 [options]\n"
    "  nonaffine distance matrix Delta2(g1, g2) of an inherent-structure sequence, and its\n"
    "  diagonal band, the ASNaD delta2(g, xi) = Delta2(g - xi/2, g + xi/2)\n"
    "  --out FILE        output HDF5 file (format metabasin-nadm, docs/formats.md); never the\n"
    "                    sequence itself\n"
    "  --subsystem N     average over the N atoms nearest the cell centre in the first frame\n"
    "                    (default: all atoms; the study resolves single hops with N = 150)\n"
    "  --stride K        use every K-th frame (default 1)\n"
    "  --xi X            an ASNaD strain lapse; repeat for several (needs a uniform strain step)\n"
    "  --block B         frames read at once (default 64); memory ~ B N + M^2 doubles\n"
    "  The JSON gives box-counting dimensions (docs/reference.md): of the cells where Delta2 lies\n"
    "  below its median, and of each ASNaD curve's graph; boxes of 1, 2, 4, ... frames, fitted\n"
    "  from 4 frames to an eighth of the frames used ('too few scales' below 128 frames).\n";

namespace {

const CommandSyntax kNadmSyntax{"nadm", 0, 1, {"--out", "--subsystem", "--stride", "--xi", "--block"}, {}};

std::size_t positive_count(const CommandLine& line, const std::string& option, std::size_t fallback) {
  const std::size_t k = line.index(option, fallback);
  if (k == 0) throw UsageError("nadm: option " + option + " needs a positive integer, got '0'");
  return k;
}

// Every value of a repeatable option, each a positive number.
std::vector<double> positive_reals(const CommandLine& line, const std::string& option) {
  std::vector<double> values;
  for (const std::string& text : line.all(option)) {
    std::size_t used = 0;
    double v = 0.0;
    try {
      v = std::stod(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != text.size() || !std::isfinite(v) || v <= 0.0)
      throw UsageError("nadm: option " + option + " needs a positive number, got '" + text + "'");
    values.push_back(v);
  }
  return values;
}

// Largest finite value and its index; NaN (null in JSON) when there is none.
std::pair<double, std::size_t> peak(const std::vector<double>& v) {
  double best = std::numeric_limits<double>::quiet_NaN();
  std::size_t at = 0;
  for (std::size_t k = 0; k < v.size(); ++k)
    if (std::isfinite(v[k]) && !(v[k] <= best)) {
      best = v[k];
      at = k;
    }
  return {best, at};
}

// A box-counting dimension with its fit and its counts (box sizes in frames); the dimension
// and its error are null when it was not fitted.
nlohmann::json box_counting_json(const BoxCounting& b) {
  nlohmann::json j;
  j["status"] = to_string(b.status);
  j["dimension"] = b.dimension;
  j["standard_error"] = b.standard_error;
  j["fit_box_sizes"] = {b.fit_from, b.fit_to};
  j["box_sizes"] = b.box_sizes;
  j["counts"] = b.counts;
  return j;
}

// The matrix's dark blocks: the cells below its median.
nlohmann::json matrix_dimension_json(const Eigen::MatrixXd& delta2) {
  const MatrixDimension d = below_median_dimension(delta2);
  nlohmann::json j = box_counting_json(d.boxes);
  j["set"] = "delta2 below its median";
  j["level"] = d.level;
  return j;
}

// What the command line asks for.
struct NadmRequest {
  std::string sequence, out;
  std::size_t subsystem = 0;  // 0: every atom
  NadmParams params;
  std::vector<double> xis;  // ASNaD strain lapses
};

NadmRequest parse_request(const CommandLine& line) {
  if (line.positionals().empty()) throw UsageError("nadm: no sequence file given (metabasin nadm --help)");
  if (!line.has("--out")) throw UsageError("nadm: --out FILE is required");
  NadmRequest r;
  r.sequence = line.positional(0);
  r.out = line.text("--out");
  r.subsystem = line.has("--subsystem") ? positive_count(line, "--subsystem", 1) : 0;
  r.params.stride = positive_count(line, "--stride", r.params.stride);
  r.params.block = positive_count(line, "--block", r.params.block);
  r.xis = positive_reals(line, "--xi");
  return r;
}

// The subsystem is chosen in the first frame, in its own cell.
std::vector<std::size_t> first_frame_subsystem(const InherentSequenceReader& seq, std::size_t count) {
  Configuration first = seq.atoms();
  const VectorXd x0 = seq.positions(0, 1).front();
  first.x.assign(x0.data(), x0.data() + x0.size());
  first.box.xy += seq.strains().front() * first.box.len[1];
  return central_subsystem(first, count);
}

nlohmann::json result_json(const NadmRequest& r, const InherentSequenceReader& seq, const Nadm& m,
                           const std::vector<Asnad>& curves) {
  Eigen::Index gi = 0, gj = 0;
  const double max_delta2 = m.delta2.maxCoeff(&gi, &gj);
  const double max_g1 = m.strain[static_cast<std::size_t>(gi)], max_g2 = m.strain[static_cast<std::size_t>(gj)];
  nlohmann::json asnad_json = nlohmann::json::array();
  for (const Asnad& c : curves) {
    const auto [value, at] = peak(c.delta2);
    asnad_json.push_back({{"xi", c.xi},
                          {"half_lag", c.half_lag},
                          {"peak", value},
                          {"peak_strain", std::isfinite(value) ? nlohmann::json(c.strain[at]) : nlohmann::json()},
                          {"fractal_dimension", box_counting_json(graph_dimension(c.delta2))}});
  }
  const auto [gmin, gmax] = std::minmax_element(m.strain.begin(), m.strain.end());
  return {{"command", "nadm"},
          {"sequence", r.sequence},
          {"frames", seq.size()},
          {"frames_used", m.strain.size()},
          {"stride", r.params.stride},
          {"natoms", seq.natoms()},
          {"atoms_averaged", m.atoms.size()},
          {"strain_range", {*gmin, *gmax}},
          {"max_delta2", max_delta2},
          {"max_delta2_strains", {max_g1, max_g2}},
          {"fractal_dimension", matrix_dimension_json(m.delta2)},
          {"asnad", asnad_json},
          {"output", r.out}};
}

}  // namespace

void run_nadm_command(const std::vector<std::string>& args) {
  const CommandLine line(kNadmSyntax, args);
  if (line.help()) {
    std::cout << kNadmUsage;
    return;
  }
  NadmRequest r = parse_request(line);
  // Before anything is read or written: the matrix must not replace the sequence it is made from.
  refuse_output_over_input(r.out, {r.sequence}, "nadm: --out file");

  const InherentSequenceReader seq(r.sequence);
  if (seq.size() == 0) throw InputError("inherent-structure sequence '" + r.sequence + "' holds no frames");
  NadmParams& p = r.params;
  if (r.subsystem > 0) p.atoms = first_frame_subsystem(seq, r.subsystem);
  std::cerr << "nadm: " << r.sequence << ": " << seq.size() << " frames of " << seq.natoms()
            << " atoms; averaging over " << (p.atoms.empty() ? seq.natoms() : p.atoms.size()) << " atoms, stride "
            << p.stride << std::endl;
  p.progress = [](std::size_t done, std::size_t total) {
    std::cerr << "nadm: row block " << done << " / " << total << std::endl;
  };
  // The ASNaD curves first: they are cheap (one pass) and a bad --xi fails before the matrix.
  std::vector<Asnad> curves;
  for (double xi : r.xis) {
    curves.push_back(asnad(seq, xi, p));
    std::cerr << "nadm: ASNaD xi = " << xi << " (frames k -/+ " << curves.back().half_lag << ")" << std::endl;
  }
  const Nadm m = nadm(seq, p);
  write_nadm(r.out, seq, m, curves);
  std::cout << json_text(result_json(r, seq, m, curves)) << std::endl;
}

}  // namespace metabasin
