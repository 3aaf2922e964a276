// The network engine against the machine's limit, measured in the same run: the FMA peak of one
// core (independent fused multiply–adds on the widest vectors of the SIMD target that runs), the batched
// gradient kernel in useful flop/s (Mlp::gradient_flops), and the slice job of `gdchaos net basin`
// on a band of it. Run: build/release/bench/gdchaos_bench_network --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <memory>
#include <numeric>

#include <nlohmann/json.hpp>

#include "gdchaos/data/dataset.hpp"
#include "gdchaos/model/mlp.hpp"
#include "gdchaos/recipe/net_recipe.hpp"
#include "machine_limits.hpp"

namespace {

using namespace gdchaos;

// The FMA peak of one core on the SIMD target the engines run on (machine_limits.hpp).
void FmaPeak(benchmark::State& state) {
  double flops = 0;
  for (auto _ : state) flops += bench::fma_chains(1 << 16);
  state.counters["flops_per_s"] = benchmark::Counter(flops, benchmark::Counter::kIsRate);
  state.SetLabel(bench::limits_target());
}

std::shared_ptr<const Dataset> fashion(int samples, int downsample) {
  DataRequest r;
  r.source = "fashion-mnist:0,1", r.samples = samples, r.downsample = downsample;
  return std::make_shared<Dataset>(load_dataset(r));
}

// The gradient of 16 networks at once (one block of the engine), in useful flop/s on one core.
void GradientBlock(benchmark::State& state, int samples, int downsample, std::vector<int> hidden) {
  const Mlp net({hidden, Activation::relu, true, Parametrization::standard, 1e-3}, fashion(samples, downsample));
  constexpr int kLanes = 16;
  std::vector<double> theta(static_cast<std::size_t>(net.dim()) * kLanes), grad(theta.size());
  for (int l = 0; l < kLanes; ++l) {
    const auto t = net.initial_point(l);
    for (int e = 0; e < net.dim(); ++e) theta[static_cast<std::size_t>(e) * kLanes + l] = t[e];
  }
  for (auto _ : state) {
    net.gradient_lanes(theta.data(), grad.data(), kLanes);
    benchmark::DoNotOptimize(grad.data());
  }
  state.counters["flops_per_s"] =
      benchmark::Counter(net.gradient_flops() * kLanes * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void GradientSliceShape(benchmark::State& state) { GradientBlock(state, 128, 4, {8, 8}); }
void GradientScanShape(benchmark::State& state) { GradientBlock(state, 1000, 2, {32, 32}); }

// 16 rows of the README's slice job (`net basin --data fashion-mnist:0,1 --samples 128
// --downsample 4 --arch 8,8 --weight-decay 1e-3 --steps 3000 --eta 0.5 --plane random --seed 3
// --res 128`): 2048 networks, GD and sharpness, in network-steps per second.
void SliceJobBand(benchmark::State& state) {
  const nlohmann::json recipe = {{"data", "fashion-mnist:0,1"}, {"samples", 128}, {"downsample", 4}, {"arch", "8,8"},
                                 {"weight_decay", 1e-3}, {"steps", 3000}, {"eta", 0.5}, {"plane", "random"},
                                 {"seed", 3}, {"res", 128}};
  auto job = net_job_from_recipe(recipe);
  job.options.threads = static_cast<int>(state.range(0));
  const auto& net = dynamic_cast<const Mlp&>(*job.model);
  std::int64_t steps = 0;
  for (auto _ : state) {
    const auto band = job.render_rows(56, 72, job.options);
    steps += std::accumulate(band.steps.begin(), band.steps.end(), std::int64_t{0});
  }
  state.counters["network_steps_per_s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
  state.counters["useful_flops_per_s"] =
      benchmark::Counter(static_cast<double>(steps) * net.gradient_flops(), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(FmaPeak)->Unit(benchmark::kMillisecond);
BENCHMARK(GradientSliceShape)->Unit(benchmark::kMicrosecond);
BENCHMARK(GradientScanShape)->Unit(benchmark::kMillisecond);
BENCHMARK(SliceJobBand)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

BENCHMARK_MAIN();
