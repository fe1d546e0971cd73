// The trace exporter's observer (see span_recorder.hpp).
#include "trace/span_recorder.hpp"

#include <utility>

namespace svcsim::trace {
namespace {
constexpr std::size_t kFlushBytes = std::size_t{1} << 20;  // lines go to the sink in pieces of about 1 MiB
constexpr std::uint32_t kNoId = UINT32_MAX;
}  // namespace

SpanRecorder::SpanRecorder(TraceOptions options, std::function<void(std::string_view)> sink)
    : options_(options), sink_(std::move(sink)) {}

SpanRecorder::Request* SpanRecorder::request_of(const SpanRef& ref) {
  if (ref.slot == kNoSpan || ref.slot >= requests_.size()) return nullptr;
  Request& r = requests_[ref.slot];
  return r.live && r.generation == ref.generation ? &r : nullptr;
}

std::uint32_t SpanRecorder::add_span(Request& r, const RecordedSpan& span) {
  r.spans.push_back(span);
  ++r.open;
  return static_cast<std::uint32_t>(r.spans.size() - 1);
}

void SpanRecorder::end_span(std::uint32_t slot, std::uint32_t span, SpanOutcome outcome, std::int64_t now) {
  Request& r = requests_[slot];
  RecordedSpan& s = r.spans[span];
  if (s.end >= 0) return;  // ended already (an answer after the caller gave up, a lost answer)
  s.end = now;
  s.outcome = outcome;
  --r.open;
  if (r.root_done && r.open == 0) settle(slot);
}

void SpanRecorder::settle(std::uint32_t slot) {
  Request& r = requests_[slot];
  if (r.kept) {
    append_otlp_line(out_, names_, options_.start_unix_ns, trace_id_of(names_.seed, r.workload, r.number), r.workload,
                     r.spans);
    ++written_;
    if (out_.size() >= kFlushBytes) {
      sink_(out_);
      out_.clear();
    }
  }
  free_slot(slot);
}

void SpanRecorder::free_slot(std::uint32_t slot) {
  Request& r = requests_[slot];
  r.live = false;
  ++r.generation;
  r.spans.clear();  // keeps its capacity for the next request in this slot
  free_.push_back(slot);
}

void SpanRecorder::on_run_start(const RunNames& names) {
  names_ = names;
  sample_rng_.clear();
  for (const std::string& w : names_.workloads) sample_rng_.emplace_back(names_.seed, "workload:" + w + "/trace-sample");
  numbers_.assign(names_.workloads.size(), 0);
}

void SpanRecorder::on_request_start(std::uint32_t request, std::uint32_t workload, std::int64_t now) {
  grow(by_request_, request);
  by_request_[request] = {};
  const std::uint64_t number = numbers_[workload]++;
  // One draw per request whatever the ratio's value between 0 and 1, so that
  // a request's fate depends only on its place in its workload's stream.
  const bool sampled = options_.sample >= 1 || (options_.sample > 0 && sample_rng_[workload].chance(options_.sample));
  if (!sampled && !options_.slower_than_ns) return;  // it can never be kept: nothing to record
  std::uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(requests_.size());
    requests_.emplace_back();
  }
  Request& r = requests_[slot];
  r.workload = workload;
  r.number = number;
  r.live = true;
  r.sampled = sampled;
  r.root_done = false;
  r.kept = false;
  r.open = 0;
  RecordedSpan root;
  root.start = now;
  root.node = static_cast<std::uint32_t>(names_.nodes.size());
  root.what = workload;
  root.role = SpanRole::root;
  by_request_[request] = {slot, r.generation, add_span(r, root)};
}

void SpanRecorder::on_request_end(std::uint32_t request, SpanOutcome outcome, std::int64_t now) {
  if (request >= by_request_.size()) return;
  const SpanRef ref = std::exchange(by_request_[request], SpanRef{});
  Request* r = request_of(ref);
  if (r == nullptr) return;
  end_span(ref.slot, ref.span, outcome, now);
  const std::int64_t latency = now - r->spans[ref.span].start;
  r->root_done = true;
  r->kept = r->sampled || (options_.slower_than_ns && latency > *options_.slower_than_ns);
  if (!r->kept) free_slot(ref.slot);  // calls still running below it are not followed further
  else if (r->open == 0) settle(ref.slot);
}

