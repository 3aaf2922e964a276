#pragma once
// An output directory that appears complete or not at all: files are written into a hidden
// temporary sibling, which commit() renames into place (replacing an existing directory only when
// forced). Destroyed without commit(), the temporary is removed.
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace gdchaos {

class AtomicDir {
 public:
  /// Throws InputError when `dir` exists and is not an empty directory (unless `force`), or
  /// cannot be created.
  AtomicDir(const std::filesystem::path& dir, bool force);
  ~AtomicDir();
  AtomicDir(const AtomicDir&) = delete;
  AtomicDir& operator=(const AtomicDir&) = delete;

  /// Where to write the files now.
  const std::filesystem::path& path() const { return tmp_; }
  /// Writes `j` (indented) to path()/name, checking the stream.
  void write_json(const std::string& name, const nlohmann::json& j) const;
  void commit();

 private:
  std::filesystem::path target_, tmp_;
  bool committed_ = false;
};

/// Throws InputError when `dir` exists and is not an empty directory, unless `force`, or when it
/// could not be created. Writes nothing: call it before long work.
void check_output_dir(const std::filesystem::path& dir, bool force);

/// Throws InputError when the file system that will hold `dir` has less than `bytes` free.
void require_disk_space(const std::filesystem::path& dir, std::int64_t bytes);

}  // namespace gdchaos
