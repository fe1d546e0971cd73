// The call graph: vertices are (node, endpoint) pairs, edges are written calls
// and their fallbacks, cache origins and load-balancer forwarding. Targets are
// resolved with suggestions; cycles are found by an iterative depth-first
// search (a long chain of endpoints must not exhaust the stack); what each
// workload reaches decides whether it needs a catalog of item keys.
#include "scenario/call_graph.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_set>
#include <string>
#include <utility>
#include <vector>

#include "scenario/suggest.hpp"

namespace svcsim::detail {
namespace {

/// Cycles longer than this are printed with their middle elided.
constexpr std::size_t kMaxCyclePrinted = 12;

struct Vertex {
  int node = -1;
  std::string endpoint;  // kDefaultEndpointName for a node's default endpoint
};

struct Edge {
  int to = -1;
  Where site;
  std::string what;  // how the call was written, for the cycle message
};

class CallGraph {
 public:
  CallGraph(const Scenario& s, const ReadContext& ctx) : s_(s), ctx_(ctx), diag_(ctx.diag) {
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
      index_.emplace(s.nodes[i].name, static_cast<int>(i));  // first of duplicates wins
      names_.push_back(s.nodes[i].name);
    }
    targets_.assign(s.nodes.size(), -1);
    for (const auto& w : s.workloads) workload_names_.insert(w.name);
  }

  void run() {
    resolve_lb_targets();
    break_lb_loops();
    compute_final_servers();
    // Vertices for every written endpoint first, so the search runs in written order.
    for (std::size_t i = 0; i < s_.nodes.size(); ++i) {
      for (const auto& e : s_.nodes[i].endpoints) vertex(static_cast<int>(i), e.name);
    }
    entries_.assign(s_.workloads.size(), -1);
    for (const auto& site : ctx_.calls) {
      if (diag_.full()) return;  // what is left would only be dropped
      const std::string what = std::string(site.kind == WrittenCall::Kind::fallback ? "fallback call" : "call") +
                                " to '" + site.target + "'";
      const auto to = resolve(site.target, site.where, what);
      if (!to) continue;
      const int target = vertex(to->node, to->endpoint);
      if (site.kind == WrittenCall::Kind::workload && site.owner_workload >= 0) {
        entries_[static_cast<std::size_t>(site.owner_workload)] = target;
        entry_where_.emplace(site.owner_workload, site.where);
      }
      if (site.owner_node < 0) continue;
      const int from = vertex(site.owner_node, site.owner_endpoint);
      edges_[static_cast<std::size_t>(from)].push_back(Edge{target, site.where, what});
    }
    find_cycles();
    check_catalogs();
    check_cache_memory();
  }

 private:
  const Node& node(int i) const { return s_.nodes[static_cast<std::size_t>(i)]; }
  bool incomplete(int i) const { return ctx_.node_incomplete[static_cast<std::size_t>(i)]; }
  bool is_lb(int i) const { return node(i).kind == NodeKind::load_balancer; }
  bool is_cache(int i) const { return node(i).kind == NodeKind::cache; }
  int target_of(int i) const { return targets_[static_cast<std::size_t>(i)]; }

  std::optional<int> find_node(const std::string& name) const {
    const auto it = index_.find(name);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }

  std::vector<std::string> endpoint_names(int i) const {
    std::vector<std::string> out;
    for (const auto& e : node(i).endpoints) out.push_back(e.name);
    return out;
  }

  // ------------------------------------------------ load balancer targets

  void resolve_lb_targets() {
    for (const auto& ref : ctx_.lb_targets) {
      const int lb = ref.owner;
      if (!is_lb(lb)) continue;  // 'target' on another kind was reported by the node reader
      const auto t = find_node(ref.name);
      if (!t) {
        diag_.error(ref.where, "load balancer '" + node(lb).name + "' forwards to '" + ref.name + "': no node '" +
                                   ref.name + "'" + did_you_mean(ref.name, names_));
      } else if (*t == lb) {
        diag_.error(ref.where, "load balancer '" + node(lb).name + "' cannot forward to itself");
      } else if (!incomplete(*t)) {
        targets_[static_cast<std::size_t>(lb)] = *t;
        target_where_.emplace(lb, ref.where);
      }
    }
  }

