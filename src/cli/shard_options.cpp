// --shard, --runs and --progress on the parser (see shard_options.hpp).
#include "cli/shard_options.hpp"

#include "cli/option_checks.hpp"

#include <CLI/CLI.hpp>

namespace svcsim::cli {

void add_shard_options(CLI::App* sub, std::string& shard, std::string& runs, std::string& progress) {
  sub->add_option("--shard", shard,
                  "Simulate only the runs whose index r has r mod K = I and write them to a shard file (--json); "
                  "`svcsim merge` puts the shards together")
      ->type_name("I/K")
      // Empty must not read as "not given": a job whose index variable is
      // unset would otherwise run every run in every task.
      ->check(not_empty("--shard 0/4"));
  sub->add_option("--runs", runs, "Simulate only the runs listed, e.g. 3,17-19, into a shard file (--json), to fill gaps")
      ->type_name("LIST")
      ->check(not_empty("--runs 3,17-19"));
  sub->add_option("--progress", progress,
                  "auto: a bar on a terminal, else a plain line every 5 s; bar, plain (at once, then every 5 s) or none")
      ->type_name("MODE")
      ->capture_default_str();
}

}  // namespace svcsim::cli
