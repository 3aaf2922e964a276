// What happens around a run while it works: files that appear at --out, a second run into the same
// place, SIGKILL / SIGINT / SIGTERM (no output that looks complete, no orphan child processes, the
// next run cleans up), a full disk, read-only directories, and mount points (the last three in a
// private mount namespace, skipped where mounting is not allowed).
#include <sys/mount.h>

#include <cerrno>
#include <cstring>

#include "robustness/robust_fixture.hpp"

namespace gdchaos::robust {
namespace {

using namespace std::chrono_literals;

/// gdchaos started in the background (exec'd directly, so `pid` is gdchaos itself).
struct Background {
  pid_t pid = -1;
  fs::path out, err;
  int status = -1;
  bool done = false;
};

class RobustLive : public RobustTest {
 protected:
  void TearDown() override {
    for (auto& b : started_)
      if (!b->done) {
        ::kill(b->pid, SIGKILL);
        ::waitpid(b->pid, nullptr, 0);
      }
    RobustTest::TearDown();
  }

  Background& start(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
    auto b = std::make_unique<Background>();
    const int k = static_cast<int>(started_.size());
    b->out = cap_ / ("bg" + std::to_string(k) + ".out");
    b->err = cap_ / ("bg" + std::to_string(k) + ".err");
    std::vector<std::string> argv = {gdchaos()};
    argv.insert(argv.end(), args.begin(), args.end());
    const std::string home = (dir_ / "home").string();
    const pid_t pid = ::fork();
    if (pid == 0) {
      if (::chdir(dir_.c_str()) != 0) ::_exit(126);
      ::setenv("HOME", home.c_str(), 1);
      ::setenv("GDCHAOS_PYTHON", GDCHAOS_STAND_IN_PLOTTER, 1);
      for (const auto& e : env) ::putenv(const_cast<char*>(e.c_str()));
      const int o = ::open(b->out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int e = ::open(b->err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int n = ::open("/dev/null", O_RDONLY);
      ::dup2(n, 0), ::dup2(o, 1), ::dup2(e, 2);
      std::vector<char*> cargv;
      for (auto& a : argv) cargv.push_back(a.data());
      cargv.push_back(nullptr);
      ::execv(cargv[0], cargv.data());
      ::_exit(127);
    }
    b->pid = pid;
    started_.push_back(std::move(b));
    return *started_.back();
  }
  bool running(Background& b) {
    if (b.done) return false;
    const pid_t r = ::waitpid(b.pid, &b.status, WNOHANG);
    if (r == b.pid) b.done = true;
    return !b.done;
  }
  /// Waits for the run to end; its exit code, 128 + signal, or -1 after `limit` (then killed).
  int finish(Background& b, std::chrono::seconds limit = 60s) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (running(b)) {
      if (std::chrono::steady_clock::now() > until) {
        ::kill(b.pid, SIGKILL);
        ::waitpid(b.pid, &b.status, 0);
        b.done = true;
        ADD_FAILURE() << "the run did not end within " << limit.count() << " s";
        return -1;
      }
      std::this_thread::sleep_for(5ms);
    }
    return WIFEXITED(b.status) ? WEXITSTATUS(b.status) : 128 + WTERMSIG(b.status);
  }
  static bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds limit = 20000ms) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!pred()) {
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::sleep_for(2ms);
    }
    return true;
  }
  /// The staging directories of NAME under dir_ (".NAME.partial-…").
  std::vector<fs::path> staging_of(const std::string& name) const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_, ec))
      if (e.path().filename().string().rfind("." + name + ".partial-", 0) == 0) out.push_back(e.path());
    return out;
  }
  /// Every live descendant of `pid` (from /proc), with its command line.
  static std::map<int, std::string> descendants(int pid) {
    std::map<int, int> parent;
    std::map<int, std::string> cmd;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/proc", ec)) {
      const std::string name = e.path().filename().string();
      if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
      const std::string stat = slurp(e.path() / "stat");
      const auto close = stat.rfind(')');
      if (close == std::string::npos || close + 4 >= stat.size()) continue;
      if (stat[close + 2] == 'Z') continue;
      parent[std::stoi(name)] = std::atoi(stat.c_str() + close + 4);
      std::string c = slurp(e.path() / "cmdline");
      std::replace(c.begin(), c.end(), '\0', ' ');
      cmd[std::stoi(name)] = c;
    }
    std::map<int, std::string> out;
    std::vector<int> todo = {pid};
    while (!todo.empty()) {
      const int p = todo.back();
      todo.pop_back();
      for (const auto& [child, par] : parent)
        if (par == p && !out.count(child)) out[child] = cmd[child], todo.push_back(child);
    }
    return out;
  }
  static bool alive(int pid) {
    const std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
    const auto close = stat.rfind(')');
    return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
  }
  std::string err_of(const Background& b) const { return slurp(b.err); }

  std::vector<std::unique_ptr<Background>> started_;
};

