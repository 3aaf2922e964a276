// Numbers on the command line: every refused value is one line on stderr, exit code 2, and
// nothing written (the --out path does not exist afterwards).
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
  /// Runs each command with `--out OUT` appended and expects a refusal.
  void expect_refused(const std::vector<std::string>& commands, const std::string& out_name = "never") {
    for (const auto& c : commands) {
      const auto out = dir_ / out_name;
      const auto r = run(c + " --out " + out.string());
      EXPECT_EQ(r.code, 2) << c << "\n" << r.err;
      EXPECT_EQ(r.err_lines(), 1) << c << "\n" << r.err;
      EXPECT_NE(r.err.find("error"), std::string::npos) << c << "\n" << r.err;
      EXPECT_FALSE(fs::exists(out)) << c;
    }
  }
};

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
  });
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
