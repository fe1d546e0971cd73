// `svcsim merge` (see merge_command.hpp): read every shard, check that they
// belong together and hold every run exactly once, then hand the runs, in
// run order, to the very report code of the unsharded command.
#include "cli/merge_command.hpp"

#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/output_set.hpp"
#include "cli/run_command.hpp"
#include "cli/shard_io.hpp"
#include "cli/sweep_command.hpp"

namespace svcsim::cli {
namespace {

/// What the first shard says the merge is, and which file gave each run.
class MergedRuns {
 public:
  /// Takes the shard's runs after checking it against the first; false (after a message) when it does not belong.
  bool add(shard::ShardFile file, const std::string& path) {
    // Before comparing it with the others: an edited file would otherwise
    // "come from a different scenario" under the very same hash.
    if (const std::string problem = scenario_hash_problem(file); !problem.empty()) {
      std::cerr << fmt::format("error: '{}': {}\n", path, problem);
      return false;
    }
    if (!first_) return add_first(std::move(file), path);
    if (file.version != first_->version) {
      std::cerr << fmt::format("error: '{}' was written by svcsim {}, '{}' by svcsim {}: merge shards of one version\n",
                               path, file.version, first_path_, first_->version);
      return false;
    }
    if (const std::string differ = shard::command_difference(file.command, first_->command);
        !differ.empty() || file.runs_total != first_->runs_total) {
      std::cerr << fmt::format("error: '{}' comes from a different command than '{}': {} differ{}\n", path,
                               first_path_, differ.empty() ? "the number of runs" : differ,
                               differ.find(',') == std::string::npos ? "s" : "");
      return false;
    }
    if (file.scenario_hash != first_->scenario_hash || file.scenario_text != first_->scenario_text) {
      // Each text matches its own hash (checked above), so the hashes differ.
      std::cerr << fmt::format("error: '{}' comes from a different scenario than '{}' (scenario.hash {} against {})\n",
                               path, first_path_, file.scenario_hash, first_->scenario_hash);
      return false;
    }
    return take(file, path);
  }

  /// Every run present: the runs in order; otherwise nullopt after listing the missing ones.
  std::optional<std::vector<Results>> complete() {
    std::vector<std::size_t> missing;
    for (std::size_t r = 0; r < runs_.size(); ++r)
      if (!runs_[r]) missing.push_back(r);
    if (!missing.empty()) {
      const std::string list = shard::format_run_list(missing);
      std::cerr << fmt::format("error: runs {} of {} are missing (no shard holds them); nothing written. Run them "
                               "with\n  {} --runs {} --json FILE\nand merge FILE with the others\n",
                               list, runs_.size(), shard::command_line(first_->command, first_->scenario_path), list);
      return std::nullopt;
    }
    std::vector<Results> out;
    out.reserve(runs_.size());
    for (auto& run : runs_) out.push_back(std::move(*run));
    return out;
  }

  const shard::ShardFile& first() const { return *first_; }
  double wall_s() const { return wall_s_; }

 private:
  /// The first shard says what the merge is: its scenario must load, and make as many runs as it says.
  bool add_first(shard::ShardFile file, const std::string& path) {
    shapes_ = MergeShapes::of(file, path);
    if (!shapes_) return false;
    if (shapes_->runs() != file.runs_total) {
      std::cerr << fmt::format("error: '{}': runs_total is {}, but its command makes {} runs\n", path,
                               file.runs_total, shapes_->runs());
      return false;
    }
    first_ = std::move(file);
    first_path_ = path;
    runs_.resize(first_->runs_total);
    owner_.assign(first_->runs_total, std::string());
    return take(*first_, path);
  }

  bool take(shard::ShardFile& file, const std::string& path) {
    wall_s_ += file.wall_s;
    for (std::size_t k = 0; k < file.indices.size(); ++k) {
      const std::size_t r = file.indices[k];
      // The reports index one array by another's length: a run of another shape would crash them.
      if (const std::string problem = shard::shape_problem(file.runs[k], shapes_->of_run(r)); !problem.empty()) {
        std::cerr << fmt::format("error: '{}': runs[{}].results.{}\n", path, k, problem);
        return false;
      }
      if (runs_[r]) {
        std::cerr << fmt::format("error: run {} is in both '{}' and '{}': merge each run once\n", r, owner_[r], path);
        return false;
      }
      runs_[r] = std::move(file.runs[k]);
      owner_[r] = path;
    }
    file.runs.clear();
    return true;
  }

