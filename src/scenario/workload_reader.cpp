// Workloads: each is either open (arrivals at a rate, possibly scheduled) or
// closed (a fixed population of users that think between requests).
#include "scenario/workload_reader.hpp"

#include <cmath>
#include <unordered_map>
#include <utility>

#include "scenario/arrivals_reader.hpp"
#include "scenario/distribution_reader.hpp"
#include "scenario/identifier.hpp"
#include "scenario/station_reader.hpp"
#include "scenario/suggest.hpp"
#include "scenario/yaml_reader.hpp"

namespace svcsim::detail {
namespace {

constexpr std::int64_t kMaxUsers = 1'000'000;
constexpr std::size_t kMaxScheduleEntries = 10'000;
constexpr std::int64_t kMaxCatalogItems = 10'000'000;

/// `catalog: {items: N, zipf: s}`: the item keys requests carry to caches.
std::optional<Catalog> read_catalog(const YamlNode& node, Diagnostics& diag) {
  if (!expect_map(node, "catalog", diag)) return std::nullopt;
  MapReader r(node, diag);
  Catalog c;
  bool ok = true;
  if (const YamlNode* n = r.require("items", "how many distinct items requests ask for, e.g. items: 100000")) {
    const auto v = read_integer(*n, "items", 1, kMaxCatalogItems, diag);
    if (v) c.items = *v;
    ok = v.has_value();
  } else {
    ok = false;
  }
  if (const YamlNode* n = r.get("zipf")) {
    auto v = read_number(*n, "zipf", diag);
    if (v && *v < 0) {
      diag.error(n->where, "'zipf' must be 0 (all items alike) or more, not " + quote(n->scalar));
      v.reset();
    }
    if (v) c.zipf = *v;
    ok = ok && v;
  }
  r.finish();
  if (!ok) return std::nullopt;
  return c;
}

void read_schedule(const YamlNode& node, Workload& w, Diagnostics& diag) {
  if (!expect_list(node, "schedule", diag)) return;
  if (node.items.size() > kMaxScheduleEntries) {
    diag.error(node.where, "'schedule' has more than " + std::to_string(kMaxScheduleEntries) + " entries");
    return;
  }
  std::optional<Duration> previous;
  for (const auto& item : node.items) {
    if (!item.is_map()) {
      diag.error(item.where, "a schedule entry must be a map like {at: 5m, rate: 300/s}, not " +
                                 std::string(describe_type(item)));
      continue;
    }
    MapReader r(item, diag);
    RateChange change;
    bool ok = true;
    if (const YamlNode* at = r.require("at", "when the rate changes, e.g. at: 5m")) {
      const auto v = read_duration(*at, "at", diag);
      if (v && previous && *v <= *previous) {
        diag.error(at->where, "'at' (" + format_duration(*v) + ") must come after the previous change (" +
                                  format_duration(*previous) + ")");
        ok = false;
      }
      if (v) {
        change.at = *v;
        previous = *v;
      }
      ok = ok && v;
    } else {
      ok = false;
    }
    if (const YamlNode* rate = r.require("rate", "e.g. rate: 300/s")) {
      const auto v = read_rate(*rate, "rate", diag);
      if (v) change.rate_per_s = *v;
      ok = ok && v;
    } else {
      ok = false;
    }
    if (const YamlNode* ramp = r.get("ramp")) {
      const auto v = read_duration(*ramp, "ramp", diag);
      if (v) change.ramp = *v;
      ok = ok && v;
    }
    r.finish();
    if (ok) w.schedule.push_back(change);
  }
}

void read_workload(const YamlNode& map, Workload& w, int index, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  MapReader r(map, diag);
  if (const YamlNode* n = r.require("name")) {
    if (const auto v = read_string(*n, "name", diag)) {
      w.name = *v;
      if (!is_identifier(*v)) {
        diag.error(n->where, "workload name '" + *v +
                                 "' must be letters, digits, '_' or '-', starting with a letter");
      }
    }
  }
  if (const YamlNode* n = r.require("call", "the entry endpoint, e.g. call: gateway.play")) {
    if (const auto v = read_string(*n, "call", diag)) {
      w.call = *v;
      ctx.calls.push_back(WrittenCall{WrittenCall::Kind::workload, *v, n->where, -1, {}, index});
    }
  }
  if (const YamlNode* n = r.get("timeout")) {
    if (const auto v = read_positive_duration(*n, "timeout", diag)) w.timeout = *v;
  }
  if (const YamlNode* n = r.get("catalog")) w.catalog = read_catalog(*n, diag);
  if (const YamlNode* n = r.get("criticality")) {
    if (const auto v = read_criticality(*n, "criticality", diag)) w.criticality = *v;
  }
  const bool open = r.has("rate") || r.has("arrivals") || r.has("schedule");
  const bool closed = r.has("users") || r.has("think_time");
  r.allow({"rate", "arrivals", "schedule", "users", "think_time"});
  const std::string label = w.name.empty() ? std::string("a workload") : "workload '" + w.name + "'";
  if (open && closed) {
    const Where at = r.has("users") ? r.key_where("users") : r.key_where("think_time");
    diag.error(at, label + " is open ('rate', 'arrivals', 'schedule') or closed ('users', 'think_time'), not both");
  } else if (!open && !closed) {
    diag.error(map.where, label + " needs 'rate' (an open workload) or 'users' (a closed one)");
  } else if (open) {
    if (const YamlNode* n = r.get("arrivals")) read_arrivals(*n, w, diag);
    const bool own_rate = w.arrivals == ArrivalProcess::mmpp || w.arrivals == ArrivalProcess::trace;
    if (own_rate && (r.has("rate") || r.has("schedule"))) {
      // The states (or the trace) are the rate; a second one would be silently ignored.
      const char* key = r.has("rate") ? "rate" : "schedule";
      diag.error(r.key_where(key), std::string("'") + key + "' does not go with arrivals: {" +
                                       (w.arrivals == ArrivalProcess::mmpp ? "mmpp" : "trace") +
                                       ": …}, which sets the arrival times itself; leave it out");
    } else if (own_rate) {
      // rate_per_s is set by the arrivals reader (mmpp) or after the duration is known (trace)
    } else if (const YamlNode* n = r.get("rate")) {
      const auto v = read_rate(*n, "rate", diag);
      if (v && *v <= 0) {
        diag.error(n->where, "'rate' must be greater than 0, not '" + n->scalar + "'");
      } else if (v) {
        w.rate_per_s = *v;
      }
    } else if (w.arrivals == ArrivalProcess::distribution) {
      // The inter-arrival distribution sets the rate; keep it for reports and analysis.
      const double mean = w.interarrival.mean_seconds();
      if (std::isfinite(mean) && mean > 0) w.rate_per_s = 1.0 / mean;
    } else if (const YamlNode* a = r.get("arrivals");
               !(a && (a->is_map() || (a->is_scalar() && (a->scalar == "mmpp" || a->scalar == "trace"))))) {
      // (a broken arrivals map, or mmpp/trace without their map, was reported already; a missing rate would be noise)
      diag.error(map.where, "missing field 'rate' (e.g. rate: 100/s)");
    }
    if (const YamlNode* n = r.get("schedule"); n && !own_rate) read_schedule(*n, w, diag);
  } else {
    if (const YamlNode* n = r.require("users", "the number of users of a closed workload")) {
      if (const auto v = read_integer(*n, "users", 1, kMaxUsers, diag)) w.users = static_cast<int>(*v);
    }
    if (const YamlNode* n = r.get("think_time")) {
      if (auto v = read_distribution(*n, "think_time", diag)) w.think_time = std::move(*v);
    }
  }
  r.finish();
}

}  // namespace

void read_workloads(const YamlNode& list, std::vector<Workload>& out, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  if (!expect_list(list, "workloads", diag)) return;
  if (list.items.empty()) {
    diag.error(list.where, "no workloads: a scenario needs at least one workload");
    return;
  }
  std::unordered_map<std::string, std::size_t> seen;  // name -> first workload with it
  for (const auto& item : list.items) {
    Workload w;
    w.where = item.where.location();
    if (item.is_map()) {
      read_workload(item, w, static_cast<int>(out.size()), ctx);
    } else {
      diag.error(item.where, "a workload must be a map with 'name', 'call' and 'rate' or 'users', not " +
                                 std::string(describe_type(item)));
    }
    const Where name_where = item.is_map() && item.find("name") ? item.find("name")->where : item.where;
    if (!w.name.empty()) {
      if (const auto it = seen.find(w.name); it != seen.end()) {
        const Where& first = ctx.workload_where[it->second];
        std::string message = "duplicate workload '" + w.name + "'";
        if (!first.from_override() && first.line > 0) message += " (first at line " + std::to_string(first.line) + ")";
        diag.error(name_where, message);
      } else {
        seen.emplace(w.name, out.size());
      }
    }
    ctx.workload_where.push_back(name_where);
    out.push_back(std::move(w));
  }
}

}  // namespace svcsim::detail
