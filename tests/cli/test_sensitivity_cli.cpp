// gdchaos sensitivity end to end.
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

namespace fs = std::filesystem;

namespace {

class SensitivityCli : public gdchaos::testing::CliTest {};

TEST_F(SensitivityCli, WritesSamplesSummaryAndHistograms) {
  const auto r = run("sensitivity --y 1 --data-coef 1 --eta 0.45 --side 16 --radii 1e-3,1e-6 --out " + (dir_ / "s").string());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["per_radius"].size(), 2u);
  EXPECT_NEAR(j["theorem1_margin_at_centre"].get<double>(), 0.0, 1e-9);
  for (const char* f : {"samples.csv", "summary.json", "sensitivity.png"}) EXPECT_TRUE(fs::exists(dir_ / "s" / f)) << f;
}

TEST_F(SensitivityCli, BadInputIsOneLineAndExitCodeTwo) {
  for (const char* bad : {"sensitivity --y 1 --eta 0.45 --radii 0", "sensitivity --y 1 --eta 0.45 --side 1",
                          "sensitivity --y 1 --eta 0.45 --point 1,2,3", "sensitivity --y 1 --eta 0.45 --plane quotient",
                          "sensitivity --y 1 --eta 0.45 --loss-threshold -1"}) {
    const auto r = run(std::string(bad) + " --out " + (dir_ / "bad").string());
    EXPECT_EQ(r.code, 2) << bad << "\n" << r.err;
    EXPECT_EQ(r.err_lines(), 1) << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "bad"));
  }
}

}  // namespace
