// Seeding of the named random streams: FNV-1a of the stream name mixed into
// the scenario seed, expanded to xoshiro256** state by splitmix64.
#include "svcsim/random.hpp"

namespace svcsim {

namespace {

// splitmix64 (Vigna): the seeding generator the xoshiro authors recommend,
// because it never yields the all-zero state from any 64-bit input.
std::uint64_t splitmix64(std::uint64_t& x) {
  x += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = x;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

RandomStream::RandomStream(std::uint64_t seed, std::string_view name) {
  std::uint64_t x = seed ^ fnv1a64(name);
  for (auto& word : s_) word = splitmix64(x);
  work_out_next();
}

}  // namespace svcsim
