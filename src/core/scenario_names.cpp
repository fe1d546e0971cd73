// The spelling of scenario enums, as written in YAML and in reports.
#include "svcsim/scenario.hpp"

namespace svcsim {

const char* to_string(NodeKind kind) {
  switch (kind) {
    case NodeKind::service: return "service";
    case NodeKind::api_gateway: return "api_gateway";
    case NodeKind::load_balancer: return "load_balancer";
    case NodeKind::cache: return "cache";
    case NodeKind::storage: return "storage";
    case NodeKind::database: return "database";
  }
  return "?";
}

const char* to_string(Balancing balancing) {
  switch (balancing) {
    case Balancing::round_robin: return "round_robin";
    case Balancing::random: return "random";
    case Balancing::least_request: return "least_request";
    case Balancing::power_of_two: return "power_of_two";
    case Balancing::ring_hash: return "ring_hash";
    case Balancing::weighted_round_robin: return "weighted_round_robin";
  }
  return "?";
}

const char* to_string(Threading threading) {
  return threading == Threading::blocking ? "blocking" : "async";
}

const char* to_string(Criticality level) {
  switch (level) {
    case Criticality::critical_plus: return "critical_plus";
    case Criticality::critical: return "critical";
    case Criticality::sheddable_plus: return "sheddable_plus";
    case Criticality::sheddable: return "sheddable";
  }
  return "?";
}

const char* to_string(Discipline discipline) {
  switch (discipline) {
    case Discipline::fifo: return "fifo";
    case Discipline::lifo: return "lifo";
    case Discipline::priority: return "priority";
    case Discipline::priority_preemptive: return "priority_preemptive";
  }
  return "?";
}

const char* to_string(FaultType type) {
  switch (type) {
    case FaultType::outage: return "outage";
    case FaultType::slowdown: return "slowdown";
    case FaultType::errors: return "errors";
    case FaultType::crash: return "crash";
    case FaultType::partition: return "partition";
  }
  return "?";
}

const char* to_string(CompareOp op) {
  switch (op) {
    case CompareOp::less: return "<";
    case CompareOp::less_equal: return "<=";
    case CompareOp::greater: return ">";
    case CompareOp::greater_equal: return ">=";
  }
  return "?";
}

}  // namespace svcsim
