// The network engine: GD on fully connected networks (the mlp family), 16 networks in flight as
// one structure-of-arrays block through the model's batched backpropagation, each with its own
// step sizes (per layer) and momentum on a hyperparameter plane.
//
// Networks are judged as the neural-network experiments judge them: after a fixed budget of steps
// (max_iter), with the final loss, ‖θ‖² and sharpness recorded for every network that did not
// diverge, converged or not (at the edge of stability GD oscillates for thousands of steps, and
// these final values are what is plotted). Decisions (docs/decisions.md):
//   - diverged: ‖θ‖² above the escape radius, or not finite;
//   - converged: certified. With D the diagonal of step sizes, GD's Jacobian at θ is similar to
//     I − D^½ H D^½; Lanczos gives the extreme eigenvalues of D^½ H D^½ with residual bounds, and
//     the heavy-ball multiplier modulus is quasi-convex in the eigenvalue, so its maximum over
//     the interval they bound is the contraction factor κ. The a-posteriori step test then bounds
//     the distance to the limit. Nothing is certified when the smallest eigenvalue may be ≤ 0
//     (a flat or repelling direction: κ ≥ 1);
//   - undecided otherwise, with the final values.
// Sharpness is the largest eigenvalue of H itself (not of D^½HD^½), by Lanczos on exact
// Hessian–vector products.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "engine/lane_rows.hpp"
#include "engine/tile.hpp"
#include "gdchaos/core/control.hpp"
#include "gdchaos/model/lanczos.hpp"
#include "gdchaos/model/mlp.hpp"
#include "gdchaos/model/stability.hpp"

namespace gdchaos::detail {

std::int64_t network_tile_size(std::int64_t pixels, int threads) {
  const std::int64_t workers = std::max<std::int64_t>(1, worker_threads(threads));
  const std::int64_t per = (pixels + 4 * workers - 1) / (4 * workers);
  return std::clamp<std::int64_t>((per + 15) / 16 * 16, 16, 512);
}

namespace {

constexpr int kLanes = 16;
/// Lanczos iterations for sharpness and certificates; residual bounds say how well they converged.
constexpr int kLanczosIterations = 60;
constexpr double kLanczosTolerance = 1e-9;
/// After a certificate attempt that failed, the next no sooner than this many steps later (one
/// Lanczos costs about as much as a few hundred steps of one network).
constexpr std::int32_t kCertificatePause = 1024;

class NetworkTile {
 public:
  NetworkTile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table)
      : ctx_(ctx), net_(dynamic_cast<const Mlp&>(ctx.model)), dim_(net_.dim()), layers_(net_.layers()),
        next_(begin), end_(end), map_(map), table_(table), X_(dim_ * kLanes), Xp_(dim_ * kLanes),
        G_(dim_ * kLanes), eta_(static_cast<std::size_t>(layers_) * kLanes), theta_(dim_), values_(kEngineFields) {
    pixel_.fill(-1);
    for (int k = 1; k <= layers_; ++k) layer_begin_.push_back(net_.weight_offset(k));
    layer_begin_.push_back(dim_);
    coordinate_eta_.resize(dim_);
  }

  void run() {
    for (int l = 0; l < kLanes; ++l) refill(l);
    const int every = ctx_.options.decision.check_every;
    const int budget = ctx_.options.decision.max_iter;
    while (active_ > 0) {
      // Never past the budget: the final values are those after exactly max_iter steps.
      int run = every;
      for (int l = 0; l < kLanes; ++l)
        if (pixel_[l] >= 0) run = std::min(run, budget - steps_[l]);
      for (int k = 0; k < run; ++k) step();
      for (int l = 0; l < kLanes; ++l)
        if (pixel_[l] >= 0) check(l, run);
    }
  }

 private:
  double* row(std::vector<double>& a, int e) { return a.data() + static_cast<std::size_t>(e) * kLanes; }
  double eta(int k, int l) const { return eta_[static_cast<std::size_t>(k - 1) * kLanes + l]; }

  // G = ∇L(θ_t); θ_{t+1} = θ_t − η_k G + β(θ_t − θ_{t−1}) on the coordinates of layer k.
  void step() {
    net_.gradient_lanes(X_.data(), G_.data(), kLanes);
    for (int k = 1; k <= layers_; ++k) {
      const double* __restrict eta = eta_.data() + static_cast<std::size_t>(k - 1) * kLanes;
      const double* __restrict beta = beta_.data();
      for (int e = layer_begin_[k - 1]; e < layer_begin_[k]; ++e) {
        double* __restrict x = row(X_, e);
        double* __restrict xp = row(Xp_, e);
        const double* __restrict g = row(G_, e);
#pragma omp simd
        for (int l = 0; l < kLanes; ++l) {
          const double next = heavy_ball_step(x[l], xp[l], g[l], eta[l], beta[l]);
          xp[l] = x[l];
          x[l] = next;
        }
      }
    }
  }

  // An idle lane is held at θ = 0, where a network's gradient is finite.
  void park(int l) {
    for (int e = 0; e < dim_; ++e) row(X_, e)[l] = row(Xp_, e)[l] = 0;
    for (int k = 1; k <= layers_; ++k) eta_[static_cast<std::size_t>(k - 1) * kLanes + l] = 0;
    beta_[l] = 0;
  }

