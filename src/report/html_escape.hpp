// Escaping for text placed in HTML and inline SVG: every user string (node,
// workload and scenario names, descriptions, objective texts) goes through it.
#pragma once

#include <string>
#include <string_view>

namespace svcsim::detail {

/// `&`, `<`, `>`, `"` and `'` as entities, so the text is safe both as element
/// content and inside a quoted attribute value.
std::string html_escape(std::string_view text);

}  // namespace svcsim::detail
