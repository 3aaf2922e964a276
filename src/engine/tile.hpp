#pragma once
// What an engine needs to render one tile (a contiguous range of pixel indices) of a basin map.
#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "engine/decider.hpp"
#include "gdchaos/core/attractors.hpp"
#include "gdchaos/engine/field_set.hpp"
#include "gdchaos/sample/initial_points.hpp"
#include "gdchaos/model/model.hpp"
#include "gdchaos/model/optimizer.hpp"
#include "gdchaos/engine/render.hpp"

namespace gdchaos::detail {

using PixelProblem = std::function<Problem(std::int64_t pixel)>;

/// A pixel's own step sizes on a network hyperparameter plane: η_k for each layer k, and β.
struct StepSizes {
  std::vector<double> layer_eta;
  double momentum = 0;
};
using PixelSteps = std::function<StepSizes(std::int64_t pixel)>;

struct TileContext {
  const Model& model;
  Optimizer optimizer;
  /// The factorization problem (its η and β those of `optimizer`) for the fast paths; null for
  /// other families (engine_choice.hpp never sends those to a fast path).
  const Problem* factorization;
  const InitialPoints& points;
  const RenderOptions& options;
  Decider decider;
  /// Outcomes of starting point k are recorded at map index k + output_offset (hyperparameter
  /// planes run one problem per pixel, each from the same single starting point).
  std::int64_t output_offset = 0;
  /// Hyperparameter planes on the fast paths: pixel k's own problem (the shape of `factorization`,
  /// with its own η, λ, y or β), each lane running its own; null when the tile shares one problem.
  const PixelProblem* pixel_problem = nullptr;
  /// When set, converged pixels' limits are collected here instead of being matched in the tile's
  /// table as lanes finish; the caller matches them in pixel order (hyper.cpp), so that each
  /// attractor's recorded point is that of its first pixel, whatever order the lanes decide in.
  std::vector<std::pair<std::int64_t, std::vector<double>>>* deferred_limits = nullptr;
  /// Network hyperparameter planes: pixel k's step sizes (null: the optimizer's η on every layer).
  const PixelSteps* pixel_steps = nullptr;

  const Problem& problem() const { return *factorization; }
};

/// Records a pixel's outcome into the map. For converged pixels, `limit` is θ* (used for the
/// attractor id, in the tile's own table, and for the coord field) and `values` holds the first
/// fields of the map's field set: loss, norm2, sharpness, then the model's own (field_set.hpp).
void record_outcome(const TileContext& ctx, BasinMap& map, AttractorTable& table, std::int64_t pixel, Status status,
                    std::int32_t steps, std::span<const double> limit = {}, std::span<const double> values = {});

/// Renders the pixel range [begin, end) into `map`, attractor ids local to `table`.
using TileRenderer = std::function<void(std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table)>;
/// Allocates the map with `fields`, runs the tiles over the thread pool (dynamic queue), then
/// gives attractor ids in canonical order and counts the statuses.
/// The tile size of an engine other than the network engine (whose tiles follow the thread count).
std::int64_t fixed_tile_pixels(Engine engine);
BasinMap render_tiles(std::int64_t width, std::int64_t height, std::int64_t tile, const char* engine,
                      const FieldSet& fields, const RenderOptions& options, const TileRenderer& run_tile);

void run_exact_tile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table);
void run_dense_tile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table);
void run_network_tile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table);
/// Pixels per tile of the network engine: small enough that a short scan still spreads over the
/// threads, a whole number of 16-lane blocks.
std::int64_t network_tile_size(std::int64_t pixels, int threads);
void run_generic_tile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table);

}  // namespace gdchaos::detail
