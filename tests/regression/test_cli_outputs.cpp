// Outputs that never lie, through the binary (issue 13, items 6, 7 and 9):
// where an output path leads (standard output, a symbolic link, a FIFO, a
// device, a folder), the files of one run written as a set, a JUnit file for
// every run that did not finish or did not start, and SIGINT/SIGTERM during a
// long run or while its files are written.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <sys/stat.h>

#include "support/child_process.hpp"
#include "support/cli_runner.hpp"

namespace json = boost::json;
using namespace svcsim::test;
using namespace std::chrono_literals;

namespace {

// An M/M/1 at utilisation 0.9 with one objective it meets, simulated for `duration`.
std::string mm1(const std::string& duration) {
  return "name: mm1\nseed: 1\nduration: " + duration +
         "\nwarmup: 2s\nnodes:\n  server: {service_time: {dist: exponential, mean: 1ms}}\n"
         "workloads:\n  - {name: req, call: server, rate: 900/s}\nslo: [\"req p99 < 200ms\"]\n";
}
const std::string kMm1 = mm1("20s");
// Ten simulated hours: seconds of wall clock, so a signal finds it running.
const std::string kLong = mm1("10h");

std::string quoted(const std::string& path) { return "'" + path + "'"; }

// The temporary files a write leaves next to its target (.NAME.tmp-PID-N).
std::vector<std::string> temporary_files(const TempDir& dir) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(dir.path))
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) found.push_back(entry.path().string());
  return found;
}

bool is_character_device(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISCHR(st.st_mode);
}

}  // namespace

TEST_CASE("run --json - writes the results file to standard output, without the terminal report", "[cli][outputs]") {
  TempDir dir;
  const auto scenario = dir.write("mm1.yaml", kMm1);
  for (const std::string target : {"-", "/dev/stdout"}) {
    INFO(target);
    const Outcome o = run_svcsim(dir, "run " + quoted(scenario) + " --no-progress --json " + target);
    CHECK(o.code == 0);
    const json::value doc = json::parse(o.out);  // nothing else on standard output
    CHECK(doc.at("scenario").at("name").as_string() == "mm1");
  }
  CHECK_FALSE(fs::exists(dir.file("-")));
}

TEST_CASE("two outputs that name the same file are refused before the run", "[cli][outputs]") {
  // --json x --csv x once ran, wrote both, and left only one of them.
  TempDir dir;
  const auto scenario = dir.write("mm1.yaml", kMm1);
  const std::string x = dir.file("x");
  struct Twice {
    std::string args;
    const char* expected;
  };
  const std::vector<Twice> cases = {
      {"run " + quoted(scenario) + " --json " + quoted(x) + " --csv " + quoted(x), "--json and --csv both name"},
      {"run " + quoted(scenario) + " --json " + quoted(x) + " --traces " + quoted(dir.file("sub/../x")),
       "--json and --traces both name"},
      {"run " + quoted(scenario) + " --json - --csv /dev/stdout", "--json and --csv both name '/dev/stdout'"},
      // A link to a file not written yet: weakly_canonical alone stops at the link.
      {"run " + quoted(scenario) + " --json " + quoted(dir.file("link")) + " --csv " + quoted(x),
       "--json and --csv both name"},
      {"sweep " + quoted(scenario) + " --vary workloads.req.rate=100/s --json " + quoted(x) + " --html " + quoted(x),
       "--json and --html both name"},
  };
  fs::create_directory(dir.file("sub"));
  fs::create_symlink("x", dir.file("link"));
  for (const Twice& t : cases) {
    INFO(t.args);
    const Outcome o = run_svcsim(dir, t.args + " --quiet");
    INFO("stderr: " << o.err);
    CHECK(o.code == 2);
    CHECK(contains(o.err, t.expected));
    CHECK(contains(o.err, "one would overwrite the other; give each its own file"));
    CHECK_FALSE(fs::exists(x));
  }
}

TEST_CASE("run --json onto a symbolic link replaces the file it names and keeps the link", "[cli][outputs]") {
  TempDir dir;
  const auto scenario = dir.write("mm1.yaml", kMm1);
  fs::create_directory(dir.path / "store");
  dir.write("store/results.json", "old");
  fs::create_symlink("store/results.json", dir.path / "latest.json");
  fs::create_symlink("store/new.json", dir.path / "dangling.json");  // names a file not yet written
  const Outcome o = run_svcsim(dir, "run " + quoted(scenario) + " --quiet --json " + quoted(dir.file("latest.json")) +
                                        " --csv " + quoted(dir.file("dangling.json")));
  CHECK(o.code == 0);
  CHECK(fs::is_symlink(fs::symlink_status(dir.path / "latest.json")));
  CHECK(fs::read_symlink(dir.path / "latest.json") == "store/results.json");
  CHECK(read_file(dir.path / "store/results.json").starts_with("{\n  \"svcsim\""));
  CHECK(fs::is_symlink(fs::symlink_status(dir.path / "dangling.json")));
  CHECK(read_file(dir.path / "store/new.json").starts_with("start_s,"));
  CHECK(temporary_files(dir).empty());
}

