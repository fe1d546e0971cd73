// compare: reading results files, the direction and floor of each figure, the
// verdicts with and without confidence intervals, and the notes it prints.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include <fmt/format.h>

#include "svcsim/compare.hpp"

using namespace svcsim;

namespace {

// A results file with one workload `play` and one node `gateway`; `extra`
// goes inside the workload object (e.g. `_ci95` siblings).
std::string results_text(double p99, double error_rate, double throughput, double utilization,
                         const std::string& hash = "00000000000000aa", const std::string& extra = "") {
  return fmt::format(R"({{
  "svcsim": "0.1.0",
  "scenario": {{"name": "shop", "seed": 1, "duration_s": 60.0, "warmup_s": 0.0, "replications": 1, "hash": "{}"}},
  "run": {{"events": 100, "wall_s": 0.5, "events_per_s": 200.0, "end_s": 60.0}},
  "workloads": {{
    "play": {{"requests": 1000, "throughput_per_s": {}, "error_rate": {}, "availability": {},
              "latency_ms": {{"mean": 10.0, "min": 1.0, "p50": 8.0, "p99": {}, "max": 900.0}},
              "histogram": {{"unit": "us", "buckets": [[1000.0, 1010.0, 5]]}}{}}}
  }},
  "nodes": {{
    "gateway": {{"kind": "api_gateway", "instances": 2, "utilization": {}, "queue_max": 4,
                 "latency_ms": {{"mean": 2.0, "p50": 1.0, "p99": 5.0}}}}
  }},
  "slo": []
}}
)",
                     hash, throughput, error_rate, 1 - error_rate, p99, extra, utilization);
}

ResultsFile parsed(const std::string& text, const std::string& name = "file.json") {
  const ReadResultsFile r = parse_results_file(text, name);
  INFO(r.error);
  REQUIRE(r.file);
  return *r.file;
}

const FigureChange& figure(const Comparison& c, const std::string& path) {
  for (const auto& f : c.figures)
    if (f.path == path) return f;
  FAIL("no figure " << path);
  return c.figures.front();
}

Comparison compare_texts(const std::string& a, const std::string& b, double tolerance = 0.10) {
  CompareOptions options;
  options.tolerance = tolerance;
  return compare_results(parsed(a, "base.json"), parsed(b, "cur.json"), options);
}

}  // namespace

TEST_CASE("a results file is read into flat figures", "[compare]") {
  const ResultsFile f = parsed(results_text(140.0, 0.001, 2000.0, 0.5));
  CHECK(f.scenario_name == "shop");
  CHECK(f.hash == "00000000000000aa");
  CHECK(f.workloads == std::vector<std::string>{"play"});
  CHECK(f.nodes == std::vector<std::string>{"gateway"});
  bool found = false;
  for (const auto& fig : f.figures) {
    CHECK(fig.key.find("histogram") == std::string::npos);  // histograms are not figures
    if (fig.path() == "workloads.play.latency_ms.p99") {
      found = true;
      CHECK(fig.value == 140.0);
    }
  }
  CHECK(found);
}

TEST_CASE("unreadable files are refused with the reason", "[compare]") {
  CHECK(parse_results_file("{not json", "a.json").error.starts_with("'a.json' is not valid JSON"));
  CHECK(parse_results_file("[1, 2]", "a.json").error ==
        "'a.json' is not an svcsim results file (written by 'svcsim run --json')");
  CHECK(parse_results_file(R"({"svcsim": "0.1.0", "scenario": {}})", "a.json").error.find("not an svcsim") !=
        std::string::npos);
  CHECK(read_results_file("/nonexistent/x.json").error ==
        "cannot read '/nonexistent/x.json': No such file or directory");
  // A directory opens, then fails to read: libstdc++ threw, and compare said
  // only "internal error: basic_filebuf::underflow".
  CHECK(read_results_file("/").error == "cannot read '/': is a directory");
}

TEST_CASE("identical files: nothing moved", "[compare]") {
  const std::string a = results_text(140.0, 0.001, 2000.0, 0.5);
  const Comparison c = compare_texts(a, a);
  CHECK_FALSE(c.regressed());
  CHECK(c.notes.empty());
  CHECK(c.figures.size() == 9);  // throughput, error rate, mean, p50, p99; utilization, node mean, p50, p99
  for (const auto& f : c.figures) CHECK(f.verdict == Verdict::unchanged);
}

