// Loading with options that only tests use: the public load_scenario_* take
// the defaults.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "svcsim/loader.hpp"

namespace svcsim::detail {

struct LoadOptions {
  /// Read the gated keys the loader can already read (see not_supported.cpp)
  /// instead of refusing them, so their validation can be tested before the
  /// engine implements them. Never set by svcsim itself.
  bool allow_unsupported = false;
};

LoadResult load_scenario_text(std::string_view text, const std::string& display_name,
                              const std::vector<Override>& overrides, const LoadOptions& options);

}  // namespace svcsim::detail
