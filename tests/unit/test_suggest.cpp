// Did-you-mean: edit distance and the closeness threshold.
#include <catch2/catch.hpp>

#include "scenario/suggest.hpp"

using namespace svcsim::detail;

TEST_CASE("edit distance counts a transposition as one edit", "[loader][suggest]") {
  CHECK(edit_distance("instnaces", "instances") == 1);
  CHECK(edit_distance("auht", "auth") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("suggestions only when close", "[loader][suggest]") {
  const std::vector<std::string> keys = {"instances", "concurrency", "queue"};
  CHECK(suggest("instnaces", keys) == std::optional<std::string>("instances"));
  CHECK(suggest("queu", keys) == std::optional<std::string>("queue"));
  CHECK_FALSE(suggest("colour", keys));
  CHECK_FALSE(suggest("x", {"y"}) == std::optional<std::string>("zz"));
  CHECK(did_you_mean("auht", {"auth", "db"}) == " (did you mean 'auth'?)");
  CHECK(did_you_mean("zzz", {"auth", "db"}).empty());
}
