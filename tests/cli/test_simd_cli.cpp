// The SIMD target from the command line: --version and meta.json say which one ran, GDCHAOS_SIMD
// chooses one (the same map on each), and a target the CPU lacks is one line and exit code 2.
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

using namespace gdchaos::testing;

namespace {

class SimdCli : public CliTest {
 protected:
  CliResult run_on(const char* target, const std::string& args) const {
    ::setenv("GDCHAOS_SIMD", target, 1);
    const auto r = run(args);
    ::unsetenv("GDCHAOS_SIMD");
    return r;
  }
};

TEST_F(SimdCli, VersionAndMetaSayWhichTargetRan) {
  const auto v = run("--version");
  ASSERT_EQ(v.code, 0) << v.err;
  EXPECT_NE(v.out.find("SIMD target: "), std::string::npos) << v.out;
  const auto base = run_on("baseline", "--version");
  ASSERT_EQ(base.code, 0) << base.err;
  EXPECT_NE(base.out.find("SIMD target: baseline"), std::string::npos) << base.out;
  const auto out = render("map", "--y 1 --eta 0.99 --window=-2,2,-2,2 --res 24");
  const auto meta = nlohmann::json::parse(slurp(out / "meta.json"));
  ASSERT_TRUE(meta.contains("simd"));
  EXPECT_NE(v.out.find("SIMD target: " + meta["simd"].get<std::string>()), std::string::npos);
}

TEST_F(SimdCli, TheBaselineWritesTheSameArraysAsTheBestTarget) {
  const std::string flags = "basin --y 0.5 --lambda 0.2 --eta 1 --window=-4,4,-4,4 --res 40 --quiet --out ";
  ASSERT_EQ(run(flags + (dir_ / "best").string()).code, 0);
  const auto r = run_on("baseline", flags + (dir_ / "base").string());
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"status.npy", "steps.npy", "attractor.npy", "norm2.npy", "sharpness.npy"})
    EXPECT_EQ(slurp(dir_ / "best" / f), slurp(dir_ / "base" / f)) << f;
  EXPECT_EQ(nlohmann::json::parse(slurp(dir_ / "base" / "meta.json"))["simd"], "baseline");
}

TEST_F(SimdCli, AnUnknownTargetIsOneLineAndExitCodeTwo) {
  for (const char* bad : {"sse9", "avx512-please"}) {
    const auto r = run_on(bad, "basin --preset fig3 --res 8 --quiet --out " + (dir_ / "x").string());
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_EQ(r.err_lines(), 1) << r.err;
    EXPECT_NE(r.err.find("GDCHAOS_SIMD"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "x")) << "nothing is written";
  }
}

}  // namespace
