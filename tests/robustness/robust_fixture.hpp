#pragma once
// Hostile tests of the command line: every case runs gdchaos in a scratch directory that also
// holds a sentinel tree of "user data" (files, a subdirectory, a symlink, a FIFO and, as root, a
// character device like /dev/null), and checks afterwards that nothing but the intended output
// changed — names, types, sizes, modification times, content hashes, link targets, device numbers.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace gdchaos::robust {

namespace fs = std::filesystem;

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void spit(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

/// Single-quoted for sh.
inline std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// Splits a command line on spaces; the word <empty> stands for an empty argument.
inline std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w == "<empty>" ? std::string() : w);
  return out;
}

struct Result {
  int code = -1;
  std::string out, err;
  long err_lines() const { return std::count(err.begin(), err.end(), '\n'); }
};

inline std::uint64_t fnv1a(const fs::path& p) {
  std::uint64_t h = 1469598103934665603ull;
  std::ifstream in(p, std::ios::binary);
  char buf[1 << 15];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    for (std::streamsize k = 0; k < in.gcount(); ++k) h = (h ^ static_cast<unsigned char>(buf[k])) * 1099511628211ull;
    if (!in) break;
  }
  return h;
}

/// Relative path -> a description of the entry (symlinks not followed, FIFOs and devices not read).
using Tree = std::map<std::string, std::string>;

inline Tree snapshot(const fs::path& root) {
  Tree t;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path p = it->path();
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0) continue;
    std::ostringstream d;
    d << std::oct << (st.st_mode & 07777) << std::dec << ' ';
    if (S_ISREG(st.st_mode))
      d << "file size=" << st.st_size << " mtime=" << st.st_mtim.tv_sec << '.' << st.st_mtim.tv_nsec << " ino=" << st.st_ino
        << " hash=" << std::hex << fnv1a(p);
    else if (S_ISDIR(st.st_mode)) d << "dir ino=" << st.st_ino;
    else if (S_ISLNK(st.st_mode)) d << "link -> " << fs::read_symlink(p, ec).string();
    else if (S_ISFIFO(st.st_mode)) d << "fifo ino=" << st.st_ino;
    else if (S_ISCHR(st.st_mode)) d << "chr " << major(st.st_rdev) << ':' << minor(st.st_rdev);
    else if (S_ISBLK(st.st_mode)) d << "blk " << major(st.st_rdev) << ':' << minor(st.st_rdev);
    else d << "other";
    t[p.lexically_relative(root).generic_string()] = d.str();
  }
  return t;
}

/// What differs between two snapshots, leaving out `allowed` paths and everything under them.
inline std::string tree_diff(const Tree& before, const Tree& after, const std::vector<std::string>& allowed = {}) {
  auto free = [&](const std::string& name) {
    for (const auto& a : allowed)
      if (name == a || name.rfind(a + "/", 0) == 0) return true;
    return false;
  };
  std::string out;
  for (const auto& [name, d] : before) {
    if (free(name)) continue;
    const auto it = after.find(name);
    if (it == after.end()) out += "  removed: " + name + " (" + d + ")\n";
    else if (it->second != d) out += "  changed: " + name + " (" + d + " -> " + it->second + ")\n";
  }
  for (const auto& [name, d] : after)
    if (!free(name) && !before.count(name)) out += "  created: " + name + " (" + d + ")\n";
  return out;
}

