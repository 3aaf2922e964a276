// Network recipes: what they build (the network, θ₀, the plane), what they refuse, and that the
// resolved recipe builds the same job again.
#include "gdchaos/recipe/net_recipe.hpp"

#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/io/npy.hpp"
#include "scratch_dir.hpp"

namespace gdchaos {
namespace {

using nlohmann::json;

json gaussian_recipe() {
  return {{"data", "gaussian"}, {"features", 3}, {"arch", "4"}, {"activation", "tanh"}, {"eta", 0.2}, {"steps", 50}, {"res", 4}};
}

std::string refusal(const json& r) {
  try {
    net_job_from_recipe(r);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(NetRecipe, GaussianDataHasAsManySamplesAsTheNetworkHasParameters) {
  const auto job = net_job_from_recipe(gaussian_recipe());
  const auto& net = dynamic_cast<const Mlp&>(*job.model);
  EXPECT_EQ(net.dim(), 4 * 3 + 4 + 4 + 1);
  EXPECT_EQ(net.data().n, net.dim());
  EXPECT_EQ(net.data().p, 3);
  EXPECT_EQ(job.options.engine, Engine::network);
  EXPECT_EQ(job.options.decision.max_iter, 50);
  // θ₀ is the seeded He initialization, and the plane passes through it
  EXPECT_EQ(job.plane().base, net.initial_point(0));
  EXPECT_EQ((*job.recipe)["init_seed"], 0);
}

TEST(NetRecipe, TheResolvedRecipeBuildsTheSameJob) {
  auto r = gaussian_recipe();
  r["seed"] = 5, r["init_seed"] = 9, r["momentum"] = 0.5;
  const auto job = net_job_from_recipe(r);
  const auto again = net_job_from_recipe(*job.recipe);
  EXPECT_EQ(*again.recipe, *job.recipe);
  EXPECT_EQ(again.plane().dir1, job.plane().dir1);
  EXPECT_EQ(again.plane().base, job.plane().base);
  EXPECT_EQ(again.optimizer.momentum, 0.5);
}

TEST(NetRecipe, RandomPlaneDirectionsAreOrthonormalOrFilterNormalized) {
  auto r = gaussian_recipe();
  auto job = net_job_from_recipe(r);
  const auto& p = job.plane();
  double n1 = 0, n2 = 0, dot = 0;
  for (int e = 0; e < p.dim(); ++e) n1 += p.dir1[e] * p.dir1[e], n2 += p.dir2[e] * p.dir2[e], dot += p.dir1[e] * p.dir2[e];
  EXPECT_NEAR(n1, 1, 1e-12);
  EXPECT_NEAR(n2, 1, 1e-12);
  EXPECT_NEAR(dot, 0, 1e-12);
  r["filter_normalize"] = true;
  job = net_job_from_recipe(r);
  const auto& net = dynamic_cast<const Mlp&>(*job.model);
  const auto& f = job.plane();
  for (int k = 1; k <= net.layers(); ++k) {
    for (int i = 0; i < net.fan_out(k); ++i) {
      double dn = 0, tn = 0;
      for (int j = 0; j < net.fan_in(k); ++j) {
        const int e = net.weight_offset(k) + i * net.fan_in(k) + j;
        dn += f.dir1[e] * f.dir1[e], tn += f.base[e] * f.base[e];
      }
      EXPECT_NEAR(std::sqrt(dn), std::sqrt(tn), 1e-12) << "layer " << k << " row " << i;
    }
    for (int i = 0; i < net.fan_out(k); ++i) EXPECT_EQ(f.dir1[net.bias_offset(k) + i], 0);
  }
}

class NetRecipeFiles : public testing::ScratchDirTest {};

TEST_F(NetRecipeFiles, AnInitFileIsUsedExactlyAndItsLengthChecked) {
  const auto job = net_job_from_recipe(gaussian_recipe());
  std::vector<double> theta(job.model->dim());
  for (std::size_t e = 0; e < theta.size(); ++e) theta[e] = 0.01 * static_cast<double>(e) - 0.1;
  npy::write<double>(file("init.npy"), theta, {static_cast<std::int64_t>(theta.size())});
  auto r = gaussian_recipe();
  r["init"] = file("init.npy").string();
  EXPECT_EQ(net_job_from_recipe(r).plane().base, theta);
  theta.pop_back();
  npy::write<double>(file("short.npy"), theta, {static_cast<std::int64_t>(theta.size())});
  r["init"] = file("short.npy").string();
  EXPECT_NE(refusal(r).find("the network has 21 parameters"), std::string::npos) << refusal(r);
}

TEST(NetRecipe, HyperparameterPlanesAreInLog10UnitsOnLogAxes) {
  auto r = gaussian_recipe();
  r["plane"] = "hyper", r["axis1"] = "eta1:1e-2,1e2:log", r["axis2"] = "eta2:0.1,0.5";
  r.erase("eta");
  const auto job = net_job_from_recipe(r);
  EXPECT_DOUBLE_EQ(job.grid.window.a0, -2);
  EXPECT_DOUBLE_EQ(job.grid.window.a1, 2);
  EXPECT_DOUBLE_EQ(job.grid.window.b0, 0.1);
  EXPECT_TRUE(job.hyper().axis1.log);
  EXPECT_EQ(job.hyper().axis1.layer, 1);
  EXPECT_EQ(job.hyper().init, dynamic_cast<const Mlp&>(*job.model).initial_point(0));
}

TEST(NetRecipe, RefusesWhatIsNotANetworksInOneLine) {
  auto with = [](const char* key, json value) {
    auto r = gaussian_recipe();
    r[key] = std::move(value);
    return refusal(r);
  };
  EXPECT_NE(with("y", 1).find("factorization family"), std::string::npos);
  EXPECT_NE(with("depth", 3).find("factorization family"), std::string::npos);
  EXPECT_NE(with("max_iter", 10).find("give `steps`"), std::string::npos);
  EXPECT_NE(with("plane", "quotient").find("factorization family"), std::string::npos);
  EXPECT_NE(with("activation", "sigmoid").find("sigmoid"), std::string::npos);
  EXPECT_NE(with("arch", "4,0").find("arch"), std::string::npos);
  EXPECT_NE(with("weight_decay", -1).find(">= 0"), std::string::npos);
  EXPECT_NE(with("engine", "exact").find("network engine"), std::string::npos);
  EXPECT_NE(with("bias", "maybe").find("true or false"), std::string::npos);
  EXPECT_NE(with("standardize", true).find("applies to image data"), std::string::npos);
  EXPECT_NE(with("downsample", 2).find("applies to image data"), std::string::npos);
  auto hyper = gaussian_recipe();
  hyper["plane"] = "hyper", hyper["axis1"] = "eta:0.1,1", hyper["axis2"] = "eta1:0.1,1";
  EXPECT_NE(refusal(hyper).find("different hyperparameters"), std::string::npos);
  hyper["axis1"] = "eta3:0.1,1";
  EXPECT_NE(refusal(hyper).find("has 2 layers"), std::string::npos);
  hyper["axis1"] = "lambda:0.1,1";
  EXPECT_NE(refusal(hyper).find("eta, eta1, eta2"), std::string::npos);
  hyper["axis1"] = "momentum:0,1e-3:log";
  EXPECT_NE(refusal(hyper).find("lo > 0"), std::string::npos);
  // and a factorization recipe refuses the network keys
  try {
    basin_job_from_recipe(json{{"y", 1}, {"eta", 0.5}, {"arch", "4"}});
    ADD_FAILURE() << "accepted `arch` without `data`";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("applies to networks"), std::string::npos);
  }
}

}  // namespace
}  // namespace gdchaos
