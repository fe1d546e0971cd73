// --shard and --runs (see run_selection.hpp).
#include "shard/run_selection.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace svcsim::shard {
namespace {

/// A whole non-negative decimal number, nothing else.
std::optional<std::size_t> parse_index(std::string_view text) {
  std::size_t value = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || res.ec != std::errc{} || res.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string RunSelection::describe() const {
  if (shard) return fmt::format("shard {}/{}", shard->index, shard->count);
  return "runs " + format_run_list(listed);
}

std::optional<std::vector<std::size_t>> RunSelection::indices(std::size_t total, std::string& problem) const {
  std::vector<std::size_t> out;
  if (shard) {
    // Stepping by K could wrap past the largest index when K is huge.
    for (std::size_t r = shard->index; r < total; r += shard->count) {
      out.push_back(r);
      if (shard->count >= total - r) break;
    }
    return out;
  }
  for (const std::size_t r : listed) {
    if (r >= total) {
      problem = fmt::format("--runs {}: run {} is out of range: the command has {} run{} (0-{})", format_run_list(listed),
                            r, total, total == 1 ? "" : "s", total - 1);
      return std::nullopt;
    }
    out.push_back(r);
  }
  return out;
}

std::optional<ShardSpec> parse_shard_spec(std::string_view text, std::string& problem) {
  const auto slash = text.find('/');
  const auto index = slash == std::string_view::npos ? std::nullopt : parse_index(text.substr(0, slash));
  const auto count = slash == std::string_view::npos ? std::nullopt : parse_index(text.substr(slash + 1));
  if (!index || !count) {
    problem = fmt::format("--shard {}: expected I/K, e.g. --shard 0/4 (runs whose index mod 4 is 0)", text);
    return std::nullopt;
  }
  if (*count == 0) {
    problem = fmt::format("--shard {}: the number of shards K must be at least 1", text);
    return std::nullopt;
  }
  if (*index >= *count) {
    problem = fmt::format("--shard {}: the shard index I must be below K (0 to {})", text, *count - 1);
    return std::nullopt;
  }
  return ShardSpec{*index, *count};
}

std::optional<std::vector<std::size_t>> parse_run_list(std::string_view text, std::string& problem) {
  std::vector<std::size_t> out;
  std::string_view rest = text;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    const auto dash = item.find('-');
    const auto first = parse_index(item.substr(0, dash));
    const auto last = dash == std::string_view::npos ? first : parse_index(item.substr(dash + 1));
    if (!first || !last || *last < *first) {
      problem = fmt::format("--runs {}: '{}' is not a run index or a range LO-HI, e.g. --runs 3,17-19", text, item);
      return std::nullopt;
    }
    if (*last - *first > 10'000'000) {
      problem = fmt::format("--runs {}: range '{}' is too long", text, item);
      return std::nullopt;
    }
    // Stop at `last` itself: r <= last never fails when last is the largest index.
    for (std::size_t r = *first;; ++r) {
      out.push_back(r);
      if (r == *last) break;
    }
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  std::sort(out.begin(), out.end());
  if (const auto twice = std::adjacent_find(out.begin(), out.end()); twice != out.end()) {
    problem = fmt::format("--runs {}: run {} is listed twice", text, *twice);
    return std::nullopt;
  }
  return out;
}

std::string format_run_list(const std::vector<std::size_t>& indices) {
  std::string out;
  for (std::size_t i = 0; i < indices.size();) {
    std::size_t j = i;
    while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += j == i ? fmt::format("{}", indices[i]) : fmt::format("{}-{}", indices[i], indices[j]);
    i = j + 1;
  }
  return out;
}

SelectionArgs parse_selection(const std::string& shard_text, const std::string& runs_text) {
  SelectionArgs out;
  if (!shard_text.empty() && !runs_text.empty()) {
    out.problem = "--shard and --runs cannot be used together: --shard takes every K-th run, --runs the runs listed";
    return out;
  }
  RunSelection selection;
  if (!shard_text.empty()) {
    selection.shard = parse_shard_spec(shard_text, out.problem);
    if (!selection.shard) return out;
  } else if (!runs_text.empty()) {
    auto listed = parse_run_list(runs_text, out.problem);
    if (!listed) return out;
    selection.listed = std::move(*listed);
  } else {
    return out;
  }
  out.selection = std::move(selection);
  return out;
}

}  // namespace svcsim::shard