/// Writes a gdchaos output manifest for the tree under `dir`, as if gdchaos had written it there
/// (lets a test set up "an earlier output" of any shape, e.g. with subdirectories).
inline void forge_manifest(const fs::path& dir) {
  nlohmann::json entries = nlohmann::json::array();
  std::vector<fs::path> all;
  for (const auto& e : fs::recursive_directory_iterator(dir)) all.push_back(e.path());
  std::sort(all.begin(), all.end());
  for (const auto& p : all) {
    const std::string name = p.lexically_relative(dir).generic_string();
    if (name == ".gdchaos-manifest.json") continue;
    struct stat st {};
    ::lstat(p.c_str(), &st);
    if (S_ISDIR(st.st_mode)) entries.push_back({{"name", name}, {"directory", true}});
    else
      entries.push_back({{"name", name},
                         {"size", static_cast<std::uint64_t>(st.st_size)},
                         {"mtime_ns", static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec}});
  }
  spit(dir / ".gdchaos-manifest.json",
       nlohmann::json{{"format", "gdchaos output manifest 1"}, {"gdchaos_version", "0"}, {"entries", entries}}.dump(1));
}

/// A .npy file with a hand-written header (version 1.0) and `data` after it.
inline void write_npy(const fs::path& p, const std::string& header, const std::string& data, char major = 1,
                      long header_len = -1) {
  std::string h = header;
  while ((10 + h.size() + 1) % 64) h += ' ';
  h += '\n';
  const long len = header_len >= 0 ? header_len : static_cast<long>(h.size());
  std::string s = std::string("\x93NUMPY", 6) + major + '\0' + static_cast<char>(len & 0xff) + static_cast<char>((len >> 8) & 0xff);
  spit(p, s + h + data);
}

/// True when some process other than this one has `needle` in its command line.
inline std::vector<int> processes_mentioning(const std::string& needle) {
  std::vector<int> pids;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    const std::string name = e.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    const int pid = std::stoi(name);
    if (pid == ::getpid()) continue;
    std::string cmd = slurp(e.path() / "cmdline");
    std::replace(cmd.begin(), cmd.end(), '\0', ' ');
    // a zombie still shows its command line; count only what still runs
    const std::string stat = slurp(e.path() / "stat");
    const auto close = stat.rfind(')');
    if (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z') continue;
    if (cmd.find(needle) != std::string::npos) pids.push_back(pid);
  }
  return pids;
}

class RobustTest : public ::testing::Test {
 public:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "_" + info->name();
    for (auto& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    dir_ = fs::temp_directory_path() / ("gdchaos_robust_" + std::to_string(::getpid()) + "_" + name);
    cap_ = fs::path(dir_.string() + ".cap");
    clean(dir_);
    clean(cap_);
    fs::create_directories(dir_);
    fs::create_directories(cap_);
    make_sentinels();
  }
  void TearDown() override {
    clean(dir_);
    clean(cap_);
  }

