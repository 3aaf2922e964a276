// The exact O(1) engine for m = n = 1 (any d).
//
// GD keeps (u, v) in span{u₀, v₀} (Proposition 3). Writing
//   u = S ê₊ + T ê₋,  v = S ê₊ − T ê₋,   ê± = (u₀ ± v₀)/‖u₀ ± v₀‖,
// so that z = uᵀv = S² − T² and w = ‖u‖² + ‖v‖² = 2(S² + T²), one GD step is exactly
//   r = S² − T² − y,   S ← (ρ − c r) S,   T ← (ρ + c r) T,      ρ = 1 − 2ηb, c = 2ηa
// (heavy ball adds β(S − S_prev), β(T − T_prev)). The map is diagonal: a pixel costs a handful
// of multiply-adds per step whatever d is, and θ* is rebuilt from (S, T) at the end.
// S₀ = ‖u₀ + v₀‖/2 = 0 exactly when u₀ = −v₀, and then S stays 0: the saddle's basin is exact.
//
// The kernel iterates the scaled pair (σ, τ) = √c·(S, T), for which
//   x = σ² − τ² − c y,   σ ← (ρ − x) σ,   τ ← (ρ + x) τ
// costs 6 floating-point operations (4 when ρ = 1, i.e. λ = 0), with kVectors independent SIMD
// vectors in flight to hide the FMA latency, all in registers for `check_every` steps.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cmath>
#include <limits>
#include <vector>

#include "engine/manifold_limit.hpp"
#include "engine/tile.hpp"
#include "gdchaos/model/reduced_map.hpp"
#include "gdchaos/model/stability.hpp"

// Compiled once per SIMD target (docs/architecture.md, "SIMD targets"); run_exact_tile, at the end,
// dispatches to the best one the CPU has.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "engine/exact_engine.cpp"
#include <hwy/foreach_target.h>  // (re-includes this file, once per target)
#include <hwy/highway.h>

#include "engine/fused-inl.h"
#include "engine/manifold_limit-inl.h"

