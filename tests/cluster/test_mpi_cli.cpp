// gdchaos under mpirun (Open MPI on localhost, --oversubscribe): renders, network slices and
// scans shared across 2 and 3 ranks give byte for byte the output of a single-process run; a bad
// input is one line and exit 2 from rank 0 alone; a render killed part-way resumes under MPI.
#include <signal.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

namespace gdchaos::testing {
namespace {

namespace fs = std::filesystem;

class MpiCli : public CliTest {
 protected:
  /// `mpirun -np RANKS gdchaos ARGS` (as root too: Open MPI asks for the two variables).
  CliResult mpirun(int ranks, const std::string& args) const {
    return run_raw("OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 " +
                   std::string(GDCHAOS_MPIEXEC) + " --oversubscribe -np " + std::to_string(ranks) + " " + GDCHAOS_CLI +
                   " " + args);
  }
  CliResult run_raw(const std::string& cmd) const {
    const auto out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    const int status = std::system((cmd + " >" + out.string() + " 2>" + err.string()).c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  }
  /// Every file of two outputs byte for byte, the JSON summary `meta` but for how the run went.
  void expect_same_output(const fs::path& a, const fs::path& b, const std::string& meta) const {
    std::vector<std::string> na, nb;
    for (const auto& e : fs::directory_iterator(a)) na.push_back(e.path().filename().string());
    for (const auto& e : fs::directory_iterator(b)) nb.push_back(e.path().filename().string());
    std::sort(na.begin(), na.end()), std::sort(nb.begin(), nb.end());
    ASSERT_EQ(na, nb);
    for (const auto& name : na) {
      if (name == meta || name == ".gdchaos-manifest.json") continue;
      EXPECT_TRUE(slurp(a / name) == slurp(b / name)) << name << " differs between " << a << " and " << b;
    }
    auto ma = nlohmann::json::parse(slurp(a / meta)), mb = nlohmann::json::parse(slurp(b / meta));
    EXPECT_EQ(ma.value("ranks", 0), 1);
    EXPECT_GT(mb.value("ranks", 0), 1);
    for (auto* m : {&ma, &mb})
      for (const char* key : {"wall_seconds", "rank_seconds", "queue_seconds", "threads", "ranks"}) m->erase(key);
    EXPECT_EQ(ma, mb);
  }
  void expect_distributed_matches(const std::string& command, const std::string& meta) {
    const auto one = run(command + " --out " + (dir_ / "one").string());
    ASSERT_EQ(one.code, 0) << one.err;
    for (int ranks : {2, 3}) {
      const auto out = dir_ / ("np" + std::to_string(ranks));
      const auto r = mpirun(ranks, command + " --threads 1 --out " + out.string());
      ASSERT_EQ(r.code, 0) << r.err;
      expect_same_output(dir_ / "one", out, meta);
    }
  }
};

// λ = 0 on the quotient plane: the exact engine's certified exit, whose schedule carries from
// pixel to pixel inside a tile — the case where a band that cut a tile would differ.
TEST_F(MpiCli, ARenderIsBitIdenticalOnTwoAndThreeRanks) {
  expect_distributed_matches("basin --y 1 --eta 0.9 --plane quotient --window -2,2,0,4 --res 512,96 --color steps --quiet",
                             "meta.json");
}

TEST_F(MpiCli, ASliceOfARandomPlaneIsBitIdentical) {
  expect_distributed_matches("basin --preset fig3 --res 300,200 --color attractor --quiet", "meta.json");
}

TEST_F(MpiCli, ANetworkSliceIsBitIdentical) {
  expect_distributed_matches(
      "net basin --data gaussian --features 3 --arch 5 --activation tanh --eta 0.8 --steps 300 --res 24 --quiet", "meta.json");
}

TEST_F(MpiCli, ANetworkScanIsBitIdentical) {
  expect_distributed_matches("net scan --data gaussian --features 3 --arch 5 --activation tanh --weight-decay 0.01 "
                             "--steps 400 --eta-range 0.05,4 --points 25 --momentum 0.5 --quiet",
                             "scan.json");
}

TEST_F(MpiCli, ARegionScanIsBitIdentical) {
  expect_distributed_matches("scan --y 1 --eta-range 0.2,1.2 --count 12 --res 32 --quiet", "scan.json");
}

TEST_F(MpiCli, ABadInputIsOneLineFromRankZeroAndExitTwo) {
  const auto r = mpirun(3, "basin --preset fig3 --res 0 --quiet --out " + (dir_ / "x").string());
  EXPECT_EQ(r.code, 2) << r.err;
  std::size_t lines = 0;
  for (std::size_t at = 0; (at = r.err.find("gdchaos: error:", at)) != std::string::npos; ++at) ++lines;
  EXPECT_EQ(lines, 1u) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "x"));
}

// A failure on one rank only (here: rank 1 is given a preset file that does not exist, as a node
// may lack a file the others have) ends every rank, with that rank's error: no hang.
TEST_F(MpiCli, AFailureOnOneRankOnlyEndsTheJobWithItsError) {
  const std::string out = (dir_ / "x").string();
  const auto r = run_raw("OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 timeout 120 " + std::string(GDCHAOS_MPIEXEC) +
                         " --oversubscribe -np 1 " + GDCHAOS_CLI + " basin --preset fig3 --res 64 --quiet --out " + out +
                         " : -np 1 " + GDCHAOS_CLI + " basin --preset " + (dir_ / "absent.json").string() +
                         " --res 64 --quiet --out " + out);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("gdchaos: error: rank 1: "), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "x"));
}

