#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {
int run(const std::string& args, std::string* out = nullptr) {
  const auto tmp = fs::temp_directory_path() / ("gdchaos_scan_out_" + std::to_string(::getpid()));
  const int status = std::system((std::string(GDCHAOS_CLI) + " " + args + " >" + tmp.string() + " 2>&1").c_str());
  if (out) {
    std::ifstream in(tmp);
    std::stringstream s;
    s << in.rdbuf();
    *out = s.str();
  }
  fs::remove(tmp);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
}  // namespace

TEST(ScanCli, PointAndRegionScansWriteTheirFiles) {
  const auto dir = fs::temp_directory_path() / ("gdchaos_scan_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  std::string out;
  ASSERT_EQ(run("scan --y 1 --init 2,0.7 --eta-range 0.5,1.2 --count 50 --out " + (dir / "p").string(), &out), 0) << out;
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["kind"], "point");
  EXPECT_TRUE(j["theorem1_agrees"].get<bool>());
  for (const char* f : {"scan.csv", "scan.json", "scan.png"}) EXPECT_TRUE(fs::exists(dir / "p" / f)) << f;
  ASSERT_EQ(run("scan --y 1 --window -3,3,-3,3 --res 16 --eta-range 0.2,0.9 --count 8 --out " + (dir / "r").string(), &out),
            0)
      << out;
  EXPECT_EQ(nlohmann::json::parse(out)["kind"], "region");
  EXPECT_TRUE(fs::exists(dir / "r" / "scan.png"));
  for (const char* bad : {"scan --y 1 --init 2,0.7 --eta-range 1.2,0.5", "scan --y 1 --init 2 --eta-range 0.5,1",
                          "scan --y 1 --init 2,0.7 --eta-range 0,1", "scan --y 1 --init 2,0.7 --eta-range 0.5,1 --count 1",
                          "scan --y 1 --init 2,x --eta-range 0.5,1"}) {
    EXPECT_EQ(run(std::string(bad) + " --out " + (dir / "bad").string(), &out), 2) << bad;
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
    EXPECT_FALSE(fs::exists(dir / "bad"));
  }
  fs::remove_all(dir);
}
