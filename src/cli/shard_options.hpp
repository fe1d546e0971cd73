// The options `run` and `sweep` share for engines: --shard, --runs and
// --progress (registered once, so both commands spell them alike).
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace svcsim::cli {

void add_shard_options(CLI::App* sub, std::string& shard, std::string& runs, std::string& progress);

}  // namespace svcsim::cli
