// The parsed document as plain data: a small tree of null/scalar/sequence/map
// nodes, each with the place it was written. The readers work on this tree,
// not on yaml-cpp, so --set overrides can be spliced in and aliases are
// already expanded (within a budget).
#pragma once

#include <string>
#include <vector>

#include "scenario/diagnostics.hpp"

namespace svcsim::detail {

struct YamlEntry;

struct YamlNode {
  enum class Type { null, scalar, sequence, map };

  Type type = Type::null;
  std::string scalar;  // the text of a scalar, quotes and escapes resolved
  bool plain = false;  // a scalar written without quotes or tag (`<<` is a merge key only then)
  Where where;
  std::vector<YamlNode> items;     // sequence
  std::vector<YamlEntry> entries;  // map, in written order, duplicates removed

  bool is_null() const { return type == Type::null; }
  bool is_scalar() const { return type == Type::scalar; }
  bool is_sequence() const { return type == Type::sequence; }
  bool is_map() const { return type == Type::map; }

  /// The first entry with this key, or nullptr (maps only).
  const YamlNode* find(const std::string& key) const;
  YamlNode* find(const std::string& key);
};

struct YamlEntry {
  std::string key;
  Where key_where;
  YamlNode value;
};

/// How a node is named in messages: "a map", "a list", "a value", "nothing".
const char* describe_type(const YamlNode& node);

}  // namespace svcsim::detail
