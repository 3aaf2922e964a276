// gdchaos uncertainty end to end: a small render, the JSON summary, and one line with exit code 2
// for every kind of bad input.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"

namespace fs = std::filesystem;
using gdchaos::testing::slurp;

namespace {

class UncertaintyCli : public gdchaos::testing::CliTest {};

TEST_F(UncertaintyCli, FigureThreeEndToEnd) {
  const auto map = render("fig3", "--y 0.5 --lambda 0.2 --eta 1 --window -4,4,-4,4 --res 120");
  const auto r = run("uncertainty " + map.string() + " --samples 50000 --eps 1e-5,1e-2 --eps-count 7 --seed 3 --threads 2 --quiet");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;  // --quiet
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"alpha", "dimension", "ci", "eps_range", "eps", "S_b", "S_bb", "verdict", "confidence",
                          "p_alpha_below_1", "seed", "recipe", "undecided", "basin_entropy", "fit", "criteria"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["seed"], 3);
  EXPECT_EQ(j["samples"], 50000);
  EXPECT_EQ(j["eps"].size(), 7u);
  EXPECT_EQ(j["ci"].size(), 2u);
  const double alpha = j["alpha"].get<double>();
  EXPECT_NEAR(j["dimension"].get<double>(), 2 - alpha, 1e-12);
  EXPECT_LT(j["ci"][1].get<double>(), 1.0);
  EXPECT_EQ(j["verdict"], "fractal");
  EXPECT_GT(j["S_bb"].get<double>(), 0.0);
  EXPECT_GE(j["S_bb"].get<double>(), j["S_b"].get<double>());
  EXPECT_EQ(j["basin_entropy"]["box"], 5);
  EXPECT_EQ(j["basin_entropy"]["boxes"], 24 * 24);
  const auto meta = nlohmann::json::parse(slurp(map / "meta.json"));
  EXPECT_EQ(j["recipe"], meta["recipe"]);
  int in_fit = 0;
  for (const auto& e : j["eps"]) {
    EXPECT_EQ(e["pairs"].get<std::int64_t>() + e["excluded_undecided"].get<std::int64_t>() +
                  e["excluded_outside"].get<std::int64_t>(),
              50000);
    in_fit += e["in_fit"].get<bool>();
  }
  EXPECT_GE(in_fit, 3);
  EXPECT_EQ(j["undecided"]["base"], 0);
  // the same seed gives the same answer
  const auto again = run("uncertainty " + map.string() + " --samples 50000 --eps 1e-5,1e-2 --eps-count 7 --seed 3 --threads 1 --quiet");
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(nlohmann::json::parse(again.out)["eps"], j["eps"]);
}

TEST_F(UncertaintyCli, SmoothBoundaryAndQuotientPlane) {
  const auto smooth = render("smooth", "--y 1 --eta 0.9 --window -3,3,-3,3 --res 100");
  auto r = run("uncertainty " + smooth.string() + " --samples 100000 --eps 1e-4,1e-1 --eps-count 7 --quiet");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_NE(j["verdict"], "fractal");
  EXPECT_LE(j["ci"][0].get<double>(), 1.0);
  EXPECT_GE(j["ci"][1].get<double>(), 1.0);
  EXPECT_LE(j["S_bb"].get<double>(), std::log(2.0));

  const auto quotient = render("q", "--y 0.5 --lambda 0.2 --eta 1 --plane quotient --window -3,3,0,6 --res 90");
  r = run("uncertainty " + quotient.string() + " --samples 30000 --eps 1e-5,1e-2 --eps-count 7 --box 3 --boundary convergence --quiet");
  ASSERT_EQ(r.code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["boundary"], "convergence");
  EXPECT_GT(j["basin_entropy"]["skipped_boxes"].get<int>(), 0);  // boxes wholly outside w >= 2|z|
  EXPECT_LT(j["ci"][1].get<double>(), 1.0);
}