HWY_BEFORE_NAMESPACE();
namespace gdchaos::detail::HWY_NAMESPACE {

namespace {

namespace hn = hwy::HWY_NAMESPACE;
using D = hn::ScalableTag<double>;
using Vec = hn::Vec<D>;
using Mask = hn::Mask<D>;
constexpr int kWidth = static_cast<int>(hn::MaxLanes(D()));
/// Lanes of a tile: the same on every target, so that every target decides the pixels of a tile in
/// the same order (the certificate schedule passes from pixel to pixel) and gives the same map.
constexpr int kLanes = 48;
/// SIMD vectors in flight in the kernel (registers: σ and τ of each); the lanes run in blocks of
/// that many vectors, each block `check_every` steps at a time. Six, with 48 lanes: 12 of AVX2's
/// 16 registers, leaving room for cy and x (eight spilled a σ to the stack, whose store and reload
/// sat on the loop's dependency chain: 1.55 → 1.68·10⁹ steps/s on one AVX2 core).
constexpr int kVectors = std::min(6, kLanes / kWidth);
constexpr int kBlockLanes = kWidth * kVectors;
static_assert(kLanes <= 64, "lanes are tracked in 64-bit masks");
static_assert(kLanes % kBlockLanes == 0 && kWidth <= kMaxVectorLanes);

// The lanes of a mask as bits.
unsigned mask_bits(const Mask& m) {
  std::uint8_t bits[8] = {};
  hn::StoreMaskBits(D(), m, bits);
  return bits[0];
}

using Reduced = ReducedMap;

/// The reduced map's coefficients lane by lane, for the vectorised loops: equal in every lane of a
/// basin map; on a hyperparameter plane each lane holds its own problem.
struct LaneCoefficients {
  alignas(64) std::array<double, kLanes> rho{}, cy{}, beta{};
  /// The escape radius and the w scale in the kernel's units: w = (2/c)(σ² + τ²).
  alignas(64) std::array<double, kLanes> escape{}, to_w{};
  void set(int l, const Reduced& q, double escape_w) {
    rho[l] = q.rho, cy[l] = q.cy, beta[l] = q.beta;
    to_w[l] = 2 / q.c;
    escape[l] = escape_w / to_w[l];
  }
};

// The coefficient vector of lanes base, base + 1, … of the kernel: the broadcast `uniform`, or (PerLane) each lane's own.
template <bool PerLane>
Vec coefficient(const Vec& uniform, const std::array<double, kLanes>& lanes, int base) {
  if constexpr (PerLane)
    return hn::Load(D(), lanes.data() + base);
  else
    return uniform;
}

// `steps` plain-GD steps of all lanes, in registers, a block of kVectors vectors at a time.
// The multiply-adds are fused on every target (engine/fused-inl.h), so every target computes the
// same orbit.
template <bool RhoIsOne, bool PerLane>
void iterate(double* __restrict sig, double* __restrict tau, int steps, const Reduced& q,
             const LaneCoefficients& lanes) {
  const D d;
  const Vec rho_all = hn::Set(d, q.rho), cy_all = hn::Set(d, q.cy);
  for (int block = 0; block < kLanes; block += kBlockLanes) {
    Vec s[kVectors], t[kVectors];
    for (int v = 0; v < kVectors; ++v) {
      s[v] = hn::Load(d, sig + block + v * kWidth);
      t[v] = hn::Load(d, tau + block + v * kWidth);
    }
    for (int k = 0; k < steps; ++k) {
      for (int v = 0; v < kVectors; ++v) {
        const Vec cy = coefficient<PerLane>(cy_all, lanes.cy, block + v * kWidth);
        const Vec x = fused_mul_sub(s[v], s[v], fused_mul_add(t[v], t[v], cy));  // σ² − (τ² + cy)
        if constexpr (RhoIsOne) {
          s[v] = fused_neg_mul_add(x, s[v], s[v]);  // σ − xσ
          t[v] = fused_mul_add(x, t[v], t[v]);      // τ + xτ
        } else {
          const Vec rho = coefficient<PerLane>(rho_all, lanes.rho, block + v * kWidth);
          s[v] = fused_neg_mul_add(x, s[v], rho * s[v]);  // ρσ − xσ
          t[v] = fused_mul_add(x, t[v], rho * t[v]);      // ρτ + xτ
        }
      }
    }
    for (int v = 0; v < kVectors; ++v) {
      hn::Store(s[v], d, sig + block + v * kWidth);
      hn::Store(t[v], d, tau + block + v * kWidth);
    }
  }
}

// Heavy ball: σ ← (ρ − x)σ + β(σ − σ_prev).
template <bool PerLane>
void iterate_momentum(double* __restrict sig, double* __restrict tau, double* __restrict sigp,
                      double* __restrict taup, int steps, const Reduced& q, const LaneCoefficients& lanes) {
  const double* __restrict rho_l = lanes.rho.data();
  const double* __restrict cy_l = lanes.cy.data();
  const double* __restrict beta_l = lanes.beta.data();
  for (int k = 0; k < steps; ++k) {
#pragma omp simd
    for (int l = 0; l < kLanes; ++l) {
      const double rho = PerLane ? rho_l[l] : q.rho, cy = PerLane ? cy_l[l] : q.cy, beta = PerLane ? beta_l[l] : q.beta;
      const double x = sig[l] * sig[l] - tau[l] * tau[l] - cy;
      const double sn = sig[l] * (rho - x) + beta * (sig[l] - sigp[l]);
      const double tn = tau[l] * (rho + x) + beta * (tau[l] - taup[l]);
      sigp[l] = sig[l];
      taup[l] = tau[l];
      sig[l] = sn;
      tau[l] = tn;
    }
  }
}

// Eigenvalues of ∇²L restricted to span{u₀, v₀}, in the orthonormal coordinates √2(S, T):
//   [[2ar + 4aS² + 2b, −4aST], [−4aST, −2ar + 4aT² + 2b]].
// A coordinate that is exactly 0 together with its previous value stays 0 forever (the map is
// diagonal), so the orbit never feels that direction; `skip_*` drops it.
std::array<double, 2> reduced_eigenvalues(const Reduced& q, double S, double T, bool skip_s, bool skip_t,
                                          int& count) {
  const double r = S * S - T * T - q.y;
  const double hss = 2 * q.a * r + 4 * q.a * S * S + 2 * q.b;
  const double htt = -2 * q.a * r + 4 * q.a * T * T + 2 * q.b;
  const double hst = -4 * q.a * S * T;
  if (skip_s && skip_t) return count = 0, std::array<double, 2>{};
  if (skip_s) return count = 1, std::array<double, 2>{htt, 0};
  if (skip_t) return count = 1, std::array<double, 2>{hss, 0};
  const double dh = 0.5 * (hss - htt), mean = 0.5 * (hss + htt), half = std::sqrt(dh * dh + hst * hst);
  count = 2;
  return {mean - half, mean + half};
}

// PerLane: every lane its own problem (a hyperparameter plane); the other instantiation is the
// basin map's, with one problem for the whole tile and none of the per-lane bookkeeping.
template <bool PerLane>
class ExactTile {
 public:
  ExactTile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map, AttractorTable& table)
      : ctx_(ctx), q_(ctx.problem()), lane_q_(PerLane ? kLanes : 0, q_), d_(ctx.problem().d), next_(begin), end_(end), map_(map),
        table_(table), theta_(2 * d_), limit_(2 * d_) {
    pixel_.fill(-1);
    for (int l = 0; l < kLanes; ++l) lanes_.set(l, q_, ctx.options.decision.escape);
    inv_sqrt_c_.fill(1 / q_.sqrt_c);
  }

