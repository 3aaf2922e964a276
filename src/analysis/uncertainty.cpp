#include "gdchaos/analysis/uncertainty.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numbers>
#include <random>

#include "gdchaos/analysis/outcome.hpp"
#include "gdchaos/core/attractors.hpp"
#include "gdchaos/core/control.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/sample/initial_points.hpp"
#include "gdchaos/engine/render.hpp"

namespace gdchaos {

namespace {

// Counter-based random numbers: every draw is a hash of (seed, stream, index, attempt), so the
// points do not depend on the order they are made in (or on the number of threads).
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}
std::uint64_t mix(std::uint64_t a, std::uint64_t b) { return splitmix64(a ^ splitmix64(b)); }
double unit(std::uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }  // [0, 1)

constexpr int kMaxBaseAttempts = 1000;  // quotient plane: draws per base point before giving up
constexpr int kMaxDirectionAttempts = 64;

void validate(const UncertaintyOptions& o) {
  if (o.samples < 10 || o.samples > (std::int64_t{1} << 31))
    throw InputError("samples must be in [10, 2147483648]");
  if (!(o.eps_lo > 0) || !(o.eps_hi > o.eps_lo) || !std::isfinite(o.eps_hi))
    throw InputError("eps range must satisfy 0 < lo < hi (finite)");
  if (o.eps_hi > 1) throw InputError("eps values are fractions of the window width and must be <= 1");
  if (o.eps_count < 3 || o.eps_count > 200) throw InputError("eps-count must be in [3, 200]");
  if (o.min_uncertain < 1) throw InputError("min-uncertain must be at least 1");
  if (!(o.saturation > 0) || o.saturation > 1) throw InputError("saturation must be in (0, 1]");
  if (!(o.min_decades >= 0)) throw InputError("min-decades must be >= 0");
  if (o.bootstrap < 0 || o.bootstrap > 100000) throw InputError("bootstrap must be in [0, 100000]");
  if (o.threads < 0 || o.threads > 1024) throw InputError("threads must be in [0, 1024]");
  if (o.max_runs_per_call < 1) throw InputError("max_runs_per_call must be at least 1");
}

struct Line {
  double slope = 0, intercept = 0, se = 0, chi2 = 0;
};

// Weighted least squares of y on x.
Line weighted_fit(const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>& w) {
  double sw = 0, sx = 0, sy = 0;
  for (std::size_t k = 0; k < x.size(); ++k) sw += w[k], sx += w[k] * x[k], sy += w[k] * y[k];
  const double mx = sx / sw, my = sy / sw;
  double sxx = 0, sxy = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    sxx += w[k] * (x[k] - mx) * (x[k] - mx);
    sxy += w[k] * (x[k] - mx) * (y[k] - my);
  }
  Line l;
  l.slope = sxy / sxx;
  l.intercept = my - l.slope * mx;
  l.se = 1 / std::sqrt(sxx);
  for (std::size_t k = 0; k < x.size(); ++k) {
    const double r = y[k] - l.intercept - l.slope * x[k];
    l.chi2 += w[k] * r * r;
  }
  return l;
}

// log f and its weight 1/var(log f̂) = u/(1 − f) (binomial, delta method).
bool add_point(double eps, std::int64_t uncertain, std::int64_t pairs, std::vector<double>& x, std::vector<double>& y,
               std::vector<double>& w) {
  if (uncertain <= 0 || pairs <= 0) return false;
  const double f = static_cast<double>(uncertain) / static_cast<double>(pairs);
  x.push_back(std::log(eps));
  y.push_back(std::log(f));
  w.push_back(static_cast<double>(uncertain) / std::max(1 - f, 1e-12));
  return true;
}

}  // namespace

std::int64_t uncertainty_memory_bytes(const BasinJob& job, const UncertaintyOptions& options) {
  // Base points, per-run status and attractor, pair states and outside flags, and one engine
  // call (its starting points and the per-point arrays of the map it returns).
  const std::int64_t N = options.samples, K = options.eps_count;
  const std::int64_t runs = N * (K + 1);
  const std::int64_t per_call = std::max<std::int64_t>(1, std::min(options.max_runs_per_call, runs));
  return N * 16 + runs * 3 + N * K * 2 + per_call * (job.model->dim() * 8 + basin_map_bytes(1, job.rendered_fields()));
}

