// Typed reads of the plain YAML tree, each reporting its own errors.
#include "scenario/yaml_reader.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "scenario/suggest.hpp"

namespace svcsim::detail {

// ---------------------------------------------------------------- MapReader

MapReader::MapReader(const YamlNode& map, Diagnostics& diag) : map_(map), diag_(diag) {}

void MapReader::know(std::string_view key) {
  for (const auto& k : known_) {
    if (k == key) return;
  }
  known_.emplace_back(key);
}

const YamlNode* MapReader::get(std::string_view key) {
  know(key);
  return map_.find(std::string(key));
}

const YamlNode* MapReader::require(std::string_view key, std::string_view hint) {
  const YamlNode* value = get(key);
  if (!value) {
    std::string message = "missing field " + quote(key);
    if (!hint.empty()) message += " (" + std::string(hint) + ")";
    diag_.error(map_.where, message);
  }
  return value;
}

void MapReader::allow(std::initializer_list<std::string_view> keys) {
  for (auto k : keys) know(k);
}

bool MapReader::has(std::string_view key) const { return map_.find(std::string(key)) != nullptr; }

Where MapReader::key_where(std::string_view key) const {
  for (const auto& e : map_.entries) {
    if (e.key == key) return e.key_where;
  }
  return map_.where;
}

void MapReader::finish() {
  for (const auto& e : map_.entries) {
    if (diag_.full()) return;
    bool known = false;
    for (const auto& k : known_) {
      if (k == e.key) {
        known = true;
        break;
      }
    }
    if (!known) diag_.error(e.key_where, "unknown field " + quote(e.key) + did_you_mean(e.key, known_));
  }
}

// ------------------------------------------------------------------ shapes

const YamlNode* expect_map(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  if (node.is_map()) return &node;
  diag.error(node.where, quote(key) + " must be a map, not " + describe_type(node));
  return nullptr;
}

const YamlNode* expect_list(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  if (node.is_sequence()) return &node;
  diag.error(node.where, quote(key) + " must be a list, not " + describe_type(node));
  return nullptr;
}

std::optional<std::string> read_scalar(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  if (node.is_scalar()) return node.scalar;
  if (node.is_null()) {
    diag.error(node.where, quote(key) + " needs a value");
  } else {
    diag.error(node.where, quote(key) + " must be a single value, not " + describe_type(node));
  }
  return std::nullopt;
}

std::optional<std::string> read_string(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  auto text = read_scalar(node, key, diag);
  if (text && text->empty()) {
    diag.error(node.where, quote(key) + " must not be empty");
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> read_printable(const YamlNode& node, std::string_view key, bool lines, Diagnostics& diag) {
  auto text = lines ? read_scalar(node, key, diag) : read_string(node, key, diag);
  if (!text) return std::nullopt;
  for (std::size_t i = 0; i < text->size(); ++i) {
    const auto u = static_cast<unsigned char>((*text)[i]);
    const bool c1 = u == 0xc2 && i + 1 < text->size() && static_cast<unsigned char>((*text)[i + 1]) < 0xa0;
    if (lines && (u == '\n' || u == '\t')) continue;
    if (u >= 0x20 && u != 0x7f && !c1) continue;
    const unsigned code = c1 ? static_cast<unsigned char>((*text)[i + 1]) : u;
    diag.error(node.where, quote(key) + " holds the control character " + control_escape(code) + " at byte " +
                               std::to_string(i + 1) + ", which a terminal would act on; remove it" +
                               (lines ? " (line breaks and tabs are fine)" : ""));
    return std::nullopt;
  }
  return text;
}

// ----------------------------------------------------------------- numbers

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last || first == last) return std::nullopt;
  return value;
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last || first == last || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<std::int64_t> read_integer(const YamlNode& node, std::string_view key, std::int64_t lo,
                                         std::int64_t hi, Diagnostics& diag) {
  const auto text = read_scalar(node, key, diag);
  if (!text) return std::nullopt;
  const auto value = parse_integer(*text);
  if (!value || *value < lo || *value > hi) {
    diag.error(node.where, quote(key) + " must be a whole number from " + std::to_string(lo) + " to " +
                               std::to_string(hi) + ", not " + quote(*text));
    return std::nullopt;
  }
  return value;
}

std::optional<std::optional<std::int64_t>> read_count_or_unlimited(const YamlNode& node, std::string_view key,
                                                                   std::int64_t lo, std::int64_t hi,
                                                                   Diagnostics& diag) {
  const auto text = read_scalar(node, key, diag);
  if (!text) return std::nullopt;
  if (*text == "unlimited") return std::optional<std::int64_t>{};
  const auto value = parse_integer(*text);
  if (!value || *value < lo || *value > hi) {
    diag.error(node.where, quote(key) + " must be a whole number from " + std::to_string(lo) + " to " +
                               std::to_string(hi) + " or 'unlimited', not " + quote(*text));
    return std::nullopt;
  }
  return std::optional<std::int64_t>{*value};
}

std::optional<bool> read_bool(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  const auto text = read_scalar(node, key, diag);
  if (!text) return std::nullopt;
  if (*text == "true" || *text == "True" || *text == "TRUE") return true;
  if (*text == "false" || *text == "False" || *text == "FALSE") return false;
  diag.error(node.where, quote(key) + " must be true or false, not " + quote(*text));
  return std::nullopt;
}

std::optional<double> read_number(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  const auto text = read_scalar(node, key, diag);
  if (!text) return std::nullopt;
  const auto value = parse_number(*text);
  if (!value) {
    diag.error(node.where, quote(key) + " must be a number, not " + quote(*text));
    return std::nullopt;
  }
  return value;
}

std::optional<double> read_weight(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  const auto text = read_scalar(node, key, diag);
  if (!text) return std::nullopt;
  std::optional<double> value;
  if (!text->empty() && text->back() == '%') {
    const auto ratio = parse_ratio(*text);
    if (ratio) value = *ratio.value;
  } else {
    value = parse_number(*text);
  }
  if (!value || *value <= 0) {
    diag.error(node.where, quote(key) + " must be a positive number or a percentage, not " + quote(*text));
    return std::nullopt;
  }
  return value;
}

// ------------------------------------------------------- units (time.hpp)

std::optional<Duration> read_duration(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  const auto text = read_scalar(node, key, diag);
  if (!text) return std::nullopt;
  auto parsed = parse_duration(*text);
  if (!parsed) {
    diag.error(node.where, parsed.error.message);
    return std::nullopt;
  }
  return *parsed.value;
}

std::optional<Duration> read_positive_duration(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  const auto value = read_duration(node, key, diag);
  if (value && value->ns <= 0) {
    diag.error(node.where, quote(key) + " must be greater than 0, not " + quote(node.scalar));
    return std::nullopt;
  }
  return value;
}

std::optional<double> read_rate(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  const auto text = read_scalar(node, key, diag);
  if (!text) return std::nullopt;
  auto parsed = parse_rate(*text);
  if (!parsed) {
    diag.error(node.where, parsed.error.message);
    return std::nullopt;
  }
  return *parsed.value;
}

std::optional<double> read_ratio(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  const auto text = read_scalar(node, key, diag);
  if (!text) return std::nullopt;
  auto parsed = parse_ratio(*text);
  if (!parsed) {
    diag.error(node.where, parsed.error.message);
    return std::nullopt;
  }
  return *parsed.value;
}

std::optional<double> read_positive_ratio(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  const auto value = read_ratio(node, key, diag);
  if (value && *value <= 0) {
    diag.error(node.where, quote(key) + " must be greater than 0, not " + quote(node.scalar));
    return std::nullopt;
  }
  return value;
}

// -------------------------------------------------------------------- enums

std::optional<std::size_t> read_choice(const YamlNode& node, std::string_view key,
                                       const std::vector<std::string>& choices, Diagnostics& diag) {
  const auto text = read_scalar(node, key, diag);
  if (!text) return std::nullopt;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (choices[i] == *text) return i;
  }
  diag.error(node.where, "unknown " + std::string(key) + " " + quote(*text) + did_you_mean(*text, choices) +
                             "; expected one of: " + join(choices));
  return std::nullopt;
}

}  // namespace svcsim::detail
