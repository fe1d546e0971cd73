// Building the span forest (see span_forest.hpp).
#include "import/span_forest.hpp"

#include <algorithm>
#include <numeric>

namespace svcsim::trace_import {
namespace {

bool ends_with_ci(const std::string& text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    char c = text[text.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

// DeathStarBench names its spans `compose_post_client` / `compose_post_server`
// and writes no span.kind: the suffix is the kind, and the operation is the rest.
void kinds_from_names(std::vector<Span>& spans, StringTable& strings, std::map<std::string, std::uint64_t>& notes) {
  std::uint64_t taken = 0;
  for (Span& s : spans) {
    if (s.kind != SpanKind::unspecified) continue;
    const std::string name = strings.at(s.name);
    for (const auto& [suffix, kind] : {std::pair{std::string_view("_client"), SpanKind::client},
                                       std::pair{std::string_view("_server"), SpanKind::server}}) {
      if (name.size() > suffix.size() && ends_with_ci(name, suffix)) {
        s.kind = kind;
        s.name = strings.intern(name.substr(0, name.size() - suffix.size()));
        ++taken;
        break;
      }
    }
  }
  if (taken > 0) notes["spans without a kind, kind read from a _client/_server name suffix (DeathStarBench)"] += taken;
}

std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x == 0 ? 1 : x;
}

bool by_trace_id(const Span& a, const Span& b) {
  if (a.trace != b.trace) return a.trace < b.trace;
  return a.id < b.id;
}

// Groups of spans with one (trace, id): Zipkin's shared halves split, other
// repeats dropped. In place: what is kept never outnumbers what was read.
void resolve_repeated_ids(std::vector<Span>& spans, LeftOut& left_out, std::map<std::string, std::uint64_t>& notes) {
  std::stable_sort(spans.begin(), spans.end(), by_trace_id);
  std::size_t out = 0;
  std::uint64_t shared = 0, repeated = 0;
  for (std::size_t i = 0; i < spans.size();) {
    std::size_t j = i + 1;
    while (j < spans.size() && spans[j].trace == spans[i].trace && spans[j].id == spans[i].id) ++j;
    std::size_t client = j, server = j;
    if (j - i == 2) {
      for (std::size_t k = i; k < j; ++k) {
        if (spans[k].kind == SpanKind::server) server = k;
        else if (spans[k].kind == SpanKind::client) client = k;
      }
    }
    if (client < j && server < j) {
      // The server keeps the id (the spans below it name it as their parent); the client gets a new one.
      Span c = spans[client];
      Span s = spans[server];
      c.id = mix(c.id ^ 0x5e7e7e7e5e7e7e7eull);
      s.parent = c.id;
      spans[out++] = c;
      spans[out++] = s;
      ++shared;
    } else {
      spans[out++] = spans[i];
      repeated += j - i - 1;
    }
    i = j;
  }
  spans.resize(out);
  std::stable_sort(spans.begin(), spans.end(), by_trace_id);  // new ids: back in id order for the lookups
  if (shared > 0) notes["span ids shared by a client and a server half (Zipkin), split in two"] += shared;
  if (repeated > 0) left_out.add("spans whose id repeats another span's in the same trace (the first is kept)", repeated);
}

std::uint32_t find_span(const std::vector<Span>& sorted, const TraceId& trace, std::uint64_t id) {
  Span key;
  key.trace = trace;
  key.id = id;
  const auto it = std::lower_bound(sorted.begin(), sorted.end(), key, by_trace_id);
  if (it == sorted.end() || it->trace != trace || it->id != id) return kNoSpan;
  return static_cast<std::uint32_t>(it - sorted.begin());
}

bool is_async_link(const Span& child, const Span& parent) {
  return child.follows_from || child.kind == SpanKind::consumer || parent.kind == SpanKind::producer;
}

// Marks spans whose parent links never reach a root (a cycle, or below one).
std::vector<bool> find_cycles(const std::vector<std::uint32_t>& parent) {
  const std::size_t n = parent.size();
  enum : std::uint8_t { unknown, visiting, fine, cyclic };
  std::vector<std::uint8_t> state(n, unknown);
  std::vector<std::uint32_t> path;
  for (std::size_t start = 0; start < n; ++start) {
    if (state[start] != unknown) continue;
    path.clear();
    std::uint32_t at = static_cast<std::uint32_t>(start);
    std::uint8_t verdict = fine;
    while (true) {
      if (at == kNoSpan) break;
      if (state[at] == visiting) {
        verdict = cyclic;
        break;
      }
      if (state[at] != unknown) {
        verdict = state[at];
        break;
      }
      state[at] = visiting;
      path.push_back(at);
      at = parent[at];
    }
    for (const std::uint32_t p : path) state[p] = verdict;
  }
  std::vector<bool> bad(n);
  for (std::size_t i = 0; i < n; ++i) bad[i] = state[i] == cyclic;
  return bad;
}

}  // namespace

SpanForest build_span_forest(SpanSet& set) {
  SpanForest forest;
  // In place throughout: a large export's spans are the bulk of the memory, so they are never copied whole.
  std::vector<Span> sorted = std::move(set.spans);
  set.spans = {};
  const auto backwards = std::remove_if(sorted.begin(), sorted.end(), [](const Span& s) { return s.end_ns < s.start_ns; });
  if (backwards != sorted.end())
    set.left_out.add("spans that end before they start", static_cast<std::uint64_t>(sorted.end() - backwards));
  sorted.erase(backwards, sorted.end());
  kinds_from_names(sorted, set.strings, forest.notes);
  resolve_repeated_ids(sorted, set.left_out, forest.notes);

  // Link parents by (trace, id) while `sorted` is in id order.
  const std::size_t n = sorted.size();
  std::vector<std::uint32_t> parent(n, kNoSpan);
  std::uint64_t missing = 0, async = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Span& s = sorted[i];
    if (s.parent == 0) continue;
    const std::uint32_t p = find_span(sorted, s.trace, s.parent);
    if (p == kNoSpan || p == i) {
      ++missing;
    } else if (is_async_link(s, sorted[p])) {
      ++async;
    } else {
      parent[i] = p;
    }
  }
  if (missing > 0) forest.notes["spans whose parent is not in the export (broken traces), made roots"] += missing;
  if (async > 0)
    set.left_out.add("asynchronous links (FOLLOWS_FROM, PRODUCER/CONSUMER): the span after one starts a request "
                     "of its own",
                     async);
  const std::vector<bool> cyclic = find_cycles(parent);
  const auto cyclic_count = static_cast<std::uint64_t>(std::count(cyclic.begin(), cyclic.end(), true));
  if (cyclic_count > 0) set.left_out.add("spans in a cycle of parent links, or below one", cyclic_count);

