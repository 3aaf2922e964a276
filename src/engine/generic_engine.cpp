// The generic engine: any Model, through its interface (model.hpp). Structure of arrays across
// pixels, as in the dense engine: coordinate e of the kLanes orbits in flight is one row, the
// model's batched gradient runs across the row, and the heavy-ball update vectorises.
// Decisions follow docs/decisions.md with the model's own Hessian: escape, the a-posteriori step
// test with the contraction factor of the GD map at θ, a rest test for fixed points of the
// floating-point map, and the model's global minimum (when it knows one) to tell minimizers from
// other critical points.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "engine/lane_rows.hpp"
#include "engine/tile.hpp"
#include "gdchaos/model/spectrum.hpp"
#include "gdchaos/model/stability.hpp"

namespace gdchaos::detail {

namespace {

constexpr int kLanes = 16;

class GenericTile {
 public:
  GenericTile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table)
      : ctx_(ctx), model_(ctx.model), opt_(ctx.optimizer), dim_(model_.dim()), next_(begin), end_(end), map_(map),
        table_(table), X_(dim_ * kLanes), Xp_(dim_ * kLanes), G_(dim_ * kLanes), theta_(dim_), keep_(dim_),
        values_(kEngineFields + model_.fields().size()) {
    pixel_.fill(-1);
  }

  void run() {
    for (int l = 0; l < kLanes; ++l) refill(l);
    const int every = ctx_.options.decision.check_every;
    while (active_ > 0) {
      for (int k = 0; k < every; ++k) step();
      for (int l = 0; l < kLanes; ++l)
        if (pixel_[l] >= 0) check(l);
        else park(l);
    }
  }

 private:
  double* row(std::vector<double>& a, int e) { return a.data() + static_cast<std::size_t>(e) * kLanes; }

  // G = ∇L(θ_t); θ_{t+1} = θ_t − ηG + β(θ_t − θ_{t−1}). After it, G and Xp hold ∇L and θ at the
  // previous point, which is what the check reads.
  void step() {
    model_.gradient_lanes(X_.data(), G_.data(), kLanes);
    const double eta = opt_.eta, beta = opt_.momentum;
    double* __restrict x = X_.data();
    double* __restrict xp = Xp_.data();
    const double* __restrict g = G_.data();
#pragma omp simd
    for (std::size_t e = 0; e < static_cast<std::size_t>(dim_) * kLanes; ++e) {
      const double next = heavy_ball_step(x[e], xp[e], g[e], eta, beta);
      xp[e] = x[e];
      x[e] = next;
    }
  }

  // An idle lane is held at 0: it may not be a fixed point of every model, and a lane left to
  // drift could overflow (harmless, but slow arithmetic on infinities).
  void park(int l) {
    for (int e = 0; e < dim_; ++e) row(X_, e)[l] = row(Xp_, e)[l] = 0;
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
    next_hessian_[l] = 0;
    for (int e = 0; e < dim_; ++e) row(X_, e)[l] = row(Xp_, e)[l] = theta_[e];
  }

  void check(int l) {
    const auto& dec = ctx_.decider;
    const int every = ctx_.options.decision.check_every;
    steps_[l] += every;
    const auto seen = observe_lane<kLanes>(X_, Xp_, G_, dim_, l);
    const double w = seen.w;
    if (dec.escaped(w)) return finish(l, Status::diverged);
    const double step = seen.step(opt_.eta);
    const double observed = per_step_root(step / last_step_[l], every);
    last_step_[l] = step;
    const bool at_rest = seen.at_rest();
    const bool promising = dec.certified(2 * step, std::min(observed, 0.999), w);
    if (at_rest || (steps_[l] >= next_hessian_[l] && promising)) {
      // κ is taken on the coordinates the map does not hold at 0 (lane_rows.hpp).
      const bool held = held_coordinates<kLanes>(X_, Xp_, G_, dim_, l, theta_, keep_);
      const auto H = model_.hessian(theta_);
      const auto h = symmetric_eigenvalues(H, dim_);
      const auto hk = held ? symmetric_eigenvalues(H, dim_, keep_) : h;
      const double largest = hk.empty() ? 0 : std::max(std::abs(hk.front()), std::abs(hk.back()));
      const double kappa = contraction_factor(hk, opt_.eta, opt_.momentum, Decider::zero_tolerance(largest));
      if (at_rest || dec.certified(step, kappa, w)) return finish(l, Status::converged, h.back());
      next_hessian_[l] = steps_[l] + kHessianPause;
    }
    if (steps_[l] >= ctx_.options.decision.max_iter) finish(l, Status::undecided);
  }

  void finish(int l, Status status, double sharpness = 0) {
    const std::int64_t pixel = pixel_[l];
    if (status != Status::converged) {
      record_outcome(ctx_, map_, table_, pixel, status, steps_[l]);
      return refill(l);
    }
    double w = 0;
    for (int e = 0; e < dim_; ++e) {
      theta_[e] = row(X_, e)[l];
      w += theta_[e] * theta_[e];
    }
    const double L = model_.loss(theta_);
    values_[0] = L, values_[1] = w, values_[2] = sharpness;
    model_.field_values(theta_, std::span(values_).subspan(kEngineFields));
    record_outcome(ctx_, map_, table_, pixel, ctx_.decider.classify_limit(L, w, sharpness), steps_[l], theta_, values_);
    refill(l);
  }

  const TileContext& ctx_;
  const Model& model_;
  Optimizer opt_;
  int dim_;
  std::int64_t next_, end_;
  BasinMap& map_;
  AttractorTable& table_;
  std::vector<double> X_, Xp_, G_, theta_;
  std::vector<std::uint8_t> keep_;
  std::vector<double> values_;
  int active_ = 0;
  std::array<std::int64_t, kLanes> pixel_;
  std::array<std::int32_t, kLanes> steps_{};
  std::array<double, kLanes> last_step_{};
  std::array<std::int32_t, kLanes> next_hessian_{};
};

}  // namespace

void run_generic_tile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map,
                      AttractorTable& table) {
  GenericTile(ctx, begin, end, map, table).run();
}

}  // namespace gdchaos::detail
