// The certified early exit for λ = 0 (engine/manifold_limit.hpp) against orbits run to the end.
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "engine/manifold_limit.hpp"
#include "render_helpers.hpp"

using namespace gdchaos;
using namespace gdchaos::detail;

namespace {

struct Orbit {
  long double sigma, tau;
};

// x = σ² − τ² − cy, σ ← (1 − x)σ, τ ← (1 + x)τ, in long double, until x stops shrinking.
Orbit run_to_limit(long double sigma, long double tau, long double cy, int max_steps = 2'000'000) {
  long double best = INFINITY;
  for (int k = 0; k < max_steps; ++k) {
    const long double x = sigma * sigma - tau * tau - cy;
    if (std::abs(x) < 1e-17L) break;
    if (k % 4096 == 0) {
      if (std::abs(x) >= best) break;  // stalled at rounding level
      best = std::abs(x);
    }
    sigma *= 1 - x;
    tau *= 1 + x;
  }
  return {sigma, tau};
}

// A point near the hyperbola σ² − τ² = cy with σ∞τ∞ ≈ P, displaced by x0.
std::pair<double, double> near_hyperbola(double cy, double P, double x0) {
  const double d = cy + x0, s = std::sqrt(d * d + 4 * P * P);
  if (d >= 0) {
    const double sigma = std::sqrt(0.5 * (s + d));
    return {sigma, P / sigma};
  }
  const double tau = std::sqrt(0.5 * (s - d));
  return {P / tau, tau};
}

TEST(ManifoldLimit, CertifiedLimitsAreWithinTheToleranceOfTheOrbitsLimit) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> unit(0, 1);
  const double rel_tol = 1e-10;
  int certified = 0, tried = 0;
  double worst = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const double cy = (unit(rng) < 0.2 ? -1 : 1) * (0.05 + 0.93 * unit(rng));
    // Stable part of the hyperbola: normal multiplier q = 1 − 2√(c²y² + 4P²) ∈ (−1, 1).
    const double s_max = 1.0, P = 0.5 * std::sqrt(std::max(0.0, s_max * s_max - cy * cy)) * unit(rng);
    const double x0 = (unit(rng) < 0.5 ? -1 : 1) * std::pow(10.0, -3 - 4 * unit(rng));
    auto [sigma, tau] = near_hyperbola(cy, P, x0);
    if (unit(rng) < 0.5) sigma = -sigma;
    if (unit(rng) < 0.5) tau = -tau;
    ++tried;
    const auto lim = certify_manifold_limit(sigma, tau, cy, rel_tol);
    if (!lim.certified) {
      EXPECT_GT(lim.retry_x2, 0);
      EXPECT_LT(lim.retry_x2, x0 * x0);
      continue;
    }
    ++certified;
    const auto end = run_to_limit(sigma, tau, cy);
    const double norm = std::hypot(static_cast<double>(end.sigma), static_cast<double>(end.tau));
    const double err = std::hypot(lim.sigma - static_cast<double>(end.sigma), lim.tau - static_cast<double>(end.tau));
    worst = std::max(worst, err / norm);
    EXPECT_LE(err, rel_tol * norm) << "cy " << cy << " P " << P << " x0 " << x0;
    EXPECT_EQ(std::signbit(lim.sigma), std::signbit(sigma));
    EXPECT_EQ(std::signbit(lim.tau), std::signbit(tau));
  }
  // The certificate is not vacuous: most of these starts (|x| ≤ 10⁻³) pass at once.
  EXPECT_GT(certified, tried / 2) << certified << " of " << tried << ", worst error " << worst;
}

