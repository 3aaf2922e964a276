#include <algorithm>
#include <cmath>
#include <random>
#include <unordered_map>

#include <gtest/gtest.h>

#include "gdchaos/analysis/preimages.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/theory/quotient.hpp"
#include "gdchaos/engine/render.hpp"

namespace gdchaos {
namespace {

Problem make(double y, double eta, double data_coef, double reg_coef) {
  Problem p;
  p.Y = {y}, p.eta = eta, p.data_coef = data_coef, p.reg_coef = reg_coef;
  return p;
}

// (y, η, a, b): Fig. 2 ((uv − 1)², η = 0.45), Fig. 3 (½(uv − ½)² + 0.1(u² + v²), η = 1), Fig. 4
// (λ = 0.1, η = 1.2), a negative and a zero target, a larger step.
std::vector<Problem> problems() {
  return {make(1, 0.45, 1, 0), make(0.5, 1, 0.5, 0.1), make(0.8, 1.2, 0.5, 0.05), make(-0.7, 0.6, 0.5, 0),
          make(0, 0.8, 0.5, 0.15), make(1.5, 0.9, 0.5, 0.02)};
}

std::array<double, 2> step(const Problem& p, double u, double v) {
  std::array<double, 2> th{u, v};
  gd_step(p, th);
  return th;
}

std::array<double, 2> steps(const Problem& p, double u, double v, int k) {
  std::array<double, 2> th{u, v};
  for (int i = 0; i < k; ++i) gd_step(p, th);
  return th;
}

// Real roots of the quintic (scaled, x = c·r) counted by sign changes on a fine grid: an
// independent count for points whose roots are well separated.
int sign_changes(const Problem& p, double u, double v) {
  const double c = 2 * p.eta * p.data_coef, rho = 1 - 2 * p.eta * p.reg_coef, Y = c * p.y();
  const double sp = std::sqrt(c) * (u + v) / 2, tp = std::sqrt(c) * (u - v) / 2;
  auto f = [&](double x) {
    const double g = rho * rho - x * x;
    return (x + Y) * g * g - sp * sp * (rho + x) * (rho + x) + tp * tp * (rho - x) * (rho - x);
  };
  int n = 0;
  double prev = f(-50);
  for (int i = 1; i <= 1'000'000; ++i) {
    const double cur = f(-50 + 100.0 * i / 1'000'000);
    if ((cur < 0) != (prev < 0)) ++n;
    prev = cur;
  }
  return n;
}

TEST(Preimages, EveryPreimageMapsOntoThePoint) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> U(-3, 3);
  for (const auto& p : problems()) {
    std::int64_t total = 0;
    for (int k = 0; k < 2000; ++k) {
      const double u = U(rng), v = U(rng);
      const auto pre = gd_preimages(p, u, v);
      // the quintic has odd degree: generic points have 1, 3 or 5 real preimages
      EXPECT_EQ(pre.size() % 2, 1u) << u << ' ' << v;
      for (std::size_t j = 0; j < pre.size(); ++j) {
        const auto img = step(p, pre[j].u, pre[j].v);
        const double scale = 1 + std::abs(pre[j].u) + std::abs(pre[j].v);
        EXPECT_NEAR(img[0], u, 1e-10 * scale * scale * scale) << "preimage of " << u << ',' << v;
        EXPECT_NEAR(img[1], v, 1e-10 * scale * scale * scale);
        EXPECT_NEAR(pre[j].r, pre[j].u * pre[j].v - p.y(), 1e-9 * scale * scale);
        if (j > 0) {
          EXPECT_LE(pre[j - 1].r, pre[j].r);
        }
      }
      total += static_cast<std::int64_t>(pre.size());
    }
    EXPECT_GT(total, 2000);
  }
}

TEST(Preimages, PointsNearTheDiagonalsGetOnlyTruePreimages) {
  // Points with σ′ or τ′ ≈ 0 (u ≈ ∓v) sit where the quintic has a near-double root at x = ±ρ; the
  // candidates offered there are kept only when they polish onto a true preimage. With
  // ρ + Y < 0 (for u ≈ −v) or Y > ρ (for u ≈ v) that pair of roots is complex: nothing is there.
  struct Case {
    Problem p;
    double sign;  // +1: v = u + δ (τ′ ≈ 0); −1: v = −u + δ (σ′ ≈ 0)
  };
  const std::vector<Case> cases = {{make(1.5, 0.9, 0.5, 0.02), 1}, {make(-2, 0.9, 0.5, 0), -1},
                                   {make(1, 0.45, 1, 0), 1}, {make(1, 0.45, 1, 0), -1}, {make(0.5, 1, 0.5, 0.1), -1}};
  int checked = 0;
  for (const auto& c : cases)
    for (const double u : {-1.3, -0.4, 0.25, 0.8, 2.1})
      for (const double delta : {1e-5, 3e-7, -2e-8, 1e-10}) {
        const double v = c.sign * u + delta;
        for (const auto& q : gd_preimages(c.p, u, v)) {
          const auto img = step(c.p, q.u, q.v);
          const double scale = 1 + std::abs(q.u) + std::abs(q.v);
          EXPECT_NEAR(img[0], u, 1e-10 * scale * scale * scale) << "preimage of " << u << ',' << v;
          EXPECT_NEAR(img[1], v, 1e-10 * scale * scale * scale) << "preimage of " << u << ',' << v;
          ++checked;
        }
      }
  EXPECT_GT(checked, 100);
  // Where the candidates offered at x = −ρ lie near, but not on, a preimage (a scan found these
  // stretches for Y > ρ): Newton stalls there, and such a candidate must be dropped.
  struct Stretch {
    Problem p;
    double u0, u1;
  };
  for (const auto& st : {Stretch{make(1.5, 0.9, 0.5, 0.05), 1.2, 1.4}, Stretch{make(3, 1.5, 0.5, 0.05), 2.6, 2.7}})
    for (int i = 0; i <= 40; ++i)
      for (const double delta : {3e-4, 1e-4, 3e-5, 1e-5}) {
        const double u = st.u0 + (st.u1 - st.u0) * i / 40, v = u + delta;
        for (const auto& q : gd_preimages(st.p, u, v)) {
          const auto img = step(st.p, q.u, q.v);
          const double scale = 1 + std::abs(q.u) + std::abs(q.v);
          ASSERT_NEAR(img[0], u, 1e-10 * scale * scale * scale) << "preimage of " << u << ',' << v;
          ASSERT_NEAR(img[1], v, 1e-10 * scale * scale * scale) << "preimage of " << u << ',' << v;
        }
      }
}

TEST(Preimages, NoRealRootIsMissed) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> U(-3, 3);
  for (const auto& p : problems())
    for (int k = 0; k < 40; ++k) {
      const double u = U(rng), v = U(rng);
      EXPECT_EQ(static_cast<int>(gd_preimages(p, u, v).size()), sign_changes(p, u, v)) << u << ' ' << v;
    }
}

