#include "gdchaos/model/problem.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include <Eigen/Dense>

#include "gdchaos/core/error.hpp"
#include "gdchaos/model/factorization.hpp"
#include "gdchaos/model/spectrum.hpp"

namespace gdchaos {

namespace {
// R_ij = (UᵀV − Y)_ij from θ = (vec U, vec V), U d×m and V d×n row-major.
double residual_entry(const Problem& p, std::span<const double> theta, int i, int j) {
  const double* U = theta.data();
  const double* V = theta.data() + p.d * p.m;
  double s = -p.Y[i * p.n + j];
  for (int k = 0; k < p.d; ++k) s += U[k * p.m + i] * V[k * p.n + j];
  return s;
}

// R = UᵀV − Y (m×n, row-major).
std::vector<double> residual(const Problem& p, std::span<const double> theta) {
  std::vector<double> R(p.m * p.n);
  for (int i = 0; i < p.m; ++i)
    for (int j = 0; j < p.n; ++j) R[i * p.n + j] = residual_entry(p, theta, i, j);
  return R;
}
}  // namespace

void Problem::validate() const {
  auto finite = [](double x) { return std::isfinite(x); };
  if (d < 1 || m < 1 || n < 1) throw InputError("d, m and n must be at least 1");
  if (static_cast<long long>(d) * (m + n) > 4096)
    throw InputError("d·(m + n) = " + std::to_string(static_cast<long long>(d) * (m + n)) +
                     " parameters is more than the 4096 gdchaos supports");
  if (static_cast<int>(Y.size()) != m * n)
    throw InputError("target has " + std::to_string(Y.size()) + " entries but m·n = " + std::to_string(m * n));
  if (!std::all_of(Y.begin(), Y.end(), finite)) throw InputError("target has a non-finite entry");
  if (!finite(eta) || eta <= 0) throw InputError("eta must be a finite number > 0");
  if (!finite(data_coef) || data_coef <= 0) throw InputError("data coefficient must be a finite number > 0");
  if (!finite(reg_coef) || reg_coef < 0) throw InputError("regularisation coefficient must be a finite number >= 0");
  if (!finite(momentum) || momentum < 0 || momentum >= 1) throw InputError("momentum must be in [0, 1)");
}

double curvature_bound(const Problem& p, double norm2) {
  double y2 = 0;
  for (double y : p.Y) y2 += y * y;
  return 2 * p.data_coef * (1.5 * norm2 + std::sqrt(y2)) + 2 * p.reg_coef;
}

void check_step_size(const Problem& p, double max_norm2) {
  check_step_size(Factorization(p), optimizer_of(p), max_norm2);
}

double loss(const Problem& p, std::span<const double> theta) {
  const auto R = residual(p, theta);
  double data = 0, reg = 0;
  for (double r : R) data += r * r;
  for (double t : theta) reg += t * t;
  return p.data_coef * data + p.reg_coef * reg;
}

void gradient(const Problem& p, std::span<const double> theta, std::span<double> grad) {
  // ∇_U = 2a V Rᵀ + 2b U,  ∇_V = 2a U R + 2b V.
  const auto R = residual(p, theta);
  const double* U = theta.data();
  const double* V = theta.data() + p.d * p.m;
  double* gU = grad.data();
  double* gV = grad.data() + p.d * p.m;
  const double a2 = 2 * p.data_coef, b2 = 2 * p.reg_coef;
  for (int k = 0; k < p.d; ++k) {
    for (int i = 0; i < p.m; ++i) {
      double s = 0;
      for (int j = 0; j < p.n; ++j) s += V[k * p.n + j] * R[i * p.n + j];
      gU[k * p.m + i] = a2 * s + b2 * U[k * p.m + i];
    }
    for (int j = 0; j < p.n; ++j) {
      double s = 0;
      for (int i = 0; i < p.m; ++i) s += U[k * p.m + i] * R[i * p.n + j];
      gV[k * p.n + j] = a2 * s + b2 * V[k * p.n + j];
    }
  }
}

std::vector<double> hessian(const Problem& p, std::span<const double> theta) {
  const int N = p.dim(), dm = p.d * p.m;
  const auto R = residual(p, theta);
  const double* U = theta.data();
  const double* V = theta.data() + dm;
  const double a2 = 2 * p.data_coef, b2 = 2 * p.reg_coef;
  std::vector<double> H(static_cast<std::size_t>(N) * N, 0.0);
  auto at = [&](int r, int c) -> double& { return H[static_cast<std::size_t>(r) * N + c]; };
  auto iu = [&](int k, int i) { return k * p.m + i; };
  auto iv = [&](int k, int j) { return dm + k * p.n + j; };
  for (int k = 0; k < p.d; ++k)
    for (int l = 0; l < p.d; ++l) {
      double vv = 0, uu = 0;
      for (int j = 0; j < p.n; ++j) vv += V[k * p.n + j] * V[l * p.n + j];
      for (int i = 0; i < p.m; ++i) uu += U[k * p.m + i] * U[l * p.m + i];
      for (int i = 0; i < p.m; ++i) at(iu(k, i), iu(l, i)) += a2 * vv;  // 2a δ_ip (VVᵀ)_kl
      for (int j = 0; j < p.n; ++j) at(iv(k, j), iv(l, j)) += a2 * uu;  // 2a δ_jq (UUᵀ)_kl
      for (int i = 0; i < p.m; ++i)
        for (int q = 0; q < p.n; ++q) {
          // ∂²L/∂U_ki∂V_lq = 2a(δ_kl R_iq + V_kq U_li)
          double h = a2 * ((k == l ? R[i * p.n + q] : 0.0) + V[k * p.n + q] * U[l * p.m + i]);
          at(iu(k, i), iv(l, q)) += h;
          at(iv(l, q), iu(k, i)) += h;
        }
    }
  for (int r = 0; r < N; ++r) at(r, r) += b2;
  return H;
}

std::vector<double> hessian_eigenvalues(const Problem& p, std::span<const double> theta) {
  return symmetric_eigenvalues(hessian(p, theta), p.dim());
}

std::vector<double> hessian_eigenvalues(const Problem& p, std::span<const double> theta,
                                        std::span<const std::uint8_t> keep) {
  return symmetric_eigenvalues(hessian(p, theta), p.dim(), keep);
}

namespace {

// Eigenvalues (ascending) of the symmetric cols×cols Gram matrix AᵀA of the d×cols row-major A;
// fixed-size Eigen types for the small sizes (no heap, unrolled), dynamic otherwise.
template <int K>
void gram_eigenvalues_fixed(const double* A, int d, std::span<double> out) {
  Eigen::Matrix<double, K, K> G = Eigen::Matrix<double, K, K>::Zero();
  for (int k = 0; k < d; ++k)
    for (int i = 0; i < K; ++i)
      for (int j = 0; j <= i; ++j) G(i, j) += A[k * K + i] * A[k * K + j];
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix<double, K, K>> solver(G, Eigen::EigenvaluesOnly);
  for (int i = 0; i < K; ++i) out[i] = solver.eigenvalues()[i];
}

void gram_eigenvalues_of(const double* A, int d, int cols, std::span<double> out) {
  switch (cols) {
    case 1: {
      double s = 0;
      for (int k = 0; k < d; ++k) s += A[k] * A[k];
      out[0] = s;
      return;
    }
    case 2: return gram_eigenvalues_fixed<2>(A, d, out);
    case 3: return gram_eigenvalues_fixed<3>(A, d, out);
    case 4: return gram_eigenvalues_fixed<4>(A, d, out);
    default: break;
  }
  Eigen::MatrixXd G = Eigen::MatrixXd::Zero(cols, cols);
  for (int k = 0; k < d; ++k)
    for (int i = 0; i < cols; ++i)
      for (int j = 0; j <= i; ++j) G(i, j) += A[k * cols + i] * A[k * cols + j];
  const Eigen::VectorXd e = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(G, Eigen::EigenvaluesOnly).eigenvalues();
  for (int i = 0; i < cols; ++i) out[i] = e[i];
}

}  // namespace

void gram_eigenvalues(const Problem& p, std::span<const double> theta, std::span<double> alpha,
                      std::span<double> beta, double& perturbation) {
  const double* U = theta.data();
  const double* V = theta.data() + p.d * p.m;
  double r2 = 0;  // ‖R‖²_F, without allocating R
  for (int i = 0; i < p.m; ++i)
    for (int j = 0; j < p.n; ++j) {
      const double r = residual_entry(p, theta, i, j);
      r2 += r * r;
    }
  perturbation = 2 * p.data_coef * std::sqrt(r2);
  gram_eigenvalues_of(U, p.d, p.m, alpha);  // UᵀU (m×m); U is d×m, V is d×n, row-major in θ
  gram_eigenvalues_of(V, p.d, p.n, beta);   // VᵀV (n×n)
}

std::vector<double> gauss_newton_spectrum(const Problem& p, std::span<const double> theta, double& perturbation) {
  if (p.reg_coef != 0) return {};
  std::vector<double> alpha(p.m), beta(p.n);
  gram_eigenvalues(p, theta, alpha, beta, perturbation);
  std::vector<double> h(static_cast<std::size_t>(p.dim() - p.m * p.n), 0.0);
  for (int i = 0; i < p.m; ++i)
    for (int j = 0; j < p.n; ++j) h.push_back(2 * p.data_coef * (alpha[i] + beta[j]));
  std::sort(h.begin(), h.end());
  return h;
}

void gd_step(const Problem& p, std::span<double> theta) {
  std::vector<double> g(theta.size());
  gradient(p, theta, g);
  for (std::size_t i = 0; i < theta.size(); ++i) theta[i] -= p.eta * g[i];
}

namespace {

// Y's singular values, largest first.
Eigen::VectorXd target_singular_values(const Problem& p) {
  Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> Y(p.Y.data(), p.m, p.n);
  return Eigen::JacobiSVD<Eigen::MatrixXd>(Y).singularValues();
}

}  // namespace

double global_min_loss(const Problem& p) {
  const Eigen::VectorXd sigma = target_singular_values(p);
  // min over Z of a‖Z − Y‖² + 2b‖Z‖_* with rank Z ≤ d (since min ‖U‖² + ‖V‖² over UᵀV = Z is 2‖Z‖_*):
  // soft-threshold the d largest singular values at b/a; the others remain in the residual.
  const double a = p.data_coef, b = p.reg_coef;
  double total = 0;
  for (int i = 0; i < sigma.size(); ++i) {
    const double s = sigma[i];
    total += (i < p.d && s > b / a) ? 2 * b * s - b * b / a : a * s * s;
  }
  return total;
}

int target_rank(const Problem& p) {
  const Eigen::VectorXd sigma = target_singular_values(p);
  if (sigma.size() == 0 || sigma[0] == 0) return 0;
  const double cut = std::max(p.m, p.n) * std::numeric_limits<double>::epsilon() * sigma[0];
  return static_cast<int>((sigma.array() > cut).count());
}

std::string rank_note(const Problem& p) {
  const int r = target_rank(p);
  if (p.d >= r) return "";
  const std::string fitted = p.d == 1 ? "the largest singular value" : "the " + std::to_string(p.d) + " largest singular values";
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "d = %d < rank Y = %d: UᵀV has rank at most %d, so GD fits only %s of Y and the global "
                "minimum is L* = %.6g (`d` %d fits all of Y)",
                p.d, r, p.d, fitted.c_str(), global_min_loss(p), r);
  return buf;
}

}  // namespace gdchaos
