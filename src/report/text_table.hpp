// A plain-text table whose columns are as wide as their widest cell, so long
// node and workload names never break the alignment; optionally held to a
// width by leaving out the columns that matter least.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace svcsim::detail {

class TextTable {
 public:
  enum class Align { left, right };
  struct Column {
    std::string header;
    Align align = Align::right;
    /// When the table is wider than print's `max_width`, columns with the
    /// highest `drop` go first; 0: never left out.
    int drop = 0;
  };

  explicit TextTable(std::vector<Column> columns);

  /// A row with one cell per column (missing cells print empty, extra ones are dropped).
  void add_row(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }

  /// Header, a rule, then the rows, each line indented by `indent` spaces.
  /// With `max_width` > 0, droppable columns are left out (highest `drop`
  /// first, then the rightmost) until every line fits in it; returns their
  /// headers, in table order.
  std::vector<std::string> print(std::ostream& out, int indent = 2, std::size_t max_width = 0) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

/// Display width of UTF-8 text: code points, not bytes (names may be non-ASCII).
std::size_t display_width(const std::string& text);

}  // namespace svcsim::detail