void SpanRecorder::on_try_sent(std::uint32_t try_id, std::uint32_t call, SpanTry kind, TryParent parent,
                               std::uint32_t program, std::int64_t now) {
  grow(by_try_, try_id);
  by_try_[try_id] = {};
  SpanRef from;
  if (kind == SpanTry::first) {
    if (parent.request) {
      if (parent.id < by_request_.size()) from = by_request_[parent.id];
    } else if (parent.id != kNoId && parent.id < by_try_.size()) {
      from = by_try_[parent.id].client;
      from.span = by_try_[parent.id].server;
    }
    if (call != kNoId) {
      grow(by_call_, call);
      by_call_[call] = from;
    }
  } else if (call < by_call_.size()) {
    from = by_call_[call];
  }
  Request* r = request_of(from);
  if (r == nullptr || from.span == kNoSpan) return;
  const RecordedSpan& caller = r->spans[from.span];
  RecordedSpan s;
  s.start = now;
  s.parent = from.span;
  s.node = caller.role == SpanRole::server ? caller.node : static_cast<std::uint32_t>(names_.nodes.size());
  s.instance = caller.role == SpanRole::server ? caller.instance : 0;
  s.what = program;
  s.role = SpanRole::client;
  s.try_kind = kind;
  by_try_[try_id].client = {from.slot, from.generation, add_span(*r, s)};
}

void SpanRecorder::on_try_end(std::uint32_t try_id, SpanOutcome outcome, std::int64_t now) {
  if (try_id >= by_try_.size()) return;
  const SpanRef ref = by_try_[try_id].client;
  if (request_of(ref) != nullptr) end_span(ref.slot, ref.span, outcome, now);
}

void SpanRecorder::on_call_arrive(std::uint32_t try_id, std::uint32_t instance, std::int64_t now) {
  if (try_id >= by_try_.size()) return;
  TryRefs& refs = by_try_[try_id];
  Request* r = request_of(refs.client);
  if (r == nullptr) return;
  const RecordedSpan& client = r->spans[refs.client.span];
  RecordedSpan s;
  s.start = now;
  s.parent = refs.client.span;
  s.node = names_.program_node[client.what];
  s.instance = instance;
  s.what = client.what;
  s.role = SpanRole::server;
  s.try_kind = client.try_kind;
  refs.server = add_span(*r, s);
}

void SpanRecorder::on_call_waited(std::uint32_t try_id, std::int64_t waited_ns) {
  if (try_id >= by_try_.size()) return;
  const TryRefs& refs = by_try_[try_id];
  if (Request* r = request_of(refs.client); r != nullptr && refs.server != kNoSpan) r->spans[refs.server].wait_ns = waited_ns;
}

void SpanRecorder::on_call_answer(std::uint32_t try_id, SpanOutcome outcome, std::int64_t now) {
  if (try_id >= by_try_.size()) return;
  const TryRefs& refs = by_try_[try_id];
  if (request_of(refs.client) != nullptr && refs.server != kNoSpan) end_span(refs.client.slot, refs.server, outcome, now);
}

void SpanRecorder::on_run_end(std::int64_t now) {
  // Requests still in flight are not written; a kept one whose calls still
  // run (a stopped run) is, with those spans ended here as `unfinished`.
  for (std::uint32_t slot = 0; slot < requests_.size(); ++slot) {
    Request& r = requests_[slot];
    if (!r.live) continue;
    if (!r.root_done) {
      free_slot(slot);
      continue;
    }
    for (RecordedSpan& s : r.spans)
      if (s.end < 0) s.end = now;
    r.open = 0;
    settle(slot);
  }
  if (!out_.empty()) sink_(out_);
  out_.clear();
}

}  // namespace svcsim::trace
