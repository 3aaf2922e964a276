#pragma once
// A single output file (a .npy of points, a plot and its record) written as safely as an output
// directory (io/output_dir.hpp): staged beside the destination, moved into place atomically, and
// replacing — with `force` — only a regular file that gdchaos wrote there and nobody changed since
// (its manifest is a hidden file beside it).
#include <filesystem>
#include <string>
#include <vector>

#include "gdchaos/io/output_target.hpp"

namespace gdchaos {

/// Checks, without creating anything, that `file` may be written (InputError otherwise).
DestinationState check_output_file(const std::filesystem::path& file, bool force,
                                   const std::vector<std::filesystem::path>& inputs = {},
                                   const std::string& flag = "`out`");

class OutputFile {
 public:
  OutputFile(const std::filesystem::path& file, bool force, const std::vector<std::filesystem::path>& inputs = {},
             const std::string& flag = "`out`");

  /// Where to write the file now (in the staging directory, with the destination's name).
  const std::filesystem::path& path() const { return staged_; }
  const std::filesystem::path& target() const { return target_; }
  /// Moves the file into place; throws std::runtime_error when the destination changed meanwhile.
  void commit();

 private:
  std::filesystem::path target_;
  std::string flag_;
  DestinationState before_;
  Staging staging_;
  std::filesystem::path staged_;
};

}  // namespace gdchaos