  // Removes a scratch tree even where a test made parts of it read-only or immutable.
  static void clean(const fs::path& p) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(p, ec))) return;
    (void)!std::system(("chattr -R -i " + quote(p.string()) + " >/dev/null 2>&1; chmod -R u+rwx " + quote(p.string()) +
                        " >/dev/null 2>&1")
                           .c_str());
    fs::remove_all(p, ec);
  }

  /// The user's data: regular files, a subdirectory, a symlink, an empty directory, a FIFO and,
  /// as root, a character device (1, 3) like /dev/null. Also a $HOME for the runs.
  void make_sentinels() {
    const auto u = dir_ / "user";
    fs::create_directories(u / "sub");
    fs::create_directories(u / "empty");
    spit(u / "thesis.tex", "\\documentclass{article} % four years of work\n");
    spit(u / "data.csv", "a,b\n1,2\n");
    spit(u / "sub" / "notes.txt", "notes\n");
    fs::create_symlink("thesis.tex", u / "link");
    ::mkfifo((u / "fifo").c_str(), 0644);
    if (::geteuid() == 0) ::mknod((u / "null").c_str(), S_IFCHR | 0666, makedev(1, 3));
    fs::create_directories(dir_ / "home");
    spit(dir_ / "home" / ".profile", "# mine\n");
    spit(dir_ / "empty.json", "");
  }
  bool have_device() const { return fs::exists(fs::symlink_status(dir_ / "user" / "null")); }

  /// The shell prefix of every run: in dir_ (or `cwd` under it), HOME inside the scratch tree,
  /// plotting replaced by tests/robustness/stand_in_plotter.sh, under a time limit.
  std::string prefix(const std::string& cwd = "", const std::string& env = "") const {
    const fs::path where = cwd.empty() ? dir_ : dir_ / cwd;
    return "cd " + quote(where.string()) + " && HOME=" + quote((dir_ / "home").string()) +
           " GDCHAOS_PYTHON=" GDCHAOS_STAND_IN_PLOTTER " " + env + " ";
  }
  std::string gdchaos() const { return GDCHAOS_CLI; }
  /// Under `timeout`: every case ends in well under a second, so 5 s means it hangs.
  std::string command(const std::vector<std::string>& args, const std::string& cwd = "", const std::string& env = "",
                      int timeout_s = 5) const {
    std::string cmd = prefix(cwd, env) + "timeout -k 5 " + std::to_string(timeout_s) + " " + gdchaos();
    for (const auto& a : args) cmd += " " + quote(a);
    return cmd;
  }

  /// Runs `sh -c cmd`, capturing stdout and stderr outside dir_.
  Result sh(const std::string& cmd) const {
    const auto out = cap_ / "stdout", err = cap_ / "stderr";
    const std::string full = "( " + cmd + " ) </dev/null >" + quote(out.string()) + " 2>" + quote(err.string());
    const int status = std::system(full.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  }
  Result run(const std::vector<std::string>& args, const std::string& cwd = "", const std::string& env = "") const {
    return sh(command(args, cwd, env));
  }
  Result run(const std::string& line) const { return run(words(line)); }

  /// A small basin render at dir_/NAME (setup for the cases that read or replace one).
  void render(const std::string& name, const std::string& flags = "--y 1 --eta 0.9 --res 16") const {
    const auto r = run(words("basin " + flags + " --quiet --out " + name));
    ASSERT_EQ(r.code, 0) << "setup render failed: " << r.err;
  }

  /// The entries anywhere under dir_ whose name holds ".partial-" (staging leftovers).
  std::vector<std::string> leftovers() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir_, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (it->path().filename().string().find(".partial-") != std::string::npos) out.push_back(it->path().string());
    return out;
  }

  /// Asserts the contract of bad input: exit 2, one line naming an error, and (checked by the caller) no change.
  static void expect_refusal(const Result& r, const std::string& says = "") {
    EXPECT_EQ(r.code, 2) << "stderr: " << r.err;
    EXPECT_EQ(r.err_lines(), 1) << "stderr must be exactly one line:\n" << r.err;
    EXPECT_NE(r.err.find("error"), std::string::npos) << r.err;
    if (!says.empty()) {
      EXPECT_NE(r.err.find(says), std::string::npos) << "message should mention '" << says << "': " << r.err;
    }
  }

  // ---- setup helpers (paths relative to dir_) ----
  fs::path at(const std::string& rel) const { return dir_ / rel; }
  void put(const std::string& rel, const std::string& text) const {
    fs::create_directories(at(rel).parent_path());
    spit(at(rel), text);
  }
  void mkdir(const std::string& rel) const { fs::create_directories(at(rel)); }
  void fifo(const std::string& rel) const {
    fs::create_directories(at(rel).parent_path());
    ASSERT_EQ(::mkfifo(at(rel).c_str(), 0644), 0) << rel;
  }
  /// A character device node (needs root); false when it cannot be made.
  bool device(const std::string& rel, unsigned maj = 1, unsigned min = 3) const {
    return ::geteuid() == 0 && ::mknod(at(rel).c_str(), S_IFCHR | 0666, makedev(maj, min)) == 0;
  }
  void symlink(const std::string& target, const std::string& rel) const { fs::create_symlink(target, at(rel)); }
  void forge(const std::string& rel) const { forge_manifest(at(rel)); }
  /// Changes the modification time of `rel` (content unchanged).
  void touch(const std::string& rel) const {
    struct timespec t[2] = {{0, UTIME_NOW}, {12345, 0}};
    ::utimensat(AT_FDCWD, at(rel).c_str(), t, AT_SYMLINK_NOFOLLOW);
  }

  fs::path dir_, cap_;
};

