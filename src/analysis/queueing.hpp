// Queueing formulas of the analytic view: Erlang B and C, the M/M/c mean wait,
// and the one step of Mean Value Analysis with Seidmann's multi-server
// approximation. Units: rates per second, times in seconds.
#pragma once

#include <cstdint>

namespace svcsim::detail {

/// Erlang B: blocking probability of M/M/c/c at offered load `a` Erlangs,
/// by the stable recursion B(k) = a B(k-1) / (k + a B(k-1)).
double erlang_b(std::int64_t servers, double offered_load);

/// Erlang C: probability that an arrival to M/M/c waits, for a < c;
/// C = c B / (c - a (1 - B)). 1 when a >= c.
double erlang_c(std::int64_t servers, double offered_load);

/// M/M/c mean wait in queue: C(c, a) / (c mu - lambda) with a = lambda / mu,
/// mu = 1 / mean_service. Infinite when lambda >= c mu; 0 without arrivals.
double mmc_mean_wait(std::int64_t servers, double arrival_rate, double mean_service);

/// Above this many servers the Erlang recursion is not run: the wait is taken
/// as 0 below utilisation 1 (with so many servers it is negligible).
inline constexpr std::int64_t kMaxErlangServers = 1'000'000;

/// Mean wait per visit at a station of `servers` servers in an MVA step
/// (Seidmann's approximation: a queueing server of service S/m plus a delay of
/// S (m-1)/m; exact for m = 1). `queue_seen` is the number at the queueing part
/// an arrival sees (MVA's arrival theorem), each needing `work_ahead_s` of
/// service on average; `open_utilization` is the share of the station taken by
/// open workloads (closed residence is stretched by 1 / (1 - U_open)).
double mva_wait(std::int64_t servers, double service_s, double work_ahead_s, double open_utilization);

}  // namespace svcsim::detail
