// Peak RSS by fork + exec of /proc/self/exe. The child reads its own VmHWM from
// /proc/self/status: unlike the wait4() rusage of a child, which on Linux can
// carry the parent's high-water mark across exec, it belongs to the new image.
#include "peak_rss.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <fstream>
#include <string>

#include "bench_scenarios.hpp"
#include "svcsim/simulation.hpp"

namespace svcsim::bench {
namespace {

std::optional<std::uint64_t> own_vm_hwm_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6));  // "VmHWM:   1234 kB"
  return std::nullopt;
}

}  // namespace

int peak_rss_child_main(std::uint64_t requests) {
  const Scenario scenario = mm1_scenario(requests);
  const Results results = simulate(scenario);
  const auto hwm = own_vm_hwm_kib();
  if (!hwm || results.run.stopped) return 1;
  std::printf("%llu %llu\n", static_cast<unsigned long long>(*hwm),
              static_cast<unsigned long long>(results.workloads.at(0).requests));
  return 0;
}

std::optional<PeakRss> peak_rss_of_mm1_run(std::uint64_t requests) {
  char self[PATH_MAX];
  const ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
  if (len <= 0) return std::nullopt;
  self[len] = '\0';
  int fds[2];
  if (pipe(fds) != 0) return std::nullopt;
  std::fflush(stdout);  // the child must not inherit and repeat buffered output
  const pid_t pid = fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    const std::string count = std::to_string(requests);
    char* const argv[] = {self, const_cast<char*>(kPeakRssChildFlag), const_cast<char*>(count.c_str()), nullptr};
    execv(self, argv);
    _exit(127);
  }
  close(fds[1]);
  std::string out;
  char buf[256];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  unsigned long long kib = 0, simulated = 0;
  if (std::sscanf(out.c_str(), "%llu %llu", &kib, &simulated) != 2) return std::nullopt;
  return PeakRss{kib, simulated};
}

}  // namespace svcsim::bench
