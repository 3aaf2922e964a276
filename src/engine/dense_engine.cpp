// The dense engine: any d, m, n. Structure of arrays across pixels — every matrix entry of U, V,
// R = UᵀV − Y and the gradient is a row of kLanes pixels, so the innermost loops run across pixels
// and vectorise whatever the shapes are.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "engine/lane_rows.hpp"
#include "engine/tile.hpp"
#include "gdchaos/model/stability.hpp"

// Compiled once per SIMD target (docs/architecture.md, "SIMD targets"); run_dense_tile, at the end,
// dispatches to the best one the CPU has.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "engine/dense_engine.cpp"
#include <hwy/foreach_target.h>  // (re-includes this file, once per target)
#include <hwy/highway.h>

#include "engine/fused-inl.h"

HWY_BEFORE_NAMESPACE();
namespace gdchaos::detail::HWY_NAMESPACE {

namespace {

namespace hn = hwy::HWY_NAMESPACE;
/// Lanes of a tile, the same on every target (a target's SIMD vectors take them in turn).
constexpr int kLanes = 16;


class DenseTile {
 public:
  DenseTile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table)
      : ctx_(ctx), p_(ctx.problem()), dim_(p_.dim()), dm_(p_.d * p_.m), next_(begin), end_(end), map_(map),
        table_(table), X_(dim_ * kLanes), Xp_(dim_ * kLanes), G_(dim_ * kLanes), R_(p_.m * p_.n * kLanes),
        theta_(dim_), keep_(dim_), gram_alpha_(p_.m), gram_beta_(p_.n), lane_p_(kLanes, p_) {
    pixel_.fill(-1);
    min_loss_.fill(ctx.decider.min_loss);
    for (int l = 0; l < kLanes; ++l) set_coefficients(l, p_);
    // Shapes worth a kernel of their own: the paper's Fig. 5 (d = 5, m = n = 4) and the scalar problem.
    if (per_lane_) {
      if (p_.d == 5 && p_.m == 4 && p_.n == 4) step_ = &DenseTile::step_fixed<5, 4, 4, true>;
      else if (p_.d == 1 && p_.m == 1 && p_.n == 1) step_ = &DenseTile::step_fixed<1, 1, 1, true>;
      else step_ = &DenseTile::step<0, 0, 0, true>;
    } else {
      if (p_.d == 5 && p_.m == 4 && p_.n == 4) step_ = &DenseTile::step_fixed<5, 4, 4, false>;
      else if (p_.d == 1 && p_.m == 1 && p_.n == 1) step_ = &DenseTile::step_fixed<1, 1, 1, false>;
      else step_ = &DenseTile::step<0, 0, 0, false>;
    }
  }

  void run() {
    for (int l = 0; l < kLanes; ++l) refill(l);
    while (active_ > 0) {
      const int every = ctx_.options.decision.check_every;
      for (int k = 0; k < every; ++k) (this->*step_)(k == every - 1);
      for (int l = 0; l < kLanes; ++l)
        if (pixel_[l] >= 0) check(l);
    }
  }

 private:
  double* row(std::vector<double>& a, int index) { return a.data() + static_cast<std::size_t>(index) * kLanes; }

  // θ ← θ − η∇L(θ) + β(θ − θ_prev) for all lanes;  ∇_U = 2a V Rᵀ + 2b U,  ∇_V = 2a U R + 2b V.
  // D, M, N > 0 fix the shapes at compile time (the loops unroll); 0 takes them from the problem.
  // Fixed shapes: one 8-lane vector of pixels at a time, in two passes over k so that only R
  // (M·N vectors) and one row of U and V live in registers (holding all of U, V and R spilled):
  // R = Σ_k U_kᵀV_k − Y, then each row's gradient and update. θ_prev and the gradient are stored
  // only on the step before a check (`keep_gradient`), which is all that reads them without momentum.
  // PerLane: every lane its own η, λ, β and (m = n = 1) y, a hyperparameter plane's pixels; the
  // tile's lanes share whether there is momentum (hyper.cpp).
  template <int D, int M, int N, bool PerLane>
  void step_fixed(bool keep_gradient) {
    if (p_.momentum != 0)
      step_rows<D, M, N, true, PerLane>(keep_gradient);
    else
      step_rows<D, M, N, false, PerLane>(keep_gradient);
  }

