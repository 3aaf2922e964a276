#include "gdchaos/model/mlp.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"
#include "gdchaos/core/portable_normal.hpp"

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

// σ, σ′ and σ″ at z (σ″ of relu is 0 off the kink, where it is not defined).
struct Sigma {
  Activation a;
  double f(double z) const {
    switch (a) {
      case Activation::relu: return z > 0 ? z : 0;
      case Activation::tanh: return std::tanh(z);
      case Activation::identity: return z;
      default: return z + 0.5 * z * z;
    }
  }
  double d1(double z) const {
    switch (a) {
      case Activation::relu: return z > 0 ? 1 : 0;
      case Activation::tanh: {
        const double t = std::tanh(z);
        return 1 - t * t;
      }
      case Activation::identity: return 1;
      default: return 1 + z;
    }
  }
  double d2(double z) const {
    switch (a) {
      case Activation::tanh: {
        const double t = std::tanh(z);
        return -2 * t * (1 - t * t);
      }
      case Activation::poly: return 1;
      default: return 0;
    }
  }
};

using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixMap = Eigen::Map<const Matrix>;
using Vector = Eigen::VectorXd;

// Samples per block of the batched kernel: the block's activations of 16 networks stay in cache.
constexpr int kSampleBlock = 16;

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
    widest_ = std::max(widest_, fan_out(k));
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

