// Lenient field access for the trace readers (see json_fields.hpp).
#include "import/json_fields.hpp"

#include <charconv>
#include <cmath>
#include <string>

#include <fmt/format.h>

namespace svcsim::trace_import {

std::optional<std::string_view> string_field(const boost::json::object& object, std::string_view key) {
  const auto* v = object.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string_view(v->get_string());
}

std::optional<std::int64_t> as_integer(const boost::json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) {
    if (v.get_uint64() > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(v.get_uint64());
  }
  if (v.is_double()) {
    const double d = v.get_double();
    if (!std::isfinite(d) || std::fabs(d) > 9e18) return std::nullopt;
    return static_cast<std::int64_t>(std::llround(d));
  }
  if (v.is_string()) {
    const std::string_view s = v.get_string();
    std::int64_t out = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc{} && end == s.data() + s.size() && !s.empty()) return out;
  }
  return std::nullopt;
}

std::optional<std::int64_t> integer_field(const boost::json::object& object, std::string_view key) {
  const auto* v = object.if_contains(key);
  if (!v) return std::nullopt;
  return as_integer(*v);
}

const boost::json::object* object_field(const boost::json::object& object, std::string_view key) {
  const auto* v = object.if_contains(key);
  return v ? v->if_object() : nullptr;
}

const boost::json::array* array_field(const boost::json::object& object, std::string_view key) {
  const auto* v = object.if_contains(key);
  return v ? v->if_array() : nullptr;
}

std::optional<std::string> scalar_text(const boost::json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_bool()) return std::string(v.get_bool() ? "true" : "false");
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  if (v.is_double()) return fmt::format("{}", v.get_double());
  return std::nullopt;
}

}  // namespace svcsim::trace_import
