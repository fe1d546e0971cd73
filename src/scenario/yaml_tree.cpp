// Small helpers of the plain YAML tree.
#include "scenario/yaml_tree.hpp"

namespace svcsim::detail {

const YamlNode* YamlNode::find(const std::string& key) const {
  for (const auto& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

YamlNode* YamlNode::find(const std::string& key) {
  for (auto& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

const char* describe_type(const YamlNode& node) {
  switch (node.type) {
    case YamlNode::Type::null: return "nothing";
    case YamlNode::Type::scalar: return "a single value";
    case YamlNode::Type::sequence: return "a list";
    case YamlNode::Type::map: return "a map";
  }
  return "?";
}

}  // namespace svcsim::detail
