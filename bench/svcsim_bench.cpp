// svcsim_bench: requests per CPU-second of svcsim (M/M/1 at rho 0.9, the same
// as processor sharing, a tandem of 10 single-worker stations, a tandem of 10
// M/M/4 stations, scenarios/netflix.yaml) next to minimal hand-written loops
// (M/M/1, tandem of M/M/4), allocations per event in steady state, and peak
// memory at 1M vs 10M requests (and 100M with --long). Issue 15's targets are
// a section of their own, outside the Overall verdict. See README.md.
#include <cmath>
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
constexpr std::uint64_t kTandem4Requests = 1'000'000;
constexpr std::uint64_t kMinimalTandemRequests = 3'000'000;
constexpr int kRepeats = 3;

// Issue 2's floor, part of Overall: svcsim M/M/1 >= 1/3 of the minimal loop.
constexpr double kRatioTarget = 1.0 / 3.0;
// Issue 15's targets (their own section, not part of Overall; README.md).
constexpr double kIssue15Mm1Target = 0.5;      // svcsim M/M/1 / minimal M/M/1
constexpr double kIssue15TandemTarget = 0.45;  // svcsim tandem4 / minimal tandem
// netflix --duration 570s in <= 2.5 CPU-s on the reference machine (the
// shared development machine, README.md), whose minimal tandem loop runs
// kReferenceMinimalTandemSpeed requests per CPU-second (median of 7 runs of
// `--only minimal_tandem 3000000`, 2026-12-06). The run has kNetflixRequests
// requests in its measured window: 2.5 s is 399,342 requests per CPU-second,
// 0.2363 of the reference speed; the target, machine-independent, is that
// ratio rounded up to 3 digits.
constexpr double kNetflixSecondsTarget = 2.5;
constexpr double kNetflixRequests = 998'354;
constexpr double kReferenceMinimalTandemSpeed = 1.690e6;
constexpr double kNetflixRatioTarget = 0.237;
constexpr double kNetflixEventsPerRequestTarget = 20.0;
constexpr std::uint64_t kAllocSmall = 100'000;  // vs 10x this many requests
// Steady state: at most one allocation per this many events between the two
// runs (pools and the event heap may still double to a new high-water mark).
constexpr double kAllocPerEventLimit = 1e-5;
constexpr std::uint64_t kRssSmall = 1'000'000;
constexpr std::uint64_t kRssLarge = 10'000'000;
constexpr std::uint64_t kRssHuge = 100'000'000;  // only with --long: about 10 CPU-seconds more
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

/// theory_s NaN: no closed form (netflix).
void print_row(const char* name, const Measurement& m, double theory_s) {
  const std::string theory =
      std::isnan(theory_s) ? std::string("(no closed form)") : fmt::format("(theory {:.3f})", theory_s * 1e3);
  fmt::print("  {:<28} {:>12} {:>8.3f} {:>14.0f} {:>14.0f} {:>10.3f} ms {}{}\n", name, m.requests, m.cpu_s,
             m.requests_per_cpu_s(), m.cpu_s > 0 ? static_cast<double>(m.events) / m.cpu_s : 0.0,
             m.mean_response_s * 1e3, theory, m.ok ? "" : "  STOPPED EARLY OR NOT LOADED");
}

double events_per_request(const Measurement& m) {
  return m.requests ? static_cast<double>(m.events) / static_cast<double>(m.requests) : 0.0;
}

Measurement best(const Measurement& a, const Measurement& b) {
  return a.requests_per_cpu_s() >= b.requests_per_cpu_s() ? a : b;
}

/// Mean response time of an M/M/c queue (Erlang C): S + C(c, a) S / (c - a),
/// a = lambda S offered erlangs.
double mmc_response_s(double arrival_rate_per_s, int servers, double mean_service_s) {
  const double a = arrival_rate_per_s * mean_service_s;
  const double c = servers;
  double term = 1, sum = 1;  // a^k / k!, summed for k < c
  for (int k = 1; k < servers; ++k) {
    term *= a / k;
    sum += term;
  }
  const double last = term * a / c * c / (c - a);  // a^c / c! * c / (c - a)
  const double erlang_c = last / (sum + last);
  return mean_service_s + erlang_c * mean_service_s / (c - a);
}