TEST_CASE("run --json onto a FIFO or a device writes it in place, and a folder is refused", "[cli][outputs]") {
  TempDir dir;
  const auto scenario = dir.write("mm1.yaml", kMm1);
  // A FIFO with a reader: the reader gets the whole file, and the FIFO stays a FIFO.
  const std::string fifo = dir.file("results.fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const std::string got = dir.file("got.json");
  const std::string command = "(timeout 60 cat " + quoted(fifo) + " > " + quoted(got) + " &); timeout 60 '" +
                              SVCSIM_BINARY + "' run " + quoted(scenario) + " --quiet --json " + quoted(fifo);
  CHECK(std::system(command.c_str()) == 0);
  struct stat st {};
  REQUIRE(::stat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  CHECK(wait_until([&] { return read_file(got).ends_with("}\n"); }, 10'000ms));
  CHECK(json::parse(read_file(got)).at("scenario").at("name").as_string() == "mm1");

  // /dev/null is written, never replaced (as root a rename would replace the device).
  REQUIRE(is_character_device("/dev/null"));
  CHECK(run_svcsim(dir, "run " + quoted(scenario) + " --quiet --json /dev/null --csv /dev/null").code == 0);
  CHECK(is_character_device("/dev/null"));

  // A folder, or a link to one: exit 2 before running, naming the path.
  fs::create_directory(dir.path / "folder");
  fs::create_symlink("folder", dir.path / "to-folder");
  const Outcome folder = run_svcsim(dir, "run " + quoted(scenario) + " --json " + quoted(dir.file("folder")));
  CHECK(folder.code == 2);
  CHECK(folder.out.empty());
  CHECK(contains(folder.err, "error: cannot write '" + dir.file("folder") + "': it is a folder"));
  const Outcome link = run_svcsim(dir, "run " + quoted(scenario) + " --json " + quoted(dir.file("to-folder")));
  CHECK(link.code == 2);
  CHECK(contains(link.err, "error: cannot write '" + dir.file("to-folder") + "': it links to a folder"));
}

TEST_CASE("the files of one run are a set: when one cannot be written, none is left", "[cli][outputs]") {
  TempDir dir;
  const auto scenario = dir.write("mm1.yaml", kMm1);
  const std::string csv = dir.file("series.csv"), json_path = dir.file("results.json");
  const std::string html = dir.file("page.html"), junit = dir.file("objectives.xml");
  // A file-size limit of 20 KiB (SIGXFSZ ignored, so write() fails with EFBIG): the
  // CSV (a few hundred bytes) fits, the results file (about 40 kB) does not.
  const std::string command = "bash -c \"trap '' XFSZ; ulimit -f 20; exec '" + std::string(SVCSIM_BINARY) +
                              "' run " + quoted(scenario) + " --quiet --window 10s --csv " + quoted(csv) +
                              " --json " + quoted(json_path) + " --html " + quoted(html) + " --junit " +
                              quoted(junit) + "\" 2>" + quoted(dir.file("err.txt"));
  const int status = std::system(command.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(contains(read_file(dir.file("err.txt")), "error: cannot write '" + json_path + "': File too large"));
  for (const auto& path : {csv, json_path, html, junit}) {
    INFO(path);
    CHECK_FALSE(fs::exists(path));
  }
  CHECK(temporary_files(dir).empty());
}

TEST_CASE("a run refused with exit 2 still replaces its JUnit file with an error", "[cli][outputs][junit]") {
  TempDir dir;
  const std::string xml = dir.write("objectives.xml", "<testsuites><testsuite name=\"stale\" tests=\"1\" failures=\"0\" "
                                                      "errors=\"0\"/></testsuites>\n");
  // An objective on a workload that does not exist: the scenario is refused before running.
  std::string text = kMm1;
  text.replace(text.find("\"req p99"), 4, "\"rqe");
  const auto scenario = dir.write("typo.yaml", text);
  const Outcome o = run_svcsim(dir, "run " + quoted(scenario) + " --quiet --junit " + quoted(xml));
  CHECK(o.code == 2);
  const std::string junit = read_file(xml);
  CHECK_FALSE(contains(junit, "stale"));
  CHECK(contains(junit, "<testsuite name=\"typo\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\""));
  CHECK(contains(junit, "<testcase classname=\"typo\" name=\"run\""));
  CHECK(contains(junit, "<error type=\"run refused\" message=\""));
  CHECK(contains(junit, "rqe"));  // the loader's message, as the error's text
}

TEST_CASE("a merge refused with exit 2 (a missing run) still replaces its JUnit file with an error",
          "[cli][outputs][junit]") {
  TempDir dir;
  const auto scenario = dir.write("mm1.yaml", kMm1);
  const std::string shard = dir.file("shard-0.json");
  REQUIRE(run_svcsim(dir, "run " + quoted(scenario) + " --replications 2 --shard 0/2 --json " + quoted(shard)).code == 0);
  const std::string xml = dir.write("objectives.xml", "stale");
  const Outcome o = run_svcsim(dir, "merge " + quoted(shard) + " --junit " + quoted(xml));
  CHECK(o.code == 2);
  const std::string junit = read_file(xml);
  CHECK(contains(junit, "<error type=\"run refused\" message=\"error: runs 1 of 2 are missing"));
  CHECK_FALSE(contains(junit, "stale"));
}

TEST_CASE("a run stopped by the in-flight limit writes its files, marked, and a JUnit error, exit 3",
          "[cli][outputs][junit]") {
  TempDir dir;
  const auto scenario = dir.write("overloaded.yaml", R"(name: overloaded
duration: 10s
nodes:
  server: {service_time: 1ms}
workloads:
  - {name: req, call: server, rate: 10000/s}
slo: ["req p99 < 100ms"]
)");
  const std::string json_path = dir.file("out.json"), xml = dir.file("objectives.xml"), html = dir.file("page.html");
  const Outcome o = run_svcsim(dir, "run " + quoted(scenario) + " --quiet --max-in-flight 1000 --json " +
                                        quoted(json_path) + " --junit " + quoted(xml) + " --html " + quoted(html));
  CHECK(o.code == 3);
  CHECK(contains(o.err, "error: run stopped: stopped at "));
  const json::value doc = json::parse(read_file(json_path));
  CHECK(doc.at("run").at("stopped").as_string() == "in_flight_limit");
  CHECK(doc.at("run").at("stopped_at_s").as_double() < 10);
  CHECK(doc.at("slo").as_array().empty());  // partial figures judge nothing
  const std::string junit = read_file(xml);
  CHECK(contains(junit, "tests=\"2\" failures=\"0\" errors=\"1\" skipped=\"1\""));
  CHECK(contains(junit, "<error type=\"run stopped\" message=\"run stopped: stopped at "));
  CHECK(contains(junit, "<skipped message=\"not evaluated: the run stopped before its end\"/>"));
  const std::string page = read_file(html);
  CHECK(contains(page, "<p class=\"stopped\">The run stopped before its end (stopped at "));
  CHECK(contains(page, "<p>Not judged: the run stopped before its end.</p>"));
}

TEST_CASE("SIGINT or SIGTERM during a long run writes the figures so far, marked interrupted, exit 3",
          "[cli][outputs][signals]") {
  for (const int sig : {SIGINT, SIGTERM}) {
    INFO("signal " << sig);
    TempDir dir;
    const auto scenario = dir.write("long.yaml", kLong);
    const std::string json_path = dir.file("out.json"), xml = dir.file("objectives.xml"), err = dir.file("err.txt");
    ChildProcess child(SVCSIM_BINARY,
                       {"run", scenario, "--progress", "plain", "--json", json_path, "--junit", xml, "--csv",
                        dir.file("series.csv")},
                       dir.file("out.txt"), err);
    REQUIRE(child.started());
    // The first progress line comes from inside the simulation: the handler is installed by then.
    REQUIRE(wait_until([&] { return contains(read_file(err), "svcsim: progress"); }, 60'000ms));
    child.signal(sig);
    const auto status = child.wait_for(60'000ms);
    REQUIRE(status);
    REQUIRE(WIFEXITED(*status));
    CHECK(WEXITSTATUS(*status) == 3);
    CHECK(contains(read_file(err), "error: run stopped: interrupted at "));
    const json::value doc = json::parse(read_file(json_path));
    CHECK(doc.at("run").at("stopped").as_string() == "interrupted");
    const double reached = doc.at("run").at("stopped_at_s").as_double();
    CHECK(reached > 0);
    CHECK(reached < 36'000);
    CHECK(doc.at("workloads").at("req").at("requests").to_number<double>() > 0);
    CHECK(contains(read_file(xml), "<error type=\"run stopped\" message=\"run stopped: interrupted at "));
    CHECK(read_file(dir.file("series.csv")).starts_with("start_s,"));
    CHECK(temporary_files(dir).empty());
  }
}

TEST_CASE("a signal while the files are written leaves no temporary file", "[cli][outputs][signals]") {
  TempDir dir;
  const auto scenario = dir.write("mm1.yaml", kMm1);
  // 300 s in 1 ms windows: a CSV of about 15 MB, long enough to catch while it is written.
  const std::string csv = dir.file("series.csv");
  ChildProcess child(SVCSIM_BINARY,
                     {"run", scenario, "--quiet", "--duration", "300s", "--window", "1ms", "--csv", csv, "--json",
                      dir.file("out.json")},
                     dir.file("out.txt"), dir.file("err.txt"));
  REQUIRE(child.started());
  const bool caught = wait_until([&] { return !temporary_files(dir).empty(); }, 60'000ms);
  child.signal(SIGTERM);
  const auto status = child.wait_for(60'000ms);
  REQUIRE(status);
  INFO(read_file(dir.file("err.txt")));
  CHECK(caught);
  CHECK(temporary_files(dir).empty());
  // The signal came after the simulation: the files are whole, written as a set.
  CHECK(fs::exists(csv));
  CHECK(fs::exists(dir.file("out.json")));
  CHECK(json::parse(read_file(dir.file("out.json"))).at("run").as_object().contains("events"));
}