// Backpropagation for LN networks (lanes first_lane … first_lane + LN − 1 of arrays whose
// coordinate e of lane l is at e·stride + l), samples in blocks of kSampleBlock:
//   Z_k = c_k W_k A_{k−1} + b_k, A_k = σ(Z_k), δ_L = (f − y)/n,
//   ∇W_k = c_k Σ_s δ_k A_{k−1}ᵀ, ∇b_k = Σ_s δ_k, δ_{k−1} = σ′(Z_{k−1}) ⊙ c_k W_kᵀ δ_k.
// The block's Z and A of every layer, and two δ buffers, are held per lane in LN-wide rows.
template <int LN>
void Mlp::gradient_block(const double* theta, double* grad, int stride, int first_lane) const {
  const Sigma sigma{s_.activation};
  const int L = layers(), p = data_->p, n = data_->n;
  const std::size_t S = stride;
  auto at = [&](const double* base, int e) { return base + e * S + first_lane; };
  auto at_mut = [&](double* base, int e) { return base + e * S + first_lane; };

  thread_local std::vector<double> buffers;
  // Z_k and A_k for k = 1 … L (A_L unused), each kSampleBlock × fan_out(k) × LN; two δ buffers.
  std::vector<std::size_t> z_at(L + 1), a_at(L + 1);
  std::size_t total = 0;
  for (int k = 1; k <= L; ++k) {
    z_at[k] = total;
    total += static_cast<std::size_t>(kSampleBlock) * fan_out(k) * LN;
    a_at[k] = total;
    total += static_cast<std::size_t>(kSampleBlock) * fan_out(k) * LN;
  }
  const std::size_t d_at = total, d2_at = total + static_cast<std::size_t>(kSampleBlock) * widest_ * LN;
  buffers.resize(d2_at + static_cast<std::size_t>(kSampleBlock) * widest_ * LN);
  double* buf = buffers.data();
  auto Z = [&](int k, int s, int j) { return buf + z_at[k] + (static_cast<std::size_t>(s) * fan_out(k) + j) * LN; };
  auto A = [&](int k, int s, int j) { return buf + a_at[k] + (static_cast<std::size_t>(s) * fan_out(k) + j) * LN; };

  for (int e = 0; e < dim_; ++e) {
    double* g = at_mut(grad, e);
    for (int l = 0; l < LN; ++l) g[l] = 0;
  }

  for (int s0 = 0; s0 < n; s0 += kSampleBlock) {
    const int sb = std::min(kSampleBlock, n - s0);
    const double* X = data_->X.data() + static_cast<std::size_t>(s0) * p;
    // Forward.
    for (int k = 1; k <= L; ++k) {
      const int in = fan_in(k), out = fan_out(k);
      const double c = scale(k);
      const int w0 = weight_offset(k);
      for (int j = 0; j < out; ++j) {
        const double* bias = s_.bias ? at(theta, bias_offset(k) + j) : nullptr;
        int s = 0;
        // Four samples at a time: 4·LN/8 independent accumulator vectors hide the FMA latency.
        for (; s + 3 < sb; s += 4) {
          alignas(64) double acc0[LN] = {}, acc1[LN] = {}, acc2[LN] = {}, acc3[LN] = {};
          if (k == 1) {
            const double* x0 = X + static_cast<std::size_t>(s) * p;
            const double *x1 = x0 + p, *x2 = x1 + p, *x3 = x2 + p;
            for (int i = 0; i < in; ++i) {
              const double* __restrict w = at(theta, w0 + j * in + i);
              const double a0 = x0[i], a1 = x1[i], a2 = x2[i], a3 = x3[i];
#pragma omp simd
              for (int l = 0; l < LN; ++l) acc0[l] += a0 * w[l], acc1[l] += a1 * w[l], acc2[l] += a2 * w[l], acc3[l] += a3 * w[l];
            }
          } else {
            for (int i = 0; i < in; ++i) {
              const double* __restrict w = at(theta, w0 + j * in + i);
              const double* __restrict a0 = A(k - 1, s, i);
              const double* __restrict a1 = A(k - 1, s + 1, i);
              const double* __restrict a2 = A(k - 1, s + 2, i);
              const double* __restrict a3 = A(k - 1, s + 3, i);
#pragma omp simd
              for (int l = 0; l < LN; ++l)
                acc0[l] += a0[l] * w[l], acc1[l] += a1[l] * w[l], acc2[l] += a2[l] * w[l], acc3[l] += a3[l] * w[l];
            }
          }
          double* const z[4] = {Z(k, s, j), Z(k, s + 1, j), Z(k, s + 2, j), Z(k, s + 3, j)};
          for (int l = 0; l < LN; ++l) {
            const double b = bias ? bias[l] : 0.0;
            z[0][l] = c * acc0[l] + b, z[1][l] = c * acc1[l] + b, z[2][l] = c * acc2[l] + b, z[3][l] = c * acc3[l] + b;
          }
        }
        for (; s < sb; ++s) {
          alignas(64) double acc[LN] = {};
          for (int i = 0; i < in; ++i) {
            const double* __restrict w = at(theta, w0 + j * in + i);
            if (k == 1) {
              const double a = X[static_cast<std::size_t>(s) * p + i];
#pragma omp simd
              for (int l = 0; l < LN; ++l) acc[l] += a * w[l];
            } else {
              const double* __restrict a = A(k - 1, s, i);
#pragma omp simd
              for (int l = 0; l < LN; ++l) acc[l] += a[l] * w[l];
            }
          }
          double* z = Z(k, s, j);
          for (int l = 0; l < LN; ++l) z[l] = c * acc[l] + (bias ? bias[l] : 0.0);
        }
      }
      if (k < L) {
        const std::size_t count = static_cast<std::size_t>(sb) * out * LN;
        const double* z = Z(k, 0, 0);
        double* a = A(k, 0, 0);
        for (std::size_t q = 0; q < count; ++q) a[q] = sigma.f(z[q]);
      }
    }
    // Backward: δ_L = (f − y)/n.
    double* delta = buf + d_at;
    double* delta_prev = buf + d2_at;
    const double inv_n = 1.0 / n;
    for (int s = 0; s < sb; ++s) {
      const double y = data_->y[s0 + s];
      const double* f = Z(L, s, 0);
      double* d = delta + static_cast<std::size_t>(s) * LN;
      for (int l = 0; l < LN; ++l) d[l] = (f[l] - y) * inv_n;
    }
    for (int k = L; k >= 1; --k) {
      const int in = fan_in(k), out = fan_out(k);
      const double c = scale(k);
      const int w0 = weight_offset(k);
      auto D = [&](int s, int j) { return delta + (static_cast<std::size_t>(s) * out + j) * LN; };
      // ∇W_k(j, i) += c Σ_s δ_k(s, j) A_{k−1}(s, i), four i at a time.
      for (int j = 0; j < out; ++j) {
        int i = 0;
        for (; i + 3 < in; i += 4) {
          alignas(64) double acc0[LN] = {}, acc1[LN] = {}, acc2[LN] = {}, acc3[LN] = {};
          for (int s = 0; s < sb; ++s) {
            const double* __restrict d = D(s, j);
            if (k == 1) {
              const double* x = X + static_cast<std::size_t>(s) * p + i;
              const double a0 = x[0], a1 = x[1], a2 = x[2], a3 = x[3];
#pragma omp simd
              for (int l = 0; l < LN; ++l) acc0[l] += a0 * d[l], acc1[l] += a1 * d[l], acc2[l] += a2 * d[l], acc3[l] += a3 * d[l];
            } else {
              const double* __restrict a0 = A(k - 1, s, i);
              const double* __restrict a1 = A(k - 1, s, i + 1);
              const double* __restrict a2 = A(k - 1, s, i + 2);
              const double* __restrict a3 = A(k - 1, s, i + 3);
#pragma omp simd
              for (int l = 0; l < LN; ++l)
                acc0[l] += a0[l] * d[l], acc1[l] += a1[l] * d[l], acc2[l] += a2[l] * d[l], acc3[l] += a3[l] * d[l];
            }
          }
          double* g0 = at_mut(grad, w0 + j * in + i);
          double* g1 = at_mut(grad, w0 + j * in + i + 1);
          double* g2 = at_mut(grad, w0 + j * in + i + 2);
          double* g3 = at_mut(grad, w0 + j * in + i + 3);
          for (int l = 0; l < LN; ++l) g0[l] += c * acc0[l], g1[l] += c * acc1[l], g2[l] += c * acc2[l], g3[l] += c * acc3[l];
        }
        for (; i < in; ++i) {
          alignas(64) double acc[LN] = {};
          for (int s = 0; s < sb; ++s) {
            const double* __restrict d = D(s, j);
            if (k == 1) {
              const double a = X[static_cast<std::size_t>(s) * p + i];
              for (int l = 0; l < LN; ++l) acc[l] += a * d[l];
            } else {
              const double* __restrict a = A(k - 1, s, i);
              for (int l = 0; l < LN; ++l) acc[l] += a[l] * d[l];
            }
          }
          double* g = at_mut(grad, w0 + j * in + i);
          for (int l = 0; l < LN; ++l) g[l] += c * acc[l];
        }
        if (s_.bias) {
          double* gb = at_mut(grad, bias_offset(k) + j);
          for (int s = 0; s < sb; ++s) {
            const double* d = D(s, j);
            for (int l = 0; l < LN; ++l) gb[l] += d[l];
          }
        }
      }
      if (k == 1) break;
      // δ_{k−1}(s, i) = σ′(Z_{k−1}(s, i)) · c Σ_j W_k(j, i) δ_k(s, j).
      auto store_delta = [&](int s, int i, const double* acc) {
        const double* z = Z(k - 1, s, i);
        double* out_d = delta_prev + (static_cast<std::size_t>(s) * in + i) * LN;
        for (int l = 0; l < LN; ++l) out_d[l] = c * acc[l] * sigma.d1(z[l]);
      };
      for (int s = 0; s < sb; ++s) {
        int i = 0;
        for (; i + 3 < in; i += 4) {
          alignas(64) double acc0[LN] = {}, acc1[LN] = {}, acc2[LN] = {}, acc3[LN] = {};
          for (int j = 0; j < out; ++j) {
            const double* __restrict w = at(theta, w0 + j * in + i);
            const double* __restrict w1 = at(theta, w0 + j * in + i + 1);
            const double* __restrict w2 = at(theta, w0 + j * in + i + 2);
            const double* __restrict w3 = at(theta, w0 + j * in + i + 3);
            const double* __restrict d = D(s, j);
#pragma omp simd
            for (int l = 0; l < LN; ++l)
              acc0[l] += w[l] * d[l], acc1[l] += w1[l] * d[l], acc2[l] += w2[l] * d[l], acc3[l] += w3[l] * d[l];
          }
          store_delta(s, i, acc0), store_delta(s, i + 1, acc1), store_delta(s, i + 2, acc2), store_delta(s, i + 3, acc3);
        }
        for (; i < in; ++i) {
          alignas(64) double acc[LN] = {};
          for (int j = 0; j < out; ++j) {
            const double* __restrict w = at(theta, w0 + j * in + i);
            const double* __restrict d = D(s, j);
#pragma omp simd
            for (int l = 0; l < LN; ++l) acc[l] += w[l] * d[l];
          }
          store_delta(s, i, acc);
        }
      }
      std::swap(delta, delta_prev);
    }
  }
  if (s_.weight_decay != 0) {
    const double lambda = s_.weight_decay;
    for (int e = 0; e < dim_; ++e) {
      const double* t = at(theta, e);
      double* g = at_mut(grad, e);
      for (int l = 0; l < LN; ++l) g[l] += lambda * t[l];
    }
  }
}

void Mlp::gradient_lanes(const double* theta, double* grad, int lanes) const {
  int l = 0;
  for (; l + 16 <= lanes; l += 16) gradient_block<16>(theta, grad, lanes, l);
  for (; l + 4 <= lanes; l += 4) gradient_block<4>(theta, grad, lanes, l);
  for (; l < lanes; ++l) gradient_block<1>(theta, grad, lanes, l);
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
