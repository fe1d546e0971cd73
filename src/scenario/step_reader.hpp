// Reading an endpoint's steps (work, call, parallel, choose) and call options.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scenario/read_context.hpp"
#include "scenario/yaml_reader.hpp"
#include "scenario/yaml_tree.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// The endpoint the steps belong to, for recording its call sites.
struct StepOwner {
  int node = -1;
  std::string endpoint;
};

/// `choose` branches nested deeper than this are refused (hostile input).
inline constexpr int kMaxStepDepth = 16;

/// A non-empty list of steps written under `key`.
std::optional<std::vector<Step>> read_steps(const YamlNode& node, std::string_view key, const StepOwner& owner,
                                            ReadContext& ctx, int depth = 0);

/// Reads `call` (required) and the call options of a map into a CallSpec and
/// records the call site. Returns nullopt when the target is unusable.
std::optional<CallSpec> read_call(MapReader& r, const StepOwner& owner, ReadContext& ctx);

}  // namespace svcsim::detail
