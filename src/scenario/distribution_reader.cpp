// Distributions as written in SPEC section 2: each `dist` kind with its own
// parameters, validated here so the factories only ever see sane values.
#include "scenario/distribution_reader.hpp"

#include <algorithm>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "scenario/suggest.hpp"
#include "scenario/yaml_reader.hpp"

namespace svcsim::detail {
namespace {

/// Mixtures inside mixtures deeper than this are refused (hostile input).
constexpr int kMaxMixtureDepth = 8;

/// In the order of Distribution::Kind, so a choice's index is its kind.
const std::vector<std::string>& kind_names() {
  static const std::vector<std::string> names = {"constant", "exponential", "uniform", "normal",
                                                 "lognormal", "gamma", "pareto", "weibull",
                                                 "empirical", "mixture"};
  return names;
}


/// A number parameter that must be above `minimum`; `why` explains the bound.
std::optional<double> read_bounded_number(const YamlNode& node, std::string_view key, double minimum,
                                          std::string_view why, Diagnostics& diag) {
  const auto value = read_number(node, key, diag);
  if (value && !(*value > minimum)) {
    std::string message = quote(key) + " must be greater than " + std::to_string(static_cast<int>(minimum));
    if (!why.empty()) message += " (" + std::string(why) + ")";
    diag.error(node.where, message + ", not " + quote(node.scalar));
    return std::nullopt;
  }
  return value;
}

std::optional<Duration> required_positive(MapReader& r, std::string_view key, Diagnostics& diag) {
  const YamlNode* n = r.require(key);
  return n ? read_positive_duration(*n, key, diag) : std::nullopt;
}

std::optional<Duration> required_duration(MapReader& r, std::string_view key, Diagnostics& diag) {
  const YamlNode* n = r.require(key);
  return n ? read_duration(*n, key, diag) : std::nullopt;
}

std::optional<Distribution> read_lognormal(MapReader& r, const YamlNode& map, Diagnostics& diag) {
  r.allow({"median", "p99", "mean", "stddev"});
  const bool by_quantiles = r.has("median") || r.has("p99");
  const bool by_moments = r.has("mean") || r.has("stddev");
  if (by_quantiles == by_moments) {
    diag.error(map.where, by_quantiles ? "lognormal takes 'median' and 'p99', or 'mean' and 'stddev', not both"
                                       : "lognormal needs 'median' and 'p99', or 'mean' and 'stddev'");
    return std::nullopt;
  }
  if (by_quantiles) {
    const auto median = required_positive(r, "median", diag);
    const auto p99 = required_positive(r, "p99", diag);
    if (!median || !p99) return std::nullopt;
    if (*p99 <= *median) {
      diag.error(r.get("p99")->where, "'p99' (" + format_duration(*p99) + ") must be above 'median' (" +
                                          format_duration(*median) + ")");
      return std::nullopt;
    }
    return Distribution::lognormal_median_p99(*median, *p99);
  }
  const auto mean = required_positive(r, "mean", diag);
  const auto stddev = required_positive(r, "stddev", diag);
  if (!mean || !stddev) return std::nullopt;
  return Distribution::lognormal_mean_stddev(*mean, *stddev);
}

/// `p99.9` -> 99.9; nullopt unless `p` + a number in [0, 100].
std::optional<double> percentile_of(const std::string& key) {
  if (key.size() < 2 || key[0] != 'p') return std::nullopt;
  const auto value = parse_number(std::string_view(key).substr(1));
  if (!value || *value < 0 || *value > 100) return std::nullopt;
  return value;
}

std::optional<Distribution> read_empirical(MapReader& r, Diagnostics& diag) {
  const YamlNode* node = r.require("percentiles", "e.g. percentiles: {p0: 1ms, p50: 2ms, p100: 9ms}");
  if (!node || !expect_map(*node, "percentiles", diag)) return std::nullopt;
  struct Point {
    double percentile;
    Duration value;
    const YamlEntry* entry;
  };
  std::vector<Point> points;
  bool ok = true;
  for (const auto& e : node->entries) {
    const auto p = percentile_of(e.key);
    if (!p) {
      diag.error(e.key_where, "unknown percentile " + quote(e.key) + "; write p0, p50, p99.9, p100");
      ok = false;
      continue;
    }
    const auto value = read_duration(e.value, e.key, diag);
    if (!value) {
      ok = false;
      continue;
    }
    points.push_back({*p, *value, &e});
  }
  std::stable_sort(points.begin(), points.end(),
                   [](const Point& a, const Point& b) { return a.percentile < b.percentile; });
  for (std::size_t i = 1; i < points.size(); ++i) {
    if (points[i].percentile == points[i - 1].percentile) {
      diag.error(points[i].entry->key_where,
                 quote(points[i].entry->key) + " repeats " + quote(points[i - 1].entry->key));
      ok = false;
    } else if (points[i].value < points[i - 1].value) {
      diag.error(points[i].entry->value.where,
                 quote(points[i].entry->key) + " (" + format_duration(points[i].value) + ") is below " +
                     quote(points[i - 1].entry->key) + " (" + format_duration(points[i - 1].value) +
                     "); percentile values must not decrease");
      ok = false;
    }
  }
  const bool has_p0 = std::any_of(points.begin(), points.end(), [](const Point& p) { return p.percentile == 0; });
  const bool has_p100 =
      std::any_of(points.begin(), points.end(), [](const Point& p) { return p.percentile == 100; });
  if (ok && !has_p0) diag.error(node->where, "'percentiles' needs 'p0' (the smallest value)");
  if (ok && !has_p100) diag.error(node->where, "'percentiles' needs 'p100' (the largest value)");
  if (!ok || !has_p0 || !has_p100) return std::nullopt;
  std::vector<std::pair<double, Duration>> pairs;
  pairs.reserve(points.size());
  for (const auto& p : points) pairs.emplace_back(p.percentile, p.value);
  return Distribution::empirical(std::move(pairs));
}

std::optional<Distribution> read_mixture(MapReader& r, Diagnostics& diag, int depth) {
  const YamlNode* of = r.require("of", "e.g. of: [{weight: 90%, dist: exponential, mean: 1ms}, …]");
  if (!of || !expect_list(*of, "of", diag)) return std::nullopt;
  if (of->items.empty()) {
    diag.error(of->where, "'of' needs at least one distribution");
    return std::nullopt;
  }
  std::vector<std::pair<double, Distribution>> components;
  bool ok = true;
  for (const auto& item : of->items) {
    if (!item.is_map()) {
      diag.error(item.where, "a mixture component must be a map like {weight: 50%, dist: exponential, mean: 1ms}");
      ok = false;
      continue;
    }
    std::optional<double> weight;
    if (const YamlNode* w = item.find("weight")) {
      weight = read_weight(*w, "weight", diag);
    } else {
      diag.error(item.where, "missing field 'weight'");
    }
    auto dist = read_distribution_map(item, diag, {"weight"}, depth + 1);
    if (!weight || !dist) {
      ok = false;
      continue;
    }
    components.emplace_back(*weight, std::move(*dist));
  }
  if (!ok) return std::nullopt;
  return Distribution::mixture(std::move(components));
}

std::optional<Distribution> read_kind(std::size_t kind, MapReader& r, const YamlNode& map, Diagnostics& diag,
                                      int depth) {
  switch (static_cast<Distribution::Kind>(kind)) {
    case Distribution::Kind::constant: {
      const auto value = required_duration(r, "value", diag);
      return value ? std::optional(Distribution::constant(*value)) : std::nullopt;
    }
    case Distribution::Kind::exponential: {
      const auto mean = required_positive(r, "mean", diag);
      return mean ? std::optional(Distribution::exponential(*mean)) : std::nullopt;
    }
    case Distribution::Kind::uniform: {
      const auto lo = required_duration(r, "min", diag);
      const auto hi = required_duration(r, "max", diag);
      if (!lo || !hi) return std::nullopt;
      if (*hi < *lo) {
        diag.error(r.get("max")->where, "'max' (" + format_duration(*hi) + ") must not be below 'min' (" +
                                            format_duration(*lo) + ")");
        return std::nullopt;
      }
      return Distribution::uniform(*lo, *hi);
    }
    case Distribution::Kind::normal: {
      const auto mean = required_positive(r, "mean", diag);
      const auto stddev = required_duration(r, "stddev", diag);
      if (!mean || !stddev) return std::nullopt;
      return Distribution::normal(*mean, *stddev);
    }
    case Distribution::Kind::lognormal:
      return read_lognormal(r, map, diag);
    case Distribution::Kind::gamma: {
      const auto mean = required_positive(r, "mean", diag);
      const YamlNode* cv_node = r.require("cv");
      const auto cv = cv_node ? read_bounded_number(*cv_node, "cv", 0, "", diag) : std::nullopt;
      if (!mean || !cv) return std::nullopt;
      return Distribution::gamma(*mean, *cv);
    }
    case Distribution::Kind::pareto: {
      const auto scale = required_positive(r, "scale", diag);
      const YamlNode* shape_node = r.require("shape");
      const auto shape = shape_node ? read_bounded_number(*shape_node, "shape", 1,
                                                          "a finite mean needs shape > 1", diag)
                                    : std::nullopt;
      if (!scale || !shape) return std::nullopt;
      return Distribution::pareto(*scale, *shape);
    }
    case Distribution::Kind::weibull: {
      const auto scale = required_positive(r, "scale", diag);
      const YamlNode* shape_node = r.require("shape");
      const auto shape = shape_node ? read_bounded_number(*shape_node, "shape", 0, "", diag) : std::nullopt;
      if (!scale || !shape) return std::nullopt;
      return Distribution::weibull(*scale, *shape);
    }
    case Distribution::Kind::empirical:
      return read_empirical(r, diag);
    case Distribution::Kind::mixture:
      return read_mixture(r, diag, depth);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Distribution> read_distribution_map(const YamlNode& map, Diagnostics& diag,
                                                  std::initializer_list<std::string_view> extra, int depth) {
  if (depth > kMaxMixtureDepth) {
    diag.error(map.where, "distributions nested too deeply (more than " + std::to_string(kMaxMixtureDepth) +
                              " levels of 'mixture')");
    return std::nullopt;
  }
  MapReader r(map, diag);
  r.allow(extra);
  const YamlNode* dist = r.get("dist");
  if (!dist) {
    diag.error(map.where, "missing field 'dist' (one of: " + join(kind_names()) + ")");
    return std::nullopt;
  }
  const auto kind = read_choice(*dist, "dist", kind_names(), diag);
  if (!kind) return std::nullopt;  // without a known kind its parameters cannot be judged
  std::optional<Distribution> result;
  try {
    result = read_kind(*kind, r, map, diag, depth);
  } catch (const std::exception& e) {
    // The factories check their arguments too; anything they refuse is the user's input.
    diag.error(map.where, std::string("invalid distribution: ") + e.what());
    result.reset();
  }
  r.finish();
  return result;
}

std::optional<Distribution> read_distribution(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  if (node.is_map()) return read_distribution_map(node, diag, {});
  if (node.is_scalar()) {
    const auto value = read_duration(node, key, diag);
    if (!value) return std::nullopt;
    return Distribution::constant(*value);
  }
  if (node.is_null()) {
    diag.error(node.where, quote(key) + " needs a value: a duration or a map with 'dist'");
  } else {
    diag.error(node.where, quote(key) + " must be a duration or a map with 'dist', not " + describe_type(node));
  }
  return std::nullopt;
}

}  // namespace svcsim::detail
