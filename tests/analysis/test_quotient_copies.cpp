// The preimage copies of a quotient-plane boundary: the boundary pixels are those a brute-force
// scan of the whole map finds, every copy maps onto its pixel under F, lies in the domain and the
// window, and is itself on the boundary of the convergence region (a render around it shows both
// sides); max_points keeps the first copies and says it capped.
#include <cmath>
#include <filesystem>
#include <set>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gdchaos/analysis/outcome_map.hpp"
#include "gdchaos/analysis/preimages.hpp"
#include "gdchaos/analysis/quotient_copies.hpp"
#include "gdchaos/output/basin_output.hpp"
#include "gdchaos/output/basin_reader.hpp"
#include "gdchaos/theory/quotient.hpp"
#include "scratch_dir.hpp"

using namespace gdchaos;
namespace fs = std::filesystem;

namespace {

const nlohmann::json kQuotient = {{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}, {"plane", "quotient"}, {"window", "-3,3,0,6"}};

class QuotientCopiesTest : public gdchaos::testing::ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    auto recipe = kQuotient;
    recipe["res"] = "64,48";
    job_ = basin_job_from_recipe(recipe);
    OutputDir out(dir_ / "q", false);
    write_basin_output(out, job_, render_bands(job_));
    out.commit();
  }
  BasinJob job_;
};

// The boundary by its definition, over the whole map at once.
std::vector<std::pair<std::int64_t, std::int64_t>> brute_force_boundary(const OutcomeMap& m) {
  auto side = [&](std::int64_t i, std::int64_t j) {
    const auto s = m.status[static_cast<std::size_t>(i * m.width + j)];
    return s == 1 || s == 2 ? 1 : s == 3 ? 2 : 0;
  };
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (std::int64_t i = 0; i < m.height; ++i)
    for (std::int64_t j = 0; j < m.width; ++j) {
      bool edge = false;
      for (std::int64_t a = 0; a < m.height; ++a)
        for (std::int64_t b = 0; b < m.width; ++b)
          if (std::abs(a - i) + std::abs(b - j) == 1 && side(i, j) != 0 && side(a, b) != 0 && side(a, b) != side(i, j))
            edge = true;
      if (edge) out.emplace_back(i, j);
    }
  return out;
}

TEST_F(QuotientCopiesTest, TheBoundaryIsWhereConvergedMeetsDiverged) {
  BasinReader map(dir_ / "q");
  std::vector<std::pair<std::int64_t, std::int64_t>> seen;
  for_each_convergence_boundary_pixel(map, [&](std::int64_t i, std::int64_t j) { seen.emplace_back(i, j); });
  const auto want = brute_force_boundary(read_outcome_map(dir_ / "q"));
  EXPECT_GT(want.size(), 20u);
  EXPECT_EQ(seen, want);
}

TEST_F(QuotientCopiesTest, EveryCopyMapsOntoItsBoundaryPixelAndLiesInTheWindow) {
  BasinReader map(dir_ / "q");
  QuotientCopiesOptions opt;
  opt.window = {-2, 2, 0, 5};  // narrower than the render: some copies fall outside
  const auto copies = quotient_copies(job_, map, opt);
  const auto boundary = brute_force_boundary(read_outcome_map(dir_ / "q"));
  EXPECT_EQ(copies.boundary_pixels, static_cast<std::int64_t>(boundary.size()));
  EXPECT_FALSE(copies.capped);
  std::int64_t counted = 0;
  for (const auto& [n, pixels] : copies.preimage_counts) counted += pixels;
  EXPECT_EQ(counted, copies.boundary_pixels);

  // The rows are, pixel by pixel in row-major order, exactly the preimages in the domain and window.
  std::vector<double> want;
  for (const auto& [i, j] : boundary) {
    const double z = job_.grid.alpha(j), w = job_.grid.beta(i);
    const auto pre = quotient_preimages(job_.problem, z, w);
    for (std::size_t b = 0; b < pre.size(); ++b) {
      const auto& p = pre[b];
      const auto [fz, fw] = quotient_step(job_.problem, p.z, p.w);
      ASSERT_NEAR(fz, z, 1e-9 * (1 + std::abs(z)));  // a copy of the pixel, under F
      ASSERT_NEAR(fw, w, 1e-9 * (1 + std::abs(w)));
      if (p.w >= 2 * std::abs(p.z) && p.z >= -2 && p.z <= 2 && p.w >= 0 && p.w <= 5)
        want.insert(want.end(), {p.z, p.w, static_cast<double>(b)});
    }
  }
  ASSERT_GT(copies.points(), 20);
  EXPECT_EQ(copies.rows, want);
  std::vector<std::int64_t> per_branch;
  for (std::int64_t k = 0; k < copies.points(); ++k) {
    const auto b = static_cast<std::size_t>(copies.rows[3 * k + 2]);
    if (per_branch.size() <= b) per_branch.resize(b + 1, 0);
    ++per_branch[b];
  }
  EXPECT_EQ(copies.per_branch, per_branch);
  EXPECT_GE(per_branch.size(), 2u);  // more than one branch of F⁻¹ contributes
}

