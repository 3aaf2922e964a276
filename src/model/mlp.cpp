#include "gdchaos/model/mlp.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/core/portable_normal.hpp"
#include "model/activation.hpp"
#include "model/mlp_gradient.hpp"

namespace gdchaos {

Activation parse_activation(const std::string& name) {
  if (name == "relu") return Activation::relu;
  if (name == "tanh") return Activation::tanh;
  if (name == "identity") return Activation::identity;
  if (name == "poly") return Activation::poly;
  throw InputError("`activation`: '" + name + "' is not relu, tanh, identity or poly");
}

const char* activation_name(Activation a) {
  switch (a) {
    case Activation::relu: return "relu";
    case Activation::tanh: return "tanh";
    case Activation::identity: return "identity";
    default: return "poly";
  }
}

Parametrization parse_parametrization(const std::string& name) {
  if (name == "standard") return Parametrization::standard;
  if (name == "mean-field" || name == "mean_field") return Parametrization::mean_field;
  throw InputError("`param`: '" + name + "' is not standard or mean-field");
}

const char* parametrization_name(Parametrization p) {
  return p == Parametrization::standard ? "standard" : "mean-field";
}

namespace {

using detail::Sigma;
using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixMap = Eigen::Map<const Matrix>;
using Vector = Eigen::VectorXd;


}  // namespace

Mlp::Mlp(MlpShape shape, std::shared_ptr<const Dataset> data) : s_(std::move(shape)), data_(std::move(data)) {
  if (!data_ || data_->n < 1 || data_->p < 1) throw InputError("`data`: the data set is empty");
  if (static_cast<std::size_t>(data_->n) * data_->p != data_->X.size() ||
      static_cast<std::size_t>(data_->n) != data_->y.size())
    throw InputError("`data`: X must be n×p and y have n entries");
  for (int h : s_.hidden)
    if (h < 1 || h > 65536) throw InputError("`arch`: every hidden width must be in [1, 65536]");
  long long total = 0;
  for (int k = 1; k <= layers(); ++k) {
    weight_at_.push_back(static_cast<int>(std::min<long long>(total, 1LL << 30)));
    total += static_cast<long long>(fan_out(k)) * fan_in(k) + (s_.bias ? fan_out(k) : 0);
    const double c = s_.param == Parametrization::standard ? 1.0
                     : k == layers()                       ? 1.0 / fan_in(k)
                                                           : 1.0 / std::sqrt(static_cast<double>(fan_in(k)));
    scale_.push_back(c);
  }
  if (total > kMaxParameters)
    throw InputError("the network has " + std::to_string(total) + " parameters, more than the " +
                     std::to_string(kMaxParameters) + " gdchaos supports");
  dim_ = static_cast<int>(total);
  for (int i = 0; i < data_->n; ++i) {
    double r = 0;
    for (int j = 0; j < data_->p; ++j) r += data_->X[i * data_->p + j] * data_->X[i * data_->p + j];
    max_x_norm2_ = std::max(max_x_norm2_, r);
    max_abs_y_ = std::max(max_abs_y_, std::abs(data_->y[i]));
  }
}

void Mlp::validate() const {
  if (!std::isfinite(s_.weight_decay) || s_.weight_decay < 0)
    throw InputError("`weight_decay` must be a finite number >= 0");
  for (double x : data_->X)
    if (!std::isfinite(x)) throw InputError("`data`: X has a non-finite entry");
  for (double y : data_->y)
    if (!std::isfinite(y)) throw InputError("`data`: y has a non-finite entry");
}

std::vector<int> Mlp::coordinate_layers() const {
  std::vector<int> layer(dim_);
  for (int k = 1; k <= layers(); ++k) {
    const int end = k == layers() ? dim_ : weight_offset(k + 1);
    std::fill(layer.begin() + weight_offset(k), layer.begin() + end, k);
  }
  return layer;
}

double Mlp::gradient_flops() const {
  // Forward W·a and backward ∇W = δaᵀ on every layer, δ = Wᵀδ on all but the first: 2 flops each.
  double macs = 0;
  for (int k = 1; k <= layers(); ++k) macs += (k == 1 ? 2.0 : 3.0) * fan_in(k) * fan_out(k);
  return 2.0 * macs * data_->n;
}

std::vector<double> Mlp::initial_point(std::uint64_t seed) const {
  PortableNormal normal(seed);
  std::vector<double> theta(dim_, 0.0);
  for (int k = 1; k <= layers(); ++k) {
    const double sd = s_.param == Parametrization::standard ? std::sqrt(2.0 / fan_in(k)) : 1.0;
    const int w = weight_offset(k);
    for (int e = 0; e < fan_out(k) * fan_in(k); ++e) theta[w + e] = sd * normal();
  }
  return theta;
}

nlohmann::json Mlp::describe() const {
  nlohmann::json layers_json = nlohmann::json::array();
  for (int k = 1; k <= layers(); ++k)
    layers_json.push_back({{"W", {fan_out(k), fan_in(k)}},
                           {"W_offset", weight_offset(k)},
                           {"b_offset", s_.bias ? nlohmann::json(bias_offset(k)) : nlohmann::json(nullptr)},
                           {"scale", scale(k)}});
  return {{"family", family()},
          {"arch", s_.hidden},
          {"inputs", data_->p},
          {"samples", data_->n},
          {"activation", activation_name(s_.activation)},
          {"bias", s_.bias},
          {"param", parametrization_name(s_.param)},
          {"weight_decay", s_.weight_decay},
          {"dim", dim_},
          {"layers", layers_json},
          {"data", *data_->description},
          {"loss", "(1/2n) Σᵢ (f(xᵢ) − yᵢ)² + (λ/2)‖θ‖², f(x) = c_L W_L σ(⋯σ(c_1 W_1 x + b_1)⋯) + b_L"},
          {"parameter_order", "W_1 (row-major), b_1, W_2, b_2, …, W_L, b_L"}};
}

double Mlp::curvature_bound(double norm2) const {
  // Every ‖W_k‖ ≤ N = ‖θ‖, |σ(z)| ≤ |z| and |σ′| ≤ 1 (relu, tanh, identity): activations are at
  // most (1 + N)^k (1 + ‖x‖), and each second derivative of f carries at most L² such products.
  // The polynomial activation grows like z², hence the larger exponent.
  const double N = std::sqrt(norm2), L = layers();
  const double growth = s_.activation == Activation::poly ? 4 * L : 2 * L;
  double c = 1;
  for (double v : scale_) c = std::max(c, v);
  return L * L * std::pow(c * (1 + N), growth) * (1 + max_x_norm2_) * (2 + max_abs_y_) + s_.weight_decay;
}

double Mlp::loss(std::span<const double> theta) const {
  const Sigma sigma{s_.activation};
  const int n = data_->n;
  Matrix A = MatrixMap(data_->X.data(), n, data_->p);
  for (int k = 1; k <= layers(); ++k) {
    const MatrixMap W(theta.data() + weight_offset(k), fan_out(k), fan_in(k));
    Matrix Z = scale(k) * (A * W.transpose());
    if (s_.bias) Z.rowwise() += Eigen::Map<const Eigen::RowVectorXd>(theta.data() + bias_offset(k), fan_out(k));
    if (k < layers()) Z = Z.unaryExpr([&](double z) { return sigma.f(z); });
    A.swap(Z);
  }
  double data_term = 0, reg = 0;
  for (int i = 0; i < n; ++i) data_term += (A(i, 0) - data_->y[i]) * (A(i, 0) - data_->y[i]);
  for (double t : theta) reg += t * t;
  return data_term / (2.0 * n) + 0.5 * s_.weight_decay * reg;
}

void Mlp::gradient_lanes(const double* theta, double* grad, int lanes) const {
  detail::mlp_gradient_lanes(*this, theta, grad, lanes);
}

// One network, all samples at once: the forward pass and its directional derivative along v,
//   RZ_k = c_k (V_k A_{k−1} + W_k RA_{k−1}) + Rb_k, RA_k = σ′(Z_k) ⊙ RZ_k,
// then backpropagation and its derivative,
//   δ_L = (f − y)/n, Rδ_L = Rf/n,
//   G_{k−1} = c_k W_kᵀ δ_k,  RG_{k−1} = c_k (V_kᵀ δ_k + W_kᵀ Rδ_k),
//   δ_{k−1} = σ′(Z) ⊙ G, Rδ_{k−1} = σ″(Z) ⊙ RZ ⊙ G + σ′(Z) ⊙ RG,
//   R∇W_k = c_k (Rδ_k A_{k−1}ᵀ + δ_k RA_{k−1}ᵀ), R∇b_k = Σ_s Rδ_k, plus λv.
void Mlp::hessian_vector(std::span<const double> theta, std::span<const double> v, std::span<double> out) const {
  const Sigma sigma{s_.activation};
  const int L = layers(), n = data_->n;
  std::vector<Matrix> Z(L + 1), RZ(L + 1), A(L + 1), RA(L + 1);
  A[0] = MatrixMap(data_->X.data(), n, data_->p);
  RA[0] = Matrix::Zero(n, data_->p);
  for (int k = 1; k <= L; ++k) {
    const MatrixMap W(theta.data() + weight_offset(k), fan_out(k), fan_in(k));
    const MatrixMap V(v.data() + weight_offset(k), fan_out(k), fan_in(k));
    Z[k] = scale(k) * (A[k - 1] * W.transpose());
    RZ[k] = scale(k) * (A[k - 1] * V.transpose());
    if (k > 1) RZ[k].noalias() += scale(k) * (RA[k - 1] * W.transpose());
    if (s_.bias) {
      Z[k].rowwise() += Eigen::Map<const Eigen::RowVectorXd>(theta.data() + bias_offset(k), fan_out(k));
      RZ[k].rowwise() += Eigen::Map<const Eigen::RowVectorXd>(v.data() + bias_offset(k), fan_out(k));
    }
    if (k < L) {
      A[k] = Z[k].unaryExpr([&](double z) { return sigma.f(z); });
      RA[k] = Z[k].unaryExpr([&](double z) { return sigma.d1(z); }).cwiseProduct(RZ[k]);
    }
  }
  Matrix delta(n, 1), Rdelta(n, 1);
  for (int i = 0; i < n; ++i) {
    delta(i, 0) = (Z[L](i, 0) - data_->y[i]) / n;
    Rdelta(i, 0) = RZ[L](i, 0) / n;
  }
  for (int k = L; k >= 1; --k) {
    const MatrixMap W(theta.data() + weight_offset(k), fan_out(k), fan_in(k));
    const MatrixMap V(v.data() + weight_offset(k), fan_out(k), fan_in(k));
    Eigen::Map<Matrix> RgW(out.data() + weight_offset(k), fan_out(k), fan_in(k));
    RgW = scale(k) * (Rdelta.transpose() * A[k - 1]);
    if (k > 1) RgW.noalias() += scale(k) * (delta.transpose() * RA[k - 1]);
    if (s_.bias) Eigen::Map<Eigen::RowVectorXd>(out.data() + bias_offset(k), fan_out(k)) = Rdelta.colwise().sum();
    if (k == 1) break;
    const Matrix G = scale(k) * (delta * W);
    const Matrix RG = scale(k) * (delta * V + Rdelta * W);
    const Matrix d1 = Z[k - 1].unaryExpr([&](double z) { return sigma.d1(z); });
    const Matrix d2 = Z[k - 1].unaryExpr([&](double z) { return sigma.d2(z); });
    Rdelta = d2.cwiseProduct(RZ[k - 1]).cwiseProduct(G) + d1.cwiseProduct(RG);
    delta = d1.cwiseProduct(G);
  }
  if (s_.weight_decay != 0)
    for (int e = 0; e < dim_; ++e) out[e] += s_.weight_decay * v[e];
}

}  // namespace gdchaos