  std::optional<MergeShapes> shapes_;
  std::optional<shard::ShardFile> first_;
  std::string first_path_;
  std::vector<std::optional<Results>> runs_;
  std::vector<std::string> owner_;
  double wall_s_ = 0;
};

// The merge's outputs on the unsharded command's arguments.
template <class Args>
Args with_outputs(Args args, const MergeArgs& merge) {
  args.json_path = merge.json_path;
  args.csv_path = merge.csv_path;
  args.html_path = merge.html_path;
  args.quiet = merge.quiet;
  if constexpr (requires { args.wide; }) args.wide = merge.wide;
  return args;
}

}  // namespace

int merge_command(const MergeArgs& args) {
  // Shards that cannot be merged (exit 2) still replace --junit with an <error>, like a refused run.
  const StreamRecord said(std::cerr);
  const std::string timestamp = junit_timestamp();
  auto refused = [&] { return refuse_with_junit(args.junit_path, "svcsim merge", said, timestamp); };
  if (args.shards.empty()) {
    std::cerr << "error: merge needs shard files: svcsim merge SHARD.json… (written by --shard I/K --json)\n";
    return refused();
  }
  MergedRuns merged;
  for (const std::string& path : args.shards) {
    std::string problem;
    auto file = shard::read_shard_file(path, problem);
    if (!file) {
      std::cerr << "error: " << problem << '\n';
      return refused();
    }
    if (!merged.add(std::move(*file), path)) return refused();
  }
  auto runs = merged.complete();
  if (!runs) return refused();
  const shard::ShardFile& first = merged.first();
  const ScenarioSource source{first.scenario_path, first.scenario_text};
  if (first.command.subcommand == "run") {
    RunArgs run = with_outputs(run_args_of(first.command, first.scenario_path), args);
    run.junit_path = args.junit_path;
    ReplicatedResults replicated;
    replicated.runs = std::move(*runs);
    replicated.wall_s = merged.wall_s();
    return report_merged_run(run, source, std::move(replicated));
  }
  if (first.command.subcommand == "sweep") {
    if (!args.junit_path.empty()) {
      std::cerr << fmt::format("error: --junit {}: these shards are of a sweep, which writes no JUnit XML\n",
                               args.junit_path);
      return kExitUsage;
    }
    return report_merged_sweep(with_outputs(sweep_args_of(first.command, first.scenario_path), args), source,
                               std::move(*runs));
  }
  std::cerr << fmt::format("error: '{}': unknown subcommand '{}' in the shard file\n", args.shards.front(),
                           first.command.subcommand);
  return kExitUsage;
}

void MergeCommand::add(CLI::App& app) {
  app_ = app.add_subcommand("merge", "Put the shard files of a sharded run or sweep back together: the same "
                                     "report and files as the unsharded command");
  app_->add_option("SHARD", args_.shards, "Shard files (written by run or sweep with --shard I/K --json), any order")
      ->required()
      ->type_name("FILE…");
  app_->add_option("--json", args_.json_path, "Write the results file (run) or the sweep's JSON here")->type_name("FILE");
  app_->add_option("--csv", args_.csv_path, "Write the time series (run) or one row per point (sweep) here")
      ->type_name("FILE");
  app_->add_option("--html", args_.html_path, "Write the HTML page here")->type_name("FILE");
  app_->add_option("--junit", args_.junit_path, "Write the objectives as JUnit XML here (run shards)")
      ->type_name("FILE");
  app_->add_flag("-q,--quiet", args_.quiet, "No terminal report");
  app_->add_flag("--wide", args_.wide, "Every column of a merged run's report (default: lines below 120 columns)");
}

std::optional<int> MergeCommand::dispatch() const {
  if (app_ == nullptr || !app_->parsed()) return std::nullopt;
  return merge_command(args_);
}

}  // namespace svcsim::cli
