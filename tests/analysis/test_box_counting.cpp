// Box-counting dimension on synthetic images of known dimension: smooth curves give 1, a Koch
// snowflake gives log 4 / log 3; domain edges and the window frame are not boundary.
#include "gdchaos/analysis/box_counting.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "gdchaos/core/error.hpp"

using gdchaos::BoundarySelection;
using gdchaos::DimensionEstimate;
using gdchaos::LabelImage;

namespace {

constexpr double kKochDimension = 1.2618595071429148;  // log 4 / log 3

struct Point {
  double x, y;
};

// Pixel (i, j) is inside when its centre (j + ½, i + ½) is (even-odd rule). Edges are bucketed
// by the rows they cross, so the cost is edges + crossings, not edges × rows.
std::vector<std::uint8_t> fill_polygon(const std::vector<Point>& poly, std::int64_t w, std::int64_t h) {
  std::vector<std::vector<double>> crossings(static_cast<std::size_t>(h));
  for (std::size_t k = 0; k < poly.size(); ++k) {
    const Point a = poly[k], b = poly[(k + 1) % poly.size()];
    if (a.y == b.y) continue;
    const double ylo = std::min(a.y, b.y), yhi = std::max(a.y, b.y);
    // rows whose centre y = i + ½ lies in [ylo, yhi)
    const auto i0 = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::ceil(ylo - 0.5)));
    const auto i1 = std::min<std::int64_t>(h - 1, static_cast<std::int64_t>(std::ceil(yhi - 0.5)) - 1);
    for (std::int64_t i = i0; i <= i1; ++i) {
      const double y = i + 0.5;
      crossings[static_cast<std::size_t>(i)].push_back(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
    }
  }
  std::vector<std::uint8_t> inside(static_cast<std::size_t>(w * h), 0);
  for (std::int64_t i = 0; i < h; ++i) {
    auto& xs = crossings[static_cast<std::size_t>(i)];
    std::sort(xs.begin(), xs.end());
    for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
      const auto j0 = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::ceil(xs[k] - 0.5)));
      const auto j1 = std::min<std::int64_t>(w - 1, static_cast<std::int64_t>(std::ceil(xs[k + 1] - 0.5)) - 1);
      for (std::int64_t j = j0; j <= j1; ++j) inside[static_cast<std::size_t>(i * w + j)] = 1;
    }
  }
  return inside;
}

// Koch snowflake with `levels` refinements: an equilateral triangle of side `side` centred at
// (cx, cy), each edge replaced by four edges bent outward.
std::vector<Point> koch_snowflake(double cx, double cy, double side, int levels) {
  const double r = side / std::sqrt(3.0);
  std::vector<Point> poly;
  for (int k = 0; k < 3; ++k) {  // counter-clockwise in (x, y)
    const double t = std::numbers::pi / 2 + 2 * std::numbers::pi * k / 3;
    poly.push_back({cx + r * std::cos(t), cy + r * std::sin(t)});
  }
  for (int level = 0; level < levels; ++level) {
    std::vector<Point> next;
    next.reserve(poly.size() * 4);
    for (std::size_t k = 0; k < poly.size(); ++k) {
      const Point a = poly[k], b = poly[(k + 1) % poly.size()];
      const Point d{(b.x - a.x) / 3, (b.y - a.y) / 3};
      const Point p{a.x + d.x, a.y + d.y}, q{a.x + 2 * d.x, a.y + 2 * d.y};
      // outward = to the right of a counter-clockwise edge: rotate d by −60°
      const double c = 0.5, s = -std::sqrt(3.0) / 2;
      const Point peak{p.x + c * d.x - s * d.y, p.y + s * d.x + c * d.y};
      next.insert(next.end(), {a, p, peak, q});
    }
    poly = std::move(next);
  }
  return poly;
}

// A map whose status is `inside_status` where `inside` is set and `outside_status` elsewhere.
LabelImage two_status(const std::vector<std::uint8_t>& inside, std::int64_t w, std::int64_t h,
                      std::uint8_t inside_status = 1, std::uint8_t outside_status = 3) {
  LabelImage im{w, h, std::vector<std::uint8_t>(inside.size()), {}};
  for (std::size_t k = 0; k < inside.size(); ++k) im.status[k] = inside[k] ? inside_status : outside_status;
  return im;
}

