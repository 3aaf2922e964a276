// A pixel's outcome label: its status, refined by the attractor id where GD converged to one of
// finitely many points. Labels of ids never collide with statuses.
#include "gdchaos/analysis/outcome.hpp"

#include <set>

#include <gtest/gtest.h>

using namespace gdchaos;

namespace {

constexpr std::uint8_t kAll[] = {0, 1, 2, 3, 4};

TEST(Outcome, WithoutAnAttractorTheLabelIsTheStatus) {
  for (const std::uint8_t s : kAll) EXPECT_EQ(outcome_label(s, -1), s);
}

TEST(Outcome, ConvergedPixelsAreLabelledByTheirAttractor) {
  for (const std::int16_t id : {0, 1, 7, 32767}) {
    EXPECT_EQ(outcome_label(1, id), 16 + id);
    EXPECT_EQ(outcome_label(2, id), 16 + id);  // the saddle is one of the limit points too
  }
}

// An id on a pixel that did not converge (which engines never write) does not refine it.
TEST(Outcome, AnIdOnAPixelThatDidNotConvergeIsIgnored) {
  for (const std::uint8_t s : {0, 3, 4}) EXPECT_EQ(outcome_label(s, 5), s);
}

TEST(Outcome, DistinctOutcomesHaveDistinctLabels) {
  std::set<int> labels;
  for (const std::uint8_t s : kAll) labels.insert(outcome_label(s, -1));
  for (std::int16_t id = 0; id < 200; ++id) labels.insert(outcome_label(1, id));
  EXPECT_EQ(labels.size(), 5u + 200u);
}

}  // namespace
