// YAML text -> the plain tree, with every yaml-cpp failure turned into an
// error and the limits that keep hostile documents (alias bombs, deep nesting)
// from exploding.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "scenario/diagnostics.hpp"
#include "scenario/yaml_tree.hpp"

namespace svcsim::detail {

/// Nodes a document may expand to once aliases are expanded: as many as the
/// structure guard (yaml_guard.hpp) lets a text without aliases have, so that
/// only aliases can hit it (an alias bomb, named by the key it sits under).
inline constexpr std::size_t kMaxDocumentNodes = 4'000'000;
/// Levels of nesting a document may have.
inline constexpr int kMaxDocumentDepth = 64;

/// Parses one YAML document into the plain tree, aliases expanded and `<<`
/// merge keys applied. An empty text gives a null node. With `set_index >= 0`
/// every node is marked as coming from that --set (and errors are placed
/// there). Duplicate keys are reported and dropped (the first one is kept).
/// Returns nullopt when the text could not be read as YAML, holds more than
/// one document, or passes the size and depth limits.
std::optional<YamlNode> parse_yaml(std::string_view text, int set_index, Diagnostics& diag);

}  // namespace svcsim::detail
