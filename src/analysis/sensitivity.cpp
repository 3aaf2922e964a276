#include "gdchaos/analysis/sensitivity.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <nlohmann/json.hpp>

#include "gdchaos/core/control.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/model/optimizer.hpp"
#include "gdchaos/model/reduced_map.hpp"

namespace gdchaos {

std::int64_t steps_to_loss(const Problem& p, std::span<const double> theta0, double threshold, std::int64_t max_iter) {
  const double target = global_min_loss(p) + threshold;
  if (p.scalar_target()) {
    // The reduced orbit (exact engine's coordinates): u ± v = 2(S ê₊ ± T ê₋), L = a r² + b w.
    auto [S, T] = reduced_start(p, theta0);
    double Sp = S, Tp = T;
    const ReducedMap q(p);
    for (std::int64_t t = 0; t <= max_iter; ++t) {
      const double r = S * S - T * T - q.y, w = 2 * (S * S + T * T);
      if (q.a * r * r + q.b * w < target) return t;
      if (!(w < 1e300)) return -1;
      q.step(S, T, Sp, Tp);
    }
    return -1;
  }
  std::vector<double> theta(theta0.begin(), theta0.end()), prev = theta, grad(theta.size());
  for (std::int64_t t = 0; t <= max_iter; ++t) {
    const double L = loss(p, theta);
    if (L < target) return t;
    if (!std::isfinite(L)) return -1;
    gradient(p, theta, grad);
    for (std::size_t k = 0; k < theta.size(); ++k) {
      const double next = heavy_ball_step(theta[k], prev[k], grad[k], p.eta, p.momentum);
      prev[k] = theta[k];
      theta[k] = next;
    }
  }
  return -1;
}

std::vector<double> boundary_point(const Problem& p, const Plane& plane, double angle, const RenderOptions& options) {
  const int dim = p.dim();
  std::vector<double> dir(dim), theta(dim);
  for (int k = 0; k < dim; ++k) dir[k] = std::cos(angle) * plane.dir1[k] + std::sin(angle) * plane.dir2[k];
  auto at = [&](double t) {
    for (int k = 0; k < dim; ++k) theta[k] = plane.base[k] + t * dir[k];
    return theta;
  };
  RenderOptions one = options;
  one.threads = 1;
  auto status = [&](double t) { return render(p, ListPoints(dim, at(t)), one).at(0, 0); };
  if (!is_converged(status(0))) throw InputError("the ray's start (the plane's base) does not converge");
  double lo = 0, hi = 1;
  int doublings = 0;
  while (status(hi) != Status::diverged) {
    lo = hi;  // converged or undecided so far: push outwards
    hi *= 2;
    if (++doublings > 60) throw InputError("GD does not diverge along this ray: no boundary point found");
  }
  for (int k = 0; k < 100 && hi - lo > 1e-15 * hi; ++k) {
    const double mid = 0.5 * (lo + hi);
    (status(mid) == Status::diverged ? hi : lo) = mid;
  }
  return at(0.5 * (lo + hi));
}

std::int64_t sensitivity_memory_bytes(const Problem& p, const SensitivityOptions& options) {
  // Starting points, samples and the engine's per-point arrays, for every start at once.
  const auto side = static_cast<std::int64_t>(std::clamp(options.side, 0, 4096));
  const auto samples_total = static_cast<std::int64_t>(options.radii.size()) * side * side;
  return samples_total * (8 * p.dim() + static_cast<std::int64_t>(sizeof(SensitivitySample)) + basin_map_bytes(1, false));
}

std::vector<SensitivitySample> sample_neighbourhoods(const Problem& p, const std::vector<double>& centre,
                                                     const Plane& plane, const SensitivityOptions& options) {
  const int dim = p.dim(), side = options.side;
  if (static_cast<int>(centre.size()) != dim) throw InputError("the centre point has the wrong number of coordinates");
  if (side < 2 || side > 4096) throw InputError("side must be in [2, 4096]");
  std::vector<double> flat;
  std::vector<SensitivitySample> samples;
  std::vector<double> theta(dim);
  for (double r : options.radii) {
    if (!(r > 0) || !std::isfinite(r)) throw InputError("radii must be finite numbers > 0");
    const Grid g{{-r, r, -r, r}, side, side};
    for (int i = 0; i < side; ++i)
      for (int j = 0; j < side; ++j) {
        const double a = g.alpha(j), b = g.beta(i);
        for (int k = 0; k < dim; ++k) theta[k] = centre[k] + a * plane.dir1[k] + b * plane.dir2[k];
        flat.insert(flat.end(), theta.begin(), theta.end());
        samples.push_back({r, a, b, 0, 0, 0, 0, -1});
      }
  }
  const auto map = render(p, ListPoints(dim, flat), options.render);
  const auto n = static_cast<std::int64_t>(samples.size());
#pragma omp parallel for schedule(dynamic, 64) num_threads(worker_threads(options.render.threads))
  for (std::int64_t s = 0; s < n; ++s) {
    auto& x = samples[s];
    x.status = map.status[s];
    x.norm2 = map.field("norm2")[s];
    x.imbalance = map.field("imbalance")[s];
    x.sharpness = map.field("sharpness")[s];
    if (x.status == static_cast<std::uint8_t>(Status::converged))
      x.steps_to_loss = steps_to_loss(p, std::span(flat).subspan(s * dim, dim), options.loss_threshold,
                                      options.render.decision.max_iter);
  }
  return samples;
}

}  // namespace gdchaos

