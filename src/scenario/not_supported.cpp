// The gate: every key (or value) of the contract that is recognised but not
// implemented by the engine yet. To ship one, delete its line (a `readable`
// one is already read and validated into the Scenario; the others need a
// reader first).
#include "scenario/not_supported.hpp"

#include <array>
#include <string>

namespace svcsim::detail {
namespace {

struct GatedKey {
  std::string_view key;
  std::string_view value;  // empty: the key itself; else only this value of the key
  bool readable;           // the loader already reads it (tests let it through, see LoadOptions)
};

// Empty: every key of the contract is built. The mechanism stays for the next
// one (add {"key", "", false} here, or {"key", "value", …} for one value).
constexpr std::array<GatedKey, 0> kNotSupportedYet{};

const GatedKey* find(std::string_view key, std::string_view value) {
  for (const auto& g : kNotSupportedYet) {
    if (g.key == key && g.value == value) return &g;
  }
  return nullptr;
}

bool blocked(const GatedKey* g, const ReadContext& ctx) {
  return g && !(g->readable && ctx.allow_unsupported);
}

}  // namespace

bool gate_open(std::string_view key, const ReadContext& ctx, std::string_view value) {
  return !blocked(find(key, value), ctx);
}

const YamlNode* gated_get(MapReader& r, std::string_view key, const ReadContext& ctx) {
  if (blocked(find(key, {}), ctx)) {
    r.not_supported({key});
    return nullptr;
  }
  return r.get(key);
}

bool gate_value(std::string_view key, std::string_view value, const YamlNode& node, const ReadContext& ctx,
                std::string_view detail) {
  if (!blocked(find(key, value), ctx)) return true;
  std::string what(key);
  what += ": ";
  what += node.is_scalar() ? std::string_view(node.scalar) : value;
  std::string message = not_supported_message(what);
  if (!detail.empty()) message.append(" (").append(detail).append(")");
  ctx.diag.error(node.where, message);
  return false;
}

}  // namespace svcsim::detail