  template <int D, int M, int N, bool Momentum, bool PerLane>
  void step_rows(bool keep_gradient) {
    using Tag = hn::ScalableTag<double>;
    using Vec = hn::Vec<Tag>;
    const Tag d;
    constexpr int W = static_cast<int>(hn::MaxLanes(Tag()));
    static_assert(kLanes % W == 0);
    constexpr int DM = D * M;
    const Vec a2 = hn::Set(d, 2 * p_.data_coef), b2_all = hn::Set(d, 2 * p_.reg_coef), eta_all = hn::Set(d, p_.eta),
              beta_all = hn::Set(d, p_.momentum);
    const Vec neg_y_all = hn::Set(d, -p_.Y[0]);
    // Raw pointers: stores through them cannot move the vectors' buffers, so their addresses
    // stay in registers (through std::vector they are reloaded after every store).
    double* __restrict x_rows = X_.data();
    double* __restrict xp_rows = Xp_.data();
    double* __restrict g_rows = G_.data();
    for (int g = 0; g < kLanes; g += W) {
      auto load = [&](const double* rows, int e) { return hn::LoadU(d, rows + static_cast<std::size_t>(e) * kLanes + g); };
      auto store = [&](double* rows, int e, const Vec& x) {
        hn::StoreU(x, d, rows + static_cast<std::size_t>(e) * kLanes + g);
      };
      auto coefficient = [&](const std::array<double, kLanes>& lanes, const Vec& uniform) {
        if constexpr (PerLane)
          return hn::LoadU(d, lanes.data() + g);
        else
          return uniform;
      };
      const Vec b2 = coefficient(b2_, b2_all), eta = coefficient(eta_, eta_all), beta = coefficient(beta_, beta_all);
      Vec R[M][N];
      if constexpr (M * N == 1)
        R[0][0] = coefficient(neg_y_, neg_y_all);
      else
        for (int i = 0; i < M; ++i)
          for (int j = 0; j < N; ++j) R[i][j] = hn::Set(d, -p_.Y[i * N + j]);
      for (int k = 0; k < D; ++k) {
        Vec U[M], V[N];
        for (int i = 0; i < M; ++i) U[i] = load(x_rows, k * M + i);
        for (int j = 0; j < N; ++j) V[j] = load(x_rows, DM + k * N + j);
        for (int i = 0; i < M; ++i)
          for (int j = 0; j < N; ++j) R[i][j] = fused_mul_add(U[i], V[j], R[i][j]);
      }
      for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) R[i][j] = R[i][j] * a2;
      auto update = [&](int e, const Vec& x, const Vec& grad) {
        Vec next;
        if constexpr (Momentum)
          next = x - eta * grad + beta * (x - load(xp_rows, e));  // heavy_ball_step, in this target's vectors
        else
          next = fused_neg_mul_add(eta, grad, x);  // θ − η∇L
        if (Momentum || keep_gradient) store(xp_rows, e, x);
        store(x_rows, e, next);
        if (keep_gradient) store(g_rows, e, grad);  // only the check reads it
      };
      for (int k = 0; k < D; ++k) {
        Vec U[M], V[N];
        for (int i = 0; i < M; ++i) U[i] = load(x_rows, k * M + i);
        for (int j = 0; j < N; ++j) V[j] = load(x_rows, DM + k * N + j);
        for (int i = 0; i < M; ++i) {
          Vec grad = b2 * U[i];
          for (int j = 0; j < N; ++j) grad = fused_mul_add(V[j], R[i][j], grad);
          update(k * M + i, U[i], grad);
        }
        for (int j = 0; j < N; ++j) {
          Vec grad = b2 * V[j];
          for (int i = 0; i < M; ++i) grad = fused_mul_add(U[i], R[i][j], grad);
          update(DM + k * N + j, V[j], grad);
        }
      }
    }
  }

