// gdchaos net basin / net scan end to end: the output contract, re-running from meta.json, the
// analyses that read basin maps, --save-init, and one-line refusals that leave nothing behind.
#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "gdchaos/io/npy.hpp"

namespace gdchaos::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kTiny = "--data gaussian --features 3 --arch 5 --activation tanh --eta 0.8 --steps 300 --res 12";

class NetCli : public CliTest {
 protected:
  fs::path net_basin(const std::string& name, const std::string& flags) {
    const auto out = dir_ / name;
    const auto r = run("net basin " + flags + " --quiet --out " + out.string());
    EXPECT_EQ(r.code, 0) << r.err;
    return out;
  }
  json meta(const fs::path& dir) { return json::parse(slurp(dir / "meta.json")); }
};

TEST_F(NetCli, BasinWritesTheOutputContractAndReRunsFromItsMetaJson) {
  const auto a = net_basin("a", kTiny);
  for (const char* f : {"status.npy", "steps.npy", "loss.npy", "norm2.npy", "sharpness.npy", "meta.json", "basin.png", "init.npy"})
    EXPECT_TRUE(fs::exists(a / f)) << f;
  const auto m = meta(a);
  EXPECT_EQ(m["command"], "net basin");
  EXPECT_EQ(m["engine"], "network");
  EXPECT_EQ(m["problem"]["family"], "mlp");
  const int dim = m["problem"]["dim"];
  EXPECT_EQ(npy::read(a / "init.npy").data.size(), static_cast<std::size_t>(dim));
  EXPECT_EQ(npy::read(a / "init.npy").data, m["plane"]["base"].get<std::vector<double>>());
  // final values wherever the run did not diverge, converged or not
  const auto status = npy::read(a / "status.npy").data, loss = npy::read(a / "loss.npy").data;
  int undecided = 0;
  for (std::size_t k = 0; k < status.size(); ++k) {
    if (status[k] == 3) EXPECT_TRUE(std::isnan(loss[k]));
    else EXPECT_TRUE(std::isfinite(loss[k])) << k;
    undecided += status[k] == 0;
  }
  EXPECT_GT(undecided, 0);
  const auto b = dir_ / "b";
  const auto r = run("net basin --preset " + (a / "meta.json").string() + " --quiet --out " + b.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(slurp(a / "status.npy"), slurp(b / "status.npy"));
  EXPECT_EQ(slurp(a / "loss.npy"), slurp(b / "loss.npy"));
  EXPECT_EQ(slurp(a / "sharpness.npy"), slurp(b / "sharpness.npy"));
}

TEST_F(NetCli, TheBasinAnalysesRunOnANetworkMap) {
  const auto a = net_basin("a", "--data gaussian --features 3 --arch 5 --activation tanh --eta 2 --steps 100 --res 32");
  const auto u = run("uncertainty " + a.string() + " --samples 2000 --bootstrap 20 --quiet");
  EXPECT_EQ(u.code, 0) << u.err;
  const auto report = json::parse(u.out);
  EXPECT_TRUE(report.contains("recipe")) << u.out.substr(0, 400);
  const auto d = run("dimension " + a.string() + " --quiet");
  EXPECT_NE(d.code, 1) << d.err;  // a 32² map may be too small to fit, but never a failure
}

TEST_F(NetCli, AHyperparameterPlaneOfPerLayerStepSizes) {
  const auto a = net_basin("h", "--data gaussian --features 4 --arch 4 --activation tanh --param mean-field --bias false "
                                "--steps 200 --plane hyper --axis1 eta1:1e-2,1e2:log --axis2 eta2:1e-2,1e2:log --res 16");
  const auto m = meta(a);
  EXPECT_EQ(m["plane"]["alpha"], "eta1");
  EXPECT_EQ(m["plane"]["alpha_scale"], "log10");
  EXPECT_EQ(m["grid"]["window"], json({-2.0, 2.0, -2.0, 2.0}));
  // small step sizes train, huge ones diverge: both appear
  EXPECT_GT(m["counts"]["diverged"].get<int>(), 0);
  EXPECT_GT(m["counts"]["converged"].get<int>() + m["counts"]["undecided"].get<int>(), 0);
  // its trainability boundary, measured by both estimators (uncertainty re-runs the engine at
  // perturbed step sizes)
  const auto u = run("uncertainty " + a.string() + " --boundary divergence --samples 400 --bootstrap 10 --quiet");
  ASSERT_EQ(u.code, 0) << u.err;
  const auto report = json::parse(u.out);
  EXPECT_EQ(report["boundary"], "divergence");
  EXPECT_EQ(report["undecided"]["pairs_excluded"], 0);
  const auto d = run("dimension " + a.string() + " --boundary diverged --quiet");
  EXPECT_NE(d.code, 1) << d.err;
  EXPECT_EQ(json::parse(slurp(a / "dimension.json"))["boundary"], "diverged");
}

TEST_F(NetCli, SaveInitWritesThetaZeroAndNeverReplacesAFile) {
  const auto theta = dir_ / "theta0.npy";
  net_basin("a", std::string(kTiny) + " --save-init " + theta.string());
  ASSERT_TRUE(fs::exists(theta));
  EXPECT_EQ(slurp(theta), slurp(dir_ / "a" / "init.npy"));
  const auto before = slurp(theta);
  const auto r = run(std::string("net basin ") + kTiny + " --save-init " + theta.string() + " --quiet --out " + (dir_ / "b").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err_lines(), 1) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "b"));
  EXPECT_EQ(slurp(theta), before);
  // and the saved θ₀ starts the same run again
  const auto c = net_basin("c", std::string(kTiny) + " --init " + theta.string());
  EXPECT_EQ(slurp(dir_ / "a" / "loss.npy"), slurp(c / "loss.npy"));
}

