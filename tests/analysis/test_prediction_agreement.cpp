// Agreement of a rendered map with a per-pixel prediction (Proposition 5's column-wise Theorem 1).
#include <gtest/gtest.h>

#include <stdexcept>

#include "gdchaos/analysis/orthogonal.hpp"
#include "gdchaos/analysis/prediction_agreement.hpp"
#include "gdchaos/engine/render.hpp"

using namespace gdchaos;

namespace {

constexpr std::uint8_t kUndecided = 0, kConverged = 1, kOtherCritical = 2, kDiverged = 3;

Problem orthogonal_columns_problem(double eta) {
  Problem p;
  p.d = 4, p.m = 2, p.n = 2, p.Y = {1.0, 0.0, 0.0, 0.6}, p.eta = eta;
  return p;
}

}  // namespace

TEST(PredictionAgreement, CountsEachPredictedPixelOnce) {
  // predicted:   conv  conv          conv       div   div        none  none
  // GD did:      conv  other_crit.   undecided  div   converged  div   conv
  const std::vector<std::uint8_t> predicted = {kConverged, kConverged, kConverged, kDiverged, kDiverged, kUndecided,
                                               kUndecided};
  const std::vector<std::uint8_t> status = {kConverged, kOtherCritical, kUndecided, kDiverged, kConverged, kDiverged,
                                            kConverged};
  const auto a = prediction_agreement(predicted, status);
  EXPECT_EQ(a.predicted, 5);
  EXPECT_EQ(a.agreeing, 3);  // converging to another critical point is converging
  EXPECT_DOUBLE_EQ(a.fraction(), 0.6);
  EXPECT_EQ(prediction_agreement({}, {}).fraction(), 0.0);
}

TEST(PredictionAgreement, RefusesMismatchedMapsAndNonPredictions) {
  const std::vector<std::uint8_t> two = {kConverged, kDiverged}, three = {kConverged, kDiverged, kDiverged};
  EXPECT_THROW(prediction_agreement(two, three), std::invalid_argument);
  const std::vector<std::uint8_t> other = {kOtherCritical, kDiverged};
  EXPECT_THROW(prediction_agreement(other, two), std::invalid_argument);
}

TEST(PredictionAgreement, MatrixGDFollowsTheColumnsAndNotAnotherStepSize) {
  const Plane plane = orthogonal_plane(2, 4);
  const Grid grid{{-4, 4, -4, 4}, 64, 64};
  RenderOptions opt;
  opt.engine = Engine::dense;
  opt.decision.max_iter = 100000;
  const Problem p = orthogonal_columns_problem(0.7);
  const auto map = render(p, plane, grid, opt);

  const auto right = prediction_agreement(orthogonal_prediction(p, plane, grid), map.status);
  EXPECT_GT(right.predicted, grid.pixels() * 9 / 10);
  EXPECT_GE(right.fraction(), 0.99);  // Proposition 5: pixel centres are exact points of the slice

  // The column problems at a smaller step size predict a larger basin: that prediction must fail
  // where the two regions differ.
  const auto wrong = prediction_agreement(orthogonal_prediction(orthogonal_columns_problem(0.5), plane, grid), map.status);
  EXPECT_LT(wrong.fraction(), right.fraction() - 0.05);
}
