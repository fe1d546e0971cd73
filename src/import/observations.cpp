// Reading runs, calls and own time out of the span forest (see observations.hpp).
#include "import/observations.hpp"

#include <algorithm>

#include "import/intervals.hpp"

namespace svcsim::trace_import {
namespace {

struct Call {
  EndpointId target = 0;
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  bool error = false;
};

// A run once the internal spans below it are folded in: its calls, and
// whether one of the folded spans failed (the run's request then failed).
struct FoldedRun {
  std::vector<Call> calls;
  bool internal_error = false;
};

// Notes on spans cut to the run they belong to, and on sends whose time the run's work holds.
constexpr const char* kCallsClipped = "calls that outlast the span that made them (clock skew): clipped to it";
constexpr const char* kFoldedClipped =
    "internal and PRODUCER spans that outlast the run they are folded into (clock skew): clipped to it";
constexpr const char* kProducersCounted =
    "PRODUCER spans (asynchronous sends): their time counted as the sender's own work";

bool within(const Span& inner, const Span& outer) {
  return inner.start_ns >= outer.start_ns && inner.end_ns <= outer.end_ns;
}

class Observer {
 public:
  Observer(const SpanForest& forest, const StringTable& strings) : f_(forest), strings_(strings) {}

  Observations run() {
    out_.spans = f_.size();
    if (f_.size() > 0) {
      out_.window_start_ns = f_.spans[0].start_ns;
      out_.window_end_ns = f_.spans[0].end_ns;
    }
    for (const Span& s : f_.spans) {
      out_.window_start_ns = std::min(out_.window_start_ns, s.start_ns);
      out_.window_end_ns = std::max(out_.window_end_ns, s.end_ns);
    }
    for (std::uint32_t i = 0; i < f_.size(); ++i)
      if (is_run(i)) add_run(i);
    for (const std::uint32_t root : f_.roots) add_workload(root);
    count_concurrency();
    if (folded_ > 0) out_.notes["internal spans folded into the run of their service that they belong to"] += folded_;
    return std::move(out_);
  }

 private:
  // A span's string; kNoString (only a peer can be unset) reads as empty.
  const std::string& text(std::uint32_t s) const { return s == kNoString ? none_ : strings_.at(s); }

  bool is_run(std::uint32_t i) const {
    const SpanKind k = f_.spans[i].kind;
    return k == SpanKind::server || k == SpanKind::consumer ||
           (k == SpanKind::internal && f_.parent[i] == kNoSpan);
  }

  EndpointId endpoint(const std::string& node, const std::string& operation, bool traced) {
    const auto key = std::make_pair(node, operation);
    const auto found = ids_.find(key);
    if (found != ids_.end()) {
      if (traced) out_.endpoints[found->second].traced = true;
      return found->second;
    }
    const auto id = static_cast<EndpointId>(out_.endpoints.size());
    out_.endpoints.push_back({node, operation, traced, {}, {}, 0});
    ids_.emplace(key, id);
    return id;
  }

  EndpointId endpoint_of(std::uint32_t span) {
    const Span& s = f_.spans[span];
    return endpoint(text(s.service), text(s.name), true);
  }

  // A client span with no server span below it: a call to a dependency that is not traced.
  EndpointId untraced_call(std::uint32_t client, const std::string& caller) {
    const Span& s = f_.spans[client];
    std::string node = text(s.peer);
    if (node.empty() || node == caller) node = caller + "-" + text(s.name);
    const EndpointId id = endpoint(node, text(s.name), false);
    ObservedEndpoint& e = out_.endpoints[id];
    e.leaf_durations.push_back(s.end_ns - s.start_ns);
    e.leaf_errors += s.error ? 1 : 0;
    return id;
  }

