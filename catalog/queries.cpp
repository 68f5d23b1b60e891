// SPDX-License-Identifier: BSD-3-Clause
#include "queries.hpp"

#include <algorithm>
#include <cmath>
#include <queue>
#include <sstream>

#include "error.hpp"
#include "number_format.hpp"
#include "units.hpp"

namespace metabasin {

namespace {

bool same_strain(const Catalog& c, double a, double b) { return std::abs(a - b) <= c.tolerances().strain; }

}  // namespace

CatalogSummary catalog_summary(const Catalog& c) {
  CatalogSummary s;
  s.natoms = c.atoms().size();
  s.potential = c.potential();
  s.minima = c.minima();
  s.saddles = c.saddles();
  s.strains = c.strains();
  for (std::size_t v = 0; v < c.minima(); ++v) {
    const double e = c.minimum(v).energy;
    s.force_calls += c.minimum(v).force_calls;
    if (!s.minimum_energy_range) s.minimum_energy_range = std::make_pair(e, e);
    s.minimum_energy_range->first = std::min(s.minimum_energy_range->first, e);
    s.minimum_energy_range->second = std::max(s.minimum_energy_range->second, e);
  }
  for (std::size_t e = 0; e < c.saddles(); ++e) {
    const Transition& t = c.saddle(e);
    s.force_calls += t.force_calls;
    s.vanished_saddles += t.vanished ? 1 : 0;
    if (t.vanished) continue;
    const double b = t.forward_barrier;
    if (!s.forward_barrier_range) s.forward_barrier_range = std::make_pair(b, b);
    s.forward_barrier_range->first = std::min(s.forward_barrier_range->first, b);
    s.forward_barrier_range->second = std::max(s.forward_barrier_range->second, b);
  }
  return s;
}

std::vector<MinimumRow> list_minima(const Catalog& c, MinimumOrder order) {
  std::vector<MinimumRow> rows;
  for (std::size_t v = 0; v < c.minima(); ++v) rows.push_back({v, &c.minimum(v), boost::degree(v, c.graph())});
  if (order == MinimumOrder::energy)
    std::stable_sort(rows.begin(), rows.end(),
                     [](const MinimumRow& a, const MinimumRow& b) { return a.state->energy < b.state->energy; });
  return rows;
}

std::vector<SaddleRow> list_saddles(const Catalog& c, const SaddleFilter& f) {
  std::vector<SaddleRow> rows;
  for (std::size_t e = 0; e < c.saddles(); ++e) {
    const Transition& t = c.saddle(e);
    // A vanished saddle has no barrier (NaN): a barrier bound leaves it out.
    if (f.min_barrier && !(t.forward_barrier >= *f.min_barrier)) continue;
    if (f.max_barrier && !(t.forward_barrier <= *f.max_barrier)) continue;
    if (f.strain && !same_strain(c, t.strain, *f.strain)) continue;
    rows.push_back({e, &t});
  }
  auto key = [&](const SaddleRow& r) {
    switch (f.order) {
      case SaddleOrder::barrier: return r.saddle->forward_barrier;
      case SaddleOrder::energy: return r.saddle->energy;
      case SaddleOrder::index: break;
    }
    return static_cast<double>(r.index);
  };
  // A vanished saddle's barrier is NaN: it sorts last (NaN compared as is would break the sort).
  std::stable_sort(rows.begin(), rows.end(), [&](const SaddleRow& a, const SaddleRow& b) {
    const double x = key(a), y = key(b);
    return std::isnan(y) ? !std::isnan(x) : x < y;
  });
  return rows;
}

std::string held_strains(const Catalog& c) {
  const auto strains = c.strains();
  if (strains.empty()) return "none (the catalog is empty)";
  std::string out;
  for (double g : strains) out += (out.empty() ? "" : ", ") + shortest(g);
  return out;
}

double held_strain(const Catalog& c, double strain) {
  for (double g : c.strains())
    if (same_strain(c, g, strain)) return g;
  throw InputError("the catalog holds no states at strain " + shortest(strain) + "; it holds strains " +
                   held_strains(c));
}

BarrierSpectrum barrier_spectrum(const Catalog& c, const SpectrumParams& p) {
  if (!(p.bin > 0.0) || !std::isfinite(p.bin))
    throw InputError("the bin width must be a positive number of eV, not " + shortest(p.bin));
  const auto strains = c.strains();
  BarrierSpectrum s;
  s.bin = p.bin;
  s.strain = p.strain ? held_strain(c, *p.strain) : (strains.empty() ? 0.0 : strains.front());
  std::vector<double> b;
  for (std::size_t e = 0; e < c.saddles(); ++e) {
    const Transition& t = c.saddle(e);
    if (!t.vanished && same_strain(c, t.strain, s.strain)) b.push_back(t.forward_barrier);
  }
  s.saddles = b.size();
  if (b.empty()) return s;
  const auto [low, high] = std::minmax_element(b.begin(), b.end());
  // Counted in doubles first: a tiny width must not overflow the count it is checked by.
  const double first = std::floor(std::min(0.0, *low) / p.bin);
  const double count = std::floor(*high / p.bin) - first + 1.0;
  if (!(count <= static_cast<double>(kMaxSpectrumBins)))
    throw InputError("a bin width of " + shortest(p.bin) + " eV needs " + brief(count) +
                     " bins for barriers from " + brief(std::min(0.0, *low)) + " to " + brief(*high) +
                     " eV; at most " + std::to_string(kMaxSpectrumBins) + " are drawn (use a width of at least " +
                     brief((*high - std::min(0.0, *low)) / static_cast<double>(kMaxSpectrumBins - 1)) + " eV)");
  const long n = static_cast<long>(count);
  for (long k = 0; k < n; ++k) {
    const double from = (first + static_cast<double>(k)) * p.bin;
    s.bins.push_back({from, from + p.bin, 0});
  }
  for (double x : b) {
    const long k = std::clamp(static_cast<long>(std::floor(x / p.bin) - first), 0L, n - 1);
    ++s.bins[static_cast<std::size_t>(k)].count;
  }
  return s;
}

double good_turing_coverage(long once, long finds) {
  return finds > 0 ? 1.0 - static_cast<double>(once) / static_cast<double>(finds) : 0.0;
}

namespace {

/// The mean of a Poisson count above which seeing `k` or fewer has chance below `alpha`
/// (bisection on the cumulative distribution, which falls as the mean grows).
double poisson_upper_mean(long k, double alpha) {
  const auto cumulative = [k](double mean) {
    double term = std::exp(-mean), sum = term;
    for (long i = 1; i <= k; ++i) sum += term *= mean / static_cast<double>(i);
    return sum;
  };
  double lo = 0.0, hi = 10.0 + 5.0 * static_cast<double>(k);
  while (cumulative(hi) > alpha) hi *= 2.0;
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (lo + hi);
    (cumulative(mid) > alpha ? lo : hi) = mid;
  }
  return hi;
}

}  // namespace

