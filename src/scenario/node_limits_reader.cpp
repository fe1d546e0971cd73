// A node's errors, retry budget, health check, rate limit and autoscaling
// (SPEC 3.1, 3.2, 3.4), and an endpoint's bulkhead.
#include "scenario/node_limits_reader.hpp"

#include <string>

#include "scenario/autoscaling_reader.hpp"
#include "scenario/suggest.hpp"

namespace svcsim::detail {
namespace {

constexpr std::int64_t kMaxThreshold = 1'000;
constexpr std::int64_t kMaxBurst = 1'000'000'000;
constexpr std::int64_t kMaxBulkhead = 1'000'000;

std::optional<HealthCheck> read_health_check(const YamlNode& node, Diagnostics& diag) {
  if (!expect_map(node, "health_check", diag)) return std::nullopt;
  MapReader r(node, diag);
  HealthCheck h;
  bool ok = true;
  if (const YamlNode* n = r.require("interval", "how often each instance is probed, e.g. interval: 5s")) {
    const auto v = read_positive_duration(*n, "interval", diag);
    if (v) h.interval = *v;
    ok = v.has_value();
  } else {
    ok = false;
  }
  if (const YamlNode* n = r.get("timeout")) {
    const auto v = read_positive_duration(*n, "timeout", diag);
    if (v) h.timeout = *v;
    ok = ok && v;
  }
  for (int* field : {&h.unhealthy_threshold, &h.healthy_threshold}) {
    const char* key = field == &h.healthy_threshold ? "healthy_threshold" : "unhealthy_threshold";
    if (const YamlNode* n = r.get(key)) {
      const auto v = read_integer(*n, key, 1, kMaxThreshold, diag);
      if (v) *field = static_cast<int>(*v);
      ok = ok && v;
    }
  }
  if (ok && h.timeout >= h.interval) {
    const std::string timeout = format_duration(h.timeout) + (r.has("timeout") ? "" : ", the default");
    diag.error(r.has("timeout") ? r.key_where("timeout") : r.key_where("interval"),
               "health_check 'timeout' (" + timeout + ") must be below 'interval' (" + format_duration(h.interval) +
                   ")");
    ok = false;
  }
  r.finish();
  if (!ok) return std::nullopt;
  return h;
}

std::optional<RateLimit> read_rate_limit(const YamlNode& node, Diagnostics& diag) {
  if (!expect_map(node, "rate_limit", diag)) return std::nullopt;
  MapReader r(node, diag);
  RateLimit limit;
  bool ok = true;
  if (const YamlNode* n = r.require("rate", "the refill rate of the token bucket, e.g. rate: 5000/s")) {
    const auto v = read_rate(*n, "rate", diag);
    if (v && *v <= 0) {
      diag.error(n->where, "'rate' must be greater than 0, not " + quote(n->scalar));
      ok = false;
    } else if (v) {
      limit.rate_per_s = *v;
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (const YamlNode* n = r.get("burst")) {
    const auto v = read_integer(*n, "burst", 1, kMaxBurst, diag);
    if (v) limit.burst = static_cast<double>(*v);
    ok = ok && v;
  }
  r.finish();
  if (!ok) return std::nullopt;
  return limit;
}

}  // namespace

void read_node_limits(MapReader& r, Node& node, Diagnostics& diag) {
  if (const YamlNode* n = r.get("errors")) {
    if (const auto v = read_ratio(*n, "errors", diag)) node.errors = *v;
  }
  if (const YamlNode* n = r.get("retry_budget")) {
    const auto v = read_ratio(*n, "retry_budget", diag);
    if (v && *v <= 0) {
      diag.error(n->where, "'retry_budget' must be greater than 0, not " + quote(n->scalar) +
                               " (leave it out for no budget)");
    } else if (v) {
      node.retry_budget = *v;
    }
  }
  if (const YamlNode* n = r.get("health_check")) node.health_check = read_health_check(*n, diag);
  if (const YamlNode* n = r.get("rate_limit")) node.rate_limit = read_rate_limit(*n, diag);
  read_autoscaling(r, node, diag);
}

std::optional<std::int64_t> read_bulkhead(const YamlNode& node, Diagnostics& diag) {
  if (!expect_map(node, "bulkhead", diag)) return std::nullopt;
  MapReader r(node, diag);
  std::optional<std::int64_t> limit;
  if (const YamlNode* n =
          r.require("max_concurrent", "calls in progress at once per instance, e.g. max_concurrent: 10")) {
    limit = read_integer(*n, "max_concurrent", 1, kMaxBulkhead, diag);
  }
  r.finish();
  return limit;
}

}  // namespace svcsim::detail
