#include "gdchaos/io/output_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "gdchaos/core/error.hpp"

namespace gdchaos {

namespace fs = std::filesystem;

DestinationState check_output_file(const fs::path& file, bool force, const std::vector<fs::path>& inputs,
                                   const std::string& flag) {
  if (file.empty()) throw InputError(flag + " needs a file name");
  const fs::path target = normalized_output_path(file);
  check_output_place(target, false, flag);
  // A single file goes into an existing directory (a typo in its folder is more likely than intent).
  std::error_code ec;
  if (!std::filesystem::is_directory(target.parent_path(), ec))
    throw InputError(flag + " " + file.string() + ": no directory " + target.parent_path().string());
  check_not_an_input(target, inputs, flag);
  DestinationState state;
  struct stat st {};
  if (::lstat(target.c_str(), &st) != 0) return state;
  const std::string where = flag + " " + file.string();
  if (!force) throw InputError(where + " exists (`force` replaces a file gdchaos wrote there)");
  const auto manifest = read_manifest(sidecar_manifest_path(target));
  if (!manifest || manifest->entries.size() != 1 || manifest->entries[0].name != target.filename().string() ||
      manifest_of_file(target).entries[0].size != manifest->entries[0].size ||
      manifest_of_file(target).entries[0].mtime_ns != manifest->entries[0].mtime_ns)
    throw InputError(where + " was not written by gdchaos, or was changed since; refusing to replace it");
  state.kind = Destination::earlier_output;
  state.dev = st.st_dev;
  state.ino = st.st_ino;
  state.manifest = *manifest;
  return state;
}

OutputFile::OutputFile(const fs::path& file, bool force, const std::vector<fs::path>& inputs, const std::string& flag)
    : target_(normalized_output_path(file)),
      flag_(flag),
      before_(check_output_file(file, force, inputs, flag)),
      staging_(target_, flag),
      staged_(staging_.path() / target_.filename()) {}

void OutputFile::commit() {
  struct stat staged {};
  if (::lstat(staged_.c_str(), &staged) != 0)
    throw std::runtime_error(flag_ + " " + target_.string() + ": nothing was written (the step that makes it produced no file)");
  const fs::path sidecar = sidecar_manifest_path(target_);
  const fs::path staged_sidecar = staging_.path() / sidecar.filename();
  write_manifest(staged_sidecar, manifest_of_file(staged_));
  staging_.commit(staged_, target_, before_, false, flag_);
  // The manifest follows the file; an old one is replaced only when it is a plain file.
  struct stat st {};
  if (::lstat(sidecar.c_str(), &st) != 0 || S_ISREG(st.st_mode)) std::rename(staged_sidecar.c_str(), sidecar.c_str());
}

}  // namespace gdchaos
