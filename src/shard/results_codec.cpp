// Results <-> JSON, losslessly (see results_codec.hpp). Each struct of
// results.hpp has one `fields` function naming its members in order; the same
// list drives writing and reading, so the two directions cannot drift apart.
// Adding a field to Results: add one `v("name", x.name)` line below (and set
// it in tests/unit/test_results_codec.cpp).
#include "shard/results_codec.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <fmt/format.h>

namespace svcsim::shard {
namespace {

namespace json = boost::json;

template <class T, class U>
concept Is = std::same_as<std::remove_const_t<T>, U>;

// A tripwire for fields added to results.hpp but not here: a new member
// changes its struct's size (on the x86-64 ABI both g++ and clang++ use), and
// the build stops until `fields` below and the round-trip test list it. (A
// small member can hide in padding; the round-trip test is the other guard.)
// A histogram is written through its accessors (buckets that count, sum, min,
// max), whatever its storage, so its own size is counted apart.
static_assert(sizeof(WorkloadResult) == 168 + sizeof(LatencyHistogram) + sizeof(TailBreakdown::cells), "WorkloadResult changed: list the new field in fields() below");
static_assert(sizeof(NodeResult) == 392 + 2 * sizeof(LatencyHistogram), "NodeResult changed: list the new field in fields() below");
static_assert(sizeof(NodeResult::BreakerTimeline) == 56, "BreakerTimeline changed: list the new field below");
static_assert(sizeof(SeriesRow) == 64 && sizeof(SeriesRow::WorkloadWindow) == 48 && sizeof(SeriesRow::NodeWindow) == 104,
              "SeriesRow changed: list the new field in fields() below");
static_assert(sizeof(FaultPhases) == 72 && sizeof(FaultPhases::Phase) == 16 + sizeof(LatencyHistogram), "FaultPhases changed: list the new field");
static_assert(sizeof(ObjectiveResult) == 144, "ObjectiveResult changed: list the new field in fields() below");
static_assert(sizeof(RunInfo) == 104, "RunInfo changed: list the new field in fields() below");
static_assert(sizeof(AutoWarmup) == 24, "AutoWarmup changed: list the new field in fields() below");
static_assert(sizeof(Results) == 368, "Results changed: list the new field in fields() below");
static_assert(sizeof(TailBreakdown) == 80 + sizeof(TailBreakdown::cells), "TailBreakdown changed: update encode/decode(TailBreakdown) below");

// ---- the fields of each struct, in declaration order ----

template <class V, Is<WorkloadResult> T>
void fields(V& v, T& x) {
  v("name", x.name);
  v("requests", x.requests);
  v("succeeded", x.succeeded);
  v("degraded", x.degraded);
  v("failed", x.failed);
  v("timed_out", x.timed_out);
  v("rejected", x.rejected);
  v("completed", x.completed);
  v("latency", x.latency);
  v("tail", x.tail);
}

template <class V, Is<NodeResult::BreakerTimeline> T>
void fields(V& v, T& x) {
  v("callee", x.callee);
  v("changes", x.changes);
}

template <class V, Is<NodeResult> T>
void fields(V& v, T& x) {
  v("name", x.name);
  v("kind", x.kind);
  v("instances", x.instances);
  v("concurrency", x.concurrency);
  v("requests", x.requests);
  v("admitted", x.admitted);
  v("rejected", x.rejected);
  v("succeeded", x.succeeded);
  v("degraded", x.degraded);
  v("failed", x.failed);
  v("timed_out", x.timed_out);
  v("waited", x.waited);
  v("refused", x.refused);
  v("in_system_at_start", x.in_system_at_start);
  v("in_system_at_end", x.in_system_at_end);
  v("tries_received", x.tries_received);
  v("extra_tries_received", x.extra_tries_received);
  v("busy_integral_s", x.busy_integral_s);
  v("queue_integral_s", x.queue_integral_s);
  v("in_system_integral_s", x.in_system_integral_s);
  v("queue_max", x.queue_max);
  v("latency", x.latency);
  v("wait", x.wait);
  v("cache_lookups", x.cache_lookups);
  v("cache_hits", x.cache_hits);
  v("retries", x.retries);
  v("hedges", x.hedges);
  v("timeouts", x.timeouts);
  v("breakers", x.breakers);
  v("instance_integral_s", x.instance_integral_s);
  v("instance_timeline", x.instance_timeline);
  v("cores", x.cores);
  v("cpu_limited", x.cpu_limited);
  v("cpu_busy_integral_s", x.cpu_busy_integral_s);
  v("throttled_integral_s", x.throttled_integral_s);
  v("shed", x.shed);
  v("limited", x.limited);
  v("throttled", x.throttled);
  v("sheds", x.sheds);
  v("throttles", x.throttles);
  v("adaptive", x.adaptive);
  v("limit_timeline", x.limit_timeline);
}

template <class V, Is<SeriesRow::WorkloadWindow> T>
void fields(V& v, T& x) {
  v("succeeded", x.succeeded);
  v("failed", x.failed);
  v("timed_out", x.timed_out);
  v("rejected", x.rejected);
  v("p50_ms", x.p50_ms);
  v("p99_ms", x.p99_ms);
}

template <class V, Is<SeriesRow::NodeWindow> T>
void fields(V& v, T& x) {
  v("utilization", x.utilization);
  v("queue_mean", x.queue_mean);
  v("instances_up", x.instances_up);
  v("breaker", x.breaker);
  v("hit_ratio", x.hit_ratio);
  v("lookups", x.lookups);
  v("cpu_utilization", x.cpu_utilization);
  v("limit", x.limit);
  v("arrivals", x.arrivals);
  v("p99_ms", x.p99_ms);
}

template <class V, Is<SeriesRow> T>
void fields(V& v, T& x) {
  v("start_s", x.start_s);
  v("window_s", x.window_s);
  v("workloads", x.workloads);
  v("nodes", x.nodes);
}

template <class V, Is<FaultPhases::Phase> T>
void fields(V& v, T& x) {
  v("requests", x.requests);
  v("errors", x.errors);
  v("latency", x.latency);
}

template <class V, Is<FaultPhases> T>
void fields(V& v, T& x) {
  v("fault", x.fault);
  v("at_s", x.at_s);
  v("end_s", x.end_s);
  v("workloads", x.workloads);
}

template <class V, Is<ObjectiveResult> T>
void fields(V& v, T& x) {
  v("check", x.check);
  v("value", x.value);
  v("pass", x.pass);
  v("evaluable", x.evaluable);
  v("problem", x.problem);
  v("metric", x.metric);
  v("op", x.op);
  v("threshold", x.threshold);
  v("ci95", x.ci95);
}

template <class V, Is<RunInfo> T>
void fields(V& v, T& x) {
  v("events", x.events);
  v("wall_s", x.wall_s);
  v("end_s", x.end_s);
  v("amplification", x.amplification);
  v("stopped", x.stopped);
  v("stop_reason", x.stop_reason);
  v("stopped_by", x.stopped_by);
}

template <class V, Is<AutoWarmup> T>
void fields(V& v, T& x) {
  v("batch_size", x.batch_size);
  v("batches", x.batches);
  v("truncated", x.truncated);
}

template <class V, Is<Results> T>
void fields(V& v, T& x) {
  v("scenario_name", x.scenario_name);
  v("scenario_hash", x.scenario_hash);
  v("seed", x.seed);
  v("duration_s", x.duration_s);
  v("warmup_s", x.warmup_s);
  v("auto_warmup", x.auto_warmup);
  v("replications", x.replications);
  v("measured_s", x.measured_s);
  v("run", x.run);
  v("workloads", x.workloads);
  v("nodes", x.nodes);
  v("slo", x.slo);
  v("window_s", x.window_s);
  v("series", x.series);
  v("faults", x.faults);
}

/// The largest value of each enum Results holds (they are written as integers).
constexpr int enum_max(NodeKind) { return static_cast<int>(NodeKind::database); }
constexpr int enum_max(CompareOp) { return static_cast<int>(CompareOp::greater_equal); }

template <class T>
concept Enum = std::is_enum_v<T>;
template <class T>
concept Integer = std::integral<T> && !std::same_as<T, bool>;
struct FieldCounter {
  template <class U>
  void operator()(const char*, U&) {}
};
template <class T>
concept Record = requires(FieldCounter& c, T& t) { fields(c, t); };

// ---- writing ----

json::value encode(const std::string& s) { return json::value(s); }
json::value encode(bool b) { return json::value(b); }
json::value encode(double d) {
  if (std::isnan(d)) return json::value("nan");
  if (std::isinf(d)) return json::value(d > 0 ? "inf" : "-inf");
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, d);
  return json::value(json::string_view(buf, static_cast<std::size_t>(res.ptr - buf)));
}
template <Integer I>
json::value encode(I i) {
  if constexpr (std::is_signed_v<I>)
    return json::value(static_cast<std::int64_t>(i));
  else
    return json::value(static_cast<std::uint64_t>(i));
}
template <Enum E>
json::value encode(E e) {
  return json::value(static_cast<std::int64_t>(e));
}
json::value encode(const LatencyHistogram& h);
json::value encode(const TailBreakdown& t);
template <class T>
json::value encode(const std::optional<T>& o);
template <class T>
json::value encode(const std::vector<T>& items);
template <class A, class B>
json::value encode(const std::pair<A, B>& p);
template <class T, std::size_t N>
json::value encode(const std::array<T, N>& items);
template <Record T>
json::value encode(const T& record);

struct FieldWriter {
  json::object& out;
  template <class U>
  void operator()(const char* key, const U& value) {
    out[key] = encode(value);
  }
};

json::value encode(const LatencyHistogram& h) {
  json::array buckets;
  for (int i = 0; i < LatencyHistogram::kBucketCount; ++i)
    if (const std::uint64_t count = h.count_at(i); count != 0) buckets.push_back(json::array{i, count});
  json::object o;
  o["buckets"] = std::move(buckets);
  o["sum_ns"] = encode(h.sum_ns());
  o["min_ns"] = h.min_ns();
  o["max_ns"] = h.max_ns();
  return o;
}

json::value encode(const TailBreakdown& t) {
  json::object o;
  o["nodes"] = encode(t.nodes);
  o["buckets"] = encode(t.bucket_of_slot);
  o["sums"] = encode(t.sums);
  if (!t.dense()) {  // many nodes: [bucket, index, sum] per sum that is not zero, in order
    std::vector<std::pair<std::uint64_t, std::int64_t>> cells(t.cells.begin(), t.cells.end());
    std::sort(cells.begin(), cells.end());
    json::array a;
    a.reserve(cells.size());
    for (const auto& [key, ns] : cells)
      a.push_back(json::array{static_cast<std::int64_t>(key >> 32), static_cast<std::int64_t>(key & 0xFFFFFFFFu), ns});
    o["cells"] = std::move(a);
  }
  return o;
}

template <class T>
json::value encode(const std::optional<T>& o) {
  return o ? encode(*o) : json::value(nullptr);
}
template <class T>
json::value encode(const std::vector<T>& items) {
  json::array a;
  a.reserve(items.size());
  for (const T& item : items) a.push_back(encode(item));
  return a;
}
template <class A, class B>
json::value encode(const std::pair<A, B>& p) {
  return json::array{encode(p.first), encode(p.second)};
}
template <class T, std::size_t N>
json::value encode(const std::array<T, N>& items) {
  json::array a;
  for (const T& item : items) a.push_back(encode(item));
  return a;
}
template <Record T>
json::value encode(const T& record) {
  json::object o;
  FieldWriter writer{o};
  fields(writer, record);
  return o;
}

// ---- reading ----

/// Where the reader is (kept as a stack, formatted only for the message of a
/// failure) and the first problem found.
class Context {
 public:
  explicit Context(std::string& problem) : problem_(problem) {}
  void push(const char* key) { path_.emplace_back(key, 0); }
  void push(std::size_t index) { path_.emplace_back(nullptr, index); }
  void pop() { path_.pop_back(); }
  bool fail(const std::string& what) {
    std::string where;
    for (const auto& [key, index] : path_)
      where += key != nullptr ? fmt::format("{}{}", where.empty() ? "" : ".", key) : fmt::format("[{}]", index);
    problem_ = where.empty() ? what : fmt::format("{}: {}", where, what);
    return false;
  }

