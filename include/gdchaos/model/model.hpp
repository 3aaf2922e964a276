#pragma once
// The seam between a loss and everything that runs gradient descent on it.
//
// A model family is a loss L(θ), θ ∈ ℝ^dim. To plug a new family into every engine-independent
// part of gdchaos (the generic engine, the recipe, the output contract), implement
//   dim, loss, gradient_lanes, curvature_bound, validate, describe
// and, where the family knows more, override the defaults: hessian_vector (default: a central
// difference of the gradient), hessian (default: from hessian_vector), global_min_loss (default:
// unknown) and fields (default: none beyond loss, ‖θ*‖² and sharpness). docs/architecture.md walks
// through the deep linear family as the worked example.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace gdchaos {

/// A per-pixel number a family records at each limit θ* beyond loss, ‖θ*‖² and sharpness
/// (e.g. the factorization's imbalance ‖U‖² − ‖V‖²); written to NAME.npy, and it can colour a map.
struct ModelField {
  std::string name;
  std::string description;
};

class Model {
 public:
  virtual ~Model() = default;

  /// The family's name as recipes and meta.json spell it ("factorization", "deep_linear").
  virtual std::string family() const = 0;
  virtual int dim() const = 0;
  virtual double loss(std::span<const double> theta) const = 0;
  /// ∇L at `lanes` points stored as a structure of arrays: coordinate e of point l is
  /// theta[e·lanes + l], and likewise grad. Batched so that an engine's inner loop runs across
  /// pixels (and vectorises) whatever the family's shapes are.
  virtual void gradient_lanes(const double* theta, double* grad, int lanes) const = 0;
  /// An upper bound on ‖∇²L(θ)‖ over the ball ‖θ‖² ≤ norm2; it decides which step sizes are too
  /// small for double precision (docs/decisions.md, "Step sizes too small to resolve").
  virtual double curvature_bound(double norm2) const = 0;
  /// Throws InputError when the family's parameters are ill-posed.
  virtual void validate() const = 0;
  /// meta.json's "problem": the family, its parameters, the loss and the parameter order.
  virtual nlohmann::json describe() const = 0;

  /// ∇L at one point.
  void gradient(std::span<const double> theta, std::span<double> grad) const;
  /// ∇²L(θ)·v. Default: a central difference of the gradient (relative accuracy about ε^{2/3}).
  virtual void hessian_vector(std::span<const double> theta, std::span<const double> v, std::span<double> out) const;
  /// ∇²L(θ), dim × dim, row-major. Default: hessian_vector on the unit vectors, symmetrised.
  virtual std::vector<double> hessian(std::span<const double> theta) const;
  /// min L over all θ, where known in closed form. With it, a limit at that loss is a global
  /// minimizer (status 1) and any other limit another critical point (status 2); without it every
  /// certified limit (GD contracts there, so it is a local minimum) has status 1.
  virtual std::optional<double> global_min_loss() const { return std::nullopt; }
  /// The family's own per-pixel fields and their values at a limit (`values` has fields().size()).
  virtual std::vector<ModelField> fields() const { return {}; }
  virtual void field_values(std::span<const double> /*limit*/, std::span<double> /*values*/) const {}
};

}  // namespace gdchaos
