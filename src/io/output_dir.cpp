#include "gdchaos/io/output_dir.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"

namespace gdchaos {

namespace fs = std::filesystem;

DestinationState check_output_dir(const fs::path& dir, bool force, const std::vector<fs::path>& inputs,
                                  const std::string& flag) {
  if (dir.empty()) throw InputError(flag + " needs a directory name");
  const fs::path target = normalized_output_path(dir);
  check_output_place(target, true, flag);
  DestinationState state;
  struct stat st {};
  if (::lstat(target.c_str(), &st) != 0) return state;  // absent (check_output_place saw ENOENT)
  state.dev = st.st_dev;
  state.ino = st.st_ino;
  std::error_code ec;
  if (fs::is_empty(target, ec) && !ec) {
    state.kind = Destination::empty_directory;
    return state;
  }
  const std::string where = flag + " " + dir.string();
  if (!force) throw InputError(where + " is not empty (`force` replaces earlier gdchaos output there)");
  check_not_an_input(target, inputs, flag);
  auto manifest = read_manifest(target / kManifestName);
  if (manifest) manifest = with_single_file_outputs(target, *manifest);
  if (!manifest)
    throw InputError(where + " holds no gdchaos manifest, so it is not output gdchaos wrote; refusing to replace it "
                             "(remove it yourself, or choose another `out`)");
  if (const auto stray = unlisted_entry(target, *manifest))
    throw InputError(where + ": " + *stray + " is not part of the gdchaos output there (added or changed since); "
                             "refusing to replace it");
  state.kind = Destination::earlier_output;
  state.manifest = *manifest;
  return state;
}

OutputDir::OutputDir(const fs::path& dir, bool force, const std::vector<fs::path>& inputs, const std::string& flag,
                     bool resume)
    : target_(normalized_output_path(dir)),
      flag_(flag),
      before_(check_output_dir(dir, force, inputs, flag)),
      staging_(target_, flag, resume) {}

void OutputDir::write_json(const std::string& name, const nlohmann::json& j) const {
  std::ofstream out(path() / name);
  out << j.dump(2) << '\n';
  close_checked(out, path() / name);
}

void OutputDir::commit() {
  staging_.release_marker();
  write_manifest(path() / kManifestName, manifest_of_tree(path()));
  staging_.commit(path(), target_, before_, true, flag_);
}

void close_checked(std::ofstream& out, const fs::path& path) {
  if (out.is_open()) out.close();
  if (!out) throw std::runtime_error("error writing " + path.string() + " (is the disk full?)");
}

void require_disk_space(const fs::path& dir, std::int64_t bytes) {
  fs::path probe = normalized_output_path(dir);
  std::error_code ec;
  while (!fs::exists(probe, ec) && probe.has_relative_path()) probe = probe.parent_path();
  const auto space = fs::space(probe, ec);
  if (ec) return;  // unknown: the writes will report a full disk
  if (static_cast<std::uintmax_t>(bytes) > space.available)
    throw InputError("the output needs " + std::to_string(bytes >> 20) + " MiB on disk, " +
                     std::to_string(space.available >> 20) + " MiB are free under " + probe.string());
}

}  // namespace gdchaos