  void refill(int l) {
    while (next_ < end_ && !ctx_.points.point(next_, theta_))
      record_outcome(ctx_, map_, table_, next_++, Status::outside_domain, 0);
    if (next_ >= end_) {
      if (pixel_[l] >= 0) --active_;
      pixel_[l] = -1;
      park(l);
      return;
    }
    if (pixel_[l] < 0) ++active_;
    pixel_[l] = next_++;
    steps_[l] = 0;
    last_step_[l] = std::numeric_limits<double>::infinity();
    next_certificate_[l] = 0;
    StepSizes steps{std::vector<double>(layers_, ctx_.optimizer.eta), ctx_.optimizer.momentum};
    if (ctx_.pixel_steps) steps = (*ctx_.pixel_steps)(pixel_[l]);
    for (int k = 1; k <= layers_; ++k) eta_[static_cast<std::size_t>(k - 1) * kLanes + l] = steps.layer_eta[k - 1];
    beta_[l] = steps.momentum;
    for (int e = 0; e < dim_; ++e) row(X_, e)[l] = row(Xp_, e)[l] = theta_[e];
  }

  // θ of lane l into theta_, and the lane's per-coordinate step sizes.
  void take_lane(int l) {
    for (int k = 1; k <= layers_; ++k)
      for (int e = layer_begin_[k - 1]; e < layer_begin_[k]; ++e) coordinate_eta_[e] = eta(k, l);
    for (int e = 0; e < dim_; ++e) theta_[e] = row(X_, e)[l];
  }

  ExtremeEigenvalues scaled_spectrum() const {
    // D^½ H D^½ v = D^½ H (D^½ v).
    std::vector<double> u(dim_);
    return lanczos_extremes(
        dim_,
        [&](std::span<const double> v, std::span<double> out) {
          for (int e = 0; e < dim_; ++e) u[e] = std::sqrt(coordinate_eta_[e]) * v[e];
          net_.hessian_vector(theta_, u, out);
          for (int e = 0; e < dim_; ++e) out[e] *= std::sqrt(coordinate_eta_[e]);
        },
        kLanczosIterations, kLanczosTolerance);
  }

  double sharpness() const {
    return lanczos_extremes(
               dim_, [&](std::span<const double> v, std::span<double> out) { net_.hessian_vector(theta_, v, out); },
               kLanczosIterations, kLanczosTolerance)
        .largest;
  }

  void check(int l, int ran) {
    const auto& dec = ctx_.decider;
    steps_[l] += ran;
    double w = 0, move2 = 0, gstep2 = 0;
    bool moved = false;
    double grad2 = 0;
    for (int k = 1; k <= layers_; ++k) {
      const double e2 = eta(k, l) * eta(k, l);
      for (int e = layer_begin_[k - 1]; e < layer_begin_[k]; ++e) {
        const std::size_t i = static_cast<std::size_t>(e) * kLanes + l;
        const double x = X_[i], dx = x - Xp_[i], g = G_[i];
        w += x * x;
        move2 += dx * dx;
        gstep2 += e2 * g * g;
        grad2 += g * g;
        moved = moved || dx != 0;
      }
    }
    if (dec.escaped(w)) return finish(l, Status::diverged);
    const double step = std::sqrt(std::max(move2, gstep2));
    const double observed = per_step_root(step / last_step_[l], std::max(ran, 1));
    last_step_[l] = step;
    const bool at_rest = !moved && grad2 < std::numeric_limits<double>::min();
    if (at_rest) return finish(l, Status::converged);
    const bool promising = dec.certified(2 * step, std::min(observed, 0.999), w);
    if (steps_[l] >= next_certificate_[l] && promising) {
      take_lane(l);
      const auto s = scaled_spectrum();
      const double lo = s.smallest - s.smallest_error, hi = s.largest + s.largest_error;
      const double beta = beta_[l];
      const double kappa =
          lo > 0 ? std::max(multiplier_modulus(lo, 1.0, beta), multiplier_modulus(hi, 1.0, beta)) : 1.0;
      if (dec.certified(step, kappa, w)) return finish(l, Status::converged);
      next_certificate_[l] = steps_[l] + kCertificatePause;
    }
    if (steps_[l] >= ctx_.options.decision.max_iter) finish(l, Status::undecided);
  }

  void finish(int l, Status status) {
    const std::int64_t pixel = pixel_[l];
    if (status == Status::diverged) {
      record_outcome(ctx_, map_, table_, pixel, status, steps_[l]);
      return refill(l);
    }
    take_lane(l);
    double w = 0;
    for (double x : theta_) w += x * x;
    if (!ctx_.options.final_values && !ctx_.decider.known_min) {  // a known minimum needs the values to classify
      values_.assign(values_.size(), std::numeric_limits<double>::quiet_NaN());
      record_outcome(ctx_, map_, table_, pixel, status, steps_[l], theta_, values_);
      return refill(l);
    }
    values_[0] = net_.loss(theta_);
    values_[1] = w;
    values_[2] = sharpness();
    if (status == Status::converged) status = ctx_.decider.classify_limit(values_[0], w, values_[2]);
    record_outcome(ctx_, map_, table_, pixel, status, steps_[l], theta_, values_);
    refill(l);
  }

  const TileContext& ctx_;
  const Mlp& net_;
  int dim_, layers_;
  std::int64_t next_, end_;
  BasinMap& map_;
  AttractorTable& table_;
  std::vector<double> X_, Xp_, G_;
  std::vector<double> eta_;  ///< η_k of lane l at (k − 1)·kLanes + l
  std::array<double, kLanes> beta_{};
  std::vector<int> layer_begin_;
  std::vector<double> theta_, coordinate_eta_;
  std::vector<double> values_;
  int active_ = 0;
  std::array<std::int64_t, kLanes> pixel_;
  std::array<std::int32_t, kLanes> steps_{};
  std::array<double, kLanes> last_step_{};
  std::array<std::int32_t, kLanes> next_certificate_{};
};

}  // namespace

void run_network_tile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map,
                      AttractorTable& table) {
  NetworkTile(ctx, begin, end, map, table).run();
}

}  // namespace gdchaos::detail
