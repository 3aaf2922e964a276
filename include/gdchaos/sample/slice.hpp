#pragma once
// 2-D slices of parameter space: pixel (i, j) is θ = base + α_j·dir1 + β_i·dir2 with pixel centres
//   α_j = a0 + (j + ½)(a1 − a0)/W,   β_i = b0 + (i + ½)(b1 − b0)/H.
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace gdchaos {

struct Plane {
  std::string kind = "coords";  ///< coords | random | file (where it came from, for meta.json)
  std::vector<double> base, dir1, dir2;

  int dim() const { return static_cast<int>(base.size()); }
  /// θ = base + α·dir1 + β·dir2.
  void point(double alpha, double beta, std::span<double> theta) const {
    for (std::size_t k = 0; k < base.size(); ++k) theta[k] = base[k] + alpha * dir1[k] + beta * dir2[k];
  }
  nlohmann::json to_json() const;
};

/// The (u, v) plane of a problem whose U, V hold 2 numbers in all: base 0, dir1 = e_u, dir2 = e_v.
Plane coords_plane(int dim);
/// A random orthonormal pair (Gram–Schmidt on Gaussian vectors) through `base`, or through a random
/// base point with N(0, 1/dim) entries when none is given. Reproducible from the seed on any
/// platform: uses mt19937_64 and its own Box–Muller transform.
Plane random_plane(int dim, std::uint64_t seed, std::optional<std::vector<double>> base = {});
/// {"base": […], "dir1": […], "dir2": […]}; throws InputError when malformed or of another dim.
Plane plane_from_json(const nlohmann::json& j, int dim);

struct Window {
  double a0 = -4, a1 = 4, b0 = -4, b1 = 4;
};

/// Pixel centres along one axis of n pixels over [lo, hi]: ½(lo + hi) + (j + ½ − ½n)·h, computed
/// from the midpoint so that an interval symmetric about 0 gives centres that are exact
/// negatives. The product is rounded before the sum, in every translation unit alike (an explicit
/// fma: left to the compiler, contraction differed between inlined copies by an ulp).
struct GridAxis {
  double sum, h, half;
  GridAxis(double lo, double hi, std::int64_t n)
      : sum(lo + hi), h((hi - lo) / static_cast<double>(n)), half(0.5 * static_cast<double>(n)) {}
  double centre(std::int64_t j) const { return std::fma(0.5, sum, (static_cast<double>(j) + 0.5 - half) * h); }
  /// The edge between pixels k − 1 and k (k = 0 … n), computed the same way.
  double edge(std::int64_t k) const { return std::fma(0.5, sum, (static_cast<double>(k) - half) * h); }
};

struct Grid {
  Window window;
  std::int64_t width = 512;   ///< W, columns ↔ α
  std::int64_t height = 512;  ///< H, rows ↔ β

  std::int64_t pixels() const { return width * height; }
  /// Pixel centres, computed from the window's midpoint so that a window symmetric about 0 gives
  /// centres that are exact negatives of each other (the symmetries of the basin stay exact).
  double alpha(std::int64_t j) const { return GridAxis(window.a0, window.a1, width).centre(j); }
  double beta(std::int64_t i) const { return GridAxis(window.b0, window.b1, height).centre(i); }
  nlohmann::json to_json() const;
};

}  // namespace gdchaos