double missing_share_bound(long once, long twice, long finds) {
  if (finds <= 0) return 1.0;
  const double n = static_cast<double>(finds), f1 = static_cast<double>(once), f2 = static_cast<double>(twice);
  const double z = 1.959964, alpha = 0.025;  // one-sided 97.5 %
  const double esty = (f1 + z * std::sqrt(std::max(0.0, f1 + 2.0 * f2 - f1 * f1 / n))) / n;
  return std::min(1.0, std::max(esty, poisson_upper_mean(once, alpha) / n));
}

double chao1_events(long events, long once, long twice) {
  return static_cast<double>(events) +
         static_cast<double>(once) * static_cast<double>(once - 1) / (2.0 * static_cast<double>(twice + 1));
}

namespace {

/// The sampled events' barriers (from `from`, or forward) and times found, at strain `g`.
std::vector<FoundEvent> sampled_events(const Catalog& c, double g, std::optional<std::size_t> from) {
  std::vector<FoundEvent> out;
  for (std::size_t e = 0; e < c.saddles(); ++e) {
    const Transition& t = c.saddle(e);
    if (t.vanished || t.found_by.rfind("strain/", 0) == 0 || !same_strain(c, t.strain, g)) continue;
    if (from && t.from != *from && t.to != *from) continue;
    const double barrier = from ? t.energy - c.minimum(*from).energy : t.forward_barrier;
    out.push_back({barrier, static_cast<long>(t.times_found)});
  }
  return out;
}

CompletenessRow completeness_row(const std::vector<FoundEvent>& events, std::optional<double> up_to) {
  CompletenessRow r;
  r.up_to = up_to;
  for (const FoundEvent& e : events) {
    if (up_to && !(e.barrier <= *up_to)) continue;
    ++r.events;
    r.finds += e.times_found;
    r.once += e.times_found == 1 ? 1 : 0;
    r.twice += e.times_found == 2 ? 1 : 0;
  }
  if (r.finds > 0) {
    r.coverage = good_turing_coverage(r.once, r.finds);
    r.estimated_events = chao1_events(r.events, r.once, r.twice);
  }
  return r;
}

}  // namespace

