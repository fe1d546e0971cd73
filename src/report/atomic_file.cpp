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

bool write_all(int fd, const std::string& content) {
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
  if (std::string problem = check_output_folder(path); !problem.empty()) return problem;
  std::string temp_path;
  const int fd = create_temporary(path, temp_path);
  if (fd < 0) return "cannot write '" + path + "': " + system_error_text(errno);
  // fsync before rename: after a crash the target is the old file or the new one, never a truncated one.
  const bool written = write_all(fd, content) && ::fsync(fd) == 0;
  const int write_errno = errno;
  const bool closed = ::close(fd) == 0;
  if (!written || !closed) {
    const int err = written ? errno : write_errno;
    ::unlink(temp_path.c_str());
    return "cannot write '" + path + "': " + system_error_text(err);
  }
  if (::rename(temp_path.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp_path.c_str());
    return "cannot write '" + path + "': " + system_error_text(err);
  }
  return {};
}

}  // namespace svcsim
