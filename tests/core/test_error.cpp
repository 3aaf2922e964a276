#include <gtest/gtest.h>

#include "gdchaos/core/error.hpp"

using namespace gdchaos;

TEST(SpellParameters, FlagsForTheCommandLine) {
  EXPECT_EQ(spell_parameters("`max_iter` must be at least 1", flag_spelling), "--max-iter must be at least 1");
  EXPECT_EQ(spell_parameters("give either `y` or `target`, not both", flag_spelling),
            "give either --y or --target, not both");
  EXPECT_EQ(spell_parameters("`plane` hyper needs `axis1` and `axis2`", flag_spelling),
            "--plane hyper needs --axis1 and --axis2");
}

TEST(SpellParameters, KeywordsForPython) {
  const auto keyword = [](std::string_view name) { return std::string(name) + "="; };
  EXPECT_EQ(spell_parameters("`reg_coef` and `lambda`", keyword), "reg_coef= and lambda=");
}

TEST(SpellParameters, LeavesOtherBackquotesAlone) {
  // A user's file name may hold backquotes: only `lower_case` names are parameters.
  EXPECT_EQ(spell_parameters("file `My File` and `eta`", flag_spelling), "file `My File` and --eta");
  EXPECT_EQ(spell_parameters("odd ` count `eta`", flag_spelling), "odd ` count --eta");
  EXPECT_EQ(spell_parameters("trailing `", flag_spelling), "trailing `");
  EXPECT_EQ(spell_parameters("``", flag_spelling), "``");
  EXPECT_EQ(spell_parameters("no parameters", flag_spelling), "no parameters");
}