TEST(ManifoldLimit, RetriesLeadToACertificate) {
  // Following the retry thresholds along a slow orbit (q ≈ −0.996) ends in a certificate, and the
  // certified limit is the orbit's.
  const double cy = 0.95, P = 0.5 * std::sqrt(0.998 * 0.998 - cy * cy);
  auto [sigma, tau] = near_hyperbola(cy, P, 0.05);
  const auto start = std::pair{sigma, tau};
  double gate = 1e-8;
  int tries = 0;
  for (int k = 0; k < 100000; ++k) {
    const double x = sigma * sigma - tau * tau - cy;
    if (x * x <= gate) {
      ++tries;
      const auto lim = certify_manifold_limit(sigma, tau, cy, 1e-10);
      if (lim.certified) {
        const auto end = run_to_limit(start.first, start.second, cy);
        EXPECT_NEAR(lim.sigma, static_cast<double>(end.sigma), 1e-10);
        EXPECT_NEAR(lim.tau, static_cast<double>(end.tau), 1e-10);
        EXPECT_LE(tries, 4);
        return;
      }
      gate = lim.retry_x2;
    }
    sigma *= 1 - x;
    tau *= 1 + x;
  }
  FAIL() << "never certified";
}

TEST(ManifoldLimit, NeverCertifiesOnTheUnstablePartOfTheHyperbola) {
  // Sharpness above 2/η (|q| > 1): the orbit leaves however close it starts.
  for (double P : {0.6, 1.0, 3.0})
    for (double x0 : {1e-6, -1e-9, 1e-12}) {
      const auto [sigma, tau] = near_hyperbola(0.9, P, x0);
      EXPECT_FALSE(certify_manifold_limit(sigma, tau, 0.9, 1e-10).certified) << P << " " << x0;
    }
}

TEST(ManifoldLimit, NeverCertifiesAnOrbitBoundForTheSaddle) {
  // σ = 0 (u = −v): x → −cy, never 0.
  for (double tau : {1e-8, 0.01, 0.3}) EXPECT_FALSE(certify_manifold_limit(0.0, tau, 0.5, 1e-10).certified);
  // Balanced start on an axis, τ = 0: the limit is σ∞ = √(cy) exactly.
  const auto lim = certify_manifold_limit(std::sqrt(0.5 + 1e-7), 0.0, 0.5, 1e-10);
  ASSERT_TRUE(lim.certified);
  EXPECT_DOUBLE_EQ(lim.sigma, std::sqrt(0.5));
  EXPECT_EQ(lim.tau, 0.0);
}

TEST(ManifoldLimit, EarlyExitLeavesStatusesAndLimitsOfTheEngineUnchanged) {
  // The exact engine (early exit) against the dense engine (step-size test only) on the
  // long-orbit job of the performance targets, y = 1, η = 0.99, λ = 0.
  const auto p = gdchaos::testing::scalar_problem(1.0, 0.99);
  const Plane plane = coords_plane(2);
  RenderOptions exact, dense;
  exact.engine = Engine::exact, dense.engine = Engine::dense;
  exact.decision.max_iter = dense.decision.max_iter = 20000;
  const auto a = gdchaos::testing::render_square(p, plane, 2.0, 48, exact);
  const auto b = gdchaos::testing::render_square(p, plane, 2.0, 48, dense);
  std::int64_t total_a = 0, total_b = 0;
  for (std::size_t k = 0; k < a.status.size(); ++k) {
    ASSERT_EQ(a.status[k], b.status[k]) << k;
    total_a += a.steps[k], total_b += b.steps[k];
    if (a.status[k] != static_cast<std::uint8_t>(Status::converged)) continue;
    EXPECT_NEAR(a.field("norm2")[k], b.field("norm2")[k], 1e-6 * std::max(1.0f, b.field("norm2")[k]));
    EXPECT_NEAR(a.field("imbalance")[k], b.field("imbalance")[k], 1e-6 * std::max(1.0f, b.field("norm2")[k]));
  }
  // ...in well under half the steps.
  EXPECT_LT(2 * total_a, total_b) << total_a << " vs " << total_b;
}

}  // namespace

namespace {

TEST(ManifoldLimit, FastOrbitsAreDecidedAtOnce) {
  // η = 0.3 near the minimizer (1, 1): |q| ≈ 0.4, so every orbit is at rounding level within 48
  // steps. The early exit must not wait on a threshold that x, stalled at rounding level, never
  // crosses (a lane certified at |x| ≈ 10⁻¹⁷ once set such a threshold for the next pixels).
  const auto p = gdchaos::testing::scalar_problem(1.0, 0.3);
  RenderOptions opt;
  opt.engine = Engine::exact;
  opt.threads = 1;
  opt.decision.max_iter = 20000;
  const auto m = render(p, coords_plane(2), Grid{{0.99, 1.01, 0.99, 1.01}, 64, 64}, opt);
  for (std::size_t k = 0; k < m.status.size(); ++k) {
    ASSERT_EQ(m.status[k], static_cast<std::uint8_t>(Status::converged)) << k;
    ASSERT_LE(m.steps[k], 64) << k;
  }
}

}  // namespace

