// `--vmin`/`--vmax`: a continuous colouring's range, so that maps can share one colour scale.
// basin.png saturates at the given ends, meta.json says where its range came from (the given
// ends, or the percentiles it really used), a re-run from meta.json draws the same picture, and
// an end that cannot apply is one line and exit 2.
#include <filesystem>
#include <set>
#include <string>
#include <tuple>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_fixture.hpp"
#include "gdchaos/io/npy.hpp"
#include "gdchaos/io/png.hpp"

namespace fs = std::filesystem;
using gdchaos::testing::slurp;
using nlohmann::json;

namespace {

class ColourRangeCli : public gdchaos::testing::CliTest {};

const std::string kFig3 = "--preset fig3 --res 64 --color norm2";  // norm2: 0 (the saddle) or 0.6

std::tuple<int, int, int> rgb(const gdchaos::Rgb& p) { return {p.r, p.g, p.b}; }

TEST_F(ColourRangeCli, GivenEndsSaturateTheColourScale) {
  // Fig. 3's steps (multiples of 16 from 16 to 64), coloured for every pixel on a log scale.
  const double lo = 20, hi = 40;
  const auto dir = render("fixed", "--preset fig3 --res 64 --color steps --vmin 20 --vmax 40");
  const auto meta = json::parse(slurp(dir / "meta.json"));
  EXPECT_NEAR(meta["image"]["range"][0].get<double>(), lo, 1e-12);
  EXPECT_NEAR(meta["image"]["range"][1].get<double>(), hi, 1e-12);
  EXPECT_EQ(meta["image"]["range_from"], "vmin and vmax");
  EXPECT_EQ(meta["recipe"]["vmin"], lo);
  EXPECT_EQ(meta["recipe"]["vmax"], hi);

  const auto steps = gdchaos::npy::read(dir / "steps.npy");
  std::int64_t w = 0, h = 0;
  const auto png = gdchaos::png::read(dir / "basin.png", w, h);
  std::set<std::tuple<int, int, int>> below, above, between;
  std::set<double> above_values;
  for (std::int64_t i = 0; i < h; ++i)
    for (std::int64_t j = 0; j < w; ++j) {
      const double v = steps.data[i * w + j];
      const auto c = rgb(png[(h - 1 - i) * w + j]);
      if (v >= hi) above_values.insert(v);
      (v <= lo ? below : v >= hi ? above : between).insert(c);
    }
  ASSERT_FALSE(below.empty());
  ASSERT_FALSE(between.empty());
  ASSERT_GE(above_values.size(), 2u) << "values of more than one size over vmax";
  EXPECT_EQ(below.size(), 1u) << "every value under vmin is the scale's first colour";
  EXPECT_EQ(above.size(), 1u) << "every value over vmax is the scale's last colour";
  EXPECT_NE(*below.begin(), *above.begin());
  for (const auto& c : between) {
    EXPECT_NE(c, *below.begin());
    EXPECT_NE(c, *above.begin());
  }

  const auto again = dir_ / "again";
  ASSERT_EQ(run("basin --preset " + (dir / "meta.json").string() + " --quiet --out " + again.string()).code, 0);
  EXPECT_EQ(slurp(again / "basin.png"), slurp(dir / "basin.png"));
}

TEST_F(ColourRangeCli, MetaSaysWhereTheRangeCameFrom) {
  const auto dflt = json::parse(slurp(render("default", kFig3) / "meta.json"));
  EXPECT_EQ(dflt["image"]["range_from"], "the 0.5th and 99.5th percentiles of all pixels");
  EXPECT_FALSE(dflt["recipe"].contains("vmin"));
  const auto one = json::parse(slurp(render("one", kFig3 + " --vmin 0.5") / "meta.json"));
  EXPECT_EQ(one["image"]["range"][0], 0.5);
  EXPECT_EQ(one["image"]["range_from"], "vmin; the upper end the 99.5th percentile of all pixels");
  EXPECT_EQ(one["image"]["range"][1], dflt["image"]["range"][1]);
  // An end beyond the percentile on the other side: the range stays a range.
  const auto past = json::parse(slurp(render("past", kFig3 + " --vmin 1000") / "meta.json"));
  EXPECT_GT(past["image"]["range"][1].get<double>(), 1000);
  // ... and stays finite however far out the given end is (meta.json would hold null for ∞).
  const auto far = json::parse(slurp(render("far", kFig3 + " --vmin 1e308") / "meta.json"));
  ASSERT_TRUE(far["image"]["range"][1].is_number()) << far["image"];
  EXPECT_GT(far["image"]["range"][1].get<double>(), 1e308);
  const auto steps = json::parse(slurp(render("steps", "--preset fig3 --res 32 --color steps --vmin 10 --vmax 100") / "meta.json"));
  EXPECT_NEAR(steps["image"]["range"][0].get<double>(), 10, 1e-12);
  EXPECT_NEAR(steps["image"]["range"][1].get<double>(), 100, 1e-12);
}

TEST_F(ColourRangeCli, EndsThatCannotApplyAreOneLineAndExitCodeTwo) {
  struct Case {
    std::string args, says;
  };
  const Case cases[] = {
      {kFig3 + " --vmin 2 --vmax 1", "--vmin must be below --vmax"},
      {kFig3 + " --vmin 1 --vmax 1", "--vmin must be below --vmax"},
      {"--preset fig3 --res 64 --color status --vmin 0", "--color status has none"},
      {"--preset fig3 --res 64 --color attractor --vmax 1", "--color attractor has none"},
      {"--preset fig3 --res 64 --color steps --vmin 0", "log scale"},
      {kFig3 + " --vmin nan", "--vmin"},
      {kFig3 + " --vmax abc", "--vmax"},
  };
  for (const auto& c : cases) {
    const auto out = dir_ / "out";
    const auto r = run("basin " + c.args + " --out " + out.string());
    EXPECT_EQ(r.code, 2) << c.args;
    EXPECT_EQ(r.err_lines(), 1) << c.args << ": " << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << c.args << ": " << r.err;
    EXPECT_FALSE(fs::exists(out)) << c.args;
  }
}

}  // namespace
