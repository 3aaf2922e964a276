// The dimension report of a rendered map: streamed from the directory in bands of any size, it is
// the whole-map box-counting estimate; its JSON gives the pixel size and fit range in plane units
// from the window, and warns of undecided pixels where they take part in the boundary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/analysis/dimension_report.hpp"
#include "gdchaos/analysis/outcome_map.hpp"
#include "gdchaos/output/basin_output.hpp"
#include "gdchaos/output/basin_reader.hpp"
#include "scratch_dir.hpp"

using namespace gdchaos;
using nlohmann::json;

namespace {

class DimensionReportTest : public gdchaos::testing::ScratchDirTest {
 protected:
  void render(const json& recipe) {
    const auto job = basin_job_from_recipe(recipe);
    OutputDir out(dir_ / "map", false);
    write_basin_output(out, job, render_bands(job));
    out.commit();
  }
  LabelImage whole() const {
    const auto m = read_outcome_map(dir_ / "map");
    return {m.width, m.height, m.status, m.attractor};
  }
};

TEST_F(DimensionReportTest, BandsOfAnySizeGiveTheWholeMapEstimate) {
  render({{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}, {"window", "-4,4,-3,3"}, {"res", "256,192"}});
  const auto image = whole();
  for (const char* boundary : {"converged", "label", "attractor:1"}) {
    SCOPED_TRACE(boundary);
    const auto selection = BoundarySelection::parse(boundary);
    const auto want = box_counting_dimension(image, selection);
    for (const std::int64_t band_bytes : {std::int64_t{1}, std::int64_t{3 * 256 * 17}, std::int64_t{32} << 20}) {
      BasinReader map(dir_ / "map");
      const auto r = measure_dimension(map, selection, {}, band_bytes);
      EXPECT_EQ(r.estimate.supported, want.supported);
      EXPECT_EQ(r.estimate.reason, want.reason);
      EXPECT_EQ(r.estimate.dimension, want.dimension);
      EXPECT_EQ(r.estimate.boundary_pixels, want.boundary_pixels);
      EXPECT_EQ(r.estimate.isolated_pixels, want.isolated_pixels);
      ASSERT_EQ(r.estimate.counts.size(), want.counts.size());
      for (std::size_t k = 0; k < want.counts.size(); ++k) EXPECT_EQ(r.estimate.counts[k].count, want.counts[k].count);
    }
  }
}

TEST_F(DimensionReportTest, TheJsonSpeaksInPlaneUnitsOfTheWindow) {
  render({{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}, {"window", "-4,4,-3,3"}, {"res", "256,192"}});
  int supported = 0;
  for (const char* boundary : {"converged", "label"}) {  // one with an estimate, one without
    SCOPED_TRACE(boundary);
    BasinReader map(dir_ / "map");
    const auto r = measure_dimension(map, BoundarySelection::parse(boundary));
    ASSERT_TRUE(r.window.has_value());
    const json j = r;
    EXPECT_EQ(j["command"], "dimension");
    EXPECT_EQ(j["boundary"], boundary);
    EXPECT_EQ(j["resolution"], json({256, 192}));
    EXPECT_EQ(j["window"], json({-4.0, 4.0, -3.0, 3.0}));
    EXPECT_DOUBLE_EQ(j["pixel_size"][0].get<double>(), 8.0 / 256);
    EXPECT_DOUBLE_EQ(j["pixel_size"][1].get<double>(), 6.0 / 192);
    EXPECT_EQ(j["counts"].size(), r.estimate.counts.size());
    EXPECT_EQ(j["undecided_pixels"], r.undecided_pixels);
    EXPECT_FALSE(j.contains("recipe"));  // where the map came from is the caller's to add
    supported += r.estimate.supported;
    if (r.estimate.supported) {
      EXPECT_EQ(j["dimension"].get<double>(), r.estimate.dimension);
      EXPECT_DOUBLE_EQ(j["fit_range_plane"]["beta"][1].get<double>(), static_cast<double>(r.estimate.fit_hi) * 6.0 / 192);
      EXPECT_FALSE(j.contains("reason"));
    } else {
      EXPECT_TRUE(j["dimension"].is_null());
      EXPECT_EQ(j["reason"], r.estimate.reason);
      EXPECT_FALSE(j.contains("fit_range_plane"));
    }
  }
  EXPECT_EQ(supported, 1);
}

TEST_F(DimensionReportTest, UndecidedPixelsAreCountedAndWarnedOf) {
  // Too few iterations to decide the slow orbits near the boundary.
  render({{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}, {"res", "64"}, {"max_iter", 40}});
  const auto image = whole();
  std::int64_t undecided = 0;
  for (const auto s : image.status) undecided += s == 0;
  ASSERT_GT(undecided, 0);
  for (const char* boundary : {"converged", "label", "attractor:0"}) {
    SCOPED_TRACE(boundary);
    BasinReader map(dir_ / "map");
    const auto r = measure_dimension(map, BoundarySelection::parse(boundary));
    EXPECT_EQ(r.undecided_pixels, undecided);
    // An attractor's boundary does not depend on how the rest is labelled: no warning there.
    EXPECT_EQ(r.warnings.size(), std::string(boundary) == "attractor:0" ? 0u : 1u);
  }
}

}  // namespace
