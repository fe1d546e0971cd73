// One run's Results as JSON and back, losslessly: the shard files of
// `--shard` hold every run's own Results and `svcsim merge` rebuilds them bit
// for bit, so the merged reports are the unsharded ones. Every field of
// include/svcsim/results.hpp is listed once, in results_codec.cpp (one
// `fields` function per struct serves both directions); a field added to
// Results is added there, and tests/unit/test_results_codec.cpp round-trips
// a Results with every field set.
#pragma once

#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include "svcsim/results.hpp"

namespace svcsim::shard {

/// The Results as a JSON object. Doubles are written as strings of their
/// shortest round-trip decimal (or "nan", "inf", "-inf") and read back with
/// std::from_chars, so no JSON reader's float parsing can change a bit;
/// integers are JSON integers; histograms keep only their non-empty buckets.
boost::json::value results_to_codec_json(const Results& results);

/// The Results written by results_to_codec_json; nullopt with `problem` set
/// (naming the field, e.g. `workloads[0].latency.buckets[3]`) when the value
/// is not such an object.
std::optional<Results> results_from_codec_json(const boost::json::value& value, std::string& problem);

}  // namespace svcsim::shard