std::vector<std::uint8_t> disc(std::int64_t w, std::int64_t h, double cx, double cy, double r) {
  std::vector<std::uint8_t> in(static_cast<std::size_t>(w * h));
  for (std::int64_t i = 0; i < h; ++i)
    for (std::int64_t j = 0; j < w; ++j)
      in[static_cast<std::size_t>(i * w + j)] = std::hypot(j + 0.5 - cx, i + 0.5 - cy) < r;
  return in;
}

LabelImage from_rows(const std::vector<std::vector<int>>& rows, const std::vector<std::vector<int>>& attractors = {}) {
  LabelImage im;
  im.height = static_cast<std::int64_t>(rows.size());
  im.width = static_cast<std::int64_t>(rows.front().size());
  for (const auto& r : rows)
    for (int v : r) im.status.push_back(static_cast<std::uint8_t>(v));
  for (const auto& r : attractors)
    for (int v : r) im.attractor.push_back(static_cast<std::int16_t>(v));
  return im;
}

std::vector<std::vector<int>> mask_rows(const std::vector<std::uint8_t>& mask, std::int64_t w) {
  std::vector<std::vector<int>> out;
  for (std::size_t k = 0; k < mask.size(); k += static_cast<std::size_t>(w))
    out.emplace_back(mask.begin() + static_cast<std::ptrdiff_t>(k), mask.begin() + static_cast<std::ptrdiff_t>(k + w));
  return out;
}

bool covers(const DimensionEstimate& e, double value) { return e.ci_lo <= value && value <= e.ci_hi; }

// Counts N(s) = c·s^−D on every grid offset.
std::vector<gdchaos::BoxCount> power_law(const std::vector<double>& local_slopes, double n1 = 1e7) {
  std::vector<gdchaos::BoxCount> counts;
  double n = n1;
  for (std::size_t k = 0; k <= local_slopes.size(); ++k) {
    const auto c = static_cast<std::int64_t>(std::llround(n));
    counts.push_back({std::int64_t{1} << k, c, std::vector<std::int64_t>(k == 0 ? 1 : 4, c)});
    if (k < local_slopes.size()) n /= std::pow(2.0, local_slopes[k]);
  }
  return counts;
}

TEST(BoundarySelection, ParsesTheThreeKindsAndRejectsTheRest) {
  EXPECT_EQ(BoundarySelection::parse("converged").kind, BoundarySelection::Kind::converged);
  EXPECT_EQ(BoundarySelection::parse("label").kind, BoundarySelection::Kind::label);
  const auto a = BoundarySelection::parse("attractor:12");
  EXPECT_EQ(a.kind, BoundarySelection::Kind::attractor);
  EXPECT_EQ(a.attractor, 12);
  EXPECT_EQ(a.name(), "attractor:12");
  for (const char* bad : {"", "attractor", "attractor:", "attractor:-1", "attractor:x", "attractor:99999", "Converged", "status"})
    EXPECT_THROW(BoundarySelection::parse(bad), gdchaos::InputError) << bad;
}

TEST(BoundaryMask, OnePixelPerDifferingPairLeftOrUpper) {
  // converged (1) | diverged (3), with an undecided (0) pixel that is "not converged" too.
  const auto im = from_rows({{1, 1, 3, 3},
                             {1, 1, 3, 0},
                             {1, 1, 1, 1}});
  const auto mask = gdchaos::boundary_mask(im, BoundarySelection{});
  // (0,1)|(0,2) and (1,1)|(1,2) mark their left members; (1,2) and (1,3) sit above converged
  // pixels; 3 above 0 is no change of "converged".
  EXPECT_EQ(mask_rows(mask, 4), (std::vector<std::vector<int>>{{0, 1, 0, 0},
                                                                 {0, 1, 1, 1},
                                                                 {0, 0, 0, 0}}));
  // With label, 3 | 0 is a boundary too.
  const auto label = gdchaos::boundary_mask(im, BoundarySelection::parse("label"));
  EXPECT_EQ(label[1 * 4 + 2], 1);
  EXPECT_EQ(label[0 * 4 + 3], 1);  // 3 above 0
}