std::vector<std::string> big_basin(const std::string& out, int res, const std::string& extra = "") {
  auto v = words("basin --preset fig3 --quiet --res " + std::to_string(res) + " --out " + out + " " + extra);
  return v;
}

// ---- something appears at --out while a run works ----

TEST_F(RobustLive, FileCreatedInsideOutDuringARenderSurvives) {
  const Tree before = snapshot(dir_);
  auto& run = start(big_basin("T", 4096));
  ASSERT_TRUE(wait_until([&] { return !staging_of("T").empty() || !running(run); })) << "the run never started writing";
  ASSERT_TRUE(running(run)) << "the render ended before the race could be set up: " << err_of(run);
  put("T/thesis.tex", "four years of work\n");
  EXPECT_EQ(finish(run, 120s), 1) << err_of(run);
  EXPECT_FALSE(err_of(run).empty());
  EXPECT_EQ(slurp(at("T/thesis.tex")), "four years of work\n");
  EXPECT_EQ(tree_diff(before, snapshot(dir_), {"T/thesis.tex", "T"}), "");
  EXPECT_EQ(snapshot(at("T")).size(), 1u) << "T holds something besides thesis.tex";
  EXPECT_EQ(leftovers(), std::vector<std::string>{});
}

TEST_F(RobustLive, RegularFileCreatedAtOutDuringARenderSurvives) {
  auto& run = start(big_basin("T", 2048));
  ASSERT_TRUE(wait_until([&] { return !staging_of("T").empty() || !running(run); }));
  ASSERT_TRUE(running(run)) << err_of(run);
  put("T", "my file\n");
  EXPECT_EQ(finish(run), 1) << err_of(run);
  EXPECT_EQ(slurp(at("T")), "my file\n");
  EXPECT_EQ(leftovers(), std::vector<std::string>{});
}

TEST_F(RobustLive, FileAddedToAnEarlierOutputDuringAForcedRunSurvives) {
  render("T", "--y 1 --eta 0.9 --res 8");
  const Tree earlier = snapshot(at("T"));
  auto& run = start(big_basin("T", 2048, "--force"));
  ASSERT_TRUE(wait_until([&] { return !staging_of("T").empty() || !running(run); }));
  ASSERT_TRUE(running(run)) << err_of(run);
  put("T/thesis.tex", "mine\n");
  EXPECT_EQ(finish(run), 1) << err_of(run);
  EXPECT_EQ(slurp(at("T/thesis.tex")), "mine\n");
  EXPECT_EQ(tree_diff(earlier, snapshot(at("T")), {"thesis.tex"}), "") << "the earlier output changed";
  EXPECT_EQ(leftovers(), std::vector<std::string>{});
}

TEST_F(RobustLive, FileAddedToAnEmptyDirectoryDuringARunSurvives) {
  mkdir("T");
  auto& run = start(big_basin("T", 2048));
  ASSERT_TRUE(wait_until([&] { return !staging_of("T").empty() || !running(run); }));
  ASSERT_TRUE(running(run)) << err_of(run);
  put("T/thesis.tex", "mine\n");
  EXPECT_EQ(finish(run), 1) << err_of(run);
  EXPECT_EQ(slurp(at("T/thesis.tex")), "mine\n");
  EXPECT_EQ(leftovers(), std::vector<std::string>{});
}

