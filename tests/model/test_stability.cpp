// The local contraction factor: the largest modulus of the heavy-ball multipliers, the roots of
// μ² − (1 + β − ηh)μ + β = 0, over the Hessian's eigenvalues (docs/decisions.md).
#include "gdchaos/model/stability.hpp"

#include <cmath>
#include <complex>
#include <vector>

#include <gtest/gtest.h>

using namespace gdchaos;

namespace {

// max |μ| from the quadratic formula in complex arithmetic: the reference.
double largest_root_modulus(double h, double eta, double beta) {
  const std::complex<double> t = 1 + beta - eta * h;
  const std::complex<double> sq = std::sqrt(t * t - 4.0 * beta);
  return std::max(std::abs((t + sq) / 2.0), std::abs((t - sq) / 2.0));
}

}  // namespace

TEST(Stability, MultiplierModulusIsTheLargestRootOfTheCharacteristicPolynomial) {
  int complex_pairs = 0, real_pairs = 0;
  for (double beta : {0.0, 0.1, 0.5, 0.81, 0.9, 0.99})
    for (double eta : {0.01, 0.3, 1.0})
      for (double h : {-3.0, -0.2, 0.0, 0.05, 0.4, 1.0, 2.5, 5.0, 9.0}) {
        const double t = 1 + beta - eta * h;
        (t * t < 4 * beta ? complex_pairs : real_pairs)++;
        EXPECT_NEAR(multiplier_modulus(h, eta, beta), largest_root_modulus(h, eta, beta), 1e-12)
            << "h " << h << ", eta " << eta << ", beta " << beta;
      }
  // both kinds of roots were checked: a complex pair has |μ| = √β, a real pair the larger root
  EXPECT_GT(complex_pairs, 10);
  EXPECT_GT(real_pairs, 10);
  EXPECT_DOUBLE_EQ(multiplier_modulus(1.0, 0.1, 0.0), 0.9);  // plain GD: |1 − ηh|
  EXPECT_DOUBLE_EQ(multiplier_modulus(30.0, 0.1, 0.0), 2.0);
}

TEST(Stability, ContractionFactorIsTheLargestModulusOutsideTheZeroEigenvalues) {
  const std::vector<double> h = {1e-9, 0.5, 3.0, -1e-8};
  // plain GD, η = 0.5: |1 − 0.25| = 0.75 and |1 − 1.5| = 0.5; the near-zero eigenvalues are left out
  EXPECT_DOUBLE_EQ(contraction_factor(h, 0.5, 0.0, 1e-6), 0.75);
  // with them, κ = 1 (a direction that neither attracts nor repels)
  EXPECT_NEAR(contraction_factor(h, 0.5, 0.0, 0.0), 1.0, 1e-8);
  // heavy ball: the largest of the eigenvalues' moduli
  double expected = 0;
  for (double x : {0.5, 3.0}) expected = std::max(expected, largest_root_modulus(x, 0.5, 0.6));
  EXPECT_NEAR(contraction_factor(h, 0.5, 0.6, 1e-6), expected, 1e-12);
  EXPECT_EQ(contraction_factor(std::vector<double>{}, 0.5, 0.6, 1e-6), 0.0);
}