/// One hostile case of the table-driven suites.
struct Case {
  std::string name;                     ///< the test's name (letters, digits, _)
  std::string args;                     ///< after `gdchaos`, split on spaces; @D@ is the scratch directory
  int code = 2;                         ///< the expected exit code
  std::string says;                     ///< a piece the message (stderr) must hold
  std::function<void(RobustTest&)> setup;  ///< builds what the case needs before the snapshot
  std::vector<std::string> changes;     ///< paths allowed to change (code 0, 1, 3); the first must exist on 0/3
  std::string cwd;                      ///< where it runs, under the scratch directory
  std::string env;                      ///< extra VAR=value words for the run (@D@ allowed)
  std::vector<std::string> argv;        ///< instead of `args`, for arguments with spaces or newlines
  bool needs_root = false;              ///< skipped when not root (device nodes)
};

inline void PrintTo(const Case& c, std::ostream* os) {
  *os << "gdchaos ";
  if (c.argv.empty()) *os << c.args;
  else
    for (const auto& a : c.argv) *os << quote(a.size() > 80 ? a.substr(0, 80) + "..." : a) << ' ';
  if (!c.env.empty()) *os << " [env " << c.env << "]";
  if (!c.cwd.empty()) *os << " [in " << c.cwd << "]";
  *os << " -> exit " << c.code;
}

inline std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.name;
  for (auto& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

inline std::string with_dir(std::string s, const fs::path& dir) {
  for (std::size_t k; (k = s.find("@D@")) != std::string::npos;) s.replace(k, 3, dir.string());
  return s;
}

/// The runner: setup, snapshot, run, then exit code, message and the comparison of the trees.
class RobustCaseTest : public RobustTest, public ::testing::WithParamInterface<Case> {
 protected:
  void run_case() {
    const Case& c = GetParam();
    if (c.needs_root && ::geteuid() != 0) GTEST_SKIP() << "needs root (device nodes)";
    if (c.setup) c.setup(*this);
    if (HasFatalFailure() || IsSkipped()) return;
    const Tree before = snapshot(dir_);
    std::vector<std::string> argv = c.argv.empty() ? words(c.args) : c.argv;
    for (auto& a : argv) a = with_dir(a, dir_);
    const Result r = run(argv, c.cwd, with_dir(c.env, dir_));
    if (std::getenv("GDCHAOS_ROBUST_VERBOSE")) std::cerr << "  [exit " << r.code << "] " << r.err;  // to review the messages
    ASSERT_NE(r.code, 124) << "gdchaos hung (killed by timeout); stderr: " << r.err;
    ASSERT_NE(r.code, 137) << "gdchaos hung (killed by timeout); stderr: " << r.err;
    if (c.code == 2) {
      expect_refusal(r, c.says);
    } else {
      EXPECT_EQ(r.code, c.code) << "stderr: " << r.err;
      if (!c.says.empty()) {
        EXPECT_NE((r.err + r.out).find(c.says), std::string::npos) << r.err;
      }
      if (c.code != 0 && c.code != 3) {
        EXPECT_FALSE(r.err.empty()) << "a failure must say why";
      }
    }
    const Tree after = snapshot(dir_);
    const std::vector<std::string> allowed = c.code == 2 ? std::vector<std::string>{} : c.changes;
    EXPECT_EQ(tree_diff(before, after, allowed), "") << "changed outside the intended output";
    if ((c.code == 0 || c.code == 3) && !c.changes.empty()) {
      EXPECT_TRUE(fs::exists(fs::symlink_status(at(c.changes.front())))) << c.changes.front() << " was not written";
    }
    EXPECT_EQ(leftovers(), std::vector<std::string>{}) << "temporary staging left behind";
  }
};

}  // namespace gdchaos::robust
