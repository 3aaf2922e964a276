// The basin is symmetric under (u, v) → (v, u) and (u, v) → (−u, −v) (the loss is), and so must
// every render be, pixel for pixel, with both engines. (u, v) → (−u, −v) swaps the two minimizers
// ±(√(y − λ), √(y − λ)) of the d = 1 problem, so attractor ids must swap with it.
#include <gtest/gtest.h>

#include "render_helpers.hpp"

using namespace gdchaos;
using namespace gdchaos::testing;

namespace {

void expect_symmetric(const Problem& p, Engine engine, bool two_minimizers) {
  RenderOptions opt;
  opt.engine = engine;
  opt.decision.max_iter = 5000;
  const int res = 200;
  const auto m = render_square(p, coords_plane(2), 3.0, res, opt);
  ASSERT_GT(m.counts[1], 0);
  ASSERT_GT(m.counts[3], 0);
  if (two_minimizers) {
    ASSERT_GE(m.attractors.size(), 2u);
  }
  std::int64_t mismatches = 0;
  for (int i = 0; i < res; ++i)
    for (int j = 0; j < res; ++j) {
      const auto px = i * res + j, swapped = j * res + i, negated = (res - 1 - i) * res + (res - 1 - j);
      mismatches += m.status[px] != m.status[swapped];
      mismatches += m.status[px] != m.status[negated];
      if (m.status[px] == 1) {
        mismatches += m.field("norm2")[px] != m.field("norm2")[swapped];
        mismatches += m.field("norm2")[px] != m.field("norm2")[negated];
        mismatches += m.attractor[px] != m.attractor[swapped];
        if (two_minimizers) {
          // the negated start reaches the negated minimizer (ids checked first: a wrong engine
          // must fail this test, not crash it)
          const auto ia = m.attractor[px], ib = m.attractor[negated];
          const auto n = static_cast<int>(m.attractors.size());
          if (ia < 0 || ib < 0 || ia >= n || ib >= n) {
            ++mismatches;
            continue;
          }
          const auto& a = m.attractors[ia];
          const auto& b = m.attractors[ib];
          mismatches += !(std::abs(a[0] + b[0]) < 1e-6 && std::abs(a[1] + b[1]) < 1e-6);
        }
      }
    }
  EXPECT_EQ(mismatches, 0);
}

TEST(Symmetry, RegularisedFig3Exact) { expect_symmetric(scalar_problem(0.5, 1.0, 0.2), Engine::exact, true); }
TEST(Symmetry, RegularisedFig3Dense) { expect_symmetric(scalar_problem(0.5, 1.0, 0.2), Engine::dense, true); }
TEST(Symmetry, UnregularisedExact) { expect_symmetric(scalar_problem(1.0, 0.9), Engine::exact, false); }
TEST(Symmetry, UnregularisedDense) { expect_symmetric(scalar_problem(1.0, 0.9), Engine::dense, false); }

}  // namespace
