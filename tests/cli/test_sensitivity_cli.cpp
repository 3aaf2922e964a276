#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {
int run(const std::string& args, std::string* out) {
  const auto tmp = fs::temp_directory_path() / ("gdchaos_sens_out_" + std::to_string(::getpid()));
  const int status = std::system((std::string(GDCHAOS_CLI) + " " + args + " >" + tmp.string() + " 2>&1").c_str());
  std::ifstream in(tmp);
  std::stringstream s;
  s << in.rdbuf();
  *out = s.str();
  fs::remove(tmp);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
}  // namespace

TEST(SensitivityCli, WritesSamplesSummaryAndHistograms) {
  const auto dir = fs::temp_directory_path() / ("gdchaos_sens_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  std::string out;
  ASSERT_EQ(run("sensitivity --y 1 --data-coef 1 --eta 0.45 --side 16 --radii 1e-3,1e-6 --out " + (dir / "s").string(),
                &out),
            0)
      << out;
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["per_radius"].size(), 2u);
  EXPECT_NEAR(j["theorem1_margin_at_centre"].get<double>(), 0.0, 1e-9);
  for (const char* f : {"samples.csv", "summary.json", "sensitivity.png"}) EXPECT_TRUE(fs::exists(dir / "s" / f)) << f;
  for (const char* bad : {"sensitivity --y 1 --eta 0.45 --radii 0", "sensitivity --y 1 --eta 0.45 --side 1",
                          "sensitivity --y 1 --eta 0.45 --point 1,2,3", "sensitivity --y 1 --eta 0.45 --plane quotient",
                          "sensitivity --y 1 --eta 0.45 --loss-threshold -1"}) {
    EXPECT_EQ(run(std::string(bad) + " --out " + (dir / "bad").string(), &out), 2) << bad << "\n" << out;
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
    EXPECT_FALSE(fs::exists(dir / "bad"));
  }
  fs::remove_all(dir);
}
