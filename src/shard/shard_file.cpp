// Shard files (see shard_file.hpp): a small header, then each run's Results
// through the lossless codec.
#include "shard/shard_file.hpp"

#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "shard/results_codec.hpp"
#include "svcsim/file_bytes.hpp"
#include "svcsim/simulation.hpp"
#include "svcsim/sweep.hpp"

namespace svcsim::shard {
namespace {

namespace json = boost::json;

/// Written as "svcsim_shard": the format's version; a reader refuses any other.
constexpr std::int64_t kFormat = 1;

json::value optional_text(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

json::array text_list(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.push_back(json::value(s));
  return a;
}

json::object command_json(const ShardCommand& c) {
  json::object o;
  o["subcommand"] = c.subcommand;
  o["sets"] = text_list(c.sets);
  o["seed"] = optional_text(c.seed);
  o["duration"] = optional_text(c.duration);
  o["replications"] = optional_text(c.replications);
  o["window"] = c.window;
  o["vary"] = text_list(c.vary);
  o["max_in_flight"] = c.max_in_flight;
  return o;
}

/// Reads the header's fields; each getter records the first problem.
class HeaderReader {
 public:
  explicit HeaderReader(std::string& problem) : problem_(problem) {}
  bool ok() const { return problem_.empty(); }

  std::string text(const json::object& o, const char* key) {
    const json::value* v = o.if_contains(key);
    if (v != nullptr && v->is_string()) return std::string(v->get_string());
    return fail<std::string>(key, "a string");
  }
  std::optional<std::string> optional_text(const json::object& o, const char* key) {
    const json::value* v = o.if_contains(key);
    if (v != nullptr && v->is_null()) return std::nullopt;
    return text(o, key);
  }
  std::vector<std::string> texts(const json::object& o, const char* key) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr || !v->is_array()) return fail<std::vector<std::string>>(key, "a list of strings");
    std::vector<std::string> out;
    for (const json::value& item : v->get_array()) {
      if (!item.is_string()) return fail<std::vector<std::string>>(key, "a list of strings");
      out.emplace_back(item.get_string());
    }
    return out;
  }
  std::uint64_t count(const json::object& o, const char* key) {
    const json::value* v = o.if_contains(key);
    if (v != nullptr && v->is_uint64()) return v->get_uint64();
    if (v != nullptr && v->is_int64() && v->get_int64() >= 0) return static_cast<std::uint64_t>(v->get_int64());
    return fail<std::uint64_t>(key, "a whole number");
  }
  double number(const json::object& o, const char* key) {
    const json::value* v = o.if_contains(key);
    if (v != nullptr && v->is_number()) return v->to_number<double>();
    return fail<double>(key, "a number");
  }
  /// The object at `key`, or an empty one (after recording the problem).
  json::object object(const json::object& o, const char* key) {
    const json::value* v = o.if_contains(key);
    if (v != nullptr && v->is_object()) return v->get_object();
    return fail<json::object>(key, "an object");
  }

 private:
  template <class T>
  T fail(const char* key, const char* expected) {
    if (ok()) problem_ = fmt::format("field '{}' is missing or is not {}", key, expected);
    return T{};
  }
  std::string& problem_;
};

ShardCommand read_command(const json::object& o, HeaderReader& in) {
  ShardCommand c;
  c.subcommand = in.text(o, "subcommand");
  c.sets = in.texts(o, "sets");
  c.seed = in.optional_text(o, "seed");
  c.duration = in.optional_text(o, "duration");
  c.replications = in.optional_text(o, "replications");
  c.window = in.text(o, "window");
  c.vary = in.texts(o, "vary");
  c.max_in_flight = in.count(o, "max_in_flight");
  return c;
}

/// The file's bytes; nullopt with `problem` (naming it) when it cannot be read.
std::optional<std::string> read_text_file(const std::string& path, std::string& problem) {
  std::string why;
  auto bytes = read_file_bytes(path, why);
  if (!bytes)
    problem = why == "is a directory" ? fmt::format("'{}': is a directory, not a shard file", path)
                                      : fmt::format("cannot read shard file '{}': {}", path, why);
  return bytes;
}

/// The file's content as a ShardFile; `problem` (without the file name) when it is not one.
std::optional<ShardFile> parse_shard(const std::string& text, std::string& problem) {
  boost::system::error_code ec;
  const json::value root = json::parse(text, ec);
  if (ec) {
    problem = "not a shard file: it is not whole JSON (truncated?): " + ec.message();
    return std::nullopt;
  }
  const json::value* format = root.is_object() ? root.get_object().if_contains("svcsim_shard") : nullptr;
  if (format == nullptr) {
    problem = "not a shard file (no 'svcsim_shard' field): shard files are written by run or sweep with "
              "--shard I/K --json FILE";
    return std::nullopt;
  }
  if (!format->is_int64() || format->get_int64() != kFormat) {
    problem = fmt::format("shard file format {} is not the one this svcsim reads ({})", json::serialize(*format), kFormat);
    return std::nullopt;
  }
  const json::object& o = root.get_object();
  HeaderReader in(problem);
  ShardFile shard;
  shard.version = in.text(o, "svcsim");
  shard.command = read_command(in.object(o, "command"), in);
  const json::object scenario = in.object(o, "scenario");
  shard.scenario_path = in.text(scenario, "path");
  shard.scenario_text = in.text(scenario, "text");
  shard.scenario_hash = in.text(scenario, "hash");
  shard.runs_total = in.count(o, "runs_total");
  shard.selection = in.text(o, "selection");
  shard.wall_s = in.number(o, "wall_s");
  if (!in.ok()) return std::nullopt;
  const json::value* runs = o.if_contains("runs");
  if (runs == nullptr || !runs->is_array()) {
    problem = "field 'runs' is missing or is not a list";
    return std::nullopt;
  }
  for (const json::value& entry : runs->get_array()) {
    const std::size_t k = shard.runs.size();
    const json::object* run = entry.if_object();
    const json::value* index = run != nullptr ? run->if_contains("index") : nullptr;
    const json::value* results = run != nullptr ? run->if_contains("results") : nullptr;
    if (index == nullptr || !index->is_int64() || results == nullptr) {
      problem = fmt::format("runs[{}]: expected {{\"index\": N, \"results\": {{…}}}}", k);
      return std::nullopt;
    }
    const std::int64_t r = index->get_int64();
    if (r < 0 || static_cast<std::uint64_t>(r) >= shard.runs_total) {
      problem = fmt::format("runs[{}]: run index {} is out of range: the command has {} runs", k, r, shard.runs_total);
      return std::nullopt;
    }
    if (!shard.indices.empty() && static_cast<std::size_t>(r) <= shard.indices.back()) {
      problem = fmt::format("runs[{}]: run index {} is repeated or out of order", k, r);
      return std::nullopt;
    }
    std::string why;
    auto decoded = results_from_codec_json(*results, why);
    if (!decoded) {
      problem = fmt::format("runs[{}].results.{}", k, why);
      return std::nullopt;
    }
    shard.indices.push_back(static_cast<std::size_t>(r));
    shard.runs.push_back(std::move(*decoded));
  }
  return shard;
}

}  // namespace