  // The server span a client span reached: a child, or below client and internal spans of the
  // caller's own service nested in it (an HTTP library's span inside the application's client span).
  std::uint32_t first_server_child(std::uint32_t client, std::uint64_t& others) {
    std::uint32_t found = kNoSpan;
    std::vector<std::uint32_t> level{client};
    for (int depth = 0; !level.empty() && found == kNoSpan; ++depth) {
      std::vector<std::uint32_t> nested;
      for (const std::uint32_t at : level)
        for (std::uint32_t k = f_.first_child(at); k < f_.end_child(at); ++k) {
          const std::uint32_t c = f_.children[k];
          const SpanKind kind = f_.spans[c].kind;
          if (kind == SpanKind::server || kind == SpanKind::consumer) {
            if (found == kNoSpan) found = c;
            else ++others;
          } else if ((kind == SpanKind::client || kind == SpanKind::internal) &&
                     f_.spans[c].service == f_.spans[client].service) {
            nested.push_back(c);
          }
        }
      if (found != kNoSpan && depth > 0) out_.notes["client spans nested in a client span: the outer one is the call"] += 1;
      level = std::move(nested);
    }
    return found;
  }

  // The call a client span makes: to its server child (and the link's delay), else to an untraced dependency.
  Call client_call(std::uint32_t client, const std::string& caller) {
    const Span& c = f_.spans[client];
    std::uint64_t others = 0;
    const std::uint32_t server = first_server_child(client, others);
    if (others > 0) out_.notes["client spans with more than one server span below (the first is used)"] += others;
    Call call{0, c.start_ns, c.end_ns, c.error};
    if (server == kNoSpan) {
      call.target = untraced_call(client, caller);
      return call;
    }
    const Span& s = f_.spans[server];
    call.target = endpoint_of(server);
    call.error = call.error || s.error;
    std::int64_t network = (c.end_ns - c.start_ns) - (s.end_ns - s.start_ns);
    if (network < 0) {
      out_.notes["server spans longer than their client span (clock skew): network taken as 0"] += 1;
      network = 0;
    }
    out_.links[{caller, text(s.service)}].push_back(network / 2);
    return call;
  }

  // The calls of run `i`: its children and those of the internal spans folded into it. Folded
  // spans (internal, PRODUCER) are own time, which is clipped to the run: those reaching outside
  // it are counted, so that the report says what the work steps lost.
  FoldedRun fold_run(std::uint32_t i) {
    FoldedRun run;
    const Span& span = f_.spans[i];
    const std::string& caller = text(span.service);
    std::vector<std::uint32_t> stack{i};
    while (!stack.empty()) {
      const std::uint32_t at = stack.back();
      stack.pop_back();
      for (std::uint32_t k = f_.end_child(at); k-- > f_.first_child(at);) {
        const std::uint32_t c = f_.children[k];
        const Span& child = f_.spans[c];
        switch (child.kind) {
          case SpanKind::internal:
          case SpanKind::unspecified:
            ++folded_;
            if (!within(child, span)) out_.notes[kFoldedClipped] += 1;
            run.internal_error = run.internal_error || child.error;
            stack.push_back(c);
            break;
          case SpanKind::client:
            run.calls.push_back(client_call(c, caller));
            break;
          case SpanKind::server:
          case SpanKind::consumer:
            run.calls.push_back({endpoint_of(c), child.start_ns, child.end_ns, child.error});
            break;
          case SpanKind::producer:
            out_.notes[within(child, span) ? kProducersCounted : kFoldedClipped] += 1;
            break;
        }
      }
    }
    return run;
  }

