// Writing a command's output files from the command line: as one set (all or
// none, see write_files_as_set) with SIGINT and SIGTERM held back, so that a
// signal never leaves a temporary file; the record of what was said on
// standard error, for a refused run's JUnit file; the JUnit timestamp.
#pragma once

#include <initializer_list>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <utility>
#include <vector>

#include "svcsim/report.hpp"

namespace svcsim::cli {

/// Writes `files` as a set with the stop signals held; prints the problem on
/// std::cerr. True when every file was written.
bool write_output_set(const std::vector<OutputFile>& files);

/// Whether one of `paths` is standard output (`-`, /dev/stdout): the terminal
/// report then stays off it, so that the file can be read from a pipe.
bool writes_to_stdout(std::initializer_list<const std::string*> paths);

/// A command's output options that name the same file (or both standard
/// output): "--json and --csv both name 'x'…", else empty. One would
/// overwrite the other, so the command is refused before it runs.
std::string same_file_twice(std::initializer_list<std::pair<const char*, const std::string*>> outputs);

/// The wall-clock time now, UTC, as JUnit's `timestamp` (2026-12-06T08:00:00).
std::string junit_timestamp();

class StreamRecord;

/// k6's rule: a command refused before it ran (exit 2) still replaces its
/// JUnit file at `junit_path` (when given and writable) with one <error>
/// holding what was said on standard error. Returns kExitUsage (2).
int refuse_with_junit(const std::string& junit_path, const std::string& suite, const StreamRecord& said,
                      const std::string& timestamp);

/// Keeps a copy of what is written to `stream` while it lives (it still goes out).
class StreamRecord {
 public:
  explicit StreamRecord(std::ostream& stream);
  ~StreamRecord();
  StreamRecord(const StreamRecord&) = delete;
  StreamRecord& operator=(const StreamRecord&) = delete;

  std::string text() const { return copy_.str(); }

 private:
  class Tee : public std::streambuf {
   public:
    Tee(std::streambuf* out, std::stringbuf* copy) : out_(out), copy_(copy) {}

   protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override { return out_->pubsync(); }

   private:
    std::streambuf* out_;
    std::stringbuf* copy_;
  };

  std::ostream& stream_;
  std::streambuf* previous_;
  std::ostringstream copy_;
  Tee tee_;
};

}  // namespace svcsim::cli