std::string command_difference(const ShardCommand& a, const ShardCommand& b) {
  std::vector<std::string> differ;
  if (a.subcommand != b.subcommand) differ.push_back("the subcommand (" + a.subcommand + " / " + b.subcommand + ")");
  if (a.sets != b.sets) differ.emplace_back("--set");
  if (a.seed != b.seed) differ.emplace_back("--seed");
  if (a.duration != b.duration) differ.emplace_back("--duration");
  if (a.replications != b.replications) differ.emplace_back("--replications");
  if (a.window != b.window) differ.emplace_back("--window");
  if (a.vary != b.vary) differ.emplace_back("--vary");
  if (a.max_in_flight != b.max_in_flight) differ.emplace_back("--max-in-flight");
  return fmt::format("{}", fmt::join(differ, ", "));
}

std::string command_line(const ShardCommand& c, const std::string& scenario_path) {
  // Quoted for a POSIX shell where a value needs it.
  auto quote = [](const std::string& s) {
    if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:,+@%") ==
                          std::string::npos)
      return s;
    std::string out = "'";
    for (const char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
    return out + "'";
  };
  std::string line = "svcsim " + c.subcommand + " " + quote(scenario_path);
  for (const auto& v : c.vary) line += " --vary " + quote(v);
  for (const auto& s : c.sets) line += " --set " + quote(s);
  if (c.seed) line += " --seed " + quote(*c.seed);
  if (c.duration) line += " --duration " + quote(*c.duration);
  if (c.replications) line += " --replications " + quote(*c.replications);
  if (c.subcommand == "run" && c.window != "1s") line += " --window " + quote(c.window);
  // Each subcommand's own default is left out.
  const std::uint64_t default_limit = c.subcommand == "sweep" ? SweepRunOptions{}.max_in_flight : RunOptions{}.max_in_flight;
  if (c.max_in_flight != default_limit) line += fmt::format(" --max-in-flight {}", c.max_in_flight);
  return line;
}

void drop_time_series(Results& run) {
  run.series.clear();  // (run.events never counted the window ticks)
  run.window_s = 0;
}

std::string shard_to_json(const ShardFile& shard) {
  json::object root;
  root["svcsim_shard"] = kFormat;
  root["svcsim"] = shard.version;
  root["command"] = command_json(shard.command);
  json::object scenario;
  scenario["path"] = shard.scenario_path;
  scenario["hash"] = shard.scenario_hash;
  scenario["text"] = shard.scenario_text;
  root["scenario"] = std::move(scenario);
  root["runs_total"] = shard.runs_total;
  root["selection"] = shard.selection;
  root["wall_s"] = shard.wall_s;
  json::array runs;
  for (std::size_t k = 0; k < shard.runs.size(); ++k) {
    json::object entry;
    entry["index"] = shard.indices[k];
    entry["results"] = results_to_codec_json(shard.runs[k]);
    runs.push_back(std::move(entry));
  }
  root["runs"] = std::move(runs);
  return json::serialize(root) + "\n";
}

std::optional<ShardFile> read_shard_file(const std::string& path, std::string& problem) {
  const auto text = read_text_file(path, problem);
  if (!text) return std::nullopt;
  std::string why;
  auto shard = parse_shard(*text, why);
  if (!shard) problem = fmt::format("'{}': {}", path, why);
  return shard;
}

}  // namespace svcsim::shard
