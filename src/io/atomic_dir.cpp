#include "gdchaos/io/atomic_dir.hpp"

#include <fstream>
#include <random>

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "gdchaos/error.hpp"

namespace gdchaos {

namespace fs = std::filesystem;

namespace {
// "fig3/" and "fig3" name the same directory.
fs::path output_path(const fs::path& dir) {
  fs::path target = fs::absolute(dir).lexically_normal();
  while (target.has_relative_path() && target.filename().empty()) target = target.parent_path();
  return target;
}
}  // namespace

void check_output_dir(const fs::path& dir, bool force) {
  if (dir.empty()) throw InputError("--out needs a directory name");
  const fs::path target = output_path(dir);
  if (!target.has_relative_path()) throw InputError("--out cannot be the root directory");
  std::error_code ec;
  if (fs::exists(target, ec)) {
    if (!fs::is_directory(target, ec)) throw InputError("--out " + dir.string() + " exists and is not a directory");
    if (!force && !fs::is_empty(target, ec))
      throw InputError("--out " + dir.string() + " is not empty (use --force to replace it)");
  }
  if (fs::exists(target, ec) && force && !fs::is_empty(target, ec)) {
    // --force replaces earlier gdchaos output, never an arbitrary directory or the one we stand in.
    const fs::path here = fs::current_path(ec).lexically_normal();
    const auto rel = here.lexically_relative(target);
    if (!rel.empty() && *rel.begin() != "..")
      throw InputError("--out " + dir.string() + " contains the current directory; refusing to replace it");
    bool ours = false;
    for (const char* marker : {"meta.json", "report.json", "scan.json", "summary.json"}) {
      std::ifstream in(target / marker);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      ours |= text.find("\"gdchaos_version\"") != std::string::npos;
    }
    if (!ours)
      throw InputError("--out " + dir.string() + " is not empty and does not hold gdchaos output; refusing to replace it");
  }
  // The nearest existing ancestor must be a writable directory, or nothing could be created.
  fs::path ancestor = target.parent_path();
  while (!fs::exists(ancestor, ec) && ancestor.has_relative_path()) ancestor = ancestor.parent_path();
  if (!fs::is_directory(ancestor, ec) || ::access(ancestor.c_str(), W_OK) != 0)
    throw InputError("--out " + dir.string() + ": cannot create it under " + ancestor.string());
}

void require_disk_space(const fs::path& dir, std::int64_t bytes) {
  fs::path probe = output_path(dir);
  std::error_code ec;
  while (!fs::exists(probe, ec) && probe.has_relative_path()) probe = probe.parent_path();
  const auto space = fs::space(probe, ec);
  if (ec) return;  // unknown: let the writes report a full disk
  if (static_cast<std::uintmax_t>(bytes) > space.available)
    throw InputError("the output needs " + std::to_string(bytes >> 20) + " MiB on disk, " +
                     std::to_string(space.available >> 20) + " MiB are free under " + probe.string());
}

AtomicDir::AtomicDir(const fs::path& dir, bool force) : target_(output_path(dir)) {
  check_output_dir(dir, force);
  fs::create_directories(target_.parent_path());
  // A hidden sibling, so the final rename stays within one file system: .NAME.partial-PID-RANDOM.
  std::string prefix = ".";
  prefix.append(target_.filename().string()).append(".partial-");
  // An interrupted run (Ctrl-C, a kill) leaves its temporary behind; remove those whose process is gone.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(target_.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH) fs::remove_all(entry.path(), ec);
  }
  std::random_device rd;
  std::string name = prefix;
  name.append(std::to_string(::getpid())).append("-").append(std::to_string(rd()));
  tmp_ = target_.parent_path() / name;
  fs::create_directory(tmp_);
}

AtomicDir::~AtomicDir() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(tmp_, ec);
}

void AtomicDir::write_json(const std::string& name, const nlohmann::json& j) const {
  std::ofstream out(tmp_ / name);
  out << j.dump(2) << '\n';
  if (!out) throw std::runtime_error("cannot write " + (tmp_ / name).string());
}

void AtomicDir::commit() {
  // An existing (forced) directory is moved aside first, then removed.
  if (fs::exists(target_)) {
    fs::path old = tmp_;
    old += ".old";
    fs::rename(target_, old);
    fs::rename(tmp_, target_);
    fs::remove_all(old);
  } else {
    fs::rename(tmp_, target_);
  }
  committed_ = true;
}

}  // namespace gdchaos
