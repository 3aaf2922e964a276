// The recipe schema, every key once: keys and flags, groups in --help order, and the lists its
// help spells out (colours, engines) agreeing with the code that implements them.
#include "gdchaos/recipe/recipe_schema.hpp"

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/engine/field_set.hpp"
#include "gdchaos/engine/render.hpp"
#include "gdchaos/model/factorization.hpp"
#include "gdchaos/recipe/recipe.hpp"

using namespace gdchaos;

namespace {

// "a | b | c" → {a, b, c}, up to the first '(' (a default in brackets).
std::set<std::string> alternatives(std::string_view help) {
  std::string text(help.substr(0, help.find('(')));
  std::set<std::string> out;
  std::stringstream in(text);
  for (std::string word; in >> word;)
    if (word != "|") out.insert(word);
  return out;
}

const RecipeKey& key(std::string_view name) {
  for (const auto& k : recipe_schema())
    if (k.name == name) return k;
  throw std::out_of_range(std::string(name));
}

// The schema is the one list of keys: the resolved recipe (meta.json's) holds only its keys and
// reads back to itself, for every kind of start and family.
TEST(RecipeSchema, TheResolvedRecipeUsesOnlySchemaKeysAndReadsBackToItself) {
  using nlohmann::json;
  for (const json& r : {json{{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}, {"res", 8}},
                        json{{"y", 1}, {"eta", 0.9}, {"plane", "quotient"}, {"window", "-2,2,0,4"}, {"res", "8,4"}},
                        json{{"target", "diag:1,0.5"}, {"d", 3}, {"eta", 0.5}, {"seed", 3}, {"coord", 2}, {"color", "coord"}},
                        json{{"y", 1}, {"eta", 0.5}, {"plane", "hyper"}, {"axis1", "eta:0.1,1"}, {"axis2", "momentum:0,0.5"},
                             {"init", "1,0.5"}},
                        json{{"depth", 3}, {"y", 1}, {"eta", 0.4}, {"lambda", 0.05}, {"color", "imbalance"}}}) {
    const auto job = basin_job_from_recipe(r);
    for (const auto& [k, value] : job.recipe->items()) EXPECT_TRUE(is_recipe_key(k)) << k << " in " << r;
    EXPECT_EQ(basin_job_from_recipe(*job.recipe).recipe, job.recipe) << r;
  }
  for (const auto& k : recipe_schema()) {
    EXPECT_FALSE(k.help.empty()) << k.name;
    EXPECT_EQ(flag_name(k.name).find('_'), std::string::npos);
  }
  EXPECT_FALSE(is_recipe_key("threads"));  // how a run is scheduled is not part of what it computes
}

TEST(RecipeSchema, EveryKeyOnceAndEachGroupInOneRun) {
  std::set<std::string_view> names;
  std::set<RecipeGroup> closed;  // groups whose run has ended
  const RecipeKey* previous = nullptr;
  for (const auto& k : recipe_schema()) {
    EXPECT_TRUE(names.insert(k.name).second) << k.name << " twice";
    EXPECT_TRUE(is_recipe_key(k.name)) << k.name;
    if (previous && previous->group != k.group) closed.insert(previous->group);
    EXPECT_EQ(closed.count(k.group), 0u) << k.name << " comes after its group ended";
    previous = &k;
  }
  EXPECT_EQ(closed.size() + 1, 6u) << "every group has keys";
}

TEST(RecipeSchema, FlagsSpellUnderscoresAsHyphens) {
  EXPECT_EQ(flag_name("max_iter"), "max-iter");
  EXPECT_EQ(flag_name("check_every"), "check-every");
  EXPECT_EQ(flag_name("a_b_c_"), "a-b-c-");
  EXPECT_EQ(flag_name("eta"), "eta");
  EXPECT_EQ(flag_name(""), "");
}

TEST(RecipeSchema, OnlyTheKeysAsSpelledAreKeys) {
  EXPECT_TRUE(is_recipe_key("max_iter"));
  EXPECT_FALSE(is_recipe_key("max-iter"));  // the flag, not the key
  EXPECT_FALSE(is_recipe_key("ETA"));
  EXPECT_FALSE(is_recipe_key("eta "));
  EXPECT_FALSE(is_recipe_key(""));
  EXPECT_FALSE(is_recipe_key("out"));  // where a run writes is not part of what it computes
}

// The help of `color` lists every colouring of the factorization with coord, and nothing more.
TEST(RecipeSchema, ColourHelpListsTheFieldSetsColourings) {
  const auto want = colourings(basin_fields(Factorization(Problem{}), true));
  EXPECT_EQ(alternatives(key("color").help), std::set<std::string>(want.begin(), want.end()));
}

TEST(RecipeSchema, EngineHelpListsEveryEngine) {
  std::set<std::string> want;
  for (const Engine e : {Engine::automatic, Engine::exact, Engine::dense, Engine::generic, Engine::network})
    want.insert(engine_name(e));
  EXPECT_EQ(alternatives(key("engine").help), want);
}

}  // namespace
