// Numbers on the command line: every refused value is one line on stderr, exit code 2, and
// nothing written (the --out path does not exist afterwards).
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

namespace fs = std::filesystem;

namespace {

class Numbers : public gdchaos::testing::CliTest {
 protected:
  /// Runs each command with `--out OUT` appended and expects a refusal whose one line says `why`.
  void expect_refused(const std::vector<std::string>& commands, const std::string& why,
                      const std::string& out_name = "never") {
    for (const auto& c : commands) {
      const auto out = dir_ / out_name;
      const auto r = run(c + " --out " + out.string());
      EXPECT_EQ(r.code, 2) << c << "\n" << r.err;
      EXPECT_EQ(r.err_lines(), 1) << c << "\n" << r.err;
      EXPECT_NE(r.err.find("error"), std::string::npos) << c << "\n" << r.err;
      EXPECT_NE(r.err.find(why), std::string::npos) << c << "\n" << r.err;
      EXPECT_FALSE(fs::exists(out)) << c;
    }
  }
};

TEST_F(Numbers, RecipeNumbersThatAreNotPlainAreRefused) {
  std::vector<std::string> cases;
  for (const char* bad : {"+-1", "1e", "0x10", "' 1'", "'1 '", "inf", "nan", "--1", "-inf", "1e400"})
    cases.push_back(std::string("basin --y 1 --res 8 --quiet --eta=") + bad);
  cases.push_back("basin --y 1 --eta 0.5 --res 8 --quiet --window=-4,+-4,-4,4");
  cases.push_back("basin --y 1 --eta 0.5 --res 8 --quiet --lambda=+-0.1");
  cases.push_back("scan --y 1 --init 2,0.7 --eta-range=+-1,1.2 --quiet");
  cases.push_back("sensitivity --y 1 --data-coef 1 --eta 0.45 --radii=1e-2,nan");
  expect_refused(cases, "' is ");  // "'+-1' is not a number", "'inf' is not a finite number", …
}

TEST_F(Numbers, IntegerRecipeFlagsAreExact) {
  std::vector<std::string> cases;
  const std::string base = "basin --y 1 --eta 0.5 --quiet ";
  for (const char* bad : {"16.0", "1e2", "0x10", "' 16'", "+16", "16,8.5", "0", "99999999999999999999"})
    cases.push_back(base + "--res=" + bad);
  for (const char* bad : {"1.5", "1e3", "0x10", "-1", "18446744073709551616", "9007199254740993.0"})
    cases.push_back(base + "--res 8 --d 2 --plane random --seed=" + bad);
  for (const char* flag : {"--max-iter=1e4", "--check-every=16.0", "--coord=1.0", "--d=1.0", "--max-iter=-5"})
    cases.push_back(base + "--res 8 " + flag);
  expect_refused(cases, "integer");

  // A seed beyond 2^53 is kept exactly (it was rounded to the neighbouring even one), and a
  // render from meta.json uses the same plane.
  const auto a = render("a", "--y 1 --d 2 --eta 0.5 --res 8 --plane random --seed 9007199254740993");
  const auto b = render("b", "--y 1 --d 2 --eta 0.5 --res 8 --plane random --seed 9007199254740992");
  const auto ma = nlohmann::json::parse(gdchaos::testing::slurp(a / "meta.json"));
  const auto mb = nlohmann::json::parse(gdchaos::testing::slurp(b / "meta.json"));
  EXPECT_EQ(ma["recipe"]["seed"].get<std::uint64_t>(), 9007199254740993ULL);
  EXPECT_NE(ma["plane"], mb["plane"]);
  const auto c = render("c", "--preset " + (a / "meta.json").string());
  EXPECT_EQ(nlohmann::json::parse(gdchaos::testing::slurp(c / "meta.json"))["plane"], ma["plane"]);
  // "010" is ten (decimal), not eight (octal)
  const auto d = render("d", "--y 1 --eta 0.5 --res 8 --check-every 010");
  EXPECT_EQ(nlohmann::json::parse(gdchaos::testing::slurp(d / "meta.json"))["recipe"]["check_every"], 10);
}

TEST_F(Numbers, IntegerFlagsOfTheCommandsAreExact) {
  std::vector<std::string> cases;
  for (const char* bad : {"1.5", "0x2", "' 2'", "2e0", "-1", "1025"})
    cases.push_back(std::string("basin --y 1 --eta 0.5 --res 8 --quiet --threads=") + bad);
  for (const char* flag : {"--count=1e2", "--count=20.0", "--count=0x20", "--threads=-1", "--count=1"})
    cases.push_back(std::string("scan --y 1 --init 2,0.7 --eta-range 0.1,1.2 --quiet ") + flag);
  for (const char* flag : {"--side=64.0", "--side=1e2", "--side=0x40", "--threads=1.5", "--side=1"})
    cases.push_back(std::string("sensitivity --y 1 --data-coef 1 --eta 0.45 ") + flag);
  expect_refused(cases, "integer");

  // uncertainty reads a map and prints JSON: its flags are refused before anything runs
  const auto map = render("map", "--y 1 --eta 0.5 --res 16");
  for (const char* flag : {"--seed=1.5", "--seed=-1", "--seed=18446744073709551616", "--seed=0x10", "--samples=1e6",
                           "--samples=5", "--eps-count=12.0", "--box=' 5'", "--bootstrap=2e2", "--min-uncertain=+20",
                           "--threads=0x1"}) {
    const auto r = run("uncertainty " + map.string() + " --quiet " + flag);
    EXPECT_EQ(r.code, 2) << flag << "\n" << r.err;
    EXPECT_EQ(r.err_lines(), 1) << flag << "\n" << r.err;
    EXPECT_NE(r.err.find("integer"), std::string::npos) << flag << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << flag;
  }
  // and its seed is exact over the whole 64-bit range
  const auto r = run("uncertainty " + map.string() + " --quiet --samples 100 --eps-count 3 --bootstrap 0 --seed 18446744073709551615");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["seed"].get<std::uint64_t>(), UINT64_MAX);

