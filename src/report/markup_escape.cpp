// Escaping of text for HTML, SVG and XML (see markup_escape.hpp).
#include "report/markup_escape.hpp"

namespace svcsim::detail {

std::string markup_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\t':
      case '\n':
      case '\r': out += c; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += "\xef\xbf\xbd";  // U+FFFD REPLACEMENT CHARACTER
        else
          out += c;
    }
  }
  return out;
}

}  // namespace svcsim::detail
