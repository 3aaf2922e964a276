#pragma once
// Step-size scans: what GD does as η varies, from one initialization or over a region of a plane.
// The scanned step sizes are the centres η_k = lo + (k + ½)(hi − lo)/count.
#include <optional>
#include <utility>
#include <vector>

#include "gdchaos/recipe/recipe.hpp"

namespace gdchaos {

struct PointScan {
  std::vector<double> etas;
  BasinMap runs;  ///< one pixel per η (width = count, height = 1)
  /// Theorem 1's η*(θ₀) when it applies (λ = 0, m = n = 1, no momentum).
  std::optional<double> eta_star;
  /// The scan's convergence edge: (last η that converged, the next η, where GD diverged or was
  /// still undecided, e.g. cycling above 1/|y|).
  std::optional<std::pair<double, double>> edge;
};

/// GD from θ₀ at each η (the other hyperparameters from `base`).
PointScan scan_point(const Problem& base, const std::vector<double>& theta0, double lo, double hi, int count,
                     const RenderOptions& options);

struct RegionScan {
  std::vector<double> etas;
  std::vector<double> converged, diverged, undecided;  ///< fractions of the region's pixels
  std::vector<double> mean_steps;
  /// For λ = 0, m = n = 1: the fraction inside Theorem 1's D′_η (empty otherwise, or where η|y| ≥ 1).
  std::vector<std::optional<double>> predicted;
};

/// Renders the job's region at each η.
RegionScan scan_region(const BasinJob& job, double lo, double hi, int count);
/// The same at the given step sizes (any subset of a scan's: each η is rendered on its own).
RegionScan scan_region_at(const BasinJob& job, const std::vector<double>& etas);
/// The scanned step sizes η_k = lo + (k + ½)(hi − lo)/count; throws InputError on a bad range.
std::vector<double> scan_centres(double lo, double hi, int count);

}  // namespace gdchaos