namespace {

TEST(ManifoldLimit, AnOrbitThatLandsOnAnAxisIsStillLookedAt) {
  // a = 1, η = 0.5, y = 0.5 from (1.5, 1): σ = 1.25, τ = 0.25 and x = σ² − τ² − cy = 1 exactly, so
  // one step sends σ to exactly 0 and the orbit on to the saddle, which only the step-size test
  // decides. It must be decided as promptly as by the dense engine, not left until max-iter.
  auto p = gdchaos::testing::scalar_problem(0.5, 0.5);
  p.data_coef = 1.0;
  RenderOptions exact, dense;
  exact.engine = Engine::exact, dense.engine = Engine::dense;
  exact.decision.max_iter = dense.decision.max_iter = 10000;
  const auto a = gdchaos::testing::render_point(p, {1.5, 1.0}, exact);
  const auto b = gdchaos::testing::render_point(p, {1.5, 1.0}, dense);
  EXPECT_EQ(a.status[0], b.status[0]);
  EXPECT_EQ(a.at(0, 0), Status::other_critical);
  EXPECT_LE(a.steps[0], b.steps[0] + 16);
}

}  // namespace

TEST(ManifoldLimit, AtTheEdgeOfStabilityCertifiesOnlyWhatTheOrbitReaches) {
  // Limits whose sharpness is within 0.1 % of 2/η (normal multiplier |q| ≥ 0.999), and just past
  // it, from |x₀| between 10⁻⁶ and 10⁻³: every certified limit must be the long-double orbit's,
  // and an orbit that does not converge is never certified. A uniform draw of P almost never
  // lands here.
  std::mt19937_64 rng(29);
  std::uniform_real_distribution<double> unit(0, 1);
  const double rel_tol = 1e-10;
  int certified = 0, escaping = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const double cy = 0.3 + 0.6 * unit(rng);
    const double s = 0.999 + 0.0015 * unit(rng);  // √(c²y² + 4P²): |q| = 2s − 1 ∈ [0.998, 1.001]
    const double P = 0.5 * std::sqrt(s * s - cy * cy);
    const double x0 = (unit(rng) < 0.5 ? -1 : 1) * std::pow(10.0, -6 + 3 * unit(rng));
    const auto [sigma, tau] = near_hyperbola(cy, P, x0);
    const auto lim = certify_manifold_limit(sigma, tau, cy, rel_tol);
    // The orbit itself, in long double: converged when x reaches rounding level (a 2-cycle of
    // |x| ≈ 2·10⁻¹⁶ is where it ends: cy is a double).
    long double sg = sigma, ta = tau, x = 0;
    bool converged = false;
    for (int k = 0; k < 4'000'000; ++k) {
      x = sg * sg - ta * ta - cy;
      if (std::abs(x) < 1e-14L) {
        converged = true;
        break;
      }
      if (std::abs(x) > 0.5L) break;  // left the hyperbola
      sg *= 1 - x;
      ta *= 1 + x;
    }
    escaping += !converged;
    if (!lim.certified) continue;
    ++certified;
    ASSERT_TRUE(converged) << "certified an orbit that does not converge: cy " << cy << " s " << s << " x0 " << x0;
    const double norm = std::hypot(static_cast<double>(sg), static_cast<double>(ta));
    EXPECT_LE(std::hypot(lim.sigma - static_cast<double>(sg), lim.tau - static_cast<double>(ta)), rel_tol * norm)
        << "cy " << cy << " s " << s << " x0 " << x0;
  }
  // The certificate is used here at all. (Starts past the edge mostly converge too: x grows, P
  // shrinks by (1 − x²) and carries the orbit back onto the stable part of the hyperbola.)
  EXPECT_GT(certified, 20) << certified << " certified, " << escaping << " not converging";
}
