#pragma once
// The problem family: gradient descent on a factorization loss
//
//   L(U, V) = a‖UᵀV − Y‖²_F + b(‖U‖²_F + ‖V‖²_F),   U ∈ ℝ^{d×m}, V ∈ ℝ^{d×n}, Y ∈ ℝ^{m×n},
//
// with the paper's form a = ½, b = λ/2 by default. θ = (vec U, vec V), each row-major.
// The step is heavy-ball GD:  θ_{t+1} = θ_t − η∇L(θ_t) + β(θ_t − θ_{t−1}),  θ_{−1} = θ_0.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace gdchaos {

struct Problem {
  int d = 1;
  int m = 1;
  int n = 1;
  std::vector<double> Y{1.0};  ///< m×n target, row-major
  double data_coef = 0.5;      ///< a
  double reg_coef = 0.0;       ///< b (= λ/2 in the paper's form)
  double eta = 0.1;            ///< η
  double momentum = 0.0;       ///< β (Polyak heavy ball); 0 is plain GD

  int dim() const { return d * (m + n); }
  bool scalar_target() const { return m == 1 && n == 1; }
  double y() const { return Y[0]; }
  /// λ in the paper's parametrisation: the loss is a·(‖UᵀV − Y‖² + (λ/2a)·…); equals 2b when a = ½.
  double lambda_equivalent() const { return reg_coef / data_coef; }
  /// Throws InputError when the problem is ill-posed (η ≤ 0, shapes, non-finite numbers, β ∉ [0,1)).
  void validate() const;
};

/// An upper bound on ‖∇²L(θ)‖ over the ball ‖θ‖² ≤ norm2: 2a(1.5·norm2 + ‖Y‖_F) + 2b
/// (‖JᵀJ‖ ≤ ‖θ‖², the residual term ≤ ‖R‖_F ≤ ‖U‖‖V‖ + ‖Y‖_F).
double curvature_bound(const Problem& p, double norm2);
/// One GD step moves θ by at most η/(1 − β)·h·‖θ‖ (∇L(0) = 0, h = curvature_bound): below this
/// relative move, 2⁻⁴⁶ (64 machine epsilons), the orbit is rounding, and even 2³⁰ steps (the largest
/// max_iter) move θ by less than 2⁻¹⁶ of its size.
inline constexpr double kSmallestRelativeStep = 0x1.0p-46;
/// Throws InputError when η is too small for double precision to move θ from starts with
/// ‖θ₀‖² ≤ max_norm2 (taken as at least 1): η·h/(1 − β) < kSmallestRelativeStep
/// (docs/decisions.md, "Step sizes too small to resolve").
void check_step_size(const Problem& p, double max_norm2);

/// L(θ).
double loss(const Problem& p, std::span<const double> theta);
/// ∇L(θ) written into `grad` (size dim()).
void gradient(const Problem& p, std::span<const double> theta, std::span<double> grad);
/// The Hessian ∇²L(θ), dim()×dim(), row-major.
std::vector<double> hessian(const Problem& p, std::span<const double> theta);
/// Eigenvalues of ∇²L(θ), ascending.
std::vector<double> hessian_eigenvalues(const Problem& p, std::span<const double> theta);
/// Eigenvalues of the principal submatrix of ∇²L(θ) on the coordinates with keep[e] != 0.
std::vector<double> hessian_eigenvalues(const Problem& p, std::span<const double> theta,
                                        std::span<const std::uint8_t> keep);
/// For λ = 0 (reg_coef = 0): the spectrum of the Gauss–Newton part 2a·JᵀJ of ∇²L(θ), J = ∂R/∂θ,
/// ascending. JJᵀ = I_m ⊗ VᵀV + UᵀU ⊗ I_n is a Kronecker sum, so its eigenvalues are α_i + β_j
/// (α = eig UᵀU, β = eig VᵀV): two small symmetric eigenproblems instead of one of size d(m + n).
/// The rest of ∇²L is the residual term, of norm at most `perturbation` = 2a‖R‖_F, so every
/// eigenvalue of ∇²L lies within that distance of one of these (Weyl); the remaining
/// d(m + n) − mn eigenvalues of JᵀJ are 0. Empty when reg_coef ≠ 0.
std::vector<double> gauss_newton_spectrum(const Problem& p, std::span<const double> theta, double& perturbation);
/// The same, as its factors (for the engines' inner loop): `alpha` (m values) and `beta` (n)
/// receive eig UᵀU and eig VᵀV ascending; the spectrum is {2a(α_i + β_j)} and zeros. Allocates
/// nothing for m, n ≤ 4; for λ = 0 (reg_coef = 0) only.
void gram_eigenvalues(const Problem& p, std::span<const double> theta, std::span<double> alpha,
                      std::span<double> beta, double& perturbation);

/// One step of plain GD (no momentum): θ ← θ − η∇L(θ). The reference the engines are tested against.
void gd_step(const Problem& p, std::span<double> theta);

/// min L over all (U, V): soft-thresholding of Y's singular values (rank ≤ min(d, m, n)),
///   per singular value σ: 2bσ − b²/a when σ > b/a, else aσ².
double global_min_loss(const Problem& p);
/// rank Y, numerically: the singular values above max(m, n)·ε·σ_max.
int target_rank(const Problem& p);
/// When d < rank Y, one line saying so: UᵀV has rank at most d, so GD fits only the d largest
/// singular values and the global minimum is the loss above (the user may have meant d = rank Y).
/// Empty otherwise. Names parameters `like_this`, for the front end to spell (core/error.hpp).
std::string rank_note(const Problem& p);

}  // namespace gdchaos
