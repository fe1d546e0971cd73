// `arrivals:` of an open workload: `poisson`, `constant`, a map that is a
// distribution of inter-arrival times, `{mmpp: [{rate, mean_sojourn}, …]}`
// (bursts) or `{trace: FILE}` (replayed arrival times).
#include "scenario/arrivals_reader.hpp"

#include <algorithm>
#include <string>

#include "scenario/distribution_reader.hpp"
#include "scenario/suggest.hpp"
#include "scenario/trace_reader.hpp"
#include "scenario/yaml_reader.hpp"

namespace svcsim::detail {
namespace {

/// More states than anyone writes; keeps a hostile file from building a huge chain.
constexpr std::size_t kMaxMmppStates = 100;

/// The stationary mean rate of an MMPP whose states are visited in a cycle:
/// each state's rate weighted by its mean sojourn.
double mmpp_mean_rate(const std::vector<MmppState>& states) {
  double weighted = 0, total = 0;
  for (const MmppState& s : states) {
    weighted += s.rate_per_s * s.mean_sojourn.seconds();
    total += s.mean_sojourn.seconds();
  }
  return total > 0 ? weighted / total : 0;
}

void read_mmpp(const YamlNode& node, Workload& w, Diagnostics& diag) {
  if (!expect_list(node, "mmpp", diag)) return;
  if (node.items.empty() || node.items.size() > kMaxMmppStates) {
    diag.error(node.where, "'mmpp' needs 1 to " + std::to_string(kMaxMmppStates) +
                               " states, e.g. mmpp: [{rate: 500/s, mean_sojourn: 30s}, {rate: 5000/s, "
                               "mean_sojourn: 5s}]");
    return;
  }
  const auto rate = [&](const YamlNode& n, std::string_view k) { return read_rate(n, k, diag); };
  const auto span = [&](const YamlNode& n, std::string_view k) { return read_positive_duration(n, k, diag); };
  std::vector<MmppState> states;
  bool ok = true;
  for (const auto& item : node.items) {
    if (!item.is_map()) {
      diag.error(item.where, "an mmpp state must be a map like {rate: 500/s, mean_sojourn: 30s}, not " +
                                 std::string(describe_type(item)));
      ok = false;
      continue;
    }
    MapReader r(item, diag);
    MmppState s;
    const bool rate_ok =
        read_required_field(r, "rate", "arrivals per second in this state, e.g. rate: 500/s", s.rate_per_s, rate);
    const bool sojourn_ok = read_required_field(
        r, "mean_sojourn", "how long the state lasts on average, e.g. mean_sojourn: 30s", s.mean_sojourn, span);
    ok = ok && rate_ok && sojourn_ok;
    r.finish();
    states.push_back(s);
  }
  if (!ok) return;
  if (std::none_of(states.begin(), states.end(), [](const MmppState& s) { return s.rate_per_s > 0; })) {
    diag.error(node.where, "every mmpp state has rate 0: nothing would ever arrive");
    return;
  }
  w.arrivals = ArrivalProcess::mmpp;
  w.mmpp = std::move(states);
  w.rate_per_s = mmpp_mean_rate(w.mmpp);
}

void read_trace(const YamlNode& node, Workload& w, Diagnostics& diag) {
  const auto path = read_string(node, "trace", diag);
  if (!path) return;
  auto times = read_trace_file(*path, node.where, diag);
  if (!times) return;
  w.arrivals = ArrivalProcess::trace;
  w.trace = std::move(times);
}

}  // namespace

void set_trace_rates(std::vector<Workload>& workloads, Duration duration) {
  if (duration.ns <= 0) return;
  for (Workload& w : workloads) {
    if (w.arrivals != ArrivalProcess::trace || !w.trace) continue;
    const auto before = std::lower_bound(w.trace->begin(), w.trace->end(), duration.ns) - w.trace->begin();
    w.rate_per_s = static_cast<double>(before) / duration.seconds();
  }
}

void read_arrivals(const YamlNode& node, Workload& w, Diagnostics& diag) {
  if (node.is_map()) {
    if (node.find("mmpp") || node.find("trace")) {
      MapReader r(node, diag);
      const YamlNode* mmpp = r.get("mmpp");
      const YamlNode* trace = r.get("trace");
      r.finish();
      if (mmpp && trace) {
        diag.error(r.key_where("trace"), "'arrivals' is either {mmpp: …} or {trace: …}, not both");
      } else if (mmpp) {
        read_mmpp(*mmpp, w, diag);
      } else {
        read_trace(*trace, w, diag);
      }
      return;
    }
    if (auto dist = read_distribution_map(node, diag, {})) {
      w.arrivals = ArrivalProcess::distribution;
      w.interarrival = std::move(*dist);
    }
    return;
  }
  if (node.is_scalar() && (node.scalar == "mmpp" || node.scalar == "trace")) {
    diag.error(node.where, node.scalar == "mmpp"
                               ? std::string("'arrivals: mmpp' needs its states: arrivals: {mmpp: [{rate: 500/s, "
                                             "mean_sojourn: 30s}, {rate: 5000/s, mean_sojourn: 5s}]}")
                               : std::string("'arrivals: trace' needs its file: arrivals: {trace: arrivals.csv}"));
    return;
  }
  static const std::vector<std::string> names = {"poisson", "constant"};
  const auto v = read_choice(node, "arrivals", names, diag);
  if (!v) return;
  w.arrivals = *v == 0 ? ArrivalProcess::poisson : ArrivalProcess::constant;
}

}  // namespace svcsim::detail
