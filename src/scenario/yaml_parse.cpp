// The only place that runs yaml-cpp: its event parser feeds a builder that
// makes the plain tree directly. yaml-cpp's own node graph is not used: it
// costs ~400 bytes per node, and its LoadAll loops forever on some inputs (a
// lone `,` yields endless empty documents). The builder expands aliases
// against a node budget (a "billion laughs" document shares nodes, so its
// expansion must be counted, not walked), limits depth, drops duplicate keys
// and applies `<<` merge keys.
#include "scenario/yaml_parse.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <new>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "scenario/suggest.hpp"

namespace svcsim::detail {
namespace {

const std::string kTooBig = "document too large or too deeply nested";

/// Stops the parse: an error after which reading on makes no sense.
struct Stop {
  Where where;
  std::string message;
};

std::string levels_message() {
  return kTooBig + " (more than " + std::to_string(kMaxDocumentDepth) + " levels)";
}

class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(int set_index, Diagnostics& diag) : set_index_(set_index), diag_(diag) {}

  /// After the first document: another one starting is an error.
  void forbid_more_documents() { one_document_done_ = true; }
  bool has_root() const { return root_.has_value(); }
  YamlNode take_root() { return std::move(*root_); }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (one_document_done_) {
      throw Stop{where(mark, {}), "a scenario is a single YAML document, but a second one starts here"};
    }
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YamlNode node;
    node.where = where(mark, parent_where());
    leaf(std::move(node), anchor);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    YamlNode node;
    node.type = YamlNode::Type::scalar;
    node.scalar = value;
    node.plain = tag == "?";
    node.where = where(mark, parent_where());
    leaf(std::move(node), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (anchor >= anchors_.size() || !anchors_[anchor].done) {
      throw Stop{where(mark, parent_where()), "an alias cannot refer to the node that contains it"};
    }
    const Anchored& a = anchors_[anchor];
    spend(a.size, mark, true);
    if (static_cast<int>(stack_.size()) + a.depth > kMaxDocumentDepth) throw Stop{where(mark, parent_where()), levels_message()};
    add(YamlNode(a.node), a.size, a.depth);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(YamlNode::Type::sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(YamlNode::Type::map, mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  /// A sequence or map being built.
  struct Frame {
    YamlNode node;
    YAML::anchor_t anchor = 0;
    std::size_t size = 1;  // nodes in it, itself included (keys count too)
    int depth = 1;         // levels in it, itself included
    std::optional<YamlNode> key;                           // maps: the key waiting for its value
    std::unordered_map<std::string, std::size_t> seen;     // maps: key -> entry index
    std::vector<std::pair<YamlNode, Where>> merges;        // maps: `<<` values, applied at the end
  };
  /// An anchored node, kept to copy where aliases name it.
  struct Anchored {
    YamlNode node;
    std::size_t size = 0;
    int depth = 0;
    bool done = false;
  };

  Where where(const YAML::Mark& mark, const Where& fallback) const {
    if (set_index_ >= 0) return Where{0, 0, set_index_};
    if (mark.line < 0 || mark.column < 0) return fallback;
    return Where{mark.line + 1, mark.column + 1, -1};
  }
  Where parent_where() const {
    if (!stack_.empty()) return stack_.back().node.where;
    return set_index_ >= 0 ? Where{0, 0, set_index_} : Where{1, 1, -1};
  }

  void spend(std::size_t nodes, const YAML::Mark& mark, bool alias = false) {
    nodes_ += nodes;
    if (nodes_ <= kMaxDocumentNodes) return;
    std::string message = kTooBig + " (";
    if (alias) message += "an alias under " + enclosing_key() + " makes the document ";
    message += "more than " + std::to_string(kMaxDocumentNodes) + " nodes" +
               (alias ? "; is it an alias bomb?)" : ")");
    throw Stop{where(mark, parent_where()), message};
  }

  /// `'key'` of the innermost map entry being read, for messages about a
  /// value that is not finished yet (an alias bomb's key).
  std::string enclosing_key() const {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->key && it->key->is_scalar()) return quote(it->key->scalar);
    }
    return "the top level";
  }

  void remember(YAML::anchor_t anchor, const YamlNode* node, std::size_t size, int depth) {
    if (anchor == 0) return;  // 0: no anchor
    if (anchor >= anchors_.size()) anchors_.resize(anchor + 1);
    Anchored& a = anchors_[anchor];
    a.done = node != nullptr;
    if (node) {
      a.node = *node;
      a.size = size;
      a.depth = depth;
    }
  }

  void leaf(YamlNode node, YAML::anchor_t anchor) {
    spend(1, YAML::Mark::null_mark());
    remember(anchor, &node, 1, 1);
    add(std::move(node), 1, 1);
  }

  void open(YamlNode::Type type, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (static_cast<int>(stack_.size()) >= kMaxDocumentDepth) throw Stop{where(mark, parent_where()), levels_message()};
    spend(1, mark);
    Frame f;
    f.node.type = type;
    f.node.where = where(mark, parent_where());
    f.anchor = anchor;
    remember(anchor, nullptr, 0, 0);  // in progress: an alias to it now would be a cycle
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.key) {  // a key without a value (yaml-cpp normally sends a null)
      diag_.error(f.key->where, "a key needs a value");
    }
    for (auto& [value, at] : f.merges) merge(f, std::move(value), at);
    remember(f.anchor, &f.node, f.size, f.depth);
    add(std::move(f.node), f.size, f.depth);
  }

