// Pretty printer for boost::json values (see json_writer.hpp).
#include "report/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

#include <boost/json/serialize.hpp>

namespace svcsim::detail {
namespace {

bool is_scalar(const boost::json::value& v) { return !v.is_object() && !v.is_array(); }

void write_value(std::string& out, const boost::json::value& v, int depth);

void write_indent(std::string& out, int depth) { out.append(static_cast<std::size_t>(depth) * 2, ' '); }

void write_scalar(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: out += "null"; break;
    case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case boost::json::kind::int64: out += std::to_string(v.get_int64()); break;
    case boost::json::kind::uint64: out += std::to_string(v.get_uint64()); break;
    case boost::json::kind::double_: out += format_json_double(v.get_double()); break;
    case boost::json::kind::string: out += boost::json::serialize(v.get_string()); break;
    default: break;  // containers are handled by write_value
  }
}

void write_array(std::string& out, const boost::json::array& a, int depth) {
  if (a.empty()) {
    out += "[]";
    return;
  }
  bool all_scalar = true;
  for (const auto& e : a) all_scalar = all_scalar && is_scalar(e);
  if (all_scalar) {
    out += '[';
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (i) out += ", ";
      write_scalar(out, a[i]);
    }
    out += ']';
    return;
  }
  out += "[\n";
  for (std::size_t i = 0; i < a.size(); ++i) {
    write_indent(out, depth + 1);
    write_value(out, a[i], depth + 1);
    out += i + 1 < a.size() ? ",\n" : "\n";
  }
  write_indent(out, depth);
  out += ']';
}

void write_object(std::string& out, const boost::json::object& o, int depth) {
  if (o.empty()) {
    out += "{}";
    return;
  }
  out += "{\n";
  std::size_t i = 0;
  for (const auto& kv : o) {
    write_indent(out, depth + 1);
    out += boost::json::serialize(kv.key());
    out += ": ";
    write_value(out, kv.value(), depth + 1);
    out += ++i < o.size() ? ",\n" : "\n";
  }
  write_indent(out, depth);
  out += '}';
}

void write_value(std::string& out, const boost::json::value& v, int depth) {
  if (v.is_object()) {
    write_object(out, v.get_object(), depth);
  } else if (v.is_array()) {
    write_array(out, v.get_array(), depth);
  } else {
    write_scalar(out, v);
  }
}

}  // namespace

std::string format_json_double(double value) {
  if (!std::isfinite(value)) return "null";
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, value);
  if (res.ec != std::errc{}) return "null";  // cannot happen with 64 bytes; never write garbage
  std::string text(buf, res.ptr);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

std::string to_pretty_json(const boost::json::value& value) {
  std::string out;
  write_value(out, value, 0);
  out += '\n';
  return out;
}

}  // namespace svcsim::detail
