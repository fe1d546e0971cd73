// `svcsim import` (see import_command.hpp): options, then the import library
// (src/import/) does the work; this file prints and writes.
#include "cli/import_command.hpp"

#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "svcsim/report.hpp"
#include "svcsim/time.hpp"
#include "svcsim/trace_import.hpp"

namespace svcsim::cli {

int import_command(const ImportArgs& args) {
  const Parsed<double> sampled = parse_ratio(args.sampled);
  if (!sampled || !(*sampled.value > 0)) {
    std::cerr << fmt::format("error: --sampled '{}': {}\n", args.sampled,
                             sampled ? "must be above 0" : sampled.error.message);
    return kExitUsage;
  }
  if (!args.output.empty()) {
    if (const std::string problem = check_output_folder(args.output); !problem.empty()) {
      std::cerr << "error: " << problem << '\n';
      return kExitUsage;
    }
  }
  TraceImportOptions options;
  options.files = args.files;
  options.format = args.format;
  options.name = args.name;
  options.sampled = *sampled.value;
  const TraceImportResult result = import_traces(options);
  for (const std::string& line : result.report) std::cerr << "svcsim import: " << line << '\n';
  if (!result.error.empty()) {
    std::cerr << result.error << '\n';
    return kExitUsage;
  }
  if (args.output.empty()) {
    std::cout << result.yaml;
    return kExitOk;
  }
  if (const std::string problem = write_file_atomically(args.output, result.yaml); !problem.empty()) {
    std::cerr << "error: " << problem << '\n';
    return kExitUsage;
  }
  std::cerr << fmt::format("svcsim import: wrote {}\n", args.output);
  return kExitOk;
}

void ImportCommand::add(CLI::App& app) {
  app_ = app.add_subcommand("import", "Build a scenario from distributed traces (OTLP/JSON, Jaeger JSON, Zipkin v2)");
  app_->add_option("TRACEFILE", args_.files, "Trace files (read together)")->required()->type_name("FILE");
  app_->add_option("-o,--output", args_.output, "Write the scenario here (default: standard output)")
      ->type_name("SCENARIO");
  app_->add_option("--format", args_.format, "auto | otlp | jaeger | zipkin")->capture_default_str();
  app_->add_option("--name", args_.name, "The scenario's name (default: from the first file's name)");
  app_->add_option("--sampled", args_.sampled,
                   "The share of requests the traces kept (e.g. 1% or 0.01): rates are divided by it")
      ->type_name("RATIO")
      ->capture_default_str();
}

std::optional<int> ImportCommand::dispatch() const {
  if (app_ && app_->parsed()) return import_command(args_);
  return std::nullopt;
}

}  // namespace svcsim::cli
