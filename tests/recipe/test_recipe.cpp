// Recipes: presets, flags and meta.json speak the same language.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/engine/field_set.hpp"
#include "gdchaos/recipe/recipe.hpp"

using namespace gdchaos;
using nlohmann::json;

TEST(Recipe, EveryPresetBuildsAJobAndRenders) {
  const auto names = preset_names();
  ASSERT_GE(names.size(), 11u);
  for (const auto& name : names) {
    auto recipe = load_preset(name);
    recipe["res"] = 24;
    const auto job = basin_job_from_recipe(recipe);
    const auto map = render(job.problem, job.plane(), job.grid, job.options);
    EXPECT_GT(map.counts[1] + map.counts[2], 0) << name << ": nothing converges in the preset's window";
    EXPECT_GT(map.counts[3], 0) << name << ": nothing diverges in the preset's window";
  }
}

TEST(Recipe, ResolvedRecipeRebuildsTheSameJob) {
  const auto job = basin_job_from_recipe(json{{"d", 3}, {"y", "1"}, {"lambda", "0.2"}, {"eta", "0.5"}, {"plane", "random"},
                                              {"seed", 11}, {"center", "0.5,0.25"}, {"width", 1}, {"res", "64,32"}});
  EXPECT_DOUBLE_EQ(job.grid.window.b1 - job.grid.window.b0, 0.5);  // square pixels
  const auto again = basin_job_from_recipe(*job.recipe);
  EXPECT_EQ(again.plane().base, job.plane().base);
  EXPECT_EQ(again.plane().dir1, job.plane().dir1);
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

TEST(Recipe, NumbersArePlainDecimalOrScientific) {
  for (const char* bad : {"+-1", "-+1", "++1", "--1", "1e", "1e+", "1E-", "0x10", "0x1p3", " 1", "1 ", "\t1", "inf", "-inf",
                          "+inf", "Infinity", "nan", "-nan", "NaN", "nan(1)", ".", "+", "-", "1..2", "1.2.3", "1e5.5",
                          "1,5", "e5", "1e400", "1e-400", "١"}) {
    EXPECT_THROW(parse_number(bad, "eta"), InputError) << "'" << bad << "'";
    EXPECT_THROW(basin_job_from_recipe(json{{"y", 1}, {"eta", bad}}), InputError) << "'" << bad << "'";
  }
  EXPECT_DOUBLE_EQ(parse_number("-.5", "x"), -0.5);
  EXPECT_DOUBLE_EQ(parse_number("5.", "x"), 5);
  EXPECT_DOUBLE_EQ(parse_number("+.5", "x"), 0.5);
  EXPECT_DOUBLE_EQ(parse_number("1E3", "x"), 1000);
  EXPECT_DOUBLE_EQ(parse_number("-2e-3", "x"), -0.002);
  EXPECT_DOUBLE_EQ(parse_number("007", "x"), 7);
  EXPECT_THROW(parse_number_list("1,+-2", "window"), InputError);
  EXPECT_THROW(parse_number_list("1,,2", "window"), InputError);
  try {
    parse_number("+-1", "eta");
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("eta: '+-1' is not a number"), std::string::npos) << e.what();
  }
}

