// The float fields of a render as data: the engine's three first, then the model's own, then
// coord; every field named once, and the colourings offered are the categorical three plus them.
#include "gdchaos/engine/field_set.hpp"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/model/deep_linear.hpp"
#include "gdchaos/model/factorization.hpp"
#include "gdchaos/output/basin_image.hpp"
#include "render_helpers.hpp"

using namespace gdchaos;

namespace {

std::vector<std::string> names(const FieldSet& fields) {
  std::vector<std::string> out;
  for (const auto& f : fields) out.push_back(f.name);
  return out;
}

// A family with two fields of its own (their order is its order).
class TwoFields final : public Model {
 public:
  std::string family() const override { return "two_fields"; }
  int dim() const override { return 2; }
  double loss(std::span<const double>) const override { return 0; }
  void gradient_lanes(const double*, double* grad, int lanes) const override {
    for (int k = 0; k < 2 * lanes; ++k) grad[k] = 0;
  }
  double curvature_bound(double) const override { return 1; }
  void validate() const override {}
  nlohmann::json describe() const override { return {}; }
  std::vector<ModelField> fields() const override { return {{"zeta", "z"}, {"alpha_field", "a"}}; }
};

TEST(FieldSet, EngineFieldsFirstThenTheModelsThenCoord) {
  const Factorization f(Problem{});
  EXPECT_EQ(names(basin_fields(f, false)), (std::vector<std::string>{"loss", "norm2", "sharpness", "imbalance"}));
  EXPECT_EQ(names(basin_fields(f, true)),
            (std::vector<std::string>{"loss", "norm2", "sharpness", "imbalance", "coord"}));
  EXPECT_EQ(names(basin_fields(TwoFields{}, true)),
            (std::vector<std::string>{"loss", "norm2", "sharpness", "zeta", "alpha_field", "coord"}));
  // the first kEngineFields are the same for every family
  const DeepLinear deep({3, 1, 1, 1, {1.0}, 0.5, 0.0});
  for (const Model* m : {static_cast<const Model*>(&f), static_cast<const Model*>(&deep)}) {
    const auto fields = basin_fields(*m, false);
    ASSERT_GE(fields.size(), static_cast<std::size_t>(kEngineFields));
    EXPECT_EQ(fields[0].name, "loss");
    EXPECT_EQ(fields[1].name, "norm2");
    EXPECT_EQ(fields[2].name, "sharpness");
  }
}

TEST(FieldSet, EveryFieldIsNamedOnceAndDescribed) {
  const DeepLinear deep({3, 2, 1, 1, {1.0}, 0.5, 0.0});
  for (const auto& fields : {basin_fields(Factorization(Problem{}), true), basin_fields(deep, true),
                             basin_fields(TwoFields{}, true)}) {
    std::set<std::string> seen;
    for (const auto& f : fields) {
      EXPECT_TRUE(seen.insert(f.name).second) << f.name << " twice";
      EXPECT_FALSE(f.description.empty()) << f.name;
      EXPECT_EQ(field_index(fields, f.name), static_cast<int>(&f - fields.data()));
    }
  }
}

TEST(FieldSet, FieldIndexOfAnUnknownNameIsMinusOne) {
  const auto fields = basin_fields(Factorization(Problem{}), false);
  EXPECT_EQ(field_index(fields, "coord"), -1);  // not asked for
  EXPECT_EQ(field_index(fields, "status"), -1);  // not a float field
  EXPECT_EQ(field_index(fields, ""), -1);
  EXPECT_EQ(field_index(fields, "Loss"), -1);
  EXPECT_EQ(field_index({}, "loss"), -1);
}

TEST(FieldSet, ColouringsAreTheCategoricalThreeThenEveryField) {
  const auto fields = basin_fields(Factorization(Problem{}), true);
  const auto c = colourings(fields);
  EXPECT_EQ(c, (std::vector<std::string>{"status", "attractor", "steps", "loss", "norm2", "sharpness", "imbalance",
                                         "coord"}));
  EXPECT_EQ(std::set<std::string>(c.begin(), c.end()).size(), c.size());
  // Only status and attractor need no range (basin_image.hpp); every field does.
  for (const auto& name : c) EXPECT_EQ(continuous_colouring(name), name != "status" && name != "attractor") << name;
}

// The arrays of a render are exactly the field set, in its order, whatever engine runs it.
TEST(FieldSet, ARendersArraysAreItsFieldSet) {
  const Problem p = gdchaos::testing::scalar_problem(1, 0.5);
  for (const Engine e : {Engine::exact, Engine::dense, Engine::generic})
    for (const int coord : {-1, 1}) {
      RenderOptions opt;
      opt.engine = e, opt.coord = coord, opt.threads = 1;
      const auto map = render(p, coords_plane(2), Grid{{-1, 1, -1, 1}, 4, 4}, opt);
      std::vector<std::string> got;
      for (const auto& f : map.fields) got.push_back(f.name);
      EXPECT_EQ(got, names(basin_fields(Factorization(p), coord >= 0))) << engine_name(e);
    }
}

}  // namespace
