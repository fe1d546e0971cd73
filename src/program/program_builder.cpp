// Build stage: resolves call targets, load-balancer forwarding and cache
// lookups of a Scenario into flat programs (see program.hpp).
#include <deque>
#include <map>
#include <stdexcept>
#include <utility>

#include "program/program.hpp"

namespace svcsim::detail {
namespace {

class ProgramBuilder {
 public:
  explicit ProgramBuilder(const Scenario& scenario) : scenario_(scenario) {
    for (std::uint32_t i = 0; i < scenario.nodes.size(); ++i) node_index_[scenario.nodes[i].name] = i;
  }

  ProgramSet build() {
    const auto client = static_cast<std::uint32_t>(scenario_.nodes.size());
    for (const Workload& w : scenario_.workloads) {
      CallSpec entry;
      entry.target = w.call;
      entry.timeout = w.timeout;
      entry.criticality = w.criticality;  // a request carries its workload's level
      out_.workload_site.push_back(add_site(client, entry));
    }
    while (!pending_.empty()) {
      const auto [program, endpoint] = pending_.front();
      pending_.pop_front();
      compile(program, endpoint);
    }
    return std::move(out_);
  }

 private:
  using NodeAndEndpoint = std::pair<std::uint32_t, std::string>;

  const Node& node(std::uint32_t i) const { return scenario_.nodes[i]; }

  std::uint32_t node_named(const std::string& name) const {
    const auto it = node_index_.find(name);
    if (it == node_index_.end()) throw std::logic_error("unresolved node '" + name + "'");
    return it->second;
  }

  /// The endpoint a bare `node` call means: the service_time one, else the only one.
  std::string default_endpoint(const Node& n) const {
    if (n.service_time || n.kind == NodeKind::cache || n.kind == NodeKind::load_balancer) return kDefaultEndpointName;
    if (n.endpoints.size() == 1) return n.endpoints.front().name;
    throw std::logic_error("node '" + n.name + "' has no default endpoint");
  }

  bool has_endpoint(const Node& n, const std::string& name) const {
    if (name == kDefaultEndpointName && (n.service_time || n.kind == NodeKind::cache)) return true;
    if (n.kind == NodeKind::load_balancer) return true;  // forwards any name
    for (const Endpoint& e : n.endpoints)
      if (e.name == name) return true;
    return false;
  }

  /// Resolves `node.endpoint` / `node` to a program id, queueing it for compilation.
  std::uint32_t program_for(const std::string& target) {
    const auto dot = target.find('.');
    const std::uint32_t n = node_named(target.substr(0, dot));
    std::string endpoint = dot == std::string::npos ? default_endpoint(node(n)) : target.substr(dot + 1);
    if (!has_endpoint(node(n), endpoint))
      throw std::logic_error("node '" + node(n).name + "' has no endpoint '" + endpoint + "'");
    return program_id(n, endpoint);
  }

