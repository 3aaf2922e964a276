#pragma once
// Preimages of GD (d = 1, m = n = 1, plain GD) and the measure-zero basins they trace out.
//
// With S = (u + v)/2, T = (u − v)/2 one step is exactly
//   r = S² − T² − y,   S′ = (ρ − c r) S,   T′ = (ρ + c r) T,      ρ = 1 − 2η·reg_coef, c = 2η·data_coef,
// so a preimage of (S′, T′) is S = S′/(ρ − c r), T = T′/(ρ + c r) for a real root r of
//   (r + y)(ρ − c r)²(ρ + c r)² = S′²(ρ + c r)² − T′²(ρ − c r)²          (degree 5 in r),
// plus, where S′ = 0 (T′ = 0), the points with ρ − c r = 0 (ρ + c r = 0) and S (T) fixed by r.
// Every preimage returned has been checked to map back onto the point. The same quintic in
// p = S², q = T² gives the preimage branches of the planar map F of Proposition 3.
//
// The basin of the saddle (0, 0) and those of unstable minimizers are curves (measure zero): a
// grid never hits them. backward_curves() draws them as the preimage tree of a local stable set
// (a "seed" curve), to a given depth, as points spaced closely along each branch.
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gdchaos/model/problem.hpp"
#include "gdchaos/sample/slice.hpp"

namespace gdchaos {

/// One real preimage; r = uv − y at the preimage (the root of the quintic it came from).
struct Preimage {
  double u = 0, v = 0, r = 0;
};

/// All real preimages of (u, v) under one GD step, sorted by r (then by u). Throws InputError
/// unless d = m = n = 1 and momentum is 0.
std::vector<Preimage> gd_preimages(const Problem& problem, double u, double v);

/// One real preimage in the quotient plane; its index in the (r-sorted) list is the branch of F⁻¹.
struct QuotientPreimage {
  double z = 0, w = 0, r = 0;
};

/// All real preimages of (z, w) under F (Proposition 3) in the domain w ≥ 2|z|, sorted by r.
/// Empty for points outside the domain (F maps the domain into itself). Same requirements.
std::vector<QuotientPreimage> quotient_preimages(const Problem& problem, double z, double w);

/// A piece of a seed curve: t ↦ (u, v) for t in [t0, t1], exactly on the seed set for every t.
struct SeedCurve {
  std::function<std::array<double, 2>(double)> point;
  double t0 = 0, t1 = 1;
};

/// The local stable set the preimage tree grows from.
struct Seeds {
  std::string kind;  ///< "saddle" or "unstable-minimizers"
  std::vector<SeedCurve> curves;
  /// Preimages of seed points that lie on the seed set itself (it is forward invariant: the
  /// saddle's stable segment; the fixed points of the hyperbola) are not new and are dropped at
  /// depth 1. Empty: keep everything.
  std::function<bool(double u, double v)> contains;
  std::string note;  ///< why there are no curves, or what they are
};

/// The saddle (0, 0): when exactly one of its multipliers ρ ± c y has modulus < 1, the stable set
/// on that axis (S = 0, i.e. u = −v, or T = 0, i.e. u = v) is the open interval of the 1-D map
/// X ↦ (μ − c X²)X around 0 that converges to 0, |X| < √((μ + 1)/c) — the whole of the axis's
/// share of the basin. Otherwise no curves (the note says why).
Seeds saddle_seeds(const Problem& problem);

/// Unstable minimizers. λ = 0: the arcs of the hyperbola uv = y where the sharpness
/// 2a(u² + v²) exceeds 2/η (fixed points; their basin is every point landing exactly on them),
/// sampled where |S|, |T| stay within `extent`. λ > 0: the isolated minimizers ±(S*, S*) with
/// S*² = y − b/a when linearly unstable: a short piece of each one's stable manifold (found by
/// shooting, to rounding). Otherwise no curves (the note says why).
Seeds unstable_minimizer_seeds(const Problem& problem, double extent);

struct BackwardOptions {
  int depth = 6;              ///< preimage steps from the seeds
  Window window{-3, 3, -3, 3};  ///< (u, v) window of the returned points
  /// Where the tree is followed (points outside are not expanded further); default: the window
  /// grown threefold about its centre. Branches that leave it and come back are lost.
  Window region{0, 0, 0, 0};
  /// Largest gap between neighbouring points of one branch (refined down to it); 0: the window's
  /// larger side / 2048.
  double spacing = 0;
  int seeds = 256;            ///< initial samples per seed curve (refined to `spacing`)
  std::int64_t max_points = 2'000'000;  ///< cap on returned points (and 3× that on points held, ~120 B each)
};

/// The default region for a window: the window grown threefold about its centre.
Window default_region(const Window& window);

struct CurvePoint {
  double u = 0, v = 0;
  int depth = 0;   ///< GD^depth(u, v) lies on the seed set
  int branch = -1; ///< index (in r order) of the preimage taken at the last step; −1 at depth 0
};

struct BackwardCurves {
  std::vector<CurvePoint> points;        ///< inside the window, depth by depth
  std::vector<std::int64_t> per_depth;   ///< returned points at each depth 0..depth
  std::vector<std::int64_t> per_branch;  ///< returned points by last branch (depth ≥ 1)
  bool capped = false;                   ///< stopped at max_points: the last depth is incomplete
  int depth_completed = 0;               ///< depths finished before the cap
  std::int64_t held = 0;                 ///< points computed (inside the region and one step out)
  double spacing = 0;
  Window region;
};

/// The preimage tree of the seeds to `options.depth`: every point is an exact preimage chain
/// (to rounding) of a seed point; neighbouring points of one branch are refined (from the seed
/// on) until they are at most `spacing` apart, so the branches look like continuous curves.
BackwardCurves backward_curves(const Problem& problem, const Seeds& seeds, const BackwardOptions& options);

/// Bytes backward_curves may hold at its peak for `options.max_points` (the tree stops at 3× that
/// many points held, ~120 B each, and returns at most max_points CurvePoints).
std::int64_t backward_curves_memory_bytes(const BackwardOptions& options);

}  // namespace gdchaos
