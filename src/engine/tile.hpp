#pragma once
// What an engine needs to render one tile (a contiguous range of pixel indices) of a basin map.
#include <cstdint>
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
};

/// Records a pixel's outcome into the map. For converged pixels, `limit` is θ* (used for the
/// attractor id, in the tile's own table, and for the coord array).
void record_outcome(const TileContext& ctx, BasinMap& map, AttractorTable& table, std::int64_t pixel, Status status,
                    std::int32_t steps, std::span<const double> limit, double loss, double norm2, double imbalance,
                    double sharpness);

void run_exact_tile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table);
void run_dense_tile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table);

}  // namespace gdchaos::detail