  /// Load balancers that forward to each other in a circle never reach a
  /// server; report each circle once and treat its members as unresolved.
  void break_lb_loops() {
    std::vector<int> state(s_.nodes.size(), 0);  // 0 unseen, 1 on the current walk, 2 done
    for (int start = 0; start < static_cast<int>(s_.nodes.size()); ++start) {
      std::vector<int> walk;
      int cur = start;
      while (cur >= 0 && is_lb(cur) && state[static_cast<std::size_t>(cur)] == 0) {
        state[static_cast<std::size_t>(cur)] = 1;
        walk.push_back(cur);
        cur = target_of(cur);
      }
      if (cur >= 0 && state[static_cast<std::size_t>(cur)] == 1) {
        std::string path;
        bool in_loop = false;
        std::vector<int> loop;
        for (int v : walk) {
          in_loop = in_loop || v == cur;
          if (in_loop) loop.push_back(v);
        }
        for (int v : loop) path += node(v).name + " -> ";
        path += node(cur).name;
        diag_.error(target_where_.at(loop.back()), "load balancers forward in a circle: " + path);
        for (int v : loop) targets_[static_cast<std::size_t>(v)] = -1;
      }
      for (int v : walk) state[static_cast<std::size_t>(v)] = 2;
    }
  }

  /// A load balancer whose target is missing or broken: calls through it are
  /// not judged (its own error says why).
  bool lb_unresolved(int i) const { return target_of(i) < 0; }

  // ------------------------------------------------------ endpoint lookup

  /// The server at the end of a chain of load balancers (-1 when unresolved).
  /// Whether `lb.x` exists depends only on it: every balancer on the way
  /// forwards `x` when the server has `x`, else the server's default.
  int final_server(int i) const { return finals_[static_cast<std::size_t>(i)]; }

  /// Fills finals_ once the loops are broken: each chain is walked once.
  void compute_final_servers() {
    finals_.assign(s_.nodes.size(), -2);  // -2: not computed yet
    for (int start = 0; start < static_cast<int>(s_.nodes.size()); ++start) {
      std::vector<int> walk;
      int cur = start;
      while (cur >= 0 && is_lb(cur) && finals_[static_cast<std::size_t>(cur)] == -2) {
        walk.push_back(cur);
        cur = target_of(cur);
      }
      int server = -1;
      if (cur >= 0) server = is_lb(cur) ? finals_[static_cast<std::size_t>(cur)] : cur;
      for (int v : walk) finals_[static_cast<std::size_t>(v)] = server;
      if (!is_lb(start)) finals_[static_cast<std::size_t>(start)] = start;
    }
  }

  /// Whether `node.ep` names an endpoint (following load balancers).
  bool has_endpoint(int i, const std::string& ep) const {
    if (is_lb(i)) {
      const int server = final_server(i);
      if (server < 0) return false;
      const bool has_default = default_of(server).has_value();
      return ep == kDefaultEndpointName ? has_default : has_endpoint(server, ep) || has_default;
    }
    if (is_cache(i)) return ep == kDefaultEndpointName;
    if (ep == kDefaultEndpointName && node(i).service_time) return true;
    for (const auto& e : node(i).endpoints) {
      if (e.name == ep) return true;
    }
    return false;
  }

  /// The endpoint a call written as just `node` goes to.
  std::optional<std::string> default_of(int i) const {
    if (is_cache(i)) return std::string(kDefaultEndpointName);
    if (is_lb(i)) {
      const int server = final_server(i);
      if (server < 0 || !default_of(server)) return std::nullopt;
      return std::string(kDefaultEndpointName);
    }
    if (node(i).service_time) return std::string(kDefaultEndpointName);
    if (node(i).endpoints.size() == 1) return node(i).endpoints.front().name;
    return std::nullopt;
  }

  std::string several_endpoints(int i, const std::string& written_node) const {
    const auto names = endpoint_names(i);
    return "several endpoints (" + join(names) + "); name one, e.g. '" + written_node + "." +
           (names.empty() ? std::string("x") : names.front()) + "'";
  }

