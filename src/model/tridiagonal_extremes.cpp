#include "gdchaos/model/tridiagonal_extremes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <Eigen/Jacobi>

namespace gdchaos {

namespace {

// One Francis implicit QR step on the unreduced block [start, end] (Eigen's tridiagonal_qr_step),
// applying each Givens rotation G to the last row q of the eigenvector matrix: q ← q G.
void qr_step(std::vector<double>& diag, std::vector<double>& sub, int start, int end, std::vector<double>& q) {
  // The Wilkinson shift, written to avoid overflow and underflow as Eigen writes it.
  const double td = (diag[end - 1] - diag[end]) * 0.5;
  const double e = sub[end - 1];
  double mu = diag[end];
  if (td == 0) {
    mu -= std::abs(e);
  } else if (e != 0) {
    const double e2 = e * e;
    const double h = Eigen::numext::hypot(td, e);
    if (e2 == 0)
      mu -= e / ((td + (td > 0 ? h : -h)) / e);
    else
      mu -= e2 / (td + (td > 0 ? h : -h));
  }
  double x = diag[start] - mu;
  double z = sub[start];
  for (int k = start; k < end && z != 0; ++k) {
    Eigen::JacobiRotation<double> rot;
    rot.makeGivens(x, z);
    const double c = rot.c(), s = rot.s();
    // T ← Gᵀ T G
    const double sdk = s * diag[k] + c * sub[k];
    const double dkp1 = s * sub[k] + c * diag[k + 1];
    diag[k] = c * (c * diag[k] - s * sub[k]) - s * (c * sub[k] - s * diag[k + 1]);
    diag[k + 1] = s * sdk + c * dkp1;
    sub[k] = c * sdk - s * dkp1;
    if (k > start) sub[k - 1] = c * sub[k - 1] - s * z;
    // Chasing the bulge.
    x = sub[k];
    if (k < end - 1) {
      z = -s * sub[k + 1];
      sub[k + 1] = c * sub[k + 1];
    }
    // Q ← Q G on columns k, k+1 (Eigen applies Gᵀ's transpose: the rotation (c, −s)).
    const double ns = -s, qk = q[k], qk1 = q[k + 1];
    q[k] = c * qk + ns * qk1;
    q[k + 1] = c * qk1 - ns * qk;
  }
}

}  // namespace

TridiagonalExtremes tridiagonal_extremes(std::span<const double> alpha, std::span<const double> beta) {
  const int n = static_cast<int>(alpha.size());
  if (n < 1 || beta.size() + 1 != alpha.size()) throw std::invalid_argument("tridiagonal_extremes: k ≥ 1 diagonal and k − 1 off-diagonal entries");
  TridiagonalExtremes out;
  if (n == 1) {
    out.smallest = out.largest = alpha[0];
    out.smallest_last = out.largest_last = 1;
    return out;
  }
  // Scaled into [−1, 1] against over- and underflow (by the largest entry of the lower triangle).
  double scale = 0;
  for (double a : alpha) scale = std::max(scale, std::abs(a));
  for (double b : beta) scale = std::max(scale, std::abs(b));
  if (scale == 0) scale = 1;
  std::vector<double> diag(alpha.begin(), alpha.end()), sub(beta.begin(), beta.end()), q(n, 0.0);
  for (auto& a : diag) a /= scale;
  for (auto& b : sub) b /= scale;
  q[n - 1] = 1;  // the last row of the identity

  // Deflation and QR steps as Eigen's computeFromTridiagonal_impl (at most 30 n steps).
  const double zero = std::numeric_limits<double>::min(), precision_inv = 1 / std::numeric_limits<double>::epsilon();
  int end = n - 1, start = 0;
  long iter = 0;
  while (end > 0) {
    for (int i = start; i < end; ++i) {
      if (std::abs(sub[i]) < zero) {
        sub[i] = 0;
      } else {
        const double scaled = precision_inv * sub[i];
        if (scaled * scaled <= std::abs(diag[i]) + std::abs(diag[i + 1])) sub[i] = 0;
      }
    }
    while (end > 0 && sub[end - 1] == 0) --end;
    if (end <= 0) break;
    if (++iter > 30L * n) break;
    start = end - 1;
    while (start > 0 && sub[start - 1] != 0) --start;
    qr_step(diag, sub, start, end, q);
  }
  out.converged = iter <= 30L * n;
  // Eigen's selection sort, for which eigenvector ends up first and last among equal values.
  if (out.converged)
    for (int i = 0; i < n - 1; ++i) {
      const int k = static_cast<int>(std::min_element(diag.begin() + i, diag.end()) - diag.begin());
      if (k > i) std::swap(diag[i], diag[k]), std::swap(q[i], q[k]);
    }
  out.smallest = diag[0] * scale, out.largest = diag[n - 1] * scale;
  out.smallest_last = q[0], out.largest_last = q[n - 1];
  return out;
}

}  // namespace gdchaos
