// Aligned plain-text tables (see text_table.hpp).
#include "report/text_table.hpp"

#include <algorithm>
#include <ostream>

namespace svcsim::detail {

std::size_t display_width(const std::string& text) {
  // Continuation bytes (10xxxxxx) do not start a character.
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

TextTable::TextTable(std::vector<Column> columns) : columns_(std::move(columns)) {}

void TextTable::add_row(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

void TextTable::print(std::ostream& out, int indent) const {
  std::vector<std::size_t> widths(columns_.size());
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    widths[c] = display_width(columns_[c].header);
    for (const auto& row : rows_) widths[c] = std::max(widths[c], display_width(row[c]));
  }
  const std::string margin(static_cast<std::size_t>(std::max(indent, 0)), ' ');
  auto print_line = [&](auto cell_of) {
    std::string line = margin;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const std::string& text = cell_of(c);
      const std::string pad(widths[c] - display_width(text), ' ');
      if (c) line += "  ";
      line += columns_[c].align == Align::left ? text + pad : pad + text;
    }
    // Trailing blanks of a left-aligned last column are noise in logs and diffs.
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
  };
  print_line([&](std::size_t c) -> const std::string& { return columns_[c].header; });
  std::string rule;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (c) rule += "  ";
    rule += std::string(widths[c], '-');
  }
  out << margin << rule << '\n';
  for (const auto& row : rows_) print_line([&](std::size_t c) -> const std::string& { return row[c]; });
}

}  // namespace svcsim::detail
