// RenderSpec: each kind of start renders what its render() says (the slice's points, the
// quotient's representatives, the hyperparameter plane's problems), and bands of rows put
// together are the whole map.
#include "gdchaos/recipe/render_spec.hpp"

#include <cmath>
#include <variant>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/recipe/recipe.hpp"

using namespace gdchaos;
using nlohmann::json;

namespace {

RenderSpec slice_spec() {
  return basin_job_from_recipe({{"y", 0.5}, {"lambda", 0.2}, {"eta", 1}, {"window", "-3,3,-2,2"}, {"res", "18,11"}});
}
RenderSpec quotient_spec() {
  return basin_job_from_recipe({{"y", 1}, {"eta", 0.9}, {"plane", "quotient"}, {"window", "-2,2,0,4"}, {"res", "14,9"}});
}
RenderSpec hyper_spec() {
  return basin_job_from_recipe({{"y", 1}, {"plane", "hyper"}, {"axis1", "eta:0.1,1.2"}, {"axis2", "momentum:0,0.5"},
                                {"init", "1.5,0.3"}, {"res", "10,7"}});
}
RenderSpec deep_spec() {
  return basin_job_from_recipe({{"depth", 3}, {"y", 1}, {"eta", 0.4}, {"lambda", 0.05}, {"window", "-2,2,-2,2"},
                                {"res", "9,6"}, {"color", "imbalance"}});
}

// The limit point a pixel converged to, or an empty vector. Ids index each map's own table, whose
// point for an attractor is its first pixel's limit: two maps may hold limits within tol of each other.
std::vector<double> limit_of(const BasinMap& m, std::int64_t k) {
  return m.attractor[k] < 0 ? std::vector<double>{} : m.attractors[m.attractor[k]];
}

void expect_same_pixels(const BasinMap& a, std::int64_t ka, const BasinMap& b, std::int64_t kb, const char* what) {
  EXPECT_EQ(a.status[ka], b.status[kb]) << what << " pixel " << ka;
  EXPECT_EQ(a.steps[ka], b.steps[kb]) << what << " pixel " << ka;
  ASSERT_EQ(a.fields.size(), b.fields.size());
  for (std::size_t f = 0; f < a.fields.size(); ++f) {
    const float x = a.fields[f].values[ka], y = b.fields[f].values[kb];
    EXPECT_TRUE(x == y || (std::isnan(x) && std::isnan(y))) << what << " " << a.fields[f].name << " pixel " << ka;
  }
  if (a.attractors_overflowed || b.attractors_overflowed) return;  // a continuum of limits: no ids to compare
  const auto la = limit_of(a, ka), lb = limit_of(b, kb);
  ASSERT_EQ(la.size(), lb.size()) << what << " pixel " << ka;
  for (std::size_t e = 0; e < la.size(); ++e) EXPECT_NEAR(la[e], lb[e], 1e-6) << what << " pixel " << ka;
}

TEST(RenderSpec, KindsOfStartAreToldApart) {
  const auto s = slice_spec(), q = quotient_spec(), h = hyper_spec();
  EXPECT_TRUE(s.is_slice() && !s.is_quotient() && !s.is_hyper());
  EXPECT_TRUE(q.is_quotient() && !q.is_slice() && !q.is_hyper());
  EXPECT_TRUE(h.is_hyper() && !h.is_slice() && !h.is_quotient());
  EXPECT_THROW(q.plane(), std::bad_variant_access);
  EXPECT_THROW(s.hyper(), std::bad_variant_access);
  EXPECT_EQ(h.hyper().init, (std::vector<double>{1.5, 0.3}));
}

TEST(RenderSpec, ASliceStartsAtThePlanesPoints) {
  const auto spec = slice_spec();
  const auto pts = spec.points();
  ASSERT_EQ(pts->width(), spec.grid.width);
  ASSERT_EQ(pts->height(), spec.grid.height);
  std::vector<double> a(2), b(2), c(2);
  for (std::int64_t i = 0; i < spec.grid.height; ++i)
    for (std::int64_t j = 0; j < spec.grid.width; ++j) {
      ASSERT_TRUE(pts->point(i * spec.grid.width + j, a));
      ASSERT_TRUE(spec.point(spec.grid.alpha(j), spec.grid.beta(i), b));
      spec.plane().point(spec.grid.alpha(j), spec.grid.beta(i), c);
      EXPECT_EQ(a, c);
      EXPECT_EQ(b, c);
    }
}

TEST(RenderSpec, AQuotientPlaneStartsAtTheRepresentatives) {
  const auto spec = quotient_spec();
  const auto pts = spec.points();
  std::vector<double> a(2), b(2), c(2);
  for (std::int64_t i = 0; i < spec.grid.height; ++i)
    for (std::int64_t j = 0; j < spec.grid.width; ++j) {
      const double z = spec.grid.alpha(j), w = spec.grid.beta(i);
      const bool in = quotient_representative(z, w, c);
      EXPECT_EQ(pts->point(i * spec.grid.width + j, a), in);
      EXPECT_EQ(spec.point(z, w, b), in);
      if (in) {
        EXPECT_EQ(a, c);
        EXPECT_EQ(b, c);
      }
    }
}

TEST(RenderSpec, AHyperparameterPlaneHasNoPlaneOfStarts) {
  const auto spec = hyper_spec();
  std::vector<double> theta(2);
  EXPECT_THROW(spec.points(), InputError);
  EXPECT_THROW(spec.point(0, 0, theta), InputError);
}

// render() is render(model, optimizer, points(), options): the slice and quotient planes.
TEST(RenderSpec, RenderIsTheEngineOnItsPoints) {
  for (const auto& spec : {slice_spec(), quotient_spec(), deep_spec()}) {
    const auto whole = spec.render();
    const auto direct = gdchaos::render(*spec.model, spec.optimizer, *spec.points(), spec.options);
    ASSERT_EQ(whole.pixels(), spec.grid.pixels());
    for (std::int64_t k = 0; k < whole.pixels(); ++k) expect_same_pixels(whole, k, direct, k, spec.recipe->dump().c_str());
  }
}

// Pixel (i, j) of a hyperparameter plane is GD from init with axis1 = α_j, axis2 = β_i.
TEST(RenderSpec, AHyperparameterPlaneRendersEachPixelsProblem) {
  const auto spec = hyper_spec();
  const auto whole = spec.render();
  const auto& h = spec.hyper();
  const Grid& g = spec.grid;
  // the grid's window is the axes' ranges
  EXPECT_EQ(g.window.a0, h.axis1.lo);
  EXPECT_EQ(g.window.a1, h.axis1.hi);
  EXPECT_EQ(g.window.b0, h.axis2.lo);
  EXPECT_EQ(g.window.b1, h.axis2.hi);
  for (const std::int64_t i : {std::int64_t{0}, g.height - 1})
    for (const std::int64_t j : {std::int64_t{0}, g.width / 2, g.width - 1}) {
      const Problem p = with_hyperparameter(with_hyperparameter(spec.problem, h.axis1.which, g.alpha(j)),
                                            h.axis2.which, g.beta(i));
      RenderOptions opt = spec.options;
      opt.threads = 1;
      const auto one = gdchaos::render(p, ListPoints(2, h.init), opt);
      expect_same_pixels(whole, i * g.width + j, one, 0, "hyper");
    }
}

TEST(RenderSpec, RenderRowsBandsPutTogetherAreTheWholeMap) {
  // Maps wide enough that a tile holds few rows; bands start at multiples of the quantum.
  const auto wide = [](const RenderSpec& s) {
    nlohmann::json r = *s.recipe;
    r["res"] = "1024,12";
    return basin_job_from_recipe(r);
  };
  for (const auto& spec : {wide(slice_spec()), wide(quotient_spec()), wide(hyper_spec()), wide(deep_spec())}) {
    const auto whole = spec.render();
    const std::int64_t H = spec.grid.height, W = spec.grid.width, q = spec.band_row_quantum();
    ASSERT_LE(2 * q, H) << "a quantum that leaves one band only: " << q;
    // uneven bands, one of a single quantum
    for (const auto& [begin, end] : {std::pair{std::int64_t{0}, 2 * q}, {2 * q, 3 * q}, {3 * q, H}}) {
      if (begin >= end) continue;
      const auto band = spec.render_rows(begin, end, spec.options);
      ASSERT_EQ(band.height, end - begin);
      ASSERT_EQ(band.width, W);
      for (std::int64_t k = 0; k < band.pixels(); ++k)
        expect_same_pixels(whole, begin * W + k, band, k, spec.recipe->dump().c_str());
    }
  }
}

// The quantum is the engine's tile in rows: 4096 pixels for the exact engine, 512 for the others.
TEST(RenderSpec, BandRowQuantumIsTheTileInRows) {
  EXPECT_EQ(quotient_spec().band_row_quantum(), 4096 / 14);
  nlohmann::json r = *slice_spec().recipe;
  r["res"] = "8192,3";
  EXPECT_EQ(basin_job_from_recipe(r).band_row_quantum(), 1);
  r["res"] = "1000,3";
  EXPECT_EQ(basin_job_from_recipe(r).band_row_quantum(), 4);
  nlohmann::json d = *deep_spec().recipe;
  d["res"] = "100,3";
  EXPECT_EQ(basin_job_from_recipe(d).band_row_quantum(), 5);
}

TEST(RenderSpec, FamilyAndFields) {
  const auto s = slice_spec(), d = deep_spec();
  EXPECT_TRUE(s.is_factorization());
  EXPECT_FALSE(d.is_factorization());
  EXPECT_NO_THROW(s.require_factorization("the scan"));
  try {
    d.require_factorization("the scan");
    FAIL() << "deep linear is not the factorization";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("the scan needs the factorization family, not deep_linear"), std::string::npos)
        << e.what();
  }
  auto names = [](const FieldSet& f) {
    std::vector<std::string> n;
    for (const auto& x : f) n.push_back(x.name);
    return n;
  };
  EXPECT_EQ(names(s.fields()), names(basin_fields(*s.model, false)));
  const auto c = basin_job_from_recipe({{"y", 1}, {"eta", 0.5}, {"coord", 1}, {"res", 4}});
  EXPECT_EQ(names(c.fields()).back(), "coord");
  const auto map = c.render();
  EXPECT_TRUE(map.has("coord"));
}

}  // namespace
