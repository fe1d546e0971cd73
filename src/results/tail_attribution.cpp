// Tail attribution: the per-bucket sums of TailBreakdown, and the shares of
// the requests at or above the p99's bucket (see tail_attribution.hpp).
#include "svcsim/tail_attribution.hpp"

#include <algorithm>

namespace svcsim {

std::int64_t* TailBreakdown::new_slot(int bucket) {
  if (slot_of_bucket.empty()) slot_of_bucket.assign(LatencyHistogram::kBucketCount, -1);
  std::int32_t& s = slot_of_bucket[static_cast<std::size_t>(bucket)];
  if (s < 0) {
    s = static_cast<std::int32_t>(bucket_of_slot.size());
    bucket_of_slot.push_back(bucket);
    sums.resize(sums.size() + stride(), 0);
  }
  return sums.data() + static_cast<std::size_t>(s) * stride();
}

const std::int64_t* TailBreakdown::find(int bucket) const {
  if (slot_of_bucket.empty()) return nullptr;
  const std::int32_t s = slot_of_bucket[static_cast<std::size_t>(bucket)];
  return s < 0 ? nullptr : sums.data() + static_cast<std::size_t>(s) * stride();
}

void TailBreakdown::merge(const TailBreakdown& other) {
  if (nodes == 0 && sums.empty() && cells.empty()) nodes = other.nodes;
  for (const auto& [key, ns] : other.cells) add_to(cells[key], ns);
  for (std::size_t k = 0; k < other.bucket_of_slot.size(); ++k) {
    std::int64_t* to = slot(other.bucket_of_slot[k]);
    const std::int64_t* from = other.sums.data() + k * other.stride();
    for (std::size_t i = 0; i < stride(); ++i) add_to(to[i], from[i]);
  }
}

double TailAttribution::total() const {
  double sum = network;
  for (const NodeShare& n : nodes) sum += n.queue + n.service + n.failed_tries;
  return sum;
}

std::optional<TailAttribution> tail_attribution(std::span<const Results> runs, std::size_t workload,
                                                std::optional<double> threshold_ms) {
  if (runs.empty()) return std::nullopt;
  LatencyHistogram latency = runs.front().workloads[workload].latency;
  TailBreakdown tail = runs.front().workloads[workload].tail;
  for (const Results& r : runs.subspan(1)) {
    latency.merge(r.workloads[workload].latency);
    tail.merge(r.workloads[workload].tail);
  }
  if (latency.count() == 0) return std::nullopt;
  TailAttribution a;
  // One p99 in every report: the caller's (over replications, the mean of
  // their p99s), so the tail table's threshold is the workloads table's p99.
  const double p99_ns = threshold_ms ? *threshold_ms * 1e6 : latency.percentile_ns(99);
  a.threshold_ms = p99_ns / 1e6;
  // The p99 is a representative value inside the bucket holding the 99th
  // percentile's rank (clamped to the observed min and max, which lie in their
  // own buckets), so its bucket is that one: the requests taken are those of
  // that bucket and above, the slowest 1 % up to one bucket (< 0.8 %) of latency.
  const int first = LatencyHistogram::index_of(static_cast<std::int64_t>(p99_ns));
  std::vector<std::int64_t> sum(tail.stride(), 0);
  for (int b = first; b < LatencyHistogram::kBucketCount; ++b) {
    a.requests += latency.count_at(b);
    if (const std::int64_t* s = tail.find(b))
      for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += s[i];
  }
  for (const auto& [key, ns] : tail.cells)  // the sparse layout (integer sums: any order gives the same)
    if (static_cast<int>(key >> 32) >= first) sum[static_cast<std::size_t>(key & 0xFFFFFFFFu)] += ns;
  const auto latency_ns = static_cast<double>(sum[TailBreakdown::kLatency]);
  a.latency_ms_sum = latency_ns / 1e6;
  auto share = [&](int i) { return latency_ns > 0 ? static_cast<double>(sum[static_cast<std::size_t>(i)]) / latency_ns : 0.0; };
  a.network = share(TailBreakdown::kNetwork);
  for (std::size_t k = 0; k < tail.nodes; ++k) {
    const int base = TailBreakdown::node_base(k);
    TailAttribution::NodeShare n{k, share(base + TailBreakdown::kQueue), share(base + TailBreakdown::kService),
                                 share(base + TailBreakdown::kFailedTries)};
    if (n.queue > 0 || n.service > 0 || n.failed_tries > 0) a.nodes.push_back(n);
  }
  return a;
}

std::vector<std::pair<std::string, double>> ranked_parts(const TailAttribution& a,
                                                         const std::vector<NodeResult>& nodes) {
  std::vector<std::pair<std::string, double>> parts;
  if (a.network > 0) parts.emplace_back("network", a.network);
  for (const TailAttribution::NodeShare& n : a.nodes) {
    const std::string& name = nodes[n.node].name;
    if (n.queue > 0) parts.emplace_back(name + " queue", n.queue);
    if (n.service > 0) parts.emplace_back(name + " service", n.service);
    if (n.failed_tries > 0) parts.emplace_back(name + " failed tries", n.failed_tries);
  }
  std::stable_sort(parts.begin(), parts.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
  return parts;
}

}  // namespace svcsim
