// One GD orbit followed step by step (analysis/orbit.hpp).
#include <cmath>
#include <stop_token>

#include <gtest/gtest.h>

#include "gdchaos/analysis/iterates.hpp"
#include "gdchaos/analysis/orbit.hpp"
#include "gdchaos/core/control.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/model/factorization.hpp"
#include "gdchaos/model/spectrum.hpp"
#include "gdchaos/sample/initial_points.hpp"

using namespace gdchaos;

namespace {

Problem matrix_problem(double momentum) {
  Problem p;
  p.d = 2;
  p.m = 2;
  p.n = 1;
  p.Y = {0.7, -0.3};
  p.reg_coef = 0.05;
  p.eta = 0.2;
  p.momentum = momentum;
  return p;
}

}  // namespace

TEST(Orbit, EveryIterateIsTheKthIterateOfIteratePoints) {
  for (double momentum : {0.0, 0.6}) {
    const Problem p = matrix_problem(momentum);
    const Factorization model(p);
    const std::vector<double> theta0 = {0.9, -0.4, 0.3, 1.1, 0.2, -0.8};
    const auto orbit = follow_orbit(model, optimizer_of(p), theta0, 40, 1e10, false);
    ASSERT_EQ(orbit.steps, 40);
    ASSERT_EQ(orbit.theta.size(), 41u * theta0.size());
    for (int k : {0, 1, 7, 40}) {
      const auto expected = iterate_points(p, ListPoints(p.dim(), theta0), k, 1);
      for (std::size_t e = 0; e < theta0.size(); ++e)
        EXPECT_DOUBLE_EQ(orbit.theta[k * theta0.size() + e], expected[e]) << "momentum " << momentum << " step " << k;
    }
  }
}

TEST(Orbit, LossAndSharpnessAreTheModelsAtEachIterate) {
  const Problem p = matrix_problem(0.0);
  const Factorization model(p);
  const std::vector<double> theta0 = {0.9, -0.4, 0.3, 1.1, 0.2, -0.8};
  const auto orbit = follow_orbit(model, optimizer_of(p), theta0, 12, 1e10, true);
  ASSERT_EQ(orbit.loss.size(), 13u);
  ASSERT_EQ(orbit.sharpness.size(), 13u);
  for (int t : {0, 5, 12}) {
    const std::span<const double> theta(orbit.theta.data() + t * orbit.dim, orbit.dim);
    EXPECT_EQ(orbit.loss[t], model.loss(theta));
    EXPECT_EQ(orbit.sharpness[t], symmetric_eigenvalues(model.hessian(theta), orbit.dim).back());
  }
  // A small step from a generic start decreases the loss.
  EXPECT_LT(orbit.loss.back(), orbit.loss.front());
}

TEST(Orbit, StopsWhenTheOrbitEscapes) {
  Problem p;
  p.Y = {1.0};
  p.eta = 1.5;  // far above η* for this start: GD diverges
  const Factorization model(p);
  const std::vector<double> theta0 = {2.0, 1.5};
  const auto orbit = follow_orbit(model, optimizer_of(p), theta0, 1000, 1e10, false);
  EXPECT_TRUE(orbit.escaped);
  EXPECT_LT(orbit.steps, 1000);
  EXPECT_EQ(orbit.loss.size(), static_cast<std::size_t>(orbit.steps + 1));
  for (std::size_t t = 0; t < orbit.loss.size(); ++t) {
    double n2 = 0;
    for (int e = 0; e < 2; ++e) n2 += orbit.theta[t * 2 + e] * orbit.theta[t * 2 + e];
    EXPECT_LE(n2, 1e10);
  }
}

TEST(Orbit, RefusesBadStartsAndHonoursTheStopToken) {
  Problem p;
  const Factorization model(p);
  const Optimizer gd{0.1, 0.0};
  EXPECT_THROW(follow_orbit(model, gd, std::vector<double>{1.0}, 5, 1e10, false), InputError);
  EXPECT_THROW(follow_orbit(model, gd, std::vector<double>{1.0, std::nan("")}, 5, 1e10, false), InputError);
  EXPECT_THROW(follow_orbit(model, gd, std::vector<double>{1.0, 1.0}, -1, 1e10, false), InputError);
  EXPECT_THROW(follow_orbit(model, Optimizer{0.0, 0.0}, std::vector<double>{1.0, 1.0}, 5, 1e10, false), InputError);
  std::stop_source stop;
  stop.request_stop();
  EXPECT_THROW(follow_orbit(model, gd, std::vector<double>{1.0, 1.0}, 5, 1e10, false, stop.get_token()), Cancelled);
}
