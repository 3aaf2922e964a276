// The command line as a user meets it: the output contract, presets, re-runs from meta.json,
// and one clear line with exit code 2 for every kind of bad input.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"
#include "gdchaos/io/npy.hpp"

namespace fs = std::filesystem;
using gdchaos::testing::slurp;

namespace {

class Cli : public gdchaos::testing::CliTest {};

TEST_F(Cli, BasinWritesTheOutputContract) {
  const auto out = dir_ / "fig3";
  const auto r = run("basin --y 0.5 --lambda 0.2 --eta 1 --window -4,4,-4,4 --res 64,48 --quiet --coord 1 --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"meta.json", "status.npy", "steps.npy", "loss.npy", "norm2.npy", "imbalance.npy",
                        "sharpness.npy", "attractor.npy", "coord.npy", "basin.png"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  const auto status = gdchaos::npy::read(out / "status.npy");
  EXPECT_EQ(status.shape, (std::vector<std::int64_t>{48, 64}));
  const auto meta = nlohmann::json::parse(slurp(out / "meta.json"));
  std::int64_t total = 0;
  for (const auto& [k, v] : meta["counts"].items()) total += v.get<std::int64_t>();
  EXPECT_EQ(total, 48 * 64);
  EXPECT_EQ(meta["recipe"]["res"], nlohmann::json({64, 48}));
  EXPECT_EQ(meta["plane"]["dir1"], nlohmann::json({1.0, 0.0}));
  EXPECT_EQ(meta["engine"], "exact");
  EXPECT_TRUE(meta.contains("wall_seconds"));
  EXPECT_TRUE(meta.contains("gdchaos_version"));
  // No temporary directories are left behind.
  for (const auto& e : fs::directory_iterator(dir_)) EXPECT_EQ(e.path().filename().string().find(".fig3"), std::string::npos);
}

TEST_F(Cli, NumpyReadsTheArrays) {
  const auto out = dir_ / "b";
  ASSERT_EQ(run("basin --y 1 --eta 0.9 --res 40 --quiet --out " + out.string()).code, 0);
  const std::string script =
      "import numpy as np, json, sys\n"
      "d = sys.argv[1]\n"
      "s = np.load(d + '/status.npy'); l = np.load(d + '/loss.npy'); a = np.load(d + '/attractor.npy')\n"
      "assert s.dtype == np.uint8 and s.shape == (40, 40), (s.dtype, s.shape)\n"
      "assert l.dtype == np.float32 and a.dtype == np.int16\n"
      "conv = (s == 1) | (s == 2)\n"
      "assert np.isnan(l[~conv]).all() and np.isfinite(l[conv]).all()\n"
      "assert np.load(d + '/steps.npy').dtype == np.int32\n"
      "m = json.load(open(d + '/meta.json'))\n"
      "assert m['counts']['converged'] == int((s == 1).sum())\n"
      "assert m['theorem1']['fraction_agreeing'] == 1.0 and m['theorem1']['pixels_checked'] > 1000\n";
  std::ofstream(dir_ / "check.py") << script;
  const std::string cmd = std::string(GDCHAOS_PYTHON) + " " + (dir_ / "check.py").string() + " " + out.string();
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

TEST_F(Cli, MetaJsonRerunsTheSameRender) {
  const auto a = dir_ / "a", b = dir_ / "b";
  ASSERT_EQ(run("basin --d 3 --y 1 --lambda 0.1 --eta 0.5 --plane random --seed 7 --res 48 --quiet --out " + a.string()).code, 0);
  ASSERT_EQ(run("basin --preset " + (a / "meta.json").string() + " --quiet --out " + b.string()).code, 0);
  EXPECT_EQ(slurp(a / "status.npy"), slurp(b / "status.npy"));
  EXPECT_EQ(slurp(a / "norm2.npy"), slurp(b / "norm2.npy"));
  const auto ma = nlohmann::json::parse(slurp(a / "meta.json")), mb = nlohmann::json::parse(slurp(b / "meta.json"));
  EXPECT_EQ(ma["plane"], mb["plane"]);
}

TEST_F(Cli, PresetWithOverrides) {
  const auto out = dir_ / "p";
  ASSERT_EQ(run("basin --preset fig3 --res 32 --eta 0.9 --quiet --out " + out.string()).code, 0);
  const auto meta = nlohmann::json::parse(slurp(out / "meta.json"));
  EXPECT_EQ(meta["recipe"]["eta"], 0.9);
  EXPECT_EQ(meta["recipe"]["res"], nlohmann::json({32, 32}));
  EXPECT_EQ(meta["recipe"]["color"], "attractor");
  EXPECT_DOUBLE_EQ(meta["problem"]["reg_coef"].get<double>(), 0.1);
}

TEST_F(Cli, DenseGeneralProblem) {
  const auto out = dir_ / "g";
  const auto r = run("basin --d 5 --m 4 --n 4 --target diag:0.2,0.5,0.7,0.9 --eta 0.3 --plane random --seed 7 "
                     "--res 24 --color norm2 --quiet --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto meta = nlohmann::json::parse(slurp(out / "meta.json"));
  EXPECT_EQ(meta["engine"], "dense");
  EXPECT_EQ(meta["plane"]["base"].size(), 40u);
  EXPECT_GT(meta["counts"]["converged"].get<int>(), 0);
}

TEST_F(Cli, RefusesNonEmptyOutputUnlessForced) {
  const auto out = dir_ / "o";
  fs::create_directories(out);
  std::ofstream(out / "keep.txt") << "x";
  const auto r = run("basin --y 1 --eta 0.5 --res 8 --quiet --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(fs::exists(out / "keep.txt"));
  // --force replaces earlier gdchaos output only, never an arbitrary directory
  EXPECT_EQ(run("basin --y 1 --eta 0.5 --res 8 --quiet --force --out " + out.string()).code, 2);
  EXPECT_TRUE(fs::exists(out / "keep.txt"));
  const auto ours = dir_ / "ours";
  ASSERT_EQ(run("basin --y 1 --eta 0.5 --res 8 --quiet --out " + ours.string()).code, 0);
  EXPECT_EQ(run("basin --y 1 --eta 0.7 --res 8 --quiet --out " + ours.string()).code, 2);
  EXPECT_EQ(run("basin --y 1 --eta 0.7 --res 8 --quiet --force --out " + ours.string()).code, 0);
  EXPECT_EQ(nlohmann::json::parse(slurp(ours / "meta.json"))["problem"]["eta"], 0.7);
  // not the directory we stand in, even when it holds gdchaos output
  const int code = std::system(("cd " + ours.string() + " && " + GDCHAOS_CLI +
                                " basin --y 1 --eta 0.5 --res 8 --quiet --force --out . 2>/dev/null").c_str());
  EXPECT_EQ(WEXITSTATUS(code), 2);
  EXPECT_TRUE(fs::exists(ours / "meta.json"));
}

TEST_F(Cli, BadInputIsOneLineAndExitCodeTwo) {
  std::ofstream(dir_ / "bad_plane.json") << "{\"base\": [0, 0], \"dir1\": [1, 0";
  std::ofstream(dir_ / "short_plane.json") << R"({"base": [0, 0, 0], "dir1": [1, 0], "dir2": [0, 1]})";
  std::ofstream(dir_ / "parallel_plane.json") << R"({"base": [0, 0], "dir1": [1, 1], "dir2": [2, 2]})";
  fs::create_directories(dir_ / "sub.json");
  const std::string base = "basin --y 1 --eta 0.5 --res 16 --quiet ";
  const std::vector<std::string> cases = {
      "basin --y 1 --eta abc --res 16",
      "basin --y 1 --eta nan --res 16",
      "basin --y 1 --eta inf --res 16",
      "basin --y 1 --eta -1 --res 16",
      "basin --y 1 --eta 0 --res 16",
      "basin --y nan --eta 0.5",
      base + "--window 1,2,3",
      base + "--window 4,-4,-4,4",
      base + "--res 0",
      base + "--res 16,abc",
      base + "--res 200000,200000",
      base + "--plane " + (dir_ / "bad_plane.json").string(),
      base + "--plane " + (dir_ / "short_plane.json").string(),
      base + "--plane nowhere.json",
      base + "--preset nope",
      base + "--color rainbow",
      base + "--color coord",
      base + "--coord 5",
      base + "--engine warp",
      base + "--lambda -1",
      base + "--momentum 1",
      base + "--max-iter 0",
      "basin --target diag:1,2 --m 3 --eta 0.5 --res 8 --quiet",
      "basin --target diag:1,x --eta 0.5 --res 8 --quiet",
      "basin --target diag:1,2 --engine exact --eta 0.5 --res 8 --quiet",
      "basin --target missing.npy --eta 0.5 --res 8 --quiet",
      "basin --y 1 --d 0 --eta 0.5 --res 8 --quiet",
      "basin --y 1 --eta 0.5 --res 8 --bogus-flag 3",
      "basin --y 1 --res 8 --quiet",
      base + "--threads 100000",
      base + "--plane " + dir_.string(),
      base + "--window -1e308,1e308,-1,1",
      base + "--plane " + (dir_ / "parallel_plane.json").string(),
      base + "--plane " + (dir_ / "parallel_plane.json").string() + " --base 1,2",
      "basin --y 1 --target 2 --eta 0.5 --res 8 --quiet",
      "basin --y 1 --lambda 0.1 --reg-coef 0.1 --eta 0.5 --res 8 --quiet",
      "basin --target " + dir_.string() + "/sub.json --eta 0.5 --res 8 --quiet",
  };
  for (const auto& c : cases) {
    const auto out = dir_ / "never";
    const auto r = run(c + " --out " + out.string());
    EXPECT_EQ(r.code, 2) << c << "\n" << r.err;
    EXPECT_EQ(r.err_lines(), 1) << c << "\n" << r.err;
    EXPECT_NE(r.err.find("error"), std::string::npos) << c;
    EXPECT_FALSE(fs::exists(out)) << c;
  }
}

TEST_F(Cli, InterruptedRunsLeaveNoOutputAndAreCleanedUp) {
  // a temporary left by a process that no longer exists is removed by the next run
  // (it carries the staging marker and nobody holds its lock); a look-alike without the marker is
  // not gdchaos's and stays
  const auto stale = dir_ / ".m.partial-999999999-1", lookalike = dir_ / ".m.partial-999999999-2";
  fs::create_directories(stale);
  fs::create_directories(lookalike);
  std::ofstream(stale / "status.npy") << "half";
  std::ofstream(stale / ".gdchaos-partial");
  std::ofstream(lookalike / "notes.txt") << "mine";
  ASSERT_EQ(run("basin --y 1 --eta 0.5 --res 8 --quiet --out " + (dir_ / "m").string()).code, 0);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(lookalike / "notes.txt"));
  // a run killed mid-way leaves nothing that looks complete
  const auto big = dir_ / "big";
  std::system(("timeout -s KILL 0.3 " + std::string(GDCHAOS_CLI) + " basin --preset fig3 --res 8192 --quiet --out " +
               big.string() + " 2>/dev/null")
                  .c_str());
  EXPECT_FALSE(fs::exists(big / "meta.json"));
  // and the next run into the same place removes what the killed one left. (The killed process
  // may take a moment to die after `timeout` returns; until then its lock says it is running.)
  gdchaos::testing::CliResult next{};
  for (int attempt = 0; attempt < 50; ++attempt) {
    next = run("basin --y 1 --eta 0.5 --res 8 --quiet --out " + big.string());
    if (next.code != 2 || next.err.find("another gdchaos run") == std::string::npos) break;
    ::usleep(100'000);
  }
  ASSERT_EQ(next.code, 0) << next.err;
  for (const auto& e : fs::directory_iterator(dir_))
    EXPECT_EQ(e.path().filename().string().rfind(".big.partial-", 0), std::string::npos) << e.path();
}

TEST_F(Cli, OutputPathForms) {
  // a trailing slash names the same directory; a path under a regular file is refused up front
  ASSERT_EQ(run("basin --y 1 --eta 0.5 --res 8 --quiet --out " + (dir_ / "slash").string() + "/").code, 0);
  EXPECT_TRUE(fs::exists(dir_ / "slash" / "meta.json"));
  ASSERT_EQ(run("basin --y 1 --eta 0.5 --res 8 --quiet --out " + (dir_ / "a" / "b" / "c").string()).code, 0);
  EXPECT_TRUE(fs::exists(dir_ / "a" / "b" / "c" / "status.npy"));
  std::ofstream(dir_ / "file") << "x";
  const auto r = run("basin --y 1 --eta 0.5 --res 8 --quiet --out " + (dir_ / "file" / "x").string());
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err_lines(), 1) << r.err;
}

TEST_F(Cli, CriticalPrintsTheoremOne) {
  const auto r = run("critical --u 1.0,0.2 --v 0.5,-0.1 --y 1");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_DOUBLE_EQ(j["eta_star"].get<double>(), 1.0);
  EXPECT_EQ(j["active"], "1/|y|");
  const auto q = nlohmann::json::parse(run("critical --u 2 --v 1.5 --y 1").out);
  EXPECT_EQ(q["active"], "quadric");
  for (const char* bad : {"critical --u 1 --v 1 --y 1 --lambda 0.2", "critical --u 1,2 --v 1 --y 1",
                          "critical --u 1 --v x --y 1", "critical --u 1e200 --v 1e200 --y 1"}) {
    const auto b = run(bad);
    EXPECT_EQ(b.code, 2) << bad;
    EXPECT_EQ(b.err_lines(), 1) << b.err;
  }
}

// A target of higher rank than d: the render runs, and says once that GD can fit only d singular
// values (with the global minimum it then has), as meta.json records the rank.
TEST_F(Cli, ARankDeficientFactorizationIsNoted) {
  const auto out = dir_ / "d1";
  const auto r = run("basin --target diag:1,0.5,0.2 --eta 0.3 --res 8 --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("gdchaos: note: d = 1 < rank Y = 3"), std::string::npos) << r.err;
  const auto meta = nlohmann::json::parse(slurp(out / "meta.json"));
  EXPECT_EQ(meta["problem"]["target_rank"], 3);
  char loss[32];
  std::snprintf(loss, sizeof loss, "L* = %.6g", meta["problem"]["global_min_loss"].get<double>());
  EXPECT_NE(r.err.find(loss), std::string::npos) << r.err;
  const auto full = run("basin --target diag:1,0.5,0.2 --d 3 --eta 0.3 --res 8 --out " + (dir_ / "d3").string());
  ASSERT_EQ(full.code, 0) << full.err;
  EXPECT_EQ(full.err.find("note:"), std::string::npos) << full.err;
  const auto quiet = run("basin --target diag:1,0.5,0.2 --eta 0.3 --res 8 --quiet --out " + (dir_ / "q").string());
  EXPECT_EQ(quiet.err, "");
}

}  // namespace