  void run() {
    for (int l = 0; l < kLanes; ++l) refill(l);
    const int every = ctx_.options.decision.check_every;
    while (active_ > 0) {
      iterate_all(every);
      for (auto& s : steps_) s += every;
      apply_certificates();
      if (active_ > 0) screen();
    }
  }

 private:
  // The kernel for this tile's kind of map (every lane of a tile is of one kind: hyper.cpp).
  void iterate_all(int every) {
    if (q_.beta != 0)
      iterate_momentum<PerLane>(sig_.data(), tau_.data(), sigp_.data(), taup_.data(), every, q_, lanes_);
    else if (q_.rho == 1)
      iterate<true, PerLane>(sig_.data(), tau_.data(), every, q_, lanes_);
    else
      iterate<false, PerLane>(sig_.data(), tau_.data(), every, q_, lanes_);
  }

  // Vectorised first look at every lane; only lanes that may be decided get a closer look.
  // A lane needs one when it escaped (or overflowed), when it ran out of steps, or when it may have
  // converged: its step within the tolerance (the step-size test), or, for λ = 0, |x| below the
  // lane's gate for the certificate (batched: start_certificates). Flagged lanes become bits of a
  // mask, walked in order, so there is no unpredictable branch per lane.
  void screen() {
    const auto& opt = ctx_.options.decision;
    const D d;
    const Vec tol2 = hn::Set(d, opt.tol * opt.tol), one = hn::Set(d, 1.0), zero = hn::Zero(d);
    const Vec escape_all = hn::Set(d, lanes_.escape[0]), to_w_all = hn::Set(d, lanes_.to_w[0]);
    const Vec rho_all = hn::Set(d, q_.rho), cy_all = hn::Set(d, q_.cy);
    std::uint64_t out_of_steps = 0;  // bit l: lane l ran out of steps (or, all lanes: one did)
    if constexpr (PerLane) {
      // Each lane alone, as if it were the tile's only pixel (as hyperparameter planes always ran).
      for (int l = 0; l < kLanes; ++l)
        out_of_steps |= static_cast<std::uint64_t>(steps_[l] >= opt.max_iter) << l;
    } else {
      // Lanes advance together, so only the oldest lane can have run out of steps.
      std::int32_t oldest = 0;
      for (const auto s : steps_) oldest = std::max(oldest, s);  // (vectorised, unlike max_element)
      if (oldest >= opt.max_iter) out_of_steps = ~std::uint64_t{0};
    }
    std::uint64_t flagged = 0;  // bit l: lane l needs a look
    for (int base = 0; base < kLanes; base += kWidth) {
      // w = (2/c)(σ² + τ²); steps scale the same way
      const Vec escape = coefficient<PerLane>(escape_all, lanes_.escape, base);
      const Vec to_w = coefficient<PerLane>(to_w_all, lanes_.to_w, base);
      const Vec rho = coefficient<PerLane>(rho_all, lanes_.rho, base), cy = coefficient<PerLane>(cy_all, lanes_.cy, base);
      const Vec s = hn::Load(d, sig_.data() + base), t = hn::Load(d, tau_.data() + base);
      const Vec w = s * s + t * t;
      const Vec x = s * s - (t * t + cy);
      const Vec gate = hn::Load(d, gate_.data() + base);
      Mask flag = hn::Not(w <= escape);
      if (manifold_exit_) {
        // Plain GD with λ = 0: the certified early exit is tried once |x| is small (gate_ holds x²).
        // Lanes on an axis (σ or τ exactly 0: from u₀ = ±v₀, or when a step hits x = ±1 exactly)
        // may be bound for the saddle, which only the step-size test decides: looked at every time.
        flag = hn::Or(hn::Or(flag, x * x <= gate), hn::Or(s == zero, t == zero));
      } else {
        // step² ≤ tol²·max(1, w), both in θ units: step² = (2/c)(gσ² + gτ²)
        const Vec gs = (rho - x) * s - s, gt = (rho + x) * t - t;
        const Vec lhs = (gs * gs + gt * gt) * to_w, rhs = gate * tol2 * hn::Max(one, w * to_w);
        flag = hn::Or(flag, lhs <= rhs);
      }
      flagged |= static_cast<std::uint64_t>(mask_bits(flag)) << base;
    }
    // The lanes to look at, in bit order: no branch per lane on whether it was flagged.
    flagged = (q_.beta != 0 ? ~std::uint64_t{0} : flagged | out_of_steps) & active_lanes_;
    int pending = 0;  // λ = 0 lanes for the batched certificate
    for (; flagged; flagged &= flagged - 1) {
      const int l = std::countr_zero(flagged);
      if (manifold_exit_ && !on_axis(l))
        pending_[pending++] = l;
      else
        check(l);
    }
    start_certificates(pending);
  }

