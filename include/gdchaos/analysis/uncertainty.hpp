#pragma once
// The uncertainty exponent (Grebogi, McDonald, Ott & Yorke 1983), computed with the engine.
// N base points are drawn uniformly in a map's window (inside the domain for quotient renders);
// for each ε of a geometric sequence, every base point is moved by ε in a random direction of the
// plane and GD runs from both. A pair is "uncertain" when the two outcomes (outcome_label) differ.
// The uncertain fraction scales as f(ε) ~ ε^α and the boundary's dimension is D = 2 − α
// (α = 1 for a smooth curve, α < 1 for a fractal one).
//
// Undecided runs (status 0) are kept apart: a pair with an undecided member is left out of f(ε)
// (counted separately), never merged with "diverged".
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gdchaos/recipe/recipe.hpp"

namespace gdchaos {

struct UncertaintyOptions {
  std::int64_t samples = 1000000;  ///< N base points
  double eps_lo = 1e-9;           ///< smallest ε, as a fraction of the window width a1 − a0
  double eps_hi = 1e-2;           ///< largest ε, likewise
  int eps_count = 12;             ///< K values of ε, geometric from eps_lo to eps_hi
  std::uint64_t seed = 0;
  std::int64_t min_uncertain = 20;  ///< an ε is well measured with at least this many uncertain pairs …
  double saturation = 0.5;          ///< … and f(ε) ≤ saturation · f_random (below saturation)
  double min_decades = 1;           ///< the fit needs ≥ 3 ε values spanning at least this many decades
  int bootstrap = 200;              ///< resamples of the base points for the slope's error (0: none)
  int threads = 0;                  ///< engine threads (0: all)
  /// Compare only "converged or not" (statuses 1, 2 vs 3) instead of the full outcome label:
  /// the boundary of the convergence region, whatever the limit.
  bool convergence_only = false;
  /// Compare only "diverged or not": the trainability boundary of networks. Runs undecided after
  /// their step budget count as not diverged (they trained, certified or not) and are not excluded.
  bool divergence_only = false;
  /// (runs done, runs total) now and then, from one thread at a time.
  std::function<void(std::int64_t, std::int64_t)> progress;
  /// Runs per engine call (the work is split into calls of at most this many runs).
  std::int64_t max_runs_per_call = std::int64_t{1} << 21;
};

/// What the pairs did at one ε.
struct EpsilonCount {
  double eps = 0;      ///< as a fraction of the window width
  double eps_abs = 0;  ///< in plane units
  std::int64_t pairs = 0;      ///< pairs counted in f: both runs decided, perturbed point in the domain
  std::int64_t uncertain = 0;  ///< counted pairs whose outcomes differ
  std::int64_t undecided_perturbed = 0;  ///< perturbed runs that ended undecided
  std::int64_t excluded_undecided = 0;   ///< pairs left out because the base or perturbed run was undecided
  std::int64_t excluded_outside = 0;     ///< quotient plane: no direction kept the perturbed point in the domain
  double f = 0;     ///< uncertain / pairs
  double f_se = 0;  ///< binomial standard error of f
  bool in_fit = false;
};

/// The power-law fit log f = c + α log ε over the well-measured range.
struct UncertaintyFit {
  bool ok = false;
  std::string reason;      ///< why there is no estimate, when !ok
  int first = -1, last = -1;  ///< fit range: indices into the ε rows, inclusive
  double alpha = 0, intercept = 0;
  double se_weighted = 0;   ///< weighted least squares SE (binomial counting error, ε treated independently)
  double se_bootstrap = 0;  ///< SD of the slope over resamples of the base points (counting error + correlation across ε)
  int bootstrap_used = 0;   ///< resamples that could be fitted
  double chi2_per_dof = 0;  ///< of the weighted fit (≈ 1 for a clean power law)
  double se_lack_of_fit = 0;  ///< se_weighted·√(χ²/dof − 1) when χ²/dof > 1, else 0
  double se = 0;            ///< √(se_bootstrap² + se_lack_of_fit²) (se_weighted replaces se_bootstrap without resamples)
  double ci_lo = 0, ci_hi = 0;  ///< α ± 1.96·se
  double dimension() const { return 2 - alpha; }
};

struct UncertaintyResult {
  std::int64_t samples = 0;
  std::int64_t base_draws = 0;        ///< draws needed (quotient: rejection of points outside the domain)
  std::int64_t undecided_base = 0;    ///< base runs that ended undecided (their pairs are left out at every ε)
  double window_width = 0;            ///< a1 − a0: the unit of ε
  double f_random = 0;                ///< 1 − Σ p_k² over the decided base outcomes: f of two independent points
  std::vector<EpsilonCount> rows;
  /// Pair states, ε-major (rows.size() × samples): 0 certain, 1 uncertain, 2 left out.
  std::vector<std::uint8_t> state;
  bool attractor_ids = true;          ///< false when outcomes had to fall back to statuses (too many attractors)
  std::string engine;
  std::int64_t runs = 0;
  int engine_calls = 0;
  double wall_seconds = 0;
  UncertaintyFit fit;
};

/// The label two runs are compared by: outcome_label, or with `convergence_only` 1 for converged
/// (to anything), 3 for diverged; undecided (0) and outside the domain (4) stay themselves.
int comparison_label(std::uint8_t status, std::int16_t attractor, bool convergence_only, bool divergence_only = false);

/// Runs the whole measurement (engine runs, counts and the fit). Throws InputError for bad options.
/// It allocates about uncertainty_memory_bytes(job, options); whether that is affordable is the
/// caller's policy (the command line checks it with require_memory first).
UncertaintyResult uncertainty_exponent(const BasinJob& job, const UncertaintyOptions& options);

/// Bytes uncertainty_exponent holds at its peak: O(samples · eps_count) for the runs and pair
/// states plus one engine call of at most max_runs_per_call runs; nothing proportional to a map.
/// For options that pass validation (samples ≤ 2^31, eps_count ≤ 200) it does not overflow.
std::int64_t uncertainty_memory_bytes(const BasinJob& job, const UncertaintyOptions& options);

/// The fit alone, from `rows` and `state` (fills rows[k].in_fit and returns the fit): the longest
/// run of consecutive well-measured ε values, a weighted least-squares slope, and its error from a
/// bootstrap over base points plus any excess scatter (lack of fit).
UncertaintyFit fit_uncertainty_exponent(UncertaintyResult& result, const UncertaintyOptions& options);

}  // namespace gdchaos