TEST(Preimages, PointsOnTheAntiDiagonalHavePreimagesOnTheCurveRhoEqualsCr) {
  // S′ = 0: preimages with S = 0 (on u = −v) and the pair ±S with ρ − c r = 0, T = T′/(2ρ)
  const Problem p = make(1, 0.45, 1, 0);
  const double c = 0.9, rho = 1;
  const auto pre = gd_preimages(p, 0.5, -0.5);
  int on_line = 0, on_curve = 0;
  for (const auto& q : pre) {
    if (q.u + q.v == 0) ++on_line;
    if (std::abs(q.r - rho / c) < 1e-9) {
      ++on_curve;
      EXPECT_NEAR((q.u - q.v) / 2, 0.5 / (2 * rho), 1e-12);
    }
  }
  EXPECT_GE(on_line, 1);
  EXPECT_EQ(on_curve, 2);
  // the saddle's own preimages include itself
  const auto zero = gd_preimages(p, 0, 0);
  EXPECT_TRUE(std::any_of(zero.begin(), zero.end(), [](const Preimage& q) { return q.u == 0 && q.v == 0; }));
}

TEST(Preimages, ThreePreimagesNearTheFractalBoundary) {
  // Proposition 6: a 3-covering on the relevant set. Points along rays of the Fig. 3 setting,
  // at the last start that still converges (the boundary of the convergence region), and the
  // same for Fig. 2's smooth boundary.
  for (const auto& p : {make(0.5, 1, 0.5, 0.1), make(1, 0.45, 1, 0)}) {
    std::vector<double> flat;
    const int rays = 60, samples = 400;
    for (int k = 0; k < rays; ++k)
      for (int s = 0; s < samples; ++s) {
        const double phi = 2 * M_PI * (k + 0.5) / rays, rad = 4.0 * (s + 0.5) / samples;
        flat.push_back(rad * std::cos(phi)), flat.push_back(rad * std::sin(phi));
      }
    RenderOptions opt;
    opt.decision.max_iter = 20000;
    const auto map = render(p, ListPoints(2, flat), opt);
    int checked = 0;
    for (int k = 0; k < rays; ++k)
      for (int s = samples - 1; s > 0; --s)
        if (is_converged(static_cast<Status>(map.status[k * samples + s - 1])) &&
            map.status[k * samples + s] == static_cast<std::uint8_t>(Status::diverged)) {
          const double u = flat[2 * (k * samples + s)], v = flat[2 * (k * samples + s) + 1];
          EXPECT_EQ(gd_preimages(p, u, v).size(), 3u) << u << ' ' << v;
          ++checked;
          break;
        }
    EXPECT_GE(checked, rays - 2);
  }
}

