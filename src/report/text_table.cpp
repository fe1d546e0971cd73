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

std::vector<std::string> TextTable::print(std::ostream& out, int indent, std::size_t max_width) const {
  std::vector<std::size_t> widths(columns_.size());
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    widths[c] = display_width(columns_[c].header);
    for (const auto& row : rows_) widths[c] = std::max(widths[c], display_width(row[c]));
  }
  const std::string margin(static_cast<std::size_t>(std::max(indent, 0)), ' ');
  // Which columns show: all, or, above max_width, all but the most droppable.
  std::vector<bool> shown(columns_.size(), true);
  auto total = [&] {
    std::size_t width = margin.size(), count = 0;
    for (std::size_t c = 0; c < columns_.size(); ++c)
      if (shown[c]) width += widths[c] + (count++ ? 2 : 0);
    return width;
  };
  while (max_width > 0 && total() > max_width) {
    std::size_t victim = columns_.size();
    for (std::size_t c = 0; c < columns_.size(); ++c)
      if (shown[c] && columns_[c].drop > 0 && (victim == columns_.size() || columns_[c].drop >= columns_[victim].drop))
        victim = c;
    if (victim == columns_.size()) break;
    shown[victim] = false;
  }
  auto print_line = [&](auto cell_of) {
    std::string line = margin;
    bool first = true;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      if (!shown[c]) continue;
      const std::string& text = cell_of(c);
      const std::string pad(widths[c] - display_width(text), ' ');
      if (!first) line += "  ";
      first = false;
      line += columns_[c].align == Align::left ? text + pad : pad + text;
    }
    // Trailing blanks of a left-aligned last column are noise in logs and diffs.
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
  };
  print_line([&](std::size_t c) -> const std::string& { return columns_[c].header; });
  std::string rule;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (!shown[c]) continue;
    if (!rule.empty()) rule += "  ";
    rule += std::string(widths[c], '-');
  }
  out << margin << rule << '\n';
  for (const auto& row : rows_) print_line([&](std::size_t c) -> const std::string& { return row[c]; });
  std::vector<std::string> dropped;
  for (std::size_t c = 0; c < columns_.size(); ++c)
    if (!shown[c]) dropped.push_back(columns_[c].header);
  return dropped;
}

}  // namespace svcsim::detail
