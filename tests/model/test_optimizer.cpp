// The optimizer: which (η, β) are valid, and the refusal of a step size that rounds to nothing
// (a relative move below 2⁻⁴⁶ per step, with the model's curvature bound over the starts).
#include "gdchaos/model/optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/model/factorization.hpp"
#include "gdchaos/model/model.hpp"
#include "gdchaos/model/problem.hpp"

using namespace gdchaos;

namespace {

// A model whose curvature bound over ‖θ‖² ≤ norm2 is h·norm2, recording the norm2 it was asked about.
class KnownCurvature final : public Model {
 public:
  explicit KnownCurvature(double h) : h_(h) {}
  std::string family() const override { return "known_curvature"; }
  int dim() const override { return 2; }
  double loss(std::span<const double>) const override { return 0; }
  void gradient_lanes(const double*, double* grad, int lanes) const override {
    std::fill(grad, grad + 2 * lanes, 0.0);
  }
  double curvature_bound(double norm2) const override {
    asked = norm2;
    return h_ * norm2;
  }
  void validate() const override {}
  nlohmann::json describe() const override { return {{"family", family()}}; }
  mutable double asked = -1;

 private:
  double h_;
};

TEST(Optimizer, StepSizeMustBeAFinitePositiveNumber) {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::nan("");
  for (double eta : {0.0, -0.1, -inf, inf, nan}) EXPECT_THROW((Optimizer{eta, 0}.validate()), InputError) << eta;
  for (double eta : {1e-300, 0.1, 1.0, 1e6}) EXPECT_NO_THROW((Optimizer{eta, 0}.validate())) << eta;
}

TEST(Optimizer, MomentumMustLieInTheHalfOpenUnitInterval) {
  for (double beta : {-1e-12, 1.0, 1.5, std::nan(""), std::numeric_limits<double>::infinity()})
    EXPECT_THROW((Optimizer{0.1, beta}.validate()), InputError) << beta;
  for (double beta : {0.0, 0.5, std::nextafter(1.0, 0.0)}) EXPECT_NO_THROW((Optimizer{0.1, beta}.validate())) << beta;
}

TEST(Optimizer, DefaultsArePlainGradientDescent) {
  const Optimizer o;
  EXPECT_EQ(o.momentum, 0.0);
  EXPECT_GT(o.eta, 0.0);
  EXPECT_NO_THROW(o.validate());
}

// The threshold is exactly η = 2⁻⁴⁶(1 − β)/h.
TEST(CheckStepSize, RefusesAStepThatRoundsToNothingAndAcceptsTheSmallestThatDoesNot) {
  const KnownCurvature model(1.0);  // h = max(1, max_norm2)
  const double smallest = kSmallestRelativeStep;
  EXPECT_NO_THROW(check_step_size(model, Optimizer{smallest, 0}, 1.0));
  EXPECT_THROW(check_step_size(model, Optimizer{std::nextafter(smallest, 0.0), 0}, 1.0), InputError);
  // starts with ‖θ₀‖² ≤ 8: a curvature bound 8 times larger, so a step 8 times smaller still moves θ
  EXPECT_NO_THROW(check_step_size(model, Optimizer{smallest / 8, 0}, 8.0));
  EXPECT_THROW(check_step_size(model, Optimizer{std::nextafter(smallest / 8, 0.0), 0}, 8.0), InputError);
  EXPECT_THROW(check_step_size(model, Optimizer{smallest / 8, 0}, 1.0), InputError);
  // momentum β multiplies the move by 1/(1 − β): half the η is enough at β = ½
  EXPECT_NO_THROW(check_step_size(model, Optimizer{smallest / 2, 0.5}, 1.0));
  EXPECT_THROW(check_step_size(model, Optimizer{std::nextafter(smallest / 2, 0.0), 0.5}, 1.0), InputError);
}

TEST(CheckStepSize, TheRadiusIsTakenAsAtLeastOne) {
  const KnownCurvature model(1.0);
  check_step_size(model, Optimizer{1.0, 0}, 0.01);
  EXPECT_EQ(model.asked, 1.0);
  check_step_size(model, Optimizer{1.0, 0}, 0.0);
  EXPECT_EQ(model.asked, 1.0);
  check_step_size(model, Optimizer{1.0, 0}, 32.0);
  EXPECT_EQ(model.asked, 32.0);
}

TEST(CheckStepSize, NaNIsNeverLargeEnough) {
  const KnownCurvature model(1.0);
  EXPECT_THROW(check_step_size(model, Optimizer{std::nan(""), 0}, 1.0), InputError);
}

TEST(CheckStepSize, TheMessageGivesTheSmallestStepSize) {
  const KnownCurvature model(4.0);
  try {
    check_step_size(model, Optimizer{1e-20, 0}, 1.0);
    FAIL() << "expected a refusal";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    char smallest[32];
    std::snprintf(smallest, sizeof smallest, "%.3g", kSmallestRelativeStep / 4.0);
    EXPECT_NE(msg.find("eta 1e-20 is too small"), std::string::npos) << msg;
    EXPECT_NE(msg.find(std::string("the smallest eta here is ") + smallest), std::string::npos) << msg;
  }
}

// The factorization's check (problem.hpp) is this one, with its curvature bound.
TEST(CheckStepSize, TheProblemsCheckIsTheModelsCheck) {
  Problem p;
  p.Y = {1.0};
  const double h = curvature_bound(p, 4.0);
  for (double eta : {0.99 * kSmallestRelativeStep / h, 1.01 * kSmallestRelativeStep / h}) {
    p.eta = eta;
    bool model_refuses = false, problem_refuses = false;
    try {
      check_step_size(Factorization(p), optimizer_of(p), 4.0);
    } catch (const InputError&) {
      model_refuses = true;
    }
    try {
      check_step_size(p, 4.0);
    } catch (const InputError&) {
      problem_refuses = true;
    }
    EXPECT_EQ(model_refuses, problem_refuses) << eta;
    EXPECT_EQ(model_refuses, eta < kSmallestRelativeStep / h) << eta;
  }
}

}  // namespace
