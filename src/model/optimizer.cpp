#include "gdchaos/model/optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gdchaos/core/error.hpp"
#include "gdchaos/model/model.hpp"
#include "gdchaos/model/problem.hpp"

namespace gdchaos {

void Optimizer::validate() const {
  if (!std::isfinite(eta) || eta <= 0) throw InputError("eta must be a finite number > 0");
  if (!std::isfinite(momentum) || momentum < 0 || momentum >= 1) throw InputError("momentum must be in [0, 1)");
}

void check_step_size(const Model& model, const Optimizer& optimizer, double max_norm2) {
  const double h = model.curvature_bound(std::max(1.0, max_norm2));
  const double smallest = kSmallestRelativeStep * (1 - optimizer.momentum) / h;
  if (!(optimizer.eta >= smallest)) {
    char msg[320];
    std::snprintf(msg, sizeof msg,
                  "eta %.3g is too small for double precision: one step would move θ by less than 2^-46 of its "
                  "size (the Hessian is at most %.3g over the starts), so GD cannot get anywhere; the smallest eta "
                  "here is %.3g",
                  optimizer.eta, h, smallest);
    throw InputError(msg);
  }
}

}  // namespace gdchaos