  template <int D, int M, int N, bool PerLane>
  void step(bool /*keep_gradient: this kernel always keeps it*/) {
    const int d = D ? D : p_.d, m = M ? M : p_.m, n = N ? N : p_.n, dm = d * m;
    const double a2 = 2 * p_.data_coef, b2 = 2 * p_.reg_coef, eta = p_.eta, beta = p_.momentum;
    const double* __restrict b2_l = b2_.data();
    const double* __restrict eta_l = eta_.data();
    const double* __restrict beta_l = beta_.data();
    const double* __restrict neg_y_l = neg_y_.data();
    const bool y_per_lane = PerLane && m * n == 1;
    for (int i = 0; i < m; ++i)
      for (int j = 0; j < n; ++j) {
        double* __restrict r = row(R_, i * n + j);
        const double y = p_.Y[i * n + j];
        alignas(64) double acc[kLanes];
#pragma omp simd
        for (int l = 0; l < kLanes; ++l) acc[l] = y_per_lane ? neg_y_l[l] : -y;
        for (int k = 0; k < d; ++k) {
          const double* __restrict u = row(X_, k * m + i);
          const double* __restrict v = row(X_, dm + k * n + j);
#pragma omp simd
          for (int l = 0; l < kLanes; ++l) acc[l] = std::fma(u[l], v[l], acc[l]);  // fused on every target
        }
#pragma omp simd
        for (int l = 0; l < kLanes; ++l) r[l] = a2 * acc[l];  // 2a·R: saves a multiply per gradient term
      }
    for (int k = 0; k < d; ++k) {
      for (int i = 0; i < m; ++i) {
        double* __restrict g = row(G_, k * m + i);
        const double* __restrict u = row(X_, k * m + i);
#pragma omp simd
        for (int l = 0; l < kLanes; ++l) g[l] = (PerLane ? b2_l[l] : b2) * u[l];
        for (int j = 0; j < n; ++j) {
          const double* __restrict v = row(X_, dm + k * n + j);
          const double* __restrict r = row(R_, i * n + j);
#pragma omp simd
          for (int l = 0; l < kLanes; ++l) g[l] = std::fma(v[l], r[l], g[l]);
        }
      }
      for (int j = 0; j < n; ++j) {
        double* __restrict g = row(G_, dm + k * n + j);
        const double* __restrict v = row(X_, dm + k * n + j);
#pragma omp simd
        for (int l = 0; l < kLanes; ++l) g[l] = (PerLane ? b2_l[l] : b2) * v[l];
        for (int i = 0; i < m; ++i) {
          const double* __restrict u = row(X_, k * m + i);
          const double* __restrict r = row(R_, i * n + j);
#pragma omp simd
          for (int l = 0; l < kLanes; ++l) g[l] = std::fma(u[l], r[l], g[l]);
        }
      }
    }
    double* __restrict x = X_.data();
    double* __restrict xp = Xp_.data();
    const double* __restrict g = G_.data();
#pragma omp simd
    for (std::size_t e = 0; e < static_cast<std::size_t>(d * (m + n) * kLanes); ++e) {
      const std::size_t l = e % kLanes;
      const double next = heavy_ball_step(x[e], xp[e], g[e], PerLane ? eta_l[l] : eta, PerLane ? beta_l[l] : beta);
      xp[e] = x[e];
      x[e] = next;
    }
  }

