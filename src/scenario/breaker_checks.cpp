// One breaker per (caller node, callee node): the engine keeps a single state
// for the pair, so two calls of the pair that write different settings would
// leave it unclear which one holds.
#include "scenario/breaker_checks.hpp"

#include <map>
#include <string>
#include <utility>

namespace svcsim::detail {
namespace {

bool same(const CircuitBreakerPolicy& a, const CircuitBreakerPolicy& b) {
  return a.failure_rate_threshold == b.failure_rate_threshold && a.minimum_calls == b.minimum_calls &&
         a.sliding_window == b.sliding_window && a.wait_in_open == b.wait_in_open &&
         a.half_open_calls == b.half_open_calls;
}

}  // namespace

void check_breakers(const Scenario& scenario, const ReadContext& ctx) {
  std::map<std::pair<int, std::string>, const BreakerSite*> first;
  for (const auto& site : ctx.breakers) {
    if (ctx.diag.full()) return;
    const auto [it, fresh] = first.emplace(std::make_pair(site.owner_node, site.callee), &site);
    if (fresh || same(it->second->policy, site.policy)) continue;
    const std::string& caller = scenario.nodes[static_cast<std::size_t>(site.owner_node)].name;
    std::string message = "circuit_breaker of '" + caller + "' for calls to '" + site.callee +
                          "' differs from the one";
    const Where& earlier = it->second->where;
    if (!earlier.from_override() && earlier.line > 0) message += " at line " + std::to_string(earlier.line);
    ctx.diag.error(site.where, message + "; a node keeps one breaker per callee, so give them the same settings");
  }
}

}  // namespace svcsim::detail
