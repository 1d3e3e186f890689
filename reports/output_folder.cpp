#include "reports/output_folder.hpp"

#include <fcntl.h>
#include <stdio.h>  // renameat2
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <initializer_list>
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

bool holds_any(const fs::path& dir, std::initializer_list<const char*> names) {
  std::error_code ec;
  for (const char* name : names)
    if (fs::exists(dir / name, ec)) return true;
  return false;
}

bool holds_run_outputs(const fs::path& dir) { return holds_any(dir, {"report.json", "run.json"}); }

// `test --out` keeps one run folder per scenario and, with --baseline, baseline.json.
bool holds_only_run_folders(const fs::path& dir) {
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().filename() == "baseline.json" && entry.is_regular_file(ec)) continue;
    if (!entry.is_directory(ec) || !holds_run_outputs(entry.path())) return false;
  }
  return !ec;
}

bool holds_outputs_of(const fs::path& dir, OutputKind kind) {
  switch (kind) {
    case OutputKind::kTest:
      return holds_only_run_folders(dir);
    case OutputKind::kCompare:
      return holds_any(dir, {"compare.json", "compare.html"});
    case OutputKind::kRun:
      break;
  }
  return holds_run_outputs(dir);
}

// Replacing DIR as a whole would delete whatever else it holds: only an empty folder or one
// that holds that command's outputs is replaced.
bool replaceable(const fs::path& dir, OutputKind kind) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return true;
  if (!fs::is_directory(dir, ec)) return false;
  if (fs::is_empty(dir, ec)) return true;
  return holds_outputs_of(dir, kind);
}

const char* command_noun(OutputKind kind) {
  switch (kind) {
    case OutputKind::kTest:
      return "test";
    case OutputKind::kCompare:
      return "compare";
    case OutputKind::kRun:
      break;
  }
  return "run";
}

}  // namespace

OutputFolderInUse::OutputFolderInUse(const fs::path& dir, pid_t pid)
    : std::runtime_error("the output folder " + dir.string() + " is in use by process " + std::to_string(pid) +
                         " (another cmsim run writing it); wait for it or choose another --out"),
      holder(pid) {}

NotAnOutputFolder::NotAnOutputFolder(const fs::path& dir, OutputKind kind)
    : std::runtime_error(dir.string() + " holds files that are not a cmsim " + command_noun(kind) +
                         "'s outputs, and a " + command_noun(kind) +
                         " replaces its folder as a whole (expected a new or empty --out folder, " + "or an earlier " +
                         command_noun(kind) + "'s)") {}

StagedOutputFolder::StagedOutputFolder(fs::path dir, OutputKind kind) : dir_(normalized(std::move(dir))) {
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
  if (!replaceable(dir_, kind)) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw NotAnOutputFolder(dir_, kind);
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

std::unique_ptr<StagedOutputFolder> take_output_folder(const fs::path& dir, OutputKind kind, std::string& why) {
  try {
    auto staged = std::make_unique<StagedOutputFolder>(dir, kind);
    if (::access(staged->staging().c_str(), W_OK) != 0) throw std::runtime_error("permission denied");
    return staged;
  } catch (const OutputFolderInUse& e) {
    why = e.what();
  } catch (const NotAnOutputFolder& e) {
    why = e.what();
  } catch (const std::exception& e) {
    why = "cannot write the outputs to " + dir.string() + ": " + e.what() + " (expected a writable --out folder)";
  }
  return nullptr;
}

}  // namespace cmsim::reports