SamplingCompleteness sampling_completeness(const Catalog& c, const CompletenessParams& p) {
  SamplingCompleteness s;
  s.from = p.from;
  if (p.from && *p.from >= c.minima())
    throw InputError("there is no minimum " + std::to_string(*p.from) + "; minima are numbered 0 to " +
                     std::to_string(static_cast<long>(c.minima()) - 1));
  const auto strains = c.strains();
  if (p.strain) s.strain = held_strain(c, *p.strain);
  else if (p.from) s.strain = c.minimum(*p.from).strain;
  else s.strain = strains.empty() ? 0.0 : strains.front();
  if (p.from && !same_strain(c, c.minimum(*p.from).strain, s.strain))
    throw InputError("minimum " + std::to_string(*p.from) + " is at strain " + shortest(c.minimum(*p.from).strain) +
                     ", not " + shortest(s.strain));
  s.rows = completeness_rows(sampled_events(c, s.strain, p.from), p.up_to);
  return s;
}

std::vector<CompletenessRow> completeness_rows(const std::vector<FoundEvent>& events, std::vector<double> up_to) {
  for (double q : up_to)
    if (!std::isfinite(q)) throw InputError("a barrier bound must be a finite number of eV, not " + shortest(q));
  std::sort(up_to.begin(), up_to.end());
  up_to.erase(std::unique(up_to.begin(), up_to.end()), up_to.end());
  std::vector<CompletenessRow> rows;
  for (double q : up_to) rows.push_back(completeness_row(events, q));
  rows.push_back(completeness_row(events, std::nullopt));
  return rows;
}

BarrierPath lowest_barrier_path(const Catalog& c, std::size_t a, std::size_t b) {
  const std::size_t n = c.minima();
  for (std::size_t v : {a, b})
    if (v >= n)
      throw InputError("path: there is no minimum " + std::to_string(v) + "; minima are numbered 0 to " +
                       std::to_string(static_cast<long>(n) - 1));
  BarrierPath p;
  p.from = a;
  p.to = b;
  p.strain = c.minimum(a).strain;
  if (!same_strain(c, c.minimum(b).strain, p.strain))
    throw InputError("path: minimum " + std::to_string(a) + " is at strain " + shortest(p.strain) + " and minimum " +
                     std::to_string(b) + " at strain " + shortest(c.minimum(b).strain) +
                     "; saddles join minima at one strain, so no path joins them");
  if (a == b) {
    p.minima = {a};
    p.highest_saddle_energy = c.minimum(a).energy;
    return p;
  }
  // Dijkstra with max in place of +: best[v] is the lowest highest-saddle of a path to v.
  std::vector<double> best(n, INFINITY);
  std::vector<long> via(n, -1);  // saddle index that reached each minimum
  std::vector<bool> done(n, false);
  best[a] = -INFINITY;
  using Item = std::pair<double, std::size_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
  queue.push({best[a], a});
  while (!queue.empty()) {
    const auto [height, v] = queue.top();
    queue.pop();
    if (done[v]) continue;
    done[v] = true;
    if (v == b) break;
    for (auto [e, end] = boost::out_edges(v, c.graph()); e != end; ++e) {
      const std::size_t index = c.graph()[*e];
      const Transition& t = c.saddle(index);
      if (t.vanished || !same_strain(c, t.strain, p.strain)) continue;
      const std::size_t w = boost::target(*e, c.graph());
      const double h = std::max(height, t.energy);
      if (h < best[w]) {
        best[w] = h;
        via[w] = static_cast<long>(index);
        queue.push({h, w});
      }
    }
  }
  if (!done[b])
    throw InputError("path: no path of live saddles joins minima " + std::to_string(a) + " and " + std::to_string(b) +
                     " at strain " + shortest(p.strain));
  p.minima = {b};
  for (std::size_t v = b; v != a;) {
    const Transition& t = c.saddle(static_cast<std::size_t>(via[v]));
    p.saddles.push_back(static_cast<std::size_t>(via[v]));
    v = t.from == v ? t.to : t.from;
    p.minima.push_back(v);
  }
  std::reverse(p.minima.begin(), p.minima.end());
  std::reverse(p.saddles.begin(), p.saddles.end());
  p.highest_saddle_energy = best[b];
  p.barrier = best[b] - c.minimum(a).energy;
  return p;
}