TEST_CASE("the direction of worse depends on the figure", "[compare]") {
  const std::string base = results_text(100.0, 0.001, 2000.0, 0.5);
  // Latency, error rate and utilization up; throughput and availability down: all worse.
  const Comparison worse = compare_texts(base, results_text(120.0, 0.002, 1700.0, 0.6));
  CHECK(worse.regressed());
  CHECK(figure(worse, "workloads.play.latency_ms.p99").verdict == Verdict::regressed);
  CHECK(*figure(worse, "workloads.play.latency_ms.p99").change == Approx(0.2));
  CHECK(figure(worse, "workloads.play.error_rate").verdict == Verdict::regressed);
  CHECK_FALSE(rule_for("workloads", "availability"));  // 1 - error_rate: judged as error_rate
  CHECK(figure(worse, "workloads.play.throughput_per_s").verdict == Verdict::regressed);
  CHECK(figure(worse, "nodes.gateway.utilization").verdict == Verdict::regressed);
  // The mirror image is an improvement everywhere.
  const Comparison better = compare_texts(results_text(120.0, 0.002, 1700.0, 0.6), base);
  CHECK_FALSE(better.regressed());
  CHECK(figure(better, "workloads.play.latency_ms.p99").verdict == Verdict::improved);
  CHECK(figure(better, "workloads.play.throughput_per_s").verdict == Verdict::improved);
}

TEST_CASE("the tolerance is relative and inclusive", "[compare]") {
  const std::string base = results_text(100.0, 0.001, 2000.0, 0.5);
  CHECK(figure(compare_texts(base, results_text(110.0, 0.001, 2000.0, 0.5)), "workloads.play.latency_ms.p99")
            .verdict == Verdict::within_tolerance);  // exactly 10 %
  CHECK(figure(compare_texts(base, results_text(110.5, 0.001, 2000.0, 0.5)), "workloads.play.latency_ms.p99")
            .verdict == Verdict::regressed);
  CHECK(figure(compare_texts(base, results_text(110.5, 0.001, 2000.0, 0.5), 0.2), "workloads.play.latency_ms.p99")
            .verdict == Verdict::within_tolerance);
}

TEST_CASE("near zero, absolute floors decide", "[compare]") {
  const std::string none = results_text(100.0, 0.0, 2000.0, 0.5);
  // 5 errors in a million requests: below the 1e-5 floor.
  CHECK(figure(compare_texts(none, results_text(100.0, 0.000005, 2000.0, 0.5)), "workloads.play.error_rate")
            .verdict == Verdict::within_tolerance);
  // 1 in 10,000: a regression, although the relative change from 0 is undefined.
  const Comparison c = compare_texts(none, results_text(100.0, 0.0001, 2000.0, 0.5));
  CHECK(figure(c, "workloads.play.error_rate").verdict == Verdict::regressed);
  CHECK_FALSE(figure(c, "workloads.play.error_rate").change);
  // min, max and the counters are not judged.
  CHECK_FALSE(rule_for("workloads", "latency_ms.max"));
  CHECK_FALSE(rule_for("workloads", "latency_ms.min"));
  CHECK_FALSE(rule_for("workloads", "requests"));
  CHECK_FALSE(rule_for("nodes", "queue_max"));
  CHECK(rule_for("workloads", "latency_ms.p99.9"));
  CHECK(rule_for("nodes", "wait_ms.p99"));
  CHECK(rule_for("run", "amplification"));
}

TEST_CASE("a hit ratio is judged through its miss ratio", "[compare]") {
  auto with_hits = [](double hit_ratio) {
    std::string text = results_text(100.0, 0.001, 2000.0, 0.5);
    const std::string key = "\"queue_max\": 4";
    text.replace(text.find(key), key.size(), key + fmt::format(", \"hit_ratio\": {}", hit_ratio));
    return text;
  };
  // 0.95 -> 0.90 is -5 % of the hit ratio but twice the misses (and the origin's load).
  const Comparison c = compare_texts(with_hits(0.95), with_hits(0.90));
  const FigureChange& f = figure(c, "nodes.gateway.hit_ratio");
  CHECK(f.verdict == Verdict::regressed);
  CHECK(f.complement);
  CHECK(*f.change == Approx(1.0));
  CHECK(figure(compare_texts(with_hits(0.90), with_hits(0.95)), "nodes.gateway.hit_ratio").verdict ==
        Verdict::improved);
}

TEST_CASE("with replications a change must also exceed the combined intervals", "[compare]") {
  // The ci95 of latency_ms.p99 sits next to it in the latency object.
  auto with_latency_ci = [](double p99, double ci) {
    std::string text = results_text(p99, 0.001, 2000.0, 0.5);
    const std::string key = fmt::format("\"p99\": {}", p99);
    text.replace(text.find(key), key.size(), key + fmt::format(", \"p99_ci95\": {}", ci));
    return text;
  };
  // +15 % but sqrt(9^2 + 12^2) = 15: within noise, not a regression.
  const Comparison noisy = compare_texts(with_latency_ci(100.0, 9.0), with_latency_ci(115.0, 12.0));
  CHECK(noisy.with_intervals);
  CHECK(figure(noisy, "workloads.play.latency_ms.p99").noise == Approx(15.0));
  CHECK(figure(noisy, "workloads.play.latency_ms.p99").verdict == Verdict::within_noise);
  CHECK_FALSE(noisy.regressed());
  // +16 %: beyond both.
  const Comparison real = compare_texts(with_latency_ci(100.0, 9.0), with_latency_ci(116.0, 12.0));
  CHECK(figure(real, "workloads.play.latency_ms.p99").verdict == Verdict::regressed);
  std::ostringstream out;
  print_comparison(out, real, CompareOptions{});
  CHECK(out.str().find("sqrt(ci_a") != std::string::npos);
  CHECK(out.str().find("100.0 \u00b1 9.000") != std::string::npos);
}

