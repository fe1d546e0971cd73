// Item keys for caches (SPEC 3.3 and 3.5): item k of 1..N drawn with
// probability proportional to k^-s. Rejection-inversion (Hörmann and
// Derflinger 1996, as in Apache Commons RNG): O(1) expected time and no table,
// so a catalog of ten million items costs nothing to set up.
#pragma once

#include <cstdint>

#include "svcsim/random.hpp"

namespace svcsim::detail {

class ZipfSampler {
 public:
  ZipfSampler() = default;
  ZipfSampler(std::uint64_t items, double exponent);
  /// An item key in 1..items.
  std::uint32_t sample(RandomStream& rng) const;

 private:
  double h(double x) const;
  double h_integral(double x) const;
  double h_integral_inverse(double x) const;

  std::uint64_t items_ = 1;
  double s_ = 0;
  double h_integral_x1_ = 0;
  double h_integral_items_ = 0;
  double s_div_ = 0;
};

}  // namespace svcsim::detail
