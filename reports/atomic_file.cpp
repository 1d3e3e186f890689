#include "reports/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <system_error>

namespace cmsim::reports {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path, int err) {
  // generic_category().message is the thread-safe spelling of strerror.
  throw std::runtime_error(what + " " + path.string() + ": " +
                           std::generic_category().message(err));
}

// Returns 0 or the errno of the first failed write; loops because write() may be partial.
int write_all(int fd, std::string_view content) {
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  return 0;
}

// Returns 0 or the errno of the failure. No fsync: the guarantee wanted is that readers
// never see a partial file, which rename() gives; durability across power loss is not
// worth an fsync per file in a sweep of thousands of runs.
int write_temp(const std::filesystem::path& tmp, std::string_view content) {
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return errno;
  const int write_err = write_all(fd, content);
  // close() can report a deferred write error (e.g. NFS, full disk), so it counts too.
  const int close_err = ::close(fd) == 0 ? 0 : errno;
  return write_err != 0 ? write_err : close_err;
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid());

  if (const int err = write_temp(tmp, content); err != 0) {
    ::unlink(tmp.c_str());
    fail("cannot write", path, err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail("cannot replace", path, err);
  }
}

}  // namespace cmsim::reports