  void refill(int l) {
    // Pixels outside the domain (quotient plane) are recorded at once.
    while (next_ < end_ && !ctx_.points.point(next_, theta_))
      record_outcome(ctx_, map_, table_, next_++, Status::outside_domain, 0);
    if (next_ >= end_) {
      if (pixel_[l] >= 0) --active_;
      pixel_[l] = -1;
      active_lanes_ &= ~(std::uint64_t{1} << l);
      sig_[l] = tau_[l] = sigp_[l] = taup_[l] = 0;  // 0 is a fixed point: idle lanes stay quiet
      steps_[l] = kIdleSteps;  // never near max_iter: the budget test looks at busy lanes only
      return;
    }
    if (pixel_[l] < 0) ++active_;
    pixel_[l] = next_++;
    if constexpr (PerLane) set_lane_problem(l, (*ctx_.pixel_problem)(pixel_[l]));
    active_lanes_ |= std::uint64_t{1} << l;
    steps_[l] = 0;
    gate_[l] = 1;
    double ne, nf;  // ‖u₀ + v₀‖, ‖u₀ − v₀‖
    if (d_ == 1) {
      // The common case: no square roots, and θ* needs only the signs (see finish_converged).
      const double e = theta_[0] + theta_[1], f = theta_[0] - theta_[1];
      ne = std::abs(e), nf = std::abs(f);
      sign_e_[l] = e > 0 ? 1.0 : e < 0 ? -1.0 : 0.0;
      sign_f_[l] = f > 0 ? 1.0 : f < 0 ? -1.0 : 0.0;
    } else {
      double sp = 0, sm = 0;
      for (int k = 0; k < d_; ++k) {
        const double e = theta_[k] + theta_[d_ + k], f = theta_[k] - theta_[d_ + k];
        sp += e * e;
        sm += f * f;
      }
      ne = std::sqrt(sp), nf = std::sqrt(sm);
    }
    sig_[l] = sigp_[l] = lane(l).sqrt_c * 0.5 * ne;
    tau_[l] = taup_[l] = lane(l).sqrt_c * 0.5 * nf;
    if (manifold_exit_) gate_[l] = first_try_x2_;
  }

  // A hyperparameter plane's pixel: lane l runs GD on problem p.
  void set_lane_problem(int l, const Problem& p) {
    lane_q_[l] = Reduced(p);
    lanes_.set(l, lane_q_[l], ctx_.options.decision.escape);
    inv_sqrt_c_[l] = 1 / lane_q_[l].sqrt_c;
    min_loss_[l] = global_min_loss(p);
  }

  // Lane l's problem: its own on a hyperparameter plane, else the tile's.
  const Reduced& lane(int l) const {
    if constexpr (PerLane) return lane_q_[l];
    else return q_;
  }

  // The decision rules for lane l's problem.
  Decider decider(int l) const {
    Decider dec = ctx_.decider;
    dec.min_loss = min_loss_[l];
    return dec;
  }

