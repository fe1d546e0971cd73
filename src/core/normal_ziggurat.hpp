// The standard normal draw behind the normal, lognormal and gamma
// distributions: Marsaglia & Tsang's ziggurat (2000) with 256 layers, one
// 64-bit draw per sample 98.5 % of the time, and a logarithm or exponential
// only in the rare tail and wedge cases. It replaced Box–Muller (a log, a
// square root and a cosine per sample), which was a sixth of the time of a
// scenario full of lognormal latencies (issue 15). Exact: every rejection is
// against the density itself. The layers are constants (ziggurat_table.inc,
// written by make_ziggurat_table.py), so no libm enters the common path.
#pragma once

#include <cmath>
#include <cstdint>

#include "svcsim/random.hpp"

namespace svcsim {

namespace ziggurat {
#include "core/ziggurat_table.inc"
}  // namespace ziggurat

inline double standard_normal(RandomStream& rng) {
  using namespace ziggurat;
  for (;;) {
    // Disjoint bits of one draw: the layer (bits 0-7), the sign (bit 8) and
    // the position within the layer (the top 53 bits), so that no bit serves
    // twice (Doornik 2005's remedy for the original's correlation).
    const std::uint64_t bits = rng.next_u64();
    const unsigned layer = static_cast<unsigned>(bits & 0xFF);
    const double sign = (bits & 0x100) != 0 ? -1.0 : 1.0;
    const double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * kZigX[layer];  // in [0, kZigX[layer])
    if (x < kZigX[layer + 1]) return sign * x;  // inside the layer's rectangle under the curve
    if (layer == 0) {
      // The base strip beyond r: Marsaglia's (1964) exact tail draw.
      double tail, height;
      do {
        tail = -std::log(rng.uniform01()) / kZigR;
        height = -std::log(rng.uniform01());
      } while (height + height < tail * tail);
      return sign * (kZigR + tail);
    }
    // The wedge between the layer's rectangle and the curve: keep x with
    // probability that the point falls under f.
    if (kZigF[layer + 1] + rng.uniform01() * (kZigF[layer] - kZigF[layer + 1]) < std::exp(-0.5 * x * x))
      return sign * x;
  }
}

}  // namespace svcsim