TEST(Preimages, QuotientBranchesAgreeWithGdPushedThroughT) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> U(-3, 3);
  for (const auto& p : problems())
    for (int k = 0; k < 300; ++k) {
      const double u = U(rng), v = U(rng);
      const double th[2] = {u, v};
      const auto [z, w] = quotient_map(p, th);
      const auto qp = quotient_preimages(p, z, w);
      const auto gp = gd_preimages(p, u, v);
      // T of the GD preimages, one per root r (±S or ±T pairs collapse)
      std::vector<std::array<double, 3>> pushed;
      for (const auto& g : gp) {
        const double t[2] = {g.u, g.v};
        const auto [gz, gw] = quotient_map(p, t);
        if (!pushed.empty() && std::abs(pushed.back()[0] - gz) + std::abs(pushed.back()[1] - gw) < 1e-9 * (1 + gw))
          continue;
        pushed.push_back({gz, gw, g.r});
      }
      ASSERT_EQ(qp.size(), pushed.size()) << u << ' ' << v;
      for (std::size_t j = 0; j < qp.size(); ++j) {
        EXPECT_NEAR(qp[j].z, pushed[j][0], 1e-9 * (1 + qp[j].w));
        EXPECT_NEAR(qp[j].w, pushed[j][1], 1e-9 * (1 + qp[j].w));
        EXPECT_NEAR(qp[j].r, pushed[j][2], 1e-9 * (1 + std::abs(qp[j].r)));
        EXPECT_GE(qp[j].w, 2 * std::abs(qp[j].z) - 1e-12 * qp[j].w);
        const auto [fz, fw] = quotient_step(p, qp[j].z, qp[j].w);
        EXPECT_NEAR(fz, z, 1e-9 * (1 + w) * (1 + qp[j].w));
        EXPECT_NEAR(fw, w, 1e-9 * (1 + w) * (1 + qp[j].w));
      }
    }
  // outside the domain there is nothing
  EXPECT_TRUE(quotient_preimages(make(1, 0.45, 1, 0), 1, 1).empty());
}

TEST(Preimages, RejectsWhatItCannotDo) {
  Problem p = make(1, 0.45, 1, 0);
  p.d = 2;
  EXPECT_THROW(gd_preimages(p, 1, 1), InputError);
  p = make(1, 0.45, 1, 0);
  p.momentum = 0.5;
  EXPECT_THROW(gd_preimages(p, 1, 1), InputError);
  EXPECT_THROW(saddle_seeds(p), InputError);
  EXPECT_THROW(quotient_preimages(p, 0, 1), InputError);
  BackwardOptions bad;
  bad.window = {1, 0, 0, 1};
  EXPECT_THROW(backward_curves(make(1, 0.45, 1, 0), saddle_seeds(make(1, 0.45, 1, 0)), bad), InputError);
}

// --- the curves ------------------------------------------------------------------------------

BackwardCurves curves_of(const Problem& p, const Seeds& seeds, int depth, std::int64_t cap = 2'000'000) {
  BackwardOptions o;
  o.depth = depth;
  o.window = {-3, 3, -3, 3};
  o.max_points = cap;
  return backward_curves(p, seeds, o);
}

