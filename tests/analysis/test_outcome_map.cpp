// read_outcome_map: a written render read back whole, equal to the render in memory, with each
// pixel's outcome label; a directory that is no render is refused.
#include "gdchaos/analysis/outcome_map.hpp"

#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/analysis/outcome.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/io/output_dir.hpp"
#include "gdchaos/output/basin_output.hpp"
#include "gdchaos/recipe/recipe.hpp"
#include "scratch_dir.hpp"

using namespace gdchaos;
namespace fs = std::filesystem;

namespace {

class OutcomeMapTest : public gdchaos::testing::ScratchDirTest {};

TEST_F(OutcomeMapTest, ReadsBackWhatWasRendered) {
  // Fig. 3's setting: both minimizers, the saddle's basin and divergence in one small map.
  const auto job = basin_job_from_recipe({{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}, {"res", "40,24"}});
  {
    OutputDir out(dir_ / "map", false);
    write_basin_output(out, job, render_bands(job));
    out.commit();
  }
  const auto m = read_outcome_map(dir_ / "map");
  const auto want = job.render();
  EXPECT_EQ(m.width, 40);
  EXPECT_EQ(m.height, 24);
  ASSERT_EQ(m.status.size(), 40u * 24u);
  ASSERT_EQ(m.labels.size(), m.status.size());
  std::set<int> labels;
  for (std::size_t k = 0; k < m.status.size(); ++k) {
    EXPECT_EQ(m.status[k], want.status[k]) << k;
    EXPECT_EQ(m.attractor[k], want.attractor[k]) << k;  // one band: the same canonical ids
    EXPECT_EQ(m.labels[k], outcome_label(m.status[k], m.attractor[k])) << k;
    labels.insert(m.labels[k]);
  }
  EXPECT_GE(labels.size(), 4u);  // two minimizers, the saddle, divergence
  EXPECT_EQ(m.meta->at("recipe"), *job.recipe);
}

TEST_F(OutcomeMapTest, RefusesWhatIsNoRender) {
  EXPECT_THROW(read_outcome_map(dir_ / "missing"), InputError);
  fs::create_directories(dir_ / "empty");
  EXPECT_THROW(read_outcome_map(dir_ / "empty"), InputError);
  fs::create_directories(dir_ / "meta_only");
  std::ofstream(dir_ / "meta_only" / "meta.json") << R"({"recipe": {"y": 1}, "res": [4, 4]})";
  EXPECT_THROW(read_outcome_map(dir_ / "meta_only"), InputError);
}

}  // namespace
