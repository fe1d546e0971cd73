// The one place that spells svcsim's version: written into results files and
// printed by `svcsim --version` (the CLI checks it against CMake's project version).
#pragma once

#include <string_view>

namespace svcsim {

inline constexpr std::string_view kSvcsimVersion = "0.1.0";

}  // namespace svcsim