TEST_F(UncertaintyCli, NoEstimateIsReportedNotFaked) {
  // too few samples for 3 well-measured eps: alpha is null and the reason is given
  const auto map = render("m", "--y 1 --eta 0.9 --window -3,3,-3,3 --res 40");
  const auto r = run("uncertainty " + map.string() + " --samples 200 --eps 1e-9,1e-6 --eps-count 4 --quiet");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["alpha"].is_null());
  EXPECT_FALSE(j["fit"]["ok"].get<bool>());
  EXPECT_FALSE(j["fit"]["reason"].get<std::string>().empty());
  EXPECT_EQ(j["verdict"], "inconclusive");
}

TEST_F(UncertaintyCli, BadInputIsOneLineAndExitCodeTwo) {
  const auto good = render("good", "--y 1 --eta 0.5 --res 16");
  auto copy_of_good = [&](const std::string& name) {
    const auto d = dir_ / name;
    fs::create_directories(d);
    for (const char* f : {"meta.json", "status.npy", "attractor.npy"}) fs::copy_file(good / f, d / f);
    return d;
  };
  const auto no_meta = copy_of_good("no_meta");
  fs::remove(no_meta / "meta.json");
  const auto bad_meta = copy_of_good("bad_meta");
  std::ofstream(bad_meta / "meta.json") << "{\"recipe\": {\"y\": 1, ";
  const auto no_recipe = copy_of_good("no_recipe");
  std::ofstream(no_recipe / "meta.json") << "{\"counts\": {}}";
  const auto bad_recipe = copy_of_good("bad_recipe");
  std::ofstream(bad_recipe / "meta.json") << R"({"recipe": {"y": 1, "eta": -1, "res": [16, 16]}})";
  const auto no_status = copy_of_good("no_status");
  fs::remove(no_status / "status.npy");
  const auto bad_status = copy_of_good("bad_status");
  std::ofstream(bad_status / "status.npy") << "not an npy file";
  const auto shape = copy_of_good("shape");
  fs::copy_file(render("other", "--y 1 --eta 0.5 --res 8").append("status.npy"), shape / "status.npy",
                fs::copy_options::overwrite_existing);
  const auto file = dir_ / "plain.txt";
  std::ofstream(file) << "x";
  const std::string g = good.string();
  const std::vector<std::string> cases = {
      "uncertainty",
      "uncertainty " + (dir_ / "missing").string(),
      "uncertainty " + file.string(),
      "uncertainty " + no_meta.string(),
      "uncertainty " + bad_meta.string(),
      "uncertainty " + no_recipe.string(),
      "uncertainty " + bad_recipe.string(),
      "uncertainty " + no_status.string(),
      "uncertainty " + bad_status.string(),
      "uncertainty " + shape.string(),
      "uncertainty " + g + " --eps abc",
      "uncertainty " + g + " --eps 1e-3",
      "uncertainty " + g + " --eps 1e-2,1e-9",
      "uncertainty " + g + " --eps 0,1e-2",
      "uncertainty " + g + " --eps 1e-3,5",
      "uncertainty " + g + " --eps nan,1e-2",
      "uncertainty " + g + " --eps-count 2",
      "uncertainty " + g + " --eps-count x",
      "uncertainty " + g + " --samples 5",
      "uncertainty " + g + " --samples -3",
      "uncertainty " + g + " --box 0",
      "uncertainty " + g + " --box 17",
      "uncertainty " + g + " --seed -1",
      "uncertainty " + g + " --threads -1",
      "uncertainty " + g + " --boundary wiggly",
      "uncertainty " + g + " --bogus",
  };
  for (const auto& c : cases) {
    const auto r = run(c + " --quiet");
    EXPECT_EQ(r.code, 2) << c << "\n" << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c << "\n" << r.err;
    EXPECT_NE(r.err.find("error"), std::string::npos) << c;
    EXPECT_TRUE(r.out.empty()) << c;
  }
}

}  // namespace
