#pragma once
// Files a run reads (presets, meta.json, plane and target files, .npy maps): checked before they
// are opened, so a FIFO cannot hang a run, a device cannot be read for ever, and a hostile JSON
// file (huge, deeply nested, with NUL bytes) is one clear error instead of a crash.
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace gdchaos {

/// JSON inputs larger than this are refused (a meta.json of a big render is a few kB).
inline constexpr std::int64_t kMaxJsonBytes = 64 << 20;
/// Arrays and objects nested deeper than this are refused (recipes nest three levels).
inline constexpr int kMaxJsonDepth = 64;

/// Throws InputError ("WHAT PATH: …") unless `path` names a regular file (after symlinks) that
/// this process can read. `what` names the flag or role, e.g. "`preset`".
void check_input_file(const std::filesystem::path& path, const std::string& what);

/// Parses `text` as JSON within the bounds above. Throws InputError naming `where`.
nlohmann::json parse_json_text(const std::string& text, const std::string& where);

/// check_input_file, then the whole file through parse_json_text.
nlohmann::json read_json_file(const std::filesystem::path& path, const std::string& what);

}  // namespace gdchaos
