// Caches with contents through the binary: the cold-CDN scenario shows a cold
// return and a pre-warmed one in its time series, the hit_ratio column is
// there for every cache, and a cache too big for memory is refused.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

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
  const std::size_t storage = c.column("storage.busy_mean");  // unlimited concurrency (SPEC 10)
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

TEST_CASE("an autoscaled ring_hash cache puts its new instances on the ring", "[cli][cache][autoscaling]") {
  // 500 lookups/s of 10 ms on 2 x 8 workers is 31 % busy before misses are
  // counted; with the origin call held (blocking), about 2.5 x that: above the
  // 50 % target, so the HPA adds instances at its first sync (15 s). If the
  // new slots were not on the ring they would take no calls: the two first
  // instances would stay ~80 % busy and queue (measured with the slots left
  // off the ring: mean queue 64.6, against 3.3 here), while the idle new ones
  // pull the node's mean utilisation under the target, so the count alone
  // does not tell.
  TempDir dir;
  const std::string scenario = dir.write("asc.yaml", R"(name: autoscaled-cache
duration: 4m
warmup: 10s
nodes:
  cdn:
    kind: cache
    instances: 2
    concurrency: 8
    balancing: ring_hash
    service_time: 10ms
    capacity: 200
    prewarm: true
    origin: storage
    autoscaling: {min: 2, max: 8, target_utilization: 50%, sync_period: 15s, stabilization_window: 30s}
  storage: {kind: storage, concurrency: unlimited, service_time: 40ms}
workloads:
  - name: play
    call: cdn
    rate: 500/s
    catalog: {items: 5000, zipf: 0.9}
    schedule: [{at: 2m, rate: 100/s}]
)");
  const Outcome o = run_svcsim(dir, "run '" + scenario + "' --quiet --json '" + dir.file("r.json") + "'");
  REQUIRE(o.code == 0);
  const auto doc = boost::json::parse(read_file(dir.file("r.json")));
  const auto& cdn = doc.at("nodes").at("cdn");
  const auto& timeline = cdn.at("instance_timeline").as_array();
  std::int64_t most = 0;
  for (const auto& change : timeline) most = std::max(most, change.as_array().at(1).to_number<std::int64_t>());
  CHECK(most > 2);  // it scaled up...
  CHECK(most < 8);  // ...and the new instances took their share, so it stopped short of max
  // Back to 2 once the rate drops to 100/s at 2 min.
  CHECK(timeline.back().as_array().at(1).to_number<std::int64_t>() == 2);
  // Every instance holds its own share of 5000 items (200 each): the hit ratio
  // stays near Che's figure for the shards, not that of one 200-item cache
  // seeing every key (about 0.35 for this catalog).
  CHECK(cdn.at("hit_ratio").to_number<double>() > 0.5);
  // The calls spread over every started instance: no standing queue.
  CHECK(cdn.at("queue_mean").to_number<double>() < 20);
}
