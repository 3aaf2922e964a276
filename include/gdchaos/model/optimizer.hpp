#pragma once
// The optimizer, apart from the loss it runs on: heavy-ball gradient descent
//   θ_{t+1} = θ_t − η∇L(θ_t) + β(θ_t − θ_{t−1}),   θ_{−1} = θ_0   (β = 0: plain GD).
namespace gdchaos {

/// One coordinate of one heavy-ball step: θ − η g + β(θ − θ_prev), g = ∂L/∂θ (any arithmetic
/// type, SIMD vectors included). Every engine and analysis steps through it.
template <class T>
inline T heavy_ball_step(T theta, T theta_prev, T g, T eta, T beta) {
  return theta - eta * g + beta * (theta - theta_prev);
}

struct Optimizer {
  double eta = 0.1;       ///< η
  double momentum = 0.0;  ///< β (Polyak heavy ball); 0 is plain GD

  /// Throws InputError unless η is a finite number > 0 and β ∈ [0, 1).
  void validate() const;
};

class Model;
/// One GD step moves θ by at most η/(1 − β)·h·‖θ‖ with h = model.curvature_bound: below a relative
/// move of 2⁻⁴⁶ (kSmallestRelativeStep) the orbit is rounding. Throws InputError when that is so
/// for starts with ‖θ₀‖² ≤ max_norm2 (taken as at least 1); docs/decisions.md, "Step sizes too
/// small to resolve".
void check_step_size(const Model& model, const Optimizer& optimizer, double max_norm2);

}  // namespace gdchaos
