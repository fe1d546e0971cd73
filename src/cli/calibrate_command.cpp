// `svcsim calibrate` (see calibrate_command.hpp): load the model, read the
// traces, simulate, compare (src/import/calibration.cpp), print and write.
#include "cli/calibrate_command.hpp"

#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/scenario_input.hpp"
#include "cli/tolerance.hpp"
#include "svcsim/calibration.hpp"
#include "svcsim/report.hpp"
#include "svcsim/simulation.hpp"
#include "svcsim/trace_import.hpp"
#include "trace/endpoint_latencies.hpp"

namespace svcsim::cli {

int calibrate_command(const CalibrateArgs& args) {
  const Parsed<double> tolerance = parse_tolerance(args.tolerance);
  if (!tolerance) {
    std::cerr << fmt::format("error: --tolerance '{}': {}\n", args.tolerance, tolerance.error.message);
    return kExitUsage;
  }
  if (!args.json_path.empty()) {
    if (const std::string problem = check_output_folder(args.json_path); !problem.empty()) {
      std::cerr << "error: " << problem << '\n';
      return kExitUsage;
    }
  }
  const auto scenario = load_scenario(args.scenario_path, {}, std::cerr);
  if (!scenario) return kExitUsage;
  const ObservedLatencies observed = observe_trace_latencies(args.files, args.format);
  for (const std::string& line : observed.report) std::cerr << "svcsim calibrate: " << line << '\n';
  if (!observed.error.empty()) {
    std::cerr << observed.error << '\n';
    return kExitUsage;
  }
  // The run times every call per endpoint, as the traces' server spans do.
  trace::EndpointLatencies per_endpoint(scenario->warmup.ns);
  RunOptions options;
  options.observer = &per_endpoint;
  const Results results = simulate(*scenario, options);
  if (results.run.stopped) {
    std::cerr << "svcsim: run stopped: " << results.run.stop_reason << '\n';
    return kExitStopped;
  }
  const Calibration calibration =
      calibrate_against(observed, *scenario, results, *tolerance.value, &per_endpoint.by_endpoint());
  print_calibration(std::cout, calibration);
  if (!args.json_path.empty()) {
    if (const std::string problem = write_file_atomically(args.json_path, calibration_to_json(calibration));
        !problem.empty()) {
      std::cerr << "error: " << problem << '\n';
      return kExitUsage;
    }
  }
  return calibration.drifted() ? kExitObjectiveFailed : kExitOk;
}

void CalibrateCommand::add(CLI::App& app) {
  app_ = app.add_subcommand("calibrate", "Set the latency percentiles of traces beside a simulation of a model; "
                                         "exit 1 when one differs beyond the tolerance");
  app_->add_option("SCENARIO", args_.scenario_path, "The model (YAML)")->required()->type_name("FILE");
  app_->add_option("TRACEFILE", args_.files, "Trace files (OTLP/JSON, Jaeger JSON, Zipkin v2)")
      ->required()
      ->type_name("FILE");
  app_->add_option("--tolerance", args_.tolerance, "Largest relative difference allowed, e.g. 10% or 0.1")
      ->type_name("RATIO")
      ->capture_default_str();
  app_->add_option("--json", args_.json_path, "Write the comparison as JSON here")->type_name("FILE");
  app_->add_option("--format", args_.format, "auto | otlp | jaeger | zipkin")->capture_default_str();
}

std::optional<int> CalibrateCommand::dispatch() const {
  if (app_ && app_->parsed()) return calibrate_command(args_);
  return std::nullopt;
}

}  // namespace svcsim::cli
