// SPDX-License-Identifier: BSD-3-Clause
#include "md_restart.hpp"

#include "error.hpp"
#include "hdf5_atoms.hpp"

namespace metabasin {

namespace {
constexpr double kVersion = 1;

template <class T>
std::vector<long long> as_integers(const std::vector<T>& v) {
  return std::vector<long long>(v.begin(), v.end());
}
}  // namespace

void write_md_restart(const std::string& path, const MdRestart& r) {
  const Configuration& c = r.config;
  const hsize_t n = c.size();
  Hdf5Writer h(path);
  h.attribute("/", "format", "metabasin-md-restart");
  h.integer_attribute("/", "version", static_cast<long long>(kVersion));
  h.attribute("/", "task", r.task);
  h.attribute("/", "rate_per_s", r.rate_per_s);
  h.attribute("/", "dt_ps", r.dt);
  h.attribute("/", "temperature_K", r.temperature);
  h.attribute("/", "thermostat", r.thermostat);
  write_atoms_and_cell(h, c);  // IDs, types, cell, as every metabasin file
  h.write("/atoms/masses", c.masses, {c.masses.size()});
  h.write("/atoms/positions", c.x, {n, 3});
  h.write("/atoms/velocities", c.v, {n, 3});
  h.write("/atoms/images", as_integers(c.image), {n, 3});
  h.group("/state");
  h.write("/state/step", std::vector<long long>{r.md.step, r.md.ramp_begin}, {2});
  h.write("/state/strain_temperature", std::vector<double>{r.md.strain, r.md.temperature}, {2});
  h.write("/state/thermostat", r.md.thermostat, {r.md.thermostat.size()});
  h.write_strings("/state/random", {r.md.thermostat_random, r.md.barostat_random});
  h.group("/gathered");
  h.write("/gathered/strain", r.strain, {r.strain.size()});
  h.write("/gathered/shear_stress", r.stress, {r.stress.size()});
  h.write("/gathered/is_strain", r.is_strain, {r.is_strain.size()});
  h.write("/gathered/is_shear_stress", r.is_stress, {r.is_stress.size()});
  std::vector<std::string> paths;
  std::vector<long long> bytes;
  for (const auto& [p, b] : r.text_bytes) {
    paths.push_back(p);
    bytes.push_back(static_cast<long long>(b));
  }
  h.group("/outputs");
  h.write_strings("/outputs/path", paths);
  h.write("/outputs/bytes", bytes, {bytes.size()});
  h.write_strings("/outputs/sequence_path", {r.sequence_path});
  h.write("/outputs/sequence_frames", std::vector<long long>{static_cast<long long>(r.sequence_frames)}, {1});
  h.close();
}

MdRestart read_md_restart(const std::string& path) {
  Hdf5Reader h(path);
  if (h.string_attribute("/", "format") != "metabasin-md-restart")
    throw InputError("'" + path + "' is not an MD restart file (format " + h.string_attribute("/", "format") + ")");
  if (h.double_attribute("/", "version") != kVersion)
    throw InputError("MD restart file '" + path + "' has version " + std::to_string(h.double_attribute("/", "version")) +
                     "; this metabasin reads version 1");
  MdRestart r;
  r.task = h.string_attribute("/", "task");
  r.rate_per_s = h.double_attribute("/", "rate_per_s");
  r.dt = h.double_attribute("/", "dt_ps");
  r.temperature = h.double_attribute("/", "temperature_K");
  r.thermostat = h.string_attribute("/", "thermostat");
  Configuration& c = r.config;
  c = read_atoms_and_cell(h);
  c.masses = h.doubles("/atoms/masses");
  if (!c.masses.empty()) c.ntypes = static_cast<int>(c.masses.size());
  c.x = h.doubles("/atoms/positions");
  c.v = h.doubles("/atoms/velocities");
  c.image.clear();
  for (long long i : h.integers("/atoms/images")) c.image.push_back(static_cast<int>(i));
  const std::size_t n = c.size();
  if (c.x.size() != 3 * n || c.v.size() != 3 * n || c.image.size() != 3 * n)
    throw InputError("MD restart file '" + path + "' is damaged: its atom datasets do not agree in size");
  const std::vector<long long> step = h.integers("/state/step");
  const std::vector<double> st = h.doubles("/state/strain_temperature");
  const std::vector<std::string> random = h.strings("/state/random");
  if (step.size() != 2 || st.size() != 2 || random.size() != 2)
    throw InputError("MD restart file '" + path + "' is damaged: /state has the wrong shape");
  r.md.step = step[0];
  r.md.ramp_begin = step[1];
  r.md.strain = st[0];
  r.md.temperature = st[1];
  r.md.thermostat = h.doubles("/state/thermostat");
  r.md.thermostat_random = random[0];
  r.md.barostat_random = random[1];
  r.strain = h.doubles("/gathered/strain");
  r.stress = h.doubles("/gathered/shear_stress");
  r.is_strain = h.doubles("/gathered/is_strain");
  r.is_stress = h.doubles("/gathered/is_shear_stress");
  const std::vector<std::string> paths = h.strings("/outputs/path");
  const std::vector<long long> bytes = h.integers("/outputs/bytes");
  const std::vector<long long> frames = h.integers("/outputs/sequence_frames");
  if (paths.size() != bytes.size() || frames.size() != 1 || r.strain.size() != r.stress.size() ||
      r.is_strain.size() != r.is_stress.size())
    throw InputError("MD restart file '" + path + "' is damaged: /outputs or /gathered do not agree in size");
  for (std::size_t k = 0; k < paths.size(); ++k) r.text_bytes[paths[k]] = static_cast<std::uintmax_t>(bytes[k]);
  r.sequence_frames = static_cast<std::uint64_t>(frames[0]);
  const std::vector<std::string> seq = h.strings("/outputs/sequence_path");
  if (seq.size() != 1) throw InputError("MD restart file '" + path + "' is damaged: /outputs/sequence_path");
  r.sequence_path = seq[0];
  return r;
}

}  // namespace metabasin
