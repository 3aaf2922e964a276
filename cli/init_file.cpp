#include "init_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "gdchaos/core/error.hpp"
#include "gdchaos/io/npy.hpp"

namespace gdchaos::cli {

void check_save_init(const std::string& path) {
  if (path.empty()) return;
  if (std::filesystem::path(path).extension() != ".npy") throw InputError("--save-init: expected a FILE.npy, got " + path);
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(path, ec)))
    throw InputError("--save-init: " + path + " exists; gdchaos never replaces a file (choose another name)");
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent))
    throw InputError("--save-init: the directory " + parent.string() + " does not exist");
}

void save_init(const std::string& path, const std::vector<double>& theta0) {
  if (path.empty()) return;
  // Written beside the target, then linked into place: link() fails when the name exists, so a
  // file that appeared since check_save_init is never replaced.
  const std::string tmp = path + ".partial-" + std::to_string(::getpid());
  npy::write<double>(tmp, theta0, {static_cast<std::int64_t>(theta0.size())});
  const int rc = ::link(tmp.c_str(), path.c_str());
  std::filesystem::remove(tmp);
  if (rc != 0) throw InputError("--save-init: " + path + " could not be created (it exists now?)");
}

}  // namespace gdchaos::cli
