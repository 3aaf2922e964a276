#include "gdchaos/engine/render.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <stdexcept>

#include "engine/tile.hpp"
#include "gdchaos/core/control.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/model/factorization.hpp"
#include "gdchaos/model/mlp.hpp"

namespace gdchaos {

const char* engine_name(Engine e) {
  switch (e) {
    case Engine::exact: return "exact";
    case Engine::dense: return "dense";
    case Engine::generic: return "generic";
    case Engine::network: return "network";
    default: return "auto";
  }
}

Engine resolve_engine(const Model& model, Engine requested) {
  const auto* f = dynamic_cast<const Factorization*>(&model);
  switch (requested) {
    case Engine::exact:
      if (!f || !f->problem().scalar_target()) {
        if (f) throw InputError("the exact engine needs m = n = 1 (a scalar target)");
        throw InputError("the exact engine runs the factorization family only, not " + model.family() +
                         " (use the generic engine)");
      }
      return Engine::exact;
    case Engine::dense:
      if (!f)
        throw InputError("the dense engine runs the factorization family only, not " + model.family() +
                         " (use the generic engine)");
      return Engine::dense;
    case Engine::network:
      if (!dynamic_cast<const Mlp*>(&model))
        throw InputError("the network engine runs the mlp family only, not " + model.family());
      return Engine::network;
    case Engine::generic: return Engine::generic;
    default:
      if (dynamic_cast<const Mlp*>(&model)) return Engine::network;
      return !f ? Engine::generic : f->problem().scalar_target() ? Engine::exact : Engine::dense;
  }
}

bool BasinMap::has(std::string_view name) const {
  return std::any_of(fields.begin(), fields.end(), [&](const FloatField& f) { return f.name == name; });
}

PixelArray<float>& BasinMap::field(std::string_view name) {
  for (auto& f : fields)
    if (f.name == name) return f.values;
  throw std::out_of_range("the basin map has no field '" + std::string(name) + "'");
}

const PixelArray<float>& BasinMap::field(std::string_view name) const {
  return const_cast<BasinMap&>(*this).field(name);
}

std::int64_t basin_map_bytes(std::int64_t pixels, const FieldSet& fields) {
  // status 1 + steps 4 + attractor 2 + 4 per float field
  return pixels * (1 + 4 + 2 + 4 * static_cast<std::int64_t>(fields.size()));
}

std::int64_t basin_map_bytes(std::int64_t pixels, bool with_coord) {
  return basin_map_bytes(pixels, basin_fields(Factorization(Problem{}), with_coord));
}

namespace detail {

void record_outcome(const TileContext& ctx, BasinMap& map, AttractorTable& table, std::int64_t pixel, Status status,
                    std::int32_t steps, std::span<const double> limit, std::span<const double> values) {
  constexpr float nan = std::numeric_limits<float>::quiet_NaN();
  pixel += ctx.output_offset;
  map.status[pixel] = static_cast<std::uint8_t>(status);
  map.steps[pixel] = steps;
  if (!is_converged(status)) {
    // Engines that record final values (the network engine, after its last step) pass them for
    // undecided pixels too; a diverged pixel never has any.
    const std::size_t given = status == Status::diverged ? 0 : values.size();
    for (std::size_t k = 0; k < map.fields.size(); ++k) map.fields[k].values[pixel] = k < given ? static_cast<float>(values[k]) : nan;
    map.attractor[pixel] = -1;
    return;
  }
  // The fields the engine computed, in the field set's order; the last one may be coord.
  const std::size_t computed = values.size();
  for (std::size_t k = 0; k < computed; ++k) map.fields[k].values[pixel] = static_cast<float>(values[k]);
  if (map.fields.size() > computed) map.fields[computed].values[pixel] = static_cast<float>(limit[ctx.options.coord]);
  if (ctx.deferred_limits) {
    ctx.deferred_limits->emplace_back(pixel, std::vector<double>(limit.begin(), limit.end()));
    map.attractor[pixel] = -1;
    return;
  }
  map.attractor[pixel] = static_cast<std::int16_t>(table.find_or_add(limit));
}

}  // namespace detail

namespace {

void validate(const Grid& grid) {
  const auto& w = grid.window;
  for (double x : {w.a0, w.a1, w.b0, w.b1, w.a1 - w.a0, w.b1 - w.b0})
    if (!std::isfinite(x)) throw InputError("window bounds and sizes must be finite numbers");
  if (!(w.a1 > w.a0) || !(w.b1 > w.b0)) throw InputError("window must have a0 < a1 and b0 < b1");
}

void validate(const Model& model, const Optimizer& optimizer, const InitialPoints& points, const RenderOptions& options) {
  if (const auto* f = dynamic_cast<const Factorization*>(&model))
    with_optimizer(f->problem(), optimizer).validate();  // one message order for the whole problem
  else
    model.validate(), optimizer.validate();
  if (points.dim() != model.dim())
    throw InputError("the starting points have " + std::to_string(points.dim()) + " coordinates but the problem has " +
                     std::to_string(model.dim()) + " parameters");
  if (points.width() < 1 || points.height() < 1) throw InputError("resolution must be at least 1×1");
  if (points.width() > (1 << 20) && points.height() > 1) throw InputError("resolution is limited to 1048576 per side");
  if (points.height() > (1 << 20)) throw InputError("resolution is limited to 1048576 per side");
  if (options.threads < 0 || options.threads > 1024) throw InputError("`threads` must be in [0, 1024]");
  resolve_engine(model, options.engine);
  if (options.coord < -1 || options.coord >= model.dim())
    throw InputError("`coord` must be an index in [0, " + std::to_string(model.dim()) + ")");
  const auto& dec = options.decision;
  if (dec.max_iter < 1) throw InputError("`max_iter` must be at least 1");
  if (dec.check_every < 1) throw InputError("`check_every` must be at least 1");
  if (!(dec.tol > 0) || !std::isfinite(dec.tol)) throw InputError("`tol` must be a finite number > 0");
  if (!(dec.escape > 0) || !std::isfinite(dec.escape)) throw InputError("`escape` must be a finite number > 0");
}

}  // namespace

BasinMap render(const Problem& problem, const Plane& plane, const Grid& grid, const RenderOptions& options) {
  validate(grid);
  if (static_cast<int>(plane.dir1.size()) != plane.dim() || static_cast<int>(plane.dir2.size()) != plane.dim())
    throw InputError("the plane's base, dir1 and dir2 must have the same length");
  return render(problem, SlicePoints(plane, grid), options);
}

BasinMap render(const Problem& problem, const InitialPoints& points, const RenderOptions& options) {
  return render(Factorization(problem), optimizer_of(problem), points, options);
}

BasinMap render(const Model& model, const Optimizer& optimizer, const InitialPoints& points,
                const RenderOptions& options) {
  validate(model, optimizer, points, options);
  const Engine engine = resolve_engine(model, options.engine);
  const auto* f = dynamic_cast<const Factorization*>(&model);
  const Problem fast = f ? with_optimizer(f->problem(), optimizer) : Problem{};
  const auto min_loss = model.global_min_loss();
  const detail::TileContext ctx{model,  optimizer, f ? &fast : nullptr, points, options,
                                {options.decision, min_loss.value_or(0.0), min_loss.has_value()}};
  auto run_tile = [&](std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table) {
    switch (engine) {
      case Engine::exact: return detail::run_exact_tile(ctx, begin, end, map, table);
      case Engine::dense: return detail::run_dense_tile(ctx, begin, end, map, table);
      case Engine::network: return detail::run_network_tile(ctx, begin, end, map, table);
      default: return detail::run_generic_tile(ctx, begin, end, map, table);
    }
  };
  const std::int64_t pixels = points.width() * points.height();
  const std::int64_t tile = engine == Engine::network ? detail::network_tile_size(pixels, options.threads)
                                                      : detail::fixed_tile_pixels(engine);
  return detail::render_tiles(points.width(), points.height(), tile,
                              engine_name(engine), basin_fields(model, options.coord >= 0), options, run_tile);
}

std::int64_t band_row_quantum(const Model& model, const RenderOptions& options, std::int64_t width) {
  const Engine engine = resolve_engine(model, options.engine);
  // A network's pixels do not share state (tile sizes there only balance the threads).
  if (engine == Engine::network || width <= 0) return 1;
  return std::max<std::int64_t>(1, detail::fixed_tile_pixels(engine) / width);
}

namespace detail {

std::int64_t fixed_tile_pixels(Engine engine) { return engine == Engine::exact ? 4096 : 512; }

BasinMap render_tiles(std::int64_t width, std::int64_t height, std::int64_t tile, const char* engine,
                      const FieldSet& fields, const RenderOptions& options, const TileRenderer& run_tile) {
  const auto started = std::chrono::steady_clock::now();
  BasinMap map;
  map.width = width;
  map.height = height;
  map.engine = engine;
  const std::int64_t n = width * height;
  map.status.resize(n);
  map.steps.resize(n);
  map.attractor.resize(n);
  for (const auto& f : fields) {
    map.fields.push_back({f.name, {}});
    map.fields.back().values.resize(n);
  }

  // Tiles are whole rows (pieces of a row where a row is longer than a tile): a band of rows that
  // starts at a multiple of the tile's rows is then cut into the same tiles as the whole map, and
  // what an engine carries from pixel to pixel inside a tile (the exact engine's certificate
  // schedule) gives every pixel the same result in any band (band_row_quantum).
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
  if (width >= tile) {
    for (std::int64_t r = 0; r < height; ++r)
      for (std::int64_t j = 0; j < width; j += tile) ranges.emplace_back(r * width + j, r * width + std::min(width, j + tile));
  } else {
    const std::int64_t rows = tile / width;
    for (std::int64_t r = 0; r < height; r += rows) ranges.emplace_back(r * width, std::min(height, r + rows) * width);
  }
  const auto tiles = static_cast<std::int64_t>(ranges.size());
  std::vector<AttractorTable> tables(tiles);
  std::mutex progress_mutex;
  std::int64_t done = 0;
  const int threads = static_cast<int>(std::min<std::int64_t>(tiles, worker_threads(options.threads)));

#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::int64_t t = 0; t < tiles; ++t) {
    if (options.stop.stop_requested()) continue;  // an OpenMP loop cannot be left early
    const auto [begin, end] = ranges[t];
    run_tile(begin, end, map, tables[t]);
    if (options.progress) {
      std::lock_guard lock(progress_mutex);
      done += end - begin;
      options.progress(done, n);
    }
  }

  throw_if_cancelled(options.stop);

  // Tile-local attractor ids → one table in canonical order, independent of thread timing.
  AttractorTable global;
  std::vector<std::vector<int>> tile_maps(tiles);
  for (std::int64_t t = 0; t < tiles; ++t) tile_maps[t] = global.merge(tables[t]);
  const auto canonical = global.overflowed() ? std::vector<int>{} : global.canonical_order();
  for (std::int64_t t = 0; t < tiles; ++t) {
    const auto [begin, end] = ranges[t];
    auto& to_global = tile_maps[t];
    if (!global.overflowed())
      for (auto& g : to_global) g = g < 0 ? -1 : canonical[g];
    relabel_attractors(std::span(map.attractor).subspan(begin, end - begin), to_global, global.overflowed());
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