namespace {

// Running sums of one strain's barrier shifts and stress changes.
struct ShiftSums {
  long events = 0, survived = 0;
  double shift = 0.0, dtau = 0.0;
  StrainStepResponse at(double strain) const {
    StrainStepResponse r;
    r.strain = strain;
    r.events = events;
    r.survived = survived;
    r.survival_fraction = events ? static_cast<double>(survived) / static_cast<double>(events) : 0.0;
    r.mean_barrier_shift = survived ? shift / static_cast<double>(survived) : 0.0;
    r.mean_stress_change = survived ? dtau / static_cast<double>(survived) : 0.0;
    return r;
  }
};

}  // namespace

StrainResponse barrier_strain_response(const Catalog& c, std::optional<double> min_barrier) {
  StrainResponse out;
  out.strains = c.strains();
  out.min_barrier = min_barrier;
  const std::vector<double>& strains = out.strains;
  std::vector<std::vector<std::size_t>> children(c.saddles());
  for (std::size_t e = 0; e < c.saddles(); ++e)
    if (c.saddle(e).parent >= 0) children[static_cast<std::size_t>(c.saddle(e).parent)].push_back(e);
  // Per strain: from the previous strain, and from the strain where each event was sampled.
  std::vector<ShiftSums> step(strains.size()), since(strains.size());
  // The least-squares activation volume over every (event, strain) pair: a slope through the
  // origin of the barrier change against the stress change, far less noisy than one small
  // step's ratio of means.
  double sum_xy = 0.0, sum_xx = 0.0;
  std::vector<double> event_volumes;  // each followed event's own slope (A^3)
  auto strain_index = [&](double g) {
    for (std::size_t k = 0; k < strains.size(); ++k)
      if (same_strain(c, strains[k], g)) return k;
    return strains.size();
  };
  for (std::size_t root = 0; root < c.saddles(); ++root) {
    const Transition& sampled = c.saddle(root);
    if (sampled.parent >= 0 || (min_barrier && !(sampled.forward_barrier >= *min_barrier))) continue;
    EventResponse ev{root, sampled.from, sampled.to, {{sampled.strain, sampled.forward_barrier}}};
    if (sampled.vanished) ev.barriers.front().barrier.reset();
    std::size_t e = root;
    double event_xy = 0.0, event_xx = 0.0;  // this event's own slope
    while (!c.saddle(e).vanished && !children[e].empty()) {
      const std::size_t next = children[e].front();
      const Transition &a = c.saddle(e), &b = c.saddle(next);
      const std::size_t k = strain_index(b.strain);
      if (k < strains.size()) {
        ++step[k].events;
        if (!b.vanished) {
          ++step[k].survived;
          step[k].shift += b.forward_barrier - a.forward_barrier;
          step[k].dtau += c.minimum(b.from).pressure_xy - c.minimum(a.from).pressure_xy;
          const double y = b.forward_barrier - sampled.forward_barrier;
          const double x = c.minimum(b.from).pressure_xy - c.minimum(sampled.from).pressure_xy;
          ++since[k].survived;
          since[k].shift += y;
          since[k].dtau += x;
          if (std::isfinite(x) && std::isfinite(y)) {
            sum_xy += x * y;
            sum_xx += x * x;
            event_xy += x * y;
            event_xx += x * x;
            ++out.fit.points;
          }
        }
      }
      ev.barriers.push_back({b.strain, b.vanished ? std::nullopt : std::optional<double>(b.forward_barrier)});
      e = next;
    }
    out.events.push_back(std::move(ev));
    // A later strain counts the event if it was followed there (alive or vanished) or it
    // vanished before; a chain that just stops (merged onto another event's saddle, or not
    // re-evaluated further) is not counted as lost.
    const std::size_t k0 = strain_index(sampled.strain), k_end = strain_index(c.saddle(e).strain);
    const bool lost = c.saddle(e).vanished;
    if (event_xx > 1e-24) event_volumes.push_back(event_xy / event_xx * units::ev_per_a3_to_gpa);
    for (std::size_t k = k0 + 1; k0 < strains.size() && k < strains.size(); ++k)
      if (k <= k_end || lost) since[k].events += 1;
  }
  for (std::size_t k = 1; k < strains.size(); ++k) {
    if (step[k].events > 0) {
      StrainStepResponse r = step[k].at(strains[k]);
      if (r.survived && std::abs(r.mean_stress_change) > 1e-12 && std::isfinite(r.mean_stress_change))
        r.activation_volume = r.mean_barrier_shift / r.mean_stress_change *
                              units::ev_per_a3_to_gpa;  // -dQ/dtau with tau = -p_xy; eV/GPa -> A^3
      out.steps.push_back(r);
    }
    if (since[k].events > 0) out.since_sampled.push_back(since[k].at(strains[k]));
  }
  if (out.fit.points > 0 && sum_xx > 1e-24)
    out.fit.activation_volume = sum_xy / sum_xx * units::ev_per_a3_to_gpa;  // dQ/dp_xy = -dQ/dtau; eV/GPa -> A^3
  // Events in a glass are oriented every way, so their volumes scatter about the mean with
  // both signs: the spread says how far the mean of a few events can be trusted.
  out.fit.events = static_cast<long>(event_volumes.size());
  if (!event_volumes.empty()) {
    const double n = static_cast<double>(event_volumes.size());
    double mean = 0.0, var = 0.0;
    for (double v : event_volumes) mean += v / n;
    for (double v : event_volumes) var += (v - mean) * (v - mean);
    out.fit.event_mean = mean;
    if (event_volumes.size() > 1) out.fit.event_sem = std::sqrt(var / (n - 1.0) / n);
  }
  return out;
}

