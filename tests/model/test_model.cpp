// The Model seam's defaults: gradient() is one lane of gradient_lanes, hessian_vector is a
// central difference of the gradient, hessian() is built from it and symmetric, and a family
// that says nothing more has no known minimum and no fields of its own.
#include "gdchaos/model/model.hpp"

#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/model/factorization.hpp"

using namespace gdchaos;

namespace {

// The factorization's loss and gradient, and nothing else: every other member is Model's default,
// so the exact Hessian of problem.hpp can judge them.
class GradientOnly final : public Model {
 public:
  explicit GradientOnly(Problem p) : f_(std::move(p)) {}
  std::string family() const override { return "gradient_only"; }
  int dim() const override { return f_.dim(); }
  double loss(std::span<const double> theta) const override { return f_.loss(theta); }
  void gradient_lanes(const double* theta, double* grad, int lanes) const override {
    f_.gradient_lanes(theta, grad, lanes);
  }
  double curvature_bound(double norm2) const override { return f_.curvature_bound(norm2); }
  void validate() const override { f_.validate(); }
  nlohmann::json describe() const override { return {{"family", family()}}; }

 private:
  Factorization f_;
};

// L(θ) = ½ θᵀAθ: the Hessian is A everywhere, and the central difference of a linear gradient
// has no truncation error at all.
class Quadratic final : public Model {
 public:
  explicit Quadratic(std::vector<double> a, int n) : a_(std::move(a)), n_(n) {}
  std::string family() const override { return "quadratic"; }
  int dim() const override { return n_; }
  double loss(std::span<const double> theta) const override {
    double s = 0;
    for (int r = 0; r < n_; ++r)
      for (int c = 0; c < n_; ++c) s += 0.5 * theta[r] * a_[r * n_ + c] * theta[c];
    return s;
  }
  void gradient_lanes(const double* theta, double* grad, int lanes) const override {
    for (int r = 0; r < n_; ++r)
      for (int l = 0; l < lanes; ++l) {
        double g = 0;
        for (int c = 0; c < n_; ++c) g += a_[r * n_ + c] * theta[c * lanes + l];
        grad[r * lanes + l] = g;
      }
  }
  double curvature_bound(double) const override { return 10; }
  void validate() const override {}
  nlohmann::json describe() const override { return {{"family", family()}}; }

 private:
  std::vector<double> a_;
  int n_;
};

Problem matrix_problem() {
  Problem p;
  p.d = 2, p.m = 2, p.n = 1, p.Y = {0.7, -0.4}, p.reg_coef = 0.05;
  return p;
}

std::vector<double> random_vector(int n, unsigned seed, double scale = 1.0) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(-scale, scale);
  std::vector<double> v(n);
  for (auto& x : v) x = u(gen);
  return v;
}

TEST(Model, GradientIsOneLaneOfTheBatchedGradient) {
  const Factorization f(matrix_problem());
  const int n = f.dim(), lanes = 3;
  std::vector<double> soa(n * lanes), grad_soa(n * lanes);
  std::vector<std::vector<double>> points;
  for (int l = 0; l < lanes; ++l) {
    points.push_back(random_vector(n, 10 + l));
    for (int e = 0; e < n; ++e) soa[e * lanes + l] = points[l][e];
  }
  f.gradient_lanes(soa.data(), grad_soa.data(), lanes);
  for (int l = 0; l < lanes; ++l) {
    std::vector<double> g(n);
    f.gradient(points[l], g);
    for (int e = 0; e < n; ++e) EXPECT_EQ(g[e], grad_soa[e * lanes + l]) << "lane " << l << " coordinate " << e;
  }
}

TEST(Model, DefaultHessianVectorAgreesWithTheExactHessian) {
  const Problem p = matrix_problem();
  const GradientOnly model(p);
  const int n = model.dim();
  for (unsigned seed : {1u, 2u, 3u}) {
    // ‖θ‖ of order 1 and of order 10: the difference step scales with ‖θ‖.
    for (double scale : {1.0, 10.0}) {
      const auto theta = random_vector(n, seed, scale), v = random_vector(n, 100 + seed);
      const auto H = hessian(p, theta);  // closed form
      std::vector<double> hv(n);
      model.hessian_vector(theta, v, hv);
      double norm = 0;
      for (double x : H) norm = std::max(norm, std::abs(x));
      for (int r = 0; r < n; ++r) {
        double exact = 0;
        for (int c = 0; c < n; ++c) exact += H[r * n + c] * v[c];
        // relative accuracy about ε^{2/3} ≈ 4e-11, against the size of the Hessian
        EXPECT_NEAR(hv[r], exact, 1e-8 * norm * n) << "seed " << seed << " scale " << scale << " row " << r;
      }
    }
  }
}

TEST(Model, DefaultHessianIsSymmetricAndAgreesWithTheExactOne) {
  const Problem p = matrix_problem();
  const GradientOnly model(p);
  const int n = model.dim();
  const auto theta = random_vector(n, 7);
  const auto H = model.hessian(theta), exact = hessian(p, theta);
  ASSERT_EQ(H.size(), static_cast<std::size_t>(n * n));
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      EXPECT_EQ(H[r * n + c], H[c * n + r]) << r << "," << c;  // symmetrised exactly
      EXPECT_NEAR(H[r * n + c], exact[r * n + c], 1e-7) << r << "," << c;
    }
}

TEST(Model, DefaultHessianOfAQuadraticIsItsMatrix) {
  const std::vector<double> A = {4, 1, 0, 1, 3, -2, 0, -2, 5};
  const Quadratic q(A, 3);
  for (const auto& theta : {std::vector<double>{0, 0, 0}, std::vector<double>{1e3, -2e3, 5e2}}) {
    const auto H = q.hessian(theta);
    for (int k = 0; k < 9; ++k) EXPECT_NEAR(H[k], A[k], 1e-9 * 5) << k;
  }
}

TEST(Model, DefaultHessianVectorIsLinearInTheDirection) {
  const GradientOnly model(matrix_problem());
  const int n = model.dim();
  const auto theta = random_vector(n, 5), v = random_vector(n, 6), w = random_vector(n, 8);
  std::vector<double> hv(n), hw(n), hsum(n), zero(n, 1.0), sum(n);
  for (int e = 0; e < n; ++e) sum[e] = 2 * v[e] - 3 * w[e];
  model.hessian_vector(theta, v, hv);
  model.hessian_vector(theta, w, hw);
  model.hessian_vector(theta, sum, hsum);
  for (int e = 0; e < n; ++e) EXPECT_NEAR(hsum[e], 2 * hv[e] - 3 * hw[e], 1e-6) << e;
  // the zero direction gives exactly zero (no 0/0 from the step h ∝ 1/‖v‖)
  model.hessian_vector(theta, std::vector<double>(n, 0.0), zero);
  for (double x : zero) EXPECT_EQ(x, 0.0);
}

TEST(Model, WithoutMoreKnowledgeThereIsNoMinimumAndNoFields) {
  const GradientOnly model(matrix_problem());
  EXPECT_FALSE(model.global_min_loss().has_value());
  EXPECT_TRUE(model.fields().empty());
  // The factorization overrides both: its minimum and its imbalance.
  const Factorization f(matrix_problem());
  EXPECT_TRUE(f.global_min_loss().has_value());
  ASSERT_EQ(f.fields().size(), 1u);
  EXPECT_EQ(f.fields()[0].name, "imbalance");
}

}  // namespace
