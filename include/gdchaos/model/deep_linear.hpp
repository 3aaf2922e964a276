#pragma once
// Deep linear factorization, the second family through the model seam:
//   L(W_1, …, W_k) = a‖W_k ⋯ W_1 − Y‖²_F + b·Σ_i ‖W_i‖²_F,     Y ∈ ℝ^{m×n},
// with W_1 ∈ ℝ^{d×n}, W_i ∈ ℝ^{d×d} (1 < i < k), W_k ∈ ℝ^{m×d}, and the paper's form a = ½,
// b = λ/2. Depth k = 2 is the factorization loss with W_2 = Uᵀ, W_1 = V (in another parameter
// order); m = n = d = 1 is the classic deep-linear toy ½(x_k ⋯ x_1 − y)² + (λ/2)Σx_i².
// θ = (vec W_1, …, vec W_k), each row-major.
#include "gdchaos/model/model.hpp"

namespace gdchaos {

struct DeepLinearShape {
  int depth = 3;  ///< k ≥ 2
  int d = 1;      ///< width of every hidden layer
  int m = 1, n = 1;
  std::vector<double> Y{1.0};  ///< m×n, row-major
  double data_coef = 0.5;      ///< a
  double reg_coef = 0.0;       ///< b
};

class DeepLinear final : public Model {
 public:
  explicit DeepLinear(DeepLinearShape shape);

  std::string family() const override { return "deep_linear"; }
  int dim() const override { return dim_; }
  double loss(std::span<const double> theta) const override;
  void gradient_lanes(const double* theta, double* grad, int lanes) const override;
  double curvature_bound(double norm2) const override;
  void validate() const override;
  nlohmann::json describe() const override;
  /// Exact: the directional derivative of backpropagation (forward mode over the reverse pass).
  void hessian_vector(std::span<const double> theta, std::span<const double> v, std::span<double> out) const override;
  /// Σ_j over the singular values σ_j of Y: the j ≤ min(d, m, n) largest give
  /// min_{t ≥ 0} a(t^k − σ_j)² + b·k·t² (balanced factors: min Σ‖W_i‖² over W_k⋯W_1 = X is
  /// k·Σσ_j(X)^{2/k}), the rest a·σ_j²; b = 0 leaves the best rank-min(d, m, n) approximation.
  std::optional<double> global_min_loss() const override;
  /// imbalance = ‖W_k‖²_F − ‖W_1‖²_F (for k = 2, the factorization's ‖U‖² − ‖V‖²).
  std::vector<ModelField> fields() const override;
  void field_values(std::span<const double> limit, std::span<double> values) const override;

  const DeepLinearShape& shape() const { return s_; }
  /// Rows and columns of layer i (1-based), and where its entries start in θ.
  int rows(int i) const { return i == s_.depth ? s_.m : s_.d; }
  int cols(int i) const { return i == 1 ? s_.n : s_.d; }
  int offset(int i) const { return offsets_[i - 1]; }

 private:
  DeepLinearShape s_;
  int dim_ = 0;
  std::vector<int> offsets_;
  double y_norm_ = 0;
};

/// min_{t ≥ 0} a(t^k − σ)² + b·k·t² for σ ≥ 0: one balanced direction of the deep linear loss.
double deep_linear_direction_min(double sigma, double a, double b, int k);

}  // namespace gdchaos