TEST_F(NetCli, BadInputIsOneLineAndLeavesNothing) {
  const std::vector<std::string> cases = {"--data fashion-mnist:0,12 --eta 0.1", "--data cifar:0,1 --eta 0.1",
                                  "--data gaussian --eta 0.1 --y 1", "--data gaussian --eta 0.1 --max-iter 5",
                                  "--data gaussian --eta 0.1 --activation swish", "--data gaussian --eta -1",
                                  "--data gaussian --eta 0.1 --plane quotient", "--eta 0.1",
                                  "--data " + (dir_ / "missing.npz").string() + " --eta 0.1"};
  for (const auto& flags : cases) {
    const auto r = run("net basin " + flags + " --quiet --out " + (dir_ / "x").string());
    EXPECT_EQ(r.code, 2) << flags << ": " << r.err;
    EXPECT_EQ(r.err_lines(), 1) << flags << ": " << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "x")) << flags;
  }
  const auto s = run("net scan --data gaussian --eta-range 0.5,0.1 --quiet --out " + (dir_ / "x").string());
  EXPECT_EQ(s.code, 2) << s.err;
  EXPECT_EQ(s.err_lines(), 1) << s.err;
  EXPECT_FALSE(fs::exists(dir_ / "x"));
}

TEST_F(NetCli, ScanWritesFullPrecisionRowsForEveryStepSizeAndItsIntervals) {
  const auto out = dir_ / "scan";
  const auto r = run("net scan --data gaussian --features 3 --arch 5 --activation tanh --weight-decay 0.01 --steps 400 "
                     "--eta-range 0.05,4 --points 25 --momentum 0.5 --quiet --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"scan.csv", "scan.json", "scan.png", "init.npy"}) EXPECT_TRUE(fs::exists(out / f)) << f;
  std::ifstream csv(out / "scan.csv");
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "eta,status,steps,loss,norm2,sharpness,sharpness_over_edge,regime");
  std::vector<double> etas;
  while (std::getline(csv, line)) etas.push_back(std::stod(line.substr(0, line.find(','))));
  ASSERT_EQ(etas.size(), 25u);
  EXPECT_EQ(etas.front(), 0.05);  // both ends of the range, read back exactly
  EXPECT_EQ(etas.back(), 4.0);
  const auto summary = json::parse(slurp(out / "scan.json"));
  EXPECT_EQ(summary["stability_edge"], "(2 + 2β)/η (heavy ball)");
  EXPECT_TRUE(summary.contains("edge_of_stability") && summary.contains("chaotic"));
  EXPECT_EQ(summary["recipe"]["etas"].size(), 25u);
  // re-run from its own summary
  const auto again = run("net scan --preset " + (out / "scan.json").string() + " --quiet --out " + (dir_ / "again").string());
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(slurp(out / "scan.csv"), slurp(dir_ / "again" / "scan.csv"));
}

}  // namespace
}  // namespace gdchaos::testing