  void check(int l) {
    const Decider& dec = ctx_.decider;  // (its min L, the one per-lane part, is not read here)
    const Reduced& q = lane(l);
    const double inv_sqrt_c = PerLane ? inv_sqrt_c_[l] : inv_sqrt_c_[0];
    const double S = sig_[l] * inv_sqrt_c, T = tau_[l] * inv_sqrt_c;
    const double Sp = sigp_[l] * inv_sqrt_c, Tp = taup_[l] * inv_sqrt_c;
    const double w = 2 * (S * S + T * T);
    if (dec.escaped(w)) return finish(l, Status::diverged);
    // The step GD is taking: the plain-GD displacement −η∇L(θ_t) (in (S, T): S(ρ − c r − 1), …),
    // and with momentum also the last move θ_t − θ_{t−1} (small at a turning point, where the
    // gradient is not).
    const double x = q.c * (S * S - T * T - q.y);
    const double gS = S * (q.rho - x) - S, gT = T * (q.rho + x) - T;
    double step2 = gS * gS + gT * gT;
    if (q.beta != 0) step2 = std::max(step2, (S - Sp) * (S - Sp) + (T - Tp) * (T - Tp));
    double step = std::sqrt(2 * step2);
    if (step == 0) {
      // The displacement rounded to 0: with a small η, S(ρ − x) can round to S although the
      // gradient is not small, and θ is then a fixed point of the floating-point map without being
      // a critical point. The certificate needs the step itself, η‖∇L‖, which in (S, T) is
      // (S(x + 2ηb), T(x − 2ηb)); it is 0 only where the gradient is (e.g. the saddle, S = T = 0).
      const double k = 2 * q.eta * q.b;
      // (std::hypot: the squares can underflow although the step is not 0.)
      const double sS = S * (x + k), sT = T * (x - k);
      step = std::sqrt(2.0) * std::hypot(sS, sT);
    }
    if (step <= dec.tolerance(w)) {
      int count = 0;
      const bool skip_s = S == 0 && Sp == 0, skip_t = T == 0 && Tp == 0;
      const auto h = reduced_eigenvalues(q, S, T, skip_s, skip_t, count);
      const double largest = count ? std::max(std::abs(h[0]), std::abs(h[count - 1])) : 0;
      const double kappa = contraction_factor(std::span(h.data(), count), q.eta, q.beta,
                                              Decider::zero_tolerance(largest));
      if (step == 0 || dec.certified(step, kappa, w)) return finish_converged(l, S, T);
      // Not yet: the screen waits until the step could pass with this κ (squared, relative to tol).
      const double need = dec.certifiable_step(kappa, w) / dec.tolerance(w);
      if (!manifold_exit_) gate_[l] = 0.81 * need * need;
    }
    if (steps_[l] >= ctx_.options.decision.max_iter) finish(l, Status::undecided);
  }

  // Plain GD with λ = 0 off the axes: the certified early exit (engine/manifold_limit.hpp) decides
  // convergence (the step-size test could only certify later), a SIMD vector of lanes at a time.
  // Its arithmetic is one long chain of square roots and divisions, so the results are applied
  // only after the next round of steps (apply_certificates), which runs while the chain completes;
  // the lanes' outcomes are those of the state certified, with the steps counted up to it.
  void start_certificates(int pending) {
    const double tol = ctx_.options.decision.tol;
    pending_count_ = pending;
    for (int begin = 0; begin < pending; begin += kWidth) {
      alignas(64) std::array<double, kWidth> sig{}, tau{}, rel_tol{}, cy{};
      cy.fill(q_.cy);
      for (int k = begin; k < std::min(pending, begin + kWidth); ++k) {
        const int l = pending_[k];
        sig[k - begin] = sig_[l];
        tau[k - begin] = tau_[l];
        cy[k - begin] = lanes_.cy[l];
        pending_steps_[k] = steps_[l];
        const double w = pending_w_[k] = lanes_.to_w[l] * (sig_[l] * sig_[l] + tau_[l] * tau_[l]);
        // The limit's accuracy: tol·max(1, ‖θ‖), relative to ‖θ‖.
        rel_tol[k - begin] = w >= 1 ? tol : tol / std::sqrt(w);
      }
      const D d;
      certify_manifold_limits(d, hn::Load(d, sig.data()), hn::Load(d, tau.data()), hn::Load(d, cy.data()),
                              hn::Load(d, rel_tol.data()), batches_[begin / kWidth]);
    }
  }

