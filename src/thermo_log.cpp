#include "thermo_log.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "error.hpp"
#include "number_format.hpp"

namespace metabasin {

TableWriter::TableWriter(const std::string& path, const std::vector<std::string>& columns, const std::string& comment)
    : path_(path), ncol_(columns.size()) {
  const auto parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  out_.open(path, std::ios::trunc);
  if (!out_) throw InputError("cannot open table '" + path + "' for writing");
  if (!comment.empty()) out_ << "# " << comment << "\n";
  out_ << "#";
  for (const auto& c : columns) out_ << " " << c;
  out_ << "\n";
  out_.flush();
}

void TableWriter::row(const std::vector<double>& values) {
  if (!out_.is_open()) return;
  for (std::size_t k = 0; k < values.size(); ++k) out_ << (k ? " " : "") << shortest(values[k]);
  out_ << "\n";
  out_.flush();
  if (!out_) throw InputError("writing table '" + path_ + "' failed");
}

namespace {
double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
std::string duration(double s) {
  char buf[32];
  if (s < 120)
    std::snprintf(buf, sizeof buf, "%.0fs", s);
  else if (s < 7200)
    std::snprintf(buf, sizeof buf, "%.0fm%02.0fs", std::floor(s / 60), std::fmod(s, 60));
  else
    std::snprintf(buf, sizeof buf, "%.0fh%02.0fm", std::floor(s / 3600), std::fmod(s, 3600) / 60);
  return buf;
}
}  // namespace

Progress::Progress(std::string label, long total, long every)
    : label_(std::move(label)), total_(std::max(1L, total)), every_(every), start_(now()) {}

void Progress::update(long done, const std::string& detail) {
  if (every_ <= 0 || (done % every_ != 0 && done != total_)) return;
  const double elapsed = now() - start_;
  const double frac = static_cast<double>(done) / static_cast<double>(total_);
  const double eta = frac > 0 ? elapsed * (1.0 - frac) / frac : 0.0;
  char head[96];
  std::snprintf(head, sizeof head, "%s: %ld/%ld (%.1f%%), ETA %s", label_.c_str(), done, total_, 100.0 * frac,
                duration(eta).c_str());
  std::cerr << head << "  " << detail << std::endl;
}

}  // namespace metabasin
