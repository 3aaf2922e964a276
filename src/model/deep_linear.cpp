#include "gdchaos/model/deep_linear.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include "gdchaos/core/error.hpp"

namespace gdchaos {

namespace {

// A matrix on `lanes` points at once (structure of arrays): entry (i, j) of point l is
// data[(i·row_stride + j·col_stride)·lanes + l]. Swapping the strides views the transpose.
struct LaneMatrix {
  const double* data;
  int rows, cols, row_stride, col_stride;
  const double* at(int i, int j, int lanes) const {
    return data + static_cast<std::size_t>(i * row_stride + j * col_stride) * lanes;
  }
  LaneMatrix t() const { return {data, cols, rows, col_stride, row_stride}; }
};
LaneMatrix row_major(const double* data, int rows, int cols) { return {data, rows, cols, cols, 1}; }

// C = A·B (C row-major, rows(A) × cols(B)); with `accumulate`, C += A·B. Innermost loop across lanes.
void multiply(const LaneMatrix& A, const LaneMatrix& B, double* C, int lanes, bool accumulate = false) {
  for (int i = 0; i < A.rows; ++i)
    for (int j = 0; j < B.cols; ++j) {
      double* __restrict c = C + static_cast<std::size_t>(i * B.cols + j) * lanes;
      if (!accumulate) std::fill(c, c + lanes, 0.0);
      for (int t = 0; t < A.cols; ++t) {
        const double* __restrict a = A.at(i, t, lanes);
        const double* __restrict b = B.at(t, j, lanes);
#pragma omp simd
        for (int l = 0; l < lanes; ++l) c[l] += a[l] * b[l];
      }
    }
}

}  // namespace

DeepLinear::DeepLinear(DeepLinearShape shape) : s_(std::move(shape)) {
  if (s_.depth < 2 || s_.depth > 64) throw InputError("depth must be in [2, 64]");
  if (s_.d < 1 || s_.m < 1 || s_.n < 1) throw InputError("d, m and n must be at least 1");
  long long total = 0;
  for (int i = 1; i <= s_.depth; ++i) {
    offsets_.push_back(static_cast<int>(std::min<long long>(total, 1 << 30)));
    total += static_cast<long long>(i == s_.depth ? s_.m : s_.d) * (i == 1 ? s_.n : s_.d);
  }
  if (total > 4096)
    throw InputError("the deep linear model has " + std::to_string(total) + " parameters, more than the 4096 gdchaos supports");
  dim_ = static_cast<int>(total);
  for (double y : s_.Y) y_norm_ += y * y;
  y_norm_ = std::sqrt(y_norm_);
}

void DeepLinear::validate() const {
  if (static_cast<int>(s_.Y.size()) != s_.m * s_.n)
    throw InputError("target has " + std::to_string(s_.Y.size()) + " entries but m·n = " + std::to_string(s_.m * s_.n));
  if (!std::all_of(s_.Y.begin(), s_.Y.end(), [](double y) { return std::isfinite(y); }))
    throw InputError("target has a non-finite entry");
  if (!std::isfinite(s_.data_coef) || s_.data_coef <= 0) throw InputError("data coefficient must be a finite number > 0");
  if (!std::isfinite(s_.reg_coef) || s_.reg_coef < 0)
    throw InputError("regularisation coefficient must be a finite number >= 0");
}

double DeepLinear::loss(std::span<const double> theta) const {
  const int k = s_.depth, n = s_.n;
  std::vector<double> P(theta.begin() + offset(1), theta.begin() + offset(1) + rows(1) * n), next;
  for (int i = 2; i <= k; ++i) {
    next.resize(static_cast<std::size_t>(rows(i)) * n);
    multiply(row_major(theta.data() + offset(i), rows(i), cols(i)), row_major(P.data(), cols(i), n), next.data(), 1);
    P.swap(next);
  }
  double data = 0, reg = 0;
  for (int e = 0; e < s_.m * n; ++e) data += (P[e] - s_.Y[e]) * (P[e] - s_.Y[e]);
  for (double t : theta) reg += t * t;
  return s_.data_coef * data + s_.reg_coef * reg;
}

// Backpropagation on all lanes: P_i = W_i ⋯ W_1, G_k = 2a(P_k − Y), ∇W_i = G_i P_{i−1}ᵀ + 2bW_i
// (∇W_1 = G_1 + 2bW_1), G_{i−1} = W_iᵀ G_i.
void DeepLinear::gradient_lanes(const double* theta, double* grad, int lanes) const {
  const int k = s_.depth, n = s_.n;
  const std::size_t L = static_cast<std::size_t>(lanes);
  thread_local std::vector<double> products, g, g_next;
  // products: P_1 … P_{k−1}, P_i of rows(i) × n, one after another; then P_k.
  std::vector<std::size_t> at(k + 1, 0);
  for (int i = 1; i <= k; ++i) at[i] = at[i - 1] + static_cast<std::size_t>(rows(i)) * n * L;
  products.resize(at[k]);
  auto P = [&](int i) { return products.data() + at[i - 1]; };
  std::copy(theta + offset(1) * L, theta + (offset(1) + rows(1) * n) * L, P(1));
  for (int i = 2; i <= k; ++i)
    multiply(row_major(theta + offset(i) * L, rows(i), cols(i)), row_major(P(i - 1), cols(i), n), P(i), lanes);
  const std::size_t widest = static_cast<std::size_t>(std::max(s_.m, s_.d)) * n * L;
  g.resize(widest);
  g_next.resize(widest);
  const double a2 = 2 * s_.data_coef, b2 = 2 * s_.reg_coef;
  for (int e = 0; e < s_.m * n; ++e) {
    const double y = s_.Y[e];
    const double* p = P(k) + e * L;
    double* out = g.data() + e * L;
#pragma omp simd
    for (std::size_t l = 0; l < L; ++l) out[l] = a2 * (p[l] - y);
  }
  for (int i = k; i >= 1; --i) {
    double* gw = grad + offset(i) * L;
    const double* w = theta + offset(i) * L;
    if (i > 1)
      multiply(row_major(g.data(), rows(i), n), row_major(P(i - 1), cols(i), n).t(), gw, lanes);
    else
      std::copy(g.data(), g.data() + rows(1) * n * L, gw);
    const std::size_t count = static_cast<std::size_t>(rows(i)) * cols(i) * L;
#pragma omp simd
    for (std::size_t e = 0; e < count; ++e) gw[e] += b2 * w[e];
    if (i > 1) {
      multiply(row_major(w, rows(i), cols(i)).t(), row_major(g.data(), rows(i), n), g_next.data(), lanes);
      g.swap(g_next);
    }
  }
}

// The directional derivative of gradient_lanes along v (one point): dP_1 = V_1,
// dP_i = V_i P_{i−1} + W_i dP_{i−1}; dG_k = 2a·dP_k; d∇W_i = dG_i P_{i−1}ᵀ + G_i dP_{i−1}ᵀ + 2bV_i;
// dG_{i−1} = V_iᵀ G_i + W_iᵀ dG_i.
void DeepLinear::hessian_vector(std::span<const double> theta, std::span<const double> v, std::span<double> out) const {
  const int k = s_.depth, n = s_.n;
  std::vector<std::vector<double>> P(k + 1), dP(k + 1);
  P[1].assign(theta.begin() + offset(1), theta.begin() + offset(1) + rows(1) * n);
  dP[1].assign(v.begin() + offset(1), v.begin() + offset(1) + rows(1) * n);
  for (int i = 2; i <= k; ++i) {
    const auto W = row_major(theta.data() + offset(i), rows(i), cols(i));
    const auto V = row_major(v.data() + offset(i), rows(i), cols(i));
    P[i].resize(static_cast<std::size_t>(rows(i)) * n);
    dP[i].resize(P[i].size());
    multiply(W, row_major(P[i - 1].data(), cols(i), n), P[i].data(), 1);
    multiply(V, row_major(P[i - 1].data(), cols(i), n), dP[i].data(), 1);
    multiply(W, row_major(dP[i - 1].data(), cols(i), n), dP[i].data(), 1, /*accumulate=*/true);
  }
  const double a2 = 2 * s_.data_coef, b2 = 2 * s_.reg_coef;
  std::vector<double> G(static_cast<std::size_t>(s_.m) * n), dG(G.size());
  for (int e = 0; e < s_.m * n; ++e) G[e] = a2 * (P[k][e] - s_.Y[e]), dG[e] = a2 * dP[k][e];
  for (int i = k; i >= 1; --i) {
    double* o = out.data() + offset(i);
    const int count = rows(i) * cols(i);
    if (i > 1) {
      multiply(row_major(dG.data(), rows(i), n), row_major(P[i - 1].data(), cols(i), n).t(), o, 1);
      multiply(row_major(G.data(), rows(i), n), row_major(dP[i - 1].data(), cols(i), n).t(), o, 1, true);
    } else {
      std::copy(dG.begin(), dG.begin() + count, o);
    }
    for (int e = 0; e < count; ++e) o[e] += b2 * v[offset(i) + e];
    if (i > 1) {
      const auto Wt = row_major(theta.data() + offset(i), rows(i), cols(i)).t();
      const auto Vt = row_major(v.data() + offset(i), rows(i), cols(i)).t();
      std::vector<double> G_next(static_cast<std::size_t>(cols(i)) * n), dG_next(G_next.size());
      multiply(Wt, row_major(G.data(), rows(i), n), G_next.data(), 1);
      multiply(Vt, row_major(G.data(), rows(i), n), dG_next.data(), 1);
      multiply(Wt, row_major(dG.data(), rows(i), n), dG_next.data(), 1, true);
      G.swap(G_next);
      dG.swap(dG_next);
    }
  }
}

double DeepLinear::curvature_bound(double norm2) const {
  // ∇²L = 2a(JᵀJ + ⟨R, D²X⟩) + 2bI, X = W_k⋯W_1, every ‖W_i‖ ≤ ‖θ‖ = √N: ‖JᵀJ‖ ≤ k·N^{k−1};
  // ‖D²X[v, v]‖ ≤ (Σ‖V_i‖)²·N^{(k−2)/2} ≤ k‖v‖²·N^{(k−2)/2}; ‖R‖ ≤ N^{k/2} + ‖Y‖_F.
  const double k = s_.depth, N = norm2;
  return 2 * s_.data_coef * (k * std::pow(N, k - 1) + k * std::pow(N, (k - 2) / 2) * (std::pow(N, k / 2) + y_norm_)) +
         2 * s_.reg_coef;
}

double deep_linear_direction_min(double sigma, double a, double b, int k) {
  sigma = std::abs(sigma);
  if (sigma == 0) return 0;
  if (b == 0) return 0;  // t = σ^{1/k}
  // h(t) = a(t^k − σ)² + bkt²; for t > 0, h′(t) = 2kt·φ(t) with φ(t) = a·t^{k−2}(t^k − σ) + b.
  // φ(σ^{1/k}) = b > 0 and t^{k−2}(t^k − σ) decreases, then increases, with its minimum at
  // t* = ((k − 2)σ/(2k − 2))^{1/k}: h has an interior minimum iff φ(t*) < 0, at the root of φ in
  // (t*, σ^{1/k}), where φ increases. Otherwise the minimum is h(0) = aσ².
  const double top = std::pow(sigma, 1.0 / k);
  const double t_star = std::pow((k - 2) * sigma / (2.0 * k - 2), 1.0 / k);
  auto phi = [&](double t) { return a * std::pow(t, k - 2) * (std::pow(t, k) - sigma) + b; };
  auto h = [&](double t) {
    const double r = std::pow(t, k) - sigma;
    return a * r * r + b * k * t * t;
  };
  const double at_zero = a * sigma * sigma;
  if (!(phi(t_star) < 0)) return at_zero;
  double lo = t_star, hi = top;
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    (phi(mid) < 0 ? lo : hi) = mid;
  }
  return std::min(at_zero, std::min(h(lo), h(hi)));
}

