// The station keys of a node (SPEC 7.1-7.3) and the criticality and throttle
// of workloads and call steps. Each is checked here with its own message and
// suggestion; nothing about them is checked later.
#include "scenario/station_reader.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "scenario/suggest.hpp"

namespace svcsim::detail {
namespace {

constexpr double kMaxCores = 1'000'000;
constexpr std::int64_t kMaxShed = 1'000'000'000;
constexpr std::int64_t kMaxLimit = 1'000'000;

// In enum order: a choice's index is the enum value.
const std::vector<std::string>& criticality_names() {
  static const std::vector<std::string> names = {"critical_plus", "critical", "sheddable_plus", "sheddable"};
  return names;
}
const std::vector<std::string>& discipline_names() {
  static const std::vector<std::string> names = {"fifo", "lifo", "priority", "priority_preemptive"};
  return names;
}

std::string cores_text(double cores) { return fmt::format("{:g}", cores); }

/// A number of cores: `4`, `0.5`, or millicores `500m` (Kubernetes' notation).
std::optional<double> read_cores(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  const auto text = read_scalar(node, key, diag);
  if (!text) return std::nullopt;
  std::optional<double> cores;
  if (!text->empty() && text->back() == 'm') {
    if (const auto milli = parse_integer(std::string_view(*text).substr(0, text->size() - 1)))
      cores = static_cast<double>(*milli) / 1000.0;
  } else {
    cores = parse_number(*text);
  }
  if (!cores) {
    diag.error(node.where, quote(key) + " must be a number of cores (4, 0.5) or millicores ('500m'), not " +
                               quote(*text));
    return std::nullopt;
  }
  if (!(*cores > 0) || *cores > kMaxCores) {
    diag.error(node.where, quote(key) + " must be greater than 0 (and at most 1000000), not " + quote(*text) +
                               "; e.g. '500m' for half a core");
    return std::nullopt;
  }
  return cores;
}

// Linux's own bounds on cpu.cfs_period_us, 1 ms to 1 s. A shorter period
// would make a quota of a few nanoseconds, rounded to whole ones, and a CPU
// event every few nanoseconds of simulated time: wrong figures, and a run
// that takes hours.
std::optional<Duration> read_cfs_period(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  const auto period = read_duration(node, key, diag);
  if (period && (period->ns < 1'000'000 || period->ns > 1'000'000'000)) {
    diag.error(node.where, quote(key) + " must be from 1ms to 1s (Linux's bounds on a CFS period), not " +
                               quote(node.scalar));
    return std::nullopt;
  }
  return period;
}

std::optional<CpuLimit> read_cpu_limit(const YamlNode& node, Diagnostics& diag) {
  if (!expect_map(node, "cpu_limit", diag)) return std::nullopt;
  MapReader r(node, diag);
  CpuLimit limit;
  bool ok = read_required_field(r, "cores", "the CPU quota per period, e.g. cores: 2 or cores: '500m'", limit.cores,
                                [&](const YamlNode& n, std::string_view k) { return read_cores(n, k, diag); });
  ok = read_field(r, "period", limit.period,
                  [&](const YamlNode& n, std::string_view k) { return read_cfs_period(n, k, diag); }) &&
       ok;
  r.finish();
  if (!ok) return std::nullopt;
  return limit;
}

std::optional<std::array<std::optional<std::int64_t>, kCriticalityLevels>> read_shed(const YamlNode& node,
                                                                                      Diagnostics& diag) {
  if (!expect_map(node, "shed", diag)) return std::nullopt;
  if (node.entries.empty()) {
    diag.error(node.where, "'shed' needs at least one level, e.g. shed: {sheddable: 20}; levels: " +
                               join(criticality_names()));
    return std::nullopt;
  }
  std::array<std::optional<std::int64_t>, kCriticalityLevels> shed;
  bool ok = true;
  for (const auto& e : node.entries) {
    std::size_t level = criticality_names().size();
    for (std::size_t i = 0; i < criticality_names().size(); ++i)
      if (criticality_names()[i] == e.key) level = i;
    if (level == criticality_names().size()) {
      diag.error(e.key_where, "unknown criticality " + quote(e.key) + did_you_mean(e.key, criticality_names()) +
                                  "; expected one of: " + join(criticality_names()));
      ok = false;
      continue;
    }
    const std::string key = "shed." + e.key;
    if (const auto v = read_integer(e.value, key, 0, kMaxShed, diag)) shed[level] = *v;
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return shed;
}

std::optional<AdaptiveConcurrency> read_adaptive(const YamlNode& node, Diagnostics& diag) {
  if (!expect_map(node, "adaptive_concurrency", diag)) return std::nullopt;
  MapReader r(node, diag);
  AdaptiveConcurrency a;
  bool ok = true;
  if (const YamlNode* n = r.get("algorithm")) {
    static const std::vector<std::string> algorithms = {"aimd"};
    ok = read_choice(*n, "algorithm", algorithms, diag).has_value();
  }
  const auto limit = [&](const YamlNode& n, std::string_view k) { return read_integer(n, k, 1, kMaxLimit, diag); };
  ok = read_field(r, "initial_limit", a.initial_limit, limit) && ok;
  ok = read_field(r, "min_limit", a.min_limit, limit) && ok;
  ok = read_field(r, "max_limit", a.max_limit, limit) && ok;
  // A ratio as SPEC 1 writes one, 0.9 or 90%; a bare number above 1 gets
  // this key's own message, not read_ratio's "write 1.5%" (a backoff of 1.5 %
  // is hardly what was meant).
  ok = read_field(r, "backoff_ratio", a.backoff_ratio, [&](const YamlNode& n, std::string_view k) {
         auto v = !n.scalar.empty() && n.scalar.back() == '%' ? read_ratio(n, k, diag) : read_number(n, k, diag);
         if (v && !(*v > 0 && *v < 1)) {
           diag.error(n.where, "'backoff_ratio' must be between 0 and 1 (exclusive), not " + quote(n.scalar) +
                                   "; e.g. 0.9 or 90%");
           v.reset();
         }
         return v;
       }) && ok;
  ok = read_field(r, "timeout", a.timeout,
                  [&](const YamlNode& n, std::string_view k) { return read_positive_duration(n, k, diag); }) &&
       ok;
  if (ok && !(a.min_limit <= a.initial_limit && a.initial_limit <= a.max_limit)) {
    const Where where = r.has("initial_limit") ? r.key_where("initial_limit")
                        : r.has("min_limit")   ? r.key_where("min_limit")
                                               : r.key_where("max_limit");
    diag.error(where, fmt::format("adaptive_concurrency needs min_limit <= initial_limit <= max_limit, not {} <= {} <= {} "
                                  "(defaults: min_limit 1, initial_limit 20, max_limit 200)",
                                  a.min_limit, a.initial_limit, a.max_limit));
    ok = false;
  }
  r.finish();
  if (!ok) return std::nullopt;
  return a;
}

}  // namespace

std::optional<Criticality> read_criticality(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  const auto v = read_choice(node, key, criticality_names(), diag);
  if (!v) return std::nullopt;
  return static_cast<Criticality>(*v);
}

std::optional<ThrottlePolicy> read_throttle(const YamlNode& node, Diagnostics& diag) {
  if (!expect_map(node, "throttle", diag)) return std::nullopt;
  MapReader r(node, diag);
  ThrottlePolicy p;
  bool ok = read_field(r, "k", p.k, [&](const YamlNode& n, std::string_view k) {
    auto v = read_number(n, k, diag);
    if (v && !(*v >= 1)) {
      diag.error(n.where, "throttle 'k' must be at least 1, not " + quote(n.scalar) +
                              " (k = 2 rejects locally once requests exceed twice the accepts)");
      v.reset();
    }
    return v;
  });
  ok = read_field(r, "window", p.window,
                  [&](const YamlNode& n, std::string_view k) { return read_positive_duration(n, k, diag); }) &&
       ok;
  r.finish();
  if (!ok) return std::nullopt;
  return p;
}

void read_station(MapReader& r, Node& node, Diagnostics& diag) {
  if (const YamlNode* n = r.get("cores")) node.cores = read_cores(*n, "cores", diag);
  if (const YamlNode* n = r.get("cpu_limit")) {
    node.cpu_limit = read_cpu_limit(*n, diag);
    // The quota can never exceed what the instance's cores could use.
    const std::optional<double> cpus =
        node.cores ? node.cores : node.concurrency ? std::optional<double>(static_cast<double>(*node.concurrency))
                                                   : std::nullopt;
    if (node.cpu_limit && cpus && node.cpu_limit->cores > *cpus) {
      diag.error(r.key_where("cpu_limit"),
                 "cpu_limit 'cores' (" + cores_text(node.cpu_limit->cores) + ") is above the instance's " +
                     (node.cores ? "'cores' (" : "cores (one per worker: concurrency ") + cores_text(*cpus) +
                     "); a quota above the CPU it limits never throttles: lower it or raise 'cores'");
      node.cpu_limit.reset();
    }
  }
  if (const YamlNode* n = r.get("discipline")) {
    if (const auto v = read_choice(*n, "discipline", discipline_names(), diag))
      node.discipline = static_cast<Discipline>(*v);
  }
  if (const YamlNode* n = r.get("shed")) {
    if (auto v = read_shed(*n, diag)) node.shed = *v;
  }
  if (const YamlNode* n = r.get("adaptive_concurrency")) node.adaptive_concurrency = read_adaptive(*n, diag);
}

}  // namespace svcsim::detail
