// The consistent-hash ring of hash_ring.hpp. Points and keys are placed by
// splitmix64's finaliser, which is fixed: the ring does not depend on the
// scenario seed, as a real deployment's ring does not.
#include "sim/hash_ring.hpp"

#include <algorithm>

namespace svcsim::detail {

namespace {
std::uint64_t mix(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
}  // namespace

std::uint64_t HashRing::key_hash(std::uint32_t key, std::uint64_t salt) { return mix(mix(key) ^ salt); }

void HashRing::build(std::uint32_t instances, std::uint64_t salt) {
  salt_ = salt;
  const std::uint32_t per_instance = points_per_instance(instances);
  const std::size_t count = static_cast<std::size_t>(instances) * per_instance;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> points;
  points.reserve(count);
  for (std::uint32_t i = 0; i < instances; ++i)
    for (std::uint32_t p = 0; p < per_instance; ++p)
      points.emplace_back(mix(mix((std::uint64_t{i} << 32) | p) ^ ~salt), i);
  std::sort(points.begin(), points.end());  // ties (never seen) broken by instance: still deterministic
  all_points_.resize(count);
  all_owners_.resize(count);
  for (std::size_t k = 0; k < count; ++k) {
    all_points_[k] = points[k].first;
    all_owners_[k] = points[k].second;
  }
  live_points_ = all_points_;
  live_owners_ = all_owners_;
}

void HashRing::set_live(const std::vector<bool>& live) {
  live_points_.clear();  // capacity stays: no allocation
  live_owners_.clear();
  for (std::size_t k = 0; k < all_points_.size(); ++k) {
    if (!live[all_owners_[k]]) continue;
    live_points_.push_back(all_points_[k]);
    live_owners_.push_back(all_owners_[k]);
  }
}

std::uint32_t HashRing::lookup(const std::vector<std::uint64_t>& points, const std::vector<std::uint32_t>& owners,
                               std::uint64_t hash) {
  if (points.empty()) return UINT32_MAX;
  auto it = std::lower_bound(points.begin(), points.end(), hash);
  if (it == points.end()) it = points.begin();  // the ring wraps around
  return owners[static_cast<std::size_t>(it - points.begin())];
}

std::uint32_t HashRing::pick(std::uint32_t key) const {
  return lookup(live_points_, live_owners_, key_hash(key, salt_));
}

std::uint32_t HashRing::home(std::uint32_t key) const {
  return lookup(all_points_, all_owners_, key_hash(key, salt_));
}

void HashRing::replicas(std::uint32_t key, std::uint32_t r, std::vector<std::uint32_t>& out) const {
  out.clear();
  if (all_points_.empty()) return;
  auto it = std::lower_bound(all_points_.begin(), all_points_.end(), key_hash(key, salt_));
  std::size_t k = static_cast<std::size_t>(it - all_points_.begin());
  for (std::size_t seen = 0; seen < all_points_.size() && out.size() < r; ++seen, ++k) {
    if (k == all_points_.size()) k = 0;  // the ring wraps around
    const std::uint32_t owner = all_owners_[k];
    if (std::find(out.begin(), out.end(), owner) == out.end()) out.push_back(owner);
  }
}

}  // namespace svcsim::detail