std::optional<double> DeepLinear::global_min_loss() const {
  Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> Y(s_.Y.data(), s_.m, s_.n);
  const Eigen::VectorXd sv = Eigen::JacobiSVD<Eigen::MatrixXd>(Y).singularValues();  // descending
  const int rank = std::min({s_.d, s_.m, s_.n});
  double total = 0;
  for (int j = 0; j < sv.size(); ++j)
    total += j < rank ? deep_linear_direction_min(sv[j], s_.data_coef, s_.reg_coef, s_.depth)
                      : s_.data_coef * sv[j] * sv[j];
  return total;
}

std::vector<ModelField> DeepLinear::fields() const {
  return {{"imbalance", "‖W_k‖²_F − ‖W_1‖²_F at the limit (conserved by gradient flow when λ = 0)"}};
}

void DeepLinear::field_values(std::span<const double> limit, std::span<double> values) const {
  double first = 0, last = 0;
  for (int e = 0; e < rows(1) * cols(1); ++e) first += limit[offset(1) + e] * limit[offset(1) + e];
  const int k = s_.depth;
  for (int e = 0; e < rows(k) * cols(k); ++e) last += limit[offset(k) + e] * limit[offset(k) + e];
  values[0] = last - first;
}

nlohmann::json DeepLinear::describe() const {
  return {{"family", family()},
          {"depth", s_.depth},
          {"d", s_.d},
          {"m", s_.m},
          {"n", s_.n},
          {"Y", s_.Y},
          {"data_coef", s_.data_coef},
          {"reg_coef", s_.reg_coef},
          {"lambda_equivalent", s_.reg_coef / s_.data_coef},
          {"loss", "data_coef·‖W_k⋯W_1 − Y‖²_F + reg_coef·Σ_i ‖W_i‖²_F"},
          {"parameter_order", "vec(W_1) (d×n), vec(W_2) … vec(W_{k−1}) (d×d), vec(W_k) (m×d), each row-major"},
          {"global_min_loss", *global_min_loss()}};
}

}  // namespace gdchaos