  /// Appends a finished node to its parent (or makes it the document).
  void add(YamlNode node, std::size_t size, int depth) {
    if (stack_.empty()) {
      root_ = std::move(node);
      return;
    }
    Frame& parent = stack_.back();
    parent.size += size;
    parent.depth = std::max(parent.depth, depth + 1);
    if (parent.node.is_sequence()) {
      parent.node.items.push_back(std::move(node));
      return;
    }
    if (!parent.key) {
      parent.key = std::move(node);
      return;
    }
    YamlNode key = std::move(*parent.key);
    parent.key.reset();
    if (!key.is_scalar()) {
      diag_.error(key.where, std::string("a key must be a plain name, not ") +
                                 (key.is_null() ? "empty" : describe_type(key)));
      return;
    }
    if (key.scalar == "<<" && key.plain) {  // a YAML 1.1 merge key
      parent.merges.emplace_back(std::move(node), key.where);
      return;
    }
    if (const auto first = parent.seen.find(key.scalar); first != parent.seen.end()) {
      const YamlEntry& e = parent.node.entries[first->second];
      std::string message = "duplicate key '" + key.scalar + "'";
      if (!e.key_where.from_override() && e.key_where.line > 0) {
        message += " (first at line " + std::to_string(e.key_where.line) + ")";
      }
      diag_.error(key.where, message);
      return;
    }
    // yaml-cpp places an empty value at the next token; its key is the better place.
    if (node.is_null()) node.where = key.where;
    parent.seen.emplace(key.scalar, parent.node.entries.size());
    parent.node.entries.push_back(YamlEntry{std::move(key.scalar), key.where, std::move(node)});
  }

  /// `<<: *a` or `<<: [*a, *b]`: the keys of the merged maps that the map does
  /// not set itself (earlier maps in the list win, as YAML 1.1 says).
  void merge(Frame& f, YamlNode value, const Where& at) {
    std::vector<YamlNode> sources;
    if (value.is_map()) {
      sources.push_back(std::move(value));
    } else if (value.is_sequence()) {
      sources = std::move(value.items);
    }
    const bool all_maps = std::all_of(sources.begin(), sources.end(), [](const YamlNode& n) { return n.is_map(); });
    if (sources.empty() || !all_maps) {
      diag_.error(at, "'<<' merges a map or a list of maps (e.g. <<: *defaults)");
      return;
    }
    for (auto& source : sources) {
      for (auto& e : source.entries) {
        if (f.seen.count(e.key)) continue;
        f.seen.emplace(e.key, f.node.entries.size());
        f.node.entries.push_back(std::move(e));
      }
    }
  }

  int set_index_;
  Diagnostics& diag_;
  std::vector<Frame> stack_;
  std::vector<Anchored> anchors_;  // by yaml-cpp's anchor id
  std::optional<YamlNode> root_;
  std::size_t nodes_ = 0;
  bool one_document_done_ = false;
};

Where mark_where(const YAML::Mark& mark, const Where& whole) {
  if (whole.from_override() || mark.line < 0 || mark.column < 0) return whole;
  return Where{mark.line + 1, mark.column + 1, -1};
}

std::string lower_first(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

}  // namespace

std::optional<YamlNode> parse_yaml(std::string_view text, int set_index, Diagnostics& diag) {
  const Where whole = set_index >= 0 ? Where{0, 0, set_index} : Where{};
  try {
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    TreeBuilder builder(set_index, diag);
    if (!parser.HandleNextDocument(builder) || !builder.has_root()) {
      YamlNode empty;
      empty.where = whole;
      return empty;
    }
    builder.forbid_more_documents();
    parser.HandleNextDocument(builder);  // throws Stop if a second document starts
    return builder.take_root();
  } catch (const Stop& stop) {
    diag.error(stop.where, stop.message);
  } catch (const YAML::DeepRecursion& e) {  // yaml-cpp's own, higher depth limit
    diag.error(mark_where(e.mark, whole), levels_message());
  } catch (const YAML::Exception& e) {
    diag.error(mark_where(e.mark, whole), "malformed YAML: " + lower_first(e.msg));
  } catch (const std::bad_alloc&) {
    diag.error(whole, kTooBig + " (out of memory)");
  } catch (const std::exception& e) {
    diag.error(whole, std::string("cannot read the YAML: ") + e.what());
  }
  return std::nullopt;
}

}  // namespace svcsim::detail
