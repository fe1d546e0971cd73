// Visit ratios (see visits.hpp): callers before callees, each program passes
// its own visits times the expected calls per run to every callee.
#include "analysis/visits.hpp"

namespace svcsim::detail {

std::vector<std::vector<double>> program_visits(const ModelSet& set) {
  const std::size_t workloads = set.programs.workload_site.size();
  std::vector<std::vector<double>> visits(workloads, std::vector<double>(set.models.size(), 0.0));
  for (std::size_t w = 0; w < workloads; ++w) {
    std::vector<double>& v = visits[w];
    v[set.programs.sites[set.programs.workload_site[w]].program] = 1.0;
    for (auto it = set.callees_first.rbegin(); it != set.callees_first.rend(); ++it) {
      const std::uint32_t p = *it;
      if (v[p] == 0) continue;
      for (const SiteCount& c : set.calls[p]) v[set.programs.sites[c.site].program] += v[p] * c.count;
    }
  }
  return visits;
}

std::vector<double> program_flows(const std::vector<std::vector<double>>& visits, const std::vector<double>& rates) {
  std::vector<double> flow(visits.empty() ? 0 : visits.front().size(), 0.0);
  for (std::size_t w = 0; w < visits.size(); ++w)
    for (std::size_t p = 0; p < flow.size(); ++p) flow[p] += rates[w] * visits[w][p];
  return flow;
}

}  // namespace svcsim::detail
