// Named random streams: every node, workload, link and fault draws from its own
// generator, seeded from (scenario seed, stream name), so changing one part of a
// scenario never changes the numbers any other part sees.
#pragma once

#include <cstdint>
#include <string_view>

namespace svcsim {

/// 64-bit FNV-1a of a string; part of the documented seeding rule.
std::uint64_t fnv1a64(std::string_view text);

/// xoshiro256** (Blackman & Vigna), seeded by running splitmix64 from
/// `seed ^ fnv1a64(name)` (see docs/architecture.md). Plain value type.
class RandomStream {
 public:
  RandomStream() : RandomStream(0, "") {}
  RandomStream(std::uint64_t seed, std::string_view name);

  std::uint64_t next_u64() {
    const std::uint64_t result = ahead_;
    step();
    return result;
  }
  /// Uniform in the open interval (0, 1): 53 random bits, offset by half a step,
  /// so log(u) and log(1 - u) are always finite.
  double uniform01() {
    const double result = ahead_uniform_;
    step();
    return result;
  }
  /// Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias < 2^-64 * n).
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next_u64()) * n) >> 64);
  }
  /// Bernoulli trial with probability p.
  bool chance(double p) { return uniform01() < p; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static double to_uniform(std::uint64_t x) { return (static_cast<double>(x >> 11) + 0.5) * 0x1.0p-53; }
  /// The generator's next output, in both forms, is worked out one draw ahead:
  /// a draw then reads a value that is ready instead of waiting for the
  /// multiplications and the conversion, which shortens the chain from a
  /// draw to its use (a logarithm, an event time). The sequence is xoshiro256**'s.
  void work_out_next() {
    ahead_ = rotl(s_[1] * 5, 7) * 9;
    ahead_uniform_ = to_uniform(ahead_);
  }
  void step() {
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    work_out_next();
  }
  std::uint64_t s_[4];
  std::uint64_t ahead_ = 0;        // the next next_u64()
  double ahead_uniform_ = 0;       // the next uniform01(): ahead_ as a double in (0, 1)
};

}  // namespace svcsim
