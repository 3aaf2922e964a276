// The network family against finite differences (gradient), against its own gradient's
// derivative and a dense Hessian (HVP), batched lanes against one network, and an identity network
// without biases on X = I against the deep linear family's orbit.
#include <cmath>
#include <memory>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/model/deep_linear.hpp"
#include "gdchaos/model/mlp.hpp"

namespace gdchaos {
namespace {

std::shared_ptr<const Dataset> random_data(int n, int p, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0);
  auto d = std::make_shared<Dataset>();
  d->n = n, d->p = p;
  d->X.resize(static_cast<std::size_t>(n) * p);
  for (auto& x : d->X) x = g(rng);
  for (int i = 0; i < n; ++i) d->y.push_back(i % 2 ? 1.0 : -1.0);
  d->description = nlohmann::json{{"source", "test"}};
  return d;
}

struct Case {
  std::vector<int> hidden;
  Activation activation;
  bool bias;
  Parametrization param;
  double lambda;
};

class MlpCases : public ::testing::TestWithParam<Case> {
 protected:
  Mlp model(int n = 7, int p = 3) const {
    const auto c = GetParam();
    return Mlp({c.hidden, c.activation, c.bias, c.param, c.lambda}, random_data(n, p, 11));
  }
  // A generic point: random, away from relu's kinks with probability 1.
  static std::vector<double> point(const Mlp& M, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> g(0.0, 0.7);
    std::vector<double> t(M.dim());
    for (auto& x : t) x = g(rng);
    return t;
  }
};

TEST_P(MlpCases, GradientMatchesCentralDifferencesOfTheLoss) {
  const auto M = model();
  for (int trial = 0; trial < 3; ++trial) {
    const auto theta = point(M, 100 + trial);
    std::vector<double> g(M.dim());
    M.gradient(theta, g);
    for (int e = 0; e < M.dim(); ++e) {
      const double h = 1e-6;
      auto plus = theta, minus = theta;
      plus[e] += h, minus[e] -= h;
      const double fd = (M.loss(plus) - M.loss(minus)) / (2 * h);
      EXPECT_NEAR(g[e], fd, 1e-6 * std::max(1.0, std::abs(fd))) << "coordinate " << e;
    }
  }
}

TEST_P(MlpCases, BatchedLanesEqualOneNetworkAtATime) {
  const auto M = model(37, 5);  // more samples than one block of the kernel
  const int dim = M.dim();
  for (int lanes : {1, 3, 4, 16, 21, 37}) {
    std::vector<std::vector<double>> thetas;
    std::vector<double> soa(static_cast<std::size_t>(dim) * lanes), gsoa(soa.size());
    for (int l = 0; l < lanes; ++l) {
      thetas.push_back(point(M, 500 + l));
      for (int e = 0; e < dim; ++e) soa[e * lanes + l] = thetas[l][e];
    }
    M.gradient_lanes(soa.data(), gsoa.data(), lanes);
    for (int l = 0; l < lanes; ++l) {
      std::vector<double> g(dim);
      M.gradient(thetas[l], g);
      // The same sums in the same order; only the contraction into fused multiply–adds may differ
      // between the vector and the scalar kernel.
      for (int e = 0; e < dim; ++e)
        ASSERT_NEAR(gsoa[e * lanes + l], g[e], 1e-11 * (1 + std::abs(g[e]))) << "lanes " << lanes << " lane " << l;
    }
  }
}

TEST_P(MlpCases, ANetworksGradientDoesNotDependOnItsLaneInABlock) {
  // The network engine runs full blocks of 16 lanes: a start must give the same bits in any lane,
  // or a re-render of one pixel (uncertainty's pairs) could part from the map in a chaotic orbit.
  const auto M = model(37, 5);
  const int dim = M.dim(), lanes = 16;
  std::vector<double> soa(static_cast<std::size_t>(dim) * lanes), g1(soa.size()), g2(soa.size());
  for (int l = 0; l < lanes; ++l) {
    const auto t = point(M, 900 + l);
    for (int e = 0; e < dim; ++e) soa[e * lanes + l] = t[e];
  }
  M.gradient_lanes(soa.data(), g1.data(), lanes);
  auto rotated = soa;
  for (int e = 0; e < dim; ++e)
    for (int l = 0; l < lanes; ++l) rotated[e * lanes + (l + 5) % lanes] = soa[e * lanes + l];
  M.gradient_lanes(rotated.data(), g2.data(), lanes);
  for (int e = 0; e < dim; ++e)
    for (int l = 0; l < lanes; ++l) ASSERT_EQ(g2[e * lanes + (l + 5) % lanes], g1[e * lanes + l]);
}

TEST_P(MlpCases, HessianVectorProductIsTheDerivativeOfTheGradient) {
  const auto M = model();
  const auto theta = point(M, 3);
  const auto v = point(M, 4);
  std::vector<double> hv(M.dim()), gp(M.dim()), gm(M.dim());
  M.hessian_vector(theta, v, hv);
  const double h = 1e-6;
  auto plus = theta, minus = theta;
  for (int e = 0; e < M.dim(); ++e) plus[e] += h * v[e], minus[e] -= h * v[e];
  M.gradient(plus, gp);
  M.gradient(minus, gm);
  for (int e = 0; e < M.dim(); ++e) {
    const double fd = (gp[e] - gm[e]) / (2 * h);
    EXPECT_NEAR(hv[e], fd, 1e-6 * std::max(1.0, std::abs(fd))) << "coordinate " << e;
  }
}

TEST_P(MlpCases, HessianIsSymmetric) {
  const auto M = model();
  const auto H = M.hessian(point(M, 9));  // from hessian_vector on unit vectors
  std::vector<double> e1(M.dim()), col(M.dim());
  for (int a = 0; a < M.dim(); ++a) {
    std::fill(e1.begin(), e1.end(), 0.0);
    e1[a] = 1;
    M.hessian_vector(point(M, 9), e1, col);
    for (int b = 0; b < M.dim(); ++b) EXPECT_NEAR(col[b], H[static_cast<std::size_t>(b) * M.dim() + a], 1e-10 * (1 + std::abs(col[b])));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, MlpCases,
    ::testing::Values(Case{{4}, Activation::tanh, true, Parametrization::standard, 0.0},
                      Case{{3, 2}, Activation::relu, true, Parametrization::standard, 1e-2},
                      Case{{3, 4}, Activation::tanh, false, Parametrization::mean_field, 0.0},
                      Case{{2, 3, 2}, Activation::poly, true, Parametrization::standard, 0.1},
                      Case{{5}, Activation::identity, false, Parametrization::standard, 0.0},
                      Case{{}, Activation::relu, true, Parametrization::mean_field, 0.0}));

TEST(Mlp, LayoutOffsetsAndLayersFollowTheDocumentedOrder) {
  const Mlp M({{4, 3}, Activation::relu, true, Parametrization::standard, 0}, random_data(5, 2, 1));
  EXPECT_EQ(M.layers(), 3);
  EXPECT_EQ(M.dim(), 4 * 2 + 4 + 3 * 4 + 3 + 1 * 3 + 1);
  EXPECT_EQ(M.weight_offset(1), 0);
  EXPECT_EQ(M.bias_offset(1), 8);
  EXPECT_EQ(M.weight_offset(2), 12);
  EXPECT_EQ(M.bias_offset(2), 24);
  EXPECT_EQ(M.weight_offset(3), 27);
  EXPECT_EQ(M.bias_offset(3), 30);
  const auto layer = M.coordinate_layers();
  EXPECT_EQ(layer[11], 1);
  EXPECT_EQ(layer[12], 2);
  EXPECT_EQ(layer[26], 2);
  EXPECT_EQ(layer[27], 3);
  EXPECT_EQ(layer[30], 3);
}

TEST(Mlp, LossOfAHandComputedNetwork) {
  // One hidden relu unit, x = (1, 2), y = 1: z = 1·1 + (−1)·2 + 0.5 = −0.5 → relu 0 → f = b_2 = 0.25;
  // second sample x = (2, 0), y = −1: z = 2.5 → f = 3·2.5 + 0.25 = 7.75.
  auto d = std::make_shared<Dataset>();
  d->n = 2, d->p = 2, d->X = {1, 2, 2, 0}, d->y = {1, -1};
  const Mlp M({{1}, Activation::relu, true, Parametrization::standard, 0.1}, d);
  const std::vector<double> theta{1, -1, 0.5, 3, 0.25};
  const double data = ((0.25 - 1) * (0.25 - 1) + (7.75 + 1) * (7.75 + 1)) / 4;
  double reg = 0;
  for (double t : theta) reg += t * t;
  EXPECT_NEAR(M.loss(theta), data + 0.05 * reg, 1e-14);
}

TEST(Mlp, MeanFieldScalesAreOneOverRootFanInAndOneOverFanInAtTheOutput) {
  const Mlp M({{16}, Activation::tanh, false, Parametrization::mean_field, 0}, random_data(4, 9, 2));
  EXPECT_DOUBLE_EQ(M.scale(1), 1.0 / 3);
  EXPECT_DOUBLE_EQ(M.scale(2), 1.0 / 16);
}

TEST(Mlp, InitialPointIsSeededHeAndBiasesStartAtZero) {
  const Mlp M({{64}, Activation::relu, true, Parametrization::standard, 0}, random_data(4, 100, 2));
  const auto a = M.initial_point(3), b = M.initial_point(3), c = M.initial_point(4);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  double s = 0;
  for (int e = 0; e < 64 * 100; ++e) s += a[e] * a[e];
  EXPECT_NEAR(s / (64 * 100), 2.0 / 100, 0.1 * 2.0 / 100);  // variance 2/fan_in
  for (int j = 0; j < 64; ++j) EXPECT_EQ(a[M.bias_offset(1) + j], 0.0);
}

TEST(Mlp, IdentityNetworkWithoutBiasesOnTheIdentityIsTheDeepLinearModel) {
  // X = I_p, identity activation, no biases: f(e_i) = (W_L ⋯ W_1)_i, so
  // L = (1/2n)‖W_L⋯W_1 − yᵀ‖² + (λ/2)‖θ‖², the deep linear loss with m = 1, a = 1/(2n), b = λ/2,
  // and the same parameter order. GD orbits agree.
  const int p = 3, width = 2;
  const double lambda = 0.05;
  auto d = std::make_shared<Dataset>();
  d->n = p, d->p = p, d->y = {0.7, -0.4, 1.1};
  d->X.assign(p * p, 0.0);
  for (int i = 0; i < p; ++i) d->X[i * p + i] = 1;
  const Mlp net({{width, width}, Activation::identity, false, Parametrization::standard, lambda}, d);
  const DeepLinear deep({3, width, 1, p, d->y, 1.0 / (2 * p), lambda / 2});
  ASSERT_EQ(net.dim(), deep.dim());
  std::mt19937_64 rng(5);
  std::normal_distribution<double> g(0.0, 0.6);
  std::vector<double> a(net.dim());
  for (auto& x : a) x = g(rng);
  auto b = a;
  EXPECT_NEAR(net.loss(a), deep.loss(b), 1e-14);
  std::vector<double> ga(net.dim()), gb(net.dim());
  const double eta = 0.4;
  for (int t = 0; t < 200; ++t) {
    net.gradient(a, ga);
    deep.gradient(b, gb);
    for (int e = 0; e < net.dim(); ++e) a[e] -= eta * ga[e], b[e] -= eta * gb[e];
  }
  for (int e = 0; e < net.dim(); ++e) EXPECT_NEAR(a[e], b[e], 1e-12 * (1 + std::abs(b[e])));
}

TEST(Mlp, RejectsBadShapesAndData) {
  EXPECT_THROW(Mlp({{0}, Activation::relu, true, Parametrization::standard, 0}, random_data(3, 2, 1)), InputError);
  EXPECT_THROW(Mlp({{2}, Activation::relu, true, Parametrization::standard, 0}, std::make_shared<Dataset>()), InputError);
  const Mlp M({{2}, Activation::relu, true, Parametrization::standard, -1}, random_data(3, 2, 1));
  EXPECT_THROW(M.validate(), InputError);
  EXPECT_THROW(parse_activation("sigmoid"), InputError);
  EXPECT_THROW(parse_parametrization("ntk"), InputError);
}

}  // namespace
}  // namespace gdchaos
