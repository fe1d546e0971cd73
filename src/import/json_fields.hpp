// Reading fields of a parsed span leniently, as real exports need: numbers
// that may be written as strings (OTLP's 64-bit integers), strings that may be
// missing.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace svcsim::trace_import {

/// The member `key` of `object` when it is a string.
std::optional<std::string_view> string_field(const boost::json::object& object, std::string_view key);

/// The member `key` as a whole number: a JSON integer, a whole double, or a
/// string of digits (OTLP writes 64-bit integers as strings).
std::optional<std::int64_t> integer_field(const boost::json::object& object, std::string_view key);

/// `value` as a whole number, by the same rules.
std::optional<std::int64_t> as_integer(const boost::json::value& value);

/// The member `key` when it is an object / an array.
const boost::json::object* object_field(const boost::json::object& object, std::string_view key);
const boost::json::array* array_field(const boost::json::object& object, std::string_view key);

/// A tag or attribute value as text: strings as they are, booleans as
/// true/false, numbers in decimal.
std::optional<std::string> scalar_text(const boost::json::value& value);

}  // namespace svcsim::trace_import
