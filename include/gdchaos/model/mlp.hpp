#pragma once
// Fully connected networks, the neural-network family through the model seam:
//   f(x) = c_L W_L σ(⋯σ(c_1 W_1 x + b_1)⋯) + b_L,     one output,
//   L(θ) = (1/2n) Σᵢ (f(xᵢ) − yᵢ)² + (λ/2)‖θ‖²,
// with hidden widths h_1, …, h_{L−1}, c_k = 1 (standard parametrization) or, mean-field,
// c_k = 1/√fan_in for hidden layers and c_L = 1/fan_in for the output (the layer Z = XW/√fan_in,
// the output scaled by a further 1/√width). λ applies to every coordinate, biases included.
// θ = (W_1 row-major (h_1 × p), b_1, W_2, b_2, …, W_L (1 × h_{L−1}), b_L); without biases the b's
// are absent. The gradient is backpropagation batched across networks (structure of arrays, the
// innermost loop across networks); the Hessian–vector product is exact (forward over reverse).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gdchaos/data/dataset.hpp"
#include "gdchaos/model/model.hpp"

namespace gdchaos {

enum class Activation { relu, tanh, identity, poly };
/// "relu" | "tanh" | "identity" | "poly" (σ(z) = z + z²/2, a polynomial network as in
/// Proposition 6); throws InputError otherwise.
Activation parse_activation(const std::string& name);
const char* activation_name(Activation a);

enum class Parametrization { standard, mean_field };
/// "standard" | "mean-field"; throws InputError otherwise.
Parametrization parse_parametrization(const std::string& name);
const char* parametrization_name(Parametrization p);

struct MlpShape {
  std::vector<int> hidden{8, 8};  ///< h_1, …, h_{L−1} (empty: a linear model)
  Activation activation = Activation::relu;
  bool bias = true;
  Parametrization param = Parametrization::standard;
  double weight_decay = 0;  ///< λ
};

class Mlp final : public Model {
 public:
  /// Throws InputError for an empty data set, widths < 1 or more than kMaxParameters parameters.
  Mlp(MlpShape shape, std::shared_ptr<const Dataset> data);

  static constexpr int kMaxParameters = 1 << 22;

  std::string family() const override { return "mlp"; }
  int dim() const override { return dim_; }
  double loss(std::span<const double> theta) const override;
  void gradient_lanes(const double* theta, double* grad, int lanes) const override;
  /// An upper estimate of ‖∇²L‖ on ‖θ‖² ≤ norm2 (generous: it only decides which step sizes are
  /// too small to move θ in double precision).
  double curvature_bound(double norm2) const override;
  void validate() const override;
  nlohmann::json describe() const override;
  /// Exact: the R-operator (forward mode over backpropagation), one network.
  void hessian_vector(std::span<const double> theta, std::span<const double> v, std::span<double> out) const override;

  const MlpShape& shape() const { return s_; }
  const Dataset& data() const { return *data_; }
  /// Layers k = 1 … L (L = hidden.size() + 1).
  int layers() const { return static_cast<int>(s_.hidden.size()) + 1; }
  int fan_in(int k) const { return k == 1 ? data_->p : s_.hidden[k - 2]; }
  int fan_out(int k) const { return k == layers() ? 1 : s_.hidden[k - 1]; }
  /// Where W_k (fan_out × fan_in, row-major) and b_k start in θ (bias_offset is −1 without biases).
  int weight_offset(int k) const { return weight_at_[k - 1]; }
  int bias_offset(int k) const { return s_.bias ? weight_at_[k - 1] + fan_out(k) * fan_in(k) : -1; }
  /// c_k of the layer.
  double scale(int k) const { return scale_[k - 1]; }
  /// The layer (1-based) of every coordinate of θ: per-layer step sizes act on these groups.
  std::vector<int> coordinate_layers() const;
  /// Multiply–adds of one gradient evaluation of one network (forward and backward, all samples).
  double gradient_flops() const;

  /// The default start, seeded: He initialization W_k ~ N(0, 2/fan_in) (standard) or N(0, 1)
  /// (mean-field), biases 0; portable (the same θ on every platform).
  std::vector<double> initial_point(std::uint64_t seed) const;

 private:
  MlpShape s_;
  std::shared_ptr<const Dataset> data_;
  int dim_ = 0;
  std::vector<int> weight_at_;
  std::vector<double> scale_;
  double max_x_norm2_ = 0, max_abs_y_ = 0;
};

}  // namespace gdchaos
