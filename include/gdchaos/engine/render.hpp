#pragma once
// Rendering a basin map: every pixel of a slice is an initialization; GD runs from each and the
// outcome is recorded in per-pixel arrays (the output contract of `gdchaos basin`).
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <string>
#include <stop_token>
#include <string_view>
#include <vector>

#include "gdchaos/engine/decision.hpp"
#include "gdchaos/engine/field_set.hpp"
#include "gdchaos/sample/initial_points.hpp"
#include "gdchaos/model/model.hpp"
#include "gdchaos/model/optimizer.hpp"
#include "gdchaos/model/problem.hpp"
#include "gdchaos/sample/slice.hpp"
#include "gdchaos/core/status.hpp"

namespace gdchaos {

/// Which engine runs the orbits. The exact and dense engines are fast paths of the factorization
/// family; the generic engine runs any Model through its interface (engine_choice.hpp).
enum class Engine {
  automatic,  ///< the fastest engine that supports the model: exact, then dense, then generic
  exact,      ///< factorization with m = n = 1: GD stays in span{u₀, v₀} (Proposition 3), O(1) per step
  dense,      ///< factorization, any m, n: full matrices, batched over pixels
  generic,    ///< any model: its batched gradient and Hessian, batched over pixels
  network,    ///< the mlp family: a fixed step budget, final values recorded, Lanczos sharpness
};

struct RenderOptions {
  Engine engine = Engine::automatic;
  DecisionOptions decision;
  int threads = 0;       ///< 0: all hardware threads
  int coord = -1;        ///< index K of θ* to record in `coord`, -1 for none
  /// The network engine's final loss, ‖θ‖² and sharpness (a Lanczos run each) of every run that
  /// did not diverge; analyses that need outcomes only (uncertainty's pairs) turn it off, and the
  /// fields are then NaN (unless the model knows its global minimum: classifying a limit needs them).
  bool final_values = true;
  /// Called now and then with (pixels done, pixels total), from one thread at a time.
  std::function<void(std::int64_t, std::int64_t)> progress;
  /// Checked before every tile (at most a few thousand pixels): once a stop is requested the
  /// render throws Cancelled (control.hpp) without starting another tile.
  std::stop_token stop;
};

/// Leaves new elements default-initialised (uninitialised for numbers): a map's arrays are filled
/// by the render tiles, in parallel, so a serial zero-fill first would only cost time.
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <class U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
/// A per-pixel array of a basin map.
template <class T>
using PixelArray = std::vector<T, DefaultInitAllocator<T>>;

/// One per-pixel float array of a basin map, named as in the field set (its file is NAME.npy).
struct FloatField {
  std::string name;
  PixelArray<float> values;
};

/// Row i ↔ β_i, column j ↔ α_j; index i·W + j. Float arrays are NaN where the pixel did not converge.
struct BasinMap {
  std::int64_t width = 0, height = 0;
  PixelArray<std::uint8_t> status;
  PixelArray<std::int32_t> steps;
  PixelArray<std::int16_t> attractor;
  /// The float fields, in the order of the render's field set (field_set.hpp).
  std::vector<FloatField> fields;
  /// The distinct limit points behind attractor ids (empty when the limits form a continuum).
  std::vector<std::vector<double>> attractors;
  /// True when the limits were too many to name (a continuum): every id is −1.
  bool attractors_overflowed = false;
  std::array<std::int64_t, kStatusCount> counts{};
  std::string engine;  ///< "exact" or "dense": which engine ran
  double wall_seconds = 0;

  std::int64_t pixels() const { return width * height; }
  bool has(std::string_view field) const;
  /// The float field named `field`; throws std::out_of_range when the map has none of that name.
  PixelArray<float>& field(std::string_view field);
  const PixelArray<float>& field(std::string_view field) const;
  Status at(std::int64_t i, std::int64_t j) const { return static_cast<Status>(status[i * width + j]); }
};

/// Bytes of the per-pixel arrays of a render held in memory. render() allocates them without
/// asking: the caller decides what it can afford (a CLI checks against this machine's memory, a
/// server or an MPI rank has limits of its own); `gdchaos basin` streams bands to disk instead.
std::int64_t basin_map_bytes(std::int64_t pixels, const FieldSet& fields);
/// The same for the factorization family's field set.
std::int64_t basin_map_bytes(std::int64_t pixels, bool with_coord);

/// Renders the basin map of any model under an optimizer over a set of starting points (a slice,
/// the quotient plane, a list); throws InputError when they do not fit together.
BasinMap render(const Model& model, const Optimizer& optimizer, const InitialPoints& points, const RenderOptions& options);
/// The factorization family: `problem` holds the loss and the optimizer (η, β).
BasinMap render(const Problem& problem, const Plane& plane, const Grid& grid, const RenderOptions& options);
BasinMap render(const Problem& problem, const InitialPoints& points, const RenderOptions& options);

/// Rows such that bands of rows starting at multiples of it render exactly as the whole map does,
/// on a map `width` pixels wide: the engine that runs `model` carries state from pixel to pixel
/// inside a tile of rows (the exact engine's certificate schedule), so a band must not cut one.
std::int64_t band_row_quantum(const Model& model, const RenderOptions& options, std::int64_t width);

const char* engine_name(Engine e);
/// The engine that runs `model`: the requested one when it supports the model, the fastest that
/// does for Engine::automatic. The exact engine supports the factorization family with m = n = 1,
/// the dense engine the factorization family, the generic engine every model. Throws InputError
/// for a fast path asked to run a model it does not support.
Engine resolve_engine(const Model& model, Engine requested);

}  // namespace gdchaos