namespace {

std::string xml_escape(const std::string& t) {
  std::string o;
  for (char ch : t)
    o += ch == '<' ? "&lt;" : ch == '>' ? "&gt;" : ch == '&' ? "&amp;" : ch == '"' ? "&quot;" : std::string(1, ch);
  return o;
}

std::string number_or_nan(double v) { return std::isfinite(v) ? shortest(v) : "NaN"; }

std::string graphml(const Catalog& c) {
  std::ostringstream o;
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n";
  const char* vkeys[][2] = {{"energy", "double"}, {"strain", "double"}, {"found_by", "string"}};
  for (const auto& k : vkeys)
    o << "  <key id=\"v_" << k[0] << "\" for=\"node\" attr.name=\"" << k[0] << "\" attr.type=\"" << k[1] << "\"/>\n";
  const char* ekeys[][2] = {{"energy", "double"}, {"forward_barrier", "double"}, {"backward_barrier", "double"},
                            {"strain", "double"}, {"vanished", "boolean"},       {"found_by", "string"},
                            {"times_found", "int"}};
  for (const auto& k : ekeys)
    o << "  <key id=\"e_" << k[0] << "\" for=\"edge\" attr.name=\"" << k[0] << "\" attr.type=\"" << k[1] << "\"/>\n";
  o << "  <graph id=\"catalog\" edgedefault=\"undirected\">\n";
  for (std::size_t v = 0; v < c.minima(); ++v)
    o << "    <node id=\"m" << v << "\"><data key=\"v_energy\">" << shortest(c.minimum(v).energy)
      << "</data><data key=\"v_strain\">" << shortest(c.minimum(v).strain) << "</data><data key=\"v_found_by\">"
      << xml_escape(c.minimum(v).found_by) << "</data></node>\n";
  for (std::size_t e = 0; e < c.saddles(); ++e) {
    const Transition& t = c.saddle(e);
    o << "    <edge id=\"s" << e << "\" source=\"m" << t.from << "\" target=\"m" << t.to << "\"><data key=\"e_energy\">"
      << shortest(t.energy) << "</data><data key=\"e_forward_barrier\">" << number_or_nan(t.forward_barrier)
      << "</data><data key=\"e_backward_barrier\">" << number_or_nan(t.backward_barrier)
      << "</data><data key=\"e_strain\">" << shortest(t.strain) << "</data><data key=\"e_vanished\">"
      << (t.vanished ? "true" : "false") << "</data><data key=\"e_found_by\">" << xml_escape(t.found_by)
      << "</data><data key=\"e_times_found\">" << t.times_found << "</data></edge>\n";
  }
  o << "  </graph>\n</graphml>\n";
  return o.str();
}

std::string dot(const Catalog& c) {
  std::ostringstream o;
  o << "graph catalog {\n";
  for (std::size_t v = 0; v < c.minima(); ++v)
    o << "  m" << v << " [label=\"" << v << "\\n" << brief(c.minimum(v).energy)
      << " eV\", energy=" << shortest(c.minimum(v).energy) << ", strain=" << shortest(c.minimum(v).strain) << "];\n";
  for (std::size_t e = 0; e < c.saddles(); ++e) {
    const Transition& t = c.saddle(e);
    o << "  m" << t.from << " -- m" << t.to << " [label=\"" << (t.vanished ? "vanished" : brief(t.forward_barrier))
      << "\", energy=" << shortest(t.energy) << ", strain=" << shortest(t.strain)
      << (t.vanished ? ", style=dashed" : "") << "];\n";
  }
  o << "}\n";
  return o.str();
}

StateSnapshot snapshot(const Catalog& c, const VectorXd& x, double strain, double energy) {
  return StateSnapshot{c.atoms_at(strain, x), catalog_elements(c), energy, strain};
}

}  // namespace

