// Agreement of a λ = 0 scalar map with Theorem 1's region D′_η: where it applies, the pixels whose
// corners lie on one side of ∂D′_η are checked (converged inside, diverged outside), the others
// counted as straddling; bands add up to the whole map.
#include "gdchaos/analysis/theorem1_agreement.hpp"

#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/recipe/recipe.hpp"
#include "gdchaos/theory/critical.hpp"

using namespace gdchaos;
using nlohmann::json;

namespace {

std::vector<std::uint8_t> all(const BasinJob& job, Status s) {
  return std::vector<std::uint8_t>(job.grid.pixels(), static_cast<std::uint8_t>(s));
}

BasinJob job(json r) {
  if (!r.contains("target")) r.emplace("y", 1);
  r.emplace("eta", 0.5);  // 2aη|y| = 0.5 < 1
  return basin_job_from_recipe(r);
}

TEST(Theorem1Agreement, AppliesOnlyWhereTheTheoremDoes) {
  const BasinJob base = job({{"res", 4}});
  EXPECT_TRUE(theorem1_agreement(base, all(base, Status::converged), 0).has_value());
  for (const json& r : {json{{"lambda", 0.1}, {"res", 4}}, json{{"momentum", 0.2}, {"res", 4}},
                        json{{"eta", 1.0}, {"res", 4}},  // 2aη|y| = 1
                        json{{"y", -3}, {"res", 4}},     // 2aη|y| = 1.5
                        json{{"target", "diag:1,0.5"}, {"res", 4}},
                        json{{"plane", "quotient"}, {"window", "-2,2,0,4"}, {"res", 4}},
                        json{{"plane", "hyper"}, {"axis1", "eta:0.1,0.4"}, {"axis2", "y:0.5,1"}, {"init", "1,0.5"}, {"res", 4}},
                        json{{"depth", 3}, {"res", 4}}}) {
    const BasinJob j = job(r);
    EXPECT_FALSE(theorem1_agreement(j, all(j, Status::converged), 0).has_value()) << r;
  }
}

// Around the minimizer (1, 1) every pixel lies inside D′_η (η s − η² y z = 0.75 < 3.75), far out
// every pixel outside (at (10, 10): 75 > 3.75).
TEST(Theorem1Agreement, AWindowOnOneSideIsCheckedWhole) {
  const BasinJob inside = job({{"window", "0.9,1.1,0.9,1.1"}, {"res", "6,5"}});
  const auto in_conv = *theorem1_agreement(inside, all(inside, Status::converged), 0);
  EXPECT_EQ(in_conv.checked, 30);
  EXPECT_EQ(in_conv.straddling, 0);
  EXPECT_EQ(in_conv.agree, 30);
  EXPECT_EQ(in_conv.fraction(), 1.0);
  EXPECT_EQ(theorem1_agreement(inside, all(inside, Status::other_critical), 0)->agree, 30);  // a limit is a limit
  EXPECT_EQ(theorem1_agreement(inside, all(inside, Status::diverged), 0)->agree, 0);
  EXPECT_EQ(theorem1_agreement(inside, all(inside, Status::undecided), 0)->agree, 0);

  const BasinJob outside = job({{"window", "9.9,10.1,9.9,10.1"}, {"res", "6,5"}});
  EXPECT_EQ(theorem1_agreement(outside, all(outside, Status::diverged), 0)->agree, 30);
  EXPECT_EQ(theorem1_agreement(outside, all(outside, Status::converged), 0)->agree, 0);
  EXPECT_EQ(theorem1_agreement(outside, all(outside, Status::undecided), 0)->agree, 0);
}

// Across ∂D′_η: every pixel is checked or straddling, and each checked one agrees with exactly
// one of "all converged" and "all diverged".
TEST(Theorem1Agreement, CheckedPixelsAreEachInsideOrOutside) {
  const BasinJob j = job({{"window", "-4,4,-4,4"}, {"res", "40,30"}});
  const auto conv = *theorem1_agreement(j, all(j, Status::converged), 0);
  const auto div = *theorem1_agreement(j, all(j, Status::diverged), 0);
  EXPECT_EQ(conv.checked + conv.straddling, 1200);
  EXPECT_EQ(conv.checked, div.checked);
  EXPECT_EQ(conv.agree + div.agree, conv.checked);
  EXPECT_GT(conv.straddling, 0);
  EXPECT_GT(conv.agree, 0);
  EXPECT_GT(div.agree, 0);
}

// The theorem itself: a rendered map agrees on (almost) every checked pixel.
TEST(Theorem1Agreement, ARenderedMapAgreesWithTheTheorem) {
  BasinJob j = job({{"window", "-3,3,-3,3"}, {"res", 48}, {"max_iter", 100000}});
  const auto map = j.render();
  const std::vector<std::uint8_t> status(map.status.begin(), map.status.end());
  const auto a = *theorem1_agreement(j, status, 0);
  EXPECT_GT(a.checked, 48 * 48 / 2);
  EXPECT_GE(a.fraction(), 0.99) << a.agree << " of " << a.checked;
}

TEST(Theorem1Agreement, BandsAddUpToTheWholeMap) {
  const BasinJob j = job({{"window", "-4,4,-4,4"}, {"res", "20,12"}});
  std::vector<std::uint8_t> status(j.grid.pixels());
  for (std::size_t k = 0; k < status.size(); ++k) status[k] = static_cast<std::uint8_t>((k * 7 + k / 20) % 4);
  const auto whole = *theorem1_agreement(j, status, 0);
  Theorem1Agreement sum;
  for (const auto& [begin, end] : {std::pair{0, 5}, {5, 6}, {6, 12}}) {
    const std::span<const std::uint8_t> band(status.data() + begin * 20, static_cast<std::size_t>((end - begin) * 20));
    sum += *theorem1_agreement(j, band, begin);
  }
  EXPECT_EQ(sum.checked, whole.checked);
  EXPECT_EQ(sum.agree, whole.agree);
  EXPECT_EQ(sum.straddling, whole.straddling);
  EXPECT_EQ(Theorem1Agreement{}.fraction(), 0.0);  // nothing checked: no agreement claimed
}

// Each pixel's four corners, evaluated one by one at its centre ± half a pixel: the same split into
// checked and straddling pixels, and the same agreement, as the shared corner lattice gives.
TEST(Theorem1Agreement, CornersAreEachPixelsOwn) {
  const BasinJob j = job({{"window", "-3.7,4.1,-2.9,3.3"}, {"res", "37,23"}});
  const Grid& g = j.grid;
  std::vector<std::uint8_t> status(g.pixels());
  for (std::size_t k = 0; k < status.size(); ++k) status[k] = static_cast<std::uint8_t>((k * 5 + k / 37) % 4);
  const double hw = 0.5 * (g.window.a1 - g.window.a0) / g.width, hh = 0.5 * (g.window.b1 - g.window.b0) / g.height;
  Theorem1Agreement expected;
  std::vector<double> theta(2);
  for (std::int64_t i = 0; i < g.height; ++i)
    for (std::int64_t k = 0; k < g.width; ++k) {
      int inside = 0;
      for (double da : {-hw, hw})
        for (double db : {-hh, hh}) {
          j.plane().point(g.alpha(k) + da, g.beta(i) + db, theta);
          inside += theorem1_margin(j.problem, theta) < 0;
        }
      if (inside != 0 && inside != 4) {
        ++expected.straddling;
        continue;
      }
      ++expected.checked;
      const auto s = static_cast<Status>(status[i * g.width + k]);
      expected.agree += inside == 4 ? is_converged(s) : s == Status::diverged;
    }
  const auto got = *theorem1_agreement(j, status, 0);
  EXPECT_GT(expected.straddling, 20);
  EXPECT_GT(expected.agree, 20);
  EXPECT_EQ(got.checked, expected.checked);
  EXPECT_EQ(got.agree, expected.agree);
  EXPECT_EQ(got.straddling, expected.straddling);
}

}  // namespace