  void refill(int l) {
    // Pixels outside the domain (quotient plane) are recorded at once.
    while (next_ < end_ && !ctx_.points.point(next_, theta_))
      record_outcome(ctx_, map_, table_, next_++, Status::outside_domain, 0);
    if (next_ >= end_) {
      if (pixel_[l] >= 0) --active_;
      pixel_[l] = -1;
      for (int e = 0; e < dim_; ++e) row(X_, e)[l] = row(Xp_, e)[l] = 0;  // 0 is a fixed point
      return;
    }
    if (pixel_[l] < 0) ++active_;
    pixel_[l] = next_++;
    if (per_lane_) {
      // A hyperparameter plane's pixel: lane l runs GD on its own problem.
      lane_p_[l] = (*ctx_.pixel_problem)(pixel_[l]);
      set_coefficients(l, lane_p_[l]);
      min_loss_[l] = global_min_loss(lane_p_[l]);
    }
    steps_[l] = 0;
    last_step_[l] = std::numeric_limits<double>::infinity();
    next_hessian_[l] = 0;
    for (int e = 0; e < dim_; ++e) row(X_, e)[l] = row(Xp_, e)[l] = theta_[e];
  }

  void set_coefficients(int l, const Problem& p) {
    b2_[l] = 2 * p.reg_coef, eta_[l] = p.eta, beta_[l] = p.momentum, neg_y_[l] = -p.Y[0];
  }

  // The decision rules for lane l's problem.
  Decider decider(int l) const {
    Decider dec = ctx_.decider;
    dec.min_loss = min_loss_[l];
    return dec;
  }

  void check(int l) {
    const Decider& dec = ctx_.decider;  // (its min L, the one per-lane part, is not read here)
    const Problem& p = lane_p_[l];
    const int every = ctx_.options.decision.check_every;
    steps_[l] += every;
    const auto seen = observe_lane<kLanes>(X_, Xp_, G_, dim_, l);
    const double w = seen.w;
    if (dec.escaped(w)) return finish(l, Status::diverged);
    const double step = seen.step(p.eta);
    // Observed contraction per step since the last check: a cheap filter before the Hessian.
    const double observed = per_step_root(step / last_step_[l], every);
    last_step_[l] = step;
    // At rest: θ is a fixed point of the floating-point map (θ_t = θ_{t−1} exactly) with a gradient
    // at underflow level (e.g. the saddle 0 reached from its stable set u = −v), where the orbit
    // stays whatever the Hessian says. Step = 0 alone is not enough: ‖θ_t − θ_{t−1}‖² and
    // η²‖∇L‖² underflow to 0 for steps below 10⁻¹⁶² although θ moves (near the saddle, with a tiny
    // η or a start within 10⁻¹⁶² of it), and a zero step certifies nothing where κ ≥ 1.
    const bool at_rest = seen.at_rest();
    // The Hessian is costly (an eigen-decomposition): compute it once the observed contraction
    // says it will certify with room to spare. `observed` is capped below 1 because an orbit in
    // rounding-level jitter shows no contraction at all although it has converged.
    const bool promising = dec.certified(2 * step, std::min(observed, 0.999), w);
    if (at_rest || (steps_[l] >= next_hessian_[l] && promising)) {
      for (int e = 0; e < dim_; ++e) theta_[e] = row(X_, e)[l];
      // λ = 0 near a zero-residual minimizer: the Hessian's spectrum is that of 2a·JᵀJ up to the
      // residual term (Kronecker sum: two small eigenproblems), so certify from it, widening every
      // eigenvalue by the bound on that term; the full Hessian is the fallback.
      if (p.reg_coef == 0) {
        double delta = 0;
        auto& alpha = gram_alpha_;
        auto& beta = gram_beta_;
        gram_eigenvalues(p, theta_, alpha, beta, delta);
        // The spectrum: 2a(α_i + β_j), and d(m + n) − mn zeros when that is positive.
        const double two_a = 2 * p.data_coef;
        const bool zeros = dim_ > p.m * p.n;
        double lo = two_a * (alpha[0] + beta[0]), hi = two_a * (alpha[p.m - 1] + beta[p.n - 1]);
        if (zeros) lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
        const double zero = Decider::zero_tolerance(std::max(std::abs(lo), std::abs(hi)));
        double kappa = 0;
        for (int i = 0; i < p.m; ++i)
          for (int j = 0; j < p.n; ++j) {
            const double x = two_a * (alpha[i] + beta[j]);
            if (std::abs(x) > zero)
              kappa = std::max({kappa, multiplier_modulus(x - delta, p.eta, p.momentum),
                                multiplier_modulus(x + delta, p.eta, p.momentum)});
          }
        if (delta < zero && dec.certified(step, kappa, w)) return finish(l, Status::converged, hi);
      }
      // κ is taken on the coordinates the map does not hold at 0 (lane_rows.hpp).
      const bool held = held_coordinates<kLanes>(X_, Xp_, G_, dim_, l, theta_, keep_);
      const auto h = hessian_eigenvalues(p, theta_);
      const auto hk = held ? hessian_eigenvalues(p, theta_, keep_) : h;
      const double largest = hk.empty() ? 0 : std::max(std::abs(hk.front()), std::abs(hk.back()));
      const double kappa = contraction_factor(hk, p.eta, p.momentum, Decider::zero_tolerance(largest));
      if (at_rest || dec.certified(step, kappa, w)) return finish(l, Status::converged, h.back());
      next_hessian_[l] = steps_[l] + kHessianPause;  // the Hessian is costly: not again for a while
    }
    if (steps_[l] >= ctx_.options.decision.max_iter) finish(l, Status::undecided);
  }

