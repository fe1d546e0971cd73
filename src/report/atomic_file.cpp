// Results files are written whole or not at all: the content goes to a
// temporary file in the target's own folder (so the rename cannot cross file
// systems), which is then renamed over the target.
#include <cerrno>
#include <system_error>
#include <filesystem>
#include <string>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include "svcsim/report.hpp"

namespace svcsim {
namespace {

namespace fs = std::filesystem;

std::string folder_of(const std::string& path) {
  const std::string parent = fs::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

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

}  // namespace

std::string check_output_folder(const std::string& path) {
  if (path.empty()) return "cannot write '': the path is empty";
  const std::string folder = folder_of(path);
  std::error_code ec;
  const auto status = fs::status(folder, ec);
  if (!fs::exists(status)) return "cannot write '" + path + "': folder '" + folder + "' does not exist";
  if (!fs::is_directory(status)) return "cannot write '" + path + "': '" + folder + "' is not a folder";
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    return "cannot write '" + path + "': folder '" + folder + "': " + system_error_text(errno);
  if (fs::is_directory(fs::status(path, ec))) return "cannot write '" + path + "': it is a folder";
  return {};
}

std::string write_file_atomically(const std::string& path, const std::string& content) {
  AtomicFileWriter file;
  if (std::string problem = file.open(path); !problem.empty()) return problem;
  file.append(content);
  return file.commit();
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(temp_path_.c_str());
}

std::string AtomicFileWriter::open(const std::string& path) {
  if (std::string problem = check_output_folder(path); !problem.empty()) return problem;
  path_ = path;
  fd_ = create_temporary(path, temp_path_);
  if (fd_ < 0) return "cannot write '" + path + "': " + system_error_text(errno);
  return {};
}

void AtomicFileWriter::append(std::string_view piece) {
  if (fd_ >= 0 && error_ == 0 && !write_all(fd_, piece)) error_ = errno;
}

std::string AtomicFileWriter::commit() {
  if (fd_ < 0) return "cannot write '" + path_ + "': not open";
  // fsync before rename: after a crash the target is the old file or the new one, never a truncated one.
  if (error_ == 0 && ::fsync(fd_) != 0) error_ = errno;
  const bool closed = ::close(fd_) == 0;
  if (error_ == 0 && !closed) error_ = errno;
  fd_ = -1;
  if (error_ == 0 && ::rename(temp_path_.c_str(), path_.c_str()) != 0) error_ = errno;
  if (error_ != 0) {
    ::unlink(temp_path_.c_str());
    return "cannot write '" + path_ + "': " + system_error_text(error_);
  }
  return {};
}

}  // namespace svcsim
