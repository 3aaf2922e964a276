// The deep linear family end to end: `gdchaos basin --depth K` writes the output contract through
// the generic engine, meta.json re-runs it to the same bytes, and `dimension` and `uncertainty`
// measure it like any other map.
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

namespace fs = std::filesystem;
using gdchaos::testing::slurp;

namespace {

class DeepLinearCli : public gdchaos::testing::CliTest {};

constexpr const char* kToy = "--depth 3 --y 1 --lambda 0.05 --eta 0.42 --window -2,2,-2,2 --seed 0";

TEST_F(DeepLinearCli, BasinWritesTheContractAndReRunsFromItsMeta) {
  const auto map = render("toy", std::string(kToy) + " --res 96 --color imbalance");
  for (const char* f : {"status.npy", "steps.npy", "attractor.npy", "loss.npy", "norm2.npy", "sharpness.npy",
                        "imbalance.npy", "basin.png", "meta.json"})
    EXPECT_TRUE(fs::exists(map / f)) << f;
  const auto meta = nlohmann::json::parse(slurp(map / "meta.json"));
  EXPECT_EQ(meta["engine"], "generic");
  EXPECT_EQ(meta["problem"]["family"], "deep_linear");
  EXPECT_EQ(meta["problem"]["depth"], 3);
  EXPECT_EQ(meta["recipe"]["depth"], 3);
  EXPECT_EQ(meta["plane"]["base"].size(), 3u);  // θ = (x₁, x₂, x₃)
  EXPECT_GT(meta["counts"]["converged"].get<long>(), 96 * 96 / 4);
  EXPECT_GT(meta["counts"]["diverged"].get<long>(), 0);
  for (const char* f : {"imbalance", "loss", "norm2", "sharpness"}) EXPECT_TRUE(meta["arrays"].contains(f)) << f;
  // Four sign patterns with x₁x₂x₃ > 0 are the minimizers (λ > 0 makes them isolated).
  EXPECT_GE(meta["attractors"].size(), 4u);

  const auto again = dir_ / "again";
  const auto r = run("basin --preset " + (map / "meta.json").string() + " --quiet --out " + again.string());
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"status.npy", "steps.npy", "attractor.npy", "imbalance.npy", "loss.npy", "basin.png"})
    EXPECT_EQ(slurp(map / f), slurp(again / f)) << f;
}

TEST_F(DeepLinearCli, DimensionAndUncertaintyMeasureIt) {
  const auto map = render("toy", std::string(kToy) + " --res 192");
  const auto d = run("dimension " + map.string() + " --quiet --plot " + (dir_ / "dim.png").string());
  ASSERT_EQ(d.code, 0) << d.err;
  const auto dj = nlohmann::json::parse(d.out);
  EXPECT_GT(dj["dimension"].get<double>(), 0.9);
  EXPECT_LT(dj["dimension"].get<double>(), 2.0);
  EXPECT_EQ(dj["recipe"]["depth"], 3);
  const auto u = run("uncertainty " + map.string() + " --samples 4000 --eps 1e-4,1e-2 --eps-count 5 --seed 1 --quiet");
  ASSERT_EQ(u.code, 0) << u.err;
  const auto uj = nlohmann::json::parse(u.out);
  EXPECT_GT(uj["alpha"].get<double>(), 0.0);
  EXPECT_LE(uj["alpha"].get<double>(), 1.2);
  EXPECT_EQ(uj["recipe"]["depth"], 3);
}

TEST_F(DeepLinearCli, WhatOnlyTheFactorizationHasIsRefusedInOneLine) {
  for (const std::string flags : {"--depth 3 --y 1 --eta 0.4 --engine dense", "--depth 3 --y 1 --eta 0.4 --engine exact",
                                  "--depth 3 --y 1 --eta 0.4 --plane quotient",
                                  "--depth 2 --y 1 --eta 0.4 --plane hyper --axis1 eta:0.1,1 --axis2 lambda:0,1 --init 1,1",
                                  "--depth 1 --y 1 --eta 0.4", "--depth 3.5 --y 1 --eta 0.4", "--depth 3 --y 1 --eta 1e-30"}) {
    const auto r = run("basin " + flags + " --quiet --out " + (dir_ / "refused").string());
    EXPECT_EQ(r.code, 2) << flags << ": " << r.err;
    EXPECT_EQ(r.err_lines(), 1) << flags << ": " << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "refused")) << flags;
  }
  const auto toy = render("toy", std::string(kToy) + " --res 16");
  for (const std::string& cmd : {"sensitivity --preset " + (toy / "meta.json").string() + " --out " + (dir_ / "s").string(),
                                "scan --preset " + (toy / "meta.json").string() + " --out " + (dir_ / "s").string()}) {
    const auto r = run(cmd + " --quiet");
    EXPECT_EQ(r.code, 2) << cmd << ": " << r.err;
    EXPECT_EQ(r.err_lines(), 1) << r.err;
  }
}

}  // namespace