  void apply_certificates() {
    for (int k = 0; k < pending_count_; ++k) {
      const int l = pending_[k], i = k % kWidth;
      const auto& lim = batches_[k / kWidth];
      steps_[l] = pending_steps_[k];  // the outcome is the certified state's
      if (ctx_.decider.escaped(pending_w_[k])) {
        finish(l, Status::diverged);
      } else if (lim.certified[i]) {
        // Neighbouring pixels tend to pass at a similar |x|: start the next one's tries where this
        // one would have just passed (not where it was looked at, which may be far below).
        // (Not on a hyperparameter plane, whose neighbours are other problems: each pixel there
        // decides as if alone.)
        if constexpr (!PerLane) first_try_x2_ = std::max(lim.pass_x2(i), kRoundingX2);
        finish_converged(l, lim.sigma[i] * inv_sqrt_c_[l], lim.tau[i] * inv_sqrt_c_[l], /*on_hyperbola=*/true);
      } else {
        // Not yet: the lane goes on from where it is now (steps counted again).
        steps_[l] += ctx_.options.decision.check_every;
        gate_[l] = std::max(lim.retry_x2(i), kRoundingX2);
        if (pending_steps_[k] >= ctx_.options.decision.max_iter) {
          steps_[l] = pending_steps_[k];
          finish(l, Status::undecided);
        }
      }
    }
    pending_count_ = 0;
  }

  // Records the lane's pixel (an orbit that did not converge).
  void finish(int l, Status status) {
    record_outcome(ctx_, map_, table_, pixel_[l], status, steps_[l]);
    refill(l);
  }

  // Records the lane's pixel as converged to the limit (S, T): rebuilds θ* = (S ê₊ + T ê₋, S ê₊ − T ê₋).
  // `on_hyperbola`: (S, T) is a λ = 0 minimizer (r = 0), whose sharpness has a closed form.
  void finish_converged(int l, double S, double T, bool on_hyperbola = false) {
    const std::int64_t pixel = pixel_[l];
    double nu = 0, nv = 0;
    if (d_ == 1) {
      // ê± = sign(u₀ ± v₀): θ* = (S·s₊ + T·s₋, S·s₊ − T·s₋).
      limit_[0] = S * sign_e_[l] + T * sign_f_[l];
      limit_[1] = S * sign_e_[l] - T * sign_f_[l];
      nu = limit_[0] * limit_[0], nv = limit_[1] * limit_[1];
    } else {
      ctx_.points.point(pixel, theta_);
      double np = 0, nm = 0;
      for (int k = 0; k < d_; ++k) {
        const double e = theta_[k] + theta_[d_ + k], f = theta_[k] - theta_[d_ + k];
        np += e * e;
        nm += f * f;
      }
      const double sp = np > 0 ? S / std::sqrt(np) : 0, sm = nm > 0 ? T / std::sqrt(nm) : 0;
      for (int k = 0; k < d_; ++k) {
        const double e = theta_[k] + theta_[d_ + k], f = theta_[k] - theta_[d_ + k];
        limit_[k] = sp * e + sm * f;
        limit_[d_ + k] = sp * e - sm * f;
        nu += limit_[k] * limit_[k];
        nv += limit_[d_ + k] * limit_[d_ + k];
      }
    }
    const Reduced& q = lane(l);
    const double r = S * S - T * T - q.y, w = 2 * (S * S + T * T);
    const double loss = q.a * r * r + q.b * w;
    int count = 0;
    // On the λ = 0 hyperbola (r = 0) the 2×2 Hessian is 4a(S, −T)(S, −T)ᵀ: sharpness 2a·w.
    double sharpness = on_hyperbola ? 2 * q.a * w : reduced_eigenvalues(q, S, T, false, false, count)[1];
    // Off the invariant plane (d > 1) ∇²L has eigenvalues 2b ± 2ar.
    if (d_ > 1) sharpness = std::max(sharpness, 2 * q.b + 2 * q.a * std::abs(r));
    const double values[] = {loss, w, sharpness, nu - nv};  // loss, norm2, sharpness, imbalance
    const Status status =
        PerLane ? decider(l).classify_limit(loss, w, sharpness) : ctx_.decider.classify_limit(loss, w, sharpness);
    record_outcome(ctx_, map_, table_, pixel, status, steps_[l], limit_, values);
    refill(l);
  }