  /// Resolves a written target; reports what is wrong and returns nullopt.
  std::optional<Vertex> resolve(const std::string& text, const Where& where, const std::string& what) {
    const std::string head = what + ": ";
    const auto dot = text.find('.');
    const std::string node_name = text.substr(0, dot);
    const std::string ep = dot == std::string::npos ? std::string() : text.substr(dot + 1);
    if (node_name.empty() || (dot != std::string::npos && (ep.empty() || ep.find('.') != std::string::npos))) {
      diag_.error(where, head + "a call target is 'node' or 'node.endpoint'");
      return std::nullopt;
    }
    const auto found = find_node(node_name);
    if (!found) {
      if (node_name == kClientName) {
        diag_.error(where, head + "'client' is the outside world, not a node");
      } else if (is_workload(node_name)) {
        diag_.error(where, head + "'" + node_name + "' is a workload, not a node");
      } else {
        diag_.error(where, head + "no node '" + node_name + "'" + did_you_mean(node_name, names_));
      }
      return std::nullopt;
    }
    const int i = *found;
    if (incomplete(i) || (is_lb(i) && final_server(i) < 0)) return std::nullopt;  // its own errors say why
    const Node& n = node(i);
    if (!ep.empty()) {
      if (has_endpoint(i, ep)) return Vertex{i, ep};
      if (is_cache(i)) {
        diag_.error(where, head + "cache '" + n.name + "' has only its default endpoint; call it as '" + n.name + "'");
      } else if (is_lb(i)) {
        const int t = final_server(i);
        diag_.error(where, head + "load balancer '" + n.name + "' forwards to '" + node(t).name +
                               "', which has no endpoint '" + ep + "'" + did_you_mean(ep, endpoint_names(t)) +
                               " and no default endpoint");
      } else {
        const auto names = endpoint_names(i);
        std::string message = head + "node '" + n.name + "' has no endpoint '" + ep + "'";
        const auto suggestion = did_you_mean(ep, names);
        if (!suggestion.empty()) {
          message += suggestion;
        } else if (names.empty()) {
          message += "; it has only its default endpoint: call it as '" + n.name + "'";
        } else {
          message += "; its endpoints: " + join(names);
        }
        diag_.error(where, message);
      }
      return std::nullopt;
    }
    if (const auto d = default_of(i)) return Vertex{i, *d};
    // A node with neither endpoints nor a service time is one whose own
    // value failed to load (e.g. a --set out of range): its error says why.
    if (is_lb(i)) {
      const int t = final_server(i);
      if (!node(t).endpoints.empty())
        diag_.error(where, head + "load balancer '" + n.name + "' forwards to '" + node(t).name + "', which has " +
                               several_endpoints(t, n.name));
    } else if (!n.endpoints.empty()) {
      diag_.error(where, head + "node '" + n.name + "' has " + several_endpoints(i, n.name));
    }
    return std::nullopt;
  }

  bool is_workload(const std::string& name) const { return workload_names_.count(name) > 0; }

  // ------------------------------------------------------------- vertices

  std::string vertex_name(int v) const {
    const Vertex& x = vertices_[static_cast<std::size_t>(v)];
    return x.endpoint == kDefaultEndpointName ? node(x.node).name : node(x.node).name + "." + x.endpoint;
  }

  /// The vertex of `n.ep`, created on first use. A load balancer's endpoint
  /// forwards to its target's endpoint of the same name, else to the target's
  /// default; a chain of balancers is created in a loop, not by recursion.
  int vertex(int n, std::string ep) {
    int first = -1;
    int previous = -1;
    int previous_node = -1;
    while (true) {
      const auto key = std::make_pair(n, ep);
      const auto found = vertex_ids_.find(key);
      const bool existed = found != vertex_ids_.end();
      int id = existed ? found->second : static_cast<int>(vertices_.size());
      if (!existed) {
        vertex_ids_.emplace(key, id);
        vertices_.push_back(Vertex{n, ep});
        edges_.emplace_back();
      }
      if (previous >= 0) {
        edges_[static_cast<std::size_t>(previous)].push_back(
            Edge{id, target_where_.at(previous_node),
                 "load balancer '" + node(previous_node).name + "' forwarding to '" + node(n).name + "'"});
      }
      if (first < 0) first = id;
      if (existed || !is_lb(n) || lb_unresolved(n)) break;
      const int t = target_of(n);
      std::optional<std::string> forward;
      if (ep != kDefaultEndpointName && has_endpoint(t, ep)) {
        forward = ep;
      } else {
        forward = default_of(t);
      }
      if (!forward) break;
      previous = id;
      previous_node = n;
      n = t;
      ep = *forward;
    }
    return first;
  }

  // --------------------------------------------------------------- cycles

  void find_cycles() {
    const std::size_t count = vertices_.size();
    std::vector<int> color(count, 0);  // 0 white, 1 on the stack, 2 done
    std::vector<std::size_t> stack_pos(count, 0);
    struct Frame {
      int v;
      std::size_t next_edge;
    };
    for (std::size_t root = 0; root < count; ++root) {
      if (color[root] != 0) continue;
      std::vector<Frame> stack{{static_cast<int>(root), 0}};
      color[root] = 1;
      stack_pos[root] = 0;
      while (!stack.empty()) {
        Frame& top = stack.back();
        const auto& out = edges_[static_cast<std::size_t>(top.v)];
        if (top.next_edge == out.size()) {
          color[static_cast<std::size_t>(top.v)] = 2;
          stack.pop_back();
          continue;
        }
        const Edge& e = out[top.next_edge++];
        const auto to = static_cast<std::size_t>(e.to);
        if (color[to] == 1) {
          std::vector<int> cycle;
          for (std::size_t k = stack_pos[to]; k < stack.size(); ++k) cycle.push_back(stack[k].v);
          report_cycle(e, cycle);
        } else if (color[to] == 0) {
          color[to] = 1;
          stack_pos[to] = stack.size();
          stack.push_back(Frame{e.to, 0});
        }
      }
    }
  }

