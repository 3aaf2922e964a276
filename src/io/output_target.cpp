#include "gdchaos/io/output_target.hpp"

#include <fcntl.h>
#include <limits.h>  // NAME_MAX
#include <stdio.h>  // renameat2, RENAME_NOREPLACE, RENAME_EXCHANGE (glibc ≥ 2.28)
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <stdexcept>

#include "gdchaos/core/error.hpp"

namespace gdchaos {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMarker = ".gdchaos-partial";
// The staging name adds ".", ".partial-", a PID and a 32-bit random number to the target's name.
constexpr std::size_t kStagingOverhead = 40;

std::string partial_prefix(const fs::path& target) { return std::string(".").append(target.filename().string()).append(".partial-"); }

// `inner` is `outer` or lies inside it (both absolute and normalised).
bool within(const fs::path& inner, const fs::path& outer) {
  const auto rel = inner.lexically_relative(outer);
  return !rel.empty() && *rel.begin() != "..";
}

// Resolves symlinks in the existing part of `p`, leaving its last component as it is.
fs::path resolved(const fs::path& p) {
  std::error_code ec;
  const fs::path parent = fs::weakly_canonical(p.parent_path(), ec);
  return ec ? p : parent / p.filename();
}

[[noreturn]] void refuse(const std::string& flag, const fs::path& target, const std::string& why) {
  throw InputError(flag + " " + target.string() + ": " + why);
}

int rename_noreplace(const fs::path& from, const fs::path& to, bool directory) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
  // A file system without RENAME_NOREPLACE: link() never replaces, and rename() of a directory
  // replaces at most an empty one.
  if (!directory) {
    if (::link(from.c_str(), to.c_str()) != 0) return -1;
    ::unlink(from.c_str());
    return 0;
  }
  struct stat st {};
  if (::lstat(to.c_str(), &st) == 0) {
    errno = EEXIST;
    return -1;
  }
  return ::rename(from.c_str(), to.c_str());
}

