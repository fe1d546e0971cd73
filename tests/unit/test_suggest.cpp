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

// Found by fuzz_overrides (tests/fuzz/regressions/overrides/lone-c2-byte-in-set-path):
// a 0xC2 lead byte at the end of one escaped piece (a --set path) met the
// next piece's text, and inside a message a 0xC2 before ASCII swallowed that
// character as if it were C1 (`'\xc2'` came out as `\x27`).
TEST_CASE("escape_controls: only C2 80-9F is C1, and a 0xC2 that starts no character is escaped", "[loader][suggest]") {
  CHECK(escape_controls("a\xc2\x9b[2Jb") == "a\\u009b[2Jb");      // C1 CSI
  CHECK(escape_controls("caf\xc2\xa0x") == "caf\xc2\xa0x");       // U+00A0 kept as it is
  CHECK(escape_controls("slo\xc2") == "slo\\xc2");                // last byte
  CHECK(escape_controls("'\xc2'") == "'\\xc2'");                  // before ASCII: the quote stays
  CHECK(escape_controls("\xc2\xc2\x85") == "\\xc2\\u0085");
  // Whatever follows an escaped piece, no C1 control appears.
  const std::string joined = escape_controls("p\xc2") + "\x85";
  CHECK(joined.find("\xc2\x85") == std::string::npos);
}
