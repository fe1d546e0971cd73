// A plain-text table whose columns are as wide as their widest cell, so long
// node and workload names never break the alignment.
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
  };

  explicit TextTable(std::vector<Column> columns);

  /// A row with one cell per column (missing cells print empty, extra ones are dropped).
  void add_row(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }

  /// Header, a rule, then the rows, each line indented by `indent` spaces.
  void print(std::ostream& out, int indent = 2) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

/// Display width of UTF-8 text: code points, not bytes (names may be non-ASCII).
std::size_t display_width(const std::string& text);

}  // namespace svcsim::detail