  std::uint32_t program_id(std::uint32_t n, const std::string& endpoint) {
    const NodeAndEndpoint key{n, endpoint};
    if (const auto it = programs_.find(key); it != programs_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(out_.program_start.size());
    programs_.emplace(key, id);
    out_.program_start.push_back(0);
    out_.program_node.push_back(n);
    out_.program_name.push_back(node(n).name + "." + endpoint);
    std::int64_t bulkhead = 0;
    for (const Endpoint& e : node(n).endpoints)
      if (e.name == endpoint && e.bulkhead) bulkhead = *e.bulkhead;
    out_.program_bulkhead.push_back(bulkhead);
    pending_.emplace_back(id, endpoint);
    return id;
  }

  std::uint32_t link(std::uint32_t from, std::uint32_t to) {
    const auto key = std::make_pair(from, to);
    if (const auto it = links_.find(key); it != links_.end()) return it->second;
    const std::string from_name = from == scenario_.nodes.size() ? kClientName : node(from).name;
    const std::string to_name = to == scenario_.nodes.size() ? kClientName : node(to).name;
    Link l;
    l.latency = scenario_.network.latency;
    for (const svcsim::Link& override_link : scenario_.network.links)
      if (override_link.from == from_name && override_link.to == to_name) l.latency = override_link.latency;
    l.zero = l.latency.is_zero();
    l.rng = RandomStream(scenario_.seed, "link:" + from_name + "->" + to_name);
    const auto id = static_cast<std::uint32_t>(out_.links.size());
    out_.links.push_back(std::move(l));
    links_.emplace(key, id);
    return id;
  }

  std::uint32_t add_site(std::uint32_t caller, const CallSpec& spec) {
    CallSite site;
    site.caller = caller;
    site.program = program_for(spec.target);
    site.node = out_.program_node[site.program];
    site.link_out = link(caller, site.node);
    site.link_back = link(site.node, caller);
    site.probability = spec.probability;
    site.repeat = spec.repeat;
    site.timeout_ns = spec.timeout ? spec.timeout->ns : 0;
    site.optional = spec.optional;
    site.cancel_on_timeout = spec.cancel_on_timeout;
    site.retry = spec.retry ? &*spec.retry : nullptr;
    site.hedge = spec.hedge ? &*spec.hedge : nullptr;
    if (spec.circuit_breaker) site.breaker = breaker(caller, site.node, &*spec.circuit_breaker);
    site.level = spec.criticality;
    if (spec.throttle) {
      site.throttle = throttle(caller, site.node, *spec.throttle);
      site.throttle_k = spec.throttle->k;
    }
    site.station_options = site.level.has_value() || spec.throttle.has_value();
    // Fallbacks are plain calls (no retries of their own) from the same caller,
    // at the step's criticality.
    std::vector<std::uint32_t> fallbacks;
    for (const std::string& target : spec.fallback) {
      CallSpec fallback;
      fallback.target = target;
      fallback.cancel_on_timeout = spec.cancel_on_timeout;
      fallback.criticality = spec.criticality;
      fallbacks.push_back(add_site(caller, fallback));
    }
    site.fallback_first = static_cast<std::uint32_t>(out_.site_lists.size());
    site.fallback_count = static_cast<std::uint32_t>(fallbacks.size());
    out_.site_lists.insert(out_.site_lists.end(), fallbacks.begin(), fallbacks.end());
    out_.sites.push_back(site);
    return static_cast<std::uint32_t>(out_.sites.size() - 1);
  }

  /// The throttle of (caller, callee): the first call that configures one sets its window.
  std::uint32_t throttle(std::uint32_t caller, std::uint32_t callee, const ThrottlePolicy& policy) {
    for (std::uint32_t i = 0; i < out_.throttles.size(); ++i)
      if (out_.throttles[i].caller == caller && out_.throttles[i].callee == callee) return i;
    out_.throttles.push_back(ThrottleSpec{caller, callee, policy.window.ns});
    return static_cast<std::uint32_t>(out_.throttles.size() - 1);
  }

  /// The breaker of (caller, callee): the first call that configures one sets its policy.
  std::uint32_t breaker(std::uint32_t caller, std::uint32_t callee, const CircuitBreakerPolicy* policy) {
    for (std::uint32_t i = 0; i < out_.breakers.size(); ++i)
      if (out_.breakers[i].caller == caller && out_.breakers[i].callee == callee) return i;
    out_.breakers.push_back(BreakerSpec{caller, callee, policy});
    return static_cast<std::uint32_t>(out_.breakers.size() - 1);
  }

  void emit(Op op, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0) {
    out_.code.push_back(Instr{op, a, b, c});
  }

  void emit_work(const Distribution& d) {
    out_.distributions.push_back(d);
    emit(Op::work, static_cast<std::uint32_t>(out_.distributions.size() - 1));
  }

  void compile(std::uint32_t program, const std::string& endpoint) {
    const std::uint32_t n = out_.program_node[program];
    const Node& nd = node(n);
    out_.program_start[program] = static_cast<std::uint32_t>(out_.code.size());
    if (nd.kind == NodeKind::load_balancer) {
      if (nd.service_time && !nd.service_time->is_zero()) emit_work(*nd.service_time);
      const Node& target = node(node_named(nd.target));
      CallSpec forward;
      forward.target = target.name + "." + (has_endpoint(target, endpoint) ? endpoint : default_endpoint(target));
      emit(Op::call, add_site(n, forward));
    } else if (nd.kind == NodeKind::cache) {
      if (nd.service_time && !nd.service_time->is_zero()) emit_work(*nd.service_time);
      std::uint32_t origin = kNone;
      if (!nd.origin.empty()) {
        CallSpec origin_call;
        origin_call.target = nd.origin;
        origin = add_site(n, origin_call);
      }
      if (nd.capacity) {  // contents of its own: look the key up, fetch and store it on a miss
        emit(Op::cache_lookup, origin, 1);
        emit(Op::cache_insert);
      } else {
        emit(Op::cache_lookup, origin);
      }
    } else if (endpoint == kDefaultEndpointName && nd.service_time) {
      emit_work(*nd.service_time);
    } else {
      for (const Endpoint& e : nd.endpoints)
        if (e.name == endpoint) compile_steps(n, e.steps);
    }
    emit(Op::end);
  }

  void compile_steps(std::uint32_t n, const std::vector<Step>& steps) {
    for (const Step& step : steps) {
      if (const auto* work = std::get_if<WorkStep>(&step.action)) {
        emit_work(work->work);
      } else if (const auto* call = std::get_if<CallStep>(&step.action)) {
        emit(Op::call, add_site(n, call->call));
      } else if (const auto* par = std::get_if<ParallelStep>(&step.action)) {
        std::vector<std::uint32_t> sites;
        for (const CallSpec& spec : par->calls) sites.push_back(add_site(n, spec));
        const auto first = static_cast<std::uint32_t>(out_.site_lists.size());
        out_.site_lists.insert(out_.site_lists.end(), sites.begin(), sites.end());
        emit(Op::parallel, first, static_cast<std::uint32_t>(sites.size()), static_cast<std::uint32_t>(par->wait_for));
      } else if (const auto* choose = std::get_if<ChooseStep>(&step.action)) {
        compile_choose(n, *choose);
      }
    }
  }

  void compile_choose(std::uint32_t n, const ChooseStep& choose) {
    double total = 0;
    for (const ChooseBranch& b : choose.branches) total += b.weight;
    const auto first = static_cast<std::uint32_t>(out_.choices.size());
    out_.choices.resize(out_.choices.size() + choose.branches.size());
    emit(Op::choose, first, static_cast<std::uint32_t>(choose.branches.size()));
    std::vector<std::size_t> jumps_to_end;
    double cumulative = 0;
    for (std::size_t i = 0; i < choose.branches.size(); ++i) {
      cumulative += choose.branches[i].weight / total;
      const bool last = i + 1 == choose.branches.size();
      out_.choices[first + i] = Choice{last ? 1.0 : cumulative, static_cast<std::uint32_t>(out_.code.size())};
      compile_steps(n, choose.branches[i].steps);
      jumps_to_end.push_back(out_.code.size());
      emit(Op::jump);
    }
    for (const std::size_t j : jumps_to_end) out_.code[j].a = static_cast<std::uint32_t>(out_.code.size());
  }

  const Scenario& scenario_;
  ProgramSet out_;
  std::map<std::string, std::uint32_t> node_index_;
  std::map<NodeAndEndpoint, std::uint32_t> programs_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> links_;
  std::deque<std::pair<std::uint32_t, std::string>> pending_;
};

}  // namespace

ProgramSet build_programs(const Scenario& scenario) { return ProgramBuilder(scenario).build(); }

}  // namespace svcsim::detail