  void add_run(std::uint32_t i) {
    const Span& s = f_.spans[i];
    FoldedRun folded = fold_run(i);
    std::vector<Call>& calls = folded.calls;
    // A failed internal span failed the request this run served: one error for the run, however many failed.
    const bool failed = s.error || folded.internal_error;
    ObservedEndpoint& e = out_.endpoints[endpoint_of(i)];
    if (calls.empty()) {
      e.leaf_durations.push_back(s.end_ns - s.start_ns);
      e.leaf_errors += failed ? 1 : 0;
      return;
    }
    std::vector<Interval> intervals;
    bool any_error = false;
    for (Call& c : calls) {
      const Interval clipped = clip({c.start_ns, c.end_ns}, {s.start_ns, s.end_ns});
      if (clipped.start != c.start_ns || clipped.end != c.end_ns)
        out_.notes[kCallsClipped] += 1;
      c.start_ns = clipped.start;
      c.end_ns = clipped.end;
      any_error = any_error || c.error;
    }
    std::sort(calls.begin(), calls.end(), [](const Call& a, const Call& b) {
      if (a.start_ns != b.start_ns) return a.start_ns < b.start_ns;
      if (a.end_ns != b.end_ns) return a.end_ns < b.end_ns;
      return a.target < b.target;
    });
    Execution run;
    run.duration_ns = s.end_ns - s.start_ns;
    run.own_error = failed && !any_error;
    std::int64_t cursor = s.start_ns;
    for (std::size_t k = 0; k < calls.size();) {
      CallGroup group{{}, calls[k].start_ns, calls[k].end_ns};
      for (; k < calls.size() && (group.targets.empty() || calls[k].start_ns < group.end_ns); ++k) {
        group.targets.push_back(calls[k].target);
        group.end_ns = std::max(group.end_ns, calls[k].end_ns);
      }
      std::sort(group.targets.begin(), group.targets.end());
      run.gaps.push_back(group.start_ns - cursor);
      cursor = group.end_ns;
      run.groups.push_back(std::move(group));
    }
    run.gaps.push_back(s.end_ns - cursor);
    out_.endpoints[endpoint_of(i)].executions.push_back(std::move(run));  // endpoint_of again: fold_run may have grown the list
  }

  void add_workload(std::uint32_t root) {
    const Span& r = f_.spans[root];
    EndpointId entry = 0;
    if (r.kind == SpanKind::client || r.kind == SpanKind::producer) {
      // A request seen from its caller: it enters the service its server span is in.
      const Call call = client_call(root, kOutsideCaller);
      entry = call.target;
    } else {
      entry = endpoint_of(root);
    }
    const auto key = std::make_pair(text(r.name), entry);
    auto found = workload_index_.find(key);
    if (found == workload_index_.end()) {
      found = workload_index_.emplace(key, out_.workloads.size()).first;
      out_.workloads.push_back({text(r.name), entry, {}});
    }
    out_.workloads[found->second].latencies_ns.push_back(r.end_ns - r.start_ns);
  }

  void count_concurrency() {
    std::map<std::string, std::vector<std::pair<std::int64_t, int>>> edges;
    for (std::uint32_t i = 0; i < f_.size(); ++i) {
      if (!is_run(i)) continue;
      const Span& s = f_.spans[i];
      auto& e = edges[text(s.service)];
      e.emplace_back(s.start_ns, +1);
      e.emplace_back(s.end_ns, -1);
    }
    for (auto& [service, e] : edges) {
      std::sort(e.begin(), e.end());  // at equal times an end (-1) comes before a start
      std::int64_t now = 0, most = 0;
      for (const auto& [t, d] : e) most = std::max(most, now += d);
      out_.max_concurrent[service] = most;
    }
  }

  const SpanForest& f_;
  const StringTable& strings_;
  const std::string none_;
  Observations out_;
  std::map<std::pair<std::string, std::string>, EndpointId> ids_;
  std::map<std::pair<std::string, EndpointId>, std::size_t> workload_index_;
  std::uint64_t folded_ = 0;
};

}  // namespace

std::uint64_t ObservedEndpoint::own_errors() const {
  std::uint64_t n = leaf_errors;
  for (const Execution& e : executions) n += e.own_error ? 1 : 0;
  return n;
}

std::vector<std::int64_t> ObservedEndpoint::durations() const {
  std::vector<std::int64_t> out;
  out.reserve(runs());
  for (const Execution& e : executions) out.push_back(e.duration_ns);
  out.insert(out.end(), leaf_durations.begin(), leaf_durations.end());
  return out;
}

Observations observe(const SpanForest& forest, const StringTable& strings) {
  return Observer(forest, strings).run();
}

}  // namespace svcsim::trace_import
