#pragma once
// An output directory that appears complete or not at all, and never at the cost of a user's
// file. Files are written into a staging directory beside the destination (io/output_target.hpp);
// commit() records them in a manifest and moves the directory into place atomically. The
// destination may be absent, an empty directory, or — with `force` — an earlier gdchaos output
// that still holds exactly what its manifest lists; anything else is refused before any work.
// Destroyed without commit(), the staging directory is removed.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "gdchaos/io/output_target.hpp"

namespace gdchaos {

/// Checks, without creating anything, that a directory output may go to `dir` (InputError
/// otherwise, naming the reason or the file that is in the way) and returns what is there now.
/// `inputs` are the files and directories the run reads: none may be inside `dir`.
DestinationState check_output_dir(const std::filesystem::path& dir, bool force,
                                  const std::vector<std::filesystem::path>& inputs = {},
                                  const std::string& flag = "`out`");

class OutputDir {
 public:
  /// check_output_dir, then the staging directory. Throws InputError. With `resume`, the staging
  /// directory of the newest interrupted run into `dir` that left a checkpoint is taken over
  /// (resumed() says whether there was one); without it, such directories are kept (a note on
  /// stderr says so) until a run into `dir` commits.
  OutputDir(const std::filesystem::path& dir, bool force, const std::vector<std::filesystem::path>& inputs = {},
            const std::string& flag = "`out`", bool resume = false);

  /// True when path() holds an interrupted run's files, to be finished.
  bool resumed() const { return staging_.adopted(); }

  /// Where to write the files now.
  const std::filesystem::path& path() const { return staging_.path(); }
  /// The destination, absolute.
  const std::filesystem::path& target() const { return target_; }
  /// Writes `j` (indented) to path()/name; throws std::runtime_error when the write fails.
  void write_json(const std::string& name, const nlohmann::json& j) const;
  /// Moves the directory into place. Throws std::runtime_error (nothing replaced) when the
  /// destination changed since the start.
  void commit();

 private:
  std::filesystem::path target_;
  std::string flag_;
  DestinationState before_;
  Staging staging_;
};

/// Closes `out` and throws std::runtime_error naming `path` when any write to it failed (a full
/// disk shows up at the flush).
void close_checked(std::ofstream& out, const std::filesystem::path& path);

/// Throws InputError when the file system that will hold `dir` has less than `bytes` free.
void require_disk_space(const std::filesystem::path& dir, std::int64_t bytes);

}  // namespace gdchaos
