// Proposition 3: T ∘ GD_η = F ∘ T.
#include <random>

#include <gtest/gtest.h>

#include "gdchaos/theory/quotient.hpp"

using namespace gdchaos;

TEST(Quotient, ConjugatesGradientDescent) {
  std::mt19937_64 rng(42);
  std::normal_distribution<double> N;
  int checked = 0;
  for (int d : {1, 2, 5, 10})
    for (double lambda : {0.0, 0.2})
      for (double a : {0.5, 1.0})
        for (double eta : {0.3, 1.0})
          for (int trial = 0; trial < 20; ++trial) {
            Problem p;
            p.d = d, p.Y = {N(rng)}, p.data_coef = a, p.reg_coef = lambda / 2, p.eta = eta;
            std::vector<double> theta(2 * d);
            for (auto& x : theta) x = N(rng);
            const auto [z, w] = quotient_map(p, theta);
            const auto [z1, w1] = quotient_step(p, z, w);
            gd_step(p, theta);
            const auto [z2, w2] = quotient_map(p, theta);
            EXPECT_NEAR(z1, z2, 1e-10 * (1 + std::abs(z2)));
            EXPECT_NEAR(w1, w2, 1e-10 * (1 + std::abs(w2)));
            ++checked;
          }
  EXPECT_EQ(checked, 4 * 2 * 2 * 2 * 20);
}

TEST(Quotient, MatchesThePapersFormulaForHalfLoss) {
  // F(z, w) = ((a² + b²) z − a b w, (a² + b²) w − 4 a b z), a = 1 − ηλ, b = η(z − y).
  Problem p;
  p.Y = {0.5}, p.reg_coef = 0.1, p.eta = 1.0;  // λ = 0.2
  const double z = 0.3, w = 1.1, a = 1 - 0.2, b = (z - 0.5);
  const auto [z1, w1] = quotient_step(p, z, w);
  EXPECT_DOUBLE_EQ(z1, (a * a + b * b) * z - a * b * w);
  EXPECT_DOUBLE_EQ(w1, (a * a + b * b) * w - 4 * a * b * z);
}
