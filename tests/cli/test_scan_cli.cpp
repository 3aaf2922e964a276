// gdchaos scan end to end.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

namespace fs = std::filesystem;

namespace {

class ScanCli : public gdchaos::testing::CliTest {};

TEST_F(ScanCli, PointAndRegionScansWriteTheirFiles) {
  auto r = run("scan --y 1 --init 2,0.7 --eta-range 0.5,1.2 --count 50 --out " + (dir_ / "p").string());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["kind"], "point");
  EXPECT_TRUE(j["theorem1_agrees"].get<bool>());
  for (const char* f : {"scan.csv", "scan.json", "scan.png"}) EXPECT_TRUE(fs::exists(dir_ / "p" / f)) << f;
  r = run("scan --y 1 --window -3,3,-3,3 --res 16 --eta-range 0.2,0.9 --count 8 --out " + (dir_ / "r").string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["kind"], "region");
  EXPECT_TRUE(fs::exists(dir_ / "r" / "scan.png"));
}

TEST_F(ScanCli, BadInputIsOneLineAndExitCodeTwo) {
  for (const char* bad : {"scan --y 1 --init 2,0.7 --eta-range 1.2,0.5", "scan --y 1 --init 2 --eta-range 0.5,1",
                          "scan --y 1 --init 2,0.7 --eta-range 0,1", "scan --y 1 --init 2,0.7 --eta-range 0.5,1 --count 1",
                          "scan --y 1 --init 2,x --eta-range 0.5,1"}) {
    const auto r = run(std::string(bad) + " --out " + (dir_ / "bad").string());
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_EQ(r.err_lines(), 1) << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "bad"));
  }
}

// scan.json of a point scan carries its recipe (momentum included, so its plot draws heavy ball's
// edge), and --help gives the resolution a region scan really renders at.
TEST_F(ScanCli, APointScanRecordsItsRecipeAndHelpTellsTheRegionsDefault) {
  const auto out = dir_ / "m";
  const auto r = run("scan --y 1 --momentum 0.5 --init 1.5,0.3 --eta-range 0.2,1.5 --count 20 --quiet --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  std::ifstream in(out / "scan.json");
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["recipe"]["momentum"], 0.5);
  EXPECT_EQ(j["recipe"]["init"], nlohmann::json({1.5, 0.3}));
  EXPECT_FALSE(j["recipe"].contains("res"));
  const auto help = run("scan --help");
  EXPECT_NE(help.out.find("pixels of the region at each η (default 64)"), std::string::npos) << help.out;
  const auto region = run("scan --y 1 --eta-range 0.2,0.9 --count 2 --quiet --out " + (dir_ / "r").string());
  ASSERT_EQ(region.code, 0) << region.err;
  EXPECT_EQ(nlohmann::json::parse(region.out)["resolution"], nlohmann::json({64, 64}));
}

}  // namespace
