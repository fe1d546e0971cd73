// Caches with contents through the binary: the cold-CDN scenario shows a cold
// return and a pre-warmed one in its time series, the hit_ratio column is
// there for every cache, and a cache too big for memory is refused.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "support/cli_runner.hpp"

using namespace svcsim::test;

namespace {
std::string scenario_path(const std::string& name) {
  return std::string(SVCSIM_SOURCE_DIR) + "/scenarios/" + name + ".yaml";
}

/// The CSV's rows as fields, and a column's index by name.
struct Csv {
  std::vector<std::vector<std::string>> rows;
  explicit Csv(const std::string& text) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      std::vector<std::string> fields;
      std::istringstream l(line);
      for (std::string f; std::getline(l, f, ',');) fields.push_back(f);
      if (!line.empty() && line.back() == ',') fields.emplace_back();
      rows.push_back(fields);
    }
  }
  std::size_t column(const std::string& name) const {
    for (std::size_t i = 0; i < rows[0].size(); ++i)
      if (rows[0][i] == name) return i;
    FAIL("no column " << name);
    return 0;
  }
  /// The row of the window that starts at `start_s` (1 s windows: row start_s + 1).
  const std::vector<std::string>& window(int start_s) const { return rows[static_cast<std::size_t>(start_s) + 1]; }
};
}  // namespace

TEST_CASE("cold versus pre-warmed CDN after its outage, in the time series", "[cli][cache]") {
  TempDir dir;
  const std::string scenario = scenario_path("netflix-cdn-outage-cold");
  const Outcome cold = run_svcsim(dir, "run '" + scenario + "' --quiet --csv '" + dir.file("cold.csv") + "'");
  REQUIRE(cold.code == 0);  // it meets its own objectives
  const Outcome warm = run_svcsim(dir, "run '" + scenario + "' --quiet --set nodes.cdn.prewarm=true --csv '" +
                                           dir.file("warm.csv") + "'");
  REQUIRE(warm.code == 0);
  const Csv c(read_file(dir.file("cold.csv")));
  const Csv w(read_file(dir.file("warm.csv")));
  REQUIRE(c.rows.size() == 241);  // 240 one-second windows and the header
  const std::size_t hit = c.column("cdn.hit_ratio");
  const std::size_t storage = c.column("storage.utilization");
  // During the outage (120 s to 180 s) no lookup happens: the column is empty.
  CHECK(c.window(150)[hit].empty());
  // The second the CDN is back (about 300 lookups; Che's steady figure is
  // 0.77): cold, it starts empty and hits well under half; pre-warmed, above
  // the steady figure. The gap is many binomial sds (0.03 for 300 lookups).
  CHECK(std::stod(c.window(180)[hit]) < 0.45);
  CHECK(std::stod(w.window(180)[hit]) > 0.75);
  // Storage takes the misses: several times the pre-warmed load.
  CHECK(std::stod(c.window(180)[storage]) > 2.5 * std::stod(w.window(180)[storage]));
  // Before the outage the cache that started cold and the one that started
  // full have both settled (115 s is five characteristic times of ~20 s):
  // each within 0.1 of Che's 0.77 (one window of ~300 lookups: sd 0.025).
  CHECK(std::abs(std::stod(c.window(115)[hit]) - 0.77) < 0.1);
  CHECK(std::abs(std::stod(w.window(115)[hit]) - 0.77) < 0.1);
}

TEST_CASE("a cache whose contents would not fit in memory is refused", "[cli][cache][errors]") {
  TempDir dir;
  const std::string file = dir.write("big.yaml",
                                     "name: big\nduration: 10s\nnodes:\n"
                                     "  cdn: {kind: cache, instances: 100, capacity: 1000000, origin: db}\n"
                                     "  db: {service_time: 1ms}\n"
                                     "workloads:\n  - {name: w, call: cdn, rate: 10/s, catalog: {items: 10000000}}\n");
  const Outcome o = run_svcsim(dir, "check '" + file + "'");
  CHECK(o.code == 2);
  CHECK(contains(o.err, "big.yaml:4:3: error: cache 'cdn' would keep 100000000 items in memory (capacity x "
                        "instances, up to the largest catalog); at most 20000000 fit: lower 'capacity' or "
                        "'instances'"));
  // The same cache over a catalog of 1000 items keeps at most 1000 per instance: fine.
  const std::string small = dir.write("small.yaml",
                                      "name: small\nduration: 10s\nnodes:\n"
                                      "  cdn: {kind: cache, instances: 100, capacity: 1000000, origin: db}\n"
                                      "  db: {service_time: 1ms}\n"
                                      "workloads:\n  - {name: w, call: cdn, rate: 10/s, catalog: {items: 1000}}\n");
  CHECK(run_svcsim(dir, "run '" + small + "' --quiet").code == 0);
}