TEST_F(RobustLive, EarlierOutputSwappedForAUserDirectoryDuringARunSurvives) {
  render("T", "--y 1 --eta 0.9 --res 8");
  auto& run = start(big_basin("T", 2048, "--force"));
  ASSERT_TRUE(wait_until([&] { return !staging_of("T").empty() || !running(run); }));
  ASSERT_TRUE(running(run)) << err_of(run);
  // The user moves the old output away and puts a directory of their own there, with a file the
  // manifest would not even list: a new inode at the same name.
  fs::rename(at("T"), at("T.old"));
  put("T/thesis.tex", "mine\n");
  EXPECT_EQ(finish(run), 1) << err_of(run);
  EXPECT_EQ(slurp(at("T/thesis.tex")), "mine\n");
  EXPECT_TRUE(fs::exists(at("T.old/meta.json")));
  EXPECT_EQ(leftovers(), std::vector<std::string>{});
}

TEST_F(RobustLive, UserFileCreatedAtAPreimagesOutputDuringTheRunSurvives) {
  auto& run = start(words("preimages --quiet --y 1 --eta 0.5 --kind saddle --depth 6 --out p.npy"));
  std::this_thread::sleep_for(300ms);
  ASSERT_TRUE(running(run)) << err_of(run);
  put("p.npy", "my data\n");
  EXPECT_EQ(finish(run), 1) << err_of(run);
  EXPECT_EQ(slurp(at("p.npy")), "my data\n");
  EXPECT_EQ(leftovers(), std::vector<std::string>{});
}

// ---- two runs into one place ----

TEST_F(RobustLive, SecondConcurrentRunIntoOneOutIsRefused) {
  auto& first = start(big_basin("T", 2048));
  ASSERT_TRUE(wait_until([&] { return !staging_of("T").empty() || !running(first); }));
  ASSERT_TRUE(running(first)) << err_of(first);
  const auto second = run(words("basin --quiet --y 1 --eta 0.5 --res 16 --out T"));
  expect_refusal(second, "another gdchaos run");
  EXPECT_EQ(finish(first), 0) << err_of(first);
  const auto meta = nlohmann::json::parse(slurp(at("T/meta.json")));
  EXPECT_EQ(meta["recipe"]["res"], nlohmann::json({2048, 2048})) << "T is not the first run's output";
  EXPECT_EQ(leftovers(), std::vector<std::string>{});
}

TEST_F(RobustLive, SecondConcurrentForcedRunIntoOneOutIsRefused) {
  render("T", "--y 1 --eta 0.9 --res 8");
  auto& first = start(big_basin("T", 2048, "--force"));
  ASSERT_TRUE(wait_until([&] { return !staging_of("T").empty() || !running(first); }));
  ASSERT_TRUE(running(first)) << err_of(first);
  const auto second = run(words("basin --quiet --y 1 --eta 0.5 --res 16 --force --out T"));
  expect_refusal(second, "another gdchaos run");
  EXPECT_EQ(finish(first), 0) << err_of(first);
  const auto meta = nlohmann::json::parse(slurp(at("T/meta.json")));
  EXPECT_EQ(meta["recipe"]["res"], nlohmann::json({2048, 2048}));
  EXPECT_EQ(leftovers(), std::vector<std::string>{});
}

TEST_F(RobustLive, SecondConcurrentPreimagesRunIntoOneFileIsRefused) {
  auto& first = start(words("preimages --quiet --y 1 --eta 0.5 --kind saddle --depth 6 --out p.npy"));
  std::this_thread::sleep_for(300ms);
  ASSERT_TRUE(running(first)) << err_of(first);
  const auto second = run(words("preimages --quiet --y 1 --eta 0.5 --kind saddle --depth 1 --out p.npy"));
  expect_refusal(second, "another gdchaos run");
  EXPECT_EQ(finish(first), 0) << err_of(first);
  EXPECT_EQ(leftovers(), std::vector<std::string>{});
}

// ---- killed runs ----

class RobustKill : public RobustLive, public ::testing::WithParamInterface<int> {};

