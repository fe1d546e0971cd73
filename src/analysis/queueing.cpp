// Queueing formulas (see queueing.hpp).
#include "analysis/queueing.hpp"

#include <limits>

namespace svcsim::detail {
namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
}

double erlang_b(std::int64_t servers, double offered_load) {
  double b = 1.0;
  for (std::int64_t k = 1; k <= servers; ++k) b = offered_load * b / (static_cast<double>(k) + offered_load * b);
  return b;
}

double erlang_c(std::int64_t servers, double offered_load) {
  const double c = static_cast<double>(servers);
  if (!(offered_load < c)) return 1.0;
  const double b = erlang_b(servers, offered_load);
  return c * b / (c - offered_load * (1.0 - b));
}

double mmc_mean_wait(std::int64_t servers, double arrival_rate, double mean_service) {
  if (!(arrival_rate > 0) || !(mean_service > 0)) return 0.0;
  const double a = arrival_rate * mean_service;
  const double c = static_cast<double>(servers);
  if (!(a < c)) return kInfinity;
  if (servers > kMaxErlangServers) return 0.0;
  return erlang_c(servers, a) * mean_service / (c - a);  // C / (c mu - lambda), with mu = 1 / S
}

double mva_wait(std::int64_t servers, double service_s, double work_ahead_s, double open_utilization) {
  if (!(open_utilization < 1.0)) return kInfinity;
  const double m = static_cast<double>(servers);
  const double queueing_service = service_s / m;
  return (queueing_service + work_ahead_s / m) / (1.0 - open_utilization) - queueing_service;
}

}  // namespace svcsim::detail
