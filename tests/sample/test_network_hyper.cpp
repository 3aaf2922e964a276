// Network hyperparameter planes: each pixel is the run a plain optimizer with its step sizes
// would make, per-layer step sizes act on their layer alone.
#include "gdchaos/sample/network_hyper.hpp"

#include <cmath>
#include <memory>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/data/dataset.hpp"

namespace gdchaos {
namespace {

std::shared_ptr<const Dataset> gaussian(int n, int p) {
  DataRequest r;
  r.source = "gaussian", r.samples = n, r.features = p, r.seed = 3;
  return std::make_shared<Dataset>(load_dataset(r));
}

RenderOptions budget(int steps) {
  RenderOptions o;
  o.decision.max_iter = steps;
  o.threads = 2;
  return o;
}

TEST(NetworkHyper, DiagonalPixelsOfAPerLayerPlaneAreRunsWithOneStepSize) {
  const Mlp net({{5}, Activation::tanh, false, Parametrization::mean_field, 0}, gaussian(10, 5));
  const auto theta0 = net.initial_point(1);
  const auto a1 = parse_hyper_axis("eta1:1e-1,1e1:log"), a2 = parse_hyper_axis("eta2:1e-1,1e1:log");
  const int res = 6;
  const auto map = render_network_hyper(net, {1.0, 0}, theta0, a1, a2, res, res, budget(300));
  const Grid grid{{a1.coordinate_lo(), a1.coordinate_hi(), a2.coordinate_lo(), a2.coordinate_hi()}, res, res};
  for (int i = 0; i < res; ++i) {
    const double eta = a1.value(grid.alpha(i));
    ASSERT_EQ(eta, a2.value(grid.beta(i)));
    const auto one = render(net, {eta, 0}, SameStart(theta0, 1, 1), budget(300));
    const auto k = static_cast<std::int64_t>(i) * res + i;
    EXPECT_EQ(one.status[0], map.status[k]) << "η " << eta;
    const float a = one.field("loss")[0], b = map.field("loss")[k];
    if (std::isnan(a)) EXPECT_TRUE(std::isnan(b));
    else EXPECT_EQ(a, b) << "η " << eta;
  }
}

TEST(NetworkHyper, APerLayerAxisSetsItsLayerAlone) {
  const Mlp net({{4, 3}, Activation::relu, true, Parametrization::standard, 0}, gaussian(6, 2));
  double beta = -1;
  const auto eta = layer_step_sizes(net, {0.3, 0.1}, parse_hyper_axis("eta2:1,2"), 1.5, parse_hyper_axis("momentum:0,0.5"),
                                    0.25, beta);
  EXPECT_EQ(eta, (std::vector<double>{0.3, 1.5, 0.3}));
  EXPECT_EQ(beta, 0.25);
  const auto all = layer_step_sizes(net, {0.3, 0.1}, parse_hyper_axis("eta:1,2"), 1.25, parse_hyper_axis("momentum:0,0.5"),
                                    0.5, beta);
  EXPECT_EQ(all, (std::vector<double>(3, 1.25)));
}

TEST(NetworkHyper, LogAxesAreParsedAndCheckedAndOthersRefused) {
  const auto a = parse_hyper_axis("eta12:1e-3,10:log");
  EXPECT_EQ(a.layer, 12);
  EXPECT_TRUE(a.log);
  EXPECT_DOUBLE_EQ(a.coordinate_lo(), -3);
  EXPECT_DOUBLE_EQ(a.value(1), 10);
  EXPECT_EQ(a.label(), "log10 eta12");
  EXPECT_THROW(parse_hyper_axis("eta:0,1:log"), InputError);
  EXPECT_THROW(parse_hyper_axis("eta:0.1,1:ln"), InputError);
  EXPECT_THROW(parse_hyper_axis("eta0:0.1,1"), InputError);
  Problem p;
  EXPECT_THROW(validate_hyper_axes(p, parse_hyper_axis("eta1:0.1,1"), parse_hyper_axis("lambda:0,1")), InputError);
}

}  // namespace
}  // namespace gdchaos