TEST_P(RobustKill, BasinLeavesNoCompleteOutputAndTheNextRunCleansUp) {
  const int sig = GetParam();
  const Tree before = snapshot(dir_);
  // One thread: on a fast AVX-512 machine two finished a 2048² Fig. 3 before the signal came.
  auto& job = start(big_basin("T", 2048, "--threads 1"));
  ASSERT_TRUE(wait_until([&] { return !staging_of("T").empty() || !running(job); }));
  std::this_thread::sleep_for(100ms);  // into the render
  ASSERT_TRUE(running(job)) << err_of(job);
  ::kill(job.pid, sig);
  EXPECT_NE(finish(job, 30s), 0);
  EXPECT_FALSE(fs::exists(fs::symlink_status(at("T")))) << "a killed run left T";
  // Nothing of the user's changed; only staging leftovers may remain.
  std::vector<std::string> staging;
  for (const auto& p : staging_of("T")) staging.push_back(p.filename().string());
  EXPECT_EQ(tree_diff(before, snapshot(dir_), staging), "");
  // The next run into the same place removes the leftovers.
  const auto next = run("basin --quiet --y 1 --eta 0.5 --res 16 --out T");
  EXPECT_EQ(next.code, 0) << next.err;
  EXPECT_EQ(leftovers(), std::vector<std::string>{});
  EXPECT_TRUE(fs::exists(at("T/meta.json")));
}

INSTANTIATE_TEST_SUITE_P(Signals, RobustKill, ::testing::Values(SIGKILL, SIGINT, SIGTERM, SIGHUP),
                         [](const ::testing::TestParamInfo<int>& i) { return std::string(::sigabbrev_np(i.param)); });

// ---- --resume: a killed render is finished, and the result is the uninterrupted run's ----

// Lines in the checkpoint of the one staging directory of NAME: the header and one a finished band.
long checkpoint_lines(const std::vector<fs::path>& staging) {
  if (staging.size() != 1) return 0;
  const std::string text = slurp(staging.front() / ".gdchaos-checkpoint.jsonl");
  return std::count(text.begin(), text.end(), '\n');
}

// Every file of two outputs byte for byte; meta.json but for what says how the run went.
void expect_same_output(const fs::path& a, const fs::path& b) {
  std::vector<std::string> names_a, names_b;
  for (const auto& e : fs::directory_iterator(a)) names_a.push_back(e.path().filename().string());
  for (const auto& e : fs::directory_iterator(b)) names_b.push_back(e.path().filename().string());
  std::sort(names_a.begin(), names_a.end()), std::sort(names_b.begin(), names_b.end());
  ASSERT_EQ(names_a, names_b);
  for (const auto& name : names_a) {
    if (name == "meta.json" || name == ".gdchaos-manifest.json") continue;
    EXPECT_TRUE(slurp(a / name) == slurp(b / name)) << name << " differs";
  }
  auto ma = nlohmann::json::parse(slurp(a / "meta.json")), mb = nlohmann::json::parse(slurp(b / "meta.json"));
  for (auto* m : {&ma, &mb})
    for (const char* key : {"wall_seconds", "rank_seconds", "queue_seconds", "threads", "ranks"}) m->erase(key);
  EXPECT_EQ(ma, mb);
}

// 8 bands of 2²⁰ pixels, one thread: long enough to be killed between bands (about 1 s in the
// release build, 16 s under the sanitizers: hence the long limits of these tests).
std::vector<std::string> banded_basin(const std::string& out, const std::string& extra = "") {
  return words("basin --preset fig3 --quiet --threads 1 --res 512,16384 --max-iter 3000 --out " + out + " " + extra);
}

