// The one gate for keys of the contract the engine does not implement yet:
// they are recognised (no "unknown field"), and answered "'X' is not supported
// yet". The table of gated keys is in not_supported.cpp, one line per key.
#pragma once

#include <string_view>

#include "scenario/read_context.hpp"
#include "scenario/yaml_reader.hpp"
#include "scenario/yaml_tree.hpp"

namespace svcsim::detail {

/// The value of `key` in `r` when it may be read: nullptr when absent, or when
/// the key is gated (then reported at the key as not supported yet).
const YamlNode* gated_get(MapReader& r, std::string_view key, const ReadContext& ctx);

/// Whether the value `value` of `key` (e.g. `balancing: ring_hash`, written at
/// `node`) may be used; when gated it is reported as `'key: value' is not
/// supported yet` plus `detail`, and false is returned.
bool gate_value(std::string_view key, std::string_view value, const YamlNode& node, const ReadContext& ctx,
                std::string_view detail = {});

/// Whether `key` (or `key: value` when value is given) may be used, without
/// reporting anything (for messages that would suggest it).
bool gate_open(std::string_view key, const ReadContext& ctx, std::string_view value = {});

}  // namespace svcsim::detail
