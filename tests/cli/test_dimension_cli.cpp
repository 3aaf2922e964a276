// gdchaos dimension as a user meets it: JSON on stdout, a plot, exit 3 when the data cannot
// support an estimate, one line and exit 2 for bad input.
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/io/npy.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Result {
  int code;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

class DimensionCli : public ::testing::Test {
 protected:
  // One render shared by the suite: the paper's Fig. 3 setting on the (u, v) plane.
  static void SetUpTestSuite() {
    map_ = fs::temp_directory_path() / ("gdchaos_dimcli_" + std::to_string(::getpid()) + "_map");
    fs::remove_all(map_);
    const std::string cmd = std::string(GDCHAOS_CLI) + " basin --y 0.5 --lambda 0.2 --eta 1 --res 256 --quiet --out " +
                            map_.string() + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  static void TearDownTestSuite() { fs::remove_all(map_); }
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gdchaos_dimcli_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Result run(const std::string& args) {
    const auto out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    const std::string cmd = std::string(GDCHAOS_CLI) + " " + args + " >" + out.string() + " 2>" + err.string();
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  }
  // A copy of the shared render in this test's directory.
  fs::path copy_map() {
    const auto d = dir_ / "map";
    fs::copy(map_, d);
    return d;
  }
  void expect_bad_input(const std::string& args, const std::string& mentions) {
    const auto r = run(args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.err;
    EXPECT_EQ(lines(r.err), 1) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(mentions), std::string::npos) << args << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << args << "\n" << r.out;
  }
  static fs::path map_;
  fs::path dir_;
};
fs::path DimensionCli::map_;

TEST_F(DimensionCli, EstimatesWithJsonAndPlot) {
  const auto d = copy_map();
  const auto r = run("dimension " + d.string() + " --boundary converged");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = json::parse(r.out);
  ASSERT_TRUE(j["dimension"].is_number());
  const double D = j["dimension"];
  EXPECT_GT(D, 0.9);
  EXPECT_LT(D, 1.6);
  ASSERT_EQ(j["ci"].size(), 2u);
  EXPECT_LT(j["ci"][0].get<double>(), D);
  EXPECT_GT(j["ci"][1].get<double>(), D);
  EXPECT_GT(j["stderr"].get<double>(), 0);
  const auto lo = j["fit_range"][0].get<std::int64_t>(), hi = j["fit_range"][1].get<std::int64_t>();
  EXPECT_GE(hi, 8 * lo);
  // Plane units from meta.json: the default window is 8 wide over 256 pixels.
  EXPECT_DOUBLE_EQ(j["fit_range_plane"]["alpha"][0].get<double>(), lo * 8.0 / 256);
  EXPECT_DOUBLE_EQ(j["fit_range_plane"]["alpha"][1].get<double>(), hi * 8.0 / 256);
  EXPECT_EQ(j["fit"], "automatic");
  // s = 1 … 32 (8 boxes per side at least), counts falling with s.
  ASSERT_EQ(j["counts"].size(), 6u);
  EXPECT_EQ(j["counts"][0]["box_size"], 1);
  EXPECT_EQ(j["counts"][5]["box_size"], 32);
  EXPECT_EQ(j["counts"][0]["count"], j["boundary_pixels"]);
  for (std::size_t k = 1; k < j["counts"].size(); ++k)
    EXPECT_LT(j["counts"][k]["count"].get<int>(), j["counts"][k - 1]["count"].get<int>());
  EXPECT_EQ(j["local_slopes"].size(), 5u);
  EXPECT_EQ(j["resolution"], json({256, 256}));
  EXPECT_EQ(j["boundary"], "converged");
  EXPECT_EQ(j["recipe"]["eta"], 1.0);
  EXPECT_EQ(j["recipe"]["target"], 0.5);
  EXPECT_TRUE(fs::exists(d / "dimension.png"));
  EXPECT_GT(fs::file_size(d / "dimension.png"), 10000u);
  EXPECT_EQ(json::parse(slurp(d / "dimension.json"))["dimension"], j["dimension"]);
  EXPECT_EQ(j["undecided_pixels"], 0);
  EXPECT_TRUE(j["warnings"].empty());
  EXPECT_GE(j["isolated_pixels"].get<int>(), 0);
  EXPECT_EQ(r.err.rfind("D = ", 0), 0u) << r.err;  // the summary line
}

TEST_F(DimensionCli, GivenFitRangeOtherBoundariesAndPlotPath) {
  const auto d = copy_map();
  const auto png = dir_ / "plots" / "label.png";
  fs::create_directories(png.parent_path());
  const auto r = run("dimension " + d.string() + " --boundary label --fit 2,32 --quiet --plot " + png.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["fit_range"], json({2, 32}));
  EXPECT_EQ(j["fit"], "given");
  EXPECT_EQ(j["boundary"], "label");
  EXPECT_TRUE(fs::exists(png));
  EXPECT_FALSE(fs::exists(d / "dimension.png"));
  // The label boundary holds the converged one and the boundary between the two minimizers.
  const auto c = json::parse(run("dimension " + d.string() + " --quiet --plot " + (dir_ / "c.png").string()).out);
  EXPECT_GT(j["boundary_pixels"].get<int>(), c["boundary_pixels"].get<int>());
}

TEST_F(DimensionCli, NoBoundaryExitsThreeWithAReason) {
  // Everything converged, except a status-4 wedge: domain edges are not boundary.
  const auto d = dir_ / "flat";
  fs::create_directories(d);
  const std::int64_t n = 128;
  std::vector<std::uint8_t> status(n * n, 1);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < n; ++j)
      if (i < std::abs(j - n / 2)) status[static_cast<std::size_t>(i * n + j)] = 4;
  gdchaos::npy::write<std::uint8_t>(d / "status.npy", status, {n, n});
  std::ofstream(d / "meta.json") << R"({"recipe": {"eta": 1}, "grid": {"window": [-1, 1, 0, 2], "width": 128, "height": 128}})";
  const auto r = run("dimension " + d.string() + " --quiet");
  EXPECT_EQ(r.code, 3) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_TRUE(j["dimension"].is_null());
  EXPECT_NE(j["reason"].get<std::string>().find("boundary pixels"), std::string::npos);
  EXPECT_EQ(j["boundary_pixels"], 0);
  EXPECT_TRUE(fs::exists(d / "dimension.png"));
}

TEST_F(DimensionCli, BadInputIsOneLineAndExitTwo) {
  const auto d = copy_map();
  const std::string D = d.string();
  expect_bad_input("dimension " + (dir_ / "nope").string(), "no such directory");
  expect_bad_input("dimension " + D + " --boundary basin", "--boundary");
  expect_bad_input("dimension " + D + " --boundary attractor:7", "attractor");
  expect_bad_input("dimension " + D + " --fit 4", "--fit");
  expect_bad_input("dimension " + D + " --fit 3,64", "powers of two");
  expect_bad_input("dimension " + D + " --fit 4,16", "8·lo");
  expect_bad_input("dimension " + D + " --fit 8,256", "counted box sizes");
  expect_bad_input("dimension " + D + " --fit a,b", "--fit");
  expect_bad_input("dimension " + D + " --plot x.svg", ".png");
  EXPECT_FALSE(fs::exists(d / "dimension.png"));
  // Broken inputs: a malformed status.npy, a missing one, one with impossible values, a missing meta.json.
  std::ofstream(d / "attractor.npy") << "not an npy file";
  expect_bad_input("dimension " + D + " --boundary label", "attractor.npy");
  {
    const std::vector<std::uint8_t> bad(256 * 256, 7);
    gdchaos::npy::write<std::uint8_t>(d / "status.npy", bad, {256, 256});
  }
  expect_bad_input("dimension " + D, "status.npy");
  fs::remove(d / "status.npy");
  expect_bad_input("dimension " + D, "status.npy");
  fs::remove(d / "meta.json");
  expect_bad_input("dimension " + D, "meta.json");
}

}  // namespace
