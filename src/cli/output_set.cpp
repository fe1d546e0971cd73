// Output files from the command line (see output_set.hpp).
#include "cli/output_set.hpp"

#include <ctime>
#include <filesystem>
#include <utility>
#include <iostream>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"

namespace svcsim::cli {

bool write_output_set(const std::vector<OutputFile>& files) {
  std::cout.flush();
  std::string problem;
  {
    const SignalsHeld held;
    problem = write_files_as_set(files);
  }
  if (problem.empty()) return true;
  std::cerr << "error: " << problem << '\n';
  return false;
}

bool writes_to_stdout(std::initializer_list<const std::string*> paths) {
  for (const std::string* path : paths)
    if (*path == "-" || *path == "/dev/stdout") return true;
  return false;
}

namespace {
// Where an output goes, for comparing two: standard output, or the file
// with links and `..` resolved (it need not exist yet); empty for a device
// or FIFO other than standard output, which several outputs may share
// (`--json /dev/null --csv /dev/null`).
std::string output_target(const std::string& path) {
  if (path == "-" || path == "/dev/stdout") return "-";
  std::error_code ec;
  const auto type = std::filesystem::status(path, ec).type();
  if (type == std::filesystem::file_type::character || type == std::filesystem::file_type::fifo) return {};
  // weakly_canonical stops at a link whose target does not exist yet: follow
  // such links by hand (a few, in case of a loop), so `--json link --csv
  // target` is seen to be one file before either exists.
  std::filesystem::path followed = path;
  for (int hops = 0; hops < 8 && std::filesystem::is_symlink(followed, ec); ++hops)
    followed = followed.parent_path() / std::filesystem::read_symlink(followed, ec);
  const std::filesystem::path resolved = std::filesystem::weakly_canonical(followed, ec);
  return ec ? std::filesystem::absolute(followed, ec).lexically_normal().string() : resolved.string();
}
}  // namespace

std::string same_file_twice(std::initializer_list<std::pair<const char*, const std::string*>> outputs) {
  std::vector<std::pair<const char*, std::string>> seen;
  for (const auto& [option, path] : outputs) {
    if (path->empty()) continue;
    const std::string target = output_target(*path);
    if (target.empty()) continue;
    for (const auto& [other, other_target] : seen)
      if (other_target == target)
        return fmt::format("{} and {} both name '{}': one would overwrite the other; give each its own file", other,
                           option, *path);
    seen.emplace_back(option, target);
  }
  return {};
}

std::string junit_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec);
}

int refuse_with_junit(const std::string& junit_path, const std::string& suite, const StreamRecord& said,
                      const std::string& timestamp) {
  if (junit_path.empty() || !check_output_folder(junit_path).empty()) return kExitUsage;
  std::string why = said.text();
  while (!why.empty() && why.back() == '\n') why.pop_back();
  if (why.empty()) why = "svcsim was refused: the command line is wrong (see its standard error)";
  write_output_set({{junit_path, refusal_to_junit(suite.empty() ? "svcsim" : suite, why, JunitRun{timestamp, 0})}});
  return kExitUsage;
}

StreamRecord::StreamRecord(std::ostream& stream)
    : stream_(stream), previous_(stream.rdbuf()), tee_(previous_, copy_.rdbuf()) {
  stream_.rdbuf(&tee_);
}

StreamRecord::~StreamRecord() { stream_.rdbuf(previous_); }

StreamRecord::Tee::int_type StreamRecord::Tee::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  copy_->sputc(traits_type::to_char_type(c));
  return out_->sputc(traits_type::to_char_type(c));
}

std::streamsize StreamRecord::Tee::xsputn(const char* s, std::streamsize n) {
  copy_->sputn(s, n);
  return out_->sputn(s, n);
}

}  // namespace svcsim::cli
