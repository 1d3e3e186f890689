// A run's output folder as one unit (docs/scenario.md §4): the whole set is written into a
// staging folder beside it and swapped in with one atomic rename, so a reader sees the
// complete old set or the complete new one, never a mix; a second run into a folder in use is
// refused; what a killed run left behind is removed by the next run into the same folder.
// `cmsim test --out` and `cmsim compare --out` write their folders the same way.
//
// Beside DIR (same parent, so renames stay on one file system):
//   .<name>.cmsim-lock   held with flock() while a run owns DIR; holds that run's pid
//   <name>.tmp-<pid>     the staging folder being written
//   <name>.old-<pid>     the previous set, between the swap and its removal
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace cmsim::reports {

// Another process holds the folder.
class OutputFolderInUse : public std::runtime_error {
 public:
  OutputFolderInUse(const std::filesystem::path& dir, pid_t holder);
  pid_t holder;
};

// Which command's outputs DIR holds: only a folder of those (or an empty one) is replaced.
enum class OutputKind {
  kRun,      // report.json or run.json
  kTest,     // only folders that are each a run's outputs, one per scenario
  kCompare,  // compare.json or compare.html
};

// DIR exists and holds something other than that command's outputs: replacing it would
// delete the user's files.
class NotAnOutputFolder : public std::runtime_error {
 public:
  explicit NotAnOutputFolder(const std::filesystem::path& dir, OutputKind kind = OutputKind::kRun);
};

class StagedOutputFolder {
 public:
  // Creates DIR's parent, takes the lock (throws OutputFolderInUse), checks that DIR may be
  // replaced by `kind`'s outputs (throws NotAnOutputFolder), removes leftovers of earlier
  // runs and creates an empty staging folder. Throws filesystem_error on I/O errors.
  explicit StagedOutputFolder(std::filesystem::path dir, OutputKind kind = OutputKind::kRun);
  ~StagedOutputFolder();  // removes the staging folder unless committed; releases the lock
  StagedOutputFolder(const StagedOutputFolder&) = delete;
  StagedOutputFolder& operator=(const StagedOutputFolder&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  const std::filesystem::path& staging() const { return staging_; }
  // Puts the staging folder in DIR's place: an atomic exchange where the file system has one
  // (renameat2 RENAME_EXCHANGE), else DIR moves aside first (then DIR is briefly absent,
  // still never a mix). The previous set is then removed.
  void commit();

 private:
  void remove_leftovers() const;

  std::filesystem::path dir_;
  std::filesystem::path staging_;
  int lock_fd_ = -1;
  bool committed_ = false;
};

// DIR taken for `kind`'s outputs, or nullptr with `why` (in use, not such a folder, not
// writable): the user's to fix (exit 2), found before anything is simulated.
std::unique_ptr<StagedOutputFolder> take_output_folder(const std::filesystem::path& dir, OutputKind kind,
                                                       std::string& why);

}  // namespace cmsim::reports
