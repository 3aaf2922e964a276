// The batched gradient of fully connected networks (Mlp::gradient_lanes), compiled once per SIMD
// target like the engines' kernels (docs/architecture.md, "SIMD targets"): the lane loops
// vectorise for the target, and every multiply-add is fused (std::fma: the instruction on AVX2
// and AVX-512, exact in software on the baseline), so every target computes the same gradient.
#include "model/mlp_gradient.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "gdchaos/data/dataset.hpp"
#include "model/activation.hpp"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/mlp_gradient.cpp"
#include <hwy/foreach_target.h>  // (re-includes this file, once per target)
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace gdchaos::detail::HWY_NAMESPACE {

namespace {

// Samples per block of the batched kernel: the block's activations of 16 networks stay in cache.
constexpr int kSampleBlock = 16;

// Backpropagation for LN networks (lanes first_lane … first_lane + LN − 1 of arrays whose
// coordinate e of lane l is at e·stride + l), samples in blocks of kSampleBlock:
//   Z_k = c_k W_k A_{k−1} + b_k, A_k = σ(Z_k), δ_L = (f − y)/n,
//   ∇W_k = c_k Σ_s δ_k A_{k−1}ᵀ, ∇b_k = Σ_s δ_k, δ_{k−1} = σ′(Z_{k−1}) ⊙ c_k W_kᵀ δ_k.
// The block's Z and A of every layer, and two δ buffers, are held per lane in LN-wide rows.
template <int LN>
void gradient_block(const Mlp& net, const double* theta, double* grad, int stride, int first_lane) {
  const MlpShape& shape = net.shape();
  const Dataset& data = net.data();
  const Sigma sigma{shape.activation};
  const int L = net.layers(), p = data.p, n = data.n, dim = net.dim();
  int widest = 1;
  for (int k = 1; k <= L; ++k) widest = std::max(widest, net.fan_out(k));
  const std::size_t S = stride;
  auto at = [&](const double* base, int e) { return base + e * S + first_lane; };
  auto at_mut = [&](double* base, int e) { return base + e * S + first_lane; };

  thread_local std::vector<double> buffers;
  // Z_k and A_k for k = 1 … L (A_L unused), each kSampleBlock × net.fan_out(k) × LN; two δ buffers.
  std::vector<std::size_t> z_at(L + 1), a_at(L + 1);
  std::size_t total = 0;
  for (int k = 1; k <= L; ++k) {
    z_at[k] = total;
    total += static_cast<std::size_t>(kSampleBlock) * net.fan_out(k) * LN;
    a_at[k] = total;
    total += static_cast<std::size_t>(kSampleBlock) * net.fan_out(k) * LN;
  }
  const std::size_t d_at = total, d2_at = total + static_cast<std::size_t>(kSampleBlock) * widest * LN;
  buffers.resize(d2_at + static_cast<std::size_t>(kSampleBlock) * widest * LN);
  double* buf = buffers.data();
  auto Z = [&](int k, int s, int j) { return buf + z_at[k] + (static_cast<std::size_t>(s) * net.fan_out(k) + j) * LN; };
  auto A = [&](int k, int s, int j) { return buf + a_at[k] + (static_cast<std::size_t>(s) * net.fan_out(k) + j) * LN; };

  for (int e = 0; e < dim; ++e) {
    double* g = at_mut(grad, e);
    for (int l = 0; l < LN; ++l) g[l] = 0;
  }

  for (int s0 = 0; s0 < n; s0 += kSampleBlock) {
    const int sb = std::min(kSampleBlock, n - s0);
    const double* X = data.X.data() + static_cast<std::size_t>(s0) * p;
    // Forward.
    for (int k = 1; k <= L; ++k) {
      const int in = net.fan_in(k), out = net.fan_out(k);
      const double c = net.scale(k);
      const int w0 = net.weight_offset(k);
      for (int j = 0; j < out; ++j) {
        const double* bias = shape.bias ? at(theta, net.bias_offset(k) + j) : nullptr;
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
              for (int l = 0; l < LN; ++l)
                acc0[l] = std::fma(a0, w[l], acc0[l]),
                acc1[l] = std::fma(a1, w[l], acc1[l]),
                acc2[l] = std::fma(a2, w[l], acc2[l]),
                acc3[l] = std::fma(a3, w[l], acc3[l]);
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
                acc0[l] = std::fma(a0[l], w[l], acc0[l]),
                acc1[l] = std::fma(a1[l], w[l], acc1[l]),
                acc2[l] = std::fma(a2[l], w[l], acc2[l]),
                acc3[l] = std::fma(a3[l], w[l], acc3[l]);
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
              for (int l = 0; l < LN; ++l) acc[l] = std::fma(a, w[l], acc[l]);
            } else {
              const double* __restrict a = A(k - 1, s, i);
#pragma omp simd
              for (int l = 0; l < LN; ++l) acc[l] = std::fma(a[l], w[l], acc[l]);
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
      const double y = data.y[s0 + s];
      const double* f = Z(L, s, 0);
      double* d = delta + static_cast<std::size_t>(s) * LN;
      for (int l = 0; l < LN; ++l) d[l] = (f[l] - y) * inv_n;
    }
    for (int k = L; k >= 1; --k) {
      const int in = net.fan_in(k), out = net.fan_out(k);
      const double c = net.scale(k);
      const int w0 = net.weight_offset(k);
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
              for (int l = 0; l < LN; ++l)
                acc0[l] = std::fma(a0, d[l], acc0[l]),
                acc1[l] = std::fma(a1, d[l], acc1[l]),
                acc2[l] = std::fma(a2, d[l], acc2[l]),
                acc3[l] = std::fma(a3, d[l], acc3[l]);
            } else {
              const double* __restrict a0 = A(k - 1, s, i);
              const double* __restrict a1 = A(k - 1, s, i + 1);
              const double* __restrict a2 = A(k - 1, s, i + 2);
              const double* __restrict a3 = A(k - 1, s, i + 3);
#pragma omp simd
              for (int l = 0; l < LN; ++l)
                acc0[l] = std::fma(a0[l], d[l], acc0[l]),
                acc1[l] = std::fma(a1[l], d[l], acc1[l]),
                acc2[l] = std::fma(a2[l], d[l], acc2[l]),
                acc3[l] = std::fma(a3[l], d[l], acc3[l]);
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
              for (int l = 0; l < LN; ++l) acc[l] = std::fma(a, d[l], acc[l]);
            } else {
              const double* __restrict a = A(k - 1, s, i);
              for (int l = 0; l < LN; ++l) acc[l] = std::fma(a[l], d[l], acc[l]);
            }
          }
          double* g = at_mut(grad, w0 + j * in + i);
          for (int l = 0; l < LN; ++l) g[l] += c * acc[l];
        }
        if (shape.bias) {
          double* gb = at_mut(grad, net.bias_offset(k) + j);
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
              acc0[l] = std::fma(w[l], d[l], acc0[l]),
              acc1[l] = std::fma(w1[l], d[l], acc1[l]),
              acc2[l] = std::fma(w2[l], d[l], acc2[l]),
              acc3[l] = std::fma(w3[l], d[l], acc3[l]);
          }
          store_delta(s, i, acc0), store_delta(s, i + 1, acc1), store_delta(s, i + 2, acc2), store_delta(s, i + 3, acc3);
        }
        for (; i < in; ++i) {
          alignas(64) double acc[LN] = {};
          for (int j = 0; j < out; ++j) {
            const double* __restrict w = at(theta, w0 + j * in + i);
            const double* __restrict d = D(s, j);
#pragma omp simd
            for (int l = 0; l < LN; ++l) acc[l] = std::fma(w[l], d[l], acc[l]);
          }
          store_delta(s, i, acc);
        }
      }
      std::swap(delta, delta_prev);
    }
  }
  if (shape.weight_decay != 0) {
    const double lambda = shape.weight_decay;
    for (int e = 0; e < dim; ++e) {
      const double* t = at(theta, e);
      double* g = at_mut(grad, e);
      for (int l = 0; l < LN; ++l) g[l] += lambda * t[l];
    }
  }
}

}  // namespace

void mlp_gradient_lanes(const Mlp& net, const double* theta, double* grad, int lanes) {
  int l = 0;
  for (; l + 16 <= lanes; l += 16) gradient_block<16>(net, theta, grad, lanes, l);
  for (; l + 4 <= lanes; l += 4) gradient_block<4>(net, theta, grad, lanes, l);
  for (; l < lanes; ++l) gradient_block<1>(net, theta, grad, lanes, l);
}

}  // namespace gdchaos::detail::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace gdchaos::detail {

HWY_EXPORT(mlp_gradient_lanes);

void mlp_gradient_lanes(const Mlp& net, const double* theta, double* grad, int lanes) {
  HWY_DYNAMIC_DISPATCH(mlp_gradient_lanes)(net, theta, grad, lanes);
}

}  // namespace gdchaos::detail
#endif  // HWY_ONCE
