// Checks of option values that CLI11 runs on the text before converting it,
// for values its own conversion would take wrongly (an empty --shard read as
// "not given", "-1" wrapped into the largest unsigned number).
#pragma once

#include <cstdint>

#include <CLI/CLI.hpp>

namespace svcsim::cli {

/// Refuses an empty value; `example` shows a good one in the message.
CLI::Validator not_empty(const char* example);

/// The largest --max-in-flight: far beyond any memory (a call in flight
/// holds a few hundred bytes), small enough to be a number, not a wrapped -1.
inline constexpr std::uint64_t kMostInFlight = 1'000'000'000'000;

/// A whole decimal number from `least` to `most`, digits only (no sign, no
/// exponent, no fraction).
CLI::Validator whole_number(std::uint64_t least, std::uint64_t most);

}  // namespace svcsim::cli