  void report_cycle(const Edge& closing, const std::vector<int>& cycle) {
    std::string path;
    for (std::size_t k = 0; k < cycle.size(); ++k) {
      if (cycle.size() > kMaxCyclePrinted && k == kMaxCyclePrinted / 2) {
        path += "… (" + std::to_string(cycle.size() - kMaxCyclePrinted) + " more) -> ";
        k = cycle.size() - kMaxCyclePrinted / 2;
      }
      path += vertex_name(cycle[k]) + " -> ";
    }
    path += vertex_name(cycle.front());
    diag_.error(closing.site, closing.what + " makes a call cycle: " + path);
  }

  // ------------------------------------------------------------- catalogs

  /// Why requests reaching node i need an item key, or "" when they do not.
  std::string needs_key(int i) const {
    const Node& n = node(i);
    if (n.kind == NodeKind::cache && n.capacity) return "cache '" + n.name + "', which has 'capacity'";
    if (n.balancing == Balancing::ring_hash) return "node '" + n.name + "', which balances by ring_hash";
    return {};
  }

  /// A workload without a catalog must not reach a node that needs item keys.
  void check_catalogs() {
    bool any = false;
    for (std::size_t i = 0; i < s_.nodes.size(); ++i) any = any || !needs_key(static_cast<int>(i)).empty();
    if (!any) return;
    for (std::size_t w = 0; w < s_.workloads.size(); ++w) {
      if (diag_.full()) return;
      const Workload& workload = s_.workloads[w];
      if (workload.catalog || entries_[w] < 0) continue;
      std::vector<bool> seen(vertices_.size(), false);
      std::vector<int> todo{entries_[w]};
      seen[static_cast<std::size_t>(entries_[w])] = true;
      std::string reason;
      while (!todo.empty() && reason.empty()) {
        const int v = todo.back();
        todo.pop_back();
        reason = needs_key(vertices_[static_cast<std::size_t>(v)].node);
        for (const Edge& e : edges_[static_cast<std::size_t>(v)]) {
          if (!seen[static_cast<std::size_t>(e.to)]) {
            seen[static_cast<std::size_t>(e.to)] = true;
            todo.push_back(e.to);
          }
        }
      }
      if (reason.empty()) continue;
      diag_.error(entry_where_.at(static_cast<int>(w)),
                  "workload '" + workload.name + "' reaches " + reason + ", but has no 'catalog' to draw item keys "
                  "from (e.g. catalog: {items: 100000, zipf: 0.9})");
    }
  }

  /// The engine keeps every instance's contents in memory, sized up front:
  /// min(capacity, largest catalog) items per instance.
  void check_cache_memory() {
    constexpr std::int64_t kMaxCachedItems = 20'000'000;  // all instances of one cache: about 1 GB
    std::int64_t max_items = 1;
    for (const Workload& w : s_.workloads)
      if (w.catalog) max_items = std::max(max_items, w.catalog->items);
    for (const Node& n : s_.nodes) {
      if (n.kind != NodeKind::cache || !n.capacity) continue;
      const std::int64_t items = std::min(*n.capacity, max_items) * n.instances;
      if (items <= kMaxCachedItems) continue;
      diag_.error(Where{n.where.line, n.where.column, -1},
                  "cache '" + n.name + "' would keep " + std::to_string(items) + " items in memory (capacity " +
                      "x instances, up to the largest catalog); at most " + std::to_string(kMaxCachedItems) +
                      " fit: lower 'capacity' or 'instances'");
    }
  }

  const Scenario& s_;
  const ReadContext& ctx_;
  Diagnostics& diag_;
  std::map<std::string, int> index_;
  std::vector<std::string> names_;
  std::unordered_set<std::string> workload_names_;
  std::vector<int> targets_;            // load balancer -> target node, -1 when unresolved
  std::vector<int> finals_;             // node -> server at the end of its balancer chain, -1 when none
  std::map<int, Where> target_where_;   // load balancer -> where its target was written
  std::vector<Vertex> vertices_;
  std::map<std::pair<int, std::string>, int> vertex_ids_;
  std::vector<std::vector<Edge>> edges_;
  std::vector<int> entries_;           // workload -> the vertex its requests enter, -1 when unresolved
  std::map<int, Where> entry_where_;   // workload -> where its entry call was written
};

}  // namespace

void check_call_graph(const Scenario& scenario, const ReadContext& ctx) {
  CallGraph graph(scenario, ctx);
  graph.run();
}

}  // namespace svcsim::detail