int comparison_label(std::uint8_t status, std::int16_t attractor, bool convergence_only, bool divergence_only) {
  if (divergence_only) return status == static_cast<std::uint8_t>(Status::diverged) ? static_cast<int>(Status::diverged) : 0;
  if (!convergence_only) return outcome_label(status, attractor);
  return is_converged(static_cast<Status>(status)) ? static_cast<int>(Status::converged) : static_cast<int>(status);
}

UncertaintyFit fit_uncertainty_exponent(UncertaintyResult& result, const UncertaintyOptions& options) {
  UncertaintyFit fit;
  auto& rows = result.rows;
  const int K = static_cast<int>(rows.size());
  const std::int64_t N = result.samples;
  for (auto& r : rows) r.in_fit = false;

  // The longest run of consecutive well-measured ε: enough uncertain pairs, below saturation.
  const double limit = options.saturation * result.f_random;
  auto well = [&](const EpsilonCount& r) {
    return r.pairs > 0 && r.uncertain >= options.min_uncertain && r.f <= limit;
  };
  int best_first = -1, best_len = 0;
  for (int k = 0; k < K;) {
    if (!well(rows[k])) {
      ++k;
      continue;
    }
    int e = k;
    while (e + 1 < K && well(rows[e + 1])) ++e;
    if (e - k + 1 > best_len) best_first = k, best_len = e - k + 1;
    k = e + 1;
  }
  const int measured = static_cast<int>(std::count_if(rows.begin(), rows.end(), well));
  if (best_len < 3) {
    fit.reason = "only " + std::to_string(measured) + " eps value(s) have >= " + std::to_string(options.min_uncertain) +
                 " uncertain pairs below saturation (f <= " + std::to_string(limit) +
                 "); a fit needs 3 consecutive ones: raise `samples` or widen `eps`";
    if (result.f_random == 0) fit.reason = "every decided base point has the same outcome: no boundary in the window";
    return fit;
  }
  fit.first = best_first;
  fit.last = best_first + best_len - 1;
  const double decades = std::log10(rows[fit.last].eps / rows[fit.first].eps);
  if (decades < options.min_decades) {
    fit.reason = "the well-measured eps range spans only " + std::to_string(decades) + " decades (need " +
                 std::to_string(options.min_decades) + "): raise `samples` or use more `eps_count`";
    return fit;
  }
  for (int k = fit.first; k <= fit.last; ++k) rows[k].in_fit = true;

  std::vector<double> x, y, w;
  for (int k = fit.first; k <= fit.last; ++k) add_point(rows[k].eps, rows[k].uncertain, rows[k].pairs, x, y, w);
  const Line line = weighted_fit(x, y, w);
  fit.alpha = line.slope;
  fit.intercept = line.intercept;
  fit.se_weighted = line.se;
  const int dof = best_len - 2;
  fit.chi2_per_dof = dof > 0 ? line.chi2 / dof : 0;
  fit.se_lack_of_fit = fit.chi2_per_dof > 1 ? line.se * std::sqrt(fit.chi2_per_dof - 1) : 0;

  // Bootstrap over base points. Only points whose pair is uncertain or left out at some ε of the
  // fit range change the counts; the others ("certain everywhere") are resampled as a lump.
  double se_main = line.se;
  if (options.bootstrap > 0 && static_cast<std::int64_t>(result.state.size()) == N * K) {
    const int R = best_len;
    std::vector<std::uint8_t> interesting;  // R states per interesting point
    for (std::int64_t i = 0; i < N; ++i) {
      bool any = false;
      for (int k = fit.first; k <= fit.last && !any; ++k) any = result.state[k * N + i] != 0;
      if (!any) continue;
      for (int k = fit.first; k <= fit.last; ++k) interesting.push_back(result.state[k * N + i]);
    }
    const std::int64_t M = static_cast<std::int64_t>(interesting.size()) / R;
    std::mt19937_64 rng(mix(options.seed, 0xB007));
    std::binomial_distribution<std::int64_t> lump(N, static_cast<double>(M) / static_cast<double>(N));
    std::vector<std::int64_t> u(R), n(R);
    std::vector<double> slopes;
    for (int b = 0; b < options.bootstrap; ++b) {
      const std::int64_t m = M > 0 ? lump(rng) : 0;
      std::fill(u.begin(), u.end(), 0);
      std::fill(n.begin(), n.end(), N - m);
      for (std::int64_t t = 0; t < m; ++t) {
        const auto idx = static_cast<std::int64_t>(unit(rng()) * static_cast<double>(M));
        const std::uint8_t* s = &interesting[idx * R];
        for (int k = 0; k < R; ++k) {
          if (s[k] == 2) continue;
          ++n[k];
          if (s[k] == 1) ++u[k];
        }
      }
      std::vector<double> bx, by, bw;
      bool ok = true;
      for (int k = 0; k < R && ok; ++k) ok = add_point(rows[fit.first + k].eps, u[k], n[k], bx, by, bw);
      if (ok) slopes.push_back(weighted_fit(bx, by, bw).slope);
    }
    fit.bootstrap_used = static_cast<int>(slopes.size());
    if (slopes.size() >= 2) {
      double mean = 0, var = 0;
      for (double s : slopes) mean += s;
      mean /= static_cast<double>(slopes.size());
      for (double s : slopes) var += (s - mean) * (s - mean);
      fit.se_bootstrap = std::sqrt(var / static_cast<double>(slopes.size() - 1));
      se_main = fit.se_bootstrap;
    }
  }
  fit.se = std::sqrt(se_main * se_main + fit.se_lack_of_fit * fit.se_lack_of_fit);
  fit.ci_lo = fit.alpha - 1.959963984540054 * fit.se;
  fit.ci_hi = fit.alpha + 1.959963984540054 * fit.se;
  fit.ok = true;
  return fit;
}