TEST(BoundaryMask, SelectionsSeeDifferentBoundaries) {
  // Left: converged to attractor 0; middle: converged to attractor 1; right: the saddle (status 2, id 2).
  const auto im = from_rows({{1, 1, 2}}, {{0, 1, 2}});
  auto row = [&](const char* sel) { return mask_rows(gdchaos::boundary_mask(im, BoundarySelection::parse(sel)), 3)[0]; };
  EXPECT_EQ(row("converged"), (std::vector<int>{0, 0, 0}));  // all converged
  EXPECT_EQ(row("label"), (std::vector<int>{1, 1, 0}));
  EXPECT_EQ(row("attractor:0"), (std::vector<int>{1, 0, 0}));
  EXPECT_EQ(row("attractor:1"), (std::vector<int>{1, 1, 0}));
}

TEST(BoundaryMask, TheDivergedBoundarySeparatesOnlyDivergedFromTheRest) {
  // Networks: undecided (0, trained but not certified) and converged (1) are both "trained".
  const auto im = from_rows({{0, 1, 3, 3, 0}});
  EXPECT_EQ(mask_rows(gdchaos::boundary_mask(im, BoundarySelection::parse("diverged")), 5)[0],
            (std::vector<int>{0, 1, 0, 1, 0}));
  EXPECT_EQ(BoundarySelection::parse("diverged").name(), "diverged");
}

TEST(BoundaryMask, DomainEdgeAndWindowFrameAreNotBoundary) {
  // Everything converged except a status-4 wedge: no pixel has a neighbour of another class.
  const std::int64_t n = 64;
  LabelImage im{n, n, std::vector<std::uint8_t>(n * n, 1), {}};
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < n; ++j)
      if (i < std::abs(j - n / 2)) im.status[static_cast<std::size_t>(i * n + j)] = 4;
  const auto mask = gdchaos::boundary_mask(im, BoundarySelection{});
  EXPECT_EQ(std::count(mask.begin(), mask.end(), 1), 0);
  // A diverged pixel among converged ones is boundary (with its left and upper neighbours); a
  // diverged pixel whose four neighbours are all status 4 is not.
  im.status[40 * n + 32] = 3;
  im.status[5 * n + 61] = 3;  // deep in the wedge (5 < |61 − 32|)
  const auto mask2 = gdchaos::boundary_mask(im, BoundarySelection{});
  EXPECT_EQ(mask2[40 * n + 31], 1);
  EXPECT_EQ(mask2[39 * n + 32], 1);
  EXPECT_EQ(mask2[40 * n + 32], 1);
  EXPECT_EQ(std::count(mask2.begin(), mask2.end(), 1), 3);
}

TEST(BoundaryMask, IsolatedPixelsAreOnePixelIslands) {
  const auto im = from_rows({{1, 1, 1, 1, 4},
                             {1, 0, 1, 1, 3},
                             {1, 1, 1, 0, 0},
                             {3, 1, 1, 1, 1}});
  // (1,1) is an island; (3,0) is one too (its in-window neighbours are converged); (1,4) has only
  // a status-4 and an own-class neighbour; the 0-0 pair is no island.
  EXPECT_EQ(gdchaos::isolated_pixel_count(im, BoundarySelection{}), 2);
}

TEST(BoxCounts, SizesOffsetsAndMinimum) {
  // A 64×32 image: s = 1, 2, 4 (at least 8 boxes along the 32 side).
  const std::int64_t w = 64, h = 32;
  std::vector<std::uint8_t> mask(w * h, 0);
  for (std::int64_t i = 0; i < h; ++i) mask[static_cast<std::size_t>(i * w + 33)] = 1;  // a vertical line, column 33
  const auto counts = gdchaos::count_boxes(mask, w, h);
  ASSERT_EQ(counts.size(), 3u);
  EXPECT_EQ(counts[0].box_size, 1);
  EXPECT_EQ(counts[0].count, 32);
  EXPECT_EQ(counts[1].per_offset.size(), 4u);
  EXPECT_EQ(counts[1].count, 16);
  EXPECT_EQ(counts[2].box_size, 4);
  // Offsets (0,0),(2,0),(0,2),(2,2) as (row, column): row shifts add a partial box, column shifts do not matter here.
  EXPECT_EQ(counts[2].per_offset, (std::vector<std::int64_t>{8, 9, 8, 9}));
  EXPECT_EQ(counts[2].count, 8);
  EXPECT_TRUE(gdchaos::count_boxes(std::vector<std::uint8_t>(7 * 7), 7, 7).empty());
}

