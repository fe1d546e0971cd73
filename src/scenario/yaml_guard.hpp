// Checks on the raw bytes before yaml-cpp sees them: size and encoding.
#pragma once

#include <cstddef>
#include <string_view>

#include "scenario/diagnostics.hpp"

namespace svcsim::detail {

/// Larger scenario files are refused before parsing.
inline constexpr std::size_t kMaxScenarioBytes = 16u * 1024u * 1024u;
/// Texts with more structure than this (line breaks, `,` `:` `-` `[` `{`)
/// are refused before parsing, so that memory stays bounded (the tree costs
/// ~150 bytes per node; 16 MiB of `a,a,a…` would be 8 million nodes). Every
/// node needs about one of these characters. Real architectures are large
/// (Alibaba's traces show ~20,000 services): a generated chain of 100,000
/// nodes in block style needs ~1.1 million, and loads in a few seconds
/// (docs/architecture.md has the figure).
inline constexpr std::size_t kMaxStructureChars = 4'000'000;

/// Reports text that is too large (in bytes or in structure), not valid UTF-8
/// (at the first bad byte) or holds control characters YAML forbids. `origin` places the errors (a file
/// position is computed from it; a --set value keeps its set_index).
/// Returns true when the text may be parsed.
bool check_raw_text(std::string_view text, const Where& origin, Diagnostics& diag);

}  // namespace svcsim::detail