// The root of a mount, bind mounts included (same device as the parent): statx says so directly;
// where it cannot, a device change from the parent does.
bool is_mount_point(const fs::path& dir) {
  struct statx sx {};
  if (::statx(AT_FDCWD, dir.c_str(), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx) == 0 &&
      (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
    return (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
  struct stat st {}, parent {};
  return ::lstat(dir.c_str(), &st) == 0 && ::stat(dir.parent_path().c_str(), &parent) == 0 && parent.st_dev != st.st_dev;
}

std::int64_t mtime_ns(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

}  // namespace

fs::path normalized_output_path(const fs::path& p) {
  if (p.empty()) throw InputError("an empty output path names nothing");
  fs::path target = fs::absolute(p).lexically_normal();
  while (target.has_relative_path() && target.filename().empty()) target = target.parent_path();
  return target;
}

void check_output_place(const fs::path& target, bool directory, const std::string& flag) {
  if (!target.has_relative_path() || target.filename().empty()) refuse(flag, target, "cannot replace the root directory");
  const std::string name = target.filename().string();
  if (name == "." || name == "..") refuse(flag, target, "not a name gdchaos can write to");
  if (name.size() + kStagingOverhead > NAME_MAX)
    refuse(flag, target, "the name is too long to leave room for the temporary name (" + std::to_string(name.size()) +
                             " of at most " + std::to_string(NAME_MAX - kStagingOverhead) + " bytes)");
  const fs::path real = resolved(target);
  std::error_code ec;
  const fs::path here = fs::current_path(ec);
  if (!ec && within(here, real)) refuse(flag, target, "is the current directory or holds it; refusing to replace it");
  if (const char* home = std::getenv("HOME"); home && *home) {
    const fs::path h = fs::weakly_canonical(home, ec);
    if (!ec && h.has_relative_path() && within(h, real)) refuse(flag, target, "is the home directory or holds it; refusing to replace it");
  }
  struct stat st {};
  if (::lstat(target.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) refuse(flag, target, "is a symbolic link; gdchaos neither replaces links nor writes through them");
    if (S_ISDIR(st.st_mode)) {
      if (!directory) refuse(flag, target, "is a directory; give a file name");
      if (is_mount_point(target)) refuse(flag, target, "is a mount point; refusing to replace it");
    } else if (S_ISREG(st.st_mode)) {
      if (directory) refuse(flag, target, "exists and is not a directory");
    } else {
      refuse(flag, target, "exists and is not a regular file (a device, FIFO or socket is never replaced)");
    }
  } else if (errno != ENOENT) {
    refuse(flag, target, std::strerror(errno));
  }
  // The nearest existing ancestor must be a writable directory, or nothing could be created.
  fs::path ancestor = target.parent_path();
  while (!fs::exists(ancestor, ec) && ancestor.has_relative_path()) ancestor = ancestor.parent_path();
  if (!fs::is_directory(ancestor, ec)) refuse(flag, target, ancestor.string() + " is not a directory");
  if (::access(ancestor.c_str(), W_OK | X_OK) != 0)
    refuse(flag, target, "cannot create it under " + ancestor.string() + " (" + std::strerror(errno) + ")");
}

void check_not_an_input(const fs::path& target, const std::vector<fs::path>& inputs, const std::string& flag) {
  const fs::path real = resolved(target);
  std::error_code ec;
  for (const auto& input : inputs) {
    if (input.empty()) continue;
    const fs::path in = fs::weakly_canonical(fs::absolute(input), ec);
    if (ec) continue;
    if (within(in, real) || within(in, target))
      refuse(flag, target, (in == real ? std::string("is ") : std::string("holds ")) + "an input of this run (" +
                               input.string() + "); write the output elsewhere");
  }
}

Staging::Staging(const fs::path& target, const std::string& flag, bool resume) : target_(target) {
  // Missing parents, created now (validation is over) and removed again if the run fails.
  std::error_code ec;
  for (fs::path p = target.parent_path(); p.has_relative_path() && !fs::exists(p, ec); p = p.parent_path())
    created_parents_.push_back(p);
  if (!created_parents_.empty()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) {
      created_parents_.clear();
      refuse(flag, target, "cannot create " + target.parent_path().string() + ": " + ec.message());
    }
  }
  const std::string prefix = partial_prefix(target);
  std::random_device rd;
  path_ = target.parent_path() / (prefix + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  if (::mkdir(path_.c_str(), 0777) != 0) {
    const std::string why = std::strerror(errno);
    for (const auto& p : created_parents_) ::rmdir(p.c_str());
    refuse(flag, target, "cannot create a temporary directory beside it (" + why + ")");
  }
  lock_fd_ = ::open(path_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock_fd_ < 0 || ::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    ::rmdir(path_.c_str());
    throw std::runtime_error("cannot lock " + path_.string());
  }
  if (FILE* f = std::fopen((path_ / kMarker).c_str(), "w")) std::fclose(f);

  auto resumable = sweep(true, flag);
  if (resume && !resumable.empty()) {
    // The newest interrupted run becomes this run's staging directory; ours, still empty, goes.
    ::unlink((path_ / kMarker).c_str());
    ::rmdir(path_.c_str());
    ::close(lock_fd_);
    path_ = resumable.front().first;
    lock_fd_ = resumable.front().second;
    resumable.erase(resumable.begin());
    adopted_ = true;
    owned_ = false;
  }
  for (const auto& [dir, fd] : resumable) {
    std::fprintf(stderr, "gdchaos: note: an interrupted run into %s is kept in %s (`resume` finishes it)\n",
                 target.string().c_str(), dir.filename().string().c_str());
    ::close(fd);
  }
}

std::vector<std::pair<fs::path, int>> Staging::sweep(bool keep_resumable, const std::string& flag) {
  // Other staging areas of the same target: a live run holds its lock; a dead run's is free.
  const std::string prefix = partial_prefix(target_);
  std::vector<std::pair<fs::path, int>> kept;
  std::vector<fs::file_time_type> kept_time;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(target_.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || entry.path() == path_) continue;
    struct stat st {};
    if (::lstat(entry.path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    const int fd = ::open(entry.path().c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) continue;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      if (!keep_resumable) continue;  // after a commit: someone else's live run, not ours to judge
      for (const auto& k : kept) ::close(k.second);
      discard();
      refuse(flag, target_, "another gdchaos run is writing there now (" + name + "); wait for it or choose another place");
    }
    // Only what carries the marker is a staging area (a swapped-out earlier output never does);
    // an empty one is a run killed before it wrote the marker.
    struct stat marker {}, checkpoint {};
    const bool staging = ::lstat((entry.path() / kMarker).c_str(), &marker) == 0 && S_ISREG(marker.st_mode);
    const bool can_resume = staging && ::lstat((entry.path() / kCheckpointName).c_str(), &checkpoint) == 0 &&
                            S_ISREG(checkpoint.st_mode);
    if (can_resume && keep_resumable) {
      const auto when = fs::last_write_time(entry.path() / kCheckpointName, ec);
      std::size_t at = 0;
      while (at < kept.size() && kept_time[at] >= when) ++at;
      kept.insert(kept.begin() + static_cast<std::ptrdiff_t>(at), {entry.path(), fd});
      kept_time.insert(kept_time.begin() + static_cast<std::ptrdiff_t>(at), when);
      continue;
    }
    if (staging) fs::remove_all(entry.path(), ec);
    else ::rmdir(entry.path().c_str());
    ::close(fd);
  }
  return kept;
}

Staging::~Staging() { discard(); }

void Staging::discard() {
  if (owned_ && !path_.empty()) {
    std::error_code ec;
    fs::remove_all(path_, ec);
    for (const auto& p : created_parents_) ::rmdir(p.c_str());  // only succeeds while empty
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);
  lock_fd_ = -1;
  owned_ = false;
}

void Staging::release_marker() { ::unlink((path_ / kMarker).c_str()); }

void Staging::commit(const fs::path& source, const fs::path& target, const DestinationState& before, bool directory,
                     const std::string& flag) {
  const std::string where = flag + " " + target.string();
  const auto changed = [&](const std::string& what) {
    return std::runtime_error(where + ": " + what + " while this run worked; it is left as it is and this run's output is discarded");
  };
  if (before.kind == Destination::absent) {
    if (rename_noreplace(source, target, directory) != 0) {
      if (errno == EEXIST || errno == ENOTEMPTY) throw changed("something was created there");
      throw std::runtime_error(where + ": cannot move the output into place (" + std::strerror(errno) + ")");
    }
  } else {
    if (::renameat2(AT_FDCWD, source.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
      if (errno == ENOENT) throw changed("it was removed");
      if (errno == EINVAL || errno == ENOSYS)
        throw std::runtime_error(where + ": this file system cannot replace it atomically; remove it yourself and run again");
      throw std::runtime_error(where + ": cannot move the output into place (" + std::strerror(errno) + ")");
    }
    // `source` now holds what was at the target. Is it still what was checked at the start?
    struct stat st {};
    bool same = ::lstat(source.c_str(), &st) == 0 && st.st_dev == before.dev && st.st_ino == before.ino;
    if (same && before.kind == Destination::empty_directory) {
      same = ::rmdir(source.c_str()) == 0;
    } else if (same && directory) {
      same = !unlisted_entry(source, before.manifest);
      if (same && !remove_listed(source, before.manifest)) {
        // Something arrived in the instant between the check and the removal: keep it, visibly.
        const fs::path kept = target.parent_path() / (target.filename().string() + ".kept-" + std::to_string(::getpid()));
        ::rename(source.c_str(), kept.c_str());
        std::fprintf(stderr, "gdchaos: warning: files that appeared in the replaced %s were kept in %s\n",
                     target.string().c_str(), kept.string().c_str());
      }
    } else if (same) {
      const auto& e = before.manifest.entries.front();
      same = S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) == e.size && mtime_ns(st) == e.mtime_ns &&
             ::unlink(source.c_str()) == 0;
    }
    if (!same) {
      if (::renameat2(AT_FDCWD, source.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
        const fs::path kept = target.parent_path() / (target.filename().string() + ".kept-" + std::to_string(::getpid()));
        ::rename(source.c_str(), kept.c_str());
        owned_ = false;  // what is at `source` now may not be ours to remove
        throw std::runtime_error(where + ": changed while this run worked; its earlier content is in " + kept.string() +
                                 ", this run's output is at " + target.string());
      }
      throw changed("it changed");
    }
  }
  if (directory) owned_ = false;  // the staging directory is the output now
  if (lock_fd_ >= 0 && directory) {
    ::close(lock_fd_);
    lock_fd_ = -1;
  }
  // The place holds a complete output now: interrupted runs into it are stale.
  if (directory) sweep(false, flag);
}

}  // namespace gdchaos