TEST_F(QuotientCopiesTest, ACopyOfTheBoundaryIsOnTheBoundary) {
  // F maps the convergence region into itself and its complement into itself, so a preimage of a
  // boundary point is a boundary point: a small render around each copy holds both sides.
  BasinReader map(dir_ / "q");
  QuotientCopiesOptions opt;
  opt.window = job_.grid.window;
  const auto copies = quotient_copies(job_, map, opt);
  const double pixel = (job_.grid.window.a1 - job_.grid.window.a0) / static_cast<double>(job_.grid.width);
  int checked = 0, straddle = 0;
  for (std::int64_t k = 0; k < copies.points(); k += std::max<std::int64_t>(1, copies.points() / 25)) {
    const double z = copies.rows[3 * k], w = copies.rows[3 * k + 1], r = 2 * pixel;
    if (w - r < 2 * (std::abs(z) + r)) continue;  // keep the small window inside the domain
    auto recipe = kQuotient;
    recipe["window"] = std::to_string(z - r) + "," + std::to_string(z + r) + "," + std::to_string(w - r) + "," +
                       std::to_string(w + r);
    recipe["res"] = "9";
    const auto near = basin_job_from_recipe(recipe).render();
    bool converged = false, diverged = false;
    for (const auto s : near.status) converged |= s == 1 || s == 2, diverged |= s == 3;
    ++checked;
    straddle += converged && diverged;
  }
  ASSERT_GE(checked, 10);
  EXPECT_EQ(straddle, checked);
}

TEST_F(QuotientCopiesTest, MaxPointsKeepsTheFirstCopies) {
  QuotientCopiesOptions opt;
  opt.window = job_.grid.window;
  BasinReader all_map(dir_ / "q");
  const auto all = quotient_copies(job_, all_map, opt);
  ASSERT_GT(all.points(), 10);
  opt.max_points = 10;
  BasinReader map(dir_ / "q");
  const auto capped = quotient_copies(job_, map, opt);
  EXPECT_TRUE(capped.capped);
  EXPECT_EQ(capped.points(), 10);
  EXPECT_EQ(capped.rows, std::vector<double>(all.rows.begin(), all.rows.begin() + 30));
  EXPECT_EQ(capped.boundary_pixels, all.boundary_pixels);  // the whole boundary is still counted
}

TEST_F(QuotientCopiesTest, ARenderOfAnotherPlaneOrSizeIsRefused) {
  BasinReader map(dir_ / "q");
  auto other = kQuotient;
  other["res"] = "32";
  EXPECT_THROW(quotient_copies(basin_job_from_recipe(other), map, {}), std::invalid_argument);
  EXPECT_THROW(quotient_copies(basin_job_from_recipe({{"y", 0.5}, {"eta", 1}, {"res", "64,48"}}), map, {}),
               std::invalid_argument);
}

}  // namespace