 private:
  std::string& problem_;
  std::vector<std::pair<const char*, std::size_t>> path_;
};

bool decode(const json::value& v, std::string& out, Context& ctx) {
  if (!v.is_string()) return ctx.fail("expected a string");
  out = std::string(v.get_string());
  return true;
}
bool decode(const json::value& v, bool& out, Context& ctx) {
  if (!v.is_bool()) return ctx.fail("expected true or false");
  out = v.get_bool();
  return true;
}
bool decode(const json::value& v, double& out, Context& ctx) {
  if (!v.is_string()) return ctx.fail("expected a number written as a string");
  const json::string_view text = v.get_string();
  if (text == "nan") {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (text == "inf" || text == "-inf") {
    out = text == "inf" ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    return true;
  }
  const auto res = std::from_chars(text.data(), text.data() + text.size(), out);
  if (res.ec != std::errc{} || res.ptr != text.data() + text.size())
    return ctx.fail(fmt::format("'{}' is not a number", std::string_view(text.data(), text.size())));
  return true;
}
template <Integer I>
bool decode(const json::value& v, I& out, Context& ctx) {
  if (v.is_int64()) {
    const std::int64_t i = v.get_int64();
    if (std::in_range<I>(i)) {
      out = static_cast<I>(i);
      return true;
    }
  } else if (v.is_uint64()) {
    const std::uint64_t u = v.get_uint64();
    if (std::in_range<I>(u)) {
      out = static_cast<I>(u);
      return true;
    }
  } else {
    return ctx.fail("expected an integer");
  }
  return ctx.fail("integer out of range");
}
template <Enum E>
bool decode(const json::value& v, E& out, Context& ctx) {
  int i = 0;
  if (!decode(v, i, ctx)) return false;
  if (i < 0 || i > enum_max(E{})) return ctx.fail(fmt::format("{} is not a known value", i));
  out = static_cast<E>(i);
  return true;
}
bool decode(const json::value& v, LatencyHistogram& out, Context& ctx);
bool decode(const json::value& v, TailBreakdown& out, Context& ctx);
template <class T>
bool decode(const json::value& v, std::optional<T>& out, Context& ctx);
template <class T>
bool decode(const json::value& v, std::vector<T>& out, Context& ctx);
template <class A, class B>
bool decode(const json::value& v, std::pair<A, B>& out, Context& ctx);
template <class T, std::size_t N>
bool decode(const json::value& v, std::array<T, N>& out, Context& ctx);
template <Record T>
bool decode(const json::value& v, T& out, Context& ctx);

struct FieldReader {
  const json::object& in;
  Context& ctx;
  bool ok = true;
  template <class U>
  void operator()(const char* key, U& value) {
    if (!ok) return;
    const json::value* v = in.if_contains(key);
    ctx.push(key);
    ok = v != nullptr ? decode(*v, value, ctx) : ctx.fail("missing");
    if (ok) ctx.pop();
  }
};

/// A member of a fixed-layout object (histogram, breakdown).
template <class U>
bool decode_member(const json::object& o, const char* key, U& out, Context& ctx) {
  FieldReader reader{o, ctx};
  reader(key, out);
  return reader.ok;
}

bool decode(const json::value& v, LatencyHistogram& out, Context& ctx) {
  if (!v.is_object()) return ctx.fail("expected a histogram object");
  const json::object& o = v.get_object();
  double sum_ns = 0;
  std::int64_t min_ns = 0, max_ns = 0;
  if (!decode_member(o, "sum_ns", sum_ns, ctx) || !decode_member(o, "min_ns", min_ns, ctx) ||
      !decode_member(o, "max_ns", max_ns, ctx))
    return false;
  const json::value* list = o.if_contains("buckets");
  if (list == nullptr || !list->is_array()) return ctx.fail("buckets: expected an array");
  std::vector<std::pair<int, std::uint64_t>> buckets;
  buckets.reserve(list->get_array().size());
  ctx.push("buckets");
  for (const json::value& b : list->get_array()) {
    ctx.push(buckets.size());
    std::pair<int, std::uint64_t> bucket;
    if (!decode(b, bucket, ctx)) return false;
    if (bucket.first < 0 || bucket.first >= LatencyHistogram::kBucketCount)
      return ctx.fail(fmt::format("bucket index {} out of range", bucket.first));
    buckets.push_back(bucket);
    ctx.pop();
  }
  ctx.pop();
  out.restore(buckets, sum_ns, min_ns, max_ns);
  return true;
}

bool decode(const json::value& v, TailBreakdown& out, Context& ctx) {
  if (!v.is_object()) return ctx.fail("expected a tail breakdown object");
  const json::object& o = v.get_object();
  TailBreakdown t;
  if (!decode_member(o, "nodes", t.nodes, ctx) || !decode_member(o, "buckets", t.bucket_of_slot, ctx) ||
      !decode_member(o, "sums", t.sums, ctx))
    return false;
  if (t.sums.size() != t.bucket_of_slot.size() * t.stride())
    return ctx.fail("sums: expected one row of sums per bucket");
  if (!t.dense()) {
    std::vector<std::array<std::int64_t, 3>> cells;
    if (!decode_member(o, "cells", cells, ctx)) return false;
    for (const auto& [bucket, index, ns] : cells) {
      if (bucket < 0 || bucket >= LatencyHistogram::kBucketCount || index < 0 ||
          static_cast<std::size_t>(index) >= t.stride() || ns == 0 ||
          !t.cells.emplace(TailBreakdown::cell_key(static_cast<int>(bucket), static_cast<std::size_t>(index)), ns).second)
        return ctx.fail(fmt::format("cells: [{}, {}, {}] out of range, zero or repeated", bucket, index, ns));
    }
  }
  if (!t.bucket_of_slot.empty()) t.slot_of_bucket.assign(LatencyHistogram::kBucketCount, -1);
  for (std::size_t s = 0; s < t.bucket_of_slot.size(); ++s) {
    const std::int32_t bucket = t.bucket_of_slot[s];
    if (bucket < 0 || bucket >= LatencyHistogram::kBucketCount || t.slot_of_bucket[static_cast<std::size_t>(bucket)] >= 0)
      return ctx.fail(fmt::format("buckets: bucket {} out of range or repeated", bucket));
    t.slot_of_bucket[static_cast<std::size_t>(bucket)] = static_cast<std::int32_t>(s);
  }
  out = std::move(t);
  return true;
}

template <class T>
bool decode(const json::value& v, std::optional<T>& out, Context& ctx) {
  if (v.is_null()) {
    out.reset();
    return true;
  }
  T value{};
  if (!decode(v, value, ctx)) return false;
  out = std::move(value);
  return true;
}
template <class T>
bool decode(const json::value& v, std::vector<T>& out, Context& ctx) {
  if (!v.is_array()) return ctx.fail("expected an array");
  const json::array& a = v.get_array();
  out.clear();
  out.resize(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ctx.push(i);
    if (!decode(a[i], out[i], ctx)) return false;
    ctx.pop();
  }
  return true;
}
template <class A, class B>
bool decode(const json::value& v, std::pair<A, B>& out, Context& ctx) {
  if (!v.is_array() || v.get_array().size() != 2) return ctx.fail("expected an array of 2");
  return decode(v.get_array()[0], out.first, ctx) && decode(v.get_array()[1], out.second, ctx);
}
template <class T, std::size_t N>
bool decode(const json::value& v, std::array<T, N>& out, Context& ctx) {
  if (!v.is_array() || v.get_array().size() != N) return ctx.fail(fmt::format("expected an array of {}", N));
  for (std::size_t i = 0; i < N; ++i) {
    ctx.push(i);
    if (!decode(v.get_array()[i], out[i], ctx)) return false;
    ctx.pop();
  }
  return true;
}
template <Record T>
bool decode(const json::value& v, T& out, Context& ctx) {
  if (!v.is_object()) return ctx.fail("expected an object");
  FieldReader reader{v.get_object(), ctx};
  fields(reader, out);
  return reader.ok;
}

}  // namespace

json::value results_to_codec_json(const Results& results) { return encode(results); }

std::optional<Results> results_from_codec_json(const json::value& value, std::string& problem) {
  Context ctx(problem);
  Results results;
  if (!decode(value, results, ctx)) return std::nullopt;
  return results;
}

}  // namespace svcsim::shard