TEST(BackwardCurves, SaddleCurvesLandOnTheStableSegmentAfterExactlyDepthSteps) {
  for (const auto& p : {make(1, 0.45, 1, 0), make(0.8, 1.2, 0.5, 0.05), make(0.5, 1, 0.5, 0.1)}) {
    const auto seeds = saddle_seeds(p);
    ASSERT_EQ(seeds.curves.size(), 1u) << seeds.note;
    const double c = 2 * p.eta * p.data_coef, rho = 1 - 2 * p.eta * p.reg_coef;
    const double half = std::sqrt(rho - c * p.y() + 1) / std::sqrt(c);  // the segment |T| < half
    const auto res = curves_of(p, seeds, 4);
    ASSERT_FALSE(res.capped);
    for (int k = 0; k <= 4; ++k) EXPECT_GT(res.per_depth[k], 500) << k;
    double worst = 0;
    int checked = 0;
    for (std::size_t i = 0; i < res.points.size(); i += 7) {
      const auto& q = res.points[i];
      const auto end = steps(p, q.u, q.v, q.depth);
      const double S = (end[0] + end[1]) / 2, T = (end[0] - end[1]) / 2;
      // rounding (≈ 1e-16) is amplified by at most the unstable multiplier ρ + c y per step
      // and the stretching of the fold; after ≤ 4 steps it stays far below 1e-10 (≈ 3e-13 seen)
      worst = std::max(worst, std::abs(S));
      EXPECT_LT(std::abs(S), 1e-10) << q.u << ' ' << q.v << " depth " << q.depth;
      EXPECT_LT(std::abs(T), half * (1 + 1e-9));
      if (q.depth > 0) {  // and not before: the depth is the first landing
        const auto before = steps(p, q.u, q.v, q.depth - 1);
        EXPECT_GT(std::abs(before[0] + before[1]), 1e-7);
      }
      ++checked;
    }
    EXPECT_GT(checked, 1000);
    std::printf("[          ] y = %g: worst |S| after depth steps %.2e over %d points\n", p.y(), worst, checked);
  }
}

TEST(BackwardCurves, ExactEngineSendsTheStableSegmentToTheSaddle) {
  const Problem p = make(1, 0.45, 1, 0);
  const auto res = curves_of(p, saddle_seeds(p), 0);
  std::vector<double> flat;
  for (std::size_t i = 0; i < res.points.size(); i += 5) flat.push_back(res.points[i].u), flat.push_back(res.points[i].v);
  ASSERT_GT(flat.size(), 200u);
  RenderOptions opt;
  opt.engine = Engine::exact;
  opt.decision.max_iter = 200000;
  const auto map = render(p, ListPoints(2, flat), opt);
  EXPECT_EQ(map.counts[static_cast<int>(Status::other_critical)], map.pixels());
}

TEST(BackwardCurves, UnstableMinimizerCurvesLandOnTheUnstableHyperbola) {
  for (const auto& p : {make(1, 0.45, 1, 0), make(-0.7, 0.6, 0.5, 0), make(0, 0.8, 0.5, 0)}) {
    const auto seeds = unstable_minimizer_seeds(p, 9);
    ASSERT_FALSE(seeds.curves.empty()) << seeds.note;
    const auto res = curves_of(p, seeds, 3);
    ASSERT_FALSE(res.capped);
    for (int k = 0; k <= 3; ++k) EXPECT_GT(res.per_depth[k], 100) << k;
    int checked = 0;
    for (std::size_t i = 0; i < res.points.size(); i += 5) {
      const auto& q = res.points[i];
      const auto end = steps(p, q.u, q.v, q.depth);
      const double w = end[0] * end[0] + end[1] * end[1];
      EXPECT_LT(std::abs(end[0] * end[1] - p.y()), 1e-9 * (1 + w)) << q.u << ' ' << q.v << " depth " << q.depth;
      EXPECT_GT(2 * p.data_coef * w * p.eta, 2) << "sharpness·η at the landing point";
      if (q.depth > 0) {
        const auto before = steps(p, q.u, q.v, q.depth - 1);
        EXPECT_GT(std::abs(before[0] * before[1] - p.y()), 1e-7);
      }
      ++checked;
    }
    EXPECT_GT(checked, 300);
  }
}