/// What the speed section measured, for the issue-15 section.
struct Speeds {
  Measurement mm1, mm1_ps, tandem, tandem4, minimal, minimal_tandem, netflix;
  bool floor_pass = false;  // issue 2's floor and every svcsim run complete
};

Speeds speed_section(bool targets) {
  fmt::print("Speed: requests per CPU-second, best of {} interleaved repeats\n", kRepeats);
  Speeds m;
  for (int i = 0; i < kRepeats; ++i) {
    // Interleaved so that a noisy neighbour hurts every benchmark alike.
    m.mm1 = best(m.mm1, measure_svcsim_mm1(kSvcsimMm1Requests));
    m.mm1_ps = best(m.mm1_ps, measure_svcsim_mm1_ps(kSvcsimMm1Requests));
    m.tandem = best(m.tandem, measure_svcsim_tandem(kTandemRequests));
    if (targets) {  // issue 15's models: about 25 CPU-seconds of the three repeats
      m.tandem4 = best(m.tandem4, measure_svcsim_tandem4(kTandem4Requests));
      m.minimal_tandem = best(m.minimal_tandem, measure_minimal_tandem(kMinimalTandemRequests));
      m.netflix = best(m.netflix, measure_netflix());
    }
    m.minimal = best(m.minimal, measure_minimal_mm1(kMinimalRequests));
  }
  fmt::print("  {:<28} {:>12} {:>8} {:>14} {:>14} {:>10}\n", "model", "requests", "CPU s", "requests/CPU-s",
             "events/CPU-s", "mean response");
  // M/M/1: 1/(mu - lambda). Tandems (Jackson networks): the sum over the stations.
  const double mm1_theory = 1.0 / (1.0 / kMm1MeanService - kMm1ArrivalRate);
  const double tandem_theory = kTandemStations / (1.0 / kTandemMeanWork - kTandemArrivalRate);
  const double tandem4_theory = kTandem4Stations * mmc_response_s(kTandem4ArrivalRate, kTandem4Workers, kTandem4MeanWork);
  print_row("svcsim M/M/1 rho=0.9", m.mm1, mm1_theory);
  print_row("minimal loop M/M/1 rho=0.9", m.minimal, mm1_theory);
  print_row("svcsim M/M/1-PS rho=0.9", m.mm1_ps, mm1_theory);  // PS: S / (1 - rho), the same mean
  print_row("svcsim tandem 10 x rho=0.5", m.tandem, tandem_theory);
  if (targets) {
    print_row("svcsim tandem4 10xM/M/4 .7", m.tandem4, tandem4_theory);
    print_row("minimal tandem 10xM/M/4 .7", m.minimal_tandem, tandem4_theory);
    print_row("svcsim netflix 570s", m.netflix, std::nan(""));
  }
  const double ratio = m.mm1.requests_per_cpu_s() / m.minimal.requests_per_cpu_s();
  m.floor_pass = ratio >= kRatioTarget && m.mm1.ok && m.tandem.ok && m.mm1_ps.ok && (!targets || (m.tandem4.ok && m.netflix.ok));
  fmt::print("  ratio svcsim / minimal loop (M/M/1): {:.3f}  (issue 2's floor: target >= {:.3f})  {}\n", ratio,
             kRatioTarget, verdict(m.floor_pass));
  // Processor sharing re-times the instance's next end at every arrival and
  // end (a heap of virtual finish times): what it costs next to FCFS.
  fmt::print("  ratio M/M/1-PS / M/M/1 FCFS (svcsim): {:.3f}  (for information)\n",
             m.mm1_ps.requests_per_cpu_s() / m.mm1.requests_per_cpu_s());
  if (targets)
    fmt::print("  events per request: svcsim M/M/1 {:.2f}, tandem {:.2f}, tandem4 {:.2f}, netflix {:.2f};"
               " minimal tandem {:.2f}  (for information)\n\n",
               events_per_request(m.mm1), events_per_request(m.tandem), events_per_request(m.tandem4),
               events_per_request(m.netflix), events_per_request(m.minimal_tandem));
  else
    fmt::print("  events per request: svcsim M/M/1 {:.2f}, tandem {:.2f}  (for information)\n\n",
               events_per_request(m.mm1), events_per_request(m.tandem));
  return m;
}