TEST_F(RobustLive, ResumeFinishesAKilledRenderAsIfUninterrupted) {
  auto& job = start(banded_basin("T"));
  // Killed once the checkpoint holds a finished band (the header is its first line).
  ASSERT_TRUE(wait_until([&] { return checkpoint_lines(staging_of("T")) >= 3 || !running(job); }, 60000ms));
  ASSERT_TRUE(running(job)) << "the render ended before it could be killed: " << err_of(job);
  ::kill(job.pid, SIGKILL);
  EXPECT_EQ(finish(job), 128 + SIGKILL);
  const auto left = staging_of("T");
  ASSERT_EQ(left.size(), 1u);
  const long kept = checkpoint_lines(left) - 1;
  EXPECT_GE(kept, 2);
  EXPECT_LT(kept, 8) << "every band was done before the kill: nothing left to resume";
  EXPECT_FALSE(fs::exists(at("T")));

  // A run without --resume keeps the interrupted one (and says so) ...
  const auto other = run("basin --quiet --y 1 --eta 0.5 --res 16 --out U");
  EXPECT_EQ(other.code, 0) << other.err;
  EXPECT_EQ(staging_of("T").size(), 1u);

  // ... and --resume finishes it, rendering only what the checkpoint does not hold.
  auto args = banded_basin("T", "--resume");
  args.erase(std::find(args.begin(), args.end(), "--quiet"));
  auto& resumed = start(args);
  EXPECT_EQ(finish(resumed, 600s), 0) << err_of(resumed);
  EXPECT_NE(err_of(resumed).find("resuming the interrupted run"), std::string::npos) << err_of(resumed);
  EXPECT_TRUE(staging_of("T").empty());
  EXPECT_FALSE(fs::exists(at("T/.gdchaos-checkpoint.jsonl")));

  auto& whole = start(banded_basin("W"));
  ASSERT_EQ(finish(whole, 600s), 0) << err_of(whole);
  expect_same_output(at("T"), at("W"));
}

TEST_F(RobustLive, ResumeRendersADamagedBandAgain) {
  auto& job = start(banded_basin("T"));
  ASSERT_TRUE(wait_until([&] { return checkpoint_lines(staging_of("T")) >= 3 || !running(job); }, 60000ms));
  ASSERT_TRUE(running(job)) << err_of(job);
  ::kill(job.pid, SIGKILL);
  finish(job);
  const auto left = staging_of("T");
  ASSERT_EQ(left.size(), 1u);
  // A byte of the first recorded band changes on disk (a torn write, a bad sector): its CRC no
  // longer matches, so it and every band after it are rendered again.
  const std::string log = slurp(left.front() / ".gdchaos-checkpoint.jsonl");
  const std::size_t line = log.find('\n') + 1;
  const auto first = nlohmann::json::parse(log.substr(line, log.find('\n', line) - line));
  const std::int64_t px = first["row"].get<std::int64_t>() * 512 + 1000;
  {
    // The arrays end with their data: the pixel's int32 lies (H·W − px)·4 bytes before the end.
    const auto size = static_cast<std::int64_t>(fs::file_size(left.front() / "steps.npy"));
    std::fstream f(left.front() / "steps.npy", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(size - (std::int64_t{512} * 16384 - px) * 4);
    const char junk[4] = {'\x7f', '\x7f', '\x7f', '\x7f'};
    f.write(junk, 4);
  }
  auto& resumed = start(banded_basin("T", "--resume"));
  EXPECT_EQ(finish(resumed, 600s), 0) << err_of(resumed);
  auto& whole = start(banded_basin("W"));
  ASSERT_EQ(finish(whole, 600s), 0) << err_of(whole);
  expect_same_output(at("T"), at("W"));
}

TEST_F(RobustLive, ResumeRefusesAnotherJobsCheckpoint) {
  auto& job = start(banded_basin("T"));
  ASSERT_TRUE(wait_until([&] { return checkpoint_lines(staging_of("T")) >= 2 || !running(job); }, 60000ms));
  ASSERT_TRUE(running(job)) << err_of(job);
  ::kill(job.pid, SIGKILL);
  finish(job);
  const auto r = run("basin --preset fig3 --quiet --threads 1 --res 512,16384 --max-iter 2999 --resume --out T");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err_lines(), 1) << r.err;
  EXPECT_NE(r.err.find("another job"), std::string::npos) << r.err;
  EXPECT_EQ(staging_of("T").size(), 1u) << "the interrupted run's work is kept";
  EXPECT_FALSE(fs::exists(at("T")));
}

