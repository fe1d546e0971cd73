// Output files are written whole or not at all (AtomicFileWriter, for one
// file written in pieces, the same way), and the files of one command as a set: every file's content first goes to a temporary file in its
// target's own folder (so the rename cannot cross file systems); streams
// (standard output, a device, a FIFO) are written next; only when all of
// that succeeded are the temporary files renamed over their targets. On any
// failure the temporary files, and the targets this set already renamed, are
// removed: none of the set is left.
#include <cerrno>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include "report/output_target.hpp"
#include "svcsim/report.hpp"

namespace svcsim {
namespace {

namespace fs = std::filesystem;
using detail::OutputTarget;

std::string system_error_text(int err) { return std::system_category().message(err); }

bool write_all(int fd, std::string_view content) {
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

// A fresh name next to the target. O_EXCL makes the creation itself the
// uniqueness check, so no counter or random state is needed.
int create_temporary(const std::string& path, std::string& temp_path) {
  const fs::path target(path);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const std::string name = fmt::format(".{}.tmp-{}-{}", target.filename().string(), ::getpid(), attempt);
    temp_path = (target.parent_path() / name).string();
    const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

// The content in a temporary file next to `target`, synced; its path, or the error number.
int stage(const std::string& target, const std::string& content, std::string& temp_path) {
  const int fd = create_temporary(target, temp_path);
  if (fd < 0) {
    temp_path.clear();
    return errno;
  }
  // fsync before rename: after a crash the target is the old file or the new one, never a truncated one.
  const bool written = write_all(fd, content) && ::fsync(fd) == 0;
  const int write_errno = errno;
  const bool closed = ::close(fd) == 0;
  if (written && closed) return 0;
  const int err = written ? errno : write_errno;
  ::unlink(temp_path.c_str());
  temp_path.clear();
  return err;
}

// Standard output, a device or a FIFO: opened and written in place.
int write_stream(const OutputTarget& target, const std::string& content) {
  if (target.kind == OutputTarget::Kind::standard_output) {
    std::fflush(stdout);  // what the program printed before comes first
    return write_all(STDOUT_FILENO, content) ? 0 : errno;
  }
  const int fd = ::open(target.path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return errno;
  const bool written = write_all(fd, content);
  const int write_errno = errno;
  const bool closed = ::close(fd) == 0;
  return written ? (closed ? 0 : errno) : write_errno;
}

// One file of the set on its way out.
struct Pending {
  const OutputFile* file = nullptr;
  OutputTarget target;
  std::string temp_path;  // a staged file's temporary file, until renamed
  bool renamed = false;
};

// Removes what this set left: temporary files and targets already renamed.
void discard(std::vector<Pending>& set) {
  for (Pending& p : set) {
    if (!p.temp_path.empty()) ::unlink(p.temp_path.c_str());
    if (p.renamed) ::unlink(p.target.path.c_str());
  }
}

std::string problem_of(const Pending& p, int err) { return "cannot write '" + p.file->path + "': " + system_error_text(err); }

}  // namespace

std::string check_output_folder(const std::string& path) { return detail::resolve_output(path).problem; }

std::string write_files_as_set(const std::vector<OutputFile>& files) {
  std::vector<Pending> set;
  for (const OutputFile& f : files) {
    Pending p{&f, detail::resolve_output(f.path), {}, false};
    if (!p.target.problem.empty()) return p.target.problem;
    set.push_back(std::move(p));
  }
  for (Pending& p : set) {
    if (p.target.kind != OutputTarget::Kind::file) continue;
    if (const int err = stage(p.target.path, p.file->content, p.temp_path); err != 0) {
      discard(set);
      return problem_of(p, err);
    }
  }
  for (Pending& p : set) {
    if (p.target.kind == OutputTarget::Kind::file) continue;
    if (const int err = write_stream(p.target, p.file->content); err != 0) {
      discard(set);
      return problem_of(p, err);
    }
  }
  for (Pending& p : set) {
    if (p.target.kind != OutputTarget::Kind::file) continue;
    if (::rename(p.temp_path.c_str(), p.target.path.c_str()) != 0) {
      const int err = errno;
      discard(set);
      return problem_of(p, err);
    }
    p.temp_path.clear();
    p.renamed = true;
  }
  return {};
}

std::string write_file_atomically(const std::string& path, const std::string& content) {
  return write_files_as_set({OutputFile{path, content}});
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ < 0) return;
  if (fd_ != STDOUT_FILENO) ::close(fd_);
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
}

std::string AtomicFileWriter::open(const std::string& path) {
  const OutputTarget target = detail::resolve_output(path);
  if (!target.problem.empty()) return target.problem;
  path_ = path;
  target_path_ = target.path;
  if (target.kind == OutputTarget::Kind::standard_output) {
    std::fflush(stdout);  // what the program printed before comes first
    fd_ = STDOUT_FILENO;
    return {};
  }
  if (target.kind == OutputTarget::Kind::stream) {  // a device or FIFO: written in place
    fd_ = ::open(target.path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  } else {
    fd_ = create_temporary(target.path, temp_path_);
  }
  if (fd_ < 0) {
    temp_path_.clear();
    return "cannot write '" + path + "': " + system_error_text(errno);
  }
  return {};
}

void AtomicFileWriter::append(std::string_view piece) {
  if (fd_ >= 0 && error_ == 0 && !write_all(fd_, piece)) error_ = errno;
}

std::string AtomicFileWriter::commit() {
  if (fd_ < 0) return "cannot write '" + path_ + "': not open";
  if (fd_ == STDOUT_FILENO) {
    fd_ = -1;
    return error_ == 0 ? std::string() : "cannot write '" + path_ + "': " + system_error_text(error_);
  }
  // fsync before rename: after a crash the target is the old file or the new one, never a truncated one.
  if (error_ == 0 && !temp_path_.empty() && ::fsync(fd_) != 0) error_ = errno;
  const bool closed = ::close(fd_) == 0;
  if (error_ == 0 && !closed) error_ = errno;
  fd_ = -1;
  if (error_ == 0 && !temp_path_.empty() && ::rename(temp_path_.c_str(), target_path_.c_str()) != 0) error_ = errno;
  if (!temp_path_.empty() && error_ != 0) ::unlink(temp_path_.c_str());
  temp_path_.clear();
  if (error_ != 0) return "cannot write '" + path_ + "': " + system_error_text(error_);
  return {};
}

}  // namespace svcsim