TEST(Dimension, ExactPowerLaw) {
  const auto e = gdchaos::estimate_dimension(power_law(std::vector<double>(9, 1.5)), 10000000);
  ASSERT_TRUE(e.supported) << e.reason;
  EXPECT_NEAR(e.dimension, 1.5, 1e-4);  // counts are rounded to integers
  EXPECT_EQ(e.fit_lo, 1);
  EXPECT_EQ(e.fit_hi, 512);
  EXPECT_LT(e.ci_hi - e.ci_lo, 1e-3);
  EXPECT_TRUE(e.fit_automatic);
}

TEST(Dimension, AutomaticRangeDropsAKinkAndSaturation) {
  // Pixel-scale transient (slopes 0.9, 1.1), a power law 1.3 over six sizes, then saturation (0.6, 0.3).
  const auto e = gdchaos::estimate_dimension(power_law({0.9, 1.1, 1.3, 1.3, 1.3, 1.3, 1.3, 0.6, 0.3}), 10000000);
  ASSERT_TRUE(e.supported) << e.reason;
  EXPECT_EQ(e.fit_lo, 4);
  EXPECT_EQ(e.fit_hi, 128);
  EXPECT_NEAR(e.dimension, 1.3, 1e-3);
  // The same counts over a given range, kink included: a different slope, a wide interval.
  gdchaos::DimensionOptions given;
  given.fit = {{1, 128}};
  const auto g = gdchaos::estimate_dimension(power_law({0.9, 1.1, 1.3, 1.3, 1.3, 1.3, 1.3, 0.6, 0.3}), 10000000, given);
  ASSERT_TRUE(g.supported);
  EXPECT_FALSE(g.fit_automatic);
  EXPECT_EQ(g.fit_lo, 1);
  EXPECT_LT(g.dimension, 1.27);
  EXPECT_GT(g.ci_hi - g.ci_lo, 0.1);
}

TEST(Dimension, CurvedEverywhereCannotSupportAnEstimate) {
  const auto e = gdchaos::estimate_dimension(power_law({0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8}), 10000000);
  EXPECT_FALSE(e.supported);
  EXPECT_NE(e.reason.find("not straight"), std::string::npos) << e.reason;
}

TEST(Dimension, BadFitRangesAreInputErrors) {
  const auto counts = power_law(std::vector<double>(6, 1.2));  // s = 1 … 64
  for (std::pair<std::int64_t, std::int64_t> fit : {std::pair<std::int64_t, std::int64_t>{1, 4}, {3, 64}, {8, 128}, {16, 2}}) {
    gdchaos::DimensionOptions o;
    o.fit = fit;
    EXPECT_THROW(gdchaos::estimate_dimension(counts, 10000000, o), gdchaos::InputError) << fit.first << "," << fit.second;
  }
}

TEST(Dimension, StudentT) {
  EXPECT_NEAR(gdchaos::student_t_975(1), 12.7062, 1e-4);
  EXPECT_NEAR(gdchaos::student_t_975(2), 4.3027, 1e-4);
  EXPECT_NEAR(gdchaos::student_t_975(30), 2.0423, 1e-4);
  EXPECT_NEAR(gdchaos::student_t_975(31), 2.0395, 1e-4);
  EXPECT_NEAR(gdchaos::student_t_975(120), 1.9799, 1e-4);
  EXPECT_NEAR(gdchaos::student_t_975(100000), 1.95999, 1e-4);
}

