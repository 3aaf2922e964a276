// The factorization family through the model interface, and the interface's defaults.
#include <cmath>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/model/factorization.hpp"
#include "gdchaos/model/optimizer.hpp"

namespace gdchaos {
namespace {

std::vector<double> random_vector(int n, std::mt19937_64& rng) {
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<double> v(n);
  for (auto& x : v) x = g(rng);
  return v;
}

const Problem kProblem{3, 2, 2, {1.0, 0.2, -0.4, 0.5}, 0.5, 0.05, 0.3, 0.0};

TEST(FactorizationModel, IsTheProblemsLossGradientAndHessian) {
  const Factorization M(kProblem);
  std::mt19937_64 rng(1);
  const auto theta = random_vector(M.dim(), rng), v = random_vector(M.dim(), rng);
  EXPECT_EQ(M.loss(theta), loss(kProblem, theta));
  std::vector<double> g(M.dim()), ref(M.dim());
  M.gradient(theta, g);
  gradient(kProblem, theta, ref);
  EXPECT_EQ(g, ref);
  const auto H = hessian(kProblem, theta);
  std::vector<double> hv(M.dim());
  M.hessian_vector(theta, v, hv);
  for (int r = 0; r < M.dim(); ++r) {
    double s = 0;
    for (int c = 0; c < M.dim(); ++c) s += H[r * M.dim() + c] * v[c];
    EXPECT_NEAR(hv[r], s, 1e-12 * std::max(1.0, std::abs(s)));
  }
  EXPECT_EQ(*M.global_min_loss(), global_min_loss(kProblem));
  EXPECT_EQ(M.curvature_bound(2.0), curvature_bound(kProblem, 2.0));
  ASSERT_EQ(M.fields().size(), 1u);
  EXPECT_EQ(M.fields()[0].name, "imbalance");
  double imbalance = 0;
  M.field_values(theta, std::span(&imbalance, 1));
  double nu = 0, nv = 0;
  for (int e = 0; e < M.dim(); ++e) (e < 6 ? nu : nv) += theta[e] * theta[e];
  EXPECT_DOUBLE_EQ(imbalance, nu - nv);
  EXPECT_EQ(M.describe()["family"], "factorization");
}

TEST(FactorizationModel, BatchedGradientIsThePointwiseGradientInEveryLane) {
  const Factorization M(kProblem);
  constexpr int kLanes = 5;
  std::mt19937_64 rng(2);
  const auto soa = random_vector(M.dim() * kLanes, rng);
  std::vector<double> grad(soa.size()), point(M.dim()), g(M.dim());
  M.gradient_lanes(soa.data(), grad.data(), kLanes);
  for (int l = 0; l < kLanes; ++l) {
    for (int e = 0; e < M.dim(); ++e) point[e] = soa[e * kLanes + l];
    gradient(kProblem, point, g);
    for (int e = 0; e < M.dim(); ++e) EXPECT_EQ(grad[e * kLanes + l], g[e]);
  }
}

TEST(FactorizationModel, TheOptimizerIsNotPartOfTheLoss) {
  Problem bad_optimizer = kProblem;
  bad_optimizer.eta = -1;
  bad_optimizer.momentum = 2;
  EXPECT_NO_THROW(Factorization(bad_optimizer).validate());
  EXPECT_THROW(optimizer_of(bad_optimizer).validate(), InputError);
  Problem bad_loss = kProblem;
  bad_loss.data_coef = 0;
  EXPECT_THROW(Factorization(bad_loss).validate(), InputError);
  const Problem back = with_optimizer(kProblem, Optimizer{0.7, 0.2});
  EXPECT_EQ(back.eta, 0.7);
  EXPECT_EQ(back.momentum, 0.2);
  EXPECT_EQ(back.Y, kProblem.Y);
}

// A family that implements only what the interface requires: its Hessian comes from the default
// central differences of the gradient, which must match the exact one to their accuracy.
class GradientOnly final : public Model {
 public:
  explicit GradientOnly(Problem p) : p_(std::move(p)) {}
  std::string family() const override { return "gradient_only"; }
  int dim() const override { return p_.dim(); }
  double loss(std::span<const double> theta) const override { return gdchaos::loss(p_, theta); }
  void gradient_lanes(const double* theta, double* grad, int lanes) const override {
    Factorization(p_).gradient_lanes(theta, grad, lanes);
  }
  double curvature_bound(double norm2) const override { return gdchaos::curvature_bound(p_, norm2); }
  void validate() const override {}
  nlohmann::json describe() const override { return {{"family", family()}}; }

 private:
  Problem p_;
};

TEST(ModelDefaults, HessianFromDifferencesOfTheGradient) {
  const GradientOnly M(kProblem);
  std::mt19937_64 rng(4);
  const auto theta = random_vector(M.dim(), rng);
  const auto approx = M.hessian(theta), exact = hessian(kProblem, theta);
  double scale = 1;
  for (double x : exact) scale = std::max(scale, std::abs(x));
  for (std::size_t k = 0; k < exact.size(); ++k) EXPECT_NEAR(approx[k], exact[k], 1e-7 * scale) << k;
  for (int r = 0; r < M.dim(); ++r)
    for (int c = 0; c < r; ++c) EXPECT_EQ(approx[r * M.dim() + c], approx[c * M.dim() + r]);
  EXPECT_FALSE(M.global_min_loss().has_value());
  EXPECT_TRUE(M.fields().empty());
}

TEST(StepSize, RefusedThroughAnyModelByItsCurvatureBound) {
  const Factorization M(kProblem);
  const double h = M.curvature_bound(4.0);
  EXPECT_NO_THROW(check_step_size(M, Optimizer{1.01 * kSmallestRelativeStep / h, 0}, 4.0));
  EXPECT_THROW(check_step_size(M, Optimizer{0.99 * kSmallestRelativeStep / h, 0}, 4.0), InputError);
  // Momentum shrinks the smallest step by (1 − β).
  EXPECT_NO_THROW(check_step_size(M, Optimizer{0.6 * kSmallestRelativeStep / h, 0.5}, 4.0));
}

}  // namespace
}  // namespace gdchaos
