#include "gdchaos/analysis/orbit.hpp"

#include <cmath>
#include <string>

#include "gdchaos/core/control.hpp"
#include "gdchaos/core/error.hpp"
#include "gdchaos/model/spectrum.hpp"

namespace gdchaos {

namespace {

// Steps between two looks at the stop token: cheap next to a step, often enough to stop at once.
constexpr std::int64_t kStopCheckInterval = 4096;

double norm2(std::span<const double> theta) {
  double s = 0;
  for (double x : theta) s += x * x;
  return s;
}

}  // namespace

Orbit follow_orbit(const Model& model, const Optimizer& optimizer, std::span<const double> theta0, std::int64_t steps,
                   double escape, bool with_sharpness, const std::stop_token& stop) {
  optimizer.validate();
  const int dim = model.dim();
  if (static_cast<int>(theta0.size()) != dim)
    throw InputError("the start has " + std::to_string(theta0.size()) + " numbers, the problem has " + std::to_string(dim) +
                     " parameters");
  for (double x : theta0)
    if (!std::isfinite(x)) throw InputError("the start holds a non-finite number");
  if (steps < 0) throw InputError("`steps` must be >= 0");
  if (!(escape > 0)) throw InputError("`escape` must be > 0");

  Orbit orbit;
  orbit.dim = dim;
  std::vector<double> theta(theta0.begin(), theta0.end()), prev = theta, grad(dim);
  auto record = [&] {
    orbit.theta.insert(orbit.theta.end(), theta.begin(), theta.end());
    orbit.loss.push_back(model.loss(theta));
    if (with_sharpness) orbit.sharpness.push_back(symmetric_eigenvalues(model.hessian(theta), dim).back());
  };
  record();
  for (std::int64_t t = 0; t < steps; ++t) {
    if (t % kStopCheckInterval == 0) throw_if_cancelled(stop);
    model.gradient(theta, grad);
    for (int e = 0; e < dim; ++e) {
      const double next = theta[e] - optimizer.eta * grad[e] + optimizer.momentum * (theta[e] - prev[e]);
      prev[e] = theta[e];
      theta[e] = next;
    }
    const double n2 = norm2(theta);
    if (!(n2 <= escape)) {  // NaN too: the orbit has left every scale the model describes
      orbit.escaped = true;
      break;
    }
    record();
    ++orbit.steps;
  }
  return orbit;
}

}  // namespace gdchaos
