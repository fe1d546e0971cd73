// Steps of an endpoint: each a map with exactly one action (work, call,
// parallel, choose) and the options that go with it (the resilience options
// of a call are read in call_options_reader.cpp).
#include "scenario/step_reader.hpp"

#include <utility>

#include "scenario/call_options_reader.hpp"
#include "scenario/distribution_reader.hpp"
#include "scenario/station_reader.hpp"
#include "scenario/suggest.hpp"

namespace svcsim::detail {
namespace {

const std::vector<std::string>& action_keys() {
  static const std::vector<std::string> keys = {"work", "call", "parallel", "choose"};
  return keys;
}

/// Every key a call map may hold besides `call`, for maps that are not read.
void allow_call_options(MapReader& r) {
  r.allow({"probability", "repeat", "timeout", "optional", "criticality", "throttle"});
  allow_resilience_options(r);
}

/// Reads the call options present in `r` into `spec`; false on any error.
bool read_call_options(MapReader& r, CallSpec& spec, const StepOwner& owner, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  bool ok = true;
  if (const YamlNode* n = r.get("probability")) {
    const auto v = read_ratio(*n, "probability", diag);
    ok = ok && v;
    if (v) spec.probability = *v;
  }
  if (const YamlNode* n = r.get("repeat")) {
    const auto v = read_integer(*n, "repeat", 1, 1000, diag);
    ok = ok && v;
    if (v) spec.repeat = static_cast<int>(*v);
  }
  if (const YamlNode* n = r.get("timeout")) {
    const auto v = read_positive_duration(*n, "timeout", diag);
    ok = ok && v;
    if (v) spec.timeout = *v;
  }
  if (const YamlNode* n = r.get("optional")) {
    const auto v = read_bool(*n, "optional", diag);
    ok = ok && v;
    if (v) spec.optional = *v;
  }
  if (const YamlNode* n = r.get("criticality")) {
    spec.criticality = read_criticality(*n, "criticality", diag);
    ok = ok && spec.criticality;
  }
  if (const YamlNode* n = r.get("throttle")) {
    spec.throttle = read_throttle(*n, diag);
    ok = ok && spec.throttle;
  }
  return read_resilience_options(r, spec, owner, ctx) && ok;
}

CallSpec make_call(const YamlNode& target_node, const std::string& target, const StepOwner& owner,
                   ReadContext& ctx) {
  CallSpec spec;
  spec.target = target;
  spec.where = target_node.where.location();
  ctx.calls.push_back(WrittenCall{WrittenCall::Kind::step, target, target_node.where, owner.node, owner.endpoint});
  return spec;
}

std::optional<Step> read_parallel(MapReader& r, const YamlNode& step_map, const StepOwner& owner,
                                  ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  const YamlNode* list = r.get("parallel");
  const YamlNode* wait = r.get("wait");
  if (!expect_list(*list, "parallel", diag)) return std::nullopt;
  if (list->items.empty()) {
    diag.error(list->where, "'parallel' needs at least one call");
    return std::nullopt;
  }
  if (list->items.size() > static_cast<std::size_t>(kMaxParallelCalls)) {
    diag.error(list->where, "'parallel' has " + std::to_string(list->items.size()) + " calls; at most " +
                                std::to_string(kMaxParallelCalls) + " are allowed");
    return std::nullopt;
  }
  ParallelStep parallel;
  bool ok = true;
  for (const auto& item : list->items) {
    if (item.is_scalar()) {
      const auto target = read_string(item, "parallel", diag);
      if (target) parallel.calls.push_back(make_call(item, *target, owner, ctx));
      ok = ok && target;
    } else if (item.is_map()) {
      MapReader call_reader(item, diag);
      auto spec = read_call(call_reader, owner, ctx);
      call_reader.finish();
      // The engine runs one call per parallel entry; refuse rather than ignore.
      if (spec && spec->repeat != 1) {
        diag.error(item.find("repeat")->where,
                   "'repeat' inside 'parallel' is not supported yet: each entry is one call; list the call "
                   "several times, or repeat it in a step of its own");
        spec.reset();
      }
      if (spec) parallel.calls.push_back(std::move(*spec));
      ok = ok && spec;
    } else {
      diag.error(item.where, "a parallel call must be a target like 'auth.validate' or a map with 'call', not " +
                                 std::string(describe_type(item)));
      ok = false;
    }
  }
  parallel.wait_for = static_cast<int>(list->items.size());
  if (wait) {
    const auto text = read_scalar(*wait, "wait", diag);
    const auto n = static_cast<std::int64_t>(list->items.size());
    if (!text) {
      ok = false;
    } else if (*text == "all") {
      parallel.wait_for = static_cast<int>(n);
    } else if (*text == "any") {
      parallel.wait_for = 1;
    } else if (const auto k = parse_integer(*text); k && *k >= 1 && *k <= n) {
      parallel.wait_for = static_cast<int>(*k);
    } else {
      diag.error(wait->where, "'wait' must be 'all', 'any' or a number from 1 to " + std::to_string(n) +
                                  " (the number of calls), not '" + *text + "'");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return Step{std::move(parallel), step_map.where.location()};
}

std::optional<Step> read_choose(MapReader& r, const YamlNode& step_map, const StepOwner& owner, ReadContext& ctx,
                                int depth) {
  Diagnostics& diag = ctx.diag;
  const YamlNode* list = r.get("choose");
  if (!expect_list(*list, "choose", diag)) return std::nullopt;
  if (list->items.empty()) {
    diag.error(list->where, "'choose' needs at least one branch");
    return std::nullopt;
  }
  ChooseStep choose;
  bool ok = true;
  for (const auto& item : list->items) {
    if (!item.is_map()) {
      diag.error(item.where, "a choose branch must be a map like {weight: 70%, call: a.b}, not " +
                                 std::string(describe_type(item)));
      ok = false;
      continue;
    }
    MapReader br(item, diag);
    ChooseBranch branch;
    if (const YamlNode* w = br.get("weight")) {
      const auto weight = read_weight(*w, "weight", diag);
      ok = ok && weight;
      if (weight) branch.weight = *weight;
    }
    const bool has_call = br.has("call");
    const bool has_steps = br.has("steps");
    if (has_call && has_steps) {
      diag.error(br.key_where("steps"), "a choose branch has 'call' or 'steps', not both");
      br.allow({"call", "steps"});
      allow_call_options(br);
      ok = false;
    } else if (has_steps) {
      auto steps = read_steps(*br.get("steps"), "steps", owner, ctx, depth + 1);
      ok = ok && steps;
      if (steps) branch.steps = std::move(*steps);
    } else if (has_call) {
      auto spec = read_call(br, owner, ctx);
      ok = ok && spec;
      if (spec) branch.steps.push_back(Step{CallStep{std::move(*spec)}, item.where.location()});
    } else {
      diag.error(item.where, "a choose branch needs 'call' or 'steps'");
      br.allow({"call", "steps"});
      ok = false;
    }
    br.finish();
    choose.branches.push_back(std::move(branch));
  }
  if (!ok) return std::nullopt;
  return Step{std::move(choose), step_map.where.location()};
}

std::optional<Step> read_step(const YamlNode& item, const StepOwner& owner, ReadContext& ctx, int depth) {
  Diagnostics& diag = ctx.diag;
  if (!item.is_map()) {
    diag.error(item.where, "a step must be a map like {work: 2ms} or {call: auth.validate}, not " +
                               std::string(describe_type(item)));
    return std::nullopt;
  }
  std::vector<const YamlEntry*> actions;
  for (const auto& e : item.entries) {
    for (const auto& a : action_keys()) {
      if (e.key == a) actions.push_back(&e);
    }
  }
  MapReader r(item, diag);
  if (actions.empty()) {
    const std::size_t before = diag.count();
    r.allow({"work", "call", "parallel", "choose", "wait"});
    allow_call_options(r);
    r.finish();
    if (diag.count() == before) {
      diag.error(item.where, "a step needs one of 'work', 'call', 'parallel' or 'choose'");
    }
    return std::nullopt;
  }
  if (actions.size() > 1) {
    diag.error(actions[1]->key_where, "a step has one action, but '" + actions[0]->key + "' and '" +
                                          actions[1]->key + "' are both here; write them as two steps");
    return std::nullopt;
  }
  const std::string& action = actions[0]->key;
  std::optional<Step> step;
  if (action == "work") {
    auto work = read_distribution(*r.get("work"), "work", diag);
    if (work) step = Step{WorkStep{std::move(*work)}, item.where.location()};
  } else if (action == "call") {
    auto spec = read_call(r, owner, ctx);
    if (spec) step = Step{CallStep{std::move(*spec)}, item.where.location()};
  } else if (action == "parallel") {
    step = read_parallel(r, item, owner, ctx);
  } else {
    step = read_choose(r, item, owner, ctx, depth);
  }
  r.finish();
  return step;
}

}  // namespace

std::optional<CallSpec> read_call(MapReader& r, const StepOwner& owner, ReadContext& ctx) {
  const YamlNode* target_node = r.require("call");
  std::optional<std::string> target;
  if (target_node) target = read_string(*target_node, "call", ctx.diag);
  CallSpec spec = target ? make_call(*target_node, *target, owner, ctx) : CallSpec{};
  const bool options_ok = read_call_options(r, spec, owner, ctx);  // read even without a target: all errors
  if (!target || !options_ok) return std::nullopt;
  return spec;
}

std::optional<std::vector<Step>> read_steps(const YamlNode& node, std::string_view key, const StepOwner& owner,
                                            ReadContext& ctx, int depth) {
  if (depth > kMaxStepDepth) {
    ctx.diag.error(node.where, "steps nested too deeply (more than " + std::to_string(kMaxStepDepth) +
                                   " levels of 'choose')");
    return std::nullopt;
  }
  if (!expect_list(node, key, ctx.diag)) return std::nullopt;
  if (node.items.empty()) {
    std::string message = "'";
    message.append(key).append("' needs at least one step");
    ctx.diag.error(node.where, message);
    return std::nullopt;
  }
  std::vector<Step> steps;
  bool ok = true;
  for (const auto& item : node.items) {
    auto step = read_step(item, owner, ctx, depth);
    if (step) {
      steps.push_back(std::move(*step));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return steps;
}

}  // namespace svcsim::detail