  // Spans in cycles go first (compacted in place, parents renumbered).
  std::vector<std::uint32_t> new_index(n, kNoSpan);
  std::uint32_t m = 0;
  for (std::uint32_t i = 0; i < n; ++i)
    if (!cyclic[i]) new_index[i] = m++;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (new_index[i] == kNoSpan) continue;
    sorted[new_index[i]] = sorted[i];
    parent[new_index[i]] = parent[i] == kNoSpan ? kNoSpan : new_index[parent[i]];
  }
  sorted.resize(m);
  parent.resize(m);

  // Then the spans in (trace, start, id) order: deterministic whatever the files' order.
  std::vector<std::uint32_t> order(m);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const Span& x = sorted[a];
    const Span& y = sorted[b];
    if (x.trace != y.trace) return x.trace < y.trace;
    if (x.start_ns != y.start_ns) return x.start_ns < y.start_ns;
    return x.id < y.id;
  });
  new_index.assign(m, kNoSpan);
  for (std::uint32_t k = 0; k < m; ++k) new_index[order[k]] = k;
  forest.parent.reserve(m);
  for (const std::uint32_t old : order) forest.parent.push_back(parent[old] == kNoSpan ? kNoSpan : new_index[parent[old]]);
  parent = {};
  order = {};
  // Each span to its new place by following the permutation's cycles (no second array of spans).
  for (std::uint32_t i = 0; i < m; ++i) {
    if (new_index[i] == i) continue;
    Span moving = sorted[i];
    std::uint32_t to = new_index[i];
    new_index[i] = i;
    while (to != i) {
      std::swap(moving, sorted[to]);
      const std::uint32_t next = new_index[to];
      new_index[to] = to;
      to = next;
    }
    sorted[i] = moving;
  }
  forest.spans = std::move(sorted);
  for (std::size_t i = 0; i < forest.spans.size(); ++i)
    if (i == 0 || forest.spans[i].trace != forest.spans[i - 1].trace) ++forest.traces;

  // Kinds still unknown: a span below another service (or a root) serves, one below its own service is internal.
  std::uint64_t inferred = 0;
  for (std::size_t i = 0; i < forest.spans.size(); ++i) {
    Span& s = forest.spans[i];
    const std::uint32_t p = forest.parent[i];
    const bool same_service = p != kNoSpan && forest.spans[p].service == s.service;
    if (s.kind == SpanKind::unspecified) {
      s.kind = same_service ? SpanKind::internal : SpanKind::server;
      ++inferred;
    } else if (s.kind == SpanKind::internal && !same_service) {
      s.kind = SpanKind::server;
      ++inferred;
    }
  }
  if (inferred > 0)
    forest.notes["spans without a kind: server when below another service or a root, else internal"] += inferred;

  // Children lists, each in span order (start time, then id).
  forest.child_begin.assign(m + 1, 0);
  for (std::size_t i = 0; i < m; ++i)
    if (forest.parent[i] != kNoSpan) ++forest.child_begin[forest.parent[i] + 1];
  std::partial_sum(forest.child_begin.begin(), forest.child_begin.end(), forest.child_begin.begin());
  forest.children.resize(forest.child_begin[m]);
  std::vector<std::uint32_t> fill(forest.child_begin.begin(), forest.child_begin.end() - 1);
  for (std::uint32_t i = 0; i < m; ++i) {
    if (forest.parent[i] == kNoSpan) forest.roots.push_back(i);
    else forest.children[fill[forest.parent[i]]++] = i;
  }
  return forest;
}

}  // namespace svcsim::trace_import