UncertaintyResult uncertainty_exponent(const BasinJob& job, const UncertaintyOptions& options) {
  validate(options);
  const auto started = std::chrono::steady_clock::now();
  const auto& win = job.grid.window;
  const std::int64_t N = options.samples;
  const int K = options.eps_count;

  UncertaintyResult result;
  result.samples = N;
  result.window_width = win.a1 - win.a0;
  result.rows.resize(K);
  for (int k = 0; k < K; ++k) {
    auto& r = result.rows[k];
    r.eps = options.eps_lo * std::pow(options.eps_hi / options.eps_lo, static_cast<double>(k) / (K - 1));
    r.eps_abs = r.eps * result.window_width;
  }

  // Base points (plane coordinates), uniform in the window; in the domain for the quotient plane.
  std::vector<double> base(2 * N);
  std::int64_t draws = 0;
  {
    for (std::int64_t i = 0; i < N; ++i) {
      int attempt = 0;
      for (;; ++attempt) {
        if (attempt == kMaxBaseAttempts)
          throw InputError("the window holds (almost) none of the quotient domain w >= 2|z|: no base point found");
        const std::uint64_t h = mix(mix(mix(options.seed, 0), static_cast<std::uint64_t>(i)), attempt);
        const double a = win.a0 + (win.a1 - win.a0) * unit(h), b = win.b0 + (win.b1 - win.b0) * unit(mix(h, 1));
        if (job.in_domain(a, b)) {
          base[2 * i] = a, base[2 * i + 1] = b;
          break;
        }
      }
      draws += attempt + 1;
    }
  }
  result.base_draws = draws;

  // Runs: block 0 = base points, block k + 1 = base points moved by ε_k. Split into engine calls.
  const std::int64_t total = N * (K + 1);
  std::vector<std::uint8_t> status(total);
  std::vector<std::int16_t> attractor(total, -1);
  std::vector<std::uint8_t> outside(N * K, 0);
  AttractorTable global;
  bool mixed_ids = false, any_id = false, converged_without_id = false;
  const std::int64_t per_call = std::max<std::int64_t>(1, std::min(options.max_runs_per_call, total));
  RenderOptions ropt = job.options;
  ropt.threads = options.threads;
  ropt.final_values = false;  // outcomes only: no sharpness of every run
  for (std::int64_t begin = 0; begin < total; begin += per_call) {
    const std::int64_t end = std::min(total, begin + per_call), count = end - begin;
    std::vector<double> coordinates(count * 2);  // (α, β) of each run
    std::vector<std::uint8_t> out_flags(count, 0);
#pragma omp parallel for schedule(static) num_threads(worker_threads(options.threads))
    for (std::int64_t r = begin; r < end; ++r) {
      const std::int64_t block = r / N, i = r % N;
      double* ab = coordinates.data() + (r - begin) * 2;
      const double a = base[2 * i], b = base[2 * i + 1];
      ab[0] = a, ab[1] = b;
      if (block == 0) continue;
      const double eps = result.rows[block - 1].eps_abs;
      bool placed = false;
      for (int attempt = 0; attempt < kMaxDirectionAttempts && !placed; ++attempt) {
        const std::uint64_t h =
            mix(mix(mix(options.seed, static_cast<std::uint64_t>(block)), static_cast<std::uint64_t>(i)), attempt);
        const double phi = 2 * std::numbers::pi * unit(h);
        const double pa = a + eps * std::cos(phi), pb = b + eps * std::sin(phi);
        placed = !job.is_quotient() || job.in_domain(pa, pb);
        if (placed) ab[0] = pa, ab[1] = pb;
        if (!job.is_quotient()) break;
      }
      if (!placed) out_flags[r - begin] = 1;  // a stand-in run at the base point; the pair is left out
    }
    for (std::int64_t r = begin; r < end; ++r)
      if (r >= N) outside[r - N] = out_flags[r - begin];

    RenderOptions call = ropt;
    if (options.progress)
      call.progress = [&, begin](std::int64_t done, std::int64_t) { options.progress(begin + done, total); };
    const auto map = job.render_coordinates(coordinates, call);
    ++result.engine_calls;
    if (result.engine.empty()) result.engine = map.engine;
    std::vector<int> to_global(map.attractors.size());
    for (std::size_t id = 0; id < map.attractors.size(); ++id) to_global[id] = global.find_or_add(map.attractors[id]);
    for (std::int64_t r = begin; r < end; ++r) {
      const std::int64_t p = r - begin;
      status[r] = map.status[p];
      const int local = map.attractor[p];
      if (local >= 0) {
        attractor[r] = static_cast<std::int16_t>(to_global[local]);
        any_id = true;
        if (to_global[local] < 0) mixed_ids = true;
      } else if (is_converged(static_cast<Status>(map.status[p]))) {
        converged_without_id = true;
      }
    }
  }
  result.runs = total;
  // Attractor ids must mean the same thing in every call; otherwise compare statuses only.
  result.attractor_ids = !(mixed_ids || global.overflowed() || (any_id && converged_without_id));
  auto label = [&](std::int64_t r) {
    return comparison_label(status[r], result.attractor_ids ? attractor[r] : std::int16_t{-1}, options.convergence_only,
                            options.divergence_only);
  };
  // Undecided runs are kept apart, except on the trainability boundary (diverged or not).
  auto undecided = [&](std::int64_t r) {
    return !options.divergence_only && status[r] == static_cast<std::uint8_t>(Status::undecided);
  };

  // Counts.
  std::map<int, std::int64_t> base_outcomes;
  for (std::int64_t i = 0; i < N; ++i) {
    if (undecided(i)) ++result.undecided_base;
    else ++base_outcomes[label(i)];
  }
  const std::int64_t decided = N - result.undecided_base;
  if (decided > 0) {
    double sum = 0;
    for (const auto& [l, c] : base_outcomes) sum += std::pow(static_cast<double>(c) / static_cast<double>(decided), 2);
    result.f_random = 1 - sum;
  }
  result.state.assign(N * K, 0);
  for (int k = 0; k < K; ++k) {
    auto& row = result.rows[k];
    for (std::int64_t i = 0; i < N; ++i) {
      const std::int64_t r = (k + 1) * N + i;
      auto& s = result.state[k * N + i];
      if (outside[k * N + i]) {
        ++row.excluded_outside;
        s = 2;
        continue;
      }
      const bool base_undecided = undecided(i);
      const bool pert_undecided = undecided(r);
      if (pert_undecided) ++row.undecided_perturbed;
      if (base_undecided || pert_undecided) {
        ++row.excluded_undecided;
        s = 2;
        continue;
      }
      ++row.pairs;
      if (label(i) != label(r)) {
        ++row.uncertain;
        s = 1;
      }
    }
    if (row.pairs > 0) {
      row.f = static_cast<double>(row.uncertain) / static_cast<double>(row.pairs);
      row.f_se = std::sqrt(row.f * (1 - row.f) / static_cast<double>(row.pairs));
    }
  }
  result.fit = fit_uncertainty_exponent(result, options);
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace gdchaos
