// Escaping for text placed in markup: HTML pages, inline SVG and the JUnit
// XML. Every user string (node, workload and scenario names, descriptions,
// objective texts, parameter values) goes through it.
#pragma once

#include <string>
#include <string_view>

namespace svcsim::detail {

/// `&`, `<`, `>`, `"` and `'` as entities (`'` as `&#39;`, which HTML and XML
/// both read), so the text is safe both as element content and inside a
/// quoted attribute value; control characters other than tab, newline and
/// carriage return, which XML 1.0 does not allow, become U+FFFD.
std::string markup_escape(std::string_view text);

}  // namespace svcsim::detail
