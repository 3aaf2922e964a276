#include "gdchaos/model/factorization.hpp"

#include <nlohmann/json.hpp>

namespace gdchaos {

void Factorization::gradient_lanes(const double* theta, double* grad, int lanes) const {
  const int n = dim();
  std::vector<double> point(n), g(n);
  for (int l = 0; l < lanes; ++l) {
    for (int e = 0; e < n; ++e) point[e] = theta[static_cast<std::size_t>(e) * lanes + l];
    gdchaos::gradient(p_, point, g);
    for (int e = 0; e < n; ++e) grad[static_cast<std::size_t>(e) * lanes + l] = g[e];
  }
}

void Factorization::validate() const {
  Problem loss_only = p_;  // η and β are the optimizer's, validated there
  loss_only.eta = 1;
  loss_only.momentum = 0;
  loss_only.validate();
}

nlohmann::json Factorization::describe() const {
  const auto& p = p_;
  return {{"family", family()},
          {"d", p.d},
          {"m", p.m},
          {"n", p.n},
          {"Y", p.Y},
          {"data_coef", p.data_coef},
          {"reg_coef", p.reg_coef},
          {"lambda_equivalent", p.lambda_equivalent()},
          {"loss", "data_coef·‖UᵀV − Y‖²_F + reg_coef·(‖U‖²_F + ‖V‖²_F)"},
          {"parameter_order", "vec(U) row-major (U is d×m), then vec(V) row-major (V is d×n)"},
          {"global_min_loss", gdchaos::global_min_loss(p)},
          {"target_rank", gdchaos::target_rank(p)}};
}

void Factorization::hessian_vector(std::span<const double> theta, std::span<const double> v,
                                   std::span<double> out) const {
  const int n = dim();
  const auto H = gdchaos::hessian(p_, theta);
  for (int r = 0; r < n; ++r) {
    double s = 0;
    for (int c = 0; c < n; ++c) s += H[static_cast<std::size_t>(r) * n + c] * v[c];
    out[r] = s;
  }
}

std::vector<ModelField> Factorization::fields() const {
  return {{"imbalance", "‖U‖²_F − ‖V‖²_F at the limit (conserved by gradient flow when λ = 0)"}};
}

void Factorization::field_values(std::span<const double> limit, std::span<double> values) const {
  const int dm = p_.d * p_.m;
  double nu = 0, nv = 0;
  for (int e = 0; e < dim(); ++e) (e < dm ? nu : nv) += limit[e] * limit[e];
  values[0] = nu - nv;
}

}  // namespace gdchaos
