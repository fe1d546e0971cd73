// Valid scenario names for what the traces call services, operations and
// root operations: node names `[a-z][a-z0-9_-]*` (and not `client`),
// endpoint and workload names `[A-Za-z][A-Za-z0-9_-]*`, at most 100
// characters, unique where the loader needs them unique (nodes and workloads
// share one namespace; endpoints per node). Originals are assigned in sorted
// order, so the same traces always give the same names.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "import/observations.hpp"

namespace svcsim::trace_import {

/// `text` made into a node name (lower case; other characters become '-').
std::string node_name_from(const std::string& text);
/// `text` made into an endpoint or workload name (other characters become '-').
std::string identifier_from(const std::string& text);

struct ScenarioNames {
  std::map<std::string, std::string> nodes;  // original service -> node name
  std::vector<std::string> endpoint;         // per EndpointId: its endpoint name
  std::vector<std::string> workload;         // per observed workload
  /// `node.endpoint` of an endpoint.
  std::string target(const Observations& obs, EndpointId id) const;
};

ScenarioNames name_everything(const Observations& obs);

}  // namespace svcsim::trace_import