  /// Where a new pixel first tries the certified early exit: |x| ≤ 10⁻⁴ until a pixel of this tile
  /// has been certified (each failed try says when to try again).
  double first_try_x2_ = kFirstTryX2;
  static constexpr std::int32_t kIdleSteps = std::numeric_limits<std::int32_t>::min() / 2;
  /// x = σ² − τ² − cy stalls at rounding level (about 10⁻¹⁶ for O(1) σ, τ): a gate below that
  /// would never open, so none is set below |x| = 10⁻¹³.
  static constexpr double kRoundingX2 = 1e-26;
  /// σ or τ exactly 0 stays 0 (the map is diagonal): such an orbit may converge off the hyperbola
  /// (to the saddle), which only the step-size test decides, so the screen passes it every time.
  bool on_axis(int l) const { return sig_[l] == 0 || tau_[l] == 0; }

  const TileContext& ctx_;
  /// The tile's problem; on a hyperparameter plane its first pixel's, which fixes the tile's kind
  /// of map (momentum or not, ρ = 1 or not, λ = 0 or not) for all its pixels.
  Reduced q_;
  /// PerLane: each lane's problem, its coefficients for the vectorised loops, 1/√c and min L.
  std::vector<Reduced> lane_q_;
  LaneCoefficients lanes_;
  std::array<double, kLanes> inv_sqrt_c_{}, min_loss_{};
  /// Plain GD with λ = 0: limits lie on the hyperbola and engine/manifold_limit.hpp applies.
  bool manifold_exit_ = q_.b == 0 && q_.beta == 0;
  int d_;
  std::int64_t next_, end_;
  BasinMap& map_;
  AttractorTable& table_;
  std::vector<double> theta_, limit_;
  int active_ = 0;
  std::uint64_t active_lanes_ = 0;  ///< bit l: lane l holds a pixel
  alignas(64) std::array<double, kLanes> sig_{}, tau_{}, sigp_{}, taup_{};
  /// The screen's threshold: on step², relative to tol²·max(1, w); with the early exit, on x².
  alignas(64) std::array<double, kLanes> gate_{};
  // Lanes the screen passed to the batched λ = 0 certificate, their state and steps then, and the
  // certificates (one per SIMD vector of them).
  std::array<int, kLanes> pending_{};
  int pending_count_ = 0;
  std::array<double, kLanes> pending_w_{};  ///< ‖θ‖² then
  std::array<std::int32_t, kLanes> pending_steps_{};
  std::array<ManifoldLimits, kLanes / kWidth> batches_{};
  std::array<std::int64_t, kLanes> pixel_;
  std::array<double, kLanes> sign_e_{}, sign_f_{};  ///< d = 1: signs of u₀ + v₀ and u₀ − v₀
  std::array<std::int32_t, kLanes> steps_{};
};

}  // namespace

void run_exact_tile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map,
                    AttractorTable& table) {
  if (ctx.pixel_problem)
    ExactTile<true>(ctx, begin, end, map, table).run();
  else
    ExactTile<false>(ctx, begin, end, map, table).run();
}

ManifoldLimit certify_one_manifold_limit(double sigma, double tau, double cy, double rel_tol) {
  const D d;
  ManifoldLimits all;
  certify_manifold_limits(d, hn::Set(d, sigma), hn::Set(d, tau), hn::Set(d, cy), hn::Set(d, rel_tol), all);
  if (all.certified[0]) return {true, all.sigma[0], all.tau[0], 0};
  return {false, 0, 0, all.retry_x2(0)};
}

}  // namespace gdchaos::detail::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace gdchaos::detail {

HWY_EXPORT(run_exact_tile);
HWY_EXPORT(certify_one_manifold_limit);

void run_exact_tile(const TileContext& ctx, std::int64_t begin, std::int64_t end, BasinMap& map,
                    AttractorTable& table) {
  HWY_DYNAMIC_DISPATCH(run_exact_tile)(ctx, begin, end, map, table);
}

ManifoldLimit certify_manifold_limit(double sigma, double tau, double cy, double rel_tol) {
  return HWY_DYNAMIC_DISPATCH(certify_one_manifold_limit)(sigma, tau, cy, rel_tol);
}

}  // namespace gdchaos::detail
#endif  // HWY_ONCE
