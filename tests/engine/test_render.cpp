// render(): the map's bookkeeping (counts, fields, attractor ids, bytes), the agreement of the
// ways of giving it starting points, and the refusals of requests that do not fit together.
#include "gdchaos/engine/render.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "gdchaos/core/error.hpp"
#include "gdchaos/model/factorization.hpp"
#include "gdchaos/model/problem.hpp"
#include "render_helpers.hpp"

using namespace gdchaos;
using namespace gdchaos::testing;

namespace {

// Fig. 3's setting (y = 0.5, λ = 0.2, η = 1): two minimizers, the saddle's basin and divergence.
Problem fig3() { return scalar_problem(0.5, 1.0, 0.2); }
const Grid kGrid{{-3, 3, -3, 3}, 24, 20};

TEST(Render, CountsAreTheHistogramOfTheStatuses) {
  const auto map = render(fig3(), coords_plane(2), kGrid, {});
  EXPECT_EQ(map.width, 24);
  EXPECT_EQ(map.height, 20);
  EXPECT_EQ(map.pixels(), 480);
  std::array<std::int64_t, kStatusCount> counts{};
  for (std::int64_t i = 0; i < map.height; ++i)
    for (std::int64_t j = 0; j < map.width; ++j) {
      EXPECT_EQ(static_cast<std::uint8_t>(map.at(i, j)), map.status[i * map.width + j]);
      ++counts[map.status[i * map.width + j]];
    }
  EXPECT_EQ(counts, map.counts);
  EXPECT_GT(map.counts[1], 0);
  EXPECT_GT(map.counts[3], 0);
}

// Fields hold numbers exactly where GD converged, and they are those of the pixel's attractor.
TEST(Render, FieldsAndAttractorIdsDescribeTheLimit) {
  const Problem p = fig3();
  const auto map = render(p, coords_plane(2), kGrid, {});
  ASSERT_FALSE(map.attractors_overflowed);
  const double min_loss = global_min_loss(p);
  for (std::int64_t k = 0; k < map.pixels(); ++k) {
    const auto s = static_cast<Status>(map.status[k]);
    if (!is_converged(s)) {
      EXPECT_EQ(map.attractor[k], -1) << k;
      for (const auto& f : map.fields) EXPECT_TRUE(std::isnan(f.values[k])) << f.name << " at " << k;
      continue;
    }
    ASSERT_GE(map.attractor[k], 0) << k;
    ASSERT_LT(map.attractor[k], static_cast<int>(map.attractors.size())) << k;
    const auto& limit = map.attractors[map.attractor[k]];
    EXPECT_NEAR(map.field("loss")[k], loss(p, limit), 1e-6) << k;
    EXPECT_NEAR(map.field("norm2")[k], limit[0] * limit[0] + limit[1] * limit[1], 1e-5) << k;
    EXPECT_NEAR(map.field("imbalance")[k], limit[0] * limit[0] - limit[1] * limit[1], 1e-5) << k;
    // status 1 is the global minimum's value, status 2 another critical point's
    if (s == Status::converged) { EXPECT_NEAR(map.field("loss")[k], min_loss, 1e-6) << k; }
    else { EXPECT_GT(map.field("loss")[k], min_loss + 1e-3) << k; }
  }
}

// Closed forms at Fig. 3's critical points (½(uv − y)² + (λ/2)(u² + v²), y = 0.5, λ = 0.2): at the
// saddle 0 the loss is ½y², ‖θ‖² = 0 and the Hessian [[λ, −y], [−y, λ]] has largest eigenvalue
// λ + y; at the minimizers u = v = ±√(y − λ) the loss is the global minimum and ‖θ‖² = 2(y − λ).
TEST(Render, FieldsAtTheCriticalPointsAreTheirClosedForms) {
  const Problem p = fig3();
  // a start on u = −v near 0 (the saddle's stable set) and one near a minimizer, on every engine
  for (const Engine e : {Engine::exact, Engine::dense, Engine::generic}) {
    RenderOptions opt;
    opt.engine = e;
    const auto map = render(p, ListPoints(2, {0.1, -0.1, 0.5, 0.6}), opt);
    ASSERT_EQ(map.status[0], static_cast<std::uint8_t>(Status::other_critical)) << engine_name(e);
    ASSERT_EQ(map.status[1], static_cast<std::uint8_t>(Status::converged)) << engine_name(e);
    EXPECT_NEAR(map.field("loss")[0], 0.125, 1e-6) << engine_name(e);
    EXPECT_NEAR(map.field("norm2")[0], 0.0, 1e-6) << engine_name(e);
    EXPECT_NEAR(map.field("sharpness")[0], 0.7, 1e-6) << engine_name(e);
    EXPECT_NEAR(map.field("imbalance")[0], 0.0, 1e-6) << engine_name(e);
    EXPECT_NEAR(map.field("loss")[1], global_min_loss(p), 1e-6) << engine_name(e);
    EXPECT_NEAR(map.field("norm2")[1], 0.6, 1e-6) << engine_name(e);
    EXPECT_NEAR(map.field("imbalance")[1], 0.0, 1e-6) << engine_name(e);
  }
}

TEST(Render, FieldLookupByName) {
  auto map = render(fig3(), coords_plane(2), Grid{{-1, 1, -1, 1}, 2, 2}, {});
  EXPECT_TRUE(map.has("loss"));
  EXPECT_FALSE(map.has("coord"));  // not asked for
  EXPECT_THROW(map.field("coord"), std::out_of_range);
  const BasinMap& cmap = map;
  EXPECT_THROW(cmap.field("nothing"), std::out_of_range);
  EXPECT_EQ(&cmap.field("norm2"), &map.field("norm2"));
}

// One byte of status, four of steps, two of attractor id and four per float field, a pixel.
TEST(Render, BasinMapBytesAreWhatTheArraysHold) {
  EXPECT_EQ(basin_map_bytes(1, false), 1 + 4 + 2 + 4 * 4);  // loss, norm2, sharpness, imbalance
  EXPECT_EQ(basin_map_bytes(1000, true), 1000 * (1 + 4 + 2 + 4 * 5));
  EXPECT_EQ(basin_map_bytes(10, FieldSet{}), 70);
  RenderOptions opt;
  opt.coord = 0;
  const auto map = render(fig3(), coords_plane(2), Grid{{-1, 1, -1, 1}, 8, 4}, opt);
  std::int64_t held = static_cast<std::int64_t>(map.status.size() + 4 * map.steps.size() + 2 * map.attractor.size());
  for (const auto& f : map.fields) held += 4 * static_cast<std::int64_t>(f.values.size());
  EXPECT_EQ(held, basin_map_bytes(map.pixels(), true));
}

// The same starts given as a slice, as SlicePoints and as a list render alike, pixel for pixel.
TEST(Render, ASliceAndTheListOfItsPointsRenderAlike) {
  const Problem p = fig3();
  const Plane plane = coords_plane(2);
  const Grid grid{{-2, 2, -2, 2}, 12, 6};
  const SlicePoints slice(plane, grid);
  std::vector<double> flat(slice.size() * 2);
  for (std::int64_t k = 0; k < slice.size(); ++k) slice.point(k, std::span(flat).subspan(2 * k, 2));
  const auto a = render(p, plane, grid, {}), b = render(p, slice, {}), c = render(p, ListPoints(2, flat), {});
  EXPECT_EQ(c.height, 1);
  EXPECT_EQ(c.width, grid.pixels());
  for (std::int64_t k = 0; k < grid.pixels(); ++k) {
    EXPECT_EQ(a.status[k], b.status[k]) << k;
    EXPECT_EQ(a.status[k], c.status[k]) << k;
    EXPECT_EQ(a.steps[k], c.steps[k]) << k;
  }
}

TEST(Render, QuotientPixelsOutsideTheDomainAreStatusFour) {
  const Grid grid{{-3, 3, 0, 6}, 16, 8};
  const auto map = render(scalar_problem(1, 0.9), QuotientPoints(grid), {});
  for (std::int64_t i = 0; i < grid.height; ++i)
    for (std::int64_t j = 0; j < grid.width; ++j) {
      const bool outside = grid.beta(i) < 2 * std::abs(grid.alpha(j));
      EXPECT_EQ(map.at(i, j) == Status::outside_domain, outside) << i << "," << j;
      if (outside) { EXPECT_EQ(map.steps[i * grid.width + j], 0); }
    }
  EXPECT_GT(map.counts[4], 0);
}

TEST(Render, ProgressReachesTheTotal) {
  RenderOptions opt;
  std::int64_t last = 0, total = 0;
  int calls = 0;
  opt.progress = [&](std::int64_t done, std::int64_t n) { last = done, total = n, ++calls; };
  const auto map = render(fig3(), coords_plane(2), Grid{{-2, 2, -2, 2}, 100, 50}, opt);
  EXPECT_GE(calls, 1);
  EXPECT_EQ(total, map.pixels());
  EXPECT_EQ(last, map.pixels());
}

TEST(Render, TheEngineThatRanIsTheResolvedOne) {
  Problem matrix;
  matrix.m = 2, matrix.Y = {1.0, 0.5}, matrix.eta = 0.3;
  const auto plane = random_plane(matrix.dim(), 1);
  EXPECT_EQ(render(matrix, plane, Grid{{-1, 1, -1, 1}, 2, 2}, {}).engine, "dense");
  EXPECT_EQ(render(fig3(), coords_plane(2), Grid{{-1, 1, -1, 1}, 2, 2}, {}).engine, "exact");
  RenderOptions generic;
  generic.engine = Engine::generic;
  EXPECT_EQ(render(fig3(), coords_plane(2), Grid{{-1, 1, -1, 1}, 2, 2}, generic).engine, "generic");
  EXPECT_STREQ(engine_name(Engine::automatic), "auto");
  EXPECT_STREQ(engine_name(Engine::exact), "exact");
  EXPECT_STREQ(engine_name(Engine::dense), "dense");
  EXPECT_STREQ(engine_name(Engine::generic), "generic");
}

TEST(Render, RefusesRequestsThatDoNotFitTogether) {
  const Problem p = fig3();
  const Plane plane = coords_plane(2);
  const Grid grid{{-1, 1, -1, 1}, 4, 4};
  auto refused = [&](RenderOptions opt) { EXPECT_THROW(render(p, plane, grid, opt), InputError); };
  RenderOptions o;
  o.coord = 2, refused(o);  // θ has 2 entries
  o = {}, o.coord = -2, refused(o);
  o = {}, o.decision.max_iter = 0, refused(o);
  o = {}, o.decision.check_every = 0, refused(o);
  o = {}, o.decision.tol = 0, refused(o);
  o = {}, o.decision.tol = std::nan(""), refused(o);
  o = {}, o.decision.escape = -1, refused(o);
  o = {}, o.decision.escape = INFINITY, refused(o);
  // the starts' dimension, the grid, the plane
  EXPECT_THROW(render(p, ListPoints(3, {1, 2, 3}), {}), InputError);
  EXPECT_THROW(render(p, ListPoints(2, {}), {}), InputError);  // no pixels
  EXPECT_THROW(render(p, plane, Grid{{1, -1, -1, 1}, 4, 4}, {}), InputError);
  EXPECT_THROW(render(p, plane, Grid{{-1, 1, -1, NAN}, 4, 4}, {}), InputError);
  EXPECT_THROW(render(p, Plane{"file", {0, 0}, {1, 0, 0}, {0, 1}}, grid, {}), InputError);
  Problem bad = p;
  bad.eta = 0;
  EXPECT_THROW(render(bad, plane, grid, {}), InputError);
}

}  // namespace