#include <algorithm>
#include <map>

namespace gdchaos {

namespace {

nlohmann::json describe(std::vector<double> v) {
  if (v.empty()) return {{"count", 0}};
  std::sort(v.begin(), v.end());
  auto q = [&](double f) {
    const double pos = f * static_cast<double>(v.size() - 1);
    const auto k = static_cast<std::size_t>(pos);
    const double frac = pos - static_cast<double>(k);
    return k + 1 < v.size() ? v[k] * (1 - frac) + v[k + 1] * frac : v[k];
  };
  double mean = 0, var = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  for (double x : v) var += (x - mean) * (x - mean);
  return {{"count", v.size()}, {"min", v.front()}, {"p05", q(0.05)}, {"p25", q(0.25)}, {"median", q(0.5)},
          {"p75", q(0.75)}, {"p95", q(0.95)}, {"max", v.back()}, {"mean", mean},
          {"std", v.size() > 1 ? std::sqrt(var / static_cast<double>(v.size() - 1)) : 0.0}, {"iqr", q(0.75) - q(0.25)}};
}

}  // namespace

nlohmann::json sensitivity_summary(const Problem& p, const std::vector<SensitivitySample>& samples) {
  std::map<double, std::vector<const SensitivitySample*>, std::greater<>> by_radius;
  for (const auto& s : samples) by_radius[s.radius].push_back(&s);
  nlohmann::json per_radius = nlohmann::json::array();
  const bool theorem2 = p.scalar_target() && p.reg_coef == 0 && p.momentum == 0;
  const double gamma_min = 4 * p.data_coef * std::abs(p.y()), edge = 2 / p.eta;
  for (const auto& [r, list] : by_radius) {
    std::vector<double> norm2, imbalance, sharpness, steps;
    nlohmann::json counts = nlohmann::json::object();
    std::array<std::int64_t, kStatusCount> c{};
    std::int64_t inside = 0;
    for (const auto* s : list) {
      ++c[s->status];
      if (s->status != static_cast<std::uint8_t>(Status::converged)) continue;
      norm2.push_back(s->norm2);
      imbalance.push_back(s->imbalance);
      sharpness.push_back(s->sharpness);
      if (s->steps_to_loss >= 0) steps.push_back(static_cast<double>(s->steps_to_loss));
      // float32 values: allow their rounding at the interval's ends
      inside += s->sharpness >= gamma_min * (1 - 1e-5) && s->sharpness <= edge * (1 + 1e-5);
    }
    for (int k = 0; k < kStatusCount; ++k) counts[std::string(kStatusNames[k])] = c[k];
    nlohmann::json entry = {{"radius", r},
                            {"samples", list.size()},
                            {"counts", counts},
                            {"norm2", describe(norm2)},
                            {"imbalance", describe(imbalance)},
                            {"sharpness", describe(sharpness)},
                            {"steps_to_loss", describe(steps)}};
    if (theorem2 && !sharpness.empty())
      entry["sharpness_in_theorem2_interval"] = static_cast<double>(inside) / static_cast<double>(sharpness.size());
    per_radius.push_back(entry);
  }
  nlohmann::json out = {{"per_radius", per_radius}};
  if (theorem2) out["theorem2_interval"] = {gamma_min, edge};
  // The paper's point: the spread does not shrink with the neighbourhood.
  if (per_radius.size() >= 2) {
    const auto& big = per_radius.front();
    const auto& small = per_radius.back();
    nlohmann::json ratios = nlohmann::json::object();
    for (const char* q : {"norm2", "imbalance", "sharpness", "steps_to_loss"})
      if (big[q].contains("iqr") && small[q].contains("iqr") && big[q]["iqr"].get<double>() > 0)
        ratios[q] = small[q]["iqr"].get<double>() / big[q]["iqr"].get<double>();
    out["iqr_ratio_smallest_to_largest"] = ratios;
    out["radius_ratio_smallest_to_largest"] = small["radius"].get<double>() / big["radius"].get<double>();
  }
  return out;
}

}  // namespace gdchaos
