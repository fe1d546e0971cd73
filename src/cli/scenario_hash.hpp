// `scenario.hash` in results files: identifies the scenario as run, so
// `compare` can say whether two files come from the same scenario.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcsim/loader.hpp"

namespace svcsim::cli {

/// FNV-1a 64 over the scenario file's bytes followed, for each override in
/// order (--set, then --seed, --duration, --replications), by a NUL byte and
/// `PATH=VALUE`; written as 16 lower-case hex digits. Comments count (they
/// are bytes of the file); files the scenario names (traces) do not.
std::string scenario_hash(std::string_view file_bytes, const std::vector<Override>& overrides);

/// The same for a file on disk; nullopt when it cannot be read.
std::optional<std::string> hash_scenario_file(const std::string& path, const std::vector<Override>& overrides);

}  // namespace svcsim::cli
