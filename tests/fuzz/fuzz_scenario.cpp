// Fuzz target: a scenario's text through the loader, the same entry as
// `svcsim check` after the file is read. Any input must give either a
// scenario or errors, never a crash, a hang or an exception; every error is
// placed in the file it names and holds no control character (an error
// message is printed to a terminal as it is).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.hpp"
#include "svcsim/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const svcsim::LoadResult result = svcsim::load_scenario_text(text, "fuzz.yaml");
  svcsim::fuzz::check_load_result(result);
  return 0;
}
