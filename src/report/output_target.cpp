// Output paths resolved (see output_target.hpp): symbolic links are followed
// to the file they name, so writing replaces that file and keeps the link;
// anything that is neither a file nor a folder is written in place.
#include "report/output_target.hpp"

#include <cerrno>
#include <filesystem>
#include <system_error>

#include <unistd.h>

namespace svcsim::detail {
namespace {

namespace fs = std::filesystem;

/// Links followed at most (Linux's own limit for a path is 40).
constexpr int kMaxLinks = 40;

std::string folder_of(const fs::path& path) {
  const std::string parent = path.parent_path().string();
  return parent.empty() ? "." : parent;
}

std::string cannot(const std::string& path, const std::string& why) { return "cannot write '" + path + "': " + why; }

// The folder that will hold the new file must exist and be writable.
std::string folder_problem(const std::string& given, const fs::path& file) {
  const std::string folder = folder_of(file);
  std::error_code ec;
  const auto status = fs::status(folder, ec);
  if (!fs::exists(status)) return cannot(given, "folder '" + folder + "' does not exist");
  if (!fs::is_directory(status)) return cannot(given, "'" + folder + "' is not a folder");
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    return cannot(given, "folder '" + folder + "': " + std::system_category().message(errno));
  return {};
}

}  // namespace

OutputTarget resolve_output(const std::string& path) {
  OutputTarget target;
  if (path.empty()) {
    target.problem = "cannot write '': the path is empty";
    return target;
  }
  if (path == "-" || path == "/dev/stdout") {
    target.kind = OutputTarget::Kind::standard_output;
    return target;
  }
  // Follow the links one by one (a dangling one names the file to create).
  fs::path resolved = path;
  std::error_code ec;
  int links = 0;
  for (; fs::is_symlink(fs::symlink_status(resolved, ec)); ++links) {
    if (links == kMaxLinks) {
      target.problem = cannot(path, "too many levels of symbolic links");
      return target;
    }
    const fs::path next = fs::read_symlink(resolved, ec);
    if (ec) {
      target.problem = cannot(path, ec.message());
      return target;
    }
    resolved = next.is_absolute() ? next : resolved.parent_path() / next;
  }
  target.path = resolved.string();
  const auto status = fs::status(resolved, ec);
  if (fs::is_directory(status)) {
    target.problem = cannot(path, links > 0 ? "it links to a folder, '" + target.path + "'" : "it is a folder");
  } else if (fs::exists(status) && !fs::is_regular_file(status)) {
    // A device, a FIFO or a socket: written in place, never replaced.
    target.kind = OutputTarget::Kind::stream;
    if (::access(target.path.c_str(), W_OK) != 0) target.problem = cannot(path, std::system_category().message(errno));
  } else {
    target.problem = folder_problem(path, resolved);
  }
  return target;
}

}  // namespace svcsim::detail
