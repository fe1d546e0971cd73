// svcsim_bench: requests per CPU-second of svcsim (M/M/1 at rho 0.9, the same
// as processor sharing, a tandem of 10 stations) next to a minimal hand-written M/M/1 loop, allocations per
// event in steady state, and peak memory at 1M vs 10M requests. See README.md.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <string>
#include <thread>

#include "bench_scenarios.hpp"
#include "measure.hpp"
#include "peak_rss.hpp"

namespace svcsim::bench {
namespace {

// Run lengths, chosen so each timed run takes roughly 1-3 CPU-seconds on the
// reference machine (README.md). The minimal loop is much faster per request,
// so it needs more of them for a stable reading.
constexpr std::uint64_t kSvcsimMm1Requests = 6'000'000;
constexpr std::uint64_t kTandemRequests = 500'000;
constexpr std::uint64_t kMinimalRequests = 30'000'000;
constexpr int kRepeats = 3;

constexpr double kRatioTarget = 1.0 / 3.0;
constexpr std::uint64_t kAllocSmall = 100'000;  // vs 10x this many requests
// Steady state: at most one allocation per this many events between the two
// runs (pools and the event heap may still double to a new high-water mark).
constexpr double kAllocPerEventLimit = 1e-5;
constexpr std::uint64_t kRssSmall = 1'000'000;
constexpr std::uint64_t kRssLarge = 10'000'000;
constexpr double kRssGrowthLimit = 1.10;

/// "Intel(R) Xeon(R) Processor, 2 logical CPUs": the figures mean little without it.
std::string machine() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line, model = "unknown CPU";
  while (std::getline(cpuinfo, line))
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  return fmt::format("{}, {} logical CPUs", model, std::thread::hardware_concurrency());
}

const char* verdict(bool pass) { return pass ? "PASS" : "FAIL"; }

void print_row(const char* name, const Measurement& m, double theory_s) {
  fmt::print("  {:<28} {:>12} {:>8.3f} {:>14.0f} {:>14.0f} {:>10.3f} ms (theory {:.3f}){}\n", name,
             m.requests, m.cpu_s, m.requests_per_cpu_s(),
             m.cpu_s > 0 ? static_cast<double>(m.events) / m.cpu_s : 0.0, m.mean_response_s * 1e3,
             theory_s * 1e3, m.ok ? "" : "  STOPPED EARLY");
}

Measurement best(const Measurement& a, const Measurement& b) {
  return a.requests_per_cpu_s() >= b.requests_per_cpu_s() ? a : b;
}

bool speed_section() {
  fmt::print("Speed: requests per CPU-second, best of {} interleaved repeats\n", kRepeats);
  Measurement mm1, mm1_ps, tandem, minimal;
  for (int i = 0; i < kRepeats; ++i) {
    // Interleaved so that a noisy neighbour hurts every benchmark alike.
    mm1 = best(mm1, measure_svcsim_mm1(kSvcsimMm1Requests));
    mm1_ps = best(mm1_ps, measure_svcsim_mm1_ps(kSvcsimMm1Requests));
    tandem = best(tandem, measure_svcsim_tandem(kTandemRequests));
    minimal = best(minimal, measure_minimal_mm1(kMinimalRequests));
  }
  fmt::print("  {:<28} {:>12} {:>8} {:>14} {:>14} {:>10}\n", "model", "requests", "CPU s", "requests/CPU-s",
             "events/CPU-s", "mean response");
  // M/M/1: 1/(mu - lambda). Tandem of M/M/1 stations (Jackson): the sum.
  const double mm1_theory = 1.0 / (1.0 / kMm1MeanService - kMm1ArrivalRate);
  const double tandem_theory = kTandemStations / (1.0 / kTandemMeanWork - kTandemArrivalRate);
  print_row("svcsim M/M/1 rho=0.9", mm1, mm1_theory);
  print_row("minimal loop M/M/1 rho=0.9", minimal, mm1_theory);
  print_row("svcsim M/M/1-PS rho=0.9", mm1_ps, mm1_theory);  // PS: S / (1 - rho), the same mean
  print_row("svcsim tandem 10 x rho=0.5", tandem, tandem_theory);
  const double ratio = mm1.requests_per_cpu_s() / minimal.requests_per_cpu_s();
  const bool pass = ratio >= kRatioTarget && mm1.ok && tandem.ok && mm1_ps.ok;
  fmt::print("  ratio svcsim / minimal loop (M/M/1): {:.3f}  (target >= {:.3f})  {}\n", ratio, kRatioTarget,
             verdict(pass));
  // Processor sharing re-times the instance's next end at every arrival and
  // end (a heap of virtual finish times): what it costs next to FCFS.
  fmt::print("  ratio M/M/1-PS / M/M/1 FCFS (svcsim): {:.3f}  (for information)\n\n",
             mm1_ps.requests_per_cpu_s() / mm1.requests_per_cpu_s());
  return pass;
}

bool allocation_row(const char* name, Model model) {
  const AllocationCount small = count_allocations(model, kAllocSmall);
  const AllocationCount large = count_allocations(model, 10 * kAllocSmall);
  const double extra_allocs = static_cast<double>(large.allocations) - static_cast<double>(small.allocations);
  const double extra_events = static_cast<double>(large.events - small.events);
  const double per_event = extra_allocs / extra_events;
  const bool pass = per_event <= kAllocPerEventLimit;
  fmt::print("  {:<10} {:>9} req: {:>5} allocs   {:>9} req: {:>5} allocs   per event: {:.2e}  {}\n", name,
             small.requests, small.allocations, large.requests, large.allocations, per_event, verdict(pass));
  return pass;
}

bool allocation_section() {
  fmt::print("Allocations: operator new calls in a whole simulate() run, N vs 10N requests\n");
  fmt::print("  (the difference over the extra events is the steady-state allocations per event;"
             " target <= {:.0e})\n",
             kAllocPerEventLimit);
  const bool mm1 = allocation_row("M/M/1", Model::mm1);
  const bool mm1_ps = allocation_row("M/M/1-PS", Model::mm1_ps);
  const bool tandem = allocation_row("tandem", Model::tandem);
  fmt::print("\n");
  return mm1 && mm1_ps && tandem;
}

bool memory_section() {
  fmt::print("Peak memory: VmHWM of a fresh process running svcsim M/M/1\n");
  const auto small = peak_rss_of_mm1_run(kRssSmall);
  const auto large = peak_rss_of_mm1_run(kRssLarge);
  if (!small || !large) {
    fmt::print("  could not run the child process  FAIL\n");
    return false;
  }
  const double growth = static_cast<double>(large->kib) / static_cast<double>(small->kib);
  const bool pass = growth <= kRssGrowthLimit;
  fmt::print("  {:>10} requests: {:>7} KiB   {:>10} requests: {:>7} KiB   ratio {:.3f}  (target <= {:.2f})  {}\n",
             small->requests, small->kib, large->requests, large->kib, growth, kRssGrowthLimit, verdict(pass));
  return pass;
}

/// `--only <model> <requests>`: a single run of one model, for profiling under
/// valgrind --tool=callgrind (README.md).
int only_main(const std::string& model, std::uint64_t requests) {
  Measurement m;
  if (model == "mm1") m = measure_svcsim_mm1(requests);
  else if (model == "mm1ps") m = measure_svcsim_mm1_ps(requests);
  else if (model == "tandem") m = measure_svcsim_tandem(requests);
  else if (model == "minimal") m = measure_minimal_mm1(requests);
  else return 2;
  fmt::print("{}: {} requests, {} events, {:.3f} CPU s, mean response {:.17g} s\n", model, m.requests, m.events,
             m.cpu_s, m.mean_response_s);
  return 0;
}

}  // namespace
}  // namespace svcsim::bench

int main(int argc, char** argv) {
  using namespace svcsim::bench;
  if (argc == 3 && std::strcmp(argv[1], kPeakRssChildFlag) == 0)
    return peak_rss_child_main(std::strtoull(argv[2], nullptr, 10));
  if (argc == 4 && std::strcmp(argv[1], "--only") == 0 && only_main(argv[2], std::strtoull(argv[3], nullptr, 10)) == 0)
    return 0;
  if (argc != 1) {
    fmt::print(stderr, "usage: svcsim_bench                              all benchmarks (bench/README.md)\n"
                       "       svcsim_bench --only mm1|mm1ps|tandem|minimal N  one run of N requests, for profiling\n");
    return 2;
  }
  fmt::print("svcsim_bench: {}; compiler {}; CPU time from CLOCK_PROCESS_CPUTIME_ID\n\n", machine(), __VERSION__);
  const bool speed = speed_section();
  const bool allocations = allocation_section();
  const bool memory = memory_section();
  const bool all = speed && allocations && memory;
  fmt::print("\nOverall: {}\n", verdict(all));
  return all ? 0 : 1;
}