TEST(Recipe, TheGrammarItselfRefusesMalformedNumbers) {
  // Each of these breaks the documented grammar; the grammar (not what std::from_chars happens
  // to stop at) refuses them, and says which forms it takes.
  for (const char* bad : {"+-1", "--1", "1e", "1e+", "1E-", "0x10", " 1", "1 ", ".", "+", "1..2", "1e5.5", "1,5", "e5"}) {
    try {
      parse_number(bad, "eta");
      ADD_FAILURE() << "'" << bad << "' was accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("is not a number (write it as"), std::string::npos) << e.what();
    }
  }
}

TEST(Recipe, WindowMustIncreaseAlongBothAxes) {
  const json ok = {{"y", 1}, {"eta", 0.5}, {"res", 8}, {"window", "-1,1,-1,1"}};
  EXPECT_NO_THROW(basin_job_from_recipe(ok));
  for (const char* w : {"1,-1,-1,1", "-1,1,1,-1", "-1,1,1,1", "1,1,-1,1"}) {
    auto r = ok;
    r["window"] = w;
    EXPECT_THROW(basin_job_from_recipe(r), InputError) << w;
  }
}

TEST(Recipe, IntegersAreExact) {
  EXPECT_EQ(parse_integer("42", "k", 0, 100), 42);
  EXPECT_EQ(parse_integer("-7", "k", -10, 10), -7);
  EXPECT_EQ(parse_integer("010", "k", 0, 100), 10);  // decimal, not octal
  EXPECT_EQ(parse_integer("-9223372036854775808", "k", INT64_MIN, 0), INT64_MIN);
  EXPECT_EQ(parse_unsigned("18446744073709551615", "seed"), UINT64_MAX);
  for (const char* bad : {"", "1.0", "1.5", "1e3", "0x10", "+1", " 1", "1 ", "--1", "1,2", "inf", "nan", "٣"})
    EXPECT_THROW(parse_integer(bad, "k", -100, 100), InputError) << "'" << bad << "'";
  EXPECT_THROW(parse_integer("101", "k", 0, 100), InputError);
  EXPECT_THROW(parse_integer("-1", "k", 0, 100), InputError);
  EXPECT_THROW(parse_unsigned("18446744073709551616", "seed"), InputError);
  EXPECT_THROW(parse_unsigned("-1", "seed"), InputError);
}

TEST(Recipe, SeedsAreNotRoundedThroughDouble) {
  // 2^53 + 1 is not a double: through double it became 2^53, the same plane as seed 2^53.
  const json base = {{"d", 2}, {"y", 1}, {"eta", 0.5}, {"plane", "random"}, {"res", 8}};
  auto with_seed = [&](const json& seed) {
    auto r = base;
    r["seed"] = seed;
    return basin_job_from_recipe(r);
  };
  const auto a = with_seed("9007199254740993"), b = with_seed("9007199254740992");
  EXPECT_EQ((*a.recipe)["seed"].get<std::uint64_t>(), 9007199254740993ULL);
  EXPECT_NE(a.plane().dir1, b.plane().dir1);
  const auto c = with_seed(std::uint64_t{9007199254740993ULL});  // a JSON integer, as meta.json writes it
  EXPECT_EQ(c.plane().dir1, a.plane().dir1);
  EXPECT_EQ(basin_job_from_recipe(*a.recipe).plane().dir1, a.plane().dir1);  // meta.json round trip
  EXPECT_EQ((*with_seed("18446744073709551615").recipe)["seed"].get<std::uint64_t>(), UINT64_MAX);
  for (const json& bad : {json("18446744073709551616"), json("-1"), json(-1), json("1.5"), json("1e3"), json("0x10"),
                          json(" 7"), json(1.5), json(9007199254740994.0), json(true), json::array({1})})
    EXPECT_THROW(with_seed(bad), InputError) << bad.dump();
}

TEST(Recipe, IntegerKeysTakeIntegersOnly) {
  const json base = {{"y", 1}, {"eta", 0.5}, {"res", 8}};
  auto job = [&](const char* key, const json& value) {
    auto r = base;
    r[key] = value;
    return basin_job_from_recipe(r);
  };
  for (const char* key : {"d", "res", "max_iter", "check_every", "coord", "m", "n"})
    for (const json& bad : {json("1.5"), json("1e1"), json("0x1"), json("+1"), json(" 1"), json("1 "), json(1.5), json("")})
      EXPECT_THROW(job(key, bad), InputError) << key << " = " << bad.dump();
  EXPECT_THROW(job("res", "16,8.0"), InputError);
  EXPECT_THROW(job("res", json::array({16, 8.5})), InputError);
  EXPECT_THROW(job("max_iter", "99999999999999999999"), InputError);
  // Old meta.json recipes may hold integral floats: accepted below 2^53, where they are exact.
  EXPECT_EQ(job("max_iter", 3000.0).options.decision.max_iter, 3000);
  EXPECT_EQ(job("res", json::array({16.0, 8.0})).grid.height, 8);
  EXPECT_EQ(job("check_every", "010").options.decision.check_every, 10);
  EXPECT_EQ(job("coord", 1).options.coord, 1);
  EXPECT_THROW(job("coord", 2), InputError);  // θ has 2 entries
}

TEST(Recipe, FieldsTakeAListOrNamesOrNone) {
  auto kept = [](const json& fields) {
    json r = {{"y", 1}, {"eta", 0.5}, {"res", 4}, {"fields", fields}, {"coord", 0}};
    std::vector<std::string> names;
    for (const auto& f : basin_job_from_recipe(r).fields()) names.push_back(f.name);
    return names;
  };
  EXPECT_EQ(kept(json::array({"coord", "loss"})), (std::vector<std::string>{"loss", "coord"}));
  EXPECT_EQ(kept("sharpness,loss,loss"), (std::vector<std::string>{"loss", "sharpness"}));
  EXPECT_TRUE(kept("none").empty());
  EXPECT_TRUE(kept(json::array()).empty());
  EXPECT_THROW(kept(json::array({1})), InputError);
  EXPECT_THROW(kept(3), InputError);
  EXPECT_THROW(kept("loss,steps"), InputError);  // steps is always written: not a float field
  // The map still holds every field the render computes; only what is written is chosen.
  const auto job = basin_job_from_recipe({{"y", 1}, {"eta", 0.5}, {"res", 4}, {"fields", "none"}});
  EXPECT_EQ(job.rendered_fields().size(), basin_fields(*job.model, false).size());
}
