// Fuzz target: one trace-import format (SVCSIM_FUZZ_FORMAT: otlp, jaeger or
// zipkin; one executable each) through `svcsim import`'s pipeline. Any file
// gives a scenario or one error, never a crash or a hang; a scenario written
// from traces must load without errors (the writer's names and values are
// ones the loader accepts).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <unistd.h>

#include "fuzz_checks.hpp"
#include "svcsim/loader.hpp"
#include "svcsim/trace_import.hpp"

#ifndef SVCSIM_FUZZ_FORMAT
#error "define SVCSIM_FUZZ_FORMAT (otlp, jaeger or zipkin)"
#endif

namespace {

// The readers take paths (they stream files): the input goes through one
// temporary file per process.
const std::string& input_path() {
  static const std::string path = [] {
    std::string p = "/tmp/svcsim-fuzz-import-" + std::to_string(::getpid()) + ".json";
    return p;
  }();
  return path;
}

bool write_input(std::string_view text) {
  std::FILE* f = std::fopen(input_path().c_str(), "wb");
  if (!f) return false;
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!write_input(text)) return 0;
  svcsim::TraceImportOptions options;
  options.files = {input_path()};
  options.format = SVCSIM_FUZZ_FORMAT;
  options.name = "fuzz";
  const svcsim::TraceImportResult result = svcsim::import_traces(options);
  if (result.error.empty() == result.yaml.empty()) svcsim::fuzz::fail("both or neither of a scenario and an error", result.error);
  if (svcsim::fuzz::has_control(result.error)) svcsim::fuzz::fail("control character in an error", result.error);
  if (!result.yaml.empty()) {
    const svcsim::LoadResult loaded = svcsim::load_scenario_text(result.yaml, "imported.yaml");
    if (!loaded.scenario) svcsim::fuzz::fail("the imported scenario does not load", loaded.errors.front().format() + "\n" + result.yaml);
  }
  return 0;
}
