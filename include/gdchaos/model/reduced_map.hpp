#pragma once
// The factorization family with m = n = 1 in its invariant plane (Proposition 3). GD keeps (u, v)
// in span{u₀, v₀}; writing u = S ê₊ + T ê₋, v = S ê₊ − T ê₋ (so z = S² − T², w = 2(S² + T²)),
// one step is exactly
//   r = S² − T² − y,   S ← (ρ − c r) S + β(S − S_prev),   T ← (ρ + c r) T + β(T − T_prev),
// with ρ = 1 − 2ηb and c = 2ηa. This is the one place these coefficients are derived.
#include <cmath>
#include <span>
#include <utility>

#include "gdchaos/model/problem.hpp"

namespace gdchaos {

struct ReducedMap {
  double rho, c, y, a, b, beta, eta;
  double cy, sqrt_c;  ///< c·y and √c, the exact engine's scaled coordinates (σ, τ) = √c·(S, T)

  explicit ReducedMap(const Problem& p)
      : rho(1 - 2 * p.eta * p.reg_coef), c(2 * p.eta * p.data_coef), y(p.y()), a(p.data_coef), b(p.reg_coef),
        beta(p.momentum), eta(p.eta), cy(c * y), sqrt_c(std::sqrt(c)) {}

  /// One GD step of (S, T), heavy ball with the previous point (S_prev, T_prev), both updated.
  void step(double& S, double& T, double& S_prev, double& T_prev) const {
    const double x = c * (S * S - T * T - y);
    const double Sn = (rho - x) * S + beta * (S - S_prev), Tn = (rho + x) * T + beta * (T - T_prev);
    S_prev = S, T_prev = T, S = Sn, T = Tn;
  }
};

/// θ₀'s coordinates in the invariant plane: (S₀, T₀) = (‖u₀ + v₀‖/2, ‖u₀ − v₀‖/2).
inline std::pair<double, double> reduced_start(const Problem& p, std::span<const double> theta0) {
  double sp = 0, sm = 0;
  for (int k = 0; k < p.d; ++k) {
    const double e = theta0[k] + theta0[p.d + k], f = theta0[k] - theta0[p.d + k];
    sp += e * e;
    sm += f * f;
  }
  return {0.5 * std::sqrt(sp), 0.5 * std::sqrt(sm)};
}

}  // namespace gdchaos
