// What the caller controls: the thread count every parallel loop uses, and a stop token that
// cancels a computation with `Cancelled`.
#include "gdchaos/core/control.hpp"

#include <stop_token>

#include <omp.h>

#include <gtest/gtest.h>

#include "gdchaos/core/error.hpp"
#include "render_helpers.hpp"

using namespace gdchaos;

namespace {

Problem fig1_problem() {
  Problem p;
  p.Y = {1.0}, p.eta = 0.99;
  return p;
}

TEST(RenderControl, ThreadsAreTheCallersOrAllTheHardwareOffers) {
  EXPECT_EQ(worker_threads(3), 3);
  EXPECT_EQ(worker_threads(1), 1);
  EXPECT_EQ(worker_threads(0), omp_get_max_threads());
  EXPECT_GE(worker_threads(0), 1);
}

TEST(RenderControl, ThrowIfCancelledThrowsOnlyOnceAStopIsRequested) {
  EXPECT_NO_THROW(throw_if_cancelled(std::stop_token{}));  // a token with no stop state never stops
  std::stop_source source;
  EXPECT_NO_THROW(throw_if_cancelled(source.get_token()));
  source.request_stop();
  EXPECT_THROW(throw_if_cancelled(source.get_token()), Cancelled);
}

// Front ends tell an interruption from bad input by the type: Cancelled is no InputError.
TEST(RenderControl, CancelledIsAnInterruptionNotAnInputError) {
  try {
    throw Cancelled();
  } catch (const InputError&) {
    FAIL() << "Cancelled must not be caught as an InputError";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "cancelled");
  }
}

// Control passed in: a render stops at the next tile once its stop token is triggered.
TEST(RenderControl, AStopRequestCancelsTheRenderBetweenTiles) {
  const Problem p = fig1_problem();
  RenderOptions opt;
  opt.threads = 1;
  std::stop_source source;
  opt.stop = source.get_token();
  std::int64_t seen = 0;
  opt.progress = [&](std::int64_t done, std::int64_t) {
    seen = done;
    if (done >= 3 * 4096) source.request_stop();  // after the third tile of the exact engine
  };
  EXPECT_THROW(render(p, coords_plane(2), Grid{{-2, 2, -2, 2}, 256, 256}, opt), Cancelled);
  EXPECT_EQ(seen, 3 * 4096) << "no tile may start after the stop";
  // Without a stop the same render completes.
  opt.stop = {};
  opt.progress = {};
  EXPECT_EQ(render(p, coords_plane(2), Grid{{-2, 2, -2, 2}, 64, 64}, opt).pixels(), 64 * 64);
}

// A stop requested before the call: no tile runs at all, on every engine and thread count.
TEST(RenderControl, AStopRequestedBeforehandRunsNoTile) {
  for (const Engine engine : {Engine::exact, Engine::dense, Engine::generic})
    for (const int threads : {1, 2}) {
      RenderOptions opt;
      opt.engine = engine;
      opt.threads = threads;
      std::stop_source source;
      source.request_stop();
      opt.stop = source.get_token();
      int calls = 0;
      opt.progress = [&](std::int64_t, std::int64_t) { ++calls; };
      EXPECT_THROW(render(fig1_problem(), coords_plane(2), Grid{{-2, 2, -2, 2}, 32, 32}, opt), Cancelled)
          << engine_name(engine);
      EXPECT_EQ(calls, 0) << engine_name(engine) << " threads " << threads;
    }
}

// worker_threads reads 0 as "all"; a negative request is no request at all and is refused.
TEST(RenderControl, ANegativeOrHugeThreadCountIsRefused) {
  for (const int threads : {-1, 1025}) {
    RenderOptions opt;
    opt.threads = threads;
    EXPECT_THROW(render(fig1_problem(), coords_plane(2), Grid{{-2, 2, -2, 2}, 4, 4}, opt), InputError) << threads;
  }
}

}  // namespace
