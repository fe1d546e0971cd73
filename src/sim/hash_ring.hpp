// `balancing: ring_hash` (SPEC 3.1): a consistent-hash ring with virtual
// nodes. Every instance owns the same number of points; an item key goes to
// the owner of the first live point at or after the key's hash. When an
// instance goes down only its keys move (to the next live points); the rest
// stay where they were, so the other caches keep their contents useful.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace svcsim::detail {

class HashRing {
 public:
  /// 256 points per instance: an instance's share of the key space then has
  /// a relative standard deviation of about 1/sqrt(256) = 6 %. Above 4096
  /// instances, fewer, so that the ring never has more than kMaxPoints.
  static constexpr std::uint32_t kPointsPerInstance = 256;
  static constexpr std::uint32_t kMaxPoints = 1u << 20;
  static std::uint32_t points_per_instance(std::uint32_t instances) {
    return instances * kPointsPerInstance <= kMaxPoints ? kPointsPerInstance
                                                        : std::max<std::uint32_t>(1, kMaxPoints / instances);
  }

  /// Places the points of `instances` instances (allocates; build time only).
  /// `salt` separates the rings of different nodes.
  void build(std::uint32_t instances, std::uint64_t salt);
  /// Keeps only the points of instances marked live (no allocation).
  void set_live(const std::vector<bool>& live);
  /// The live instance that owns `key`, or UINT32_MAX when none is live.
  std::uint32_t pick(std::uint32_t key) const;
  /// The owner when every instance is live.
  std::uint32_t home(std::uint32_t key) const;
  /// The first `r` distinct instances clockwise from the key's hash on the
  /// whole ring (its replicas, SPEC 10 `replication`), into `out` (cleared;
  /// no allocation once it has room).
  void replicas(std::uint32_t key, std::uint32_t r, std::vector<std::uint32_t>& out) const;

  static std::uint64_t key_hash(std::uint32_t key, std::uint64_t salt);

 private:
  static std::uint32_t lookup(const std::vector<std::uint64_t>& points, const std::vector<std::uint32_t>& owners,
                              std::uint64_t hash);
  std::uint64_t salt_ = 0;
  std::vector<std::uint64_t> all_points_;  // sorted
  std::vector<std::uint32_t> all_owners_;
  std::vector<std::uint64_t> live_points_;
  std::vector<std::uint32_t> live_owners_;
};

}  // namespace svcsim::detail
