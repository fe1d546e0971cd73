// Typed, checked access to the plain YAML tree: maps whose unknown keys are
// errors (with a suggestion), and scalars read as strings, whole numbers,
// booleans, durations, rates, ratios and enum names. Every reader reports its
// own error and returns nullopt, so callers just skip what failed.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/diagnostics.hpp"
#include "scenario/yaml_tree.hpp"
#include "svcsim/time.hpp"

namespace svcsim::detail {

/// One map being read. Every key the code asks for (get/require/allow) is
/// known; finish() reports the other keys as unknown.
class MapReader {
 public:
  MapReader(const YamlNode& map, Diagnostics& diag);

  /// The value of `key`, or nullptr when absent.
  const YamlNode* get(std::string_view key);
  /// As get(), and reports `missing field 'key'` (plus `hint`) at the map.
  const YamlNode* require(std::string_view key, std::string_view hint = {});
  /// Keys that are valid here though this code does not read them.
  void allow(std::initializer_list<std::string_view> keys);
  bool has(std::string_view key) const;
  /// Where the key itself was written (the map's position when absent).
  Where key_where(std::string_view key) const;
  /// Reports every key not made known above; call once, after reading.
  void finish();

  const YamlNode& node() const { return map_; }

 private:
  void know(std::string_view key);

  const YamlNode& map_;
  Diagnostics& diag_;
  std::vector<std::string> known_;
};

/// The node as a map / list, or nullptr after reporting `'key' must be a map`.
const YamlNode* expect_map(const YamlNode& node, std::string_view key, Diagnostics& diag);
const YamlNode* expect_list(const YamlNode& node, std::string_view key, Diagnostics& diag);

/// A single value (not null, not a map or list); reports otherwise.
std::optional<std::string> read_scalar(const YamlNode& node, std::string_view key, Diagnostics& diag);
/// A non-empty single value.
std::optional<std::string> read_string(const YamlNode& node, std::string_view key, Diagnostics& diag);

/// Text that is printed as it is (a scenario's `name`, its `description`):
/// a scalar without control characters (C0, DEL, C1), which a terminal would
/// act on (an escape sequence can retitle the window or recolour the screen).
/// `lines` allows line breaks and tabs (a description); an empty text is an
/// error unless `lines`.
std::optional<std::string> read_printable(const YamlNode& node, std::string_view key, bool lines, Diagnostics& diag);
/// A whole number in [lo, hi].
std::optional<std::int64_t> read_integer(const YamlNode& node, std::string_view key, std::int64_t lo,
                                         std::int64_t hi, Diagnostics& diag);
/// A whole number in [lo, hi], or `unlimited` (-> an empty inner optional).
std::optional<std::optional<std::int64_t>> read_count_or_unlimited(const YamlNode& node, std::string_view key,
                                                                   std::int64_t lo, std::int64_t hi,
                                                                   Diagnostics& diag);
std::optional<bool> read_bool(const YamlNode& node, std::string_view key, Diagnostics& diag);
/// A finite number.
std::optional<double> read_number(const YamlNode& node, std::string_view key, Diagnostics& diag);
/// A number > 0, or a ratio written with `%` (weights of choose and mixture).
std::optional<double> read_weight(const YamlNode& node, std::string_view key, Diagnostics& diag);

std::optional<Duration> read_duration(const YamlNode& node, std::string_view key, Diagnostics& diag);
/// A duration > 0.
std::optional<Duration> read_positive_duration(const YamlNode& node, std::string_view key, Diagnostics& diag);
std::optional<double> read_rate(const YamlNode& node, std::string_view key, Diagnostics& diag);
std::optional<double> read_ratio(const YamlNode& node, std::string_view key, Diagnostics& diag);
/// A ratio > 0.
std::optional<double> read_positive_ratio(const YamlNode& node, std::string_view key, Diagnostics& diag);

/// The index of the value among `choices`; unknown values are reported with a
/// suggestion and the list of choices.
std::optional<std::size_t> read_choice(const YamlNode& node, std::string_view key,
                                       const std::vector<std::string>& choices, Diagnostics& diag);

/// Reads `key` of `r`, when written, with `read(node, key)` (one of the readers
/// above, which reports its own error) into `out`; false when written and wrong.
template <class T, class Read>
bool read_field(MapReader& r, std::string_view key, T& out, Read read) {
  const YamlNode* n = r.get(key);
  if (!n) return true;
  auto v = read(*n, key);
  if (!v) return false;
  out = static_cast<T>(*v);
  return true;
}

/// As read_field, for a key that must be written: a missing one is reported
/// (with `hint`, see MapReader::require) and is false too.
template <class T, class Read>
bool read_required_field(MapReader& r, std::string_view key, std::string_view hint, T& out, Read read) {
  const YamlNode* n = r.require(key, hint);
  if (!n) return false;
  auto v = read(*n, key);
  if (!v) return false;
  out = static_cast<T>(*v);
  return true;
}

/// Strict number parsing of a whole text (no trailing characters).
std::optional<std::int64_t> parse_integer(std::string_view text);
std::optional<double> parse_number(std::string_view text);

}  // namespace svcsim::detail
