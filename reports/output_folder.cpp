#include "reports/output_folder.hpp"

#include <fcntl.h>
#include <stdio.h>  // renameat2
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <system_error>

namespace cmsim::reports {
namespace {

namespace fs = std::filesystem;

std::string base_name(const fs::path& dir) { return dir.filename().string(); }

fs::path lock_path(const fs::path& dir) { return dir.parent_path() / ("." + base_name(dir) + ".cmsim-lock"); }

fs::path sibling(const fs::path& dir, const char* kind, pid_t pid) {
  return dir.parent_path() / (base_name(dir) + kind + std::to_string(pid));
}

[[noreturn]] void fail(const std::string& what, const fs::path& path) {
  throw fs::filesystem_error(what, path, std::error_code(errno, std::generic_category()));
}

pid_t read_holder(int fd) {
  char text[32] = {};
  const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  return n > 0 ? static_cast<pid_t>(std::atol(text)) : 0;
}

void write_holder(int fd) {
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size()))
    fail("cannot write the lock file", "");
}

// A folder without its trailing slash names itself, not an empty last component.
fs::path normalized(fs::path dir) {
  dir = dir.lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();
  if (dir.parent_path().empty()) dir = fs::path(".") / dir;
  return dir;
}

// Replacing DIR as a whole would delete whatever else it holds: only an empty folder or one
// that holds a cmsim run's outputs is replaced.
bool replaceable(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return true;
  if (!fs::is_directory(dir, ec)) return false;
  if (fs::is_empty(dir, ec)) return true;
  return fs::exists(dir / "report.json", ec) || fs::exists(dir / "run.json", ec);
}

}  // namespace

OutputFolderInUse::OutputFolderInUse(const fs::path& dir, pid_t pid)
    : std::runtime_error("the output folder " + dir.string() + " is in use by process " + std::to_string(pid) +
                         " (another cmsim run writing it); wait for it or choose another --out"),
      holder(pid) {}

NotAnOutputFolder::NotAnOutputFolder(const fs::path& dir)
    : std::runtime_error(dir.string() +
                         " holds files that are not a cmsim run's outputs, and a run replaces its "
                         "folder as a whole (expected a new or empty --out folder, or an earlier "
                         "run's)") {}

StagedOutputFolder::StagedOutputFolder(fs::path dir) : dir_(normalized(std::move(dir))) {
  fs::create_directories(dir_.parent_path());
  const fs::path lock = lock_path(dir_);
  lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) fail("cannot create the lock file", lock);
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const pid_t holder = read_holder(lock_fd_);
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw OutputFolderInUse(dir_, holder);
  }
  write_holder(lock_fd_);
  if (!replaceable(dir_)) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw NotAnOutputFolder(dir_);
  }
  remove_leftovers();
  staging_ = sibling(dir_, ".tmp-", ::getpid());
  fs::create_directory(staging_);
}

StagedOutputFolder::~StagedOutputFolder() {
  std::error_code ignored;
  if (!committed_ && !staging_.empty()) fs::remove_all(staging_, ignored);
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

// Holding the lock, nothing else writes this folder: every staging or old set beside it is
// what a killed run left.
void StagedOutputFolder::remove_leftovers() const {
  const std::string tmp = base_name(dir_) + ".tmp-";
  const std::string old = base_name(dir_) + ".old-";
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir_.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(tmp, 0) == 0 || name.rfind(old, 0) == 0) {
      std::error_code ignored;
      fs::remove_all(entry.path(), ignored);
    }
  }
}

void StagedOutputFolder::commit() {
  std::error_code ec;
  const bool had_old = fs::exists(dir_, ec);
  if (!had_old) {
    fs::rename(staging_, dir_);
  } else if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, dir_.c_str(), RENAME_EXCHANGE) == 0) {
    const fs::path old = sibling(dir_, ".old-", ::getpid());
    fs::rename(staging_, old);  // staging_ now holds the previous set
    committed_ = true;
    fs::remove_all(old, ec);
    return;
  } else {
    const fs::path old = sibling(dir_, ".old-", ::getpid());
    fs::rename(dir_, old);
    fs::rename(staging_, dir_);
    committed_ = true;
    fs::remove_all(old, ec);
    return;
  }
  committed_ = true;
}

}  // namespace cmsim::reports
