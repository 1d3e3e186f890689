// Output files are replaced in one step, so a reader (or a crash mid-run) never sees a
// half-written report: either the old file or the complete new one.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace cmsim::reports {

// A file written in pieces and published in one step. Content goes to "<path>.tmp-<pid>"
// next to `path` (rename() is only atomic within one file system); commit() renames it
// over `path`. Destroyed without commit() (an exception on the way), the temporary is
// removed and `path` is untouched. Failures throw std::runtime_error naming the path and
// the system's reason.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(std::filesystem::path path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(std::string_view content);
  void commit();

 private:
  std::filesystem::path path_;
  std::filesystem::path tmp_;
  int fd_ = -1;
};

// Writes `content` to `path` through an AtomicFileWriter.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// Writes `content` to `path` directly, for a file inside a folder that no reader sees yet
// (the folder itself is put in place in one step). Throws like AtomicFileWriter.
void write_file_in_place(const std::filesystem::path& path, std::string_view content);

// Where a writer's finished text goes, piece by piece, in order.
using TextDrain = std::function<void(std::string_view)>;

// Text built record by record and handed to a drain in chunks of about kChunkBytes, so a
// table or report of any length needs one chunk of memory. Writers append to text() and
// call record_done() after each whole record; finish() hands over the rest.
class ChunkedText {
 public:
  static constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

  explicit ChunkedText(TextDrain drain) : drain_(std::move(drain)) { text_.reserve(kChunkBytes + 4096); }
  std::string& text() { return text_; }
  void record_done() {
    if (text_.size() >= kChunkBytes) flush();
  }
  void finish() { flush(); }

 private:
  void flush() {
    if (!text_.empty()) drain_(text_);
    text_.clear();
  }

  TextDrain drain_;
  std::string text_;
};

// Runs `write` with a drain into `path`, published atomically when `write` returns.
void write_file_streamed(const std::filesystem::path& path, const std::function<void(const TextDrain&)>& write);

}  // namespace cmsim::reports
