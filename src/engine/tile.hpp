#pragma once
// What an engine needs to render one tile (a contiguous range of pixel indices) of a basin map.
#include <cstdint>
#include <functional>
#include <span>

#include "engine/decider.hpp"
#include "gdchaos/attractors.hpp"
#include "gdchaos/initial_points.hpp"
#include "gdchaos/render.hpp"

namespace gdchaos::detail {

struct TileContext {
  const Problem& problem;
  const InitialPoints& points;
  const RenderOptions& options;
  Decider decider;
  /// Outcomes of starting point k are recorded at map index k + output_offset (hyperparameter
  /// planes run one problem per pixel, each from the same single starting point).
  std::int64_t output_offset = 0;
};

/// Records a pixel's outcome into the map. For converged pixels, `limit` is θ* (used for the
/// attractor id, in the tile's own table, and for the coord array).
void record_outcome(const TileContext& ctx, BasinMap& map, AttractorTable& table, std::int64_t pixel, Status status,
                    std::int32_t steps, std::span<const double> limit, double loss, double norm2, double imbalance,
                    double sharpness);

/// Renders the pixel range [begin, end) into `map`, attractor ids local to `table`.
using TileRenderer = std::function<void(std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table)>;
/// Allocates the map, runs the tiles over the thread pool (dynamic queue), then gives attractor
/// ids in canonical order and counts the statuses.
BasinMap render_tiles(std::int64_t width, std::int64_t height, std::int64_t tile, const char* engine,
                      const RenderOptions& options, const TileRenderer& run_tile);

void run_exact_tile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table);
void run_dense_tile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table);

}  // namespace gdchaos::detail
