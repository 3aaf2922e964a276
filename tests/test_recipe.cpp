// Recipes: presets, flags and meta.json speak the same language.
#include <gtest/gtest.h>

#include "gdchaos/error.hpp"
#include "gdchaos/recipe.hpp"

using namespace gdchaos;
using nlohmann::json;

TEST(Recipe, EveryPresetBuildsAJobAndRenders) {
  const auto names = preset_names();
  ASSERT_GE(names.size(), 11u);
  for (const auto& name : names) {
    auto recipe = load_preset(name);
    recipe["res"] = 24;
    const auto job = basin_job_from_recipe(recipe);
    const auto map = render(job.problem, job.plane, job.grid, job.options);
    EXPECT_GT(map.counts[1] + map.counts[2], 0) << name << ": nothing converges in the preset's window";
    EXPECT_GT(map.counts[3], 0) << name << ": nothing diverges in the preset's window";
  }
}

TEST(Recipe, ResolvedRecipeRebuildsTheSameJob) {
  const auto job = basin_job_from_recipe(json{{"d", 3}, {"y", "1"}, {"lambda", "0.2"}, {"eta", "0.5"}, {"plane", "random"},
                                              {"seed", 11}, {"center", "0.5,0.25"}, {"width", 1}, {"res", "64,32"}});
  EXPECT_DOUBLE_EQ(job.grid.window.b1 - job.grid.window.b0, 0.5);  // square pixels
  const auto again = basin_job_from_recipe(job.recipe);
  EXPECT_EQ(again.plane.base, job.plane.base);
  EXPECT_EQ(again.plane.dir1, job.plane.dir1);
  EXPECT_EQ(again.grid.window.a0, job.grid.window.a0);
  EXPECT_EQ(again.problem.reg_coef, 0.1);
  EXPECT_EQ(again.recipe, job.recipe);
}

TEST(Recipe, TargetForms) {
  EXPECT_EQ(problem_from_recipe(json{{"target", "diag:1,2,3"}, {"eta", 0.1}}).m, 3);
  const auto p = problem_from_recipe(json{{"target", json::array({json::array({1, 2}), json::array({3, 4})})}, {"eta", 0.1}});
  EXPECT_EQ(p.Y, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_THROW(problem_from_recipe(json{{"target", "diag:1,2"}, {"m", 3}, {"eta", 0.1}}), InputError);
  EXPECT_THROW(problem_from_recipe(json{{"y", 1}, {"target", 1}, {"eta", 0.1}}), InputError);
  EXPECT_THROW(problem_from_recipe(json{{"y", 1}, {"lambda", 0.1}, {"reg_coef", 0.1}, {"eta", 0.1}}), InputError);
}

TEST(Recipe, RejectsUnknownKeysAndStrictNumbers) {
  EXPECT_THROW(basin_job_from_recipe(json{{"y", 1}, {"eta", 0.1}, {"etta", 1}}), InputError);
  EXPECT_THROW(parse_number("1.5x", "eta"), InputError);
  EXPECT_THROW(parse_number("", "eta"), InputError);
  EXPECT_THROW(parse_number("inf", "eta"), InputError);
  EXPECT_THROW(parse_number("1e999", "eta"), InputError);
  EXPECT_DOUBLE_EQ(parse_number("+2.5e-1", "eta"), 0.25);
  EXPECT_EQ(parse_number_list("-4,4,-4,4", "window"), (std::vector<double>{-4, 4, -4, 4}));
}