  // Records the lane's pixel; `sharpness` (the largest Hessian eigenvalue) for a converged one.
  void finish(int l, Status status, double sharpness = 0) {
    const std::int64_t pixel = pixel_[l];
    if (status != Status::converged) {
      record_outcome(ctx_, map_, table_, pixel, status, steps_[l]);
      return refill(l);
    }
    double nu = 0, nv = 0;
    for (int e = 0; e < dim_; ++e) {
      theta_[e] = row(X_, e)[l];
      (e < dm_ ? nu : nv) += theta_[e] * theta_[e];
    }
    const double L = loss(lane_p_[l], theta_);
    const double values[] = {L, nu + nv, sharpness, nu - nv};  // loss, norm2, sharpness, imbalance
    const Status limit = per_lane_ ? decider(l).classify_limit(L, nu + nv, sharpness)
                                   : ctx_.decider.classify_limit(L, nu + nv, sharpness);
    record_outcome(ctx_, map_, table_, pixel, limit, steps_[l], theta_, values);
    refill(l);
  }

  const TileContext& ctx_;
  const Problem& p_;
  int dim_, dm_;
  std::int64_t next_, end_;
  BasinMap& map_;
  AttractorTable& table_;
  std::vector<double> X_, Xp_, G_, R_, theta_;
  std::vector<std::uint8_t> keep_;
  std::vector<double> gram_alpha_, gram_beta_;  ///< eig UᵀU, eig VᵀV for the λ = 0 certificate
  /// Every lane its own problem (a hyperparameter plane); otherwise every lane holds p_.
  bool per_lane_ = ctx_.pixel_problem != nullptr;
  std::vector<Problem> lane_p_;
  std::array<double, kLanes> min_loss_{};
  /// The lanes' 2b, η, β and (m = n = 1) −y, read by the PerLane kernels.
  alignas(64) std::array<double, kLanes> b2_{}, eta_{}, beta_{}, neg_y_{};
  void (DenseTile::*step_)(bool keep_gradient) = nullptr;
  int active_ = 0;
  std::array<std::int64_t, kLanes> pixel_;
  std::array<std::int32_t, kLanes> steps_{};
  std::array<double, kLanes> last_step_{};
  std::array<std::int32_t, kLanes> next_hessian_{};
};

}  // namespace

void run_dense_tile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map,
                    AttractorTable& table) {
  DenseTile(ctx, begin, end, map, table).run();
}

}  // namespace gdchaos::detail::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace gdchaos::detail {

HWY_EXPORT(run_dense_tile);

void run_dense_tile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map,
                    AttractorTable& table) {
  HWY_DYNAMIC_DISPATCH(run_dense_tile)(ctx, begin, end, map, table);
}

}  // namespace gdchaos::detail
#endif  // HWY_ONCE
