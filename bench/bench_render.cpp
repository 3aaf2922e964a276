// Throughput of the engines in point-iterations per second (the sum of steps.npy over the map,
// divided by wall time). Run: build/release/bench/gdchaos_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <numeric>
#include <thread>
#include <vector>

#include "gdchaos/engine/render.hpp"
#include "gdchaos/engine/simd_target.hpp"
#include "machine_limits.hpp"
#include "gdchaos/sample/hyper.hpp"

namespace {

using namespace gdchaos;

void run(benchmark::State& state, const Problem& p, const Plane& plane, double half, int res, Engine engine,
         std::int32_t max_iter) {
  RenderOptions opt;
  opt.engine = engine;
  opt.decision.max_iter = max_iter;
  opt.threads = static_cast<int>(state.range(0));
  const Grid grid{{-half, half, -half, half}, res, res};
  std::int64_t iterations = 0;
  for (auto _ : state) {
    const auto map = render(p, plane, grid, opt);
    iterations += std::accumulate(map.steps.begin(), map.steps.end(), std::int64_t{0});
    benchmark::DoNotOptimize(map.status.data());
  }
  state.counters["point_iters_per_s"] = benchmark::Counter(static_cast<double>(iterations), benchmark::Counter::kIsRate);
  state.counters["pixels"] = static_cast<double>(res) * res;
}

Problem scalar(double y, double eta, double lambda, int d) {
  Problem p;
  p.d = d, p.Y = {y}, p.eta = eta, p.reg_coef = lambda / 2;
  return p;
}

// The limit of the exact engine: its bare step on every thread, orbit-steps per second (the
// engines' point_iters_per_s count the same unit).
void BareExactStep(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  double steps = 0;
  for (auto _ : state) {
    std::vector<double> done(threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back([&done, t] { done[t] = bench::bare_exact_steps(1 << 22); });
    for (auto& th : pool) th.join();
    for (const double x : done) steps += x;
  }
  state.counters["point_iters_per_s"] = benchmark::Counter(steps, benchmark::Counter::kIsRate);
  state.SetLabel(simd_target());
}

// Long orbits near criticality: y = 1, η = 0.99, λ = 0 on [−2, 2]², max-iter 20000.
void ExactLongOrbits(benchmark::State& state) {
  run(state, scalar(1.0, 0.99, 0.0, 1), coords_plane(2), 2.0, 1024, Engine::exact, 20000);
}
// The same through the exact path in ℝ^{2·64}: the per-step cost does not depend on d.
void ExactLongOrbitsD64(benchmark::State& state) {
  run(state, scalar(1.0, 0.99, 0.0, 64), random_plane(128, 1), 2.0, 1024, Engine::exact, 20000);
}
// The paper's Fig. 3 map.
void ExactFig3(benchmark::State& state) {
  run(state, scalar(0.5, 1.0, 0.2, 1), coords_plane(2), 4.0, 2048, Engine::exact, 20000);
}
// Dense path on Fig. 5 shapes: U, V ∈ ℝ^{5×4}, Y diagonal.
void DenseFig5(benchmark::State& state) {
  Problem p;
  p.d = 5, p.m = 4, p.n = 4, p.eta = 0.3;
  p.Y.assign(16, 0.0);
  const double diag[] = {0.2, 0.5, 0.7, 0.9};
  for (int i = 0; i < 4; ++i) p.Y[i * 4 + i] = diag[i];
  run(state, p, random_plane(40, 7), 2.0, 256, Engine::dense, 5000);
}
// Dense path on the scalar problem (to compare with the exact path on the same job).
void DenseLongOrbits(benchmark::State& state) {
  run(state, scalar(1.0, 0.99, 0.0, 1), coords_plane(2), 2.0, 256, Engine::dense, 20000);
}

// A hyperparameter plane (η × λ from one start, y = 1): every lane its own problem.
void run_hyper(benchmark::State& state, const Problem& base, std::vector<double> init, HyperAxis a1, HyperAxis a2,
               int res, Engine engine) {
  RenderOptions opt;
  opt.engine = engine;
  opt.decision.max_iter = 20000;
  opt.threads = static_cast<int>(state.range(0));
  std::int64_t iterations = 0;
  for (auto _ : state) {
    const auto map = render_hyper(base, init, a1, a2, res, res, opt);
    iterations += std::accumulate(map.steps.begin(), map.steps.end(), std::int64_t{0});
    benchmark::DoNotOptimize(map.status.data());
  }
  state.counters["point_iters_per_s"] = benchmark::Counter(static_cast<double>(iterations), benchmark::Counter::kIsRate);
  state.counters["pixels"] = static_cast<double>(res) * res;
}
void ExactHyperEtaLambda(benchmark::State& state) {
  run_hyper(state, scalar(1.0, 1.0, 0.0, 1), {1.5, 0.3}, {Hyperparameter::eta, 0.5, 1.2},
            {Hyperparameter::lambda, 0, 0.5}, 512, Engine::exact);
}
void DenseHyperEtaLambda(benchmark::State& state) {
  run_hyper(state, scalar(1.0, 1.0, 0.0, 1), {1.5, 0.3}, {Hyperparameter::eta, 0.5, 1.2},
            {Hyperparameter::lambda, 0, 0.5}, 256, Engine::dense);
}

BENCHMARK(BareExactStep)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ExactLongOrbits)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ExactLongOrbitsD64)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ExactFig3)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(DenseLongOrbits)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(DenseFig5)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ExactHyperEtaLambda)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(DenseHyperEtaLambda)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
