#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/io/npy.hpp"

namespace fs = std::filesystem;

namespace {
int run(const std::string& args, std::string* out = nullptr) {
  const auto tmp = fs::temp_directory_path() / ("gdchaos_preimages_out_" + std::to_string(::getpid()));
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

TEST(PreimagesCli, CurvesAreWrittenAsAnNby3Array) {
  const auto dir = fs::temp_directory_path() / ("gdchaos_preimages_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string out;
  const auto saddle = (dir / "saddle.npy").string();
  ASSERT_EQ(run("preimages --y 1 --data-coef 1 --eta 0.45 --kind saddle --depth 3 --window -3,3,-3,3 --out " + saddle +
                    " --quiet",
                &out),
            0)
      << out;
  const auto j = nlohmann::json::parse(out);
  const auto a = gdchaos::npy::read(saddle);
  ASSERT_EQ(a.shape.size(), 2u);
  EXPECT_EQ(a.shape[1], 3);
  EXPECT_EQ(a.shape[0], j["points"].get<std::int64_t>());
  EXPECT_FALSE(j["capped"].get<bool>());
  std::int64_t sum = 0;
  for (const auto& n : j["per_depth"]) sum += n.get<std::int64_t>();
  EXPECT_EQ(sum, a.shape[0]);
  EXPECT_EQ(j["per_depth"].size(), 4u);
  for (std::int64_t i = 0; i < a.shape[0]; ++i) {
    EXPECT_LE(std::abs(a.data[3 * i]), 3.0);
    EXPECT_LE(std::abs(a.data[3 * i + 1]), 3.0);
    ASSERT_TRUE(a.data[3 * i + 2] >= 0 && a.data[3 * i + 2] <= 3);
  }
  // the same file again needs --force
  EXPECT_EQ(run("preimages --y 1 --data-coef 1 --eta 0.45 --kind saddle --depth 1 --out " + saddle, &out), 2) << out;
  EXPECT_EQ(run("preimages --y 1 --data-coef 1 --eta 0.45 --kind unstable-minimizers --depth 2 --window -3,3,-3,3 "
                "--max-points 3000 --force --quiet --out " + saddle, &out),
            0)
      << out;
  const auto capped = nlohmann::json::parse(out);
  EXPECT_TRUE(capped["capped"].get<bool>());
  const auto rows = gdchaos::npy::read(saddle).shape[0];
  EXPECT_GT(rows, 0);
  EXPECT_LE(rows, 3000);
  EXPECT_EQ(rows, capped["points"].get<std::int64_t>());

  // quotient copies from a quotient-plane render of Fig. 3's setting
  const auto q = (dir / "q").string();
  ASSERT_EQ(run("basin --y 0.5 --lambda 0.2 --eta 1 --plane quotient --window -1.5,2.5,0,6 --res 96 --quiet --out " + q,
                &out),
            0)
      << out;
  const auto copies = (dir / "copies.npy").string();
  ASSERT_EQ(run("preimages --kind quotient-copies --from " + q + " --quiet --out " + copies, &out), 0) << out;
  const auto jq = nlohmann::json::parse(out);
  const auto c = gdchaos::npy::read(copies);
  ASSERT_EQ(c.shape.size(), 2u);
  EXPECT_EQ(c.shape[1], 3);
  EXPECT_GT(c.shape[0], 100);
  EXPECT_GT(jq["boundary_pixels"].get<int>(), 50);
  // Proposition 6: the boundary points have three preimages
  EXPECT_EQ(jq["preimage_counts"].size(), 1u) << jq.dump();
  EXPECT_TRUE(jq["preimage_counts"].contains("3")) << jq.dump();
  for (std::int64_t i = 0; i < c.shape[0]; ++i) {
    const double z = c.data[3 * i], w = c.data[3 * i + 1], b = c.data[3 * i + 2];
    EXPECT_GE(w, 2 * std::abs(z) - 1e-12);
    EXPECT_TRUE(b == 0 || b == 1 || b == 2) << b;
  }
  fs::remove_all(dir);
}

TEST(PreimagesCli, BadInputIsOneLineAndExitCode2) {
  const auto dir = fs::temp_directory_path() / ("gdchaos_preimages_bad_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto target = dir / "x.npy";
  std::string out;
  for (const char* bad : {
           "preimages --y 1 --eta 0.45 --kind bogus --depth 2",
           "preimages --y 1 --eta 0.45 --kind saddle",                          // no depth
           "preimages --y 1 --eta 0.45 --kind saddle --depth 2 --d 2",          // d = 1 only
           "preimages --y 1 --eta 0.45 --kind saddle --depth 2 --momentum 0.5",  // plain GD only
           "preimages --y 1 --eta -1 --kind saddle --depth 2",
           "preimages --y 1 --eta x --kind saddle --depth 2",
           "preimages --y 1 --eta 0.45 --kind saddle --depth 2 --window 1,0,0,1",
           "preimages --y 1 --eta 0.45 --kind saddle --depth 2 --seeds 1",
           "preimages --y 1 --eta 0.45 --kind quotient-copies",                  // no --from
           "preimages --kind quotient-copies --from /nonexistent",
           "preimages --y 1 --eta 0.45 --kind saddle --depth 2 --from /tmp",
       }) {
    EXPECT_EQ(run(std::string(bad) + " --out " + target.string(), &out), 2) << bad << '\n' << out;
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << bad << '\n' << out;
    EXPECT_FALSE(fs::exists(target)) << bad;
  }
  EXPECT_EQ(run("preimages --y 1 --eta 0.45 --kind saddle --depth 2 --out /nonexistent/dir/x.npy", &out), 2) << out;
  fs::remove_all(dir);
}