TEST(Dimension, IntervalIsTTimesTheStandardErrorPlusTheSpreads) {
  // Noisy counts over a given range, every grid offset alike (no offset spread): the slope, its
  // OLS standard error √(RSS/(n − 2)/Sxx), and the half-width t₀.₉₇₅(n − 2)·se + range spread,
  // recomputed here from the counts. Few sizes make the t quantile matter: 12.7 for 3 sizes.
  const std::vector<std::int64_t> n_of = {10000, 3600, 1500, 520, 200};
  std::vector<gdchaos::BoxCount> counts;
  for (std::size_t k = 0; k < n_of.size(); ++k) {
    gdchaos::BoxCount c;
    c.box_size = std::int64_t{1} << k;
    c.count = n_of[k];
    c.per_offset.assign(k == 0 ? 1 : 4, n_of[k]);
    counts.push_back(c);
  }
  struct Fit {
    double slope, se;
  };
  auto ols = [&](std::size_t lo, std::size_t hi) {
    double mx = 0, my = 0;
    const double n = static_cast<double>(hi - lo + 1);
    for (std::size_t k = lo; k <= hi; ++k) mx += std::log(double(counts[k].box_size)) / n, my -= std::log(double(n_of[k])) / n;
    double sxx = 0, sxy = 0;
    for (std::size_t k = lo; k <= hi; ++k) {
      const double x = std::log(double(counts[k].box_size)) - mx, y = -std::log(double(n_of[k])) - my;
      sxx += x * x, sxy += x * y;
    }
    const double slope = sxy / sxx, intercept = my - slope * mx;
    double rss = 0;
    for (std::size_t k = lo; k <= hi; ++k) {
      const double r = -std::log(double(n_of[k])) - intercept - slope * std::log(double(counts[k].box_size));
      rss += r * r;
    }
    return Fit{slope, n > 2 ? std::sqrt(rss / (n - 2) / sxx) : 0.0};
  };
  struct Range {
    std::size_t lo, hi;
    double t;
  };
  for (const Range r : {Range{0, 2, 12.706204736}, Range{1, 3, 12.706204736}, Range{0, 4, 3.182446305}}) {
    gdchaos::DimensionOptions o;
    o.min_sizes = 3;
    o.fit = {{counts[r.lo].box_size, counts[r.hi].box_size}};
    const auto e = gdchaos::estimate_dimension(counts, 100000, o);
    ASSERT_TRUE(e.supported) << e.reason;
    const Fit f = ols(r.lo, r.hi);
    const double range_spread = std::max(std::abs(ols(r.lo + 1, r.hi).slope - f.slope), std::abs(ols(r.lo, r.hi - 1).slope - f.slope));
    EXPECT_NEAR(e.dimension, f.slope, 1e-12);
    EXPECT_NEAR(e.std_error, f.se, 1e-12);
    EXPECT_GT(f.se, 0.01) << "the counts must be noisy enough for the standard error to matter";
    EXPECT_NEAR(e.t_quantile, r.t, 1e-9);
    EXPECT_EQ(e.offset_spread, 0);
    EXPECT_NEAR(e.range_spread, range_spread, 1e-12);
    EXPECT_NEAR(e.ci_hi - e.dimension, r.t * f.se + range_spread, 1e-12) << r.lo << ".." << r.hi;
    EXPECT_NEAR(e.dimension - e.ci_lo, r.t * f.se + range_spread, 1e-12) << r.lo << ".." << r.hi;
  }
}

TEST(BoxCountingDimension, CircleIsOne) {
  const std::int64_t n = 2048;
  const auto e = gdchaos::box_counting_dimension(two_status(disc(n, n, 1024.3, 1023.7, 800), n, n), BoundarySelection{});
  ASSERT_TRUE(e.supported) << e.reason;
  EXPECT_TRUE(covers(e, 1.0)) << e.dimension << " [" << e.ci_lo << ", " << e.ci_hi << "]";
  EXPECT_NEAR(e.dimension, 1.0, 0.03);
  EXPECT_LT(e.ci_hi - e.ci_lo, 0.2);
  EXPECT_GE(e.fit_hi / e.fit_lo, 8);
}