TEST(BackwardCurves, RegularizedUnstableMinimizersStableManifold) {
  // η(y − λ) > 1: the minimizers ±(S*, S*) are unstable (S-multiplier < −1), T contracts
  const Problem p = make(0.8, 1.6, 0.5, 0.05);
  const auto seeds = unstable_minimizer_seeds(p, 9);
  ASSERT_EQ(seeds.curves.size(), 2u) << seeds.note;
  const double s = std::sqrt(0.8 - 0.1);
  const auto res = curves_of(p, seeds, 2);
  ASSERT_GT(res.per_depth[0], 50);
  ASSERT_GT(res.per_depth[2], 50);
  int checked = 0;
  for (std::size_t i = 0; i < res.points.size(); i += 3) {
    const auto& q = res.points[i];
    std::array<double, 2> th{q.u, q.v};
    double closest = 1e300;
    for (int k = 0; k < 60; ++k) {
      gd_step(p, th);
      closest = std::min(closest, std::min(std::hypot(th[0] - s, th[1] - s), std::hypot(th[0] + s, th[1] + s)));
    }
    // along the stable manifold the distance shrinks by 2ρ − 1 = 0.68 per step until rounding,
    // amplified by |1 − 2cS*²| = 1.24 per step, takes over
    EXPECT_LT(closest, 1e-5) << q.u << ' ' << q.v << " depth " << q.depth;
    ++checked;
  }
  EXPECT_GT(checked, 50);
  // stable minimizers give no curves (Fig. 4's setting)
  EXPECT_TRUE(unstable_minimizer_seeds(make(0.8, 1.2, 0.5, 0.05), 9).curves.empty());
}

TEST(BackwardCurves, AttractingOriginHasNoCurves) {
  // λ > y: the origin is the minimizer and attracts
  const Problem p = make(0.1, 0.5, 0.5, 0.5);
  const auto seeds = saddle_seeds(p);
  EXPECT_TRUE(seeds.curves.empty());
  EXPECT_FALSE(seeds.note.empty());
  EXPECT_TRUE(curves_of(p, seeds, 3).points.empty());
}

TEST(BackwardCurves, BranchesAreSampledDenselyAndTheCapIsReported) {
  const Problem p = make(0.8, 1.2, 0.5, 0.05);
  BackwardOptions o;
  o.depth = 4;
  o.window = {-3, 3, -3, 3};
  const auto res = backward_curves(p, saddle_seeds(p), o);
  const double h = res.spacing;
  EXPECT_DOUBLE_EQ(h, 6.0 / 2048);
  // nearly every point has a neighbour of its own depth within the spacing (the rest are the
  // ends of branches)
  for (int depth = 1; depth <= 4; ++depth) {
    std::unordered_map<std::int64_t, std::vector<std::array<double, 2>>> cells;
    auto key = [&](double u, double v) {
      return static_cast<std::int64_t>(std::floor(u / h)) * 1'000'003 + static_cast<std::int64_t>(std::floor(v / h));
    };
    std::vector<std::array<double, 2>> pts;
    for (const auto& q : res.points)
      if (q.depth == depth) pts.push_back({q.u, q.v}), cells[key(q.u, q.v)].push_back({q.u, q.v});
    std::int64_t lonely = 0;
    for (const auto& a : pts) {
      bool near = false;
      const auto ci = static_cast<std::int64_t>(std::floor(a[0] / h)), cj = static_cast<std::int64_t>(std::floor(a[1] / h));
      for (int di = -1; di <= 1 && !near; ++di)
        for (int dj = -1; dj <= 1 && !near; ++dj) {
          const auto it = cells.find((ci + di) * 1'000'003 + (cj + dj));
          if (it == cells.end()) continue;
          for (const auto& b : it->second)
            if ((b[0] != a[0] || b[1] != a[1]) && std::hypot(a[0] - b[0], a[1] - b[1]) <= h * (1 + 1e-9)) near = true;
        }
      if (!near) ++lonely;
    }
    EXPECT_LT(lonely, 0.001 * pts.size() + 4) << "depth " << depth << ": " << lonely << " of " << pts.size();
  }
  o.max_points = 5000;
  const auto capped = backward_curves(p, saddle_seeds(p), o);
  EXPECT_TRUE(capped.capped);
  EXPECT_LE(capped.points.size(), 5000u);
  EXPECT_LT(capped.depth_completed, 4);
}

}  // namespace
}  // namespace gdchaos
