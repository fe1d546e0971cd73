// The spelling of names that are not node names (endpoints, workloads,
// faults): one rule, so a name that is valid in one place is valid in all.
#pragma once

#include <string>

namespace svcsim::detail {

/// `[A-Za-z][A-Za-z0-9_-]*`, at most 128 characters.
inline bool is_identifier(const std::string& name) {
  if (name.empty() || name.size() > 128) return false;
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alpha(name[0])) return false;
  for (char c : name) {
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-') return false;
  }
  return true;
}

}  // namespace svcsim::detail
