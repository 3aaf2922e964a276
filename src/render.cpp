#include "gdchaos/render.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>

#include <omp.h>

#include "engine/tile.hpp"
#include "gdchaos/error.hpp"

namespace gdchaos {

const char* engine_name(Engine e) {
  switch (e) {
    case Engine::exact: return "exact";
    case Engine::dense: return "dense";
    default: return "auto";
  }
}

std::int64_t basin_map_bytes(std::int64_t pixels, bool with_coord) {
  // status 1 + steps 4 + loss, norm2, imbalance, sharpness 4·4 + attractor 2 (+ coord 4)
  return pixels * (1 + 4 + 16 + 2 + (with_coord ? 4 : 0));
}

namespace detail {

void record_outcome(const TileContext& ctx, BasinMap& map, AttractorTable& table, std::int64_t pixel, Status status,
                    std::int32_t steps, std::span<const double> limit, double loss, double norm2, double imbalance,
                    double sharpness) {
  constexpr float nan = std::numeric_limits<float>::quiet_NaN();
  pixel += ctx.output_offset;
  map.status[pixel] = static_cast<std::uint8_t>(status);
  map.steps[pixel] = steps;
  if (!is_converged(status)) {
    map.loss[pixel] = map.norm2[pixel] = map.imbalance[pixel] = map.sharpness[pixel] = nan;
    map.attractor[pixel] = -1;
    if (!map.coord.empty()) map.coord[pixel] = nan;
    return;
  }
  map.loss[pixel] = static_cast<float>(loss);
  map.norm2[pixel] = static_cast<float>(norm2);
  map.imbalance[pixel] = static_cast<float>(imbalance);
  map.sharpness[pixel] = static_cast<float>(sharpness);
  map.attractor[pixel] = static_cast<std::int16_t>(table.find_or_add(limit));
  if (!map.coord.empty()) map.coord[pixel] = static_cast<float>(limit[ctx.options.coord]);
}

}  // namespace detail

namespace {

void validate(const Grid& grid) {
  const auto& w = grid.window;
  for (double x : {w.a0, w.a1, w.b0, w.b1, w.a1 - w.a0, w.b1 - w.b0})
    if (!std::isfinite(x)) throw InputError("window bounds and sizes must be finite numbers");
  if (!(w.a1 > w.a0) || !(w.b1 > w.b0)) throw InputError("window must have a0 < a1 and b0 < b1");
}

void validate(const Problem& problem, const InitialPoints& points, const RenderOptions& options) {
  problem.validate();
  if (points.dim() != problem.dim())
    throw InputError("the starting points have " + std::to_string(points.dim()) + " coordinates but the problem has " +
                     std::to_string(problem.dim()) + " parameters");
  if (points.width() < 1 || points.height() < 1) throw InputError("resolution must be at least 1×1");
  if (points.width() > (1 << 20) && points.height() > 1) throw InputError("resolution is limited to 1048576 per side");
  if (points.height() > (1 << 20)) throw InputError("resolution is limited to 1048576 per side");
  if (options.threads < 0 || options.threads > 1024) throw InputError("threads must be in [0, 1024]");
  if (options.engine == Engine::exact && !problem.scalar_target())
    throw InputError("the exact engine needs m = n = 1 (a scalar target)");
  if (options.coord < -1 || options.coord >= problem.dim())
    throw InputError("--coord must be an index in [0, " + std::to_string(problem.dim()) + ")");
  const auto& dec = options.decision;
  if (dec.max_iter < 1) throw InputError("max-iter must be at least 1");
  if (dec.check_every < 1) throw InputError("check-every must be at least 1");
  if (!(dec.tol > 0) || !std::isfinite(dec.tol)) throw InputError("tol must be a finite number > 0");
  if (!(dec.escape > 0) || !std::isfinite(dec.escape)) throw InputError("escape must be a finite number > 0");
}

}  // namespace

BasinMap render(const Problem& problem, const Plane& plane, const Grid& grid, const RenderOptions& options) {
  validate(grid);
  if (static_cast<int>(plane.dir1.size()) != plane.dim() || static_cast<int>(plane.dir2.size()) != plane.dim())
    throw InputError("the plane's base, dir1 and dir2 must have the same length");
  return render(problem, SlicePoints(plane, grid), options);
}

BasinMap render(const Problem& problem, const InitialPoints& points, const RenderOptions& options) {
  validate(problem, points, options);
  const bool exact = options.engine == Engine::exact || (options.engine == Engine::automatic && problem.scalar_target());
  const detail::TileContext ctx{problem, points, options, {options.decision, global_min_loss(problem)}};
  auto run_tile = [&](std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table) {
    if (exact)
      detail::run_exact_tile(ctx, begin, end, map, table);
    else
      detail::run_dense_tile(ctx, begin, end, map, table);
  };
  return detail::render_tiles(points.width(), points.height(), exact ? 4096 : 512, exact ? "exact" : "dense", options,
                              run_tile);
}

namespace detail {

BasinMap render_tiles(std::int64_t width, std::int64_t height, std::int64_t tile, const char* engine,
                      const RenderOptions& options, const TileRenderer& run_tile) {
  const auto started = std::chrono::steady_clock::now();
  BasinMap map;
  map.width = width;
  map.height = height;
  map.engine = engine;
  const std::int64_t n = width * height;
  map.status.resize(n);
  map.steps.resize(n);
  map.loss.resize(n);
  map.norm2.resize(n);
  map.imbalance.resize(n);
  map.sharpness.resize(n);
  map.attractor.resize(n);
  if (options.coord >= 0) map.coord.resize(n);

  const std::int64_t tiles = (n + tile - 1) / tile;
  std::vector<AttractorTable> tables(tiles);
  std::mutex progress_mutex;
  std::int64_t done = 0;
  const int threads = static_cast<int>(std::min<std::int64_t>(
      tiles, options.threads > 0 ? options.threads : omp_get_max_threads()));

#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::int64_t t = 0; t < tiles; ++t) {
    const std::int64_t begin = t * tile, end = std::min(n, begin + tile);
    run_tile(begin, end, map, tables[t]);
    if (options.progress) {
      std::lock_guard lock(progress_mutex);
      done += end - begin;
      options.progress(done, n);
    }
  }

  // Tile-local attractor ids → one table in canonical order, independent of thread timing.
  AttractorTable global;
  std::vector<std::vector<int>> tile_maps(tiles);
  for (std::int64_t t = 0; t < tiles; ++t) tile_maps[t] = global.merge(tables[t]);
  const auto canonical = global.overflowed() ? std::vector<int>{} : global.canonical_order();
  for (std::int64_t t = 0; t < tiles; ++t) {
    const std::int64_t begin = t * tile, end = std::min(n, begin + tile);
    for (std::int64_t px = begin; px < end; ++px) {
      auto& id = map.attractor[px];
      if (id < 0) continue;
      if (global.overflowed()) {
        id = -1;
        continue;
      }
      const int g = tile_maps[t][id];
      id = static_cast<std::int16_t>(g < 0 ? -1 : canonical[g]);
    }
  }
  for (int id = 0; id < global.size(); ++id) {
    const auto pt = global.point(id);
    map.attractors.emplace_back(pt.begin(), pt.end());
  }
  map.attractors_overflowed = global.overflowed();
  for (auto s : map.status) ++map.counts[s];
  map.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return map;
}

}  // namespace detail

}  // namespace gdchaos
