// The resilience options of a call (SPEC 3.2): each sub-key is validated on
// its own; sub-keys not written keep the defaults of the Scenario structs.
#include "scenario/call_options_reader.hpp"

#include <string>
#include <utility>

#include "scenario/suggest.hpp"

namespace svcsim::detail {
namespace {

constexpr std::int64_t kMaxRetries = 100;
constexpr std::int64_t kMaxBreakerCalls = 1'000'000;
constexpr std::int64_t kMaxHedges = 10;
constexpr std::size_t kMaxFallbacks = 16;

bool read_retry_on(const YamlNode& node, unsigned& out, Diagnostics& diag) {
  static const std::vector<std::string> names = {"error", "timeout", "rejected"};
  if (!expect_list(node, "retry_on", diag)) return false;
  if (node.items.empty()) {
    diag.error(node.where, "'retry_on' needs at least one of: " + join(names));
    return false;
  }
  unsigned bits = 0;
  bool ok = true;
  for (const auto& item : node.items) {
    const auto v = read_choice(item, "retry_on", names, diag);
    if (v) bits |= 1u << *v;  // names are in RetryOn bit order
    ok = ok && v;
  }
  if (ok) out = bits;
  return ok;
}

bool read_backoff(const YamlNode& node, Backoff& out, Diagnostics& diag) {
  static const std::vector<std::string> jitters = {"none", "full", "equal", "decorrelated"};
  if (!expect_map(node, "backoff", diag)) return false;
  MapReader r(node, diag);
  Backoff b;
  const auto duration = [&](const YamlNode& n, std::string_view k) { return read_duration(n, k, diag); };
  bool ok = read_field(r, "base", b.base, duration);
  ok = read_field(r, "max", b.max, duration) && ok;
  ok = read_field(r, "multiplier", b.multiplier, [&](const YamlNode& n, std::string_view k) {
         auto v = read_number(n, k, diag);
         if (v && *v < 1) {
           diag.error(n.where, "'multiplier' must be at least 1, not " + quote(n.scalar));
           v.reset();
         }
         return v;
       }) && ok;
  if (const YamlNode* n = r.get("jitter")) {
    const auto v = read_choice(*n, "jitter", jitters, diag);
    if (v) b.jitter = static_cast<Jitter>(*v);
    ok = ok && v;
  }
  if (ok && b.max < b.base) {
    const std::string base = format_duration(b.base);
    const std::string max = format_duration(b.max);
    if (r.has("max") && r.has("base")) {
      diag.error(r.key_where("max"), "'max' (" + max + ") must be at least 'base' (" + base + ")");
    } else if (r.has("base")) {
      diag.error(r.key_where("base"), "'base' (" + base + ") is above the default 'max' (" + max +
                                          "); give a 'max' of at least " + base);
    } else {
      diag.error(r.key_where("max"), "'max' (" + max + ") is below the default 'base' (" + base +
                                         "); give a 'base' of at most " + max);
    }
    ok = false;
  }
  r.finish();
  if (ok) out = b;
  return ok;
}

std::optional<RetryPolicy> read_retry(const YamlNode& node, Diagnostics& diag) {
  if (!expect_map(node, "retry", diag)) return std::nullopt;
  MapReader r(node, diag);
  RetryPolicy p;
  bool ok = read_field(r, "max_retries", p.max_retries, [&](const YamlNode& n, std::string_view k) {
    return read_integer(n, k, 0, kMaxRetries, diag);
  });
  const auto span = [&](const YamlNode& n, std::string_view k) { return read_positive_duration(n, k, diag); };
  ok = read_field(r, "per_try_timeout", p.per_try_timeout, span) && ok;
  if (const YamlNode* n = r.get("retry_on")) ok = read_retry_on(*n, p.retry_on, diag) && ok;
  if (const YamlNode* n = r.get("backoff")) ok = read_backoff(*n, p.backoff, diag) && ok;
  r.finish();
  if (!ok) return std::nullopt;
  return p;
}

std::optional<CircuitBreakerPolicy> read_breaker(const YamlNode& node, Diagnostics& diag) {
  if (!expect_map(node, "circuit_breaker", diag)) return std::nullopt;
  MapReader r(node, diag);
  CircuitBreakerPolicy p;
  const auto count = [&](const YamlNode& n, std::string_view k) {
    return read_integer(n, k, 1, kMaxBreakerCalls, diag);
  };
  const auto span = [&](const YamlNode& n, std::string_view k) { return read_positive_duration(n, k, diag); };
  bool ok = read_field(r, "failure_rate_threshold", p.failure_rate_threshold,
                       [&](const YamlNode& n, std::string_view k) { return read_positive_ratio(n, k, diag); });
  ok = read_field(r, "minimum_calls", p.minimum_calls, count) && ok;
  ok = read_field(r, "sliding_window", p.sliding_window, span) && ok;
  ok = read_field(r, "wait_in_open", p.wait_in_open, span) && ok;
  ok = read_field(r, "half_open_calls", p.half_open_calls, count) && ok;
  r.finish();
  if (!ok) return std::nullopt;
  return p;
}

std::optional<HedgePolicy> read_hedge(const YamlNode& node, Diagnostics& diag) {
  if (!expect_map(node, "hedge", diag)) return std::nullopt;
  MapReader r(node, diag);
  HedgePolicy p;
  const auto span = [&](const YamlNode& n, std::string_view k) { return read_positive_duration(n, k, diag); };
  bool ok = read_required_field(r, "after", "how long to wait before sending a copy, e.g. after: 50ms", p.after, span);
  ok = read_field(r, "max", p.max, [&](const YamlNode& n, std::string_view k) {
         return read_integer(n, k, 1, kMaxHedges, diag);
       }) && ok;
  r.finish();
  if (!ok) return std::nullopt;
  return p;
}

/// `fallback: [target, …]`: tried in order once the call (after retries) failed.
bool read_fallbacks(const YamlNode& node, CallSpec& spec, const StepOwner& owner, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  if (!expect_list(node, "fallback", diag)) return false;
  if (node.items.empty()) {
    diag.error(node.where, "'fallback' needs at least one call target, e.g. fallback: [cdn-b.get]");
    return false;
  }
  if (node.items.size() > kMaxFallbacks) {
    diag.error(node.where, "'fallback' has " + std::to_string(node.items.size()) + " targets; at most " +
                               std::to_string(kMaxFallbacks) + " are allowed");
    return false;
  }
  bool ok = true;
  for (const auto& entry : node.items) {
    const YamlNode* item = &entry;
    const auto target = read_string(*item, "fallback", diag);
    if (!target) {
      ok = false;
      continue;
    }
    spec.fallback.push_back(*target);
    ctx.calls.push_back(WrittenCall{WrittenCall::Kind::fallback, *target, item->where, owner.node, owner.endpoint, -1});
  }
  return ok;
}

}  // namespace

bool read_resilience_options(MapReader& r, CallSpec& spec, const StepOwner& owner, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  bool ok = true;
  if (const YamlNode* n = r.get("retry")) {
    auto v = read_retry(*n, diag);
    if (v) spec.retry = std::move(*v);
    ok = ok && v;
  }
  if (const YamlNode* n = r.get("fallback")) ok = read_fallbacks(*n, spec, owner, ctx) && ok;
  if (const YamlNode* n = r.get("circuit_breaker")) {
    const auto v = read_breaker(*n, diag);
    if (v) {
      spec.circuit_breaker = *v;
      if (!spec.target.empty() && owner.node >= 0) {
        ctx.breakers.push_back(BreakerSite{owner.node, spec.target.substr(0, spec.target.find('.')), *v,
                                           r.key_where("circuit_breaker")});
      }
    }
    ok = ok && v;
  }
  if (const YamlNode* n = r.get("hedge")) {
    const auto v = read_hedge(*n, diag);
    if (v) spec.hedge = *v;
    ok = ok && v;
  }
  if (const YamlNode* n = r.get("cancel_on_timeout")) {
    const auto v = read_bool(*n, "cancel_on_timeout", diag);
    if (v) spec.cancel_on_timeout = *v;
    ok = ok && v;
  }
  return ok;
}

void allow_resilience_options(MapReader& r) {
  r.allow({"retry", "fallback", "circuit_breaker", "hedge", "cancel_on_timeout"});
}

}  // namespace svcsim::detail
