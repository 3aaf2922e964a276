#pragma once
// Where an output may go, and the one way it gets there. Shared by OutputDir and OutputFile:
//  - the checks made before any work (nothing is created by them);
//  - a staging directory, a hidden sibling of the destination, locked while its run lives, so a
//    second run into the same place is refused and a killed run's leftovers are recognised;
//  - the commit: renameat2 with RENAME_NOREPLACE when the destination was absent, or
//    RENAME_EXCHANGE followed by a check of what was swapped out (and a swap back when it is not
//    what was checked at the start), so nothing that appeared meanwhile is ever removed.
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "gdchaos/io/manifest.hpp"

namespace gdchaos {

/// What the destination held when the run started.
enum class Destination { absent, empty_directory, earlier_output };

/// The destination as an absolute, normalised path ("out/" and "out" are one place).
std::filesystem::path normalized_output_path(const std::filesystem::path& p);

/// Throws InputError unless output may be created at `target` (absolute, normalised): its name
/// leaves room for the staging name, its nearest existing ancestor is a writable directory, and
/// it is not `/`, the current directory or one of its ancestors, $HOME or one of its ancestors,
/// a mount point, a symlink, or anything but a directory (`directory`) or a regular file. `flag`
/// names the option in messages (e.g. "`out`").
void check_output_place(const std::filesystem::path& target, bool directory, const std::string& flag);

/// Throws InputError when one of `inputs` (files or directories this run reads) is `target` or
/// lies inside it.
void check_not_an_input(const std::filesystem::path& target, const std::vector<std::filesystem::path>& inputs,
                        const std::string& flag);

/// Identity of what was at the destination when the run started (for the commit's check).
struct DestinationState {
  Destination kind = Destination::absent;
  dev_t dev = 0;
  ino_t ino = 0;
  Manifest manifest;  ///< earlier_output: what may be replaced
};

/// The file that makes a staging directory resumable: one JSON line per finished piece of work
/// (output/basin_checkpoint.hpp). It never reaches a committed output.
inline constexpr const char* kCheckpointName = ".gdchaos-checkpoint.jsonl";

/// A hidden, locked sibling of `target` to write into: .NAME.partial-PID-RANDOM. Creating it
/// removes the leftovers of dead runs into the same place and refuses (InputError) while another
/// live run writes there. A dead run's leftover that holds a checkpoint is resumable: it is kept
/// (with a note on stderr), adopted as this run's staging directory when `resume` asks for it,
/// and removed once a run into the same place commits. The missing parents of `target` are
/// created, and removed again (when still empty) if the staging area is destroyed uncommitted; an
/// adopted directory is never removed uncommitted (its checkpoint still says what it holds).
class Staging {
 public:
  Staging(const std::filesystem::path& target, const std::string& flag, bool resume = false);
  ~Staging();
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// True when path() is an interrupted run's directory, adopted to resume it.
  bool adopted() const { return adopted_; }
  /// Drops the marker that lets a later run clean this directory up: call it right before the
  /// staging directory itself becomes the output.
  void release_marker();
  /// Moves `source` (path() itself, or a file inside it) to `target` atomically: when
  /// `before.kind` is absent, only if nothing is at `target` now; otherwise by exchanging the two
  /// and checking that what came out is still what `before` describes, swapping back and throwing
  /// std::runtime_error (exit 1) when it is not. What came out is then removed: only the entries
  /// of its manifest, never anything else.
  void commit(const std::filesystem::path& source, const std::filesystem::path& target,
              const DestinationState& before, bool directory, const std::string& flag);

 private:
  void discard();
  /// Removes the dead runs' staging directories of `target_`, keeping resumable ones when
  /// `keep_resumable`; returns the resumable ones kept, each with its lock held (fd), newest first.
  std::vector<std::pair<std::filesystem::path, int>> sweep(bool keep_resumable, const std::string& flag);

  std::filesystem::path target_;
  std::filesystem::path path_;
  std::vector<std::filesystem::path> created_parents_;  ///< deepest first
  int lock_fd_ = -1;
  bool owned_ = true;
  bool adopted_ = false;
};


}  // namespace gdchaos