TEST(BoxCountingDimension, KochSnowflakeIsLog4OverLog3) {
  const std::int64_t n = 2048;
  const auto poly = koch_snowflake(1024.2, 1080.3, 1700, 7);  // finest edge 1700/3⁷ ≈ 0.8 px
  const auto e = gdchaos::box_counting_dimension(two_status(fill_polygon(poly, n, n), n, n), BoundarySelection{});
  ASSERT_TRUE(e.supported) << e.reason;
  EXPECT_TRUE(covers(e, kKochDimension)) << e.dimension << " [" << e.ci_lo << ", " << e.ci_hi << "]";
  EXPECT_NEAR(e.dimension, kKochDimension, 0.05);
  EXPECT_LT(e.ci_hi - e.ci_lo, 0.3);
  // …and the counting is about the boundary, not a side: swapping the classes changes nothing
  // but which side of each pair is marked.
  const auto swapped = gdchaos::box_counting_dimension(two_status(fill_polygon(poly, n, n), n, n, 3, 1), BoundarySelection{});
  EXPECT_NEAR(swapped.dimension, e.dimension, 0.02);
}

TEST(BoxCountingDimension, FilledSquareIsOne) {
  const std::int64_t n = 1024;
  std::vector<std::uint8_t> in(n * n, 0);
  for (std::int64_t i = 200; i < 900; ++i)
    for (std::int64_t j = 150; j < 850; ++j) in[static_cast<std::size_t>(i * n + j)] = 1;
  const auto e = gdchaos::box_counting_dimension(two_status(in, n, n), BoundarySelection{});
  ASSERT_TRUE(e.supported) << e.reason;
  EXPECT_NEAR(e.dimension, 1.0, 0.03);
  EXPECT_TRUE(covers(e, 1.0));
  // Each side marks 700 pixels (above the top, inside the bottom, left of the left side, inside
  // the right side); the lower-right corner pixel is on two sides.
  EXPECT_EQ(e.boundary_pixels, 4 * 700 - 1);
}

TEST(BoxCountingDimension, NoBoundaryCannotSupportAnEstimate) {
  const std::int64_t n = 512;
  const auto e = gdchaos::box_counting_dimension(LabelImage{n, n, std::vector<std::uint8_t>(n * n, 3), {}}, BoundarySelection{});
  EXPECT_FALSE(e.supported);
  EXPECT_EQ(e.boundary_pixels, 0);
  EXPECT_NE(e.reason.find("too few boundary pixels"), std::string::npos) << e.reason;
  EXPECT_FALSE(e.counts.empty());  // the counts are still reported
  // A tiny image cannot hold four box sizes.
  gdchaos::DimensionOptions few;
  few.min_boundary_pixels = 10;
  const auto tiny = gdchaos::box_counting_dimension(two_status(disc(40, 40, 20, 20, 15), 40, 40), BoundarySelection{}, few);
  EXPECT_FALSE(tiny.supported);
  EXPECT_NE(tiny.reason.find("box sizes"), std::string::npos) << tiny.reason;
}

TEST(BoxCountingDimension, DomainEdgesAndWindowEdgesDoNotCount) {
  // A straight converged | diverged boundary down the middle (D = 1), converged touching three
  // window edges, and a Koch-snowflake-shaped hole of status 4 inside the converged side. If the
  // hole's edge were boundary, the estimate would be pulled well above 1.
  const std::int64_t n = 2048;
  const auto hole = fill_polygon(koch_snowflake(620, 1024, 900, 7), n, n);
  LabelImage im{n, n, std::vector<std::uint8_t>(n * n, 1), {}};
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < n; ++j) {
      const auto p = static_cast<std::size_t>(i * n + j);
      if (j >= 1300) im.status[p] = 3;
      else if (hole[p]) im.status[p] = 4;
    }
  const auto e = gdchaos::box_counting_dimension(im, BoundarySelection{});
  ASSERT_TRUE(e.supported) << e.reason;
  EXPECT_EQ(e.boundary_pixels, n);  // one per row: column 1299
  EXPECT_NEAR(e.dimension, 1.0, 0.01);
  // The same picture with the hole diverged instead: its Koch edge is a real boundary now.
  for (auto& s : im.status) s = s == 4 ? 3 : s;
  const auto f = gdchaos::box_counting_dimension(im, BoundarySelection{});
  ASSERT_TRUE(f.supported) << f.reason;
  EXPECT_GT(f.boundary_pixels, 5 * n);
  EXPECT_GT(f.dimension, 1.1);
}

}  // namespace