TEST_CASE("a figure that lost its value or a missing workload is a regression", "[compare]") {
  const std::string base = results_text(100.0, 0.001, 2000.0, 0.5);
  std::string no_latency = base;
  const std::string key = "\"p99\": 100";
  no_latency.replace(no_latency.find(key), key.size(), "\"p99\": null");
  const Comparison lost = compare_texts(base, no_latency);
  CHECK(figure(lost, "workloads.play.latency_ms.p99").verdict == Verdict::lost_value);
  CHECK(lost.regressed());
  CHECK(figure(compare_texts(no_latency, base), "workloads.play.latency_ms.p99").verdict == Verdict::gained_value);
  CHECK_FALSE(compare_texts(no_latency, base).regressed());

  std::string renamed = base;
  renamed.replace(renamed.find("\"play\""), 6, "\"watch\"");
  const Comparison missing = compare_texts(base, renamed);
  CHECK(missing.regressed());
  CHECK(figure(missing, "workloads.play").verdict == Verdict::missing_workload);
  REQUIRE(missing.notes.size() == 2);
  CHECK(missing.notes[0] == "workload 'play' is in the baseline but not in 'cur.json': nothing to compare it with");
  CHECK(missing.notes[1] == "workload 'watch' is new (not in the baseline): not compared");
}

TEST_CASE("compare says plainly when the scenarios differ", "[compare]") {
  const Comparison c =
      compare_texts(results_text(100.0, 0.001, 2000.0, 0.5), results_text(100.0, 0.001, 2000.0, 0.5, "00000000000000bb"));
  REQUIRE(c.notes.size() == 1);
  CHECK(c.notes[0] == "the files come from different scenarios (scenario.hash 00000000000000aa in the baseline, "
                      "00000000000000bb now): differences include the changes to the scenario");
  CHECK_FALSE(c.regressed());  // still compared, exit as usual
  const Comparison unknown =
      compare_texts(results_text(100.0, 0.001, 2000.0, 0.5), results_text(100.0, 0.001, 2000.0, 0.5, ""));
  REQUIRE(unknown.notes.size() == 1);
  CHECK(unknown.notes[0].find("carries no scenario.hash") != std::string::npos);
}

TEST_CASE("the table lists what moved and a summary", "[compare]") {
  const Comparison c =
      compare_texts(results_text(100.0, 0.001, 2000.0, 0.5), results_text(143.2, 0.001, 2000.0, 0.5));
  std::ostringstream out;
  print_comparison(out, c, CompareOptions{});
  const std::string text = out.str();
  CHECK(text.find("workloads.play.latency_ms.p99") != std::string::npos);
  CHECK(text.find("+43.2%") != std::string::npos);
  CHECK(text.find("REGRESSED") != std::string::npos);
  CHECK(text.find("workloads.play.error_rate") == std::string::npos);  // unchanged rows are left out
  CHECK(text.find("9 figures compared: 1 regressed, 0 improved, 0 within tolerance, 8 unchanged") !=
        std::string::npos);
}

TEST_CASE("a moved p99 is explained by the parts of its tail that moved", "[compare][attribution]") {
  // Baseline: p99 100 ms, tail 60 % db queue, 30 % db service, 10 % network.
  // Now: p99 200 ms, 80 % db queue: the queue's time at the p99 goes from 60
  // to 160 ms (+100), the service's from 30 to 20 (-10), the network's from
  // 10 to 20 (+10).
  const auto attribution = [](double queue, double service, double network, double p99) {
    return fmt::format(R"(, "attribution": {{"threshold_ms": {}, "requests": 10, "network": {},
                       "nodes": {{"db": {{"queue": {}, "service": {}, "failed_tries": 0.0}}}}}})",
                       p99, network, queue, service);
  };
  const auto c = compare_texts(results_text(100, 0, 100, 0.5, "00000000000000aa", attribution(0.6, 0.3, 0.1, 100)),
                               results_text(200, 0, 100, 0.5, "00000000000000aa", attribution(0.8, 0.1, 0.1, 200)));
  REQUIRE(c.tail.size() == 1);
  CHECK(c.tail[0] ==
        "play p99 100.0 -> 200.0 ms; its tail moved most in: db queue +100.0 ms (60.00 -> 160.0 ms), "
        "db service -10.00 ms (30.00 -> 20.00 ms), network +10.00 ms (10.00 -> 20.00 ms)");
  std::ostringstream out;
  print_comparison(out, c, CompareOptions{});
  CHECK(out.str().find("where the tail moved") != std::string::npos);
  // An unchanged p99 needs no explanation.
  CHECK(compare_texts(results_text(100, 0, 100, 0.5, "00000000000000aa", attribution(0.6, 0.3, 0.1, 100)),
                      results_text(100, 0, 100, 0.5, "00000000000000aa", attribution(0.6, 0.3, 0.1, 100)))
            .tail.empty());
}