  // preimages writes one .npy file
  std::vector<std::string> pre;
  for (const char* flag : {"--depth=1.5", "--depth=0x2", "--depth=-1", "--depth=2e0", "--depth 2 --seeds=1e3",
                           "--depth 2 --max-points=2e6", "--depth 2 --seeds=64.0"})
    pre.push_back(std::string("preimages --y 1 --data-coef 1 --eta 0.45 --kind saddle --quiet ") + flag);
  expect_refused(pre, "integer", "never.npy");

  // dimension's box sizes are integers
  for (const char* fit : {"4.0,256", "4,2.56e2", "0x4,256", "4,+256"}) {
    const auto r2 = run("dimension " + map.string() + " --quiet --fit=" + fit);
    EXPECT_EQ(r2.code, 2) << fit << "\n" << r2.err;
    EXPECT_EQ(r2.err_lines(), 1) << fit << "\n" << r2.err;
    EXPECT_NE(r2.err.find("--fit"), std::string::npos) << r2.err;
    EXPECT_FALSE(fs::exists(map / "dimension.png")) << fit;
    EXPECT_FALSE(fs::exists(map / "dimension.json")) << fit;
  }
}

TEST_F(Numbers, FloatFlagsMustBeFiniteAndInRange) {
  std::vector<std::string> threshold, angle;
  const std::string sens = "sensitivity --y 1 --data-coef 1 --eta 0.45 --side 4 ";
  for (const char* bad : {"inf", "nan", "-inf", "0", "-1e-8", "1e", "+-1", "1e400", "0x1"})
    threshold.push_back(sens + "--loss-threshold=" + bad);
  expect_refused(threshold, "--loss-threshold");
  for (const char* bad : {"nan", "inf", "-inf", "0.3.1", "' 0.3'"}) angle.push_back(sens + "--angle=" + bad);
  expect_refused(angle, "--angle");
  std::vector<std::string> pre;
  for (const char* bad : {"nan", "inf", "-inf", "-1", "1e400", "+-0.1"})
    pre.push_back(std::string("preimages --y 1 --data-coef 1 --eta 0.45 --kind saddle --depth 2 --quiet --spacing=") + bad);
  expect_refused(pre, "--spacing", "never.npy");
}

TEST_F(Numbers, StepSizesTooSmallToMoveThetaAreRefused) {
  expect_refused({
      "basin --y 1 --eta 1e-320 --res 16 --quiet",
      "basin --y 1 --eta 1e-320 --engine dense --res 16 --quiet",
      "basin --y 1 --eta 1e-17 --res 16 --quiet",
      "basin --y 1 --lambda 0.2 --eta 1e-300 --plane quotient --window -3,3,0,6 --res 16 --quiet",
      "basin --y 1 --plane hyper --axis1 eta:1e-300,1 --axis2 lambda:0,0.5 --init 1.5,0.3 --res 8 --quiet",
      "basin --y 1 --plane hyper --axis1 lambda:0,0.5 --axis2 eta:1e-300,1 --init 1.5,0.3 --res 8 --quiet",
      "scan --y 1 --init 2,0.7 --eta-range 1e-300,1.2 --count 8 --quiet",
      "scan --y 1 --window -3,3,-3,3 --res 8 --eta-range 1e-300,1.2 --count 8 --quiet",
      "sensitivity --y 1 --data-coef 1 --eta 1e-300 --side 4",
  }, "too small");
}

TEST_F(Numbers, UncertaintyRefusesAMetaJsonWithATooSmallStepSize) {
  const auto out = render("map", "--y 1 --eta 0.5 --res 16");
  auto meta = nlohmann::json::parse(gdchaos::testing::slurp(out / "meta.json"));
  meta["recipe"]["eta"] = 1e-300;
  std::ofstream(out / "meta.json") << meta.dump();
  const auto r = run("uncertainty " + out.string() + " --samples 100 --quiet");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err_lines(), 1) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(Numbers, SmallButResolvableStepSizesRun) {
  // η = 1e-12 moves θ: it runs, and the slow orbits are undecided rather than "converged".
  const auto out = render("small", "--y 1 --lambda 0.2 --eta 1e-12 --res 16 --max-iter 64");
  EXPECT_TRUE(fs::exists(out / "status.npy"));
}

}  // namespace
