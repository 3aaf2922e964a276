#pragma once
// The factorization family as a Model: L(U, V) = a‖UᵀV − Y‖²_F + b(‖U‖²_F + ‖V‖²_F) (problem.hpp).
// The exact and dense engines are its fast paths; the generic engine runs it through this interface.
#include "gdchaos/model/model.hpp"
#include "gdchaos/model/optimizer.hpp"
#include "gdchaos/model/problem.hpp"

namespace gdchaos {

class Factorization final : public Model {
 public:
  /// The loss of `problem`; its η and β belong to the optimizer and are not read here.
  explicit Factorization(Problem problem) : p_(std::move(problem)) {}

  std::string family() const override { return "factorization"; }
  int dim() const override { return p_.dim(); }
  double loss(std::span<const double> theta) const override { return gdchaos::loss(p_, theta); }
  void gradient_lanes(const double* theta, double* grad, int lanes) const override;
  double curvature_bound(double norm2) const override { return gdchaos::curvature_bound(p_, norm2); }
  void validate() const override;
  nlohmann::json describe() const override;
  void hessian_vector(std::span<const double> theta, std::span<const double> v, std::span<double> out) const override;
  std::vector<double> hessian(std::span<const double> theta) const override { return gdchaos::hessian(p_, theta); }
  std::optional<double> global_min_loss() const override { return gdchaos::global_min_loss(p_); }
  /// imbalance = ‖U‖²_F − ‖V‖²_F (conserved by gradient flow with λ = 0).
  std::vector<ModelField> fields() const override;
  void field_values(std::span<const double> limit, std::span<double> values) const override;

  const Problem& problem() const { return p_; }

 private:
  Problem p_;
};

/// The optimizer part of a Problem, and a Problem with another optimizer.
inline Optimizer optimizer_of(const Problem& p) { return {p.eta, p.momentum}; }
inline Problem with_optimizer(Problem p, const Optimizer& o) {
  p.eta = o.eta;
  p.momentum = o.momentum;
  return p;
}

}  // namespace gdchaos
