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
  throw std::runtime_error(what + " " + path.string() + ": " + std::generic_category().message(err));
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

}  // namespace

AtomicFileWriter::AtomicFileWriter(std::filesystem::path path) : path_(std::move(path)) {
  tmp_ = path_;
  tmp_ += ".tmp-" + std::to_string(::getpid());
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) fail("cannot write", path_, errno);
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(tmp_.c_str());
}

void AtomicFileWriter::write(std::string_view content) {
  if (const int err = write_all(fd_, content); err != 0) fail("cannot write", path_, err);
}

// No fsync: the guarantee wanted is that readers never see a partial file, which rename()
// gives; durability across power loss is not worth an fsync per file in a sweep of
// thousands of runs. close() can report a deferred write error (NFS, a full disk).
void AtomicFileWriter::commit() {
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp_.c_str());
    fail("cannot write", path_, err);
  }
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp_.c_str());
    fail("cannot replace", path_, err);
  }
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  AtomicFileWriter file(path);
  file.write(content);
  file.commit();
}

void write_file_in_place(const std::filesystem::path& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot write", path, errno);
  const int write_err = write_all(fd, content);
  const int close_err = ::close(fd) == 0 ? 0 : errno;
  if (write_err != 0 || close_err != 0) fail("cannot write", path, write_err != 0 ? write_err : close_err);
}

void write_file_streamed(const std::filesystem::path& path, const std::function<void(const TextDrain&)>& write) {
  AtomicFileWriter file(path);
  write([&file](std::string_view chunk) { file.write(chunk); });
  file.commit();
}

}  // namespace cmsim::reports
