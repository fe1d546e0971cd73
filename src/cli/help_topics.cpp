// `svcsim help TOPIC` (see help_topics.hpp): the reference's key tables
// (`| key | type | default | meaning |`) read back from its markdown, each
// under its section and caption, the markup taken out.
#include "cli/help_topics.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "report/text_table.hpp"
#include "scenario/suggest.hpp"

namespace svcsim::cli {
namespace {

// What `svcsim help` lists; each names at least one key table (a test checks it).
constexpr std::string_view kTopics[] = {"scenario", "header",    "network", "nodes",           "autoscaling",
                                        "station",  "endpoints", "call",    "retry",           "circuit_breaker",
                                        "hedge",    "parallel",  "choose",  "workloads",       "schedules",
                                        "faults"};
constexpr std::size_t kTypeWidth = 60;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// A cell or heading without markdown: no backticks or bold, links as their text.
std::string plain(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '`' || (text[i] == '*' && i + 1 < text.size() && text[i + 1] == '*')) {
      if (text[i] == '*') ++i;
      continue;
    }
    // A link [text](target) keeps its text; other brackets (node[i]) stay.
    if (text[i] == '[') {
      const std::size_t end = text.find("](", i);
      const std::size_t close = end == std::string_view::npos ? end : text.find(')', end);
      if (close != std::string_view::npos && text.substr(i, end - i).find(']') == std::string_view::npos) {
        out += plain(text.substr(i + 1, end - i - 1));
        i = close;
        continue;
      }
    }
    out += text[i];
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string> cells_of(std::string_view row) {
  std::vector<std::string> cells;
  std::size_t start = row.find('|') + 1;
  for (std::size_t bar; (bar = row.find('|', start)) != std::string_view::npos; start = bar + 1) {
    std::string_view cell = row.substr(start, bar - start);
    while (!cell.empty() && cell.front() == ' ') cell.remove_prefix(1);
    cells.push_back(plain(cell));
  }
  return cells;
}

struct KeyTable {
  std::string section;  // "7. Nodes / 7.6 Autoscaling"
  std::string caption;  // the line that introduces it, e.g. "retry (writing retry: {} retries once …):"
  std::vector<std::vector<std::string>> rows;  // key, type, default
};

std::vector<KeyTable> key_tables(std::string_view markdown) {
  std::vector<std::string> lines;
  std::istringstream in{std::string(markdown)};
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::vector<KeyTable> tables;
  std::string chapter, section;
  bool in_code = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.rfind("```", 0) == 0) in_code = !in_code;
    if (in_code) continue;
    if (line.rfind("## ", 0) == 0) chapter = plain(line.substr(3)), section.clear();
    if (line.rfind("### ", 0) == 0) section = plain(line.substr(4));
    if (line.rfind("| key | type | default |", 0) != 0) continue;
    KeyTable table;
    table.section = section.empty() ? chapter : chapter + " / " + section;
    // A caption is the paragraph line just above that ends with a colon.
    if (i >= 2 && lines[i - 1].empty() && !lines[i - 2].empty() && lines[i - 2].back() == ':' &&
        lines[i - 2].rfind("#", 0) != 0)
      table.caption = plain(lines[i - 2]);
    for (i += 2; i < lines.size() && lines[i].rfind("|", 0) == 0; ++i) {
      auto cells = cells_of(lines[i]);
      if (cells.size() < 3 || cells[1].empty()) continue;  // a row that only points elsewhere
      if (cells[1].size() > kTypeWidth) {
        std::size_t cut = kTypeWidth - 3;
        while (cut > 0 && (static_cast<unsigned char>(cells[1][cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
        cells[1] = cells[1].substr(0, cut) + "...";
      }
      table.rows.push_back({cells[0], cells[2], cells[1]});
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

}  // namespace

std::string scenario_keys_text(std::string_view markdown, std::string_view topic) {
  const std::string wanted = lower(topic);
  const bool all = wanted.empty() || wanted == "scenario";
  std::ostringstream out;
  for (const KeyTable& t : key_tables(markdown)) {
    if (!all && lower(t.section + " " + t.caption).find(wanted) == std::string::npos) continue;
    out << (out.tellp() > 0 ? "\n" : "") << t.section << '\n';
    if (!t.caption.empty()) out << "  " << t.caption << '\n';
    detail::TextTable table({{"key", detail::TextTable::Align::left},
                             {"default", detail::TextTable::Align::left},
                             {"type", detail::TextTable::Align::left}});
    for (const auto& row : t.rows) table.add_row(row);
    table.print(out);
  }
  return out.str();
}

std::string help_topics_text() {
  std::string text = "Topics (scenario keys with their types and defaults): ";
  for (const std::string_view t : kTopics) text += fmt::format("{}{}", t == kTopics[0] ? "" : ", ", t);
  return text + "\nRun 'svcsim help TOPIC' (e.g. 'svcsim help nodes') or 'svcsim help COMMAND'.";
}

int help_command(const CLI::App& app, const std::string& topic) {
  if (topic.empty()) {
    std::cout << app.help() << '\n' << help_topics_text() << '\n';
    return kExitOk;
  }
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (command->get_name() == topic) {
      std::cout << command->help(app.get_name());
      return kExitOk;
    }
    names.push_back(command->get_name());
  }
  const std::string keys = scenario_keys_text(scenario_reference_markdown(), topic);
  if (!keys.empty()) {
    std::cout << keys << "\nThe full text: docs/scenario-reference.md\n";
    return kExitOk;
  }
  names.insert(names.end(), std::begin(kTopics), std::end(kTopics));
  const auto meant = detail::suggest(topic, names);
  std::cerr << fmt::format("error: no help topic '{}'{}\n{}\n", topic,
                           meant ? fmt::format(" (did you mean '{}'?)", *meant) : std::string(), help_topics_text());
  return kExitUsage;
}

}  // namespace svcsim::cli