bool allocation_row(const char* name, Model model) {
  const AllocationCount small = count_allocations(model, kAllocSmall);
  const AllocationCount large = count_allocations(model, 10 * kAllocSmall);
  if (!small.ok || !large.ok) {
    fmt::print("  {:<10} the scenario did not load or a run stopped early  FAIL\n", name);
    return false;
  }
  const double extra_allocs = static_cast<double>(large.allocations) - static_cast<double>(small.allocations);
  const double extra_events = static_cast<double>(large.events - small.events);
  const double per_event = extra_allocs / extra_events;
  const bool pass = per_event <= kAllocPerEventLimit;
  fmt::print("  {:<10} {:>9} req: {:>5} allocs   {:>9} req: {:>5} allocs   per event: {:.2e}  {}\n", name,
             small.requests, small.allocations, large.requests, large.allocations, per_event, verdict(pass));
  return pass;
}

bool allocation_section(bool targets) {
  fmt::print("Allocations: operator new calls in a whole simulate() run, N vs 10N requests\n");
  fmt::print("  (the difference over the extra events is the steady-state allocations per event;"
             " target <= {:.0e})\n",
             kAllocPerEventLimit);
  const bool mm1 = allocation_row("M/M/1", Model::mm1);
  const bool mm1_ps = allocation_row("M/M/1-PS", Model::mm1_ps);
  const bool tandem = allocation_row("tandem", Model::tandem);
  const bool tandem4 = !targets || allocation_row("tandem4", Model::tandem4);
  const bool netflix = !targets || allocation_row("netflix", Model::netflix);
  fmt::print("\n");
  return mm1 && mm1_ps && tandem && tandem4 && netflix;
}

/// Passes when the larger run's peak is within kRssGrowthLimit of the 1 M one.
bool memory_row(const PeakRss& small, const PeakRss& large) {
  const double growth = static_cast<double>(large.kib) / static_cast<double>(small.kib);
  const bool pass = growth <= kRssGrowthLimit;
  fmt::print("  {:>10} requests: {:>7} KiB   {:>10} requests: {:>7} KiB   ratio {:.3f}  (target <= {:.2f})  {}\n",
             small.requests, small.kib, large.requests, large.kib, growth, kRssGrowthLimit, verdict(pass));
  return pass;
}

bool memory_section(bool long_run) {
  fmt::print("Peak memory: VmHWM of a fresh process running svcsim M/M/1{}\n",
             long_run ? "" : " (100 M requests: --long)");
  const auto small = peak_rss_of_mm1_run(kRssSmall);
  const auto large = peak_rss_of_mm1_run(kRssLarge);
  if (!small || !large) {
    fmt::print("  could not run the child process  FAIL\n");
    return false;
  }
  bool pass = memory_row(*small, *large);
  if (long_run) {
    const auto huge = peak_rss_of_mm1_run(kRssHuge);
    if (!huge) {
      fmt::print("  could not run the child process  FAIL\n");
      return false;
    }
    pass = memory_row(*small, *huge) && pass;
  }
  return pass;
}

