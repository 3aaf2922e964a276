// Statuses are part of the output contract (status.npy): their numbers and names never change.
#include "gdchaos/core/status.hpp"

#include <set>
#include <string_view>

#include <gtest/gtest.h>

using namespace gdchaos;

namespace {

TEST(Status, NumbersAreTheOutputContract) {
  // README, "Output": 0 undecided, 1 converged, 2 another critical point, 3 diverged, 4 outside.
  EXPECT_EQ(static_cast<int>(Status::undecided), 0);
  EXPECT_EQ(static_cast<int>(Status::converged), 1);
  EXPECT_EQ(static_cast<int>(Status::other_critical), 2);
  EXPECT_EQ(static_cast<int>(Status::diverged), 3);
  EXPECT_EQ(static_cast<int>(Status::outside_domain), 4);
  EXPECT_EQ(kStatusCount, 5);
  EXPECT_EQ(sizeof(Status), 1u);  // written to status.npy as uint8
}

TEST(Status, EveryStatusHasItsOwnNameSpelledAsTheEnumerator) {
  EXPECT_EQ(kStatusNames[static_cast<int>(Status::undecided)], "undecided");
  EXPECT_EQ(kStatusNames[static_cast<int>(Status::converged)], "converged");
  EXPECT_EQ(kStatusNames[static_cast<int>(Status::other_critical)], "other_critical");
  EXPECT_EQ(kStatusNames[static_cast<int>(Status::diverged)], "diverged");
  EXPECT_EQ(kStatusNames[static_cast<int>(Status::outside_domain)], "outside_domain");
  const std::set<std::string_view> distinct(kStatusNames.begin(), kStatusNames.end());
  EXPECT_EQ(distinct.size(), kStatusNames.size());
}

TEST(Status, ConvergedMeansALimitWasFoundWhateverItIs) {
  EXPECT_TRUE(is_converged(Status::converged));
  EXPECT_TRUE(is_converged(Status::other_critical));  // the saddle is a limit too
  EXPECT_FALSE(is_converged(Status::undecided));
  EXPECT_FALSE(is_converged(Status::diverged));
  EXPECT_FALSE(is_converged(Status::outside_domain));
}

}  // namespace
