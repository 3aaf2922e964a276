#pragma once
// What gdchaos wrote: the files of an output (names, sizes, modification times), recorded when the
// output is committed. `--force` replaces an earlier output only while everything in it is what
// its manifest lists, so a file a user added or edited is never deleted.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gdchaos {

struct ManifestEntry {
  std::string name;        ///< path relative to the output's root, '/'-separated
  bool directory = false;
  std::uint64_t size = 0;  ///< files only
  std::int64_t mtime_ns = 0;
};

struct Manifest {
  std::vector<ManifestEntry> entries;  ///< parents before their children
};

/// The manifest of a directory output, inside it (not listed in itself).
inline constexpr const char* kManifestName = ".gdchaos-manifest.json";

/// The manifest of the single-file output `file`: a hidden file beside it.
std::filesystem::path sidecar_manifest_path(const std::filesystem::path& file);

/// Every file and directory under `root` (symlinks not followed). Throws std::runtime_error on
/// anything that is neither, which a gdchaos output never holds.
Manifest manifest_of_tree(const std::filesystem::path& root);
/// The entry for the regular file `file` alone, named by its file name.
Manifest manifest_of_file(const std::filesystem::path& file);

/// Writes `m` as JSON to `path`; throws std::runtime_error when the write fails.
void write_manifest(const std::filesystem::path& path, const Manifest& m);
/// The manifest at `path`, or nullopt when there is none or it is not one gdchaos wrote.
std::optional<Manifest> read_manifest(const std::filesystem::path& path);

/// `m` and the single-file outputs gdchaos wrote under `root` later (a plot saved into a basin
/// output, say): files whose sidecar manifest beside them still describes them, and those sidecars.
Manifest with_single_file_outputs(const std::filesystem::path& root, const Manifest& m);

/// The first thing under `root` that `m` does not account for, as a path relative to `root`:
/// a name it does not list, a file of another size or modification time, a symlink or device.
/// nullopt when the tree is exactly what `m` lists (the manifest file itself aside).
std::optional<std::string> unlisted_entry(const std::filesystem::path& root, const Manifest& m);

/// Removes the files and then the directories `m` lists under `root`, and the manifest file;
/// nothing else. Returns false when something was left behind (then `root` still exists).
bool remove_listed(const std::filesystem::path& root, const Manifest& m);

}  // namespace gdchaos