TEST_F(MpiCli, AnOccupiedOutputIsRefusedOnEveryRank) {
  fs::create_directories(dir_ / "x");
  { std::ofstream(dir_ / "x" / "mine.txt") << "user data"; }
  const auto r = mpirun(2, "basin --preset fig3 --res 64 --quiet --out " + (dir_ / "x").string());
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(slurp(dir_ / "x" / "mine.txt"), "user data");
}

// A single-process render killed part-way is finished by three ranks, as if never interrupted.
TEST_F(MpiCli, AKilledRenderResumesAcrossRanks) {
  const std::string job = "basin --preset fig3 --threads 1 --res 512,16384 --max-iter 3000 --quiet";
  const auto target = dir_ / "T";
  const pid_t pid = ::fork();
  if (pid == 0) {
    const std::string cmd = std::string(GDCHAOS_CLI) + " " + job + " --out " + target.string();
    ::execl("/bin/sh", "sh", "-c", ("exec " + cmd + " 2>/dev/null").c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto lines = [&] {
    for (const auto& e : fs::directory_iterator(dir_))
      if (e.path().filename().string().rfind(".T.partial-", 0) == 0) {
        const std::string text = slurp(e.path() / ".gdchaos-checkpoint.jsonl");
        return std::count(text.begin(), text.end(), '\n');
      }
    return std::ptrdiff_t{0};
  };
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (lines() < 3 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the render ended before it was killed";
  const auto r = mpirun(3, job + " --resume --out " + target.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto whole = run(job + " --out " + (dir_ / "W").string());
  ASSERT_EQ(whole.code, 0) << whole.err;
  auto a = nlohmann::json::parse(slurp(target / "meta.json")), b = nlohmann::json::parse(slurp(dir_ / "W" / "meta.json"));
  for (auto* m : {&a, &b})
    for (const char* key : {"wall_seconds", "rank_seconds", "queue_seconds", "threads", "ranks"}) m->erase(key);
  EXPECT_EQ(a, b);
  for (const char* f : {"status.npy", "steps.npy", "attractor.npy", "loss.npy", "norm2.npy", "basin.png"})
    EXPECT_TRUE(slurp(target / f) == slurp(dir_ / "W" / f)) << f;
}

}  // namespace
}  // namespace gdchaos::testing
