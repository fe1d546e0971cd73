// The shell shared by the HTML reports: doctype, inline style sheet, title.
// Nothing is loaded from elsewhere (no script, font or style sheet), so a page
// opens offline and from a mail attachment alike.
#pragma once

#include <string>

namespace svcsim::detail {

/// A whole HTML document around `body` (already HTML); `title` is escaped here.
std::string html_page(const std::string& title, const std::string& body);

/// A <td> with the class `pass`, `fail` or `error`, for objective results.
std::string objective_result_cell(bool evaluable, bool pass);

}  // namespace svcsim::detail