/// Issue 15's targets, each PASS/FAIL, and how many pass. Not part of Overall
/// (README.md): they measure the engine's speed work in progress.
void issue15_section(const Speeds& m, bool memory_pass, bool long_run) {
  fmt::print("Issue 15 targets (ratios within this run; not part of Overall, see README.md)\n");
  int passed = 0, total = 0;
  const auto target = [&](bool pass) {
    ++total;
    passed += pass ? 1 : 0;
    return verdict(pass);
  };
  const double mm1 = m.mm1.requests_per_cpu_s() / m.minimal.requests_per_cpu_s();
  fmt::print("  M/M/1 rho=0.9, svcsim / minimal loop:               {:.3f}  (target >= {:.2f})  {}\n", mm1,
             kIssue15Mm1Target, target(mm1 >= kIssue15Mm1Target && m.mm1.ok));
  const double tandem = m.tandem4.requests_per_cpu_s() / m.minimal_tandem.requests_per_cpu_s();
  fmt::print("  tandem 10 x M/M/4 rho=0.7, svcsim / minimal tandem: {:.3f}  (target >= {:.2f})  {}\n", tandem,
             kIssue15TandemTarget, target(tandem >= kIssue15TandemTarget && m.tandem4.ok));
  const double netflix = m.netflix.requests_per_cpu_s() / m.minimal_tandem.requests_per_cpu_s();
  fmt::print("  netflix --duration {}, requests/CPU-s over the minimal tandem's: {:.3f}  (target >= {:.3f})  {}\n",
             kNetflixDuration, netflix, kNetflixRatioTarget, target(netflix >= kNetflixRatioTarget && m.netflix.ok));
  fmt::print("    ({:.3f} CPU s for {} requests here; the target is {} s on the reference machine,"
             " {:.0f} minimal-tandem requests/CPU-s; this machine now: {:.0f}, so {:.3f} s here)\n",
             m.netflix.cpu_s, m.netflix.requests, kNetflixSecondsTarget, kReferenceMinimalTandemSpeed,
             m.minimal_tandem.requests_per_cpu_s(),
             kNetflixRequests / (kNetflixRatioTarget * m.minimal_tandem.requests_per_cpu_s()));
  const double per_request = events_per_request(m.netflix);
  fmt::print("  netflix events per request (RunInfo::events / requests): {:.2f}  (target <= {:.0f})  {}\n",
             per_request, kNetflixEventsPerRequestTarget,
             target(per_request <= kNetflixEventsPerRequestTarget && m.netflix.ok));
  fmt::print("    (the issue's alternative to 20: why an event cannot be saved, bench/README.md;"
             " bench/event_kinds.sh counts them by kind)\n");
  fmt::print("  peak memory flat from 10^6 to {} requests (the Peak memory section): {}\n",
             long_run ? "10^7 and 10^8" : "10^7 (10^8: --long)", target(memory_pass));
  fmt::print("  Issue 15 targets: {} of {} pass\n", passed, total);
}

/// `--only <model> <requests>`: a single run of one model, for profiling under
/// valgrind --tool=callgrind (README.md).
int only_main(const std::string& model, std::uint64_t requests) {
  Measurement m;
  if (model == "mm1") m = measure_svcsim_mm1(requests);
  else if (model == "mm1ps") m = measure_svcsim_mm1_ps(requests);
  else if (model == "tandem") m = measure_svcsim_tandem(requests);
  else if (model == "minimal") m = measure_minimal_mm1(requests);
  else if (model == "tandem4") m = measure_svcsim_tandem4(requests);
  else if (model == "minimal_tandem") m = measure_minimal_tandem(requests);
  else if (model == "netflix") m = measure_netflix(requests);  // N requests in the measured window
  else return 2;
  if (!m.ok) return 1;
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
  if (argc == 4 && std::strcmp(argv[1], "--only") == 0) {
    const int status = only_main(argv[2], std::strtoull(argv[3], nullptr, 10));
    if (status != 2) return status;
  }
  bool long_run = false, targets = false, bad = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--long") == 0) long_run = true;
    else if (std::strcmp(argv[i], "--targets") == 0) targets = true;
    else bad = true;
  }
  if (bad) {
    fmt::print(stderr,
               "usage: svcsim_bench [--targets] [--long]\n"
               "                                the benchmarks (about 15 s); --targets adds issue 15's models and"
               " targets (tandem4, minimal tandem, netflix: about 40 s more); --long adds peak memory at 10^8"
               " requests (bench/README.md)\n"
               "       svcsim_bench --only mm1|mm1ps|tandem|tandem4|netflix|minimal|minimal_tandem N\n"
               "                                one run of N requests, for profiling\n");
    return 2;
  }
  fmt::print("svcsim_bench: {}; compiler {}; CPU time from CLOCK_PROCESS_CPUTIME_ID\n\n", machine(), __VERSION__);
  const Speeds speeds = speed_section(targets);
  const bool allocations = allocation_section(targets);
  const bool memory = memory_section(long_run);
  fmt::print("\n");
  if (targets) issue15_section(speeds, memory, long_run);
  else fmt::print("Issue 15 targets: not measured (svcsim_bench --targets; bench/README.md)\n");
  // Overall: the checks that existed before issue 15 (issue 2's floor,
  // allocations, peak memory), with the allocation check on the new models.
  const bool all = speeds.floor_pass && allocations && memory;
  fmt::print("\nOverall: {}\n", verdict(all));
  return all ? 0 : 1;
}