std::string graph_document(const Catalog& c, GraphFormat format) {
  return format == GraphFormat::graphml ? graphml(c) : dot(c);
}

StateSnapshot minimum_snapshot(const Catalog& c, std::size_t v) {
  if (v >= c.minima())
    throw InputError("there is no minimum " + std::to_string(v) + "; minima are numbered 0 to " +
                     std::to_string(static_cast<long>(c.minima()) - 1));
  return snapshot(c, c.minimum_positions(v), c.minimum(v).strain, c.minimum(v).energy);
}

StateSnapshot saddle_snapshot(const Catalog& c, std::size_t e) {
  if (e >= c.saddles())
    throw InputError("there is no saddle " + std::to_string(e) + "; saddles are numbered 0 to " +
                     std::to_string(static_cast<long>(c.saddles()) - 1));
  return snapshot(c, c.saddle_positions(e), c.saddle(e).strain, c.saddle(e).energy);
}

std::vector<std::string> catalog_elements(const Catalog& c) {
  // The potential signature (src/app/setup.cpp, potential_signature) is the style followed,
  // for every style but the model surfaces, by potential.elements: one symbol per data-file
  // type, in type order.
  std::istringstream in(c.potential());
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  const std::size_t ntypes = static_cast<std::size_t>(std::max(1, c.atoms().ntypes));
  if (words.empty() || words.front() == "muller-brown") return std::vector<std::string>(ntypes, "X");
  std::vector<std::string> elements;
  for (std::size_t k = 1; k < words.size() && elements.size() < ntypes; ++k) {
    if (words[k] == "shifted" || words[k] == "unshifted") break;  // lj: the parameters follow
    elements.push_back(words[k]);
  }
  if (elements.size() != ntypes)
    throw InputError("the catalog's potential ('" + c.potential() + "') does not name an element for each of its " +
                     std::to_string(ntypes) + " atom types");
  return elements;
}

}  // namespace metabasin