// reproduce runs gdchaos children; a signal to it (the parent alone, as `kill PID` sends it) must
// end them too, and leave no report that looks complete.
class RobustReproduceKill : public RobustLive, public ::testing::WithParamInterface<int> {};

TEST_P(RobustReproduceKill, LeavesNoOrphanAndNoReport) {
  const int sig = GetParam();
  auto& job = start(words("reproduce --quiet --fig 1 --quality default --out R"));
  std::map<int, std::string> children;
  ASSERT_TRUE(wait_until([&] {
    children = descendants(job.pid);
    return !children.empty() || !running(job);
  })) << "no child process appeared";
  ASSERT_TRUE(running(job)) << "reproduce ended before a child could be caught: " << err_of(job);
  ::kill(job.pid, sig);
  const int code = finish(job, 30s);
  EXPECT_NE(code, 0);
  if (sig == SIGINT) {
    EXPECT_EQ(code, 130) << err_of(job);
  }
  // Children die with their parent (forwarded signal, or PDEATHSIG after a SIGKILL).
  EXPECT_TRUE(wait_until([&] {
    for (const auto& [pid, cmd] : children)
      if (alive(pid) && cmd.find(gdchaos()) != std::string::npos) return false;
    return true;
  }, 5000ms)) << "an orphaned child of reproduce is still running";
  EXPECT_FALSE(fs::exists(fs::symlink_status(at("R")))) << "a killed reproduce left R";
  if (sig != SIGKILL) {
    EXPECT_EQ(leftovers(), std::vector<std::string>{}) << "an interrupted reproduce must clean up";
  }
  // The next run into R cleans what a SIGKILL left.
  const auto next = run("basin --quiet --y 1 --eta 0.5 --res 8 --out R");
  EXPECT_EQ(next.code, 0) << next.err;
  EXPECT_EQ(leftovers(), std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(Signals, RobustReproduceKill, ::testing::Values(SIGINT, SIGTERM, SIGKILL),
                         [](const ::testing::TestParamInfo<int>& i) { return std::string(::sigabbrev_np(i.param)); });

// A slow plotting script: SIGINT to gdchaos must end the script and what the script runs.
class RobustPlotKill : public RobustLive, public ::testing::WithParamInterface<std::string> {};

TEST_P(RobustPlotKill, SigintDuringPlottingLeavesNoOrphan) {
  put("slowplot.sh", "#!/bin/sh\nsleep 47\n");
  fs::permissions(at("slowplot.sh"), fs::perms::owner_all);
  const std::string env = "GDCHAOS_PYTHON=" + at("slowplot.sh").string();
  const std::string args = GetParam() == "scan" ? "scan --quiet --y 1 --eta-range 0.1,1 --count 4 --res 8 --out n"
                                                : "sensitivity --y 1 --eta 0.5 --side 4 --radii 1e-2 --out n";
  auto& job = start(words(args), {env});
  std::map<int, std::string> tree;
  ASSERT_TRUE(wait_until([&] {
    tree = descendants(job.pid);
    for (const auto& [pid, cmd] : tree)
      if (cmd.find("sleep 47") != std::string::npos) return true;
    return !running(job);
  })) << "the plotting script never ran";
  ASSERT_TRUE(running(job)) << err_of(job);
  ::kill(job.pid, SIGINT);
  EXPECT_EQ(finish(job, 30s), 130) << err_of(job);
  EXPECT_TRUE(wait_until([&] {
    for (const auto& [pid, cmd] : tree)
      if (alive(pid)) return false;
    return true;
  }, 5000ms)) << "the plotting script or its sleep outlived gdchaos";
  for (const auto& [pid, cmd] : tree)
    if (alive(pid)) ::kill(pid, SIGKILL);
  EXPECT_FALSE(fs::exists(at("n")));
  EXPECT_EQ(leftovers(), std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(Commands, RobustPlotKill, ::testing::Values("scan", "sensitivity"));

// ---- file systems: full, read-only, mount points (in a private mount namespace) ----

class RobustMount : public RobustLive {
 protected:
  /// Runs `script` with sh in a new mount namespace, in dir_, with $G the gdchaos binary and $D
  /// dir_. Skips when mounting is not allowed here (the script exits 99 when its mount fails).
  Result in_namespace(const std::string& script) {
    const std::string body = "cd \"$D\" || exit 98; " + script;
    const std::string cmd = "D=" + quote(dir_.string()) + " G=" + quote(gdchaos()) + " HOME=" + quote((dir_ / "home").string()) +
                            " GDCHAOS_PYTHON=" GDCHAOS_STAND_IN_PLOTTER " timeout -k 5 60 unshare -m sh -c " + quote(body);
    auto r = sh(cmd);
    // 99: the mount failed; 1 from unshare itself: no mount namespace here; 127: no unshare at all
    if (r.code == 99 || r.code == 127 || (r.code == 1 && r.err.find("unshare") != std::string::npos)) skipped_ = r.err;
    return r;
  }
  std::string skipped_;
};

// The listing of a directory (names, sizes, mtimes), as the script below writes it.
const std::string kList = "find . -printf '%p %y %s %T@\\n' | LC_ALL=C sort";

TEST_F(RobustMount, FullDiskRefusesABasinThatCannotFit) {
  mkdir("mnt");
  const Tree before = snapshot(dir_);
  const auto r = in_namespace(
      "mount -t tmpfs -o size=1m tmpfs mnt || exit 99; echo mine > mnt/thesis.tex; "
      "timeout 20 \"$G\" basin --quiet --y 1 --eta 0.5 --res 512 --out mnt/o; rc=$?; "
      "echo \"LIST $(cd mnt && ls -A | tr '\\n' ' ')\"; exit $rc");
  if (!skipped_.empty()) GTEST_SKIP() << "cannot mount a tmpfs here: " << skipped_;
  expect_refusal(r, "MiB");
  EXPECT_EQ(r.out, "LIST thesis.tex \n");
  EXPECT_EQ(tree_diff(before, snapshot(dir_)), "");
}

TEST_F(RobustMount, DiskFullingDuringARunIsExit1AndLeavesNothing) {
  mkdir("mnt");
  const auto r = in_namespace(
      "mount -t tmpfs -o size=1m tmpfs mnt || exit 99; echo mine > mnt/thesis.tex; "
      "timeout 20 \"$G\" preimages --quiet --y 1 --eta 0.5 --kind saddle --depth 4 --out mnt/p.npy >/dev/null; rc=$?; "
      "echo \"LIST $(cd mnt && ls -A | tr '\\n' ' ')\"; exit $rc");
  if (!skipped_.empty()) GTEST_SKIP() << "cannot mount a tmpfs here: " << skipped_;
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("gdchaos"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("LIST thesis.tex \n"), std::string::npos) << "the full disk holds more than the user's file: " << r.out;
}

TEST_F(RobustMount, BasinFillingTheDiskIsExit1AndLeavesNothing) {
  // The disk has room for the estimate when the run starts; then (the run held with SIGSTOP) a
  // user file takes the space.
  mkdir("mnt");
  const auto r = in_namespace(
      "mount -t tmpfs -o size=40m tmpfs mnt || exit 99; echo mine > mnt/thesis.tex; "
      "\"$G\" basin --preset fig3 --quiet --res 1024 --out mnt/o & pid=$!; "
      "while ! ls -A mnt | grep -q partial; do :; done; kill -STOP $pid; "
      "head -c 50000000 /dev/zero > mnt/filler 2>/dev/null; kill -CONT $pid; wait $pid; echo \"RC $?\"; "
      "rm -f mnt/filler; echo \"LIST $(cd mnt && ls -A | tr '\\n' ' ')\"");
  if (!skipped_.empty()) GTEST_SKIP() << "cannot mount a tmpfs here: " << skipped_;
  if (r.out.find("RC 0") != std::string::npos) GTEST_SKIP() << "the render finished before the disk filled";
  EXPECT_NE(r.out.find("RC 1"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find("LIST thesis.tex \n"), std::string::npos) << r.out;
}

TEST_F(RobustMount, ReadOnlyDirectoryIsRefusedBeforeWork) {
  render("good", "--y 0.5 --lambda 0.2 --eta 1 --res 64");
  mkdir("ro");
  const auto r = in_namespace(
      "mount -t tmpfs -o size=1m tmpfs ro || exit 99; echo mine > ro/thesis.tex; mkdir ro/old; "
      "mount -o remount,ro ro || exit 99; "
      "for a in 'basin --quiet --y 1 --eta 0.5 --res 16 --out ro/o' 'basin --quiet --y 1 --eta 0.5 --res 16 --out ro/old/o' "
      "'preimages --quiet --y 1 --eta 0.5 --kind saddle --depth 1 --out ro/p.npy' "
      "'scan --quiet --y 1 --eta-range 0.1,1 --count 4 --res 8 --out ro/c' "
      "'dimension good --quiet --plot ro/fig.png'; do "
      "  timeout 20 \"$G\" $a >/dev/null 2>err.txt; echo \"RC $? $(wc -l < err.txt) $(grep -c error err.txt)\"; rm -f err.txt; done");
  if (!skipped_.empty()) GTEST_SKIP() << "cannot mount a tmpfs here: " << skipped_;
  std::string expected;
  for (int k = 0; k < 5; ++k) expected += "RC 2 1 1\n";
  EXPECT_EQ(r.out, expected) << "each run: exit code, stderr lines, lines with 'error'\n" << r.err;
}

TEST_F(RobustMount, ImmutableDirectoryIsRefusedBeforeWork) {
  mkdir("locked");
  put("locked/thesis.tex", "mine\n");
  if (std::system(("chattr +i " + quote(at("locked").string()) + " 2>/dev/null").c_str()) != 0)
    GTEST_SKIP() << "chattr +i is not supported here";
  const Tree before = snapshot(dir_);
  for (const auto& args : {"basin --quiet --y 1 --eta 0.5 --res 16 --out locked/o",
                           "preimages --quiet --y 1 --eta 0.5 --kind saddle --depth 1 --out locked/p.npy",
                           "sensitivity --y 1 --eta 0.5 --side 4 --radii 1e-2 --out locked/s"}) {
    SCOPED_TRACE(args);
    expect_refusal(run(args));
  }
  EXPECT_EQ(tree_diff(before, snapshot(dir_)), "");
  (void)!std::system(("chattr -i " + quote(at("locked").string())).c_str());
}

TEST_F(RobustMount, TmpfsMountPointHoldingAnEarlierOutputIsNeverReplaced) {
  render("o", "--y 1 --eta 0.9 --res 8");
  mkdir("mnt");
  const auto r = in_namespace(
      "mount -t tmpfs -o size=4m tmpfs mnt || exit 99; cp -a o/. mnt/ || exit 97; "
      "before=$(cd mnt && " + kList + "); "
      "timeout 20 \"$G\" basin --quiet --y 1 --eta 0.5 --res 16 --force --out mnt; rc=$?; "
      "after=$(cd mnt && " + kList + "); [ \"$before\" = \"$after\" ] && echo SAME; exit $rc");
  if (!skipped_.empty()) GTEST_SKIP() << "cannot mount a tmpfs here: " << skipped_;
  expect_refusal(r, "mount point");
  EXPECT_EQ(r.out, "SAME\n") << "the mounted output changed";
}

TEST_F(RobustMount, BindMountPointHoldingAnEarlierOutputIsNeverReplaced) {
  render("o", "--y 1 --eta 0.9 --res 8");
  mkdir("mnt");
  const auto r = in_namespace(
      "mount --bind o mnt || exit 99; before=$(cd mnt && " + kList + "); "
      "timeout 20 \"$G\" basin --quiet --y 1 --eta 0.5 --res 16 --force --out mnt; rc=$?; "
      "after=$(cd mnt && " + kList + "); [ \"$before\" = \"$after\" ] && echo SAME; exit $rc");
  if (!skipped_.empty()) GTEST_SKIP() << "cannot bind-mount here: " << skipped_;
  expect_refusal(r, "mount point");
  EXPECT_EQ(r.out, "SAME\n") << "the mounted output changed";
}

}  // namespace
}  // namespace gdchaos::robust
