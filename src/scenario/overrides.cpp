// --set overrides: parse `PATH=VALUE`, walk the dotted path through maps (by
// key) and lists (by each entry's `name`), and put the parsed value there.
#include "scenario/overrides.hpp"

#include <string>
#include <string_view>

#include "scenario/suggest.hpp"
#include "scenario/yaml_guard.hpp"
#include "scenario/yaml_parse.hpp"
#include "svcsim/text.hpp"

namespace svcsim {

std::optional<Override> parse_override(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  const auto path = trim(text.substr(0, eq));
  if (path.empty()) return std::nullopt;
  return Override{std::string(path), std::string(trim(text.substr(eq + 1)))};
}

namespace detail {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

/// The entry of a list whose `name` is `name`.
YamlNode* find_named(YamlNode& list, const std::string& name) {
  for (auto& item : list.items) {
    if (!item.is_map()) continue;
    const YamlNode* n = item.find("name");
    if (n && n->is_scalar() && n->scalar == name) return &item;
  }
  return nullptr;
}

std::vector<std::string> names_in(const YamlNode& node) {
  std::vector<std::string> out;
  if (node.is_map()) {
    for (const auto& e : node.entries) out.push_back(e.key);
  } else if (node.is_sequence()) {
    for (const auto& item : node.items) {
      const YamlNode* n = item.is_map() ? item.find("name") : nullptr;
      if (n && n->is_scalar()) out.push_back(n->scalar);
    }
  }
  return out;
}

/// Top-level sections that are maps and that a file may leave out: `--set
/// network.latency=1ms` creates `network` as Helm's `--set` would, rather
/// than asking for `network={latency: 1ms}`.
bool is_optional_section(const std::string& key) { return key == "network"; }

/// Walks to the parent of the last part; reports and returns nullptr on failure.
YamlNode* find_parent(YamlNode& root, const std::vector<std::string>& parts, const Where& at, Diagnostics& diag) {
  YamlNode* cur = &root;
  std::string walked;  // the path so far, for messages
  for (std::size_t k = 0; k + 1 < parts.size(); ++k) {
    const std::string& part = parts[k];
    YamlNode* next = nullptr;
    if (cur->is_map()) {
      next = cur->find(part);
      if (!next && k == 0 && is_optional_section(part)) {
        YamlNode section;
        section.type = YamlNode::Type::map;
        section.where = at;
        cur->entries.push_back(YamlEntry{part, at, std::move(section)});
        next = &cur->entries.back().value;
      }
    } else if (cur->is_sequence()) {
      next = find_named(*cur, part);
    } else {
      diag.error(at, "'" + walked + "' is " + describe_type(*cur) + ", so it has no '" + part + "'");
      return nullptr;
    }
    if (!next) {
      const std::string where = walked.empty() ? std::string("the scenario") : "'" + walked + "'";
      const char* noun = cur->is_sequence() ? "no entry named '" : "no '";
      diag.error(at, noun + part + "' in " + where + did_you_mean(part, names_in(*cur)));
      return nullptr;
    }
    walked += (walked.empty() ? "" : ".") + part;
    cur = next;
  }
  if (!cur->is_map() && !cur->is_sequence()) {
    diag.error(at, "'" + walked + "' is " + describe_type(*cur) + ", so it has no '" + parts.back() + "'");
    return nullptr;
  }
  return cur;
}

}  // namespace

void apply_overrides(YamlNode& root, const std::vector<Override>& overrides, Diagnostics& diag) {
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    const Override& o = overrides[i];
    const Where at{0, 0, static_cast<int>(i)};
    const auto parts = split_path(o.path);
    bool path_ok = true;
    for (const auto& p : parts) path_ok = path_ok && !p.empty();
    if (!path_ok) {
      diag.error(at, "'" + o.path + "' is not a path like 'nodes.gateway.instances'");
      continue;
    }
    std::optional<YamlNode> value;
    if (check_raw_text(o.value, at, diag)) value = parse_yaml(o.value, static_cast<int>(i), diag);
    YamlNode* parent = find_parent(root, parts, at, diag);
    if (!parent || !value) continue;
    const std::string& last = parts.back();
    if (parent->is_map()) {
      if (YamlNode* existing = parent->find(last)) {
        *existing = std::move(*value);
      } else {
        parent->entries.push_back(YamlEntry{last, at, std::move(*value)});
      }
    } else if (YamlNode* item = find_named(*parent, last)) {
      *item = std::move(*value);
    } else {
      const auto prefix = o.path.substr(0, o.path.size() - last.size() - 1);
      diag.error(at, "no entry named '" + last + "' in '" + prefix + "'" + did_you_mean(last, names_in(*parent)));
    }
  }
}

}  // namespace detail
}  // namespace svcsim
